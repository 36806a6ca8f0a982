// Typed access to OceanBase for the resources: connecting (and learning which tenant and mode the login
// lands in), reading jobs, tenants and readiness, and running statements, with errors explained.

import type * as mysql from "mysql2/promise";
import {
  cacheTenant,
  cacheTenantList,
  cachedTenant,
  cachedTenantList,
  Connected,
  ConnectedTenant,
  ConnectionConfigError,
  ConnectionSettings,
  describeSettings,
  loginTenant,
  poolFor,
  pooledConnection,
  poolKey,
  resolveSettings,
} from "./connection";
import { explain, obCode, ProviderError } from "./errors";
import { JobRow, JobStatus, ReadinessRow, TenantRow } from "./model";
import type { TenantBackupJob } from "./types.generated";
import type { Dialect } from "./sql";
import * as Q from "./sql-text";

type Value = string | number | null;
type DbRow = Record<string, Value>;

export function dialectOf(c: Connected): Dialect {
  return c.tenant.oracle ? "oracle" : "mysql";
}

const UTC_MARK = "__oceanbaseBackupUtc";

/** Runs `fn` on a pooled connection whose session reads timestamps in UTC (MySQL mode). */
export async function withConnection<T>(c: Connected, fn: (conn: mysql.PoolConnection) => Promise<T>): Promise<T> {
  const conn = await pooledConnection(c.pool, c.settings);
  try {
    const core = (conn as unknown as { connection: Record<string, unknown> }).connection;
    if (c.tenant.utcPerConnection && !core[UTC_MARK]) {
      await conn.query(Q.SESSION_UTC);
      core[UTC_MARK] = true;
    }
    return await fn(conn);
  } finally {
    conn.release();
  }
}

export async function query(c: Connected, sql: string, params: number[] = []): Promise<DbRow[]> {
  return withConnection(c, async (conn) => {
    const [rows] = await conn.query(sql, params);
    return rows as DbRow[];
  });
}

/** Connects with the settings of a profile (default: top-level) and learns the tenant, mode and version. */
export async function connect(profile: string | undefined, doing: string): Promise<Connected> {
  let settings;
  try {
    settings = resolveSettings(profile);
  } catch (e) {
    if (e instanceof ConnectionConfigError) throw new ProviderError(`${doing}: ${e.message}`);
    throw e;
  }
  const describe = describeSettings(settings);
  const pool = poolFor(settings);
  const cached = cachedTenant(settings);
  if (cached) return { pool, settings, tenant: cached, describe };
  try {
    const { identity, list } = await identifyOnce(settings, pool);
    const oracle = String(identity?.COMPAT ?? "MYSQL").toUpperCase() === "ORACLE";
    const sys = list.find((r) => Number(r.TENANT_ID) === 1);
    const own = sys ?? list[0];
    if (!own) throw new ProviderError(`${doing}: ${describe} shows no tenant in DBA_OB_TENANTS`);
    const tenant: ConnectedTenant = {
      tenantId: Number(own.TENANT_ID),
      tenantName: String(own.TENANT_NAME),
      isSys: sys !== undefined,
      oracle,
      version: String(identity?.V ?? ""),
      ...timeZoneOf(oracle, identity?.TZ ?? null),
    };
    cacheTenant(settings, tenant);
    cacheTenantList(settings, userTenants(list).map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName })));
    return { pool, settings, tenant, describe };
  } catch (e) {
    throw explain(e, { doing, where: describe, secrets: [settings.password] });
  }
}

/**
 * Once per settings in the process: mode, time zone and version, and the tenant list (which the name lookups
 * reuse). A login to sys (always MySQL mode) asks for both in one statement; any other login first learns its
 * mode, which decides the schema of DBA_OB_TENANTS. Calls that arrive while it runs (a refresh starts many reads
 * at once) share it rather than each sending their own.
 */
