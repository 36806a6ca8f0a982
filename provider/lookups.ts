// Read-only lookups for programs that decide from live state: a tenant's backup jobs, backup sets and
// archive status (reference §2.1, §2.3, §2.7, §2.8).

import { publicPathOf } from "./backup-uri";
import * as ob from "./ob";
import { resolveTarget, viewOf } from "./tenant-target";
import type { ArchiveStatus, BackupSet, GetBackupJobsArgs, TenantBackupJob } from "./types.generated";

export type LookupArgs = GetBackupJobsArgs;

async function target(args: LookupArgs, what: string) {
  const doing = `looking up ${what}${args.tenant ? ` of ${args.tenant}` : ""}`;
  const c = await ob.connect(args.connection, doing);
  return { c, t: await resolveTarget(c, args.tenant, doing) };
}

export async function backupJobs(args: LookupArgs): Promise<TenantBackupJob[]> {
  const { c, t } = await target(args, "backup jobs");
  const rows = await ob.jobsWhere(c, t.tenantId, "1 = 1", []);
  const jobs = await Promise.all(rows.map((j) => ob.tenantJob(c, j, t.tenantName)));
  return jobs.sort((a, b) => b.jobId - a.jobId);
}

export async function backupSets(args: LookupArgs): Promise<BackupSet[]> {
  const { c, t } = await target(args, "backup sets");
  const v = viewOf(c, t, "OB_BACKUP_SET_FILES");
  const rows = await ob.query(
    c,
    `SELECT BACKUP_SET_ID, BACKUP_TYPE, PREV_FULL_BACKUP_SET_ID, STATUS, FILE_STATUS, START_TIMESTAMP, END_TIMESTAMP, PATH, PLUS_ARCHIVELOG, ENCRYPTION_MODE
     FROM ${v.from} WHERE ${v.where} ORDER BY BACKUP_SET_ID DESC`,
    v.params,
  );
  return rows.map((r) => ({
    tenant: t.tenantName,
    backupSetId: Number(r.BACKUP_SET_ID),
    backupType: String(r.BACKUP_TYPE),
    prevFullBackupSetId: Number(r.PREV_FULL_BACKUP_SET_ID ?? 0),
    status: String(r.STATUS),
    fileStatus: String(r.FILE_STATUS),
    startTime: ob.isoTime(r.START_TIMESTAMP, c.tenant.timeOffsetMinutes),
    endTime: ob.isoTime(r.END_TIMESTAMP, c.tenant.timeOffsetMinutes),
    path: String(r.PATH ?? ""),
    plusArchivelog: String(r.PLUS_ARCHIVELOG) === "ON",
    encrypted: String(r.ENCRYPTION_MODE ?? "NONE") !== "NONE",
  }));
}

/** The log mode, the current round and the destination's path in one statement (reference §2.7, §2.8). */
export async function archiveStatus(args: LookupArgs): Promise<ArchiveStatus> {
  const { c, t } = await target(args, "archive status");
  const a = viewOf(c, t, "OB_ARCHIVELOG");
  const d = viewOf(c, t, "OB_ARCHIVE_DEST");
  const schema = c.tenant.oracle ? "SYS" : "oceanbase";
  const join = c.tenant.isSys ? "A.TENANT_ID = T.TENANT_ID AND A.DEST_NO = 0" : "A.DEST_NO = 0";
  const row = (
    await ob.query(
      c,
      `SELECT T.LOG_MODE, A.ROUND_ID, A.STATUS, A.CHECKPOINT_SCN_DISPLAY, D.VALUE
       FROM ${schema}.DBA_OB_TENANTS T
       LEFT JOIN ${a.from} A ON ${join}
       LEFT JOIN (SELECT VALUE FROM ${d.from} WHERE ${d.where} AND DEST_NO = 0 AND NAME = 'path') D ON 1 = 1
       WHERE T.TENANT_ID = ?`,
      [...d.params, t.tenantId],
    )
  )[0];
  const round = row && row.ROUND_ID !== null && row.ROUND_ID !== undefined ? row : undefined;
  return {
    tenant: t.tenantName,
    logMode: row ? String(row.LOG_MODE) : "NOARCHIVELOG",
    roundId: round ? Number(round.ROUND_ID) : 0,
    status: round ? String(round.STATUS) : "NONE",
    checkpointTime: round ? ob.isoTime(round.CHECKPOINT_SCN_DISPLAY, c.tenant.timeOffsetMinutes) : "",
    path: row && row.VALUE !== null && row.VALUE !== undefined ? publicPathOf(String(row.VALUE)) : "",
  };
}
