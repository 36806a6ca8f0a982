// The BackupDestination resource: a tenant's DATA_BACKUP_DEST (reference §1.3, §2.7).
// This module's exports are the dynamic provider Pulumi loads.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkInputs } from "./check";
import { parseBackupUri, publicPath, publicPathOf } from "./backup-uri";
import { configureFrom, Connected } from "./connection";
import * as ob from "./ob";
import { declaredInputs, diffTenantResource, inputsOf, plain, runStatement } from "./resource-kit";
import { setParameterStatement } from "./sql";
import { connectTo, Target, targetOutputs, viewOf } from "./tenant-target";
import { BackupDestinationInputs, BackupDestinationOutputs, BackupDestinationToken } from "./types.generated";
import { deadlineIn, pollIntervalMs } from "./wait";

const TOKEN = BackupDestinationToken;

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  return checkInputs(TOKEN, news);
}

export async function diff(_id: string, olds: BackupDestinationOutputs, news: BackupDestinationInputs): Promise<dynamic.DiffResult> {
  return diffTenantResource(TOKEN, olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
}

async function liveValue(c: Connected, t: Target): Promise<string> {
  const v = viewOf(c, t, "OB_BACKUP_PARAMETER");
  const rows = await ob.query(c, `SELECT VALUE FROM ${v.from} WHERE ${v.where} AND NAME = 'data_backup_dest'`, v.params);
  return rows[0]?.VALUE === undefined || rows[0]?.VALUE === null ? "" : String(rows[0].VALUE);
}

async function destId(c: Connected, t: Target, uri: string): Promise<number> {
  if (uri === "") return 0;
  const parsed = parseBackupUri(uri);
  if ("error" in parsed) return 0;
  const v = viewOf(c, t, "OB_BACKUP_STORAGE_INFO");
  const rows = await ob.query(c, `SELECT DEST_ID, PATH FROM ${v.from} WHERE ${v.where}`, v.params);
  const mine = rows.find((r) => String(r.PATH) === publicPath(parsed));
  return mine ? Number(mine.DEST_ID) : 0;
}

/** SET DATA_BACKUP_DEST, waiting while only finished jobs (moving to history) block it with 9036. */
async function setDestination(c: Connected, t: Target, uri: string, timeoutSeconds: number, doing: string): Promise<void> {
  const deadline = deadlineIn(timeoutSeconds);
  const sql = setParameterStatement("DATA_BACKUP_DEST", uri, t.clauseTenant, ob.dialectOf(c));
  for (;;) {
    try {
      await runStatement(c, sql, doing, t.tenantName, [uri]);
      return;
    } catch (e) {
      if ((e as { obCode?: number }).obCode !== 9036 || Date.now() >= deadline || (await anyJobRunning(c, t))) {
        if ((e as { obCode?: number }).obCode === 9036) {
          throw new Error(
            `${doing}: tenant ${t.tenantName} has a backup job (OceanBase refuses DATA_BACKUP_DEST changes while any job row exists, 9036); wait for it to finish or cancel it, then run pulumi up again`,
          );
        }
        throw e;
      }
      await new Promise((r) => setTimeout(r, pollIntervalMs()));
    }
  }
}

async function anyJobRunning(c: Connected, t: Target): Promise<boolean> {
  const v = viewOf(c, t, "OB_BACKUP_JOBS");
  const rows = await ob.query(c, `SELECT STATUS FROM ${v.from} WHERE ${v.where}`, v.params);
  return rows.some((r) => !["COMPLETED", "FAILED", "CANCELED"].includes(String(r.STATUS)));
}

/** `live`: the value just set, when known; otherwise it is read back. */
async function outputs(c: Connected, t: Target, inputs: BackupDestinationInputs, previousUri: string, live?: string): Promise<BackupDestinationOutputs> {
  live ??= await liveValue(c, t);
  return {
    ...inputs,
    ...targetOutputs(c, t),
    uri: live,
    path: publicPathOf(live),
    destId: await destId(c, t, live),
    previousUri,
  };
}

export async function create(inputs: BackupDestinationInputs): Promise<dynamic.CreateResult> {
  inputs = declaredInputs(TOKEN, inputs);
  const doing = `setting the data backup destination${inputs.tenant ? ` of ${inputs.tenant}` : ""}`;
  const { c, t } = await connectTo(inputs.connection, inputs.tenant, doing);
  const previous = await liveValue(c, t);
  if (previous !== inputs.uri) await setDestination(c, t, inputs.uri, inputs.timeoutSeconds, doing);
  const outs = await outputs(c, t, inputs, previous, inputs.uri);
  return { id: `${t.tenantName}/data_backup_dest`, outs: plain(outs) };
}

export async function read(id: string, props: BackupDestinationOutputs): Promise<dynamic.ReadResult> {
  const doing = `reading the data backup destination of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  // drift: the live value replaces the recorded one, so the next preview shows the difference
  const outs = await outputs(c, t, props, props.previousUri);
  return { id, props: plain(outs), inputs: plain(inputsOf(TOKEN, outs as unknown as Record<string, unknown>)) };
}

export async function update(_id: string, olds: BackupDestinationOutputs, news: BackupDestinationInputs): Promise<dynamic.UpdateResult> {
  news = declaredInputs(TOKEN, news);
  const doing = `changing the data backup destination of ${olds.tenant}`;
  const { c, t } = await connectTo(news.connection, news.tenant, doing);
  if ((await liveValue(c, t)) !== news.uri) await setDestination(c, t, news.uri, news.timeoutSeconds, doing);
  return { outs: plain(await outputs(c, t, news, olds.previousUri, news.uri)) };
}

export async function deleteResource(_id: string, props: BackupDestinationOutputs): Promise<void> {
  if (props.onDelete === "keep") return;
  const doing = `restoring the previous data backup destination of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  if ((await liveValue(c, t)) !== props.previousUri) await setDestination(c, t, props.previousUri, props.timeoutSeconds, doing);
}
export { deleteResource as delete };

