// The BackupJob resource, its whole life: check, diff, create, read, update, delete (reference §1.6, §1.7,
// §3.1, §5.2). This module's exports are the dynamic provider Pulumi loads.

import { createHash, randomBytes } from "crypto";
import { log } from "./progress-log";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkInputs } from "./check";
import { checkAgainstServer } from "./tenant-check";
import { Connected, configureFrom, openDedicated } from "./connection";
import { explain, isConnectionLost, obCode, ProviderError } from "./errors";
import { endedByCancel, JobRow, RUNNING_STATUSES, TERMINAL_STATUSES } from "./model";
import * as ob from "./ob";
import { backupStatement, cancelBackupStatement, literal, setEncryptionStatement } from "./sql";
import { declaredInputs, declaredOutputs, inputsOf, plain } from "./resource-kit";
import { replaceOnChanges } from "./schema";
import { JobKey, jobKey, readJob, readJobs } from "./job-reads";
import { findTenant, unknownTenant } from "./tenant-target";
import { BackupJobInputs, BackupJobOutputs, BackupJobToken, SkippedTenant, TenantBackupJob } from "./types.generated";
import { clock } from "./clock";
import { deadlineIn, identifyGraceMs, pause, pollIntervalMs, waitFor, WaitTimeoutError } from "./wait";

const INPUT_KEYS: (keyof BackupJobInputs)[] = [
  "connection",
  "tenants",
  "backupType",
  "plusArchivelog",
  "description",
  "backupPassword",
  "state",
  "waitForCompletion",
  "timeoutSeconds",
  "cancelOnDelete",
  "adoptJobId",
];

/** Status of a resource whose BACKUP statement was sent but whose job is not identified yet. */
const PENDING = "PENDING";

// ---- check and diff ------------------------------------------------------------------------------------------

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  const { inputs, failures } = checkInputs(BackupJobToken, news);
  // 0 for a resource new to the stack (a first create, and its retries after a run that died); one more than
  // recorded for one the stack holds, so that a replacement's marker is never its predecessor's (see markerKey)
  inputs.generation = Object.keys(olds).length > 0 ? (typeof olds.generation === "number" ? olds.generation : 0) + 1 : 0;
  if (inputs.backupPassword !== undefined && inputs.adoptJobId !== undefined) {
    failures.push({ property: "backupPassword", reason: "cannot be set with adoptJobId: an adopted job was already started, so its password cannot be set, got [secret]" });
  }
  failures.push(...(await checkAgainstServer(inputs, failures, olds)));
  return { inputs, failures };
}

// exact names: the server's are case-sensitive (reference §0.1); the order does not matter
const normTenants = (t: unknown) => (Array.isArray(t) ? t.map((x) => String(x)).sort() : undefined);

function sameValue(k: string, a: unknown, b: unknown): boolean {
  if (k === "tenants") return JSON.stringify(normTenants(a)) === JSON.stringify(normTenants(b));
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export async function diff(_id: string, olds: BackupJobOutputs, news: BackupJobInputs): Promise<dynamic.DiffResult> {
  const changed = INPUT_KEYS.filter((k) => !sameValue(k, olds[k], news[k]));
  const replaceable = new Set(replaceOnChanges(BackupJobToken));
  const replaces = changed.filter((k) => replaceable.has(k));
  // a cancelled backup cannot resume: declaring it running again starts a new one, which preview must show as such
  if (olds.state === "cancelled" && news.state === "running" && !replaces.includes("state")) replaces.push("state");
  // a job whose BACKUP was sent but not identified yet must be looked for again: that is an update
  const pending = olds.status === PENDING;
  return { changes: changed.length > 0 || pending, replaces, deleteBeforeReplace: false };
}

// ---- create --------------------------------------------------------------------------------------------------

export async function create(inputs: BackupJobInputs): Promise<dynamic.CreateResult> {
  inputs = declaredInputs(BackupJobToken, inputs);
  const deadline = deadlineIn(inputs.timeoutSeconds);
  const c = await ob.connect(inputs.connection, "connecting to OceanBase");
  let outs: BackupJobOutputs;
  if (inputs.adoptJobId !== undefined) outs = await adopt(c, inputs, deadline);
  else if (inputs.state === "cancelled") outs = await cancelWhatRuns(c, inputs, deadline);
  else outs = await start(c, inputs, deadline, markerKey(inputs));
  return { id: resourceId(c, outs), outs };
}

/**
 * The key of the `[pulumi:<key>]` marker a create (or a restart after a cancel) appends to DESCRIPTION. With the
 * SDK's resourceKey (project, stack, type and name) it is derived, so a retry after a run that died computes
 * the same key before it sends anything and finds the job it may have started: a hash of resourceKey, the
 * generation check() gives (0 for a resource new to the stack, one more than recorded for a replacement) and the
 * inputs that force a replacement, never backupPassword (the marker is readable in the job views). Without a
 * resourceKey (the provider used directly) it is random, as before: such a create is not safe to retry.
 */
export function markerKey(inputs: BackupJobInputs): string {
  if (!inputs.resourceKey) return randomBytes(6).toString("hex");
  const identity = [
    inputs.resourceKey,
    inputs.generation ?? 0,
    inputs.connection ?? null,
    normTenants(inputs.tenants) ?? null,
    inputs.backupType,
    inputs.plusArchivelog,
    inputs.description ?? null,
    inputs.adoptJobId ?? null,
  ];
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 12);
}

