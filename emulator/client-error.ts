// How an error reaches the client: MySQL mode sends it as defined; an Oracle-mode tenant sends a code with
// its own Oracle error as ORA-NNNNN and every other OceanBase code as ORA-00600 with the OB code in the
// arguments (ob_errpkt_errno, §2.10, §0.1); from 4.3.5 the prefix is OBE-. With enable_rich_error_msg the
// server appends "\n[ip:port] [timestamp] [trace_id]" (§2.10).

import { ObError } from "./errors";
import { formatUsec } from "./timefmt";

export interface ClientError {
  errno: number;
  sqlState: string;
  message: string;
}

export interface Presentation {
  oracle: boolean;
  /** "ORA" up to 4.3.4, "OBE" from 4.3.5 */
  oraclePrefix: "ORA" | "OBE";
  /** set when rich error messages are on */
  rich: RichErrorContext | null;
}

export interface RichErrorContext {
  /** the server's ip:port */
  address: string;
  nowUs: number;
  tzOffsetMinutes: number;
  traceId: string;
}

const ORA_INTERNAL = 600;

export function presentError(e: ObError, p: Presentation): ClientError {
  let out: ClientError = { errno: e.errno, sqlState: e.sqlState, message: e.message };
  if (p.oracle) {
    if (e.oracle) {
      const text = e.oracleMessage ?? e.oracle.message ?? e.message;
      out = { errno: e.oracle.errno, sqlState: e.oracle.sqlState, message: `${p.oraclePrefix}-${pad5(e.oracle.errno)}: ${text}` };
    } else {
      out = {
        errno: ORA_INTERNAL,
        sqlState: "HY000",
        message: `${p.oraclePrefix}-${pad5(ORA_INTERNAL)}: internal error code, arguments: ${e.obCode}, ${e.message}`,
      };
    }
  }
  if (p.rich) out.message += richSuffix(p.rich);
  return out;
}

export function richSuffix(r: RichErrorContext): string {
  return `\n[${r.address}] [${formatUsec(r.nowUs, r.tzOffsetMinutes)}] [${r.traceId}]`;
}

let traceSeq = 0;

/**
 * A trace id in OceanBase's shape, Y<ip hex><port hex>-<16 hex digits>-0-0: the observer's address, then a
 * sequence that differs for every statement.
 */
export function newTraceId(host: string, port: number, nowUs: number): string {
  const ipHex = host
    .split(".")
    .map((o) => (Number(o) & 0xff).toString(16).toUpperCase().padStart(2, "0"))
    .join("");
  const seq = (BigInt(Math.floor(nowUs)) * 1024n + BigInt(traceSeq++ % 1024)).toString(16).toUpperCase().padStart(16, "0");
  return `Y${ipHex}${port.toString(16).toUpperCase()}-${seq}-0-0`;
}

const pad5 = (n: number) => String(n).padStart(5, "0");
