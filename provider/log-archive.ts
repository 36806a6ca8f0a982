// The LogArchive resource: a tenant's archive destination, its state, and archiving on or off
// (reference §1.4, §1.5, §3.2). This module's exports are the dynamic provider Pulumi loads.

import { log } from "./progress-log";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkInputs, shownValue } from "./check";
import { checkAgainstServer } from "./tenant-check";
import { publicPathOf } from "./backup-uri";
import { configureFrom, Connected } from "./connection";
import { ProviderError } from "./errors";
import * as ob from "./ob";
import { claim, claimedByAnother } from "./run-claims";
import { declaredInputs, diffTenantResource, inputsOf, plain, runStatement } from "./resource-kit";
import { archiveDestValue, archivelogStatement, setParameterStatement } from "./sql";
import { connectTo, Target, targetOutputs, viewOf } from "./tenant-target";
import { LogArchiveInputs, LogArchiveOutputs, LogArchiveToken } from "./types.generated";
import { intervalFromView, parseObTimeString, sameDuration } from "./time-string";
import { deadlineIn, waitFor, WaitTimeoutError } from "./wait";

const TOKEN = LogArchiveToken;

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
}

const DEST_KEYS = ["location", "binding", "pieceSwitchInterval"] as const;

/**
 * Besides the schema's checks: a destination change while archiving stays on needs a restart, which the user
 * must allow. Preview says so here, because dynamic providers cannot explain a diff.
 */
export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  const checked = checkInputs(TOKEN, news);
  const r = { inputs: checked.inputs, failures: [...checked.failures, ...(await checkAgainstServer(checked.inputs, checked.failures, olds))] };
  const n = r.inputs as Record<string, unknown>;
  const changed = DEST_KEYS.filter((k) => olds[k] !== undefined && !sameDestValue(k, olds[k], n[k]));
  if (changed.length > 0 && olds.archiving !== false && n.archiving !== false && n.allowRestartForDestinationChange !== true) {
    return {
      inputs: r.inputs,
      failures: [
      ...(r.failures ?? []),
      {
        property: changed[0],
        reason:
          `changing ${changed.join(", ")} while archiving is on needs archiving stopped first (OceanBase refuses it while a round runs): ` +
          "set allowRestartForDestinationChange: true to let the provider stop archiving, wait for STOP, change it and start archiving again, or turn archiving off in an earlier update" +
          `, got ${shownValue(n[changed[0]], changed[0] === "location")}`,
      },
      ],
    };
  }
  return r;
}

/** Intervals compare as durations: 48h and 2d are the same (and a real server shows 48h as 2d, §1.4). */
function sameDestValue(k: string, a: unknown, b: unknown): boolean {
  if (k === "pieceSwitchInterval" && typeof a === "string" && typeof b === "string") return sameDuration(a, b);
  return a === b;
}

export async function diff(_id: string, olds: LogArchiveOutputs, news: LogArchiveInputs): Promise<dynamic.DiffResult> {
  return diffTenantResource(TOKEN, olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, (k, v) =>
    k === "pieceSwitchInterval" && typeof v === "string" ? (parseObTimeString(v) ?? v) : v,
  );
}

interface LiveArchive {
  logMode: string;
  dest: Map<string, string>;
  roundId: number;
  roundStatus: string;
  checkpointTime: string;
  /** the current round's piece switch interval, µs (ARCHIVELOG view), or null */
  roundIntervalUs: number | null;
}

/** The log mode, the current round and the destination's rows, in one statement (one row per destination row). */
async function readLive(c: Connected, t: Target): Promise<LiveArchive> {
  const d = viewOf(c, t, "OB_ARCHIVE_DEST");
  const a = viewOf(c, t, "OB_ARCHIVELOG");
  const schema = c.tenant.oracle ? "SYS" : "oceanbase";
  const join = c.tenant.isSys ? "A.TENANT_ID = T.TENANT_ID AND A.DEST_NO = 0" : "A.DEST_NO = 0";
  const rows = await ob.query(
    c,
    `SELECT T.LOG_MODE, A.ROUND_ID, A.STATUS, A.CHECKPOINT_SCN_DISPLAY, A.PIECE_SWITCH_INTERVAL, D.NAME, D.VALUE
     FROM ${schema}.DBA_OB_TENANTS T
     LEFT JOIN ${a.from} A ON ${join}
     LEFT JOIN (SELECT NAME, VALUE FROM ${d.from} WHERE ${d.where} AND DEST_NO = 0) D ON 1 = 1
     WHERE T.TENANT_ID = ?`,
    [...d.params, t.tenantId],
  );
  const row = rows[0];
  const round = row && row.ROUND_ID !== null && row.ROUND_ID !== undefined ? row : undefined;
  const logMode = row ? String(row.LOG_MODE) : "NOARCHIVELOG";
  return {
    logMode,
    dest: new Map(rows.filter((r) => r.NAME !== null && r.NAME !== undefined).map((r) => [String(r.NAME).toLowerCase(), String(r.VALUE ?? "")])),
    roundId: round ? Number(round.ROUND_ID) : 0,
    roundStatus: round ? String(round.STATUS) : "NONE",
    checkpointTime: round ? ob.isoTime(round.CHECKPOINT_SCN_DISPLAY, c.tenant.timeOffsetMinutes) : "",
    roundIntervalUs: round ? intervalFromView(round.PIECE_SWITCH_INTERVAL) : null,
  };
}

