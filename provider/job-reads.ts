// Batched reads of backup jobs by id. A `pulumi refresh` calls read() for many resources at once, and many waits
// poll at the same moments; each asks for a few (tenant, job) ids. Requests for one connection settings that
// arrive together (in one turn of the event loop), or while that settings' previous batch is still on the wire,
// are answered by one statement with every id in one list (sys: every tenant's at once), so N reads cost one
// round trip, not N. A lone read waits for nothing: it goes out in the turn it arrived. A wait's poll waits
// GATHER_MS for company: waits started together poll a millisecond or so apart (their timers are set in
// different turns), a pause of a second or more does not notice 5 ms more, and so N waits cost one statement
// per poll.
//
// Each caller gets exactly its own jobs back, as an unbatched read would return them. When the statement fails
// (a lost connection, an error), every caller in the batch gets that error: none is dropped or left waiting, and
// each reports it as its own (a wait retries a lost connection; a read fails).
//
// State lives on globalThis, like connection.ts's, because Pulumi may serialize this module by value.

import { Connected, poolKey } from "./connection";
import type { JobRow } from "./model";
import * as ob from "./ob";

export interface JobKey {
  tenantId: number;
  jobId: number;
}

interface Waiter {
  c: Connected;
  keys: JobKey[];
  gather: boolean;
  resolve(found: Map<string, JobRow>): void;
  reject(e: unknown): void;
}

interface Batch {
  waiting: Waiter[];
  /** the scheduled flush, while one is */
  timer?: { cancel(): void };
  /** statements of this settings on the wire; what arrives meanwhile goes in the next one */
  inFlight: number;
}

/** How long a wait's poll holds its statement for other polls (see the header). */
const GATHER_MS = 5;
/**
 * How long requests wait behind a statement still on the wire before they go in one of their own: a slow or
 * hung reply (a server restarting, a network stall) must not hold every other read of the process back.
 */
const STALLED_MS = 250;
/** Most ids in one statement: the statement stays a few KB however many resources are refreshed. */
const MAX_IDS_PER_STATEMENT = 500;

function batches(): Record<string, Batch> {
  const g = globalThis as unknown as { __pulumiOceanbaseBackupJobReads?: Record<string, Batch> };
  g.__pulumiOceanbaseBackupJobReads ??= {};
  return g.__pulumiOceanbaseBackupJobReads;
}

export const jobKey = (k: JobKey) => `${k.tenantId}/${k.jobId}`;

/** The jobs among `keys` that exist (current or history), by jobKey(). `poll`: a wait's poll (see the header). */
export function readJobs(c: Connected, keys: JobKey[], poll = false): Promise<Map<string, JobRow>> {
  if (keys.length === 0) return Promise.resolve(new Map());
  const all = batches();
  const key = poolKey(c.settings);
  const batch = (all[key] ??= { waiting: [], inFlight: 0 });
  return new Promise((resolve, reject) => {
    batch.waiting.push({ c, keys, gather: poll, resolve, reject });
    schedule(batch);
  });
}

/** One job by id, through the batch. */
export async function readJob(c: Connected, tenantId: number, jobId: number): Promise<JobRow | undefined> {
  return (await readJobs(c, [{ tenantId, jobId }])).get(jobKey({ tenantId, jobId }));
}

function schedule(batch: Batch): void {
  if (batch.timer || batch.waiting.length === 0) return;
  // real time, not clock(): a gathering window and a stall limit are about the network, not about a wait's
  // schedule, and a manual clock (which moves only while a wait pauses) would never end them
  const go = () => {
    batch.timer = undefined;
    void flush(batch);
  };
  if (batch.inFlight > 0) {
    const t = setTimeout(go, STALLED_MS);
    batch.timer = { cancel: () => clearTimeout(t) };
  } else if (batch.waiting.some((w) => w.gather)) {
    const t = setTimeout(go, GATHER_MS);
    batch.timer = { cancel: () => clearTimeout(t) };
  } else {
    // the reads the host delivered in this turn join; the next ones queue behind this statement
    const t = setImmediate(go);
    batch.timer = { cancel: () => clearImmediate(t) };
  }
}

async function flush(batch: Batch): Promise<void> {
  const waiters = batch.waiting.splice(0);
  if (waiters.length === 0) return;
  batch.inFlight++;
  try {
    // the newest caller's connection: the same settings, and its pool is the live one
    const found = await fetch(waiters[waiters.length - 1].c, waiters.flatMap((w) => w.keys));
    for (const w of waiters) w.resolve(new Map(w.keys.flatMap((k) => (found.has(jobKey(k)) ? [[jobKey(k), found.get(jobKey(k)) as JobRow]] : []))));
  } catch (e) {
    for (const w of waiters) w.reject(e);
  } finally {
    batch.inFlight--;
    // what gathered behind this statement goes now, not when the stall timer fires
    if (batch.inFlight === 0 && batch.timer) {
      batch.timer.cancel();
      batch.timer = undefined;
    }
    schedule(batch);
  }
}

/** Every distinct id, grouped by tenant, in as few statements as MAX_IDS_PER_STATEMENT allows. */
async function fetch(c: Connected, keys: JobKey[]): Promise<Map<string, JobRow>> {
  const unique = [...new Map(keys.map((k) => [jobKey(k), k])).values()];
  const found = new Map<string, JobRow>();
  for (let i = 0; i < unique.length; i += MAX_IDS_PER_STATEMENT) {
    const slice = unique.slice(i, i + MAX_IDS_PER_STATEMENT);
    const byTenant = new Map<number, number[]>();
    for (const k of slice) byTenant.set(k.tenantId, [...(byTenant.get(k.tenantId) ?? []), k.jobId]);
    const rows = await ob.jobsByIds(c, [...byTenant].map(([tenantId, jobIds]) => ({ tenantId, jobIds, running: false })));
    for (const r of rows) found.set(jobKey(r), r);
  }
  return found;
}
