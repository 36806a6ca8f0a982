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
  /** a restore's statement: its codes mean other things than a backup's (4016, 4179, 1210) */
  restore?: boolean;
}

/**
 * What a restore's errors mean (docs/research/oceanbase-restore.md §5.2, by row), or undefined for the ones the
 * backup advice below explains the same way (1227, 1045, connection errors).
 */
function restoreAdvice(kind: number | undefined, raw: string, t: string): string | undefined {
  switch (true) {
    case kind === 4179 && /existed tenant name/.test(raw):
      return `${t} exists already: restore into a new tenantName, or drop that tenant first (DROP TENANT … FORCE)`;
    case kind === 4179 && /Cancel tenant not in restore/.test(raw):
      return `${t} is not restoring any more (the restore ended): nothing to cancel; delete the resource to drop the tenant`;
    case kind === 4179 && /tenant status is not normal/.test(raw):
      return `${t} is not NORMAL yet: it can be made a primary only once its restore succeeded`;
    case kind === 4179 && /higher (cluster|data) version|version 4\.0/.test(raw):
      return "the backup was taken by a newer OceanBase (or by 4.0): restore it into a cluster of its version or later";
    case kind === 4179:
      return "OceanBase does not allow this restore now";
    case kind === 9014:
      return `another restore of ${t} is in progress: wait for it, or cancel it (ALTER SYSTEM CANCEL RESTORE)`;
    case kind === 9099:
      return `the restore of ${t} failed as OceanBase created the tenant (a pool already granted to a tenant, or not enough resources in its zones: see the reason in OceanBase's text); the pool was left as it was`;
    case kind === 4650:
      return "the resource pool does not exist: name an existing free pool (DBA_OB_RESOURCE_POOLS), or give unit to let the resource create one";
    case kind === 4626:
      return "the resource pool is granted to a tenant: a restore needs a free pool (DBA_OB_RESOURCE_POOLS with no TENANT_ID)";
    case kind === 4018:
      return "the backup cannot reach that point: no enough archived log between a backup set and `until` (a time after the archive's checkpoint, before the first backup set, or a gap in the pieces); pick a point inside the restorable window (getBackupSets and getArchiveStatus show it)";
    case kind === 9047:
      return "a backup set is encrypted and its password is not among decryptionPasswords: give the passwords of the full and incremental backups";
    case kind === 9026:
      return "dataBackupUri or archiveLocation is not a valid backup destination";
    case kind === 9011:
      return "no backup was found at dataBackupUri / archiveLocation: check the destinations (the source tenant's DATA_BACKUP_DEST and LOG_ARCHIVE_DEST)";
    case kind === 4016:
      return "OceanBase found no usable backup set, or (until latest) no archived log: check that the source tenant has a successful backup and, for latest, an archive destination";
    case kind === 1210:
      return "OceanBase refused the restore's arguments (until, the pool list, primaryZone or concurrency)";
    case kind === 1235:
      return `OceanBase does not support this restore (a tenant name with $ or named all, two data destinations, or a unit below the cluster's minimum memory)`;
    case kind === 5157:
      return `${t} does not exist`;
    case kind === 4648 || kind === 4649 || kind === 4651 || kind === 4634:
      return "the resource unit or pool is in an unexpected state: check DBA_OB_UNIT_CONFIGS and DBA_OB_RESOURCE_POOLS";
    case kind === 4530:
      return "a zone of `zones` does not exist: name zones of DBA_OB_ZONES";
    case kind === 4659 || kind === 4277:
      return "the unit is too small or incomplete: maxCpu at least 1, memorySize at least the cluster's minimum (5G by default)";
    case kind === 4733 || kind === 4656 || kind === 4624:
      return "the zones have not enough free resources for the unit: use a smaller unit, or free resources";
    default:
      return undefined;
  }
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
  const forRestore = ctx.restore ? restoreAdvice(kind, raw, t) : undefined;
  switch (true) {
    case forRestore !== undefined:
      advice = forRestore as string;
      break;
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