const roundRuns = (live: LiveArchive) => live.roundStatus !== "NONE" && live.roundStatus !== "STOP";

/**
 * The piece switch interval in force, µs, or null when there is no destination. While a round runs, its own
 * PIECE_SWITCH_INTERVAL (ARCHIVELOG view, µs, reference §2.7); otherwise the destination's row, which OceanBase
 * stores in its display form (48h as 2d, §1.4) and check() admits only whole days, so it is exact.
 */
function intervalInForce(live: LiveArchive): number | null {
  if (roundRuns(live) && live.roundIntervalUs !== null) return live.roundIntervalUs;
  const shown = live.dest.get("piece_switch_interval");
  return shown === undefined ? null : parseObTimeString(shown);
}

/** The destination as declared: path and binding as OceanBase stores them, the interval as a duration. */
function destMatches(live: LiveArchive, want: LogArchiveInputs): boolean {
  return (
    live.dest.get("path") === want.location &&
    (live.dest.get("binding") ?? "").toUpperCase() === want.binding &&
    intervalInForce(live) === parseObTimeString(want.pieceSwitchInterval)
  );
}

async function waitForRound(c: Connected, t: Target, want: "DOING" | "STOP", deadline: number, doing: string): Promise<LiveArchive> {
  let last: LiveArchive | undefined;
  try {
    return await waitFor(
      async () => {
        last = await readLive(c, t);
        if (want === "DOING" && last.roundStatus === "INTERRUPTED") {
          throw new ProviderError(
            `${doing}: log archiving of tenant ${t.tenantName} is INTERRUPTED (logs were recycled before they were archived, which BINDING=OPTIONAL allows): ` +
              "turn archiving off and on again (archiving: false, then true) to start a new round, and consider binding MANDATORY",
          );
        }
        if (want === "STOP" && (last.roundStatus === "STOP" || last.roundStatus === "NONE")) return last;
        return last.roundStatus === want ? last : undefined;
      },
      {
        deadline,
        what: `log archiving of tenant ${t.tenantName} to reach ${want}`,
        describe: () => `archive round ${last?.roundId ?? 0} of ${t.tenantName} is ${last?.roundStatus ?? "unknown"}`,
        progress: () => `${t.tenantName} archive round ${last?.roundId ?? 0}: ${last?.roundStatus ?? "?"}`,
      },
    );
  } catch (e) {
    if (e instanceof WaitTimeoutError) throw new ProviderError(`${doing}: ${e.message}; raise timeoutSeconds if the cluster is slow`);
    throw e;
  }
}

/** Brings the tenant to the declared archive state, in the documented order (reference §1.4, §5.2). */
/** Returns the state read by its last wait, when that is the final state (so outputs need not read it again). */
async function apply(c: Connected, t: Target, want: LogArchiveInputs, doing: string, creating: boolean): Promise<LiveArchive | undefined> {
  const deadline = deadlineIn(want.timeoutSeconds);
  const dialect = ob.dialectOf(c);
  let live = await readLive(c, t);
  let state = (live.dest.get("state") ?? "ENABLE").toUpperCase();
  // a create that finds archiving in force takes it over (a replacement); an update's is the resource's own
  if (want.archiving) claim(c, t, "LOG_ARCHIVE_DEST", want.location, creating && destMatches(live, want) && live.logMode === "ARCHIVELOG");
  if (!destMatches(live, want)) {
    if (roundRuns(live)) {
      if (!want.allowRestartForDestinationChange) {
        throw new ProviderError(
          `${doing}: tenant ${t.tenantName} is archiving (round ${live.roundId} ${live.roundStatus}) to another destination, and OceanBase refuses a change while a round runs: ` +
            "set allowRestartForDestinationChange: true to let the provider stop archiving, wait for STOP, change it and start archiving again",
        );
      }
      log.info(`${t.tenantName}: stopping archiving to change its destination`);
      if (live.logMode === "ARCHIVELOG") await runStatement(c, archivelogStatement(false, t.clauseTenant), doing, t.tenantName);
      live = await waitForRound(c, t, "STOP", deadline, doing);
    }
    const value = archiveDestValue(want.location, want.binding, want.pieceSwitchInterval);
    await runStatement(c, setParameterStatement("LOG_ARCHIVE_DEST", value, t.clauseTenant, dialect), doing, t.tenantName, [want.location]);
    // every SET LOG_ARCHIVE_DEST rewrites all its rows, state included, as ENABLE (§1.4): a DEFER must be set again
    state = "ENABLE";
  }
  if (state !== want.destState) {
    await runStatement(c, setParameterStatement("LOG_ARCHIVE_DEST_STATE", want.destState, t.clauseTenant, dialect), doing, t.tenantName);
  }
  // the log mode was read first, so ARCHIVELOG / NOARCHIVELOG never meet 9091 / 9092
  const mode = live.logMode;
  if (want.archiving && mode !== "ARCHIVELOG") await runStatement(c, archivelogStatement(true, t.clauseTenant), doing, t.tenantName);
  if (!want.archiving && mode === "ARCHIVELOG") await runStatement(c, archivelogStatement(false, t.clauseTenant), doing, t.tenantName);
  if (want.archiving && want.destState === "ENABLE" && want.waitForDoing) return waitForRound(c, t, "DOING", deadline, doing);
  if (!want.archiving) return waitForRound(c, t, "STOP", deadline, doing);
  return undefined;
}

