// Every query the provider sends to OceanBase's views, by name. Views are qualified with the schema of the
// session's mode (oceanbase. in MySQL mode, SYS. in Oracle mode, reference §2, §5.1). Only numbers are bound
// as placeholders; strings go through sql.ts. Every text keeps to the dialect both modes share (reference
// §2.10): no LIMIT, FROM DUAL, no AS before a table alias, upper-case labels (what Oracle mode returns).

import { column, Dialect } from "./sql";

const schemaOf = (d: Dialect) => (d === "oracle" ? "SYS" : "oceanbase");

/**
 * The session's mode, time zone and the server's version, accepted in either mode (§2.10, §5.1; time_zone is not
 * MYSQL_ONLY in OceanBase's system-variable table, ob_system_variable_init.json, and defaults to +08:00).
 */
const IDENTITY_COLUMNS = "@@ob_compatibility_mode AS COMPAT, OB_VERSION() AS V, @@time_zone AS TZ";
export const SESSION_IDENTITY = `SELECT ${IDENTITY_COLUMNS} FROM DUAL`;
export const SESSION_UTC = "SET time_zone = '+00:00'";

const TENANT_COLUMNS = "TENANT_ID, TENANT_NAME, TENANT_TYPE, STATUS, LOG_MODE, COMPATIBILITY_MODE";
const TENANTS_WHERE = "WHERE TENANT_TYPE <> 'META' ORDER BY TENANT_ID";

export const tenants = (d: Dialect) => `SELECT ${TENANT_COLUMNS} FROM ${schemaOf(d)}.DBA_OB_TENANTS ${TENANTS_WHERE}`;

/**
 * A login to sys: the session identity on every row of the tenant list, in one statement. The sys tenant is
 * always in MySQL mode, so the list's schema is known before the first answer.
 */
export const SYS_IDENTITY_AND_TENANTS = `SELECT ${IDENTITY_COLUMNS}, ${TENANT_COLUMNS} FROM oceanbase.DBA_OB_TENANTS ${TENANTS_WHERE}`;

/** The job columns the provider reads; COMMENT is an Oracle reserved word (see sql.ts column()). */
const jobColumns = (d: Dialect) =>
  ["JOB_ID", "BACKUP_SET_ID", "BACKUP_TYPE", "INITIATOR_TENANT_ID", "INITIATOR_JOB_ID", "EXECUTOR_TENANT_ID", "STATUS", "RESULT", "COMMENT", "DESCRIPTION", "START_TIMESTAMP", "END_TIMESTAMP"]
    .map((c) => column(c, d))
    .join(", ");

/**
 * Jobs, current and historical, matching `cond` (applied to both views; its placeholders are bound twice), from
 * the connected tenant's point of view: sys reads CDB_ views with TENANT_ID, a user tenant its DBA_ views (which
 * have no TENANT_ID). Each job carries macro block counts (MBC, FMBC) for its progress, so a refresh is one
 * statement: a current job its task's, a job in history its backup set's. *_TASK_HISTORY is never read for them:
 * OceanBase sets a task's totals to its finished counts as it moves there (move_task_to_his, reference §0.2), so
 * every job would read 100 % there; the set file row keeps the totals.
 */
export function jobsMatching(d: Dialect, fromSys: boolean, cond: string): string {
  const s = schemaOf(d);
  const v = fromSys ? "CDB" : "DBA";
  const cols = fromSys ? `TENANT_ID, ${jobColumns(d)}` : jobColumns(d);
  const union = `SELECT ${cols}, 0 AS IN_HISTORY FROM ${s}.${v}_OB_BACKUP_JOBS WHERE ${cond}
      UNION ALL SELECT ${cols}, 1 AS IN_HISTORY FROM ${s}.${v}_OB_BACKUP_JOB_HISTORY WHERE ${cond}`;
  const same = (x: string) => (fromSys ? `${x}.TENANT_ID = J.TENANT_ID AND ` : "");
  return `SELECT J.*, COALESCE(T.MACRO_BLOCK_COUNT, S.MACRO_BLOCK_COUNT, 0) AS MBC,
      COALESCE(T.FINISH_MACRO_BLOCK_COUNT, S.FINISH_MACRO_BLOCK_COUNT, 0) AS FMBC
    FROM (${union}) J LEFT JOIN ${s}.${v}_OB_BACKUP_TASKS T ON ${same("T")}T.JOB_ID = J.JOB_ID AND J.IN_HISTORY = 0
    LEFT JOIN ${s}.${v}_OB_BACKUP_SET_FILES S ON ${same("S")}S.BACKUP_SET_ID = J.BACKUP_SET_ID AND J.IN_HISTORY = 1 AND J.BACKUP_SET_ID > 0`;
}

/** One tenant's jobs matching `where` (from sys the tenant's id is the first placeholder). */
export function jobsOfTenant(d: Dialect, fromSys: boolean, where: string): string {
  return jobsMatching(d, fromSys, fromSys ? `TENANT_ID = ? AND ${where}` : where);
}

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** A tenant's job ids in a batch; `running`: its running jobs too (the foreign-job check before a cancel). */
export interface JobIdGroup {
  tenantId: number;
  jobIds: number[];
  running: boolean;
}

/**
 * The condition for jobs by id, many tenants' at once from sys (`(TENANT_ID = ? AND JOB_ID IN (…)) OR …`), and
 * its parameters. From a user tenant every id is its own (DBA_ views), so the groups merge into one list.
 */
