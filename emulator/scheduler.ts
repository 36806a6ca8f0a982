// The background work OceanBase's RootService does after a statement returned OK: archive rounds (§3.2),
// user and sys backup jobs with their set tasks and set files (§3.1), automatic cleanup (§1.8, §3.3), and
// the move of finished jobs to the _HISTORY tables. One tick() advances everything to the clock's now.

import { Cluster, TenantRow } from "./cluster";
import { OB, strerror } from "./errors";
import { restoreTick } from "./restore";
import { archiveRoundStatus, backupBlocker, insertUserJob } from "./statements";
import { parseDest, publicPath } from "./storage";
import { parseTimeString } from "./timestring";
import type { Row } from "./sqlengine";

/** finishJob/failJob of the test handle mark a job; the next tick honours the mark. */
const forcedFailure = (j: Row): number | null => {
  const m = /^FAILED:(-?\d+)$/.exec(String(j.force ?? ""));
  return m ? Number(m[1]) : null;
};
const num = (v: unknown) => Number(v ?? 0);

/** Set-task phases and the share of the DOING time at which each begins (§3.1 set-task flow). */
function taskPhases(c: Cluster): [string, number][] {
  const phases: [string, number][] = [
    ["BACKUP_SYS_META", 0],
    ["BACKUP_USER_META", 0.05],
  ];
  if (c.version.hasMetaFinishState) phases.push(["BACKUP_META_FINISH", 0.1]);
  phases.push(["BACKUP_DATA_MINOR", 0.15], ["BACKUP_DATA_MAJOR", 0.35], ["BACKUP_LOG", 0.9]);
  return phases;
}

const MACRO_BLOCKS = 2000;
const TABLETS = 400;
const BYTES_PER_MACRO = 2 * 1024 * 1024;

export class Scheduler {
  /** ObBackupService::start_trigger_ counts the first trigger from the service's start (§0.2) */
  private lastTriggerUs: number;

  constructor(private readonly c: Cluster) {
    this.lastTriggerUs = c.nowUs();
  }

  /** When the next automatic cleanup trigger is due, ms on the emulator's clock: it fires on the first pass after. */
  nextCleanupTriggerMs(): number {
    return Math.floor(this.lastTriggerUs / 1000) + this.c.options.cleanupTriggerMs;
  }

  tick(): void {
    const c = this.c;
    c.passes++;
    c.systemContext(() => {
      restoreTick(c);
      for (const t of c.userTenants()) this.archive(t);
      this.userJobs();
      this.sysJobs();
      this.deleteJobs();
      this.cleanupTrigger();
    });
  }

  private get now(): number {
    return this.c.nowUs();
  }

  private ms(v: number): number {
    return v * 1000;
  }

  // ---- archive rounds --------------------------------------------------------------------------------------

