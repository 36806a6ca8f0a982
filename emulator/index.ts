// startEmulator(): an in-process OceanBase backup emulator on 127.0.0.1, and the handle tests drive it with.

import { Cluster, Session } from "./cluster";
import { ObError, obErrorCode } from "./errors";
import { markRestoreFailure } from "./restore";
import { Faults } from "./faults";
import { EmulatorOptions, resolveOptions, ResolvedOptions } from "./options";
import { Scheduler } from "./scheduler";
import { EmulatorServer, StatementRecord } from "./server";
import { makeTlsMaterial } from "./tls";
import type { Row } from "./sqlengine";

export type { EmulatorOptions, TenantOptions, TlsOptions, UserOptions } from "./options";
export type { StatementRecord } from "./server";
export type { InjectedError, StatementMatch } from "./faults";

export interface RestoreJobInfo {
  /** 1 for the sys job, the new tenant's id for its own job */
  tenantId: number;
  jobId: number;
  restoreTenantName: string;
  /** "" on the sys row until the tenant exists */
  restoreTenantId: string;
  /** the inner status (CREATE_TENANT, RESTORE_WAIT_LS, …); SUCCESS or FAIL once in history */
  status: string;
  comment: string;
  inHistory: boolean;
}

export interface EmulatorHandle {
  readonly host: string;
  readonly port: number;
  readonly options: ResolvedOptions;
  readonly faults: Faults;
  /** PEM of the CA that signed the emulator's TLS certificate (made at start), or null without `tls` */
  readonly tlsCa: string | null;
  /** the emulated clock, ms since the epoch */
  now(): number;
  /** moves the emulated clock forward and runs the background work over that span */
  advance(ms: number): void;
  /** runs the background work once at the current time */
  tick(): void;
  /**
   * when the automatic cleanup trigger is next due (ms on the emulated clock); it fires on the first pass after
   * that moment. Hourly from the start unless `cleanupTriggerMs` says otherwise.
   */
  nextCleanupTrigger(): number;
  /** every statement received, in order (passwords and access keys redacted) */
  statements(): StatementRecord[];
  clearStatements(): void;
  /** runs a SELECT as root of a tenant (default sys), for assertions */
  sql(query: string, tenant?: string): Record<string, string | null>[];
  /** marks a tenant's running backup job (default: its newest) to complete on the next tick */
  finishJob(tenant: string, jobId?: number): void;
  /** marks a tenant's running backup job (default: its newest) to fail with `code` (default -9029) on the next tick */
  failJob(tenant: string, jobId?: number, code?: number): void;
  /** puts the tenant's archive round in INTERRUPTED (logs recycled before they were archived) */
  interruptArchive(tenant: string): void;
  setTenantStatus(tenant: string, status: string): void;
  /**
   * makes the running restore of `tenant` fail on the next pass with `error`, an OB code (-9094) or name
   * (OB_LS_RESTORE_FAILED, the default): the tenant's own job if it exists yet, else the sys job at
   * CREATE_TENANT (then the blocking RESTORE statement answers 9099). History COMMENT as restore research §3.2.
   */
  failRestore(tenant: string, error?: string | number): void;
  /** every restore job row, running (progress) and finished (history), with the raw inner STATUS */
  restores(): RestoreJobInfo[];
  /** things OceanBase only logs, e.g. tenants a sys BACKUP DATABASE skipped */
  events(): { at: number; tenant: string; event: string }[];
  /** the storage the emulated destinations live on */
  storage: Cluster["storage"];
  /** drops every connection and refuses new ones for `downMs`, keeping all state (a server restart) */
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const resolved = resolveOptions(options);
  const cluster = await Cluster.create(resolved);
  const scheduler = new Scheduler(cluster);
  const tls = resolved.tls ? makeTlsMaterial(resolved.tls.serverNames) : null;
  const server = new EmulatorServer(cluster, tls);
  const port = await server.listen(resolved.host, resolved.port);
  let timer: NodeJS.Timeout | null = null;
  const safeTick = () => {
    try {
      scheduler.tick();
    } catch (e) {
      // the scheduler must never take the server down; a bug here shows in the event log
      cluster.event(1, `scheduler error: ${(e as Error).message}`);
    }
  };
  if (resolved.clock === "real") {
    timer = setInterval(safeTick, resolved.tickMs);
    timer.unref();
  }
  const tenantOf = (name: string) => {
    const t = cluster.systemContext(() => cluster.tenantByName(name));
    if (!t) throw new Error(`no tenant named ${name}`);
    return t;
  };
  const markJob = (tenant: string, jobId: number | undefined, force: string) => {
    const t = tenantOf(tenant);
    cluster.systemContext(() => {
      const where = jobId === undefined ? `job_id = (SELECT MAX(job_id) FROM _inner_backup_job WHERE tenant_id = ?)` : `job_id = ?`;
      const n = cluster.engine.run(
        `UPDATE _inner_backup_job SET force = ? WHERE tenant_id = ? AND status IN ('INIT', 'DOING') AND ${where}`,
        [force, t.id, jobId ?? t.id],
      );
      if (n === 0) throw new Error(`tenant ${tenant} has no running backup job${jobId === undefined ? "" : ` ${jobId}`}`);
    });
  };
  const sysSession = (tenant: string): Session => {
    const t = tenantOf(tenant);
    return {
      id: 0,
      user: t.mode === "ORACLE" ? "SYS" : "root",
      tenantId: t.id,
      tenantName: t.name,
      oracle: t.mode === "ORACLE",
      alterSystem: true,
      database: t.mode === "ORACLE" ? "SYS" : "oceanbase",
      vars: new Map(),
      userVars: new Map(),
      decryption: [],
      tzOffset: cluster.context(null).tzOffsetMinutes,
    };
  };