const marker = (key: string) => `[pulumi:${key}]`;

function jobDescription(userText: string | undefined, key: string): string {
  return userText ? `${userText} ${marker(key)}` : marker(key);
}

function resourceId(c: Connected, o: BackupJobOutputs): string {
  if (o.status === PENDING) return `pending/${o.jobKey}`;
  if (o.sysJobId > 0) return `sys/${o.sysJobId}`;
  if (o.jobs.length === 1 && o.state === "running") return `${o.jobs[0].tenant}/${o.jobs[0].jobId}`;
  if (o.jobs.length > 0) return `${o.state}/${o.jobs.map((j) => `${j.tenant}/${j.jobId}`).join(",")}`;
  return `${o.state}/${c.tenant.tenantName}/${o.jobKey}`;
}

interface Targets {
  /** canonical tenant names; null: every tenant (sys BACKUP DATABASE) */
  names: string[] | null;
  /** name by id for every tenant the resource covers */
  byId: Map<number, string>;
}

/** The tenants a statement covers, checked against what the login can see (reference §1.1). */
async function resolveTargets(
  c: Connected,
  declared: string[] | undefined,
  doing: string,
  known?: { tenantId: number; tenantName: string }[],
): Promise<Targets> {
  const visible = known ?? (await ob.tenantsNaming(c, declared ?? []));
  if (!c.tenant.isSys) {
    const own = c.tenant.tenantName;
    const wrongCase = (declared ?? []).filter((t) => t !== own && t.toLowerCase() === own.toLowerCase());
    if (wrongCase.length > 0) {
      throw new ProviderError(`${doing}: connected to tenant ${own}, but tenants names ${wrongCase.join(", ")}: tenant names are case-sensitive, write ${own}`);
    }
    const others = (declared ?? []).filter((t) => t !== own);
    if (others.length > 0) {
      throw new ProviderError(
        `${doing}: connected to tenant ${own}, which can only back up or cancel itself, but tenants names ${others.join(", ")}; connect to sys (root@sys) to name other tenants`,
      );
    }
    return { names: null, byId: new Map([[c.tenant.tenantId, own]]) };
  }
  if (declared === undefined) return { names: null, byId: new Map(visible.map((t) => [t.tenantId, t.tenantName])) };
  const byId = new Map<number, string>();
  const missing: string[] = [];
  for (const name of declared) {
    const t = findTenant(visible, name);
    if (!t) missing.push(name);
    else byId.set(t.tenantId, t.tenantName);
  }
  if (missing.length > 0) throw new ProviderError(`${doing}: ${missing.map((m) => unknownTenant(m, visible, c.describe)).join("; ")}`);
  return { names: [...byId.values()], byId };
}

async function start(c: Connected, inputs: BackupJobInputs, deadline: number, key: string): Promise<BackupJobOutputs> {
  const doing = `starting the backup${inputs.tenants ? ` of ${inputs.tenants.join(", ")}` : ""}`;
  const initiator = c.tenant.isSys ? 1 : c.tenant.tenantId;
  // before anything is sent: a derived marker may already be on a job, started by a run that died before this
  // create returned (its state holds no resource). A job of it that still runs is this create's: adopted. One
  // that ended is not (it may be an earlier incarnation's, before a destroy); a new job must be newer than it.
  let floor = 0;
  if (inputs.resourceKey) {
    const earlier = await markedJobs(c, initiator, key);
    const running = earlier.rows.filter((j) => stillRuns(j, earlier.seen));
    if (running.length > 0) {
      const j = running[running.length - 1];
      log.warn(
        `${doing}: job ${j.jobId} marked ${marker(key)} (started ${j.startTime}) is ${j.status}: an earlier run of this create died before it returned; ` +
          "it is adopted, and no second BACKUP is sent",
      );
      const targets = await resolveTargets(c, inputs.tenants, doing);
      return finishStart(c, inputs, { job: j, seen: earlier.seen }, key, targets, new Map(), deadline);
    }
    for (const j of earlier.rows) {
      log.info(`${doing}: job ${j.jobId} marked ${marker(key)} already ended ${j.status}; not adopted (an ended job may be an earlier incarnation's), a new backup starts`);
    }
    floor = Math.max(0, ...earlier.rows.map((j) => j.jobId));
  }
  const ready = await ob.readiness(c);
  const targets = await resolveTargets(c, inputs.tenants, doing, ready);
  const reasons = new Map<number, string>();
  for (const r of ready) {
    const why = ob.notReadyReason(r);
    if (why && targets.byId.has(r.tenantId)) reasons.set(r.tenantId, why);
  }
  // OceanBase refuses the whole statement when a named tenant cannot start; say which and why, all at once.
  // A running job of the same initiator is left to the statement: if it has just finished, 9036 is retried.
  const blocking = [...reasons].filter(([id, why]) => !(why.startsWith("a backup") && targets.byId.has(id)));
  if (blocking.length > 0 && (targets.names !== null || !c.tenant.isSys || blocking.length === targets.byId.size)) {
    throw new ProviderError(
      `${doing}: ${blocking.map(([id, why]) => `tenant ${targets.byId.get(id)}: ${why}`).join("; ")}. ` +
        "A backup needs a data backup destination, log archiving in DOING and a NORMAL tenant (configure them with TenantBackupPolicy)",
    );
  }
  const description = jobDescription(inputs.description, key);
  const statement = backupStatement(
    { incremental: inputs.backupType === "INCREMENTAL", tenants: targets.names, plusArchivelog: inputs.plusArchivelog, description },
    ob.dialectOf(c),
  );
  const pending: BackupJobOutputs = { ...baseOutputs(c, inputs, key), status: PENDING, sysJobId: 0, jobs: [] };
  let outcomeUnknown = false;
  try {
    await issueBackup(c, statement, inputs, deadline, targets, doing);
  } catch (e) {
    if (!isConnectionLost(e)) {
      ob.forgetTenantsOn5160(c, e);
      throw e instanceof ProviderError ? e : explain(e, { doing, where: c.describe, secrets: secretsOf(c, inputs) });
    }
    outcomeUnknown = true;
    log.warn(`${doing}: the connection was lost after the BACKUP statement was sent; looking for the job it may have started`);
  }
  const found = await identify(c, initiator, key, deadline, outcomeUnknown, pending, floor);
  if (!found) {
    // the statement never took effect: it is safe to send it once more
    await issueBackup(c, statement, inputs, deadline, targets, doing);
    const again = await identify(c, initiator, key, deadline, false, pending, floor);
    if (!again) throw initFailed(pending, `${doing}: OceanBase accepted the BACKUP statement but no job marked ${marker(key)} appeared`);
    return finishStart(c, inputs, again, key, targets, reasons, deadline);
  }
  return finishStart(c, inputs, found, key, targets, reasons, deadline);
}

