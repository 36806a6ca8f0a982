// The TenantRestore resource, its whole life: check, diff, create, read, update, delete. The facts it relies on
// are in docs/research/oceanbase-restore.md (cited by section). This module's exports are the dynamic provider
// Pulumi loads.

import { createHash, randomBytes } from "crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { publicPathOf } from "./backup-uri";
import { checkInputs, UNKNOWN } from "./check";
import { clock } from "./clock";
import { Connected, configureFrom, openDedicated } from "./connection";
import { explain, isConnectionLost, obCode, ProviderError } from "./errors";
import * as ob from "./ob";
import { log } from "./progress-log";
import { declaredInputs, declaredOutputs, inputsOf, plain } from "./resource-kit";
import { replaceOnChanges } from "./schema";
import * as S from "./sql";
import * as Q from "./sql-text";
import { TenantRestoreInputs, TenantRestoreOutputs, TenantRestoreToken } from "./types.generated";
import { deadlineIn, identifyGraceMs, pause, pollIntervalMs, waitFor, WaitTimeoutError } from "./wait";

type Inputs = TenantRestoreInputs;
type Outputs = TenantRestoreOutputs;

/** The RESTORE was sent and its job is not identified yet (its reply was lost, or the run timed out in it). */
const PENDING = "PENDING";
/** OceanBase's server-side limit on the blocking RESTORE statement (§1.1, executor step 3), plus a margin. */
const RESTORE_STATEMENT_MS = 11 * 60_000;
/** How long `latest` waits for the archive to cover the newest backup set (its lag is seconds to minutes). */
const ARCHIVE_CATCH_UP_MS = 10 * 60_000;
/** The sys history COMMENT of a restore whose tenant was dropped under it: a cancel (§1.5). */
const CANCELLED_COMMENT = /OB_TENANT_NOT_EXIST\(-5157\)/;

// ---- check and diff ------------------------------------------------------------------------------------------

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  const { inputs, failures } = checkInputs(TenantRestoreToken, news);
  inputs.generation = Object.keys(olds).length > 0 ? (typeof olds.generation === "number" ? olds.generation : 0) + 1 : 0;
  const set = (k: string) => inputs[k] !== undefined;
  if (!set("adoptJobId") && !set("dataBackupUri") && !failures.some((f) => f.property === "dataBackupUri")) {
    failures.push({ property: "dataBackupUri", reason: "is required (the source tenant's data backup destination, e.g. from restoreSourceOf(policy)), unless adoptJobId is set" });
  }
  if (set("pool") === set("unit") && !set("adoptJobId")) {
    failures.push({
      property: set("pool") ? "unit" : "pool",
      reason: set("pool")
        ? `cannot be set with pool: either restore onto the existing pool ${JSON.stringify(inputs.pool)} or let the resource create a unit and pool, got ${JSON.stringify(inputs.unit)}`
        : 'or unit is required: an existing free resource pool (pool: "my_pool") or a unit config to create one (unit: { maxCpu: 1, memorySize: "5G" })',
    });
  }
  if (set("zones") && !set("unit")) failures.push({ property: "zones", reason: `applies to the pool created from unit only; unit is not set, got ${JSON.stringify(inputs.zones)}` });
  if (inputs.activate === true && inputs.waitForCompletion === false) {
    failures.push({ property: "activate", reason: "needs waitForCompletion: true (a tenant is activated once its restore succeeded); set activate: false to leave it a standby, got true" });
  }
  failures.push(...(await checkAgainstServer(olds, inputs, failures)));
  return { inputs, failures };
}

/**
 * Preview's read-only look at the server, for a resource new to the stack: a sys login, a free target name and
 * (pool given) a free pool. A server that cannot be reached is the create's to report.
 */
async function checkAgainstServer(olds: Record<string, unknown>, inputs: Record<string, unknown>, failures: { property: string }[]): Promise<{ property: string; reason: string }[]> {
  if (Object.keys(olds).length > 0 || inputs.adoptJobId !== undefined) return [];
  const failed = new Set(failures.map((f) => f.property));
  const unknown = (k: string) => inputs[k] === UNKNOWN || failed.has(k);
  if (unknown("connection") || unknown("tenantName") || typeof inputs.tenantName !== "string") return [];
  let c: Connected;
  try {
    c = await ob.connect(inputs.connection as string | undefined, "checking the restore's target");
  } catch (e) {
    log.warn(`the restore's target was not checked: ${(e as Error).message}`);
    return [];
  }
  const out: { property: string; reason: string }[] = [];
  if (!c.tenant.isSys) {
    return [{ property: "connection", reason: `logs in to tenant ${c.tenant.tenantName} (${c.describe}), but OceanBase runs restores from sys only: use a profile that logs in as root@sys` }];
  }
  const clash = await tenantNamedLike(c, inputs.tenantName);
  if (clash) out.push({ property: "tenantName", reason: clashReason(inputs.tenantName, clash, c) });
  if (typeof inputs.pool === "string" && !unknown("pool")) {
    const why = await poolProblem(c, inputs.pool);
    if (why) out.push({ property: "pool", reason: why });
  }
  return out;
}

