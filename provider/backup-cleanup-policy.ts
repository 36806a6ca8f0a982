// The BackupCleanupPolicy resource: automatic cleanup through the tenant's 'default' delete policy
// (reference §1.8, §3.3). This module's exports are the dynamic provider Pulumi loads.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkInputs } from "./check";
import { checkAgainstServer } from "./tenant-check";
import { configureFrom, Connected } from "./connection";
import * as ob from "./ob";
import { log } from "./progress-log";
import { claim, claimedByAnother } from "./run-claims";
import { declaredInputs, diffTenantResource, inputsOf, plain, runStatement } from "./resource-kit";
import { addDeletePolicyStatement, cancelDeleteBackupStatement, dropDeletePolicyStatement } from "./sql";
import { connectTo, Target, targetOutputs, viewOf } from "./tenant-target";
import { parseObTimeString, sameDuration } from "./time-string";
import { BackupCleanupPolicyInputs, BackupCleanupPolicyOutputs, BackupCleanupPolicyToken, CleanupJob } from "./types.generated";

const TOKEN = BackupCleanupPolicyToken;

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  const r = checkInputs(TOKEN, news);
  return { inputs: r.inputs, failures: [...r.failures, ...(await checkAgainstServer(r.inputs, r.failures, olds))] };
}

/** Windows compare by duration: 7d and 168h are the same policy. */
const sameWindow = sameDuration;
const windowKey = (w: string) => String(parseObTimeString(w) ?? w);
const claimWindow = (c: Connected, t: Target, w: string, found: boolean) => claim(c, t, "DELETE_POLICY", windowKey(w), found);

export async function diff(_id: string, olds: BackupCleanupPolicyOutputs, news: BackupCleanupPolicyInputs): Promise<dynamic.DiffResult> {
  return diffTenantResource(TOKEN, olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, (k, v) => {
    if (k === "recoveryWindow" && typeof v === "string") return parseObTimeString(v) ?? v;
    return v;
  });
}

interface LiveCleanup {
  /** the 'default' policy's window, or null when there is none */
  window: string | null;
  lastJob?: CleanupJob;
}

/** The policy and the newest cleanup job in one statement (the job list's newest row first). */
async function readLive(c: Connected, t: Target): Promise<LiveCleanup> {
  const pol = viewOf(c, t, "OB_BACKUP_DELETE_POLICY");
  const cur = viewOf(c, t, "OB_BACKUP_DELETE_JOBS");
  const hist = viewOf(c, t, "OB_BACKUP_DELETE_JOB_HISTORY");
  const cols = "JOB_ID, TYPE, STATUS, PARAMETER, START_TIMESTAMP, END_TIMESTAMP, TASK_COUNT, RESULT";
  const rows = await ob.query(
    c,
    `SELECT P.RECOVERY_WINDOW, J.JOB_ID, J.TYPE, J.STATUS, J.PARAMETER, J.START_TIMESTAMP, J.END_TIMESTAMP, J.TASK_COUNT, J.RESULT
     FROM (SELECT 1 AS K FROM DUAL) X
     LEFT JOIN (SELECT RECOVERY_WINDOW FROM ${pol.from} WHERE ${pol.where} AND POLICY_NAME = 'default') P ON 1 = 1
     LEFT JOIN (SELECT ${cols} FROM ${cur.from} WHERE ${cur.where} UNION ALL SELECT ${cols} FROM ${hist.from} WHERE ${hist.where}) J ON 1 = 1
     ORDER BY J.JOB_ID DESC`,
    [...pol.params, ...cur.params, ...hist.params],
  );
  const r = rows[0];
  const window = r && r.RECOVERY_WINDOW !== null ? String(r.RECOVERY_WINDOW) : null;
  if (!r || r.JOB_ID === null) return { window };
  return {
    window,
    lastJob: {
      jobId: Number(r.JOB_ID),
      type: String(r.TYPE),
      status: String(r.STATUS),
      cutoff: ob.isoTime(r.PARAMETER, c.tenant.timeOffsetMinutes),
      startTime: ob.isoTime(r.START_TIMESTAMP, c.tenant.timeOffsetMinutes),
      endTime: ob.isoTime(r.END_TIMESTAMP, c.tenant.timeOffsetMinutes),
      taskCount: Number(r.TASK_COUNT ?? 0),
      result: Number(r.RESULT ?? 0),
    },
  };
}

/**
 * ADD when missing, DROP then ADD when the window differs (no in-place change exists), DROP when disabled.
 * Returns the state afterwards, so outputs need not read it again.
 */