function identifyOnce(settings: ConnectionSettings, pool: mysql.Pool): Promise<{ identity: DbRow | undefined; list: DbRow[] }> {
  const key = poolKey(settings);
  const g = globalThis as unknown as { __pulumiOceanbaseBackupIdentifying?: Record<string, Promise<{ identity: DbRow | undefined; list: DbRow[] }>> };
  const running = (g.__pulumiOceanbaseBackupIdentifying ??= {});
  running[key] ??= (async () => {
    // a pooled connection like every other statement's: its TLS peer is checked before anything is read
    const conn = await pooledConnection(pool, settings);
    try {
      if (loginTenant(settings).toLowerCase() === "sys") {
        const [rows] = await conn.query(Q.SYS_IDENTITY_AND_TENANTS);
        return { identity: (rows as DbRow[])[0], list: rows as DbRow[] };
      }
      const [rows] = await conn.query(Q.SESSION_IDENTITY);
      const identity = (rows as DbRow[])[0];
      const oracle = String(identity?.COMPAT ?? "MYSQL").toUpperCase() === "ORACLE";
      return { identity, list: await readTenantRows(conn, oracle ? "oracle" : "mysql") };
    } finally {
      conn.release();
      delete running[key];
    }
  })();
  return running[key];
}

async function readTenantRows(conn: mysql.PoolConnection, d: Dialect): Promise<DbRow[]> {
  const [rows] = await conn.query(Q.tenants(d));
  return rows as DbRow[];
}

function userTenants(rows: DbRow[]): TenantRow[] {
  return rows
    .filter((r) => Number(r.TENANT_ID) !== 1)
    .map((r) => ({
      tenantId: Number(r.TENANT_ID),
      tenantName: String(r.TENANT_NAME),
      status: String(r.STATUS),
      logMode: String(r.LOG_MODE),
      mode: String(r.COMPATIBILITY_MODE).toUpperCase() === "ORACLE" ? "ORACLE" : "MYSQL",
    }));
}

/** Tenants visible to the login, read now (status and log mode are current): every user tenant from sys, itself from a user tenant. */
export async function listTenants(c: Connected): Promise<TenantRow[]> {
  const list = userTenants(await query(c, Q.tenants(dialectOf(c))));
  cacheTenantList(c.settings, list.map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName })));
  return list;
}

/**
 * How long a tenant list is trusted for names and ids. Tenants are created and dropped rarely, and a name that
 * is not in the list is always looked up again (tenantNamed), so the only staleness this allows is a tenant
 * dropped (or dropped and created again) within this span; a statement naming it fails with 5160, which
 * forgets the list (forgetTenants).
 */
const TENANT_LIST_TTL_MS = 30_000;

/** Names and ids of the tenants visible to the login, from the process's cache when it is fresh. */
export async function tenantNames(c: Connected): Promise<{ tenantId: number; tenantName: string }[]> {
  const hit = cachedTenantList(c.settings);
  if (hit && Date.now() - hit.at < TENANT_LIST_TTL_MS) return hit.list;
  return listTenants(c);
}

/**
 * The tenant list in which every one of `names` appears, when it can: a name missing from the cached list is
 * looked for once more in a fresh one (the tenant may have been created since).
 */
export async function tenantsNaming(c: Connected, names: string[]): Promise<{ tenantId: number; tenantName: string }[]> {
  const list = await tenantNames(c);
  if (names.every((n) => list.some((t) => t.tenantName === n))) return list;
  return listTenants(c);
}

/** After a statement failed: 5160 (a named tenant does not exist) means the cached tenant list is no longer trusted. */
export function forgetTenantsOn5160(c: Connected, e: unknown): void {
  if (e instanceof Error && obCode(e as never) === 5160) cacheTenantList(c.settings, undefined);
}

/** "+08:00", "+8:00", "-05:30" → minutes east of UTC; null for SYSTEM, a named zone, or anything else. */
export function fixedOffsetMinutes(tz: string): number | null {
  const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(tz.trim());
  if (!m || Number(m[3]) > 59) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (minutes > 14 * 60) return null;
  return m[1] === "-" && minutes > 0 ? -minutes : minutes;
}