function clashReason(name: string, t: TenantRow, c: Connected): string {
  return t.name === name
    ? `tenant ${name} exists already in ${c.describe} (TENANT_ID ${t.id}, ${t.status}): a restore creates a new tenant; choose a new tenantName or drop that tenant`
    : `tenant ${t.name} exists in ${c.describe}, and OceanBase refuses a restore of a name that differs only in case, got ${JSON.stringify(name)}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const NOT_COMPARED = new Set(["resourceKey", "generation"]);

export async function diff(_id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult> {
  const keys = Object.keys(declaredInputs(TenantRestoreToken, { ...olds, ...news } as Record<string, unknown>)).filter((k) => !NOT_COMPARED.has(k));
  const changed = keys.filter((k) => !same((olds as unknown as Record<string, unknown>)[k], (news as unknown as Record<string, unknown>)[k]));
  const replaceable = new Set(replaceOnChanges(TenantRestoreToken));
  const replaces = changed.filter((k) => replaceable.has(k));
  // a cancelled restore dropped its tenant: declaring it running again is a new restore
  if (olds.state === "cancelled" && news.state === "running" && !replaces.includes("state")) replaces.push("state");
  // the tenant name is taken until the old one is dropped
  return { changes: changed.length > 0 || olds.status === PENDING, replaces, deleteBeforeReplace: true };
}

// ---- reading OceanBase ----------------------------------------------------------------------------------------

interface TenantRow {
  id: number;
  name: string;
  status: string;
  role: string;
}

interface RestoreRow {
  tenantId: number;
  jobId: number;
  restoreTenantId: number;
  status: string;
  restoreScn: string;
  restoredTo: string;
  startTime: string;
  finishTime: string;
  backupSets: string[];
  backupPieces: string[];
  totalBytes: number;
  finishBytes: number;
  description: string;
  comment: string;
  inHistory: boolean;
}

const lower = (s: string) => S.literal(s.toLowerCase(), "mysql");

async function tenantNamedLike(c: Connected, name: string): Promise<TenantRow | undefined> {
  const rows = (await ob.query(c, Q.tenantsNamedLike(lower(name)))).map((r) => ({
    id: Number(r.TENANT_ID),
    name: String(r.TENANT_NAME),
    status: String(r.STATUS),
    role: String(r.TENANT_ROLE ?? ""),
  }));
  return rows.find((t) => t.name === name) ?? rows[0];
}

/** Why a named pool cannot take a restore, or undefined (§1.1 check 5: it must exist; §2: and be free). */
async function poolProblem(c: Connected, pool: string): Promise<string | undefined> {
  const rows = await ob.query(c, Q.poolNamed(S.literal(pool, "mysql")));
  if (rows.length === 0) return `resource pool ${pool} does not exist in ${c.describe} (DBA_OB_RESOURCE_POOLS): create it, or give unit to let the resource create one`;
  const owner = rows[0].TENANT_ID;
  if (owner !== null && owner !== undefined && owner !== "") return `resource pool ${pool} is granted to tenant ${owner}: a restore needs a free pool, got ${JSON.stringify(pool)}`;
  return undefined;
}

const pathList = (v: unknown) =>
  String(v ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => publicPathOf(p) || p.replace(/\?.*$/, ""));

async function restoreRows(c: Connected, name: string): Promise<RestoreRow[]> {
  const offset = c.tenant.timeOffsetMinutes;
  const rows = await ob.query(c, Q.restoreRows(S.literal(name, "mysql")));
  return rows.map((r) => ({
    tenantId: Number(r.TENANT_ID),
    jobId: Number(r.JOB_ID),
    restoreTenantId: Number(r.RESTORE_TENANT_ID) || 0,
    status: String(r.STATUS ?? ""),
    restoreScn: String(r.RESTORE_SCN ?? ""),
    restoredTo: ob.isoTime(r.RESTORE_SCN_DISPLAY, offset),
    startTime: ob.isoTime(r.START_TIMESTAMP, offset),
    finishTime: ob.isoTime(r.FINISH_TIMESTAMP, offset),
    backupSets: pathList(r.BACKUP_SET_LIST),
    backupPieces: pathList(r.BACKUP_PIECE_LIST),
    totalBytes: Number(r.TOTAL_BYTES) || 0,
    finishBytes: Number(r.FINISH_BYTES) || 0,
    description: String(r.DESCRIPTION ?? ""),
    comment: String(r.COMMENT ?? ""),
    inHistory: Number(r.IN_HISTORY) === 1,
  }));
}

/** One restore: its sys row and its tenant's row (same JOB_ID, §3.1); a current row wins over its history row. */
interface Family {
  sys?: RestoreRow;
  tenant?: RestoreRow;
}

function familyOf(rows: RestoreRow[], jobId: number): Family {
  const pick = (xs: RestoreRow[]) => xs.find((r) => !r.inHistory) ?? xs[0];
  const sys = pick(rows.filter((r) => r.tenantId === 1 && r.jobId === jobId));
  const tenant = pick(rows.filter((r) => r.tenantId !== 1 && r.jobId === jobId));
  return { sys, tenant };
}

/** RESTORING while the sys row is current (§3.2: it is the last to leave); then its history status. */
function statusOf(f: Family): { status: string; restoreStatus: string } {
  if (!f.sys) return { status: "NONE", restoreStatus: "" };
  if (!f.sys.inHistory) {
    const shown = f.tenant && !f.tenant.inHistory && f.sys.status === "WAIT_TENANT_RESTORE_FINISH" ? f.tenant.status : f.sys.status;
    return { status: "RESTORING", restoreStatus: shown };
  }
  if (f.sys.status === "SUCCESS") return { status: "SUCCESS", restoreStatus: "SUCCESS" };
  return { status: CANCELLED_COMMENT.test(f.sys.comment) ? "CANCELED" : "FAIL", restoreStatus: f.sys.status };
}

function withFamily(outs: Outputs, f: Family, tenant: TenantRow | undefined): Outputs {
  const { status, restoreStatus } = statusOf(f);
  const s = f.sys;
  const t = f.tenant;
  const total = t?.totalBytes || s?.totalBytes || outs.totalBytes;
  const done = t?.finishBytes || s?.finishBytes || outs.finishBytes;
  const restoredTenantId = s?.restoreTenantId || t?.tenantId || outs.restoredTenantId;
  const ours = tenant !== undefined && restoredTenantId > 0 && tenant.id === restoredTenantId;
  return {
    ...outs,
    jobId: s?.jobId ?? outs.jobId,
    status,
    restoreStatus,
    restoredTenantId,
    tenantStatus: ours ? tenant.status : restoredTenantId > 0 ? "DROPPED" : "",
    tenantRole: ours ? tenant.role : "",
    restoreScn: s?.restoreScn || outs.restoreScn,
    restoredTo: s?.restoredTo || outs.restoredTo,
    backupSets: s?.backupSets.length ? s.backupSets : outs.backupSets,
    backupPieces: s?.backupPieces.length ? s.backupPieces : outs.backupPieces,
    totalBytes: total,
    finishBytes: status === "SUCCESS" ? Math.max(done, total) : done,
    progress: status === "SUCCESS" ? 100 : total > 0 ? Math.min(100, Math.round((done * 10000) / total) / 100) : 0,
    comment: s?.comment || t?.comment || "",
    startTime: s?.startTime || outs.startTime,
    finishTime: s?.inHistory ? s.finishTime : "",
  };
}

/** Everything about the resource's restore, read now: two statements (the job rows, the tenant). */
async function refresh(c: Connected, outs: Outputs): Promise<Outputs> {
  const rows = await restoreRows(c, outs.tenantName);
  const tenant = await tenantNamedLike(c, outs.tenantName);
  return withFamily(outs, familyOf(rows, outs.jobId), tenant?.name === outs.tenantName ? tenant : undefined);
}

// ---- create --------------------------------------------------------------------------------------------------

/** A marker key derived as BackupJob's (see its markerKey): never from a secret, since DESCRIPTION is readable. */
export function markerKey(inputs: Inputs): string {
  if (!inputs.resourceKey) return randomBytes(6).toString("hex");
  const identity = [
    inputs.resourceKey,
    inputs.generation ?? 0,
    inputs.connection ?? null,
    inputs.tenantName,
    inputs.until,
    inputs.pool ?? null,
    inputs.unit ?? null,
    inputs.zones ?? null,
    inputs.primaryZone ?? null,
    inputs.concurrency ?? null,
    inputs.description ?? null,
  ];
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 12);
}

const marker = (key: string) => `[pulumi:${key}]`;

function secretsOf(c: Connected, inputs: Inputs): string[] {
  return [c.settings.password, inputs.dataBackupUri ?? "", inputs.archiveLocation ?? "", ...(inputs.decryptionPasswords ?? [])].filter(Boolean);
}

function baseOutputs(inputs: Inputs, key: string): Outputs {
  return {
    ...inputs,
    connectedTenant: "sys",
    jobKey: key,
    jobId: 0,
    status: PENDING,
    restoreStatus: "",
    restoredTenantId: 0,
    tenantStatus: "",
    tenantRole: "",
    restoreScn: "",
    restoredTo: "",
    backupSets: [],
    backupPieces: [],
    totalBytes: 0,
    finishBytes: 0,
    progress: 0,
    comment: "",
    createdPool: "",
    createdUnit: "",
    startTime: "",
    finishTime: "",
  };
}

const resourceId = (o: Outputs) => (o.jobId > 0 ? `restore/${o.tenantName}/${o.jobId}` : `${o.status === PENDING ? "pending" : o.state}/${o.tenantName}/${o.jobKey}`);

/** Pulumi's "created but failed to initialize": the resource is recorded, so its tenant is never lost. */
function initFailed(outs: Outputs, message: string): Error {
  const e = new ProviderError(message) as ProviderError & { id: string; properties: Outputs; reasons: string[] };
  e.id = resourceId(outs);
  e.properties = plain(declaredOutputs(TenantRestoreToken, outs));
  e.reasons = [message];
  return e;
}

async function connectSys(profile: string | undefined, doing: string): Promise<Connected> {
  const c = await ob.connect(profile, doing);
  if (!c.tenant.isSys) throw new ProviderError(`${doing}: ${c.describe} logs in to tenant ${c.tenant.tenantName}, but OceanBase runs restores from sys only (§1.1): use a connection that logs in as root@sys`);
  return c;
}

async function run(c: Connected, sql: string, doing: string, inputs: Inputs, tenant?: string): Promise<void> {
  try {
    await ob.withConnection(c, (conn) => conn.query(sql));
  } catch (e) {
    throw explain(e, { doing, where: c.describe, tenant, secrets: secretsOf(c, inputs), restore: true });
  }
}

export async function create(inputs: Inputs): Promise<dynamic.CreateResult> {
  inputs = declaredInputs(TenantRestoreToken, inputs);
  const deadline = deadlineIn(inputs.timeoutSeconds);
  const doing = `restoring tenant ${inputs.tenantName}`;
  const c = await connectSys(inputs.connection, doing);
  const key = markerKey(inputs);
  let outs: Outputs;
  if (inputs.adoptJobId !== undefined) outs = await adopt(c, inputs, deadline);
  else if (inputs.state === "cancelled") outs = await cancelWhatRuns(c, inputs, key, deadline);
  else outs = await start(c, inputs, key, deadline);
  return { id: resourceId(outs), outs: plain(outs) };
}

async function start(c: Connected, inputs: Inputs, key: string, deadline: number): Promise<Outputs> {
  const name = inputs.tenantName;
  const doing = `restoring tenant ${name}`;
  // before anything is sent: a run that died after its RESTORE left a job with this marker. Running, or
  // succeeded with its tenant still there, it is this create's; one that failed or was cancelled is not.
  const earlier = (await restoreRows(c, name)).filter((r) => r.tenantId === 1 && r.description.endsWith(marker(key)));
  const floor = Math.max(0, ...earlier.map((r) => r.jobId));
  if (earlier.length > 0) {
    const adopted = await refresh(c, { ...baseOutputs(inputs, key), jobId: floor });
    if (adopted.status === "RESTORING" || (adopted.status === "SUCCESS" && adopted.tenantStatus !== "DROPPED")) {
      log.warn(`${doing}: restore job ${floor} marked ${marker(key)} is ${adopted.status}: an earlier run of this create died before it returned; it is adopted, and no second RESTORE is sent`);
      return finish(c, { ...adopted, ...resourcesOf(inputs) }, inputs, deadline);
    }
    log.info(`${doing}: restore job ${floor} marked ${marker(key)} ended ${adopted.status}; a new restore starts`);
  }
  const clash = await tenantNamedLike(c, name);
  if (clash) throw new ProviderError(`${doing}: ${clashReason(name, clash, c)}`);
  const resources = await prepareResources(c, inputs, doing);
  const pending: Outputs = { ...baseOutputs(inputs, key), ...resources };
  const statement = S.restoreStatement({
    tenant: name,
    uris: [inputs.dataBackupUri as string, ...(inputs.archiveLocation ? [inputs.archiveLocation] : [])],
    until: inputs.until,
    pool: resources.createdPool || (inputs.pool as string),
    primaryZone: inputs.primaryZone,
    concurrency: inputs.concurrency,
    description: inputs.description ? `${inputs.description} ${marker(key)}` : marker(key),
  });
  let outcomeUnknown = false;
  try {
    await sendUntilArchiveCaughtUp(c, statement, inputs, deadline);
  } catch (e) {
    if (!isConnectionLost(e) && obCode(e as Error) !== 4012) {
      // refused, or failed while creating the tenant (9099): no tenant exists, so what this create made goes too
      await dropResources(c, pending, inputs).catch((d) => log.warn(`${doing}: ${(d as Error).message}`));
      throw explain(e, { doing, where: c.describe, tenant: name, secrets: secretsOf(c, inputs), restore: true });
    }
    outcomeUnknown = true;
    log.warn(`${doing}: no answer to the RESTORE statement (${(e as Error).message}); looking for the restore it may have started`);
  }
  const jobId = await identify(c, name, key, floor, outcomeUnknown, deadline);
  if (jobId === undefined) {
    if (outcomeUnknown) throw initFailed(pending, `${doing}: the RESTORE may have started, but no job marked ${marker(key)} appeared yet; the next update looks for it again`);
    throw initFailed(pending, `${doing}: OceanBase accepted the RESTORE statement but no job marked ${marker(key)} appeared`);
  }
  return finish(c, { ...pending, jobId }, inputs, deadline);
}

function resourcesOf(inputs: Inputs): Pick<Outputs, "createdPool" | "createdUnit"> {
  return inputs.unit ? { createdPool: `${inputs.tenantName}_restore_pool`, createdUnit: `${inputs.tenantName}_restore_unit` } : { createdPool: "", createdUnit: "" };
}

/** The pool a restore goes onto: a unit and pool created for it (IF NOT EXISTS: a retry reuses them), or the named one, checked. */
async function prepareResources(c: Connected, inputs: Inputs, doing: string): Promise<Pick<Outputs, "createdPool" | "createdUnit">> {
  const made = resourcesOf(inputs);
  if (!inputs.unit) {
    const why = await poolProblem(c, inputs.pool as string);
    if (why) throw new ProviderError(`${doing}: ${why}`);
    return made;
  }
  const zones = inputs.zones ?? (await readZones(c, doing, inputs));
  if (zones.length === 0) throw new ProviderError(`${doing}: DBA_OB_ZONES lists no zone in ${c.describe}; set zones`);
  await run(c, S.createUnitStatement(made.createdUnit, inputs.unit), `${doing}: creating resource unit ${made.createdUnit}`, inputs);
  await run(c, S.createPoolStatement(made.createdPool, made.createdUnit, zones), `${doing}: creating resource pool ${made.createdPool}`, inputs);
  return made;
}

async function readZones(c: Connected, doing: string, inputs: Inputs): Promise<string[]> {
  try {
    return (await ob.query(c, Q.ZONES)).map((r) => String(r.ZONE));
  } catch (e) {
    throw explain(e, { doing: `${doing}: reading the cluster's zones (DBA_OB_ZONES; set zones to skip it)`, where: c.describe, secrets: secretsOf(c, inputs), restore: true });
  }
}