async function outputs(c: Connected, t: Target, inputs: LogArchiveInputs, known?: LiveArchive): Promise<LogArchiveOutputs> {
  const live = known ?? (await readLive(c, t));
  const location = live.dest.get("path") ?? "";
  // the declared spelling while it is the interval in force (48h against the server's 2d is no drift)
  const shown = live.dest.get("piece_switch_interval");
  const inForce = intervalInForce(live);
  const pieceSwitchInterval = shown === undefined || inForce === parseObTimeString(inputs.pieceSwitchInterval) ? inputs.pieceSwitchInterval : shown;
  return {
    ...inputs,
    ...targetOutputs(c, t),
    location,
    binding: ((live.dest.get("binding") ?? inputs.binding).toUpperCase() as LogArchiveOutputs["binding"]),
    pieceSwitchInterval,
    destState: ((live.dest.get("state") ?? "ENABLE").toUpperCase() as LogArchiveOutputs["destState"]),
    archiving: live.logMode === "ARCHIVELOG",
    path: publicPathOf(location),
    roundId: live.roundId,
    roundStatus: live.roundStatus,
    checkpointTime: live.checkpointTime,
  };
}

export async function create(inputs: LogArchiveInputs): Promise<dynamic.CreateResult> {
  inputs = declaredInputs(TOKEN, inputs);
  const doing = `configuring log archiving${inputs.tenant ? ` of ${inputs.tenant}` : ""}`;
  const { c, t } = await connectTo(inputs.connection, inputs.tenant, doing);
  const live = await apply(c, t, inputs, doing, true);
  return { id: `${t.tenantName}/log_archive`, outs: plain(await outputs(c, t, inputs, live)) };
}

export async function read(id: string, props: LogArchiveOutputs): Promise<dynamic.ReadResult> {
  const doing = `reading log archiving of ${props.tenant}`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  const outs = await outputs(c, t, props);
  return { id, props: plain(outs), inputs: plain(inputsOf(TOKEN, outs as unknown as Record<string, unknown>)) };
}

export async function update(_id: string, olds: LogArchiveOutputs, news: LogArchiveInputs): Promise<dynamic.UpdateResult> {
  news = declaredInputs(TOKEN, news);
  const doing = `changing log archiving of ${olds.tenant}`;
  const { c, t } = await connectTo(news.connection, news.tenant, doing);
  const live = await apply(c, t, news, doing, false);
  return { outs: plain(await outputs(c, t, news, live)) };
}

export async function deleteResource(_id: string, props: LogArchiveOutputs): Promise<void> {
  if (props.onDelete === "keep") return;
  const doing = `turning log archiving of ${props.tenant} off`;
  const { c, t } = await connectTo(props.connection, props.tenant, doing, true);
  const live = await readLive(c, t);
  // only archiving to this resource's destination is turned off: a destination set since by another resource
  // (a replacement of another type for the same tenant) or a person is theirs, and so is its archiving
  const location = live.dest.get("path");
  if (location !== undefined && location !== props.location) {
    log.warn(`${doing}: the tenant archives to ${publicPathOf(location)} now, not to this resource's ${props.path || publicPathOf(props.location)}; archiving is left as it is`);
    return;
  }
  if (claimedByAnother(c, t, "LOG_ARCHIVE_DEST", props.location)) {
    log.warn(`${doing}: another resource of this run took archiving to ${props.path || publicPathOf(props.location)} over (a replacement); archiving is left on`);
    return;
  }
  if (live.logMode === "ARCHIVELOG") await runStatement(c, archivelogStatement(false, t.clauseTenant), doing, t.tenantName);
  await waitForRound(c, t, "STOP", deadlineIn(props.timeoutSeconds), doing);
}
export { deleteResource as delete };