export function jobIdCondition(fromSys: boolean, groups: JobIdGroup[]): { cond: string; params: number[] } {
  const running = "STATUS IN ('INIT', 'DOING', 'CANCELING')";
  const ids = (g: { jobIds: number[]; running: boolean }) => {
    const list = g.jobIds.length > 0 ? `JOB_ID IN (${placeholders(g.jobIds.length)})` : "";
    if (!g.running) return list || "1 = 0";
    return list ? `(${list} OR ${running})` : running;
  };
  if (!fromSys) {
    const merged = { jobIds: [...new Set(groups.flatMap((g) => g.jobIds))], running: groups.some((g) => g.running) };
    return { cond: ids(merged), params: merged.jobIds };
  }
  return {
    cond: groups.length === 0 ? "1 = 0" : `(${groups.map((g) => `(TENANT_ID = ? AND ${ids(g)})`).join(" OR ")})`,
    params: groups.flatMap((g) => [g.tenantId, ...g.jobIds]),
  };
}

/** Running (INIT, DOING, CANCELING) backup jobs of some tenants. */
export function runningJobs(d: Dialect, fromSys: boolean): string {
  const s = schemaOf(d);
  return fromSys
    ? `SELECT TENANT_ID, ${jobColumns(d)} FROM ${s}.CDB_OB_BACKUP_JOBS WHERE STATUS IN ('INIT', 'DOING', 'CANCELING') ORDER BY TENANT_ID, JOB_ID`
    : `SELECT ${jobColumns(d)} FROM ${s}.DBA_OB_BACKUP_JOBS WHERE STATUS IN ('INIT', 'DOING', 'CANCELING') ORDER BY JOB_ID`;
}

/** What a tenant needs before a backup can start: destination, archive round, status (reference §1.6). */
export function backupReadiness(d: Dialect, fromSys: boolean): string {
  const s = schemaOf(d);
  if (fromSys) {
    return `SELECT T.TENANT_ID, T.TENANT_NAME, T.STATUS,
        (SELECT P.VALUE FROM ${s}.CDB_OB_BACKUP_PARAMETER P WHERE P.TENANT_ID = T.TENANT_ID AND P.NAME = 'data_backup_dest') AS DEST,
        (SELECT A.STATUS FROM ${s}.CDB_OB_ARCHIVELOG A WHERE A.TENANT_ID = T.TENANT_ID AND A.DEST_NO = 0) AS ARCHIVE_STATUS,
        (SELECT COUNT(*) FROM ${s}.CDB_OB_BACKUP_JOBS J WHERE J.TENANT_ID = T.TENANT_ID AND J.INITIATOR_TENANT_ID = 1) AS BLOCKING_JOBS
      FROM ${s}.DBA_OB_TENANTS T WHERE T.TENANT_TYPE = 'USER' ORDER BY T.TENANT_ID`;
  }
  return `SELECT T.TENANT_ID, T.TENANT_NAME, T.STATUS,
      (SELECT P.VALUE FROM ${s}.DBA_OB_BACKUP_PARAMETER P WHERE P.NAME = 'data_backup_dest') AS DEST,
      (SELECT A.STATUS FROM ${s}.DBA_OB_ARCHIVELOG A WHERE A.DEST_NO = 0) AS ARCHIVE_STATUS,
      (SELECT COUNT(*) FROM ${s}.DBA_OB_BACKUP_JOBS J WHERE J.INITIATOR_TENANT_ID = T.TENANT_ID) AS BLOCKING_JOBS
    FROM ${s}.DBA_OB_TENANTS T WHERE T.TENANT_TYPE = 'USER'`;
}

// ---- restores (docs/research/oceanbase-restore.md §3.4, §4.1; sys only, MySQL mode) ---------------------------

const RESTORE_COMMON = "TENANT_ID, JOB_ID, RESTORE_TENANT_ID, STATUS, RESTORE_SCN, RESTORE_SCN_DISPLAY, START_TIMESTAMP, BACKUP_SET_LIST, BACKUP_PIECE_LIST, TOTAL_BYTES, FINISH_BYTES, DESCRIPTION";

/**
 * Every restore job row of a target name, running and ended, in one statement: the sys row (TENANT_ID 1) and
 * the restored tenant's own row, which carries the byte counts. COMMENT and FINISH_TIMESTAMP exist in history
 * only. `name` is a literal from sql.ts.
 */
export const restoreRows = (name: string) =>
  `SELECT ${RESTORE_COMMON}, '' AS COMMENT, NULL AS FINISH_TIMESTAMP, 0 AS IN_HISTORY FROM oceanbase.CDB_OB_RESTORE_PROGRESS WHERE RESTORE_TENANT_NAME = ${name}
    UNION ALL SELECT ${RESTORE_COMMON}, COMMENT, FINISH_TIMESTAMP, 1 AS IN_HISTORY FROM oceanbase.CDB_OB_RESTORE_HISTORY WHERE RESTORE_TENANT_NAME = ${name}`;

/** A tenant by name in any case (OceanBase's names are case-sensitive; a case-only clash is said, not guessed). */
export const tenantsNamedLike = (lowerName: string) =>
  `SELECT TENANT_ID, TENANT_NAME, STATUS, TENANT_ROLE FROM oceanbase.DBA_OB_TENANTS WHERE LOWER(TENANT_NAME) = ${lowerName}`;

export const poolNamed = (name: string) => `SELECT NAME, TENANT_ID FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME = ${name}`;

export const ZONES = "SELECT ZONE FROM oceanbase.DBA_OB_ZONES ORDER BY ZONE";