/**
 * SET DECRYPTION and RESTORE on one dedicated session (§1.4: the passwords are a session variable the RESTORE
 * reads), closed afterwards. The RESTORE blocks until the tenant exists (§1.1), up to the deadline.
 */
async function sendRestore(c: Connected, statement: string, inputs: Inputs, deadline: number): Promise<void> {
  const conn = await openDedicated(c.settings);
  try {
    if (inputs.decryptionPasswords?.length) await conn.query(S.setDecryptionStatement(inputs.decryptionPasswords));
    const timeout = Math.max(1000, Math.min(RESTORE_STATEMENT_MS, deadline - clock().now()));
    await conn.query({ sql: statement, timeout });
  } finally {
    conn.destroy();
  }
}

/**
 * `latest` right after a backup: the archive's checkpoint trails the log by OceanBase's archive lag, so the
 * newest backup set may not be covered yet, and RESTORE answers 4018 before it creates anything (§1.1.2, the
 * backup-set walk). That is retried for a while, never a restore that started: nothing was created.
 */
async function sendUntilArchiveCaughtUp(c: Connected, statement: string, inputs: Inputs, deadline: number): Promise<void> {
  const giveUp = Math.min(deadline, clock().now() + ARCHIVE_CATCH_UP_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendRestore(c, statement, inputs, deadline);
    } catch (e) {
      if (inputs.until !== "latest" || obCode(e as Error) !== 4018 || clock().now() >= giveUp) throw e;
      if (attempt === 1) log.info(`restoring tenant ${inputs.tenantName}: the archive has not reached the newest backup set yet (OceanBase 4018); trying again while it catches up`);
      await pause(Math.min(10_000, pollIntervalMs() * attempt));
    }
  }
}

