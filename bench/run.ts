// `npm run bench`: the provider against raw mysql2 doing the minimal statements of the same operation, side by
// side in one run, on the embedded emulator. Writes bench/results.md and bench/results.json.

import { spawn } from "child_process";
import fs = require("fs");
import path = require("path");
import mysql = require("mysql2/promise");
import * as pulumi from "@pulumi/pulumi";
import { EmulatorHandle, startEmulator } from "../emulator";
import * as cleanup from "../provider/backup-cleanup-policy";
import * as destination from "../provider/backup-destination";
import * as job from "../provider/backup-job";
import { closeAllPools, setProviderConfig } from "../provider/connection";
import * as archive from "../provider/log-archive";
import type { BackupJobInputs, BackupJobOutputs } from "../provider/types.generated";

const ITER = Number(process.env.BENCH_ITERATIONS ?? 15);
const root = path.resolve(__dirname, "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface OpRow {
  operation: string;
  providerMs: number;
  rawMs: number;
  ratio: number;
  providerStatements: number;
  minimalStatements: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function emulator(extra = {}): Promise<EmulatorHandle> {
  const h = await startEmulator({ archiveStartMs: 20, backupDurationMs: 60_000, historyDelayMs: 10, cleanupDurationMs: 10, tickMs: 10, ...extra });
  setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys", connections: { t1: { user: "root@mysql_tenant" } } });
  return h;
}

async function ready(h: EmulatorHandle, c: mysql.Connection, tenant: string): Promise<void> {
  await c.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///bench/${tenant}/data' TENANT = ${tenant}`);
  await c.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///bench/${tenant}/archive' TENANT = ${tenant}`);
  await c.query(`ALTER SYSTEM ARCHIVELOG TENANT = ${tenant}`);
  for (let i = 0; i < 200; i++) {
    const st = h.sql(`SELECT A.STATUS FROM oceanbase.CDB_OB_ARCHIVELOG A JOIN oceanbase.DBA_OB_TENANTS T ON A.TENANT_ID = T.TENANT_ID WHERE T.TENANT_NAME = '${tenant}'`)[0]?.STATUS;
    if (st === "DOING") return;
    await sleep(10);
  }
}

/** Times `run` ITER times after a warm-up, counting the statements the emulator received. */
async function measure(h: EmulatorHandle, run: (i: number) => Promise<void>, between: () => Promise<void>): Promise<{ ms: number; statements: number }> {
  await run(-1);
  await between();
  const times: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const before = h.statements().length;
    const t0 = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    counts.push(h.statements().length - before);
    await between();
  }
  return { ms: median(times), statements: median(counts) };
}

async function waitStatus(h: EmulatorHandle, tenant: string, want: RegExp): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const rows = h.sql("SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS", tenant);
    if (rows.length === 0 || rows.every((r) => want.test(String(r.STATUS)))) return;
    await sleep(5);
  }
}

async function clearJobs(h: EmulatorHandle, raw: mysql.Connection): Promise<void> {
  await raw.query("ALTER SYSTEM CANCEL BACKUP");
  await waitStatus(h, "mysql_tenant", /^$/);
}

