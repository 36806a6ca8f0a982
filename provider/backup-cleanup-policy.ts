// The BackupCleanupPolicy resource: automatic cleanup through the tenant's 'default' delete policy
// (reference §1.8, §3.3). This module's exports are the dynamic provider Pulumi loads.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { configureFrom, Connected } from "./connection";
import * as ob from "./ob";
import { checkResource, declaredInputs, diffResource, inputsOf, plain, runStatement, sameTenant } from "./resource-kit";
import { addDeletePolicyStatement, cancelDeleteBackupStatement, dropDeletePolicyStatement } from "./sql";
import { connectTo, Target, viewOf } from "./tenant-target";
import { parseObTimeString } from "./time-string";
import { BackupCleanupPolicyInputs, BackupCleanupPolicyOutputs, BackupCleanupPolicyToken, CleanupJob } from "./types.generated";

const TOKEN = BackupCleanupPolicyToken;

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  return checkResource(TOKEN, news);
}

/** Windows compare by duration: 7d and 168h are the same policy. */
const sameWindow = (a: string, b: string) => a === b || (parseObTimeString(a) !== null && parseObTimeString(a) === parseObTimeString(b));

export async function diff(_id: string, olds: BackupCleanupPolicyOutputs, news: BackupCleanupPolicyInputs): Promise<dynamic.DiffResult> {
  return diffResource(TOKEN, olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, (k, v) => {
    if (k === "tenant") return sameTenant(olds, v);
    if (k === "recoveryWindow" && typeof v === "string") return parseObTimeString(v) ?? v;
    return v;
  });
}

async function livePolicy(c: Connected, t: Target): Promise<string | null> {
  const v = viewOf(c, t, "OB_BACKUP_DELETE_POLICY");
  const rows = await ob.query(c, `SELECT RECOVERY_WINDOW FROM ${v.from} WHERE ${v.where} AND POLICY_NAME = 'default'`, v.params);
  return rows.length ? String(rows[0].RECOVERY_WINDOW) : null;
}

async function lastCleanupJob(c: Connected, t: Target): Promise<CleanupJob | undefined> {
  const cur = viewOf(c, t, "OB_BACKUP_DELETE_JOBS");
  const hist = viewOf(c, t, "OB_BACKUP_DELETE_JOB_HISTORY");
  const cols = "JOB_ID, TYPE, STATUS, PARAMETER, START_TIMESTAMP, END_TIMESTAMP, TASK_COUNT, RESULT";
  const rows = await ob.query(
    c,
    `SELECT ${cols} FROM ${cur.from} WHERE ${cur.where} UNION ALL SELECT ${cols} FROM ${hist.from} WHERE ${hist.where} ORDER BY JOB_ID DESC`,
    [...cur.params, ...hist.params],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    jobId: Number(r.JOB_ID),
    type: String(r.TYPE),
    status: String(r.STATUS),
    cutoff: ob.isoTime(r.PARAMETER, c.tenant.oracle),
    startTime: ob.isoTime(r.START_TIMESTAMP, c.tenant.oracle),
    endTime: ob.isoTime(r.END_TIMESTAMP, c.tenant.oracle),
    taskCount: Number(r.TASK_COUNT ?? 0),
    result: Number(r.RESULT ?? 0),
  };
}

/** ADD when missing, DROP then ADD when the window differs (no in-place change exists), DROP when disabled. */
/** Returns the live window afterwards (null: no policy), so outputs need not read it again. */
async function apply(c: Connected, t: Target, want: BackupCleanupPolicyInputs, doing: string): Promise<string | null> {
  const live = await livePolicy(c, t);
  const dialect = ob.dialectOf(c);
  if (want.enabled) {
    if (live !== null && sameWindow(live, want.recoveryWindow)) return live;
    if (live !== null) await runStatement(c, dropDeletePolicyStatement(t.clauseTenant), doing, t.tenantName);
    await runStatement(c, addDeletePolicyStatement(want.recoveryWindow, t.clauseTenant, dialect), doing, t.tenantName);
    return want.recoveryWindow;
  }
  await disable(c, t, want.cancelRunningCleanupOnDisable, doing, live !== null);
  return null;
}

/** OceanBase's order to stop cleanup for good: drop the policy first, then cancel (reference §1.8). */
async function disable(c: Connected, t: Target, cancelRunning: boolean, doing: string, exists: boolean): Promise<void> {
  if (exists) await runStatement(c, dropDeletePolicyStatement(t.clauseTenant), doing, t.tenantName);
  if (cancelRunning) await runStatement(c, cancelDeleteBackupStatement(t.clauseTenant), doing, t.tenantName);
}

async function outputs(c: Connected, t: Target, inputs: BackupCleanupPolicyInputs, known?: string | null): Promise<BackupCleanupPolicyOutputs> {
  const live = known !== undefined ? known : await livePolicy(c, t);
  const last = await lastCleanupJob(c, t);
  return {
    ...inputs,
    tenant: t.tenantName,
    tenantId: t.tenantId,
    connectedTenant: c.tenant.tenantName,
    enabled: live !== null,
    // the declared spelling while it means the same window, so 168h against 7d is no perpetual diff
    recoveryWindow: live === null ? inputs.recoveryWindow : sameWindow(live, inputs.recoveryWindow) ? inputs.recoveryWindow : live,
    policyName: "default",
    ...(last ? { lastCleanupJob: last } : {}),
  };
}

export async function create(inputs: BackupCleanupPolicyInputs): Promise<dynamic.CreateResult> {
  inputs = declaredInputs(TOKEN, inputs);
  const doing = `setting the cleanup policy${inputs.tenant ? ` of ${inputs.tenant}` : ""}`;
  const { c, t } = await connectTo(inputs.connection, inputs.tenant, doing);
  const live = await apply(c, t, inputs, doing);
  return { id: `${t.tenantName}/delete_policy/default`, outs: plain(await outputs(c, t, inputs, live)) };
}

export async function read(id: string, props: BackupCleanupPolicyOutputs): Promise<dynamic.ReadResult> {
  const doing = `reading the cleanup policy of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  const outs = await outputs(c, t, props);
  return { id, props: plain(outs), inputs: plain(inputsOf(TOKEN, outs as unknown as Record<string, unknown>)) };
}

export async function update(_id: string, olds: BackupCleanupPolicyOutputs, news: BackupCleanupPolicyInputs): Promise<dynamic.UpdateResult> {
  news = declaredInputs(TOKEN, news);
  const doing = `changing the cleanup policy of ${olds.tenant}`;
  const { c, t } = await connectTo(news.connection, news.tenant, doing);
  const live = await apply(c, t, news, doing);
  return { outs: plain(await outputs(c, t, news, live)) };
}

export async function deleteResource(_id: string, props: BackupCleanupPolicyOutputs): Promise<void> {
  const doing = `dropping the cleanup policy of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  await disable(c, t, props.cancelRunningCleanupOnDisable, doing, (await livePolicy(c, t)) !== null);
}
export { deleteResource as delete };