/** The JOB_ID of the newest sys restore row carrying the marker above `floor`; after a lost reply, looked for a while. */
async function identify(c: Connected, name: string, key: string, floor: number, outcomeUnknown: boolean, deadline: number): Promise<number | undefined> {
  const until = outcomeUnknown ? Math.min(deadline, clock().now() + identifyGraceMs()) : clock().now();
  for (;;) {
    try {
      const mine = (await restoreRows(c, name)).filter((r) => r.tenantId === 1 && r.jobId > floor && r.description.endsWith(marker(key)));
      if (mine.length > 0) return Math.max(...mine.map((r) => r.jobId));
    } catch (e) {
      if (!isConnectionLost(e) || clock().now() >= deadline) throw e;
    }
    if (clock().now() >= until) return undefined;
    await pause(pollIntervalMs());
  }
}

/** After the job is known: read it, and wait for its end and activate it when asked. Nothing here loses it. */
async function finish(c: Connected, outs: Outputs, inputs: Inputs, deadline: number): Promise<Outputs> {
  try {
    outs = await refresh(c, outs);
    if (!inputs.waitForCompletion) return outs;
    outs = await waitForEnd(c, outs, deadline);
    if (inputs.activate && outs.tenantRole !== "PRIMARY") outs = await activate(c, outs, inputs, deadline);
    return outs;
  } catch (e) {
    if ((e as { properties?: unknown }).properties !== undefined) throw e;
    const why = e instanceof WaitTimeoutError ? `${e.message}. The restore goes on in OceanBase; raise timeoutSeconds, or set state to cancelled` : explain(e, { doing: `following restore job ${outs.jobId} of ${outs.tenantName}`, where: c.describe, secrets: secretsOf(c, inputs), restore: true }).message;
    throw initFailed(outs, why);
  }
}

