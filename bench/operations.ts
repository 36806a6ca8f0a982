// Each operation through the provider host against raw mysql2 sending the minimal statements, at a round-trip
// time the emulator adds to every reply. Connected to sys, acting on tenant mysql_tenant (the setting).

import mysql = require("mysql2/promise");
import type { EmulatorHandle } from "../emulator";
import type { Props } from "../engine/provider-host";
import { BenchHost, Module } from "./host";
import { measure, Measured, median, sample, Sample, sleep, summarize, until } from "./measure";

const TENANT = "mysql_tenant";

export interface OpResult {
  operation: string;
  rttMs: number;
  /** gRPC calls timed: one (a create's Check is a call of its own, untimed before it; wait-bound creates: both) */
  hostCalls: number;
  provider: Measured;
  raw: Measured;
  /**
   * raw mysql2 sending the very statements the provider sent, when those are more than the minimum on purpose
   * (BackupDestination create: the read before the SET and the DEST_ID read; its delete: issue 17's safety read)
   */
  rawSame?: Measured;
  /** what rawSame sends, in the criterion table's words */
  rawSameNote?: string;
  minimum: number;
  /** wait-bound operations: how long the server itself took, and what each side spent beyond it */
  wait?: { serverMs: number; providerBeyondMs: number; rawBeyondMs: number; providerPolls: number; rawPolls: number };
}

interface Ctx {
  h: EmulatorHandle;
  host: BenchHost;
  raw: mysql.Connection;
  rtt: number;
  iterations: number;
  waitIterations: number;
  tenantId: number;
}

interface Made {
  id: string;
  outs: Props;
  inputs: Props;
}

const q = async (c: mysql.Connection, sql: string) => (await c.query(sql))[0] as Record<string, unknown>[];

/** Between the raw side's polls: none beyond the round trip, but at least 5 ms, so that 0 ms is not a flood. */
const rawPollPause = (c: Ctx) => sleep(Math.max(0, 5 - c.rtt));

/** Statuses of the running jobs, sys's own (the umbrella of a backup started from sys) included. */
function jobStatuses(h: EmulatorHandle): string[] {
  return h.sql(`SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS`).map((r) => String(r.STATUS));
}

function archiveStatus(h: EmulatorHandle): string {
  return String(h.sql(`SELECT A.STATUS FROM oceanbase.CDB_OB_ARCHIVELOG A JOIN oceanbase.DBA_OB_TENANTS T ON A.TENANT_ID = T.TENANT_ID WHERE T.TENANT_NAME = '${TENANT}'`)[0]?.STATUS ?? "");
}

/** No backup job running (a CANCEL of all from sys, which ends sys's umbrella job too; then the server's pace). */
async function noJobs(c: Ctx): Promise<void> {
  if (jobStatuses(c.h).length === 0) return;
  await c.raw.query(`ALTER SYSTEM CANCEL BACKUP`).catch(() => undefined);
  await until(() => jobStatuses(c.h).length === 0, "jobs to end");
}

/** The tenant's own running jobs (a row leaves for the history shortly after its job ended). */
function tenantJobStatuses(c: Ctx): string[] {
  return c.h.sql(`SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = ${c.tenantId}`).map((r) => String(r.STATUS));
}

async function make(c: Ctx, module: Module, news: Props): Promise<Made> {
  const inputs = await c.host.check(module, news);
  const r = await c.host.create(module, inputs);
  return { id: r.id, outs: r.outs, inputs };
}

/**
 * A wait-bound operation: `command` is the statement that starts the server's work and `reached` the state
 * waited for. A watcher in this process (no network) times the server's own pace from the command's arrival to
 * the state, so that what each side spends beyond it shows.
 */
async function timedWait(c: Ctx, run: () => Promise<unknown>, command: RegExp, reached: () => boolean): Promise<Sample & { serverMs: number; polls: number }> {
  let cmdAt = 0;
  let stateAt = 0;
  let cmdSeq = 0;
  let watching = true;
  const start = c.h.statements().length;
  const watcher = (async () => {
    while (watching && !stateAt) {
      if (!cmdAt) {
        const s = c.h.statements().slice(start).find((x) => command.test(x.sql));
        if (s) {
          cmdAt = performance.now();
          cmdSeq = s.seq;
        }
      } else if (reached()) stateAt = performance.now();
      await sleep(2);
    }
  })();
  const s = await sample(c.h, run);
  watching = false;
  await watcher;
  const polls = s.log.filter((x) => x.seq > cmdSeq).length;
  return { ...s, serverMs: cmdAt && stateAt ? stateAt - cmdAt : 0, polls };
}