/**
 * How this login's timestamp strings are read (ConnectedTenant.timeOffsetMinutes). A fixed offset is converted
 * here rather than SET on every new connection: OceanBase's default time_zone is one (+08:00), so a pooled
 * connection costs no round trip beyond its login.
 */
function timeZoneOf(oracle: boolean, tz: Value): Pick<ConnectedTenant, "timeOffsetMinutes" | "utcPerConnection"> {
  if (oracle) return { timeOffsetMinutes: 8 * 60, utcPerConnection: false };
  const offset = fixedOffsetMinutes(String(tz ?? ""));
  return offset === null ? { timeOffsetMinutes: 0, utcPerConnection: true } : { timeOffsetMinutes: offset, utcPerConnection: false };
}

/**
 * A view's timestamp string at `offsetMinutes` east of UTC → ISO UTC, keeping the fraction as given:
 * "2026-01-01 08:00:03.000000" at +480 → "2026-01-01T00:00:03.000000Z"; Oracle mode's strings have none (§2.9).
 */
export function isoTime(v: Value, offsetMinutes: number): string {
  if (v === null || v === "") return "";
  const s = String(v);
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(s);
  if (!m) return s;
  const ms = Date.parse(`${m[1]}T${m[2]}Z`);
  // a string of the right shape that is no date (MySQL's zero date) is shown as it is, never thrown on
  if (Number.isNaN(ms)) return s;
  return `${new Date(ms - offsetMinutes * 60_000).toISOString().slice(0, 19)}${m[3] ?? ""}Z`;
}

function toJob(r: DbRow, tenantId: number, offsetMinutes: number): JobRow {
  return {
    tenantId: r.TENANT_ID !== undefined ? Number(r.TENANT_ID) : tenantId,
    jobId: Number(r.JOB_ID),
    backupSetId: Number(r.BACKUP_SET_ID),
    backupType: String(r.BACKUP_TYPE),
    initiatorTenantId: Number(r.INITIATOR_TENANT_ID),
    initiatorJobId: Number(r.INITIATOR_JOB_ID),
    executorTenantIds: String(r.EXECUTOR_TENANT_ID ?? "")
      .split(",")
      .filter(Boolean)
      .map(Number),
    status: String(r.STATUS) as JobStatus,
    result: Number(r.RESULT ?? 0),
    comment: String(r.COMMENT ?? ""),
    description: String(r.DESCRIPTION ?? ""),
    startTime: isoTime(r.START_TIMESTAMP, offsetMinutes),
    endTime: isoTime(r.END_TIMESTAMP, offsetMinutes),
    inHistory: Number(r.IN_HISTORY) === 1,
    progress: percentDone(Number(r.MBC ?? 0), Number(r.FMBC ?? 0)),
  };
}

const percentDone = (total: number, done: number) => (total > 0 ? Math.min(100, Math.round((done * 10000) / total) / 100) : 0);

/** Rows of the jobs union → one JobRow per job: a job can appear in both views for a moment while it moves, and the current row wins. */
function latestRows(c: Connected, rows: DbRow[], tenantId: number): JobRow[] {
  const byId = new Map<string, JobRow>();
  for (const r of rows) {
    const j = toJob(r, tenantId, c.tenant.timeOffsetMinutes);
    const k = `${j.tenantId}/${j.jobId}`;
    const prev = byId.get(k);
    if (!prev || (prev.inHistory && !j.inHistory)) byId.set(k, j);
  }
  return [...byId.values()].sort((a, b) => a.tenantId - b.tenantId || a.jobId - b.jobId);
}

/**
 * A tenant's jobs (current and history) matching a condition on numeric columns. From sys any tenant's,
 * from a user tenant only its own.
 */