async function operations(): Promise<OpRow[]> {
  process.env.OCEANBASE_POLL_INTERVAL_MS = "10";
  const h = await emulator();
  const sys = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys" });
  await ready(h, sys, "mysql_tenant");
  const raw = await mysql.createConnection({ host: h.host, port: h.port, user: "root@mysql_tenant", dateStrings: true });
  const rows: OpRow[] = [];
  const add = (operation: string, p: { ms: number; statements: number }, r: { ms: number; statements: number }) =>
    rows.push({ operation, providerMs: round(p.ms), rawMs: round(r.ms), ratio: round(p.ms / r.ms), providerStatements: p.statements, minimalStatements: r.statements });
  const jobArgs = (await job.check({}, { connection: "t1", timeoutSeconds: 60 })).inputs as BackupJobInputs;

  // BackupJob create: BACKUP, then find the job by its marker
  const pCreate = await measure(h, async () => void (await job.create(jobArgs)), () => clearJobs(h, raw));
  const rCreate = await measure(h, async (i) => {
    await raw.query(`ALTER SYSTEM BACKUP DATABASE DESCRIPTION '[pulumi:raw${i + 2}]'`);
    await raw.query(`SELECT JOB_ID, STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS WHERE DESCRIPTION LIKE '%[pulumi:raw${i + 2}]'`);
  }, () => clearJobs(h, raw));
  add("BackupJob create", pCreate, rCreate);

  // BackupJob read (refresh) of a running job
  const created = await job.create(jobArgs);
  const outs = created.outs as BackupJobOutputs;
  await waitStatus(h, "mysql_tenant", /DOING/);
  const pRead = await measure(h, async () => void (await job.read(created.id, outs)), async () => undefined);
  const id = outs.jobs[0].jobId;
  const rRead = await measure(h, async () => {
    await raw.query(`SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS WHERE JOB_ID = ${id} UNION ALL SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY WHERE JOB_ID = ${id}`);
  }, async () => undefined);
  add("BackupJob read", pRead, rRead);
  await clearJobs(h, raw);

  // BackupJob cancel: CANCEL, then wait for CANCELED
  let current: { id: string; outs: BackupJobOutputs } | undefined;
  const startOne = async () => {
    const r = await job.create(jobArgs);
    current = { id: r.id, outs: r.outs as BackupJobOutputs };
    await waitStatus(h, "mysql_tenant", /DOING/);
  };
  await startOne();
  const pCancel = await measure(h, async () => void (await job.update(current!.id, current!.outs, { ...jobArgs, state: "cancelled" })), async () => {
    await waitStatus(h, "mysql_tenant", /^$/);
    await startOne();
  });
  const rCancel = await measure(h, async () => {
    const [j] = (await raw.query("SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_JOBS"))[0] as { JOB_ID: number }[];
    await raw.query("ALTER SYSTEM CANCEL BACKUP");
    for (;;) {
      const [r] = (await raw.query(`SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS WHERE JOB_ID = ${j.JOB_ID} UNION ALL SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY WHERE JOB_ID = ${j.JOB_ID}`))[0] as { STATUS: string }[];
      if (r?.STATUS === "CANCELED") break;
      await sleep(10);
    }
  }, async () => {
    await waitStatus(h, "mysql_tenant", /^$/);
    await startOne();
  });
  rCancel.statements = 2; // the minimum: CANCEL and one status read (the polls depend on the server's pace)
  add("BackupJob cancel (update to cancelled)", pCancel, rCancel);
  await clearJobs(h, raw);

  // BackupJob delete of a finished job: forget it
  const done = { ...outs, status: "CANCELED", jobs: outs.jobs.map((j) => ({ ...j, status: "CANCELED" })) };
  add("BackupJob delete (finished job)", await measure(h, async () => job.delete(created.id, done), async () => undefined), { ms: 0.001, statements: 0 });

  // BackupDestination create / read / delete
  await clearJobs(h, raw);
  await sleep(50);
  let dn = 0;
  const destArgs = () => destination.check({}, { connection: "t1", uri: `file:///bench/dest/${++dn}` }).then((r) => r.inputs as never);
  let dest: { id: string; outs: never } | undefined;
  add(
    "BackupDestination create",
    await measure(h, async () => {
      const r = await destination.create(await destArgs());
      dest = { id: r.id, outs: r.outs as never };
    }, async () => undefined),
    await measure(h, async (i) => void (await raw.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///bench/rawdest/${i + 2}'`)), async () => undefined),
  );
  add(
    "BackupDestination read",
    await measure(h, async () => void (await destination.read(dest!.id, dest!.outs)), async () => undefined),
    await measure(h, async () => void (await raw.query("SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER WHERE NAME = 'data_backup_dest'")), async () => undefined),
  );
  add(
    "BackupDestination delete (restore previous)",
    await measure(h, async () => void (await destination.delete(dest!.id, dest!.outs)), async () => undefined),
    await measure(h, async () => void (await raw.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///bench/rawdest/1'")), async () => undefined),
  );

  // BackupCleanupPolicy create / read / delete
  const polArgs = (await cleanup.check({}, { connection: "t1", recoveryWindow: "7d" })).inputs as never;
  let pol: { id: string; outs: never } | undefined;
  add(
    "BackupCleanupPolicy create",
    await measure(h, async () => {
      const r = await cleanup.create(polArgs);
      pol = { id: r.id, outs: r.outs as never };
    }, async () => void (await raw.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'"))),
    await measure(h, async () => void (await raw.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'")), async () => void (await raw.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'"))),
  );
  await raw.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'");
  add(
    "BackupCleanupPolicy read",
    await measure(h, async () => void (await cleanup.read(pol!.id, pol!.outs)), async () => undefined),
    await measure(h, async () => void (await raw.query("SELECT RECOVERY_WINDOW FROM oceanbase.DBA_OB_BACKUP_DELETE_POLICY")), async () => undefined),
  );
  add(
    "BackupCleanupPolicy delete",
    await measure(h, async () => void (await cleanup.delete(pol!.id, pol!.outs)), async () => void (await raw.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'"))),
    await measure(h, async () => void (await raw.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'")), async () => void (await raw.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'"))),
  );

  // LogArchive create (archiving off -> on, DOING) / read / delete (off, STOP), on oracle-free tenant t2
  await sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = mysql_tenant");
  await sleep(1200);
  let an = 0;
  const arcArgs = async () => (await archive.check({}, { connection: "t1", location: `file:///bench/arc/${++an}` })).inputs as never;
  let arc: { id: string; outs: never } | undefined;
  const stopArchive = async () => {
    await raw.query("ALTER SYSTEM NOARCHIVELOG").catch(() => undefined);
    await sleep(1100);
  };
  add(
    "LogArchive create (to DOING)",
    await measure(h, async () => {
      const r = await archive.create(await arcArgs());
      arc = { id: r.id, outs: r.outs as never };
    }, stopArchive),
    await measure(h, async (i) => {
      await raw.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///bench/rawarc/${i + 2} BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d'`);
      await raw.query("ALTER SYSTEM ARCHIVELOG");
      for (;;) {
        const [r] = (await raw.query("SELECT STATUS FROM oceanbase.DBA_OB_ARCHIVELOG"))[0] as { STATUS: string }[];
        if (r?.STATUS === "DOING") break;
        await sleep(10);
      }
    }, stopArchive).then((m) => ({ ...m, statements: 3 })),
  );
  await raw.query("ALTER SYSTEM ARCHIVELOG").catch(() => undefined);
  await sleep(100);
  add(
    "LogArchive read",
    await measure(h, async () => void (await archive.read(arc!.id, arc!.outs)), async () => undefined),
    await measure(h, async () => void (await raw.query("SELECT NAME, VALUE FROM oceanbase.DBA_OB_ARCHIVE_DEST")), async () => undefined),
  );
  await raw.end();
  await sys.end();
  await closeAllPools();
  await h.close();
  return rows;
}

/** Refresh of N jobs across tenants: N BackupJob reads, 10 at a time (the engine's default parallelism). */
async function refreshScaling(): Promise<{ jobs: number; ms: number; statements: number; statementsPerJob: number }[]> {
  const out = [];
  const tenants = Array.from({ length: 10 }, (_, i) => ({ name: `r${i}` }));
  const h = await startEmulator({ clock: "manual", tenants, backupDurationMs: 1000, historyDelayMs: 10 });
  setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys" });
  const sys = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys" });
  for (const t of tenants) {
    await sys.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///r/${t.name}' TENANT = ${t.name}`);
    await sys.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///ra/${t.name}' TENANT = ${t.name}`);
    await sys.query(`ALTER SYSTEM ARCHIVELOG TENANT = ${t.name}`);
  }
  h.advance(3000);
  const resources: BackupJobOutputs[] = [];
  const base = (await job.check({}, {})).inputs as BackupJobInputs;
  for (let round = 0; round < 100; round++) {
    for (let t = 0; t < tenants.length; t++) {
      const conn = await mysql.createConnection({ host: h.host, port: h.port, user: `root@${tenants[t].name}` });
      await conn.query("ALTER SYSTEM BACKUP DATABASE");
      await conn.end();
      resources.push({
        ...base, connectedTenant: "sys", jobKey: "", sysJobId: 0, skippedTenants: [], status: "RUNNING",
        jobs: [{ tenant: tenants[t].name, tenantId: 1002 + 2 * t, jobId: round + 1, backupSetId: round + 1, backupType: "FULL", initiatorJobId: 0, status: "INIT", startTime: "", endTime: "", result: 0, comment: "", progress: 0 }],
      } as BackupJobOutputs);
    }
    h.advance(1200);
  }
  await sys.end();
  await job.read("warm", resources[0]);
  for (const n of [10, 100, 1000]) {
    const slice = resources.slice(0, n);
    const before = h.statements().length;
    const t0 = Date.now();
    for (let i = 0; i < slice.length; i += 10) await Promise.all(slice.slice(i, i + 10).map((r) => job.read("x", r)));
    const ms = Date.now() - t0;
    const statements = h.statements().length - before;
    out.push({ jobs: n, ms, statements, statementsPerJob: round(statements / n) });
  }
  await closeAllPools();
  await h.close();
  return out;
}

/** Connections opened while 50 resources are created at once (the engine's parallel up). */
async function connectionsDuringUp(): Promise<{ resources: number; connections: number; poolSize: number; ms: number }> {
  const tenants = Array.from({ length: 50 }, (_, i) => ({ name: `c${i}` }));
  const h = await startEmulator({ tenants });
  setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys" });
  const t0 = Date.now();
  await Promise.all(tenants.map(async (t) => cleanup.create((await cleanup.check({}, { tenant: t.name, recoveryWindow: "3d" })).inputs as never)));
  const ms = Date.now() - t0;
  const connections = new Set(h.statements().map((s) => s.connectionId)).size;
  await closeAllPools();
  await h.close();
  return { resources: 50, connections, poolSize: 8, ms };
}

/** Provider host cold start (spawn to first Check answered) against loading @pulumi/pulumi alone. */
async function coldStart(): Promise<{ hostToFirstCheckMs: number; requirePulumiMs: number }> {
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, ["-e", "require('@pulumi/pulumi')"], { cwd: root });
    c.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
  const requirePulumiMs = Date.now() - t0;
  const { ProviderHost } = await import("../engine/provider-host");
  const { text } = await pulumi.runtime.serializeFunction(() => cleanup, { allowSecrets: true });
  const t1 = Date.now();
  const host = await ProviderHost.start(root, "bench");
  await host.configure({});
  await host.check("urn:pulumi:b::b::pulumi-nodejs:dynamic/oceanbase:BackupCleanupPolicy::x", {}, { __provider: text, tenant: "t", recoveryWindow: "1d" });
  const hostToFirstCheckMs = Date.now() - t1;
  await host.stop();
  return { hostToFirstCheckMs, requirePulumiMs };
}

/** How soon a finished job is noticed during a wait, against the statements per second the wait costs. */
async function noticeLatency(): Promise<{ pollIntervalMs: number; noticeMs: number; statementsPerSecond: number }[]> {
  const out = [];
  for (const interval of [50, 250, 1000]) {
    process.env.OCEANBASE_POLL_INTERVAL_MS = String(interval);
    const h = await emulator({ backupDurationMs: 3000 });
    const sys = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys" });
    await ready(h, sys, "mysql_tenant");
    await sys.end();
    const args = (await job.check({}, { connection: "t1", waitForCompletion: true, timeoutSeconds: 60 })).inputs as BackupJobInputs;
    const before = h.statements().length;
    const t0 = Date.now();
    const r = await job.create(args);
    const returned = Date.now();
    const end = Date.parse((r.outs as BackupJobOutputs).jobs[0].endTime);
    const statements = h.statements().length - before;
    out.push({ pollIntervalMs: interval, noticeMs: Math.max(0, returned - end), statementsPerSecond: round(statements / ((returned - t0) / 1000), 1) });
    await closeAllPools();
    await h.close();
  }
  return out;
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const ops = await operations();
  const refresh = await refreshScaling();
  const connections = await connectionsDuringUp();
  const cold = await coldStart();
  const notice = await noticeLatency();
  const worst = [...ops].filter((o) => o.rawMs >= 0.01).sort((a, b) => b.ratio - a.ratio)[0];
  const results = { started, iterations: ITER, node: process.version, operations: ops, refresh, connections, coldStart: cold, notice, worst };
  fs.writeFileSync(path.join(__dirname, "results.json"), JSON.stringify(results, null, 2) + "\n");
  const md = [
    `# Benchmark results`,
    ``,
    `Produced by \`npm run bench\` (${started}, node ${process.version}, ${ITER} iterations per operation, medians), against the embedded emulator on loopback. Reproduce: see README.md.`,
    ``,
    `## Operations: provider against raw mysql2 with the minimal statements`,
    ``,
    `| operation | provider ms | raw ms | ratio | provider statements | minimal statements |`,
    `|---|---:|---:|---:|---:|---:|`,
    ...ops.map((o) => `| ${o.operation} | ${o.providerMs} | ${o.rawMs} | ${o.ratio} | ${o.providerStatements} | ${o.minimalStatements} |`),
    ``,
    `Worst ratio: ${worst.operation} (${worst.ratio}).`,
    ``,
    `## Refresh of N jobs across 10 tenants (10 reads at a time)`,
    ``,
    `| jobs | ms | statements | statements per job |`,
    `|---:|---:|---:|---:|`,
    ...refresh.map((r) => `| ${r.jobs} | ${r.ms} | ${r.statements} | ${r.statementsPerJob} |`),
    ``,
    `## Connections during an up of ${connections.resources} resources at once`,
    ``,
    `${connections.connections} connections opened (pool size ${connections.poolSize}), ${connections.ms} ms.`,
    ``,
    `## Cold start`,
    ``,
    `Provider host spawned to first Check answered: ${cold.hostToFirstCheckMs} ms; \`node -e "require('@pulumi/pulumi')"\` alone: ${cold.requirePulumiMs} ms.`,
    ``,
    `## Noticing a finished job during a wait`,
    ``,
    `| first poll interval ms | noticed after ms | statements per second while waiting |`,
    `|---:|---:|---:|`,
    ...notice.map((n) => `| ${n.pollIntervalMs} | ${n.noticeMs} | ${n.statementsPerSecond} |`),
    ``,
  ].join("\n");
  fs.writeFileSync(path.join(__dirname, "results.md"), md);
  process.stdout.write(md);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exit(1);
  },
);