async function waitOp(
  c: Ctx,
  operation: string,
  minimum: number,
  provider: () => Promise<unknown>,
  raw: () => Promise<unknown>,
  command: RegExp,
  reached: () => boolean,
  between: () => Promise<unknown>,
): Promise<OpResult> {
  const run = async (side: () => Promise<unknown>) => {
    await side(); // warm-up
    await between();
    const out = [];
    for (let i = 0; i < c.waitIterations; i++) {
      out.push(await timedWait(c, side, command, reached));
      await between();
    }
    return out;
  };
  const p = await run(provider);
  const r = await run(raw);
  const serverMs = median([...p, ...r].map((x) => x.serverMs));
  return {
    operation,
    rttMs: c.rtt,
    hostCalls: 2,
    provider: summarize(p),
    raw: summarize(r),
    minimum,
    wait: {
      serverMs,
      providerBeyondMs: median(p.map((x) => x.ms - x.serverMs)),
      rawBeyondMs: median(r.map((x) => x.ms - x.serverMs)),
      providerPolls: median(p.map((x) => x.polls)),
      rawPolls: median(r.map((x) => x.polls)),
    },
  };
}

/** measure() of a provider-side run, with the time inside the provider in the host's process. */
const measureProvider = (c: Ctx, run: (i: number) => Promise<unknown>, between?: () => Promise<unknown>, before?: (i: number) => Promise<unknown>) =>
  measure(c.h, c.iterations, run, between, () => c.host.providerTime(), before);

/**
 * A create as the criterion times it: the engine's Create call, request to answer. Its Check (a call of its own,
 * which sends nothing) goes first, untimed: the Check row times that call.
 */
function measureCreate(c: Ctx, module: Module, news: (i: number) => Props, done: (m: Made) => void, between?: () => Promise<unknown>): Promise<Measured> {
  let inputs: Props = {};
  return measureProvider(
    c,
    async () => {
      const r = await c.host.create(module, inputs);
      done({ id: r.id, outs: r.outs, inputs });
    },
    between,
    async (i) => (inputs = await c.host.check(module, news(i))),
  );
}

const op = (c: Ctx, operation: string, minimum: number, provider: Measured, raw: Measured, hostCalls = 1): OpResult => ({ operation, rttMs: c.rtt, hostCalls, provider, raw, minimum });

/**
 * The one statement a provider read sent, for the raw side to send too: the same information in the least
 * statements. (A shorter query would measure the emulator's SQL engine on a smaller query, not the provider.)
 */
async function readStatement(c: Ctx, read: () => Promise<unknown>): Promise<string> {
  const sent = await statementsOf(c, read);
  if (sent.length !== 1) throw new Error(`bench: a read sent ${sent.length} statements: ${sent.join(" | ")}`);
  return sent[0];
}

/** The statements `run` sent, as the emulator received them. */
async function statementsOf(c: Ctx, run: () => Promise<unknown>): Promise<string[]> {
  const before = c.h.statements().length;
  await run();
  return c.h.statements().slice(before).map((x) => x.sql);
}

/** A provider read against raw mysql2 sending the statement that read sends. */
async function readOp(c: Ctx, operation: string, read: () => Promise<unknown>): Promise<OpResult> {
  const sql = await readStatement(c, read);
  return op(c, operation, 1, await measureProvider(c, read), await measure(c.h, c.iterations, () => q(c.raw, sql)));
}