const shown = (o: Outputs) => `${o.restoreStatus || o.status}${o.totalBytes > 0 ? `, ${o.progress}% of ${o.totalBytes} bytes` : ""}`;

async function waitForEnd(c: Connected, outs: Outputs, deadline: number): Promise<Outputs> {
  let current = outs;
  current = await waitFor(
    async () => {
      current = await refresh(c, current);
      return current.status === "RESTORING" ? undefined : current;
    },
    { deadline, what: `the restore of ${outs.tenantName} to end`, describe: () => `restore job ${current.jobId} (${shown(current)})`, progress: () => `restore of ${current.tenantName} job ${current.jobId}: ${shown(current)}` },
  );
  if (current.status === "FAIL") {
    throw initFailed(current, `the restore of ${current.tenantName} (job ${current.jobId}) FAILED: ${current.comment || "OceanBase gave no reason"}. The tenant is left in ${current.tenantStatus || "RESTORE"}: set state to cancelled, or destroy, to drop it`);
  }
  if (current.status === "CANCELED" && current.state === "running") {
    throw initFailed({ ...current, state: "cancelled" }, `the restore of ${current.tenantName} (job ${current.jobId}) was cancelled, not by this resource: its tenant was dropped (${current.comment})`);
  }
  return current;
}

/** §4.2: ACTIVATE STANDBY, then TENANT_ROLE PRIMARY is waited for (the switch is not synchronous). */
async function activate(c: Connected, outs: Outputs, inputs: Inputs, deadline: number): Promise<Outputs> {
  await run(c, S.activateStandbyStatement(outs.tenantName), `making the restored tenant ${outs.tenantName} a primary`, inputs, outs.tenantName);
  let current = outs;
  return waitFor(
    async () => {
      current = await refresh(c, current);
      return current.tenantRole === "PRIMARY" ? current : undefined;
    },
    { deadline, what: `tenant ${outs.tenantName} to become PRIMARY`, describe: () => `TENANT_ROLE ${current.tenantRole}` },
  );
}

