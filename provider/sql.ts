// The one place SQL text is assembled from values: literals are quoted for the session's compatibility mode
// and tenant names must be plain identifiers, so nothing a user typed reaches SQL any other way.

export type Dialect = "mysql" | "oracle";

const TENANT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export class SqlValueError extends Error {
  constructor(message: string) {
    super(message);
    this.message = message; // see ProviderError: serialized classes lose super(message)
  }
}

/**
 * A string literal. MySQL mode: backslash escapes are on, so backslashes are doubled. Oracle mode: a backslash
 * is an ordinary character. In both, a quote is doubled. NUL cannot be represented in Oracle mode.
 */
export function literal(value: string, dialect: Dialect): string {
  if (dialect === "oracle") {
    if (value.includes("\0")) throw new SqlValueError("a NUL character cannot be sent to an Oracle-mode tenant");
    return `'${value.replace(/'/g, "''")}'`;
  }
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''").replace(/\0/g, "\\0")}'`;
}

/**
 * Oracle's reserved words that OceanBase's views use as column names. In Oracle mode such a column must be
 * written double-quoted (the views' own definitions write `"COMMENT"`, reference §2.9); a double-quoted name
 * is an identifier there, never a string (§2.10). In MySQL mode they are plain non-reserved names.
 */
// a pattern, not a Set: Pulumi may serialize this module by value, where a captured Set breaks (connection.ts)
const ORACLE_RESERVED =
  /^(ACCESS|AUDIT|COLUMN|COMMENT|CURRENT|DATE|FILE|LEVEL|MODE|NUMBER|OPTION|RESOURCE|ROW|ROWID|ROWNUM|ROWS|SESSION|SIZE|START|SUCCESSFUL|UID|USER|VALIDATE)$/;

/** A view column by its upper-case name, quoted where Oracle mode needs it; its result label stays `name`. */
export function column(name: string, dialect: Dialect): string {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new SqlValueError(`${JSON.stringify(name)} is not an upper-case column name`);
  return dialect === "oracle" && ORACLE_RESERVED.test(name) ? `"${name}"` : name;
}

export function isTenantName(name: string): boolean {
  return TENANT_NAME.test(name);
}

export function tenantName(name: string): string {
  if (!isTenantName(name)) throw new SqlValueError(`${JSON.stringify(name)} is not a tenant name (letters, digits and _, starting with a letter or _)`);
  return name;
}

/** `TENANT = a, b` (reference §1.1: names as identifiers; `=` is optional in the grammar, written for clarity). */
export function tenantClause(names: string[] | null): string {
  return names === null ? "" : ` TENANT = ${names.map(tenantName).join(", ")}`;
}

export interface BackupStatement {
  incremental: boolean;
  /** null: BACKUP DATABASE (every tenant from sys, itself from a user tenant) */
  tenants: string[] | null;
  plusArchivelog: boolean;
  description: string | null;
}

/**
 * ALTER SYSTEM BACKUP in the grammar's order (reference §1.2): the tenant form is BACKUP [INCREMENTAL] TENANT = …,
 * never BACKUP DATABASE TENANT; PLUS ARCHIVELOG follows the tenant list; DESCRIPTION is last.
 */
export function backupStatement(b: BackupStatement, dialect: Dialect): string {
  let sql = "ALTER SYSTEM BACKUP";
  if (b.incremental) sql += " INCREMENTAL";
  sql += b.tenants === null ? " DATABASE" : tenantClause(b.tenants);
  if (b.plusArchivelog) sql += " PLUS ARCHIVELOG";
  if (b.description !== null) sql += ` DESCRIPTION ${literal(b.description, dialect)}`;
  return sql;
}

/** From sys: all tenants (null) or the named ones; from a user tenant: always null (no TENANT clause). */
export function cancelBackupStatement(tenants: string[] | null): string {
  return `ALTER SYSTEM CANCEL BACKUP${tenantClause(tenants)}`;
}

export function setEncryptionStatement(password: string, dialect: Dialect): string {
  return `SET ENCRYPTION ON IDENTIFIED BY ${literal(password, dialect)} ONLY`;
}

/** ALTER SYSTEM SET name = 'value' [TENANT = t] (reference §1.3, §1.4; parameter statements take one tenant). */
export function setParameterStatement(name: "DATA_BACKUP_DEST" | "LOG_ARCHIVE_DEST" | "LOG_ARCHIVE_DEST_STATE", value: string, tenant: string | null, dialect: Dialect): string {
  return `ALTER SYSTEM SET ${name} = ${literal(value, dialect)}${tenantClause(tenant === null ? null : [tenant])}`;
}

/** The LOG_ARCHIVE_DEST value: space-separated items, no spaces around '=' (reference §1.4). */
export function archiveDestValue(location: string, binding: string, pieceSwitchInterval: string): string {
  if (/\s/.test(location + binding + pieceSwitchInterval)) throw new SqlValueError("archive destination items cannot contain spaces");
  return `LOCATION=${location} BINDING=${binding} PIECE_SWITCH_INTERVAL=${pieceSwitchInterval}`;
}

export function archivelogStatement(on: boolean, tenant: string | null): string {
  return `ALTER SYSTEM ${on ? "ARCHIVELOG" : "NOARCHIVELOG"}${tenantClause(tenant === null ? null : [tenant])}`;
}

export function addDeletePolicyStatement(recoveryWindow: string, tenant: string | null, dialect: Dialect): string {
  return `ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW ${literal(recoveryWindow, dialect)}${tenantClause(tenant === null ? null : [tenant])}`;
}

export function dropDeletePolicyStatement(tenant: string | null): string {
  return `ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'${tenantClause(tenant === null ? null : [tenant])}`;
}

