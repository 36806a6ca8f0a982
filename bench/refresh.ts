// `pulumi refresh` of many BackupJobs: 1,000 finished jobs across 10 tenants on a manual clock, held by 100
// resources of 10 tenant jobs each (what a backup of every tenant from sys records), read through the provider
// host with 10 reads in flight at a time (the engine's --parallel), at a given round trip.

import mysql = require("mysql2/promise");
import { startEmulator } from "../emulator";
import type { Props } from "../engine/provider-host";
import { BenchHost, emulatorConfig } from "./host";
import { account, round } from "./measure";

export interface RefreshResult {
  jobs: number;
  tenants: number;
  concurrency: number;
  rttMs: number;
  ms: number;
  statements: number;
  statementsPerJob: number;
  newConnections: number;
}

const TENANTS = 10;
const ROUNDS = 100;

/** Runs `work` over `items` with at most `limit` in flight, as the engine's --parallel does. */
async function pooled<T>(items: T[], limit: number, work: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

export async function refreshThroughHost(rttMs: number, concurrency = 10): Promise<RefreshResult> {
  const tenants = Array.from({ length: TENANTS }, (_, i) => ({ name: `r${i}` }));
  const h = await startEmulator({ clock: "manual", tenants, backupDurationMs: 1000, historyDelayMs: 10 });
  const host = await BenchHost.start({ config: emulatorConfig(h.host, h.port) });
  try {
    const sys = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys" });
    for (const t of tenants) {
      await sys.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///r/${t.name}' TENANT = ${t.name}`);
      await sys.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///ra/${t.name}' TENANT = ${t.name}`);
      await sys.query(`ALTER SYSTEM ARCHIVELOG TENANT = ${t.name}`);
    }
    await sys.end();
    h.advance(3000);
    const inputs = await host.check("backup-job", {});
    const resources = await finishedJobs(h, tenants.map((t) => t.name), inputs);
    await host.read("backup-job", "warm", resources[0], inputs); // the pool's first connection, as after any earlier step
    h.faults.roundTripMs = rttMs;
    const before = h.statements();
    const t0 = performance.now();
    await pooled(resources, concurrency, (r) => host.read("backup-job", String(r.jobKey), r, inputs));
    const ms = performance.now() - t0;
    const a = account(before, h.statements());
    return { jobs: resources.length * TENANTS, tenants: TENANTS, concurrency, rttMs, ms: round(ms, 0), statements: a.statements, statementsPerJob: round(a.statements / (resources.length * TENANTS), 2), newConnections: a.newConnections };
  } finally {
    h.faults.roundTripMs = 0;
    await host.stop();
    await h.close();
  }
}

/** 100 rounds of one backup per tenant, each run to completion; per round, the state of a resource holding them. */
async function finishedJobs(h: Awaited<ReturnType<typeof startEmulator>>, tenants: string[], inputs: Props): Promise<Props[]> {
  const ids = Object.fromEntries(h.sql("SELECT TENANT_ID, TENANT_NAME FROM oceanbase.DBA_OB_TENANTS").map((r) => [r.TENANT_NAME, Number(r.TENANT_ID)]));
  const conns = await Promise.all(tenants.map((t) => mysql.createConnection({ host: h.host, port: h.port, user: `root@${t}` })));
  const out: Props[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const jobs: Props[] = [];
    for (let t = 0; t < tenants.length; t++) {
      await conns[t].query("ALTER SYSTEM BACKUP DATABASE");
      jobs.push({ tenant: tenants[t], tenantId: ids[tenants[t]], jobId: round, backupSetId: round, backupType: "FULL", initiatorJobId: 0, status: "INIT", startTime: "", endTime: "", result: 0, comment: "", progress: 0 });
    }
    out.push({ ...inputs, connectedTenant: "sys", jobKey: `round-${round}`, sysJobId: 0, skippedTenants: [], status: "RUNNING", jobs });
    // the set task completes on one pass of the emulator's scheduler, its job on a later one, then moves to history
    h.advance(1200);
    h.advance(20);
    h.advance(20);
  }
  await Promise.all(conns.map((c) => c.end()));
  return out;
}
