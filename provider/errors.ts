// OceanBase errors turned into messages that say what to do, keeping OceanBase's own code and text.
// No message ever carries a password: everything passes through scrub().

import { scrub } from "./redact";

export interface DbErrorLike {
  errno?: number;
  sqlState?: string;
  code?: string;
  message?: string;
}

/**
 * OceanBase errors without an Oracle mapping reach an Oracle-mode client as errno 600 with the code in the text:
 * `ORA-00600: internal error code, arguments: -9036, Backup is in progress` (`OBE-00600` from 4.3.5, reference
 * §2.10). The code is read from `arguments: -NNNN`, whatever the prefix.
 */
const INTERNAL = /^[A-Z]{3}-00600: internal error code, arguments: -(\d+),\s*/;

/**
 * With `enable_rich_error_msg` on, the server appends `\n[ip:port] [timestamp] [trace_id]` to every message
 * (reference §2.10): noise for matching, but the trace id is what a DBA looks up, so it is kept once.
 */
const RICH_SUFFIX = /\r?\n\s*((?:\[[^\]\n]*\]\s*)+)$/;

/** Oracle-mode errnos (ORA-NNNNN with their own mapping) and internal codes that mean a MySQL-mode errno. */
const SAME_AS: Record<number, number> = {
  900: 1064, // ORA-00900 parse error
  1017: 1045, // ORA-01017 invalid username/password
  1031: 1227, // ORA-01031 insufficient privileges
  5036: 1227, // OB_ERR_NO_PRIVILEGE through ORA-00600
  4007: 1235, // OB_NOT_SUPPORTED through ORA-00600 (reference §0.1)
  4002: 1210, // OB_INVALID_ARGUMENT through ORA-00600
  5001: 1064, // OB_ERR_PARSE_SQL through ORA-00600
};

export interface ObMessage {
  /** the OceanBase code: the MySQL errno, or the code inside an Oracle-mode 00600 text */
  code?: number;
  /** the error's own text: no 00600 prefix, no rich-message suffix */
  text: string;
  /** the first line as the server sent it (prefix kept, suffix dropped) */
  line: string;
  /** the rich-message suffix (`[ip:port] [timestamp] [trace_id]`), or "" */
  trace: string;
}

/** Takes an OceanBase error message apart (see INTERNAL and RICH_SUFFIX). */
export function parseObMessage(e: DbErrorLike): ObMessage {
  const full = e.message ?? "";
  const rich = RICH_SUFFIX.exec(full);
  const line = rich ? full.slice(0, rich.index) : full;
  const internal = INTERNAL.exec(line);
  return {
    code: internal ? Number(internal[1]) : e.errno,
    text: internal ? line.slice(internal[0].length) : line,
    line,
    trace: rich ? rich[1].trim() : "",
  };
}

/** The OceanBase code of an error: the MySQL errno, or the code inside an Oracle-mode 00600 text. */
export function obCode(e: DbErrorLike): number | undefined {
  return parseObMessage(e).code;
}

/** A connection-level failure: the statement may or may not have reached the server. */
export function isConnectionLost(e: unknown): boolean {
  const code = (e as DbErrorLike)?.code ?? "";
  return /PROTOCOL_CONNECTION_LOST|ECONNRESET|EPIPE|ETIMEDOUT|PROTOCOL_SEQUENCE_TIMEOUT|ECONNREFUSED|ER_SERVER_SHUTDOWN|Pool is closed|PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR/.test(code) ||
    /closed state|Connection lost|socket hang up/i.test((e as Error)?.message ?? "");
}

/**
 * Every error the provider throws. The message is assigned explicitly: in Pulumi's host the provider runs as
 * serialized text, where a class extending Error is rebuilt so that super(message) leaves `message` unset.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly obCode?: number,
  ) {
    super(message);
    this.message = message;
    this.name = "ProviderError";
  }
}

export interface ErrorContext {
  /** what was being done, e.g. "starting the backup of mysql_tenant" */
  doing: string;
  /** where: login at host:port */
  where: string;
  tenant?: string;
  secrets?: (string | undefined)[];
}