  private archive(t: TenantRow): void {
    const c = this.c;
    const e = c.engine;
    const params = new Map(
      e.all(`SELECT name, value FROM _inner_archive_dest_parameter WHERE tenant_id = ? AND dest_no = 0`, [t.id]).map((r) => [
        String(r.name).toLowerCase(),
        String(r.value),
      ]),
    );
    const hasDest = params.has("path");
    const enabled = (params.get("state") ?? "ENABLE").toUpperCase() === "ENABLE";
    const round = e.one(`SELECT * FROM _inner_log_archive_progress WHERE tenant_id = ? AND dest_no = 0`, [t.id]);
    const status = round ? String(round.status) : null;
    const since = round ? num(round.state_ts) : 0;
    const half = this.ms(c.options.archiveStartMs) / 2;
    const set = (st: string, extra = "") =>
      e.run(`UPDATE _inner_log_archive_progress SET status = ?, state_ts = ?${extra} WHERE tenant_id = ? AND dest_no = 0`, [st, this.now, t.id]);

    if (t.logMode === "NOARCHIVELOG") {
      if (status !== null && status !== "STOP" && status !== "STOPPING") set("STOPPING");
      else if (status === "STOPPING" && this.now - since >= this.ms(1000)) this.stopRound(t.id);
      return;
    }
    if (!hasDest) return; // ARCHIVELOG with no destination: nothing happens (§3.2)
    if (status === null || status === "STOP") {
      if (!enabled) return;
      const interval = parseTimeString(params.get("piece_switch_interval") ?? "1d") ?? 86400e6;
      const scn = this.now * 1000;
      const values = [t.id, num(params.get("dest_id")), num(round?.round_id) + 1, scn, interval, params.get("path") ?? "", this.now];
      e.run(
        `INSERT OR REPLACE INTO _inner_log_archive_progress (tenant_id, dest_id, round_id, incarnation, dest_no, status,
          start_scn, checkpoint_scn, compatible, base_piece_id, used_piece_id, piece_switch_interval, unit_size,
          compression, input_bytes, output_bytes, deleted_input_bytes, deleted_output_bytes, comment, path, state_ts)
         VALUES (?, ?, ?, 1, 0, 'PREPARE', ?, 0, 2, 1, 1, ?, 1, 'none', 0, 0, 0, 0, '', ?, ?)`,
        values,
      );
      return;
    }
    switch (status) {
      case "PREPARE":
        if (this.now - since >= half) {
          set("BEGINNING");
          this.openPiece(t.id);
        }
        return;
      case "BEGINNING":
        if (this.now - since >= half) set("DOING", ", checkpoint_scn = start_scn");
        return;
      case "SUSPEND":
        if (enabled) set("BEGINNING");
        return;
      case "SUSPENDING":
        if (this.now - since >= this.ms(500)) set("SUSPEND");
        return;
      case "DOING":
        if (!enabled) {
          set("SUSPENDING");
          return;
        }
        this.archiveProgress(t.id, round as Row);
        return;
      default:
        return; // INTERRUPTED waits for a person (§3.2)
    }
  }

  private openPiece(tenantId: number): void {
    const e = this.c.engine;
    const r = e.one(`SELECT * FROM _inner_log_archive_progress WHERE tenant_id = ? AND dest_no = 0`, [tenantId]);
    if (!r) return;
    const exists = e.one(`SELECT 1 FROM _inner_log_archive_piece_files WHERE tenant_id = ? AND round_id = ? AND piece_id = ?`, [
      tenantId,
      num(r.round_id),
      num(r.used_piece_id),
    ]);
    if (exists) return;
    const start = num(r.start_scn) + (num(r.used_piece_id) - num(r.base_piece_id)) * num(r.piece_switch_interval) * 1000;
    e.run(
      `INSERT INTO _inner_log_archive_piece_files VALUES (?, ?, ?, ?, 1, 0, 'ACTIVE', ?, ?, ?, ?, 2, 1, 'none', 0, 0, 'AVAILABLE', ?)`,
      [tenantId, num(r.dest_id), num(r.round_id), num(r.used_piece_id), start, start, start, start + num(r.piece_switch_interval) * 1000, String(r.path)],
    );
  }

  private archiveProgress(tenantId: number, r: Row): void {
    const e = this.c.engine;
    const checkpoint = (this.now - 1e6) * 1000; // one second of archive lag
    const elapsedUs = this.now - num(r.start_scn) / 1000;
    const input = Math.max(0, Math.floor(elapsedUs / 1e6) * 64 * 1024);
    const piece = num(r.base_piece_id) + Math.floor(elapsedUs / num(r.piece_switch_interval));
    e.run(
      `UPDATE _inner_log_archive_progress SET checkpoint_scn = MAX(checkpoint_scn, ?), input_bytes = ?, output_bytes = ?, used_piece_id = ?
       WHERE tenant_id = ? AND dest_no = 0`,
      [checkpoint, input, Math.floor(input / 2), piece, tenantId],
    );
    if (piece !== num(r.used_piece_id)) {
      e.run(`UPDATE _inner_log_archive_piece_files SET status = 'FROZEN' WHERE tenant_id = ? AND round_id = ? AND status = 'ACTIVE'`, [
        tenantId,
        num(r.round_id),
      ]);
      this.openPiece(tenantId);
    }
    e.run(
      `UPDATE _inner_log_archive_piece_files SET checkpoint_scn = ?, max_scn = ?, input_bytes = ?, output_bytes = ?
       WHERE tenant_id = ? AND round_id = ? AND status = 'ACTIVE'`,
      [checkpoint, checkpoint, input, Math.floor(input / 2), tenantId, num(r.round_id)],
    );
  }

