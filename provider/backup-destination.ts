// The BackupDestination resource: a tenant's DATA_BACKUP_DEST (reference §1.3, §2.7).
// This module's exports are the dynamic provider Pulumi loads.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkInputs } from "./check";
import { log } from "./progress-log";
import { checkAgainstServer } from "./tenant-check";
import { parseBackupUri, publicPath, publicPathOf } from "./backup-uri";
import { configureFrom, Connected } from "./connection";
import * as ob from "./ob";
import { claim, claimedByAnother } from "./run-claims";
import { declaredInputs, diffTenantResource, inputsOf, plain, runStatement } from "./resource-kit";
import { setParameterStatement } from "./sql";
import { connectTo, Target, targetOutputs, viewOf } from "./tenant-target";
import { BackupDestinationInputs, BackupDestinationOutputs, BackupDestinationToken } from "./types.generated";
import { clock } from "./clock";
import { deadlineIn, pause, pollIntervalMs } from "./wait";

const TOKEN = BackupDestinationToken;

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  const r = checkInputs(TOKEN, news);
  return { inputs: r.inputs, failures: [...r.failures, ...(await checkAgainstServer(r.inputs, r.failures, olds))] };
}

export async function diff(_id: string, olds: BackupDestinationOutputs, news: BackupDestinationInputs): Promise<dynamic.DiffResult> {
  return diffTenantResource(TOKEN, olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
}

/** The destination in force and the storage the tenant knows (path → DEST_ID), in one statement. */
interface LiveDestination {
  uri: string;
  destIds: Map<string, number>;
}

async function readLive(c: Connected, t: Target): Promise<LiveDestination> {
  const p = viewOf(c, t, "OB_BACKUP_PARAMETER");
  const s = viewOf(c, t, "OB_BACKUP_STORAGE_INFO");
  const rows = await ob.query(
    c,
    `SELECT P.VALUE, S.DEST_ID, S.PATH
     FROM (SELECT 1 AS K FROM DUAL) X
     LEFT JOIN (SELECT VALUE FROM ${p.from} WHERE ${p.where} AND NAME = 'data_backup_dest') P ON 1 = 1
     LEFT JOIN (SELECT DEST_ID, PATH FROM ${s.from} WHERE ${s.where}) S ON 1 = 1`,
    [...p.params, ...s.params],
  );
  const v = rows[0]?.VALUE;
  const destIds = new Map<string, number>();
  for (const r of rows) if (r.PATH !== null && r.PATH !== undefined) destIds.set(String(r.PATH), Number(r.DEST_ID));
  return { uri: v === undefined || v === null ? "" : String(v), destIds };
}

/** The DEST_ID OceanBase gave the destination `uri`, or 0 (none set, or not known yet). */
function destIdOf(live: LiveDestination, uri: string): number {
  if (uri === "") return 0;
  const parsed = parseBackupUri(uri);
  if ("error" in parsed) return 0;
  return live.destIds.get(publicPath(parsed)) ?? 0;
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
      if ((e as { obCode?: number }).obCode !== 9036 || clock().now() >= deadline || (await anyJobRunning(c, t))) {
        if ((e as { obCode?: number }).obCode === 9036) {
          throw new Error(
            `${doing}: tenant ${t.tenantName} has a backup job (OceanBase refuses DATA_BACKUP_DEST changes while any job row exists, 9036); wait for it to finish or cancel it, then run pulumi up again`,
          );
        }
        throw e;
      }
      await pause(pollIntervalMs());
    }
  }
}

async function anyJobRunning(c: Connected, t: Target): Promise<boolean> {
  const v = viewOf(c, t, "OB_BACKUP_JOBS");
  const rows = await ob.query(c, `SELECT STATUS FROM ${v.from} WHERE ${v.where}`, v.params);
  return rows.some((r) => !["COMPLETED", "FAILED", "CANCELED"].includes(String(r.STATUS)));
}

/**
 * `live`: the state read before a SET, and `set`: the value that SET wrote, if any. The storage row of a new
 * destination appears with the SET, so it is read again only when the earlier read could not have seen it.
 */