function secretsOf(c: Connected, inputs: BackupJobInputs): string[] {
  return [c.settings.password, inputs.backupPassword ?? ""].filter(Boolean);
}

/** Sends BACKUP (after SET ENCRYPTION on the same, dedicated session); retries 9036 while a finished job moves to history. */
async function issueBackup(c: Connected, statement: string, inputs: BackupJobInputs, deadline: number, targets: Targets, doing: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (inputs.backupPassword !== undefined) {
        const conn = await openDedicated(c.settings);
        try {
          try {
            await conn.query(setEncryptionStatement(inputs.backupPassword, ob.dialectOf(c)));
          } catch (e) {
            if (isConnectionLost(e)) throw e;
            // never back up unencrypted when a password was asked for
            throw explain(e, { doing: `${doing}: the backup password could not be applied, so no backup was started`, where: c.describe, secrets: secretsOf(c, inputs) });
          }
          await conn.query(statement);
        } finally {
          conn.destroy();
        }
      } else {
        await ob.withConnection(c, (conn) => conn.query(statement));
      }
      return;
    } catch (e) {
      if (obCode(e as Error) === 9036 && clock().now() < deadline && (await onlyFinishedJobsBlock(c, targets))) {
        await pause(Math.min(5000, pollIntervalMs() * attempt));
        continue;
      }
      throw e;
    }
  }
}

/** 9036 while every job that blocks is already COMPLETED/FAILED/CANCELED: it is moving to history (§5.2). */
async function onlyFinishedJobsBlock(c: Connected, targets: Targets): Promise<boolean> {
  const initiator = c.tenant.isSys ? 1 : c.tenant.tenantId;
  const ids = c.tenant.isSys ? [...targets.byId.keys()] : [];
  if (c.tenant.isSys && ids.length === 0) return true;
  // every target tenant's jobs of this initiator in one statement (a user tenant sees only its own)
  const where = ids.length > 0 ? `INITIATOR_TENANT_ID = ? AND TENANT_ID IN (${ids.map(() => "?").join(", ")})` : "INITIATOR_TENANT_ID = ?";
  const current = (await ob.jobsOfAnyTenant(c, where, [initiator, ...ids])).filter((j) => !j.inHistory);
  return !current.some((j) => !TERMINAL_STATUSES.includes(j.status));
}

interface Identified {
  job: JobRow;
  /** every job row the lookup returned (from sys: the tenant jobs of the same statement, when they exist yet) */
  seen: JobRow[];
}

/**
 * Finds the job this resource's statement started by the resource's own random marker at the end of its
 * DESCRIPTION. Never "the latest job" (reference §5.2), which another pipeline's backup could be.
 */
async function identify(
  c: Connected,
  tenantId: number,
  key: string,
  deadline: number,
  outcomeUnknown: boolean,
  pending: BackupJobOutputs,
  floor = 0,
): Promise<Identified | undefined> {
  // when the outcome is unknown, keep looking for a while (and across reconnects) before concluding it did not run
  const lookUntil = outcomeUnknown ? Math.min(deadline, clock().now() + identifyGraceMs()) : clock().now();
  let lastError: unknown;
  for (;;) {
    try {
      // every tenant's jobs with the marker: from sys the tenant jobs carry the sys job's description, so the
      // same statement usually brings them too and sysOutputs need not ask again
      const { rows: marked, seen: rows } = await markedJobs(c, tenantId, key);
      // the newest: a derived marker may also be on an earlier incarnation's ended jobs (at or below `floor`)
      const mine = marked.filter((j) => j.jobId > floor).pop();
      if (mine) return { job: mine, seen: rows };
      if (!outcomeUnknown || clock().now() >= lookUntil) return undefined;
    } catch (e) {
      if (!isConnectionLost(e)) throw e;
      lastError = e;
      if (clock().now() >= deadline) {
        throw initFailed(pending, `the backup may have started but the connection to ${c.describe} is lost; the next update looks for it again (${(lastError as Error).message})`);
      }
    }
    await pause(pollIntervalMs());
  }
}