// ---- adopt and cancel ----------------------------------------------------------------------------------------

async function adopt(c: Connected, inputs: Inputs, deadline: number): Promise<Outputs> {
  const id = inputs.adoptJobId as number;
  const outs = await refresh(c, { ...baseOutputs(inputs, ""), jobId: id });
  if (outs.status === "NONE") throw new ProviderError(`adopting restore job ${id}: CDB_OB_RESTORE_PROGRESS and _HISTORY hold no sys row (TENANT_ID 1) with JOB_ID ${id} restoring into ${inputs.tenantName} in ${c.describe}`);
  if (inputs.state === "cancelled") return cancelOwned(c, outs, inputs, deadline);
  return finish(c, outs, inputs, deadline);
}

/** Created as `cancelled`: stops a restore into tenantName that runs now, whoever started it (the declarative cancel). */
async function cancelWhatRuns(c: Connected, inputs: Inputs, key: string, deadline: number): Promise<Outputs> {
  const rows = await restoreRows(c, inputs.tenantName);
  const running = rows.filter((r) => r.tenantId === 1 && !r.inHistory).map((r) => r.jobId);
  if (running.length === 0) {
    log.info(`cancelling the restore of ${inputs.tenantName}: none is running`);
    return { ...baseOutputs(inputs, key), status: "NONE" };
  }
  const outs = await refresh(c, { ...baseOutputs(inputs, key), jobId: Math.max(...running) });
  return cancelOwned(c, outs, inputs, deadline);
}