async function apply(c: Connected, t: Target, want: BackupCleanupPolicyInputs, doing: string, creating: boolean, live?: LiveCleanup): Promise<LiveCleanup> {
  live ??= await readLive(c, t);
  if (want.enabled) {
    const found = live.window !== null && sameWindow(live.window, want.recoveryWindow);
    // a create that finds the policy in force takes it over (a replacement); an update's is the resource's own
    claimWindow(c, t, want.recoveryWindow, creating && found);
    if (found) return live;
    if (live.window !== null) await runStatement(c, dropDeletePolicyStatement(t.clauseTenant), doing, t.tenantName);
    await add(c, t, want, doing);
    return { ...live, window: want.recoveryWindow };
  }
  await disable(c, t, want.cancelRunningCleanupOnDisable, doing, live.window !== null);
  return { ...live, window: null };
}

const add = (c: Connected, t: Target, want: BackupCleanupPolicyInputs, doing: string) =>
  runStatement(c, addDeletePolicyStatement(want.recoveryWindow, t.clauseTenant, ob.dialectOf(c)), doing, t.tenantName);

/**
 * A create: the policy is usually missing, so ADD goes first, alone, and the read comes only when ADD fails.
 * ADD fails when a policy exists (§5.2; its exact error is not pinned down), so on any failure the read decides:
 * no policy means the error was about something else and stands; a policy is adopted as apply() would.
 * Without the read, the outputs have no lastCleanupJob until the next refresh.
 */
async function applyOnCreate(c: Connected, t: Target, want: BackupCleanupPolicyInputs, doing: string): Promise<LiveCleanup> {
  if (!want.enabled) return apply(c, t, want, doing, true);
  try {
    await add(c, t, want, doing);
    claimWindow(c, t, want.recoveryWindow, false);
    return { window: want.recoveryWindow };
  } catch (e) {
    const live = await readLive(c, t).catch(() => undefined);
    if (!live || live.window === null) throw e;
    return apply(c, t, want, doing, true, live);
  }
}

/** OceanBase's order to stop cleanup for good: drop the policy first, then cancel (reference §1.8). */
async function disable(c: Connected, t: Target, cancelRunning: boolean, doing: string, exists: boolean): Promise<void> {
  if (exists) await runStatement(c, dropDeletePolicyStatement(t.clauseTenant), doing, t.tenantName);
  if (cancelRunning) await runStatement(c, cancelDeleteBackupStatement(t.clauseTenant), doing, t.tenantName);
}

function outputs(c: Connected, t: Target, inputs: BackupCleanupPolicyInputs, live: LiveCleanup): BackupCleanupPolicyOutputs {
  return {
    ...inputs,
    ...targetOutputs(c, t),
    enabled: live.window !== null,
    // the declared spelling while it means the same window, so 168h against 7d is no perpetual diff
    recoveryWindow: live.window === null || sameWindow(live.window, inputs.recoveryWindow) ? inputs.recoveryWindow : live.window,
    policyName: "default",
    ...(live.lastJob ? { lastCleanupJob: live.lastJob } : {}),
  };
}

export async function create(inputs: BackupCleanupPolicyInputs): Promise<dynamic.CreateResult> {
  inputs = declaredInputs(TOKEN, inputs);
  const doing = `setting the cleanup policy${inputs.tenant ? ` of ${inputs.tenant}` : ""}`;
  const { c, t } = await connectTo(inputs.connection, inputs.tenant, doing);
  const live = await applyOnCreate(c, t, inputs, doing);
  return { id: `${t.tenantName}/delete_policy/default`, outs: plain(outputs(c, t, inputs, live)) };
}

export async function read(id: string, props: BackupCleanupPolicyOutputs): Promise<dynamic.ReadResult> {
  const doing = `reading the cleanup policy of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  const outs = outputs(c, t, props, await readLive(c, t));
  return { id, props: plain(outs), inputs: plain(inputsOf(TOKEN, outs as unknown as Record<string, unknown>)) };
}

export async function update(_id: string, olds: BackupCleanupPolicyOutputs, news: BackupCleanupPolicyInputs): Promise<dynamic.UpdateResult> {
  news = declaredInputs(TOKEN, news);
  const doing = `changing the cleanup policy of ${olds.tenant}`;
  const { c, t } = await connectTo(news.connection, news.tenant, doing);
  const live = await apply(c, t, news, doing, false);
  return { outs: plain(outputs(c, t, news, live)) };
}

export async function deleteResource(_id: string, props: BackupCleanupPolicyOutputs): Promise<void> {
  const doing = `dropping the cleanup policy of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  if (props.enabled && claimedByAnother(c, t, "DELETE_POLICY", windowKey(props.recoveryWindow))) {
    log.warn(`${doing}: another resource of this run set the tenant's cleanup policy (a replacement); it is left as it is`);
    return;
  }
  // DROP of a missing policy is OK (table 4.2 #27): no read first
  await disable(c, t, props.cancelRunningCleanupOnDisable, doing, true);
}
export { deleteResource as delete };