/**
 * The initiator's jobs carrying the marker, oldest first, and every row the lookup returned (from sys the tenant
 * jobs carry the sys job's description, so one statement brings them too).
 */
async function markedJobs(c: Connected, initiator: number, key: string): Promise<{ rows: JobRow[]; seen: JobRow[] }> {
  const seen = await ob.jobsOfAnyTenant(c, `DESCRIPTION LIKE ${literal(`%${marker(key)}`, ob.dialectOf(c))}`, []);
  const rows = seen.filter((j) => j.tenantId === initiator && j.description.endsWith(marker(key))).sort((a, b) => a.jobId - b.jobId);
  return { rows, seen };
}

/**
 * Whether a marked job still runs. A sys job stays DOING a while after its tenant jobs ended (cancelled, say):
 * it runs only while it is INIT (no tenant jobs yet) or one of its tenant jobs is INIT or DOING.
 */
function stillRuns(j: JobRow, seen: JobRow[]): boolean {
  if (!RUNNING_STATUSES.includes(j.status)) return false;
  if (j.tenantId !== 1 || j.status === "INIT") return true;
  const children = seen.filter((x) => x.tenantId !== 1 && x.initiatorTenantId === 1 && x.initiatorJobId === j.jobId);
  return children.length === 0 || children.some((x) => RUNNING_STATUSES.includes(x.status));
}


/** An error that still records the resource (Pulumi's "created but failed to initialize"), so nothing is lost. */
function initFailed(outs: BackupJobOutputs, message: string): Error {
  const e = new ProviderError(message) as ProviderError & { id: string; properties: BackupJobOutputs; reasons: string[] };
  e.id = outs.status === PENDING ? `pending/${outs.jobKey}` : outs.sysJobId > 0 ? `sys/${outs.sysJobId}` : `${outs.jobs[0]?.tenant ?? "job"}/${outs.jobs[0]?.jobId ?? 0}`;
  e.properties = plain(declaredOutputs(BackupJobToken, outs));
  e.reasons = [message];
  return e;
}

/**
 * completeStart, losing nothing: the backup runs, so a failure to read its jobs (the connection lost past the
 * deadline, say) still records the resource, as pending: its marker finds the jobs again at the next update.
 * Failures that record the resource already pass through.
 */
async function finishStart(
  c: Connected,
  inputs: BackupJobInputs,
  found: Identified,
  key: string,
  targets: Targets,
  reasons: Map<number, string>,
  deadline: number,
): Promise<BackupJobOutputs> {
  try {
    return await completeStart(c, inputs, found, key, targets, reasons, deadline);
  } catch (e) {
    if ((e as { properties?: unknown }).properties !== undefined) throw e;
    const why = explain(e, { doing: `reading the jobs of the backup that started (job ${found.job.jobId})`, where: c.describe, secrets: secretsOf(c, inputs) }).message;
    throw initFailed({ ...baseOutputs(c, inputs, key), status: PENDING, sysJobId: 0, jobs: [] }, `${why}; the backup runs, and the next update looks for its jobs again`);
  }
}

async function completeStart(
  c: Connected,
  inputs: BackupJobInputs,
  { job, seen }: Identified,
  key: string,
  targets: Targets,
  reasons: Map<number, string>,
  deadline: number,
): Promise<BackupJobOutputs> {
  let outs: BackupJobOutputs;
  if (c.tenant.isSys) {
    outs = await sysOutputs(c, inputs, key, job.jobId, targets, reasons, deadline, seen);
  } else {
    outs = { ...baseOutputs(c, inputs, key), sysJobId: 0, jobs: [await tenantJob(c, job)], skippedTenants: [], status: "" };
    outs.status = overallStatus(outs.jobs);
  }
  for (const s of outs.skippedTenants) log.warn(`tenant ${s.tenant} was not backed up: ${s.reason}`);
  // tenants named explicitly are a promise: OceanBase refuses such a statement up front, so a skip here means a
  // race (another backup from sys took the tenant first); the job is recorded and the operation fails
  if (targets.names !== null && outs.skippedTenants.length > 0) {
    throw initFailed(outs, `not backed up: ${outs.skippedTenants.map((s) => `tenant ${s.tenant}: ${s.reason}`).join("; ")}`);
  }
  if (inputs.waitForCompletion) outs = await waitForJobs(c, outs, deadline, "the backup to complete");
  return outs;
}

