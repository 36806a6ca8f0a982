// OceanBase errors turned into messages that say what to do, keeping OceanBase's own code and text.
// No message ever carries a password: everything passes through scrub().

import { scrub } from "./redact";

export interface DbErrorLike {
  errno?: number;
  sqlState?: string;
  code?: string;
  message?: string;
}

/** The OceanBase code of an error: the MySQL errno, or the code inside an Oracle-mode ORA-00600 text. */
export function obCode(e: DbErrorLike): number | undefined {
  const ora = /ORA-00600: internal error code, arguments: (-\d+),/.exec(e.message ?? "");
  if (ora) return -Number(ora[1]);
  return e.errno;
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
  const raw = err.message ?? String(e);
  const code = obCode(err);
  const t = ctx.tenant ? `tenant ${ctx.tenant}` : "the tenant";
  const ob = code !== undefined && err.errno !== undefined ? ` [OceanBase ${code}: ${raw}]` : "";
  let advice: string;
  switch (true) {
    case code === 9040 && /log archive status is not doing/.test(raw):
      advice = `log archiving is not DOING for ${t}: enable LogArchive first (ALTER SYSTEM ARCHIVELOG with a LOG_ARCHIVE_DEST) and wait for DOING`;
      break;
    case code === 9040 && /backup dest is not set/.test(raw):
    case code === 9040 && raw === "backup can not start":
      advice = `${t} has no data backup destination: set DATA_BACKUP_DEST first (BackupDestination)`;
      break;
    case code === 9040 && /tenant status is not normal/.test(raw):
      advice = `${t} is not NORMAL (being created, restored or dropped): back it up once it is NORMAL`;
      break;
    case code === 9040 && /no tenant meets the backup condition/.test(raw):
      advice = "no tenant can be backed up now: each needs a data backup destination, log archiving in DOING, NORMAL status and no backup from sys already running";
      break;
    case code === 9040:
      advice = `the backup of ${t} cannot start`;
      break;
    case code === 9036:
      advice = `a backup of ${t} is already in progress (or its finished job has not moved to history yet): wait for it, or cancel it`;
      break;
    case code === 5160:
      advice = `${ctx.tenant ? `tenant ${ctx.tenant} does not exist` : "a named tenant does not exist"}: check the tenant names (SELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS)`;
      break;
    case code === 4016:
      advice = "the sys tenant cannot be named here: only user tenants are backed up";
      break;
    case code === 1227:
      advice = "this login lacks the ALTER SYSTEM privilege: log in as root@sys or as the tenant's administrator (root, or SYS in Oracle mode)";
      break;
    case code === 1045:
      advice = `access denied for ${ctx.where}: check oceanbase:user and oceanbase:password (or OCEANBASE_USER / OCEANBASE_PASSWORD)`;
      break;
    case code === 1235:
      advice = `OceanBase does not support this here`;
      break;
    case code === 1064:
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