async function backupJob(c: Ctx): Promise<OpResult[]> {
  const out: OpResult[] = [];
  const news = { tenants: [TENANT], timeoutSeconds: 60 };
  await noJobs(c);
  // the tenant's job appears when the server has spawned it from the request: a pace of its own
  let rawN = 0;
  const rawCreate = async () => {
    const marker = `[pulumi:raw${c.rtt}-${++rawN}]`;
    await c.raw.query(`ALTER SYSTEM BACKUP TENANT = ${TENANT} DESCRIPTION '${marker}'`);
    while ((await q(c.raw, `SELECT JOB_ID, STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = ${c.tenantId} AND DESCRIPTION LIKE '%${marker}'`)).length === 0) await rawPollPause(c);
  };
  const tenantJob = () => c.h.sql(`SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = ${c.tenantId}`).length > 0;
  out.push(await waitOp(c, "BackupJob create (job identified)", 2, () => make(c, "backup-job", news), rawCreate, /BACKUP TENANT/, tenantJob, () => noJobs(c)));

  const job = await make(c, "backup-job", news);
  await until(() => jobStatuses(c.h).includes("DOING"), "job DOING");
  const jobId = Number((job.outs.jobs as { jobId: number }[])[0].jobId);
  out.push(await readOp(c, "BackupJob read", () => c.host.read("backup-job", job.id, job.outs, job.inputs)));
  await noJobs(c);

  // cancel to CANCELED: each run needs a job running, started untimed by `between`
  let current: Made | undefined;
  const startOne = async () => {
    await noJobs(c);
    current = await make(c, "backup-job", news);
    await until(() => jobStatuses(c.h).includes("DOING"), "job DOING");
  };
  await startOne();
  const rawCancel = async () => {
    const [j] = await q(c.raw, `SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = ${c.tenantId}`);
    await c.raw.query(`ALTER SYSTEM CANCEL BACKUP TENANT = ${TENANT}`);
    const id = Number(j.JOB_ID);
    for (;;) {
      const [r] = await q(c.raw, `SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = ${c.tenantId} AND JOB_ID = ${id} UNION ALL SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = ${c.tenantId} AND JOB_ID = ${id}`);
      if (r?.STATUS === "CANCELED") return;
      await rawPollPause(c);
    }
  };
  out.push(
    await waitOp(c, "BackupJob cancel (to CANCELED)", 2,
      () => c.host.update("backup-job", current!.id, current!.outs, { ...current!.inputs, state: "cancelled" }),
      rawCancel, /CANCEL BACKUP/, () => tenantJobStatuses(c).every((st) => st === "CANCELED"), startOne),
  );
  await noJobs(c);

  const done = { ...job.outs, status: "CANCELED", jobs: (job.outs.jobs as Props[]).map((j) => ({ ...j, status: "CANCELED" })) };
  out.push(op(c, "BackupJob delete (finished job)", 0, await measureProvider(c, () => c.host.delete("backup-job", job.id, done)), await measure(c.h, c.iterations, async () => undefined)));
  return out;
}