async function outputs(c: Connected, t: Target, inputs: BackupDestinationInputs, previousUri: string, live: LiveDestination, set?: string): Promise<BackupDestinationOutputs> {
  const uri = set ?? live.uri;
  const known = set === undefined || destIdOf(live, uri) > 0 || uri === "" ? live : await readLive(c, t);
  return {
    ...inputs,
    ...targetOutputs(c, t),
    uri,
    path: publicPathOf(uri),
    destId: destIdOf(known, uri),
    previousUri,
  };
}

export async function create(inputs: BackupDestinationInputs): Promise<dynamic.CreateResult> {
  inputs = declaredInputs(TOKEN, inputs);
  const doing = `setting the data backup destination${inputs.tenant ? ` of ${inputs.tenant}` : ""}`;
  const { c, t } = await connectTo(inputs.connection, inputs.tenant, doing);
  const live = await readLive(c, t);
  if (live.uri !== inputs.uri) await setDestination(c, t, inputs.uri, inputs.timeoutSeconds, doing);
  // already in force (a retry after a run that died after its SET, or set outside Pulumi): nothing is sent,
  // and what was there before is not known, so delete will leave the destination as it is
  else log.info(`${doing}: the destination is already ${inputs.uri === "" ? "empty" : publicPathOf(inputs.uri)}; nothing sent, and delete will leave it`);
  claim(c, t, "DATA_BACKUP_DEST", inputs.uri, live.uri === inputs.uri);
  const outs = await outputs(c, t, inputs, live.uri, live, live.uri !== inputs.uri ? inputs.uri : undefined);
  return { id: `${t.tenantName}/data_backup_dest`, outs: plain(outs) };
}

export async function read(id: string, props: BackupDestinationOutputs): Promise<dynamic.ReadResult> {
  const doing = `reading the data backup destination of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  // drift: the live value replaces the recorded one, so the next preview shows the difference
  const outs = await outputs(c, t, props, props.previousUri, await readLive(c, t));
  return { id, props: plain(outs), inputs: plain(inputsOf(TOKEN, outs as unknown as Record<string, unknown>)) };
}

export async function update(_id: string, olds: BackupDestinationOutputs, news: BackupDestinationInputs): Promise<dynamic.UpdateResult> {
  news = declaredInputs(TOKEN, news);
  const doing = `changing the data backup destination of ${olds.tenant}`;
  const { c, t } = await connectTo(news.connection, news.tenant, doing);
  const live = await readLive(c, t);
  if (live.uri !== news.uri) await setDestination(c, t, news.uri, news.timeoutSeconds, doing);
  claim(c, t, "DATA_BACKUP_DEST", news.uri, false); // an update's value is the resource's own, found or set
  return { outs: plain(await outputs(c, t, news, olds.previousUri, live, live.uri !== news.uri ? news.uri : undefined)) };
}

export async function deleteResource(_id: string, props: BackupDestinationOutputs): Promise<void> {
  if (props.onDelete === "keep") return;
  const doing = `restoring the previous data backup destination of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  // the previous value goes back only over this resource's own: when another resource (a replacement of
  // another type, say a TenantBackupPolicy for the same tenant) or a person has set the destination since,
  // putting back what this one saw at its create would erase theirs
  const live = await readLive(c, t);
  if (live.uri !== props.uri) {
    log.warn(
      `${doing}: the destination in force is no longer the one this resource set (${publicPathOf(live.uri) || "none"} instead of ${props.path || publicPathOf(props.uri)}); it is left as it is`,
    );
    return;
  }
  if (live.uri === props.previousUri) return; // a delete retried, or nothing was there to put back
  if (claimedByAnother(c, t, "DATA_BACKUP_DEST", props.uri)) {
    log.warn(`${doing}: another resource of this run took the destination ${props.path || publicPathOf(props.uri)} over (a replacement); it is left as it is`);
    return;
  }
  await setDestination(c, t, props.previousUri, props.timeoutSeconds, doing);
}
export { deleteResource as delete };