export function cancelDeleteBackupStatement(tenant: string | null): string {
  return `ALTER SYSTEM CANCEL DELETE BACKUP${tenantClause(tenant === null ? null : [tenant])}`;
}

// ---- restores (docs/research/oceanbase-restore.md §1, §2, §4.2; sys only, so always MySQL mode) -----------------

/** Names OceanBase takes as identifiers in resource and restore statements: units, pools, zones, tenants. */
function identifier(name: string, what: string): string {
  if (!TENANT_NAME.test(name)) throw new SqlValueError(`${JSON.stringify(name)} is not a ${what} name (letters, digits and _, starting with a letter or _)`);
  return name;
}

export interface RestoreStatement {
  tenant: string;
  /** the data destination first, then the archive destination; joined by ',' (§1.1.2) */
  uris: string[];
  /** "latest", an SCN (digits) or a time `YYYY-MM-DD HH:MM:SS[.ffffff]` */
  until: string;
  pool: string;
  primaryZone?: string;
  concurrency?: number;
  description: string;
}

/**
 * The WITH options: `&` between items and `=` inside them, no space anywhere (§1.1.1: any space is 1210), which
 * the values' own checks guarantee; checked again here so that no malformed string is ever sent.
 */
export function restoreOptions(r: Pick<RestoreStatement, "pool" | "primaryZone" | "concurrency">): string {
  const items = [`pool_list=${identifier(r.pool, "pool")}`];
  if (r.primaryZone !== undefined) {
    if (!/^[A-Za-z0-9_;,]{1,128}$/.test(r.primaryZone)) throw new SqlValueError(`${JSON.stringify(r.primaryZone)} is not a primary zone list`);
    items.push(`primary_zone=${r.primaryZone}`);
  }
  if (r.concurrency !== undefined) items.push(`concurrency=${Math.trunc(r.concurrency)}`);
  return items.join("&");
}

/** ALTER SYSTEM RESTORE in the grammar's order (§1.1): name, FROM, UNTIL (its `=` required), WITH, DESCRIPTION. */
export function restoreStatement(r: RestoreStatement): string {
  if (r.uris.some((u) => u.includes(","))) throw new SqlValueError("a restore URI cannot contain ',': OceanBase splits FROM on commas");
  let sql = `ALTER SYSTEM RESTORE ${tenantName(r.tenant)} FROM ${literal(r.uris.join(","), "mysql")}`;
  if (/^\d+$/.test(r.until)) sql += ` UNTIL SCN = ${r.until}`;
  else if (r.until !== "latest") {
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(r.until)) throw new SqlValueError(`${JSON.stringify(r.until)} is not a restore point`);
    sql += ` UNTIL TIME = ${literal(r.until, "mysql")}`;
  }
  return `${sql} WITH ${literal(restoreOptions(r), "mysql")} DESCRIPTION = ${literal(r.description, "mysql")}`;
}

/** §1.4: session-scoped, replaced by the next one; sent on the RESTORE's own connection. */
export function setDecryptionStatement(passwords: string[]): string {
  if (passwords.length === 0) throw new SqlValueError("SET DECRYPTION needs at least one password");
  return `SET DECRYPTION IDENTIFIED BY ${passwords.map((p) => literal(p, "mysql")).join(", ")}`;
}

export function cancelRestoreStatement(tenant: string): string {
  return `ALTER SYSTEM CANCEL RESTORE ${tenantName(tenant)}`;
}

/** FORCE: dropped at once, no recycle bin, restoring or not (§2). */
export function dropTenantStatement(tenant: string): string {
  return `DROP TENANT ${tenantName(tenant)} FORCE`;
}

export function activateStandbyStatement(tenant: string): string {
  return `ALTER SYSTEM ACTIVATE STANDBY TENANT = ${tenantName(tenant)}`;
}

export interface UnitSpec {
  maxCpu: number;
  memorySize: string;
  logDiskSize?: string;
}

const SIZE = /^[1-9][0-9]{0,9}[MGT]$/;

/** IF NOT EXISTS: a retry after a run that died after creating it reuses it (§2). */
export function createUnitStatement(name: string, u: UnitSpec): string {
  if (!(u.maxCpu >= 1) || !SIZE.test(u.memorySize) || (u.logDiskSize !== undefined && !SIZE.test(u.logDiskSize))) {
    throw new SqlValueError("a unit needs MAX_CPU of at least 1 and sizes like 5G");
  }
  const options = [`MAX_CPU ${u.maxCpu}`, `MEMORY_SIZE ${literal(u.memorySize, "mysql")}`];
  if (u.logDiskSize !== undefined) options.push(`LOG_DISK_SIZE ${literal(u.logDiskSize, "mysql")}`);
  return `CREATE RESOURCE UNIT IF NOT EXISTS ${identifier(name, "unit")} ${options.join(", ")}`;
}

export function createPoolStatement(name: string, unit: string, zones: string[]): string {
  if (zones.length === 0) throw new SqlValueError("a pool needs at least one zone");
  const zoneList = zones.map((z) => literal(identifier(z, "zone"), "mysql")).join(", ");
  return `CREATE RESOURCE POOL IF NOT EXISTS ${identifier(name, "pool")} UNIT = ${literal(identifier(unit, "unit"), "mysql")}, UNIT_NUM = 1, ZONE_LIST = (${zoneList})`;
}

export function dropPoolStatement(name: string): string {
  return `DROP RESOURCE POOL IF EXISTS ${identifier(name, "pool")}`;
}

export function dropUnitStatement(name: string): string {
  return `DROP RESOURCE UNIT IF EXISTS ${identifier(name, "unit")}`;
}