/** The sys job's children appear a moment after it (§1.6); wait until the sys job has left INIT. */
async function sysOutputs(
  c: Connected,
  inputs: BackupJobInputs,
  key: string,
  sysJobId: number,
  targets: Targets,
  reasons: Map<number, string>,
  deadline: number,
  seen: JobRow[] = [],
): Promise<BackupJobOutputs> {
  const family = (rows: JobRow[]) => ({
    sys: rows.find((j) => j.tenantId === 1 && j.jobId === sysJobId),
    children: rows.filter((j) => j.tenantId !== 1 && j.initiatorTenantId === 1 && j.initiatorJobId === sysJobId),
  });
  // rows already seen do only when the sys job has left INIT and every tenant it names has its job among them
  // (a tenant without one may have been skipped, which only a lookup by INITIATOR_JOB_ID may say)
  const known = family(seen);
  const complete = known.sys && known.sys.status !== "INIT" && known.sys.executorTenantIds.every((t) => known.children.some((j) => j.tenantId === t));
  const { sys: sysJob, children } = complete
    ? (known as { sys: JobRow; children: JobRow[] })
    : await waitFor(
        async () => {
          const f = await ob.sysJobWithChildren(c, sysJobId);
          return f.sys && f.sys.status !== "INIT" ? (f as { sys: JobRow; children: JobRow[] }) : undefined;
        },
        { deadline, what: `sys job ${sysJobId} to start its tenant jobs`, describe: () => `sys job ${sysJobId} (INIT)`, intervalMs: Math.min(500, pollIntervalMs()) },
      );
  const jobs: TenantBackupJob[] = [];
  const skipped: SkippedTenant[] = [];
  for (const tenantId of sysJob.executorTenantIds) {
    const child = children.find((j) => j.tenantId === tenantId);
    const name = targets.byId.get(tenantId) ?? String(tenantId);
    if (child) jobs.push(await tenantJob(c, child, name));
    else skipped.push({ tenant: name, reason: (await currentReason(c, tenantId, sysJobId)) ?? "OceanBase skipped it when the sys job started its tenant jobs" });
  }
  // BACKUP DATABASE from sys skips tenants that cannot start, quietly (§1.6): name them and why
  for (const [id, name] of targets.byId) {
    if (!sysJob.executorTenantIds.includes(id)) skipped.push({ tenant: name, reason: reasons.get(id) ?? "OceanBase did not include it" });
  }
  const outs: BackupJobOutputs = { ...baseOutputs(c, inputs, key), sysJobId, jobs, skippedTenants: skipped, status: "" };
  outs.status = overallStatus(jobs, sysJob);
  return outs;
}

async function currentReason(c: Connected, tenantId: number, sysJobId: number): Promise<string | null> {
  const other = (await ob.jobsWhere(c, tenantId, "INITIATOR_TENANT_ID = 1 AND INITIATOR_JOB_ID <> ?", [sysJobId])).find(
    (j) => !TERMINAL_STATUSES.includes(j.status),
  );
  if (other) return `a backup of it started from sys (sys job ${other.initiatorJobId}, its job ${other.jobId}) is already running`;
  const r = (await ob.readiness(c)).find((x) => x.tenantId === tenantId);
  return r ? ob.notReadyReason({ ...r, blockingJobs: 0 }) : null;
}

function baseOutputs(c: Connected, inputs: BackupJobInputs, key: string): Omit<BackupJobOutputs, "sysJobId" | "jobs" | "status"> {
  return { ...inputs, connectedTenant: c.tenant.tenantName, jobKey: key, skippedTenants: [] };
}

const tenantJob = ob.tenantJob;

/** RUNNING, CANCELING, COMPLETED, CANCELED, FAILED or NONE (schema.json `status`). */
function overallStatus(jobs: TenantBackupJob[], sysJob?: JobRow): string {
  const statusOf = (j: { status: string; result: number }) => (endedByCancel(j) ? "CANCELED" : j.status);
  const all = [...jobs.map(statusOf), ...(sysJob && jobs.length === 0 ? [statusOf(sysJob)] : [])];
  if (all.length === 0) return "NONE";
  if (all.some((s) => s === "INIT" || s === "DOING")) return "RUNNING";
  if (all.some((s) => s === "CANCELING")) return "CANCELING";
  if (all.every((s) => s === "COMPLETED")) return "COMPLETED";
  if (all.some((s) => s === "FAILED")) return "FAILED";
  if (all.every((s) => s === "CANCELED")) return "CANCELED";
  return "FAILED";
}

/**
 * Polls until every job is terminal. Any failure records the jobs as last read (they run on in OceanBase):
 * `timedOut` adds advice to the deadline's message; a lost connection past the deadline is explained.
 */
async function untilTerminal(
  c: Connected,
  outs: BackupJobOutputs,
  deadline: number,
  what: string,
  shown: (j: TenantBackupJob) => string,
  timedOut: (message: string) => string,
): Promise<BackupJobOutputs> {
  let current = outs;
  try {
    return await waitFor(
      async () => {
        current = await poll(c, current);
        return current.jobs.every((j) => TERMINAL_STATUSES.includes(j.status)) ? current : undefined;
      },
      {
        deadline,
        what,
        describe: () => current.jobs.filter((j) => !TERMINAL_STATUSES.includes(j.status)).map((j) => `${j.tenant} job ${j.jobId} (${shown(j)})`).join(", "),
        progress: () => current.jobs.map((j) => `${j.tenant} job ${j.jobId}: ${shown(j)}`).join("; "),
      },
    );
  } catch (e) {
    if (e instanceof WaitTimeoutError) throw initFailed(current, timedOut(e.message));
    throw initFailed(current, explain(e, { doing: `waiting for ${what}`, where: c.describe, secrets: [c.settings.password] }).message);
  }
}