  private stopRound(tenantId: number): void {
    const e = this.c.engine;
    e.run(`UPDATE _inner_log_archive_progress SET status = 'STOP', state_ts = ? WHERE tenant_id = ? AND dest_no = 0`, [this.now, tenantId]);
    e.run(`INSERT INTO _inner_log_archive_history SELECT * FROM _inner_log_archive_progress WHERE tenant_id = ? AND dest_no = 0`, [tenantId]);
    e.run(`UPDATE _inner_log_archive_piece_files SET status = 'FROZEN' WHERE tenant_id = ? AND status = 'ACTIVE'`, [tenantId]);
  }

  // ---- user-tenant backup jobs -------------------------------------------------------------------------------

  private userJobs(): void {
    const e = this.c.engine;
    for (const j of e.all(`SELECT * FROM _inner_backup_job WHERE tenant_id <> 1 ORDER BY tenant_id, job_id`)) {
      const status = String(j.status);
      if (status === "INIT") this.userJobInit(j);
      else if (status === "DOING") this.userJobDoing(j);
      else if (status === "CANCELING") this.userJobCanceling(j);
      else this.toHistoryWhenDue(j);
    }
  }

  private archiveError(tenantId: number): number | null {
    const st = archiveRoundStatus(this.c, tenantId);
    if (st === "DOING") return null;
    return st === "INTERRUPTED" ? -9027 : -9029;
  }

  private userJobInit(j: Row): void {
    const c = this.c;
    const since = num(j.state_ts);
    const initDelay = Math.min(this.ms(1000), num(j.duration_us) * 0.05);
    if (forcedFailure(j) !== null) return this.failJob(j, forcedFailure(j) as number);
    if (this.now - since < initDelay && j.force !== "COMPLETED") return;
    const err = this.archiveError(num(j.tenant_id));
    if (err !== null) return this.failJob(j, err);
    const tenantId = num(j.tenant_id);
    const taskId = c.nextId(tenantId, "next_task_id");
    const startScn = this.now * 1000;
    const prev = c.engine.one(
      `SELECT MAX(CASE WHEN backup_type = 'FULL' THEN backup_set_id END) AS full, MAX(backup_set_id) AS anyset
       FROM _inner_backup_set_files WHERE tenant_id = ? AND path = ? AND status = 'SUCCESS'`,
      [tenantId, String(j.path)],
    );
    const inc = j.backup_type === "INC";
    const destId = c.engine.one(`SELECT dest_id FROM _inner_backup_storage_info WHERE tenant_id = ? AND path = ?`, [tenantId, String(j.path)]);
    c.engine.transaction(() => {
      c.engine.run(
        `INSERT INTO _inner_backup_task VALUES (?, ?, ?, 1, ?, ?, 0, 'BACKUP_SYS_META', ?, 0, 0, ?, ?, 0, 0, 0, ?, 0, ?, 0, 0, 1, 0, 0, '', ?, 1, 1)`,
        [tenantId, taskId, num(j.job_id), num(j.backup_set_id), this.now, startScn, String(j.encryption_mode), String(j.passwd), TABLETS, MACRO_BLOCKS, String(j.path)],
      );
      c.engine.run(
        `INSERT INTO _inner_backup_set_files VALUES (?, ?, ?, 1, ?, ?, ?, ?, 0, 'DOING', 'COPYING', ?, ?, 0, 0, 0, 0, ?, 0, ?, 0, 0, 1, 0, 0, '', ?, ?, ?, 3, ?, ?, ?, 1, 1)`,
        [
          tenantId,
          num(j.backup_set_id),
          num(destId?.dest_id),
          String(j.backup_type),
          inc ? num(prev?.full) : 0,
          inc ? num(prev?.anyset) : 0,
          this.now,
          String(j.plus_archivelog),
          startScn,
          TABLETS,
          MACRO_BLOCKS,
          String(j.encryption_mode),
          String(j.passwd),
          c.dataVersion,
          String(j.path),
          c.dataVersion,
          startScn,
        ],
      );
      c.engine.run(`UPDATE _inner_backup_job SET status = 'DOING', state_ts = ? WHERE tenant_id = ? AND job_id = ?`, [this.now, tenantId, num(j.job_id)]);
    });
  }

