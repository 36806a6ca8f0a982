// Batched reads under faults (issue 11): reads that arrive together share one statement, and a connection lost
// during that statement fails or retries every read in it, losing none; each read still gets exactly its own jobs.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import * as job from "../../provider/backup-job";
import type { BackupJobInputs, BackupJobOutputs } from "../../provider/types.generated";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";

async function inputsOf(news: Record<string, unknown>): Promise<BackupJobInputs> {
  const r = await job.check({}, news);
  assert.deepStrictEqual(r.failures, []);
  return r.inputs as BackupJobInputs;
}

/** The provider's batched job reads (by id lists), as the emulator received them. */
const batchedReads = (h: EmulatorHandle) => h.statements().filter((s) => s.user !== "ops" && /JOB_ID IN \(/.test(s.sql));

describe("reliability: batched reads", function () {
  this.timeout(60000);
  let h: EmulatorHandle;
  afterEach(() => stopEmulator(h));

  it("a connection lost during a batched refresh fails every read in it, and the next refresh answers each with its own jobs", async () => {
    h = await fastEmulator({ backupDurationMs: 30_000 });
    await readyTenant(h, "mysql_tenant");
    await readyTenant(h, "oracle_tenant");
    const a = (await job.create(await inputsOf({ tenants: ["mysql_tenant"] }))).outs as BackupJobOutputs;
    const b = (await job.create(await inputsOf({ tenants: ["oracle_tenant"] }))).outs as BackupJobOutputs;
    // a resource whose jobs are gone from OceanBase: its read says so ({}), whatever the others in its batch get
    const gone: BackupJobOutputs = { ...a, sysJobId: 9001, jobs: a.jobs.map((j) => ({ ...j, jobId: 9002 })) };
    const props = [a, b, gone, a, b];
    const before = batchedReads(h).length;

    h.faults.dropOnStatement((sql) => /JOB_ID IN \(/.test(sql), "before");
    const results = await Promise.allSettled(props.map((p, i) => job.read(`r${i}`, p)));
    assert.deepStrictEqual(
      results.map((r) => r.status),
      props.map(() => "rejected"),
      "every read of the lost batch fails (none is answered from nothing, none is left waiting)",
    );
    for (const r of results) assert.match(((r as PromiseRejectedResult).reason as Error).message, /lost|closed|ECONNRESET|PROTOCOL/i);
    assert.strictEqual(batchedReads(h).length - before, 1, "the five reads were one statement");

    const again = await Promise.all(props.map((p, i) => job.read(`r${i}`, p)));
    assert.strictEqual(batchedReads(h).length - before, 2, "and so are the five reads after it");
    const ids = (r: { props?: unknown }) => (r.props as BackupJobOutputs | undefined)?.jobs.map((j) => `${j.tenant}/${j.jobId}/${j.status}`);
    const running = (o: BackupJobOutputs) => new RegExp(`^(${o.jobs.map((j) => `${j.tenant}/${j.jobId}`).join("|")})/(INIT|DOING)$`);
    assert.strictEqual(ids(again[0])?.length, a.jobs.length);
    for (const x of ids(again[0]) ?? []) assert.match(x, running(a));
    assert.strictEqual(ids(again[1])?.length, b.jobs.length);
    for (const x of ids(again[1]) ?? []) assert.match(x, running(b));
    assert.deepStrictEqual(again[2], {}, "the gone resource is reported gone");
    assert.deepStrictEqual(ids(again[3]), ids(again[0]));
    assert.deepStrictEqual(ids(again[4]), ids(again[1]));
  });

  it("waits of two resources poll with one statement each time, and survive a connection lost mid-poll", async () => {
    h = await fastEmulator({ backupDurationMs: 1500 });
    await readyTenant(h, "mysql_tenant");
    await readyTenant(h, "oracle_tenant");
    const argsA = await inputsOf({ tenants: ["mysql_tenant"] });
    const argsB = await inputsOf({ tenants: ["oracle_tenant"] });
    const a = (await job.create(argsA)).outs as BackupJobOutputs;
    const b = (await job.create(argsB)).outs as BackupJobOutputs;
    const before = batchedReads(h).length;
    // the update's own refresh is the first batched read; the drop hits the second, a poll of the waits
    let seen = 0;
    h.faults.dropOnStatement((sql) => /JOB_ID IN \(/.test(sql) && ++seen === 2, "before");
    const [ua, ub] = await Promise.all([
      job.update("a", a, { ...argsA, waitForCompletion: true }),
      job.update("b", b, { ...argsB, waitForCompletion: true }),
    ]);
    assert.deepStrictEqual((ua.outs as BackupJobOutputs).jobs.map((j) => j.status), ["COMPLETED"]);
    assert.deepStrictEqual((ub.outs as BackupJobOutputs).jobs.map((j) => j.status), ["COMPLETED"]);
    assert.ok(seen >= 2, "a poll's connection was dropped");
    const polls = batchedReads(h).slice(before);
    const both = polls.filter((s) => /TENANT_ID = 1002 AND/.test(s.sql) && /TENANT_ID = 1004 AND/.test(s.sql));
    assert.ok(both.length >= polls.length / 2, `${both.length} of ${polls.length} polls read both resources' jobs at once`);
  });

  it("a reply that stalls does not hold back the reads that arrive after it", async () => {
    h = await fastEmulator({ backupDurationMs: 30_000 });
    await readyTenant(h, "mysql_tenant");
    const a = (await job.create(await inputsOf({ tenants: ["mysql_tenant"] }))).outs as BackupJobOutputs;
    h.faults.delayReplies(3000, (sql) => /JOB_ID IN \(/.test(sql), 1);
    const slow = job.read("slow", a);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const quick = await job.read("quick", a);
    assert.ok(Date.now() - started < 2000, `the second read took ${Date.now() - started} ms behind a stalled one`);
    assert.deepStrictEqual((quick.props as BackupJobOutputs).jobs.map((j) => j.jobId), a.jobs.map((j) => j.jobId));
    assert.deepStrictEqual(((await slow).props as BackupJobOutputs).jobs.map((j) => j.jobId), a.jobs.map((j) => j.jobId));
  });
});