/** Waits until every job is terminal; a failed (or foreign-cancelled) job fails the operation, recorded. */
async function waitForJobs(c: Connected, outs: BackupJobOutputs, deadline: number, what: string): Promise<BackupJobOutputs> {
  const current = await untilTerminal(c, outs, deadline, what, (j) => `${j.status}, ${j.progress}%`, (m) => `${m}. The jobs keep running in OceanBase; raise timeoutSeconds or set state to cancelled`);
  if (current.state === "running") {
    const bad = current.jobs.filter((j) => j.status !== "COMPLETED");
    if (bad.length > 0) {
      const why = (j: TenantBackupJob) => (endedByCancel(j) ? ": cancelled, not by this resource" : j.comment ? `: ${j.comment}` : "");
      throw initFailed(current, `backup did not complete: ${bad.map((j) => `${j.tenant} job ${j.jobId} ${j.status} (result ${j.result}${why(j)})`).join("; ")}`);
    }
  }
  return current;
}

/** Re-reads every job of the resource from JOBS and JOB_HISTORY. */
async function refresh(c: Connected, outs: BackupJobOutputs): Promise<BackupJobOutputs> {
  return (await refreshJobs(c, outs)).outs;
}

/** refresh() as a wait's poll: batched with the polls of other waits around the same moment (job-reads.ts). */
async function poll(c: Connected, outs: BackupJobOutputs): Promise<BackupJobOutputs> {
  return (await refreshJobs(c, outs, undefined, true)).outs;
}

/** The ids of every job of the resource: its tenant jobs and its sys job. */
function jobKeysOf(outs: BackupJobOutputs): JobKey[] {
  return [...outs.jobs.map((j) => ({ tenantId: j.tenantId, jobId: j.jobId })), ...(outs.sysJobId > 0 ? [{ tenantId: 1, jobId: outs.sysJobId }] : [])];
}

/**
 * refresh(), whether any of the resource's jobs still exists in OceanBase, and the sys job. One statement,
 * shared with the reads and waits of other resources that arrive at the same moment (job-reads.ts), unless
 * the rows are `known` already.
 */
async function refreshJobs(
  c: Connected,
  outs: BackupJobOutputs,
  known?: Map<string, JobRow>,
  asPoll = false,
): Promise<{ outs: BackupJobOutputs; found: boolean; sysJob?: JobRow }> {
  const rows = known ?? (await readJobs(c, jobKeysOf(outs), asPoll));
  const jobs: TenantBackupJob[] = [];
  let found = false;
  for (const j of outs.jobs) {
    const row = rows.get(jobKey(j));
    if (row) found = true;
    const fresh = row ? await tenantJob(c, row, j.tenant) : j;
    // a cancelled or failed job's progress is not read again: keep what it had reached
    if (row && (row.status === "CANCELING" || row.status === "CANCELED" || row.status === "FAILED")) fresh.progress = Math.max(fresh.progress, j.progress);
    jobs.push(fresh);
  }
  const sysJob = outs.sysJobId > 0 ? rows.get(jobKey({ tenantId: 1, jobId: outs.sysJobId })) : undefined;
  if (sysJob) found = true;
  return { outs: { ...outs, jobs, status: overallStatus(jobs, sysJob) }, found, sysJob };
}

// ---- adopt and cancel ----------------------------------------------------------------------------------------

async function adopt(c: Connected, inputs: BackupJobInputs, deadline: number): Promise<BackupJobOutputs> {
  const id = inputs.adoptJobId as number;
  const tenantId = c.tenant.isSys ? 1 : c.tenant.tenantId;
  const family = c.tenant.isSys ? await ob.sysJobWithChildren(c, id) : { sys: await readJob(c, tenantId, id), children: [] };
  const job = family.sys;
  const where = c.tenant.isSys ? "sys job (TENANT_ID 1 in CDB_OB_BACKUP_JOBS / _JOB_HISTORY)" : `job of tenant ${c.tenant.tenantName}`;
  if (!job) throw new ProviderError(`adopting job ${id}: there is no ${where} with JOB_ID ${id} in ${c.describe}`);
  let outs: BackupJobOutputs;
  if (c.tenant.isSys) {
    const targets = await resolveTargets(c, undefined, "adopting");
    const children: TenantBackupJob[] = [];
    for (const t of job.executorTenantIds) {
      const child = family.children.find((j) => j.tenantId === t);
      if (child) children.push(await tenantJob(c, child, targets.byId.get(t)));
    }
    outs = { ...baseOutputs(c, inputs, ""), sysJobId: id, jobs: children, status: overallStatus(children, job) };
  } else {
    const jobs = [await tenantJob(c, job)];
    outs = { ...baseOutputs(c, inputs, ""), sysJobId: 0, jobs, status: overallStatus(jobs) };
  }
  if (inputs.state === "cancelled") return cancelOwned(c, outs, deadline);
  if (inputs.waitForCompletion) return waitForJobs(c, outs, deadline, `job ${id} to complete`);
  return outs;
}

/**
 * Created as `cancelled`: stop what runs for the tenants now (the user's document: all tenants from sys, named
 * ones from sys, or a user tenant itself) and record the jobs it stopped.
 */