/**
 * CANCEL RESTORE drops the tenant being restored (§1.5), so it is sent only while the tenant this resource's job
 * created is the one restoring under that name; then the job's end is waited for and the pool and unit this
 * resource created are dropped (a pool is free only once the tenant is gone, §2).
 */
async function cancelOwned(c: Connected, outs: Outputs, inputs: Inputs, deadline: number): Promise<Outputs> {
  const doing = `cancelling the restore of ${outs.tenantName}`;
  let current = await refresh(c, outs);
  if (current.status === "RESTORING") {
    const tenant = await tenantNamedLike(c, current.tenantName);
    if (tenant && current.restoredTenantId > 0 && tenant.id !== current.restoredTenantId) {
      throw new ProviderError(`${doing}: tenant ${tenant.name} (TENANT_ID ${tenant.id}) is not the one restore job ${current.jobId} created (TENANT_ID ${current.restoredTenantId}); nothing was cancelled`);
    }
    if (tenant?.status === "RESTORE" || !tenant) {
      try {
        await ob.withConnection(c, (conn) => conn.query(S.cancelRestoreStatement(current.tenantName)));
      } catch (e) {
        // 5157: gone already (a cancel of an earlier run), 4179: ended meanwhile; what the views say decides
        if (obCode(e as Error) !== 5157 && obCode(e as Error) !== 4179) throw explain(e, { doing, where: c.describe, tenant: current.tenantName, secrets: secretsOf(c, inputs), restore: true });
      }
    }
    current = await waitFor(
      async () => {
        const o = await refresh(c, current);
        return o.status === "RESTORING" ? undefined : o;
      },
      { deadline, what: `the cancelled restore of ${current.tenantName} to end`, describe: () => `restore job ${current.jobId}` },
    );
  } else if (current.status === "SUCCESS") {
    log.warn(`${doing}: the restore had already succeeded; nothing to cancel (the tenant stays until the resource is deleted)`);
    return { ...current, state: "cancelled" };
  } else if (current.status === "FAIL" && current.tenantStatus === "RESTORE") {
    // a failed restore leaves its tenant in RESTORE (§3.3); CANCEL RESTORE is what removes it
    await run(c, S.cancelRestoreStatement(current.tenantName), doing, inputs, current.tenantName);
    current = await refresh(c, current);
  }
  await dropResources(c, current, inputs);
  return { ...current, state: "cancelled", status: current.status === "FAIL" || current.status === "CANCELED" ? "CANCELED" : current.status };
}

/** The unit and pool this resource created, once the tenant is gone; IF EXISTS, so a second run sends the same. */
async function dropResources(c: Connected, outs: Outputs, inputs: Inputs): Promise<void> {
  if (outs.createdPool) await run(c, S.dropPoolStatement(outs.createdPool), `dropping resource pool ${outs.createdPool}`, inputs);
  if (outs.createdUnit) await run(c, S.dropUnitStatement(outs.createdUnit), `dropping resource unit ${outs.createdUnit}`, inputs);
}

// ---- read, update, delete ------------------------------------------------------------------------------------

const restoreInputsOf = (o: Outputs) => inputsOf(TenantRestoreToken, o as unknown as Record<string, unknown>);