async function destination(c: Ctx): Promise<OpResult[]> {
  const setDest = (uri: string) => c.raw.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = '${uri}' TENANT = ${TENANT}`);
  let n = 0;
  let dest: Made | undefined;
  // the read before the SET and the DEST_ID read after it are kept on purpose (README): judged against raw
  // sending the same three statements, each run a new path as the provider's are
  const uri = `file:///bench/dest/${c.rtt}/same`;
  // after one untimed create: the first of a table may also refresh the provider's tenant list
  await make(c, "backup-destination", { tenant: TENANT, uri: `${uri}-warm` });
  const same = await statementsOf(c, () => make(c, "backup-destination", { tenant: TENANT, uri }));
  const rawSame = await measure(c.h, c.iterations, async (i) => {
    for (const sql of same) await q(c.raw, sql.split(uri).join(`file:///bench/rawsame/${c.rtt}/${i + 20}`));
  });
  const create = await measureCreate(c, "backup-destination", () => ({ tenant: TENANT, uri: `file:///bench/dest/${c.rtt}/${++n}` }), (m) => (dest = m));
  const rawCreate = await measure(c.h, c.iterations, (i) => c.raw.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///bench/rawdest/${c.rtt}/${i + 2}' TENANT = ${TENANT}`));
  const read = await readOp(c, "BackupDestination read", () => c.host.read("backup-destination", dest!.id, dest!.outs, dest!.inputs));
  // each delete finds the resource's destination in force again (put back untimed), so each restores one. It
  // reads the value in force before it puts the previous one back (issue 17: a value another resource took over,
  // or one changed outside Pulumi, is left alone); judged against raw sending the same two statements
  const restore = () => setDest(dest!.outs.uri as string);
  await restore();
  const sameDel = await statementsOf(c, () => c.host.delete("backup-destination", dest!.id, dest!.outs));
  if (sameDel.length !== 2 || !/^\s*SELECT/i.test(sameDel[0])) throw new Error(`bench: BackupDestination delete sent ${sameDel.join(" | ")}, not its read and the SET`);
  await restore();
  const rawSameDel = await measure(c.h, c.iterations, async () => {
    for (const sql of sameDel) await q(c.raw, sql);
  }, restore);
  const del = await measureProvider(c, () => c.host.delete("backup-destination", dest!.id, dest!.outs), restore);
  const rawDel = await measure(c.h, c.iterations, () => setDest(dest!.outs.previousUri as string), restore);
  return [
    { ...op(c, "BackupDestination create", 1, create, rawCreate), rawSame, rawSameNote: "its read before the SET and its DEST_ID read, kept: README" },
    read,
    { ...op(c, "BackupDestination delete (restore previous)", 1, del, rawDel), rawSame: rawSameDel, rawSameNote: "the read is issue 17's safety read" },
  ];
}

async function cleanupPolicy(c: Ctx): Promise<OpResult[]> {
  const add = () => c.raw.query(`ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = ${TENANT}`);
  const drop = () => c.raw.query(`ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = ${TENANT}`).catch(() => undefined);
  await drop();
  let pol: Made | undefined;
  const create = await measureCreate(c, "backup-cleanup-policy", () => ({ tenant: TENANT, recoveryWindow: "7d" }), (m) => (pol = m), drop);
  const rawCreate = await measure(c.h, c.iterations, add, drop);
  await add();
  const read = await readOp(c, "BackupCleanupPolicy read", () => c.host.read("backup-cleanup-policy", pol!.id, pol!.outs, pol!.inputs));
  const del = await measureProvider(c, () => c.host.delete("backup-cleanup-policy", pol!.id, pol!.outs), add);
  const rawDel = await measure(c.h, c.iterations, drop, add);
  await drop();
  return [
    op(c, "BackupCleanupPolicy create", 1, create, rawCreate),
    read,
    op(c, "BackupCleanupPolicy delete", 1, del, rawDel),
  ];
}

async function logArchive(c: Ctx): Promise<OpResult[]> {
  const stop = async () => {
    await c.raw.query(`ALTER SYSTEM NOARCHIVELOG TENANT = ${TENANT}`).catch(() => undefined);
    await until(() => /^(STOP|NULL|)$/.test(archiveStatus(c.h)), "archive STOP");
  };
  await stop();
  let n = 0;
  let arc: Made | undefined;
  const rawCreate = async () => {
    await c.raw.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///bench/rawarc/${c.rtt}/${++n} BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d' TENANT = ${TENANT}`);
    await c.raw.query(`ALTER SYSTEM ARCHIVELOG TENANT = ${TENANT}`);
    for (;;) {
      const [r] = await q(c.raw, `SELECT STATUS FROM oceanbase.CDB_OB_ARCHIVELOG WHERE TENANT_ID = ${c.tenantId} AND DEST_NO = 0`);
      if (r?.STATUS === "DOING") return;
      await rawPollPause(c);
    }
  };
  const create = await waitOp(c, "LogArchive create (to DOING)", 3,
    async () => (arc = await make(c, "log-archive", { tenant: TENANT, location: `file:///bench/arc/${c.rtt}/${++n}` })),
    rawCreate, /ARCHIVELOG TENANT/, () => archiveStatus(c.h) === "DOING", stop);
  // the last create left archiving stopped: start it again for the read
  arc = await make(c, "log-archive", { tenant: TENANT, location: `file:///bench/arc/${c.rtt}/${++n}` });
  const read = await readOp(c, "LogArchive read", () => c.host.read("log-archive", arc!.id, arc!.outs, arc!.inputs));
  return [create, read];
}

/**
 * Named connection profiles that differ only in a setting that changes nothing on the wire (the connect
 * timeout): each is a pool of its own, so its first use shows what a new connection costs the provider.
 */
const COLD_PROFILES = 80;
let coldUsed = 0;
export function coldProfiles(): Record<string, string> {
  const profiles = Object.fromEntries(Array.from({ length: COLD_PROFILES }, (_, k) => [`cold${k}`, { connectTimeoutSeconds: 11 + k }]));
  return { "oceanbase:connections": JSON.stringify(profiles) };
}

export const HOST_HOP = "Check (no statement) after an idle of one round trip: the engine's call through the host";

/**
 * The floor under every operation: one gRPC call through the dynamic-provider host that sends nothing to the
 * database, made after the processes idled for one round trip, as they do while a statement is on the wire (on
 * this machine a call after 20 ms of idling costs about twice one made back to back). The engine stand-in's
 * client is Node's grpc-js (the real engine's is Go), in the process that also runs the emulator.
 */
async function hostHop(c: Ctx): Promise<OpResult> {
  const check = () => c.host.check("backup-cleanup-policy", { tenant: TENANT, recoveryWindow: "7d" });
  const provider = await measureProvider(c, check, () => sleep(c.rtt));
  return op(c, HOST_HOP, 0, provider, await measure(c.h, c.iterations, async () => undefined));
}

/** A read on connection settings not used before (a deployment's first resource): login and session setup. */
async function firstUse(c: Ctx): Promise<OpResult> {
  const pol = await make(c, "backup-cleanup-policy", { tenant: TENANT, recoveryWindow: "7d" });
  const sql = await readStatement(c, () => c.host.read("backup-cleanup-policy", pol.id, pol.outs, pol.inputs));
  const coldRead = () => {
    if (coldUsed >= COLD_PROFILES) throw new Error("bench: out of cold connection profiles");
    const profile = `cold${coldUsed++}`;
    return c.host.read("backup-cleanup-policy", pol.id, { ...pol.outs, connection: profile }, { ...pol.inputs, connection: profile });
  };
  const onNewConnection = (statements: string[]) => async () => {
    const conn = await mysql.createConnection({ host: c.h.host, port: c.h.port, user: "root@sys", dateStrings: true });
    for (const s of statements) await q(conn, s);
    conn.end().catch(() => undefined); // the quit is not waited for: no reply comes
  };
  // the session setup a new login sends is kept on purpose (README, "Statements kept for safety"): judged against
  // raw sending the same statements on a new connection
  const same = await statementsOf(c, coldRead);
  if (same.length < 2 || same[same.length - 1] !== sql) throw new Error(`bench: a first use sent ${same.join(" | ")}, not its session setup and then the read`);
  const provider = await measureProvider(c, coldRead);
  const raw = await measure(c.h, c.iterations, onNewConnection([sql]));
  const rawSame = await measure(c.h, c.iterations, onNewConnection(same));
  await c.host.delete("backup-cleanup-policy", pol.id, pol.outs);
  return { ...op(c, "BackupCleanupPolicy read, first use of its connection settings (new connection)", 1, provider, raw), rawSame, rawSameNote: "its session setup on the new login, kept: README" };
}

/**
 * Calls through the host before anything is timed, as a deployment's first resources make them: the JIT of the
 * host, the gRPC stacks and the driver settles over the first hundred or so. Without it the first table would
 * time compilation, not the calls (a Check took 5.5 ms before and 1.7 ms after).
 */
export async function warmUp(h: EmulatorHandle, host: BenchHost, calls = 150): Promise<void> {
  const news = { tenant: TENANT, recoveryWindow: "7d" };
  const inputs = await host.check("backup-cleanup-policy", news);
  const pol = await host.create("backup-cleanup-policy", inputs);
  for (let i = 0; i < calls; i++) {
    await host.check("backup-cleanup-policy", news);
    await host.read("backup-cleanup-policy", pol.id, pol.outs, inputs);
  }
  await host.delete("backup-cleanup-policy", pol.id, pol.outs);
  h.clearStatements();
}

/** Every operation at round-trip time `rtt` (ms added to every reply). */
export async function operationsAt(h: EmulatorHandle, host: BenchHost, rtt: number, iterations: number, waitIterations: number): Promise<OpResult[]> {
  h.faults.roundTripMs = rtt;
  // raw mysql2 logs in before the clock starts: the minimal client keeps one connection, as the provider's pool does
  const raw = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", dateStrings: true });
  const tenantId = Number(h.sql(`SELECT TENANT_ID FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = '${TENANT}'`)[0].TENANT_ID);
  const c: Ctx = { h, host, raw, rtt, iterations, waitIterations, tenantId };
  try {
    return [await hostHop(c), ...(await destination(c)), ...(await cleanupPolicy(c)), await firstUse(c), ...(await logArchive(c)), ...(await backupJob(c))];
  } finally {
    await raw.end();
    h.faults.roundTripMs = 0;
  }
}
