// The commands mysql2's server side does not implement, answered the way a MySQL server (and OceanBase) does:
// the prepared-statement family, COM_RESET_CONNECTION and COM_CHANGE_USER. server.ts hands each such packet
// here instead of to mysql2, which would otherwise leave the client waiting for a reply forever.

import type { Session } from "./cluster";
import { ObError, OB } from "./errors";
import { LexError } from "./lexer";
import { addLongData, bindParameters, decodeExecute, ProtocolError, statementIdOf, StatementTable } from "./prepared";
import { columnDefinition, errPacket, PARAM_COLUMN, PayloadWriter, RawPacket } from "./wire";

export const COM = {
  QUERY: 0x03,
  CHANGE_USER: 0x11,
  STMT_PREPARE: 0x16,
  STMT_EXECUTE: 0x17,
  STMT_SEND_LONG_DATA: 0x18,
  STMT_CLOSE: 0x19,
  STMT_RESET: 0x1a,
  RESET_CONNECTION: 0x1f,
} as const;

const HANDLED = new Set<number>([
  COM.CHANGE_USER,
  COM.STMT_PREPARE,
  COM.STMT_EXECUTE,
  COM.STMT_SEND_LONG_DATA,
  COM.STMT_CLOSE,
  COM.STMT_RESET,
  COM.RESET_CONNECTION,
]);

export function handledHere(code: number): boolean {
  return HANDLED.has(code);
}

/** One client connection's protocol state beyond mysql2's. */
export interface ConnState {
  session: Session | null;
  /** whether the login went through the TLS upgrade */
  secure: boolean;
  /** the greeting's auth-plugin data: COM_CHANGE_USER's token is computed against it */
  scramble: Buffer;
  statements: StatementTable;
}

/** What the handlers need from the server. */
export interface CommandHost {
  writePacket(p: RawPacket): void;
  /** the error as this session's client sees it (Oracle-mode codes and prefix, the rich-message suffix) */
  present(s: Session, e: ObError): ObError;
  writeOk(): void;
  /** runs `sql` for the session as a statement of its own (logged, faults applied) and replies, text or binary */
  run(session: Session, sql: string, binary: boolean): void;
  /** checks a login (user string, auth token against `scramble`, database) as at connect time */
  authenticate(user: string, database: string, scramble: Buffer, token: Buffer, secure: boolean): Session | ObError;
  /** a login with the same account, its session state back to a fresh connection's */
  resetSession(s: Session): Session;
  /** the connection's capability flags as the client sent them */
  clientFlags(): number;
  /** closes the connection once what was written has been sent */
  end(): void;
}

const CLIENT_SECURE_CONNECTION = 0x8000;

export function handleCommand(host: CommandHost, state: ConnState, code: number, body: Buffer): void {
  const s = state.session;
  if (!s) return;
  const fail = (e: ObError) => {
    const err = host.present(s, e);
    host.writePacket(errPacket(err.errno, err.sqlState, err.message));
  };
  try {
    switch (code) {
      case COM.STMT_PREPARE: {
        const sql = body.toString("utf8");
        const st = state.statements.prepare(sql, s.oracle);
        if (!(st instanceof LexError)) {
          // PREPARE_OK: status, id, column count, parameter count, filler, warnings. The column count is 0:
          // the emulator learns a result's shape only by running it, and clients take EXECUTE's definitions.
          host.writePacket(new PayloadWriter().int1(0).int4(st.id).int2(0).int2(st.placeholders.length).int1(0).int2(0).packet());
          if (st.placeholders.length > 0) {
            for (let i = 0; i < st.placeholders.length; i++) host.writePacket(columnDefinition("?", PARAM_COLUMN, ""));
            host.writePacket(eof());
          }
          return;
        }
        fail(new ObError(OB.ERR_PARSE_SQL, `You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '${sql.slice(st.offset, st.offset + 80)}' at line 1`));
        return;
      }
      case COM.STMT_EXECUTE: {
        const st = state.statements.get(statementIdOf(body));
        if (!st) {
          fail(unknownStatement(statementIdOf(body)));
          return;
        }
        const values = decodeExecute(st, body);
        host.run(s, bindParameters(st, values, s.oracle), true);
        return;
      }
      case COM.STMT_SEND_LONG_DATA: {
        // no reply, ever (a MySQL server reports a problem at the next EXECUTE)
        const st = state.statements.get(statementIdOf(body));
        if (st) addLongData(st, body);
        return;
      }
      case COM.STMT_CLOSE:
        // no reply, ever
        state.statements.close(statementIdOf(body));
        return;
      case COM.STMT_RESET: {
        const st = state.statements.get(statementIdOf(body));
        if (!st) {
          fail(unknownStatement(statementIdOf(body)));
          return;
        }
        st.longData.clear();
        host.writeOk();
        return;
      }
      case COM.RESET_CONNECTION:
        // MySQL: session variables back to their defaults, user variables (here also the backup password that
        // SET ENCRYPTION keeps, §1.9) gone, prepared statements closed; the login and current database stay
        state.session = host.resetSession(s);
        state.statements.clear();
        host.writeOk();
        return;
      case COM.CHANGE_USER: {
        const req = parseChangeUser(body, host.clientFlags());
        const next = host.authenticate(req.user, req.database, state.scramble, req.token, state.secure);
        if (next instanceof ObError) {
          // as at connect time: the refusal ends the connection (the old login is not silently kept)
          host.writePacket(errPacket(next.errno, next.sqlState, next.message));
          state.session = null;
          state.statements.clear();
          host.end();
          return;
        }
        next.id = s.id;
        state.session = next;
        state.statements.clear();
        host.writeOk();
        return;
      }
    }
  } catch (e) {
    if (e instanceof ObError) fail(e);
    else if (e instanceof ProtocolError) host.writePacket(errPacket(1835, "HY000", e.message)); // ER_MALFORMED_PACKET
    else fail(new ObError(OB.ERR_UNEXPECTED, `Internal error: ${(e as Error).message}`));
  }
}

function eof(): RawPacket {
  return new PayloadWriter().int1(0xfe).int2(0).int2(2).packet();
}

function unknownStatement(id: number): ObError {
  // ER_UNKNOWN_STMT_HANDLER
  return new ObError({ obCode: -5253, mysqlErrno: 1243, sqlState: "HY000", message: "Unknown prepared statement handler" }, `Unknown prepared statement handler (${id}) given to mysqld_stmt_execute`);
}

/** COM_CHANGE_USER: user NUL, auth (length-prefixed with SECURE_CONNECTION), database NUL, then charset etc. */
export function parseChangeUser(body: Buffer, clientFlags: number): { user: string; token: Buffer; database: string } {
  let pos = 0;
  const cstring = (): string => {
    const end = body.indexOf(0, pos);
    const stop = end < 0 ? body.length : end;
    const s = body.subarray(pos, stop).toString("utf8");
    pos = stop + 1;
    return s;
  };
  const user = cstring();
  let token: Buffer;
  if (clientFlags & CLIENT_SECURE_CONNECTION) {
    const len = body[pos] ?? 0;
    token = Buffer.from(body.subarray(pos + 1, pos + 1 + len));
    pos += 1 + len;
  } else {
    const end = body.indexOf(0, pos);
    token = Buffer.from(body.subarray(pos, end < 0 ? body.length : end));
    pos = (end < 0 ? body.length : end) + 1;
  }
  const database = pos < body.length ? cstring() : "";
  return { user, token, database };
}