async function cancelWhatRuns(c: Connected, inputs: BackupJobInputs, deadline: number): Promise<BackupJobOutputs> {
  const doing = `cancelling the running backups${inputs.tenants ? ` of ${inputs.tenants.join(", ")}` : ""}`;
  const targets = await resolveTargets(c, inputs.tenants, doing);
  const covered = (j: JobRow) => targets.byId.has(j.tenantId) || (j.tenantId === 1 && targets.names === null);
  // CANCELING too: a run that died after its CANCEL left them so, and its retry waits for them, sending nothing
  const running = (await ob.runningJobs(c)).filter((j) => (RUNNING_STATUSES.includes(j.status) || j.status === "CANCELING") && covered(j));
  if (running.some((j) => RUNNING_STATUSES.includes(j.status)) || running.length === 0) await runCancel(c, targets.names, doing, inputs);
  else log.info(`${doing}: the jobs are CANCELING already (a cancel was sent by an earlier run); waiting for them, sending nothing`);
  const key = markerKey(inputs);
  const jobs: TenantBackupJob[] = [];
  for (const j of running.filter((x) => x.tenantId !== 1)) jobs.push(await tenantJob(c, j, targets.byId.get(j.tenantId)));
  let outs: BackupJobOutputs = { ...baseOutputs(c, inputs, key), sysJobId: 0, jobs, status: overallStatus(jobs) };
  if (jobs.length === 0) log.info(`${doing}: nothing was running`);
  outs = await waitForCancel(c, outs, deadline);
  return outs;
}

async function runCancel(c: Connected, tenants: string[] | null, doing: string, inputs: BackupJobInputs): Promise<void> {
  const statement = cancelBackupStatement(c.tenant.isSys ? tenants : null);
  try {
    await ob.withConnection(c, (conn) => conn.query(statement));
  } catch (e) {
    ob.forgetTenantsOn5160(c, e);
    throw explain(e, { doing, where: c.describe, secrets: secretsOf(c, inputs) });
  }
}

function waitForCancel(c: Connected, outs: BackupJobOutputs, deadline: number): Promise<BackupJobOutputs> {
  return untilTerminal(c, outs, deadline, "the cancelled jobs to reach CANCELED", (j) => j.status, (m) => m);
}

/**
 * Cancels only this resource's jobs that still run. OceanBase's CANCEL BACKUP stops every running job of a
 * tenant, so a tenant that also runs a job this resource does not own is refused rather than hit (§1.7).
 */
async function cancelOwned(c: Connected, outs: BackupJobOutputs, deadline: number): Promise<BackupJobOutputs> {
  const doing = "cancelling the backup";
  // the resource's jobs and the running jobs of their tenants (the foreign-job check below) in one statement
  const tenantIds = [...new Set(outs.jobs.map((j) => j.tenantId))];
  const groups = [
    ...tenantIds.map((t) => ({ tenantId: t, jobIds: outs.jobs.filter((j) => j.tenantId === t).map((j) => j.jobId), running: true })),
    ...(outs.sysJobId > 0 ? [{ tenantId: 1, jobIds: [outs.sysJobId], running: false }] : []),
  ];
  const rows = await ob.jobsByIds(c, groups);
  const refreshed = await refreshJobs(c, outs, new Map(rows.map((r) => [jobKey(r), r])));
  let current = refreshed.outs;
  let runningNow = rows.filter((j) => !j.inHistory);
  if (current.sysJobId > 0 && refreshed.sysJob?.status === "INIT") {
    // the sys job creates its tenant jobs a moment after the statement: wait for them so they can be named
    const targets = await resolveTargets(c, current.tenants, doing);
    current = { ...current, ...(await sysOutputs(c, current, current.jobKey, current.sysJobId, targets, new Map(), deadline)) };
    runningNow = await ob.runningJobs(c); // tenants not known when the statement above was sent
  }
  for (const j of current.jobs.filter((x) => TERMINAL_STATUSES.includes(x.status))) {
    log.info(`${j.tenant} job ${j.jobId} already ended ${j.status}; left alone`);
  }
  const mine = current.jobs.filter((j) => RUNNING_STATUSES.includes(j.status));
  if (mine.length === 0) {
    // a cancel already sent (e.g. by a run that lost its connection) is only waited for, never sent again
    return current.jobs.some((j) => j.status === "CANCELING") ? waitForCancel(c, current, deadline) : { ...current };
  }
  const owned = new Set(mine.map((j) => `${j.tenantId}/${j.jobId}`));
  const mineTenants = new Set(mine.map((j) => j.tenantId));
  const foreign = runningNow.filter(
    (j) => RUNNING_STATUSES.includes(j.status) && mineTenants.has(j.tenantId) && !owned.has(`${j.tenantId}/${j.jobId}`),
  );
  if (foreign.length > 0) {
    throw new ProviderError(
      `${doing}: tenant ${foreign.map((j) => `${mine.find((m) => m.tenantId === j.tenantId)?.tenant} also runs job ${j.jobId}`).join(", ")} ` +
        "that this resource does not own, and ALTER SYSTEM CANCEL BACKUP would stop it too; cancel it yourself (a BackupJob created with state cancelled) or wait for it",
    );
  }
  const names = c.tenant.isSys ? [...new Set(mine.map((j) => j.tenant))] : null;
  await runCancel(c, names, doing, current);
  return waitForCancel(c, { ...current, state: current.state }, deadline);
}