/** Maps a mysql2 / OceanBase error to a ProviderError whose message says what to do. */
export function explain(e: unknown, ctx: ErrorContext): ProviderError {
  if (e instanceof ProviderError) return e;
  const err = (e ?? {}) as DbErrorLike;
  const parsed = parseObMessage(err);
  // advice is chosen on the error's own text and a MySQL-mode code, so every form maps to the same message
  const raw = err.message === undefined ? String(e) : parsed.text;
  const code = parsed.code;
  const kind = code === undefined ? undefined : (SAME_AS[code] ?? code);
  const t = ctx.tenant ? `tenant ${ctx.tenant}` : "the tenant";
  const trace = parsed.trace ? ` (server trace ${parsed.trace})` : "";
  const ob = code !== undefined && err.errno !== undefined ? ` [OceanBase ${code}: ${parsed.line}]${trace}` : "";
  let advice: string;
  switch (true) {
    case kind === 9040 && /log archive status is not doing/.test(raw):
      advice = `log archiving is not DOING for ${t}: enable LogArchive first (ALTER SYSTEM ARCHIVELOG with a LOG_ARCHIVE_DEST) and wait for DOING`;
      break;
    case kind === 9040 && /backup dest is not set/.test(raw):
    case kind === 9040 && raw === "backup can not start":
      advice = `${t} has no data backup destination: set DATA_BACKUP_DEST first (BackupDestination)`;
      break;
    case kind === 9040 && /tenant status is not normal/.test(raw):
      advice = `${t} is not NORMAL (being created, restored or dropped): back it up once it is NORMAL`;
      break;
    case kind === 9040 && /no tenant meets the backup condition/.test(raw):
      advice = "no tenant can be backed up now: each needs a data backup destination, log archiving in DOING, NORMAL status and no backup from sys already running";
      break;
    case kind === 9040:
      advice = `the backup of ${t} cannot start`;
      break;
    case kind === 9036:
      advice = `a backup of ${t} is already in progress (or its finished job has not moved to history yet): wait for it, or cancel it`;
      break;
    case kind === 5160:
      // tenant names are compared byte for byte on the server (reference §0.1)
      advice = `${ctx.tenant ? `tenant ${ctx.tenant} does not exist` : "a named tenant does not exist"}: check the tenant names, which are case-sensitive (TENANT_NAME in DBA_OB_TENANTS)`;
      break;
    case kind === 4016:
      advice = "the sys tenant cannot be named here: only user tenants are backed up";
      break;
    case kind === 1227:
      advice = "this login lacks the ALTER SYSTEM privilege: log in as root@sys or as the tenant's administrator (root, or SYS in Oracle mode)";
      break;
    case kind === 1045:
      advice = `access denied for ${ctx.where}: check oceanbase:user and oceanbase:password (or OCEANBASE_USER / OCEANBASE_PASSWORD)`;
      break;
    case kind === 1235:
      advice = `OceanBase does not support this here`;
      break;
    case kind === 1064:
      advice = "OceanBase could not parse a statement the provider sent: please report this with the provider version";
      break;
    case err.code === "ECONNREFUSED":
      advice = `cannot connect to ${ctx.where}: connection refused. Is OceanBase (or OBProxy) running there? Check oceanbase:host and oceanbase:port`;
      break;
    case err.code === "ETIMEDOUT":
      advice = `cannot connect to ${ctx.where}: timed out. Check the host, the port and the network (oceanbase:connectTimeoutSeconds)`;
      break;
    case err.code === "ENOTFOUND" || err.code === "EAI_AGAIN":
      advice = `cannot resolve the host of ${ctx.where}: check oceanbase:host`;
      break;
    case err.code === "HANDSHAKE_NO_SSL_SUPPORT":
      advice = `TLS is required (oceanbase:tls) but the server does not offer it (${ctx.where}); the provider does not fall back to plain text`;
      break;
    case err.code === "ERR_TLS_CERT_ALTNAME_INVALID" || /does not match certificate's altnames/.test(raw):
      advice = `the TLS certificate of ${ctx.where} is not made out for that host (${raw}): set oceanbase:host to a name or address the certificate lists (oceanbase:tlsInsecure skips the check, for testing only)`;
      break;
    // client-side TLS failures only (no errno): an untrusted or unreadable CA, a failed handshake
    case err.errno === undefined && (/^(HANDSHAKE_SSL_ERROR|ERR_OSSL_|ERR_TLS_)/.test(err.code ?? "") || /certificate|\bPEM\b|\bSSL\b|\bTLS\b/i.test(raw)):
      advice = `TLS to ${ctx.where} failed (${raw}): set oceanbase:tlsCa to the PEM of the CA that signed the server's certificate (oceanbase:tlsInsecure skips the check, for testing only)`;
      break;
    case isConnectionLost(err):
      advice = `the connection to ${ctx.where} was lost`;
      break;
    default:
      advice = ob ? "OceanBase refused the statement" : raw;
  }
  const message = `${ctx.doing}: ${advice}${ob && advice !== raw ? ob : ""}`;
  return new ProviderError(scrub(message, ctx.secrets ?? []), code);
}