  private userJobDoing(j: Row): void {
    const c = this.c;
    const tenantId = num(j.tenant_id);
    const jobId = num(j.job_id);
    if (forcedFailure(j) !== null) return this.failJob(j, forcedFailure(j) as number);
    const err = this.archiveError(tenantId);
    if (err !== null) return this.failJob(j, err);
    const duration = Math.max(1, num(j.duration_us));
    const forced = j.force === "COMPLETED";
    const f = forced ? 1 : Math.min(1, (this.now - num(j.state_ts)) / duration);
    if (f >= 1) {
      // the set task writes its final info and completes; the job follows on a later pass, and a failure in
      // between leaves a BROKEN set (write_backup_set_info_, §0.2). finishJob does both at once.
      const task = c.engine.one(`SELECT status, end_ts FROM _inner_backup_task WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
      if (task?.status !== "COMPLETED") this.writeFinalInfo(j);
      if (forced || (task?.status === "COMPLETED" && this.now > num(task.end_ts))) this.setJobStatus(j, "COMPLETED", 0, "");
      return;
    }
    const phases = taskPhases(c);
    const phase = [...phases].reverse().find(([, at]) => f >= at)?.[0] ?? "INIT";
    const done = Math.floor(MACRO_BLOCKS * f);
    c.engine.run(
      `UPDATE _inner_backup_task SET status = ?, finish_macro_block_count = ?, finish_tablet_count = ?, input_bytes = ?,
        output_bytes = ?, file_count = ?, data_turn_id = CASE WHEN ? >= 0.15 THEN 1 ELSE 0 END
       WHERE tenant_id = ? AND job_id = ?`,
      [phase, done, Math.floor(TABLETS * f), done * BYTES_PER_MACRO, Math.floor((done * BYTES_PER_MACRO) / 2), Math.floor(done / 64), f, tenantId, jobId],
    );
    c.engine.run(
      `UPDATE _inner_backup_set_files SET finish_macro_block_count = ?, finish_tablet_count = ?, input_bytes = ?, output_bytes = ?
       WHERE tenant_id = ? AND backup_set_id = ?`,
      [done, Math.floor(TABLETS * f), done * BYTES_PER_MACRO, Math.floor((done * BYTES_PER_MACRO) / 2), tenantId, num(j.backup_set_id)],
    );
  }

  private writeFinalInfo(j: Row): void {
    const c = this.c;
    const tenantId = num(j.tenant_id);
    const endScn = this.now * 1000;
    const bytes = MACRO_BLOCKS * BYTES_PER_MACRO;
    c.engine.transaction(() => {
      c.engine.run(
        `UPDATE _inner_backup_task SET status = 'COMPLETED', end_ts = ?, end_scn = ?, user_ls_start_scn = start_scn,
          finish_macro_block_count = macro_block_count, finish_tablet_count = tablet_count, input_bytes = ?, output_bytes = ?,
          file_count = ?, data_turn_id = 1 WHERE tenant_id = ? AND job_id = ?`,
        [this.now, endScn, bytes, bytes / 2, Math.floor(MACRO_BLOCKS / 64), tenantId, num(j.job_id)],
      );
      c.engine.run(
        `UPDATE _inner_backup_set_files SET status = 'SUCCESS', file_status = 'AVAILABLE', end_ts = ?, min_restore_scn = ?,
          consistent_scn = ?, finish_macro_block_count = macro_block_count, finish_tablet_count = tablet_count,
          input_bytes = ?, output_bytes = ?, file_count = ?, data_turn_id = 1 WHERE tenant_id = ? AND backup_set_id = ?`,
        [this.now, endScn, endScn, bytes, bytes / 2, Math.floor(MACRO_BLOCKS / 64), tenantId, num(j.backup_set_id)],
      );
    });
  }

  /** deal_non_reentrant_job: FAILED with the code and a RootService comment (§3.1). */
  failJob(j: Row, code: number): void {
    const names: Record<number, string> = {
      [-9027]: "OB_LOG_ARCHIVE_INTERRUPTED",
      [-9029]: "OB_LOG_ARCHIVE_NOT_RUNNING",
      [-9080]: "OB_BACKUP_FORMAT_FILE_NOT_EXIST",
      [-9070]: "OB_BACKUP_DEST_NOT_CONNECT",
      [-4016]: "OB_ERR_UNEXPECTED",
    };
    const trace = `Y${(num(j.tenant_id) * 1000 + num(j.job_id)).toString(16).toUpperCase()}-0005F2A0B1C2D3E4-0-0`;
    const comment = `(ROOTSERVICE)addr: 127.0.0.1:2882, result: ${code}(${names[code] ?? "OB_ERROR"}), trace_id: ${trace}`;
    // the job's result is set before the set task is failed, so the set carries the code (deal_failed_set_task)
    this.endSetAndTask(j, "FAILED", code, code);
    this.setJobStatus(j, "FAILED", code, comment);
  }

  private userJobCanceling(j: Row): void {
    if (this.now - num(j.state_ts) < this.ms(Math.min(1000, this.c.options.historyDelayMs))) return;
    this.c.engine.transaction(() => {
      // the set is failed while the job is still CANCELING with result 0; OB_CANCELED reaches only the task
      // now and the job afterwards (do_cancel_, cancel_; §0.2)
      this.endSetAndTask(j, "CANCELED", OB.CANCELED.obCode, num(j.result));
      this.setJobStatus(j, "CANCELED", OB.CANCELED.obCode, "");
    });
  }

  /** The set task ends with `taskResult`; the set file row copies the job's result as it is at that moment. */
  private endSetAndTask(j: Row, taskStatus: string, taskResult: number, jobResult: number): void {
    const e = this.c.engine;
    // advance_task_status: comment = result == OB_SUCCESS ? "" : ob_strerror(result)
    e.run(`UPDATE _inner_backup_task SET status = ?, result = ?, comment = ?, end_ts = ? WHERE tenant_id = ? AND job_id = ?`, [
      taskStatus,
      taskResult,
      taskResult === 0 ? "" : strerror(taskResult),
      this.now,
      num(j.tenant_id),
      num(j.job_id),
    ]);
    // a stopped or failed set keeps what it wrote: incomplete data that automatic cleanup removes (§3.1); once
    // its final info is written (SUCCESS), the info is rewritten with the failure and the set is BROKEN (§0.2)
    e.run(
      `UPDATE _inner_backup_set_files SET file_status = CASE WHEN status = 'SUCCESS' THEN 'BROKEN' ELSE 'INCOMPLETE' END,
        status = 'FAILED', result = ?, comment = '', end_ts = ?
       WHERE tenant_id = ? AND backup_set_id = ? AND status IN ('DOING', 'SUCCESS')`,
      [jobResult, this.now, num(j.tenant_id), num(j.backup_set_id)],
    );
  }

  private setJobStatus(j: Row, status: string, result: number, comment: string): void {
    this.c.engine.run(
      `UPDATE _inner_backup_job SET status = ?, result = ?, comment = ?, end_ts = ?, state_ts = ? WHERE tenant_id = ? AND job_id = ?`,
      [status, result, comment, this.now, this.now, num(j.tenant_id), num(j.job_id)],
    );
  }

  /** A finished job moves to history on a later pass; a child first reports a failure to its sys job. */
  private toHistoryWhenDue(j: Row): void {
    const c = this.c;
    if (this.now - num(j.state_ts) < this.ms(c.options.historyDelayMs)) return;
    const tenantId = num(j.tenant_id);
    const jobId = num(j.job_id);
    c.engine.transaction(() => {
      if (num(j.initiator_tenant_id) === 1 && tenantId !== 1 && num(j.result) !== 0) {
        c.engine.run(`UPDATE _inner_backup_job SET result = ? WHERE tenant_id = 1 AND job_id = ? AND result = 0`, [num(j.result), num(j.initiator_job_id)]);
      }
      c.engine.run(`INSERT INTO _inner_backup_job_history SELECT * FROM _inner_backup_job WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
      c.engine.run(`DELETE FROM _inner_backup_job WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
      // move_task_to_his: the totals become what was finished before the row is copied (§0.2)
      c.engine.run(
        `UPDATE _inner_backup_task SET macro_block_count = finish_macro_block_count, tablet_count = finish_tablet_count
         WHERE tenant_id = ? AND job_id = ?`,
        [tenantId, jobId],
      );
      c.engine.run(`INSERT INTO _inner_backup_task_history SELECT * FROM _inner_backup_task WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
      c.engine.run(`DELETE FROM _inner_backup_task WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
    });
  }

  // ---- the sys umbrella job (§1.6, §3.1) ---------------------------------------------------------------------

  private sysJobs(): void {
    const c = this.c;
    for (const j of c.engine.all(`SELECT * FROM _inner_backup_job WHERE tenant_id = 1 ORDER BY job_id`)) {
      const status = String(j.status);
      const jobId = num(j.job_id);
      const children = () =>
        c.engine.all(`SELECT * FROM _inner_backup_job WHERE tenant_id <> 1 AND initiator_tenant_id = 1 AND initiator_job_id = ?`, [jobId]);
      if (status === "INIT") {
        if (this.now - num(j.state_ts) < this.ms(Math.min(500, c.options.backupDurationMs / 20))) continue;
        for (const id of String(j.executor_tenant_id).split(",").filter(Boolean).map(Number)) {
          const t = c.tenantById(id);
          const blocker = t ? backupBlocker(c, t, 1, true) : null;
          if (!t || blocker) {
            // a tenant that cannot start is skipped; only a rootservice event records it (§1.6)
            c.event(id, `backup_data: tenant ${t?.name ?? id} skipped by sys job ${jobId}: ${blocker?.message ?? "tenant not found"}`);
            continue;
          }
          insertUserJob(c, t, {
            type: j.backup_type === "INC" ? "INC" : "FULL",
            cmd: { plusArchivelog: j.plus_archivelog === "ON", description: String(j.description) },
            initiatorTenantId: 1,
            initiatorJobId: jobId,
            encryption: j.encryption_mode === "PASSWORD" ? { mode: "PASSWORD", passwd: String(j.passwd) } : null,
          });
        }
        c.engine.run(`UPDATE _inner_backup_job SET status = 'DOING', state_ts = ? WHERE tenant_id = 1 AND job_id = ?`, [this.now, jobId]);
      } else if (status === "DOING") {
        if (children().length === 0) {
          const fresh = c.engine.one(`SELECT result FROM _inner_backup_job WHERE tenant_id = 1 AND job_id = ?`, [jobId]);
          const result = num(fresh?.result);
          this.setJobStatus({ ...j, result }, result === 0 ? "COMPLETED" : "FAILED", result, "");
        }
      } else if (status === "CANCELING") {
        c.engine.run(
          `UPDATE _inner_backup_job SET status = 'CANCELING', state_ts = ? WHERE tenant_id <> 1 AND initiator_tenant_id = 1
           AND initiator_job_id = ? AND status IN ('INIT', 'DOING')`,
          [this.now, jobId],
        );
        if (children().length === 0) this.setJobStatus(j, "CANCELED", -4072, "");
      } else {
        this.toHistoryWhenDue(j);
      }
    }
  }

  // ---- cleanup (delete) jobs (§1.8, §3.3) ----------------------------------------------------------------------

  private policyWindowUs(tenantId: number): number | null {
    const p = this.c.engine.one(`SELECT recovery_window FROM _inner_backup_delete_policy WHERE tenant_id = ? AND policy_name = 'default'`, [tenantId]);
    if (!p) return null;
    return parseTimeString(String(p.recovery_window)) ?? 0;
  }

  /**
   * When more than the trigger period (an hour) has passed since the last trigger, each tenant with a positive
   * recovery window gets a DELETE OBSOLETE BACKUP job (§1.8). This is the only source of automatic cleanup: a
   * cancel starts none, whatever the user's document says (§0.2).
   */
  private cleanupTrigger(): void {
    if (!(this.now > this.lastTriggerUs + this.ms(this.c.options.cleanupTriggerMs))) return;
    this.lastTriggerUs = this.now;
    for (const t of this.c.userTenants()) {
      const w = this.policyWindowUs(t.id);
      if (w === null || w <= 0) continue; // window 0: the trigger does nothing (§1.8)
      this.startDeleteJob(t.id, this.now - w);
    }
  }

  startDeleteJob(tenantId: number, cutoffUs: number): void {
    const c = this.c;
    if (c.engine.one(`SELECT 1 FROM _inner_backup_delete_job WHERE tenant_id = ?`, [tenantId])) return;
    const jobId = c.nextId(tenantId, "next_job_id");
    c.engine.run(
      `INSERT INTO _inner_backup_delete_job VALUES (?, ?, 1, ?, 0, ?, 'DELETE OBSOLETE BACKUP', ?, 'USER_TENANT', ?, 0, 'INIT', 0, 0, 0, '', ?)`,
      [tenantId, jobId, tenantId, String(tenantId), Math.floor(cutoffUs), this.now, this.now],
    );
  }

  private deleteJobs(): void {
    const c = this.c;
    const e = c.engine;
    for (const j of e.all(`SELECT * FROM _inner_backup_delete_job ORDER BY tenant_id, job_id`)) {
      const tenantId = num(j.tenant_id);
      const jobId = num(j.job_id);
      const since = num(j.state_ts);
      const status = String(j.status);
      const setJob = (st: string, extra = "", params: (number | string)[] = []) =>
        e.run(`UPDATE _inner_backup_delete_job SET status = ?, state_ts = ?${extra} WHERE tenant_id = ? AND job_id = ?`, [st, this.now, ...params, tenantId, jobId]);
      if (status === "INIT") {
        if (this.now - since < this.ms(Math.min(1000, c.options.cleanupDurationMs / 2))) continue;
        const sets = this.obsoleteSets(tenantId, num(j.parameter));
        e.transaction(() => {
          for (const s of sets) {
            const taskId = c.nextId(tenantId, "next_task_id");
            e.run(`INSERT INTO _inner_backup_delete_task VALUES (?, ?, 1, ?, 'BACKUP SET', ?, 0, ?, ?, 0, 'DOING', 1, 0, 0, '', ?)`, [
              tenantId,
              taskId,
              jobId,
              num(s.backup_set_id),
              num(s.dest_id),
              this.now,
              String(s.path),
            ]);
            e.run(`UPDATE _inner_backup_set_files SET file_status = 'DELETING' WHERE tenant_id = ? AND backup_set_id = ?`, [tenantId, num(s.backup_set_id)]);
          }
          setJob("DOING", ", task_count = ?", [sets.length]);
        });
      } else if (status === "DOING") {
        if (this.now - since < this.ms(c.options.cleanupDurationMs)) continue;
        e.transaction(() => {
          for (const task of e.all(`SELECT * FROM _inner_backup_delete_task WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId])) {
            e.run(`UPDATE _inner_backup_set_files SET file_status = 'DELETED' WHERE tenant_id = ? AND backup_set_id = ?`, [tenantId, num(task.id)]);
          }
          e.run(`UPDATE _inner_backup_delete_task SET status = 'COMPLETED', finish_ls_count = total_ls_count, end_ts = ? WHERE tenant_id = ? AND job_id = ?`, [
            this.now,
            tenantId,
            jobId,
          ]);
          setJob("COMPLETED", ", success_task_count = task_count, end_ts = ?", [this.now]);
        });
      } else if (status === "CANCELING") {
        e.transaction(() => {
          for (const task of e.all(`SELECT * FROM _inner_backup_delete_task WHERE tenant_id = ? AND job_id = ? AND status IN ('INIT','DOING')`, [tenantId, jobId])) {
            e.run(
              `UPDATE _inner_backup_set_files SET file_status = CASE WHEN status = 'SUCCESS' THEN 'AVAILABLE' ELSE 'INCOMPLETE' END
               WHERE tenant_id = ? AND backup_set_id = ? AND file_status = 'DELETING'`,
              [tenantId, num(task.id)],
            );
          }
          e.run(`UPDATE _inner_backup_delete_task SET status = 'CANCELED', result = -4072, end_ts = ? WHERE tenant_id = ? AND job_id = ? AND status IN ('INIT','DOING')`, [
            this.now,
            tenantId,
            jobId,
          ]);
          setJob("CANCELED", ", result = -4072, end_ts = ?", [this.now]);
        });
      } else if (this.now - since >= this.ms(c.options.historyDelayMs)) {
        e.transaction(() => {
          e.run(`INSERT INTO _inner_backup_delete_job_history SELECT * FROM _inner_backup_delete_job WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
          e.run(`DELETE FROM _inner_backup_delete_job WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
          e.run(`INSERT INTO _inner_backup_delete_task_history SELECT * FROM _inner_backup_delete_task WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
          e.run(`DELETE FROM _inner_backup_delete_task WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
        });
      }
    }
  }

  /**
   * What a cleanup removes at the current destination: incomplete sets (stopped or failed backups), and sets
   * that ended before the cut-off, always keeping the newest successful full backup and what follows it.
   */
  private obsoleteSets(tenantId: number, cutoffUs: number): Row[] {
    const e = this.c.engine;
    const dest = e.one(`SELECT value FROM _inner_backup_parameter WHERE tenant_id = ? AND name = 'data_backup_dest'`, [tenantId]);
    const latestFull = e.one(
      `SELECT MAX(backup_set_id) AS id FROM _inner_backup_set_files WHERE tenant_id = ? AND status = 'SUCCESS' AND backup_type = 'FULL' AND file_status = 'AVAILABLE'`,
      [tenantId],
    );
    const keepFrom = num(latestFull?.id) || Number.MAX_SAFE_INTEGER;
    const rows = e.all(
      `SELECT * FROM _inner_backup_set_files WHERE tenant_id = ? AND status <> 'DOING'
       AND ((file_status = 'INCOMPLETE') OR (file_status = 'AVAILABLE' AND end_ts < ? AND backup_set_id < ?))
       ORDER BY backup_set_id`,
      [tenantId, cutoffUs, keepFrom],
    );
    // cleanup works only on the current DATA_BACKUP_DEST (§1.8)
    const path = dest && String(dest.value) !== "" ? publicPath(parseDest(String(dest.value))) : null;
    return rows.filter((r) => String(r.path) === path);
  }
}