// ---- read, update, delete ------------------------------------------------------------------------------------

/** Every declared input, resourceKey and generation too: a refresh must not drop what the marker is made of. */
const jobInputsOf = (o: BackupJobOutputs) => inputsOf(BackupJobToken, o as unknown as Record<string, unknown>);

export async function read(id: string, props: BackupJobOutputs): Promise<dynamic.ReadResult> {
  const c = await ob.connect(props.connection, "reading the backup job");
  let outs: BackupJobOutputs;
  if (props.status === PENDING) {
    const initiator = c.tenant.isSys ? 1 : c.tenant.tenantId;
    const found = await identify(c, initiator, props.jobKey, clock().now(), false, props);
    if (!found) return { id, props: plain(props), inputs: plain(jobInputsOf(props)) };
    const targets = await resolveTargets(c, props.tenants, "reading the backup job");
    outs = c.tenant.isSys
      ? await sysOutputs(c, props, props.jobKey, found.job.jobId, targets, new Map(), deadlineIn(props.timeoutSeconds), found.seen)
      : { ...props, sysJobId: 0, jobs: [await tenantJob(c, found.job)], status: "" };
    outs.status = overallStatus(outs.jobs);
    return { id: resourceId(c, outs), props: plain(outs), inputs: plain(jobInputsOf(outs)) };
  }
  const refreshed = await refreshJobs(c, props);
  outs = refreshed.outs;
  const hadJobs = outs.jobs.length > 0 || outs.sysJobId > 0;
  if (hadJobs && !refreshed.found) return {}; // gone from JOBS and JOB_HISTORY: the resource is gone
  // Cancelled outside Pulumi: the state read back is `cancelled`. The CLI's refresh diffs what read returns
  // against the declared inputs through diff(), so this is what makes the outside cancel show (and the next `up`
  // of a program still declaring `running` show the replacement it is: a new backup).
  if (outs.state === "running" && outs.status === "CANCELED") outs = { ...outs, state: "cancelled" };
  return { id, props: plain(outs), inputs: plain(jobInputsOf(outs)) };
}

export async function update(_id: string, olds: BackupJobOutputs, news: BackupJobInputs): Promise<dynamic.UpdateResult> {
  news = declaredInputs(BackupJobToken, news);
  olds = declaredOutputs(BackupJobToken, olds);
  const deadline = deadlineIn(news.timeoutSeconds);
  const c = await ob.connect(news.connection, "updating the backup job");
  let outs: BackupJobOutputs = { ...olds, ...news };
  if (olds.status === PENDING) {
    // a BACKUP was sent but its job not identified: find it, or (it never ran) send it now
    const initiator = c.tenant.isSys ? 1 : c.tenant.tenantId;
    const found = await identify(c, initiator, olds.jobKey, deadline, false, olds);
    if (found) {
      const targets = await resolveTargets(c, news.tenants, "resuming the backup");
      outs = await finishStart(c, news, found, olds.jobKey, targets, new Map(), deadline);
    } else if (news.state === "running") {
      outs = await start(c, news, deadline, olds.jobKey);
    } else {
      outs = { ...outs, status: "NONE" };
    }
    return { outs: plain(outs) };
  }
  if (olds.state === "running" && news.state === "cancelled") {
    outs = await cancelOwned(c, { ...outs, state: "cancelled" }, deadline);
  } else {
    outs = await refresh(c, outs);
    if (news.state === "running" && news.waitForCompletion && !olds.waitForCompletion) {
      outs = await waitForJobs(c, outs, deadline, "the backup to complete");
    }
  }
  return { outs: plain(outs) };
}

export async function deleteResource(_id: string, props: BackupJobOutputs): Promise<void> {
  props = declaredOutputs(BackupJobToken, props);
  const running = props.jobs.some((j) => RUNNING_STATUSES.includes(j.status)) || props.status === "RUNNING" || props.status === PENDING;
  if (!props.cancelOnDelete) {
    // said, because the job outlives the resource: a BackupJob of the same name and inputs created while it
    // still runs carries the same marker and adopts it (README, "Nothing is lost")
    if (running && props.status !== PENDING) log.warn(`the backup keeps running (cancelOnDelete: false): ${props.jobs.map((j) => `${j.tenant} job ${j.jobId}`).join(", ")}; Pulumi no longer tracks it`);
    return;
  }
  if (!running) return;
  const c = await ob.connect(props.connection, "deleting the backup job");
  const deadline = deadlineIn(props.timeoutSeconds);
  if (props.status === PENDING) {
    // a BACKUP was sent but its job never identified: find it by its marker, so that it is not left running
    const initiator = c.tenant.isSys ? 1 : c.tenant.tenantId;
    const found = await identify(c, initiator, props.jobKey, clock().now(), false, props);
    if (!found) return;
    const targets = await resolveTargets(c, props.tenants, "deleting the backup job");
    props = c.tenant.isSys
      ? await sysOutputs(c, props, props.jobKey, found.job.jobId, targets, new Map(), deadline, found.seen)
      : { ...props, sysJobId: 0, jobs: [await tenantJob(c, found.job)], status: "" };
  }
  await cancelOwned(c, props, deadline);
}
export { deleteResource as delete };