  const handle: EmulatorHandle = {
    host: resolved.host,
    port,
    options: resolved,
    faults: server.faults,
    tlsCa: tls?.caPem ?? null,
    storage: cluster.storage,
    now: () => cluster.clock.nowMs(),
    advance(ms: number) {
      // step through the span so that every state machine passes each state at its own time
      const step = Math.max(resolved.tickMs, Math.ceil(ms / 5000));
      let left = ms;
      while (left > 0) {
        const d = Math.min(step, left);
        cluster.clock.skip(d);
        left -= d;
        safeTick();
      }
      safeTick();
    },
    tick: safeTick,
    nextCleanupTrigger: () => scheduler.nextCleanupTriggerMs(),
    statements: () => server.log.slice(),
    clearStatements: () => {
      server.log.length = 0;
    },
    sql(query: string, tenant = "sys") {
      const r = cluster.execute(sysSession(tenant), query);
      if (r.kind !== "rows") return [];
      return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
    },
    finishJob: (tenant, jobId) => markJob(tenant, jobId, "COMPLETED"),
    failJob: (tenant, jobId, code = -9029) => markJob(tenant, jobId, `FAILED:${code}`),
    interruptArchive(tenant: string) {
      const t = tenantOf(tenant);
      cluster.systemContext(() => {
        const n = cluster.engine.run(
          `UPDATE _inner_log_archive_progress SET status = 'INTERRUPTED', state_ts = ?, comment = 'log stream 1001 interrupted'
           WHERE tenant_id = ? AND status IN ('BEGINNING', 'DOING')`,
          [cluster.nowUs(), t.id],
        );
        if (n === 0) throw new Error(`tenant ${tenant} has no archive round in BEGINNING or DOING`);
      });
    },
    setTenantStatus(tenant: string, status: string) {
      const t = tenantOf(tenant);
      cluster.systemContext(() => cluster.engine.run(`UPDATE _inner_tenant SET status = ? WHERE tenant_id = ?`, [status, t.id]));
    },
    failRestore(tenant: string, error: string | number = "OB_LS_RESTORE_FAILED") {
      const code = typeof error === "number" ? error : obErrorCode(error);
      if (code === undefined) throw new Error(`unknown OceanBase error ${error}`);
      cluster.systemContext(() => markRestoreFailure(cluster, tenant, code));
    },
    restores: () =>
      cluster.systemContext(() =>
        cluster.engine
          .all(
            `SELECT *, 0 AS in_history FROM _inner_restore_job UNION ALL SELECT *, 1 FROM _inner_restore_job_history ORDER BY job_id, tenant_id`,
          )
          .map((r) => ({
            tenantId: Number(r.tenant_id),
            jobId: Number(r.job_id),
            restoreTenantName: String(r.restore_tenant_name),
            restoreTenantId: String(r.restore_tenant_id ?? ""),
            status: String(r.status),
            comment: String(r.comment ?? ""),
            inHistory: Number(r.in_history) === 1,
          })),
      ),
    events: () =>
      cluster.events.map((e) => ({
        at: Math.floor(e.at / 1000),
        tenant: cluster.systemContext(() => cluster.tenantById(e.tenantId)?.name ?? String(e.tenantId)),
        event: e.event,
      })),
    async restart(downMs = 0) {
      await server.close();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await server.listen(resolved.host, port);
    },
    async close() {
      if (timer) clearInterval(timer);
      await server.close();
    },
  };
  return handle;
}

export { ObError };
export type { Row };