export async function read(id: string, props: Outputs): Promise<dynamic.ReadResult> {
  const c = await connectSys(props.connection, `reading the restore of ${props.tenantName}`);
  let outs = props;
  if (props.status === PENDING) {
    const jobId = await identify(c, props.tenantName, props.jobKey, 0, false, clock().now());
    if (jobId === undefined) return { id, props: plain(props), inputs: plain(restoreInputsOf(props)) };
    outs = { ...props, jobId };
  }
  outs = await refresh(c, outs);
  // the restored tenant dropped outside Pulumi: the resource is gone (an `up` restores again)
  if (outs.status === "SUCCESS" && outs.tenantStatus === "DROPPED") return {};
  if (outs.status === "NONE" && props.jobId > 0) return {};
  // cancelled outside Pulumi: reads back as `cancelled`, which refresh shows and a `running` program replaces
  if (outs.state === "running" && outs.status === "CANCELED") outs = { ...outs, state: "cancelled" };
  return { id: resourceId(outs), props: plain(outs), inputs: plain(restoreInputsOf(outs)) };
}

export async function update(_id: string, olds: Outputs, news: Inputs): Promise<dynamic.UpdateResult> {
  news = declaredInputs(TenantRestoreToken, news);
  olds = declaredOutputs(TenantRestoreToken, olds);
  const deadline = deadlineIn(news.timeoutSeconds);
  const c = await connectSys(news.connection, `updating the restore of ${news.tenantName}`);
  let outs: Outputs = { ...olds, ...news };
  if (olds.status === PENDING) {
    const jobId = await identify(c, olds.tenantName, olds.jobKey, 0, false, deadline);
    if (jobId !== undefined) outs = { ...outs, jobId };
    else if (news.state === "running") return { outs: plain(await start(c, news, olds.jobKey, deadline)) };
    else return { outs: plain({ ...outs, status: "NONE" }) };
  }
  if (news.state === "cancelled" && olds.state === "running") {
    outs = await cancelOwned(c, outs, news, deadline);
  } else {
    outs = await refresh(c, outs);
    const waitNow = news.waitForCompletion && (!olds.waitForCompletion || (news.activate && !olds.activate));
    if (news.state === "running" && waitNow && outs.status !== "CANCELED") outs = await finish(c, outs, news, deadline);
  }
  return { outs: plain(outs) };
}

/**
 * onDelete drop: the tenant this resource restored, and only it (same TENANT_ID: a tenant of the same name
 * created since is someone else's): CANCEL RESTORE while it restores, DROP TENANT … FORCE after; then the pool
 * and unit it created.
 */
export async function deleteResource(_id: string, props: Outputs): Promise<void> {
  props = declaredOutputs(TenantRestoreToken, props);
  const doing = `deleting the restore of ${props.tenantName}`;
  if (props.onDelete === "keep") {
    if (props.restoredTenantId > 0) log.warn(`${doing}: tenant ${props.tenantName} (TENANT_ID ${props.restoredTenantId}) is kept (onDelete: keep), with its pool; Pulumi no longer tracks it`);
    return;
  }
  const c = await connectSys(props.connection, doing);
  const deadline = deadlineIn(props.timeoutSeconds);
  let outs = props;
  if (props.status === PENDING) {
    const jobId = await identify(c, props.tenantName, props.jobKey, 0, false, deadline);
    if (jobId === undefined) return dropResources(c, props, props);
    outs = { ...props, jobId };
  }
  outs = await refresh(c, outs);
  if (outs.status === "RESTORING") {
    await cancelOwned(c, outs, props, deadline);
    return;
  }
  const tenant = await tenantNamedLike(c, outs.tenantName);
  if (tenant && tenant.name === outs.tenantName && tenant.id === outs.restoredTenantId) {
    await run(c, S.dropTenantStatement(outs.tenantName), doing, props, outs.tenantName);
    await waitFor(
      async () => {
        const t = await tenantNamedLike(c, outs.tenantName);
        return t && t.id === outs.restoredTenantId ? undefined : true;
      },
      { deadline, what: `tenant ${outs.tenantName} to be dropped`, describe: () => `tenant ${outs.tenantName}` },
    );
  } else if (tenant && tenant.name === outs.tenantName) {
    log.warn(`${doing}: tenant ${tenant.name} now has TENANT_ID ${tenant.id}, not the ${outs.restoredTenantId} this resource restored; it is left alone`);
    return;
  }
  await dropResources(c, outs, props);
}
export { deleteResource as delete };