export async function jobsWhere(c: Connected, tenantId: number, where: string, params: number[]): Promise<JobRow[]> {
  const fromSys = c.tenant.isSys;
  const sql = Q.jobsOfTenant(dialectOf(c), fromSys, where);
  const rows = await query(c, sql, fromSys ? [tenantId, ...params, tenantId, ...params] : [...params, ...params]);
  return latestRows(c, rows, tenantId);
}

/** Jobs of any tenant the login sees (sys: every tenant's) matching a condition; from a user tenant, its own. */
export async function jobsOfAnyTenant(c: Connected, where: string, params: number[]): Promise<JobRow[]> {
  const rows = await query(c, Q.jobsMatching(dialectOf(c), c.tenant.isSys, where), [...params, ...params]);
  return latestRows(c, rows, c.tenant.tenantId);
}

/** Jobs by id, of many tenants at once (one statement), and with `running` groups their tenants' running jobs. */
export async function jobsByIds(c: Connected, groups: Q.JobIdGroup[]): Promise<JobRow[]> {
  const { cond, params } = Q.jobIdCondition(c.tenant.isSys, groups);
  return jobsOfAnyTenant(c, cond, params);
}

/** A sys job and the tenant jobs it started, in one statement (from sys). */
export async function sysJobWithChildren(c: Connected, sysJobId: number): Promise<{ sys?: JobRow; children: JobRow[] }> {
  const rows = await jobsOfAnyTenant(c, "((TENANT_ID = 1 AND JOB_ID = ?) OR (TENANT_ID <> 1 AND INITIATOR_TENANT_ID = 1 AND INITIATOR_JOB_ID = ?))", [sysJobId, sysJobId]);
  return { sys: rows.find((j) => j.tenantId === 1), children: rows.filter((j) => j.tenantId !== 1) };
}

export async function runningJobs(c: Connected): Promise<JobRow[]> {
  const rows = await query(c, Q.runningJobs(dialectOf(c), c.tenant.isSys));
  return rows.map((r) => toJob(r, c.tenant.tenantId, c.tenant.timeOffsetMinutes));
}

export async function readiness(c: Connected): Promise<ReadinessRow[]> {
  const rows = await query(c, Q.backupReadiness(dialectOf(c), c.tenant.isSys));
  return rows.map((r) => ({
    tenantId: Number(r.TENANT_ID),
    tenantName: String(r.TENANT_NAME),
    status: String(r.STATUS),
    hasDestination: r.DEST !== null && String(r.DEST) !== "",
    archiveStatus: r.ARCHIVE_STATUS === null ? null : String(r.ARCHIVE_STATUS),
    blockingJobs: Number(r.BLOCKING_JOBS ?? 0),
  }));
}

/** Why OceanBase would not start a backup of this tenant now (reference §1.6), or null. */
export function notReadyReason(r: ReadinessRow): string | null {
  if (r.status !== "NORMAL") return `tenant status is ${r.status}, not NORMAL`;
  if (!r.hasDestination) return "no data backup destination (DATA_BACKUP_DEST) is set";
  if (r.archiveStatus !== "DOING") return `log archiving is ${r.archiveStatus ?? "not started"}, not DOING`;
  if (r.blockingJobs > 0) return "a backup of this tenant started from the same place is already in progress";
  return null;
}

/** A job as the resources report it: named tenant, ISO times, progress from its task. */
export async function tenantJob(c: Connected, j: JobRow, name?: string): Promise<TenantBackupJob> {
  return {
    tenant: name ?? (j.tenantId === c.tenant.tenantId ? c.tenant.tenantName : ((await tenantNames(c)).find((t) => t.tenantId === j.tenantId)?.tenantName ?? String(j.tenantId))),
    tenantId: j.tenantId,
    jobId: j.jobId,
    backupSetId: j.backupSetId,
    backupType: j.backupType,
    initiatorJobId: j.initiatorJobId,
    status: j.status,
    startTime: j.startTime,
    endTime: j.endTime,
    result: j.result,
    comment: j.comment,
    progress: j.status === "COMPLETED" ? 100 : j.progress,
  };
}
