// A BackupJob create retried after the run died (issue 17): with the SDK's resourceKey the marker is derived,
// so the retry finds the job it had started before it sends anything, and adopts it; a replacement, a
// re-create after destroy, or a restart after a cancel gets a marker or a job of its own.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import * as job from "../../provider/backup-job";
import type { BackupJobInputs, BackupJobOutputs } from "../../provider/types.generated";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";

const KEY = "0123456789abcdef0123456789abcdef";

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<BackupJobInputs> {
  const r = await job.check(olds, { resourceKey: KEY, ...news });
  assert.deepStrictEqual(r.failures, []);
  return r.inputs as BackupJobInputs;
}

async function quietly<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const [log, warn] = [console.log, console.warn];
  console.log = (m: string) => lines.push(m);
  console.warn = (m: string) => lines.push(m);
  try {
    return { value: await fn(), lines };
  } finally {
    [console.log, console.warn] = [log, warn];
  }
}

describe("BackupJob: creates that are safe to retry (issue 17)", function () {
  this.timeout(30000);
  let h: EmulatorHandle;
  beforeEach(async () => {
    h = await fastEmulator({ backupDurationMs: 120000 });
    await readyTenant(h, "mysql_tenant");
    await readyTenant(h, "oracle_tenant");
  });
  afterEach(() => stopEmulator(h));

  // that took effect: a BACKUP refused with 9036 while a cancelled job moves to history starts nothing
  const backups = () => h.statements().filter((s) => /^ALTER SYSTEM BACKUP/.test(s.sql) && s.errno === null);
  const running = () => h.sql("SELECT TENANT_ID, JOB_ID, STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE STATUS IN ('INIT', 'DOING') AND TENANT_ID <> 1");

  for (const [label, news] of [
    ["from sys, named tenants", { tenants: ["mysql_tenant", "oracle_tenant"], description: "nightly" }],
    ["from sys, every tenant", {}],
    ["as the tenant's admin", { connection: "t1" }],
  ] as [string, Record<string, unknown>][]) {
    it(`${label}: the retry of a create whose run died adopts the running job, sends no second BACKUP, and the marker is the same`, async () => {
      const args = await checked(news);
      const first = (await job.create(args)).outs as BackupJobOutputs;
      assert.strictEqual(backups().length, 1);
      // the run died before create returned: the next run checks (no olds: nothing in state) and creates again
      const { value, lines } = await quietly(async () => job.create(await checked(news)));
      const again = value.outs as BackupJobOutputs;
      assert.strictEqual(backups().length, 1, "no second BACKUP");
      assert.strictEqual(again.jobKey, first.jobKey);
      assert.deepStrictEqual(again.jobs.map((j) => `${j.tenant}/${j.jobId}`), first.jobs.map((j) => `${j.tenant}/${j.jobId}`));
      assert.strictEqual(again.sysJobId, first.sysJobId);
      assert.match(lines.join("\n"), /job \d+ marked \[pulumi:[0-9a-f]{12}\] \(started .*\) is (INIT|DOING): an earlier run of this create died before it returned; it is adopted, and no second BACKUP is sent/);
      assert.strictEqual(running().length, first.jobs.length);
    });
  }

  it("the marker: derived from resourceKey, generation and what forces a replacement; never from the backup password", async () => {
    const a = job.markerKey(await checked({ tenants: ["mysql_tenant"] }));
    assert.strictEqual(a, job.markerKey(await checked({ tenants: ["mysql_tenant"] })));
    assert.notStrictEqual(a, job.markerKey(await checked({ tenants: ["oracle_tenant"] })));
    assert.notStrictEqual(a, job.markerKey(await checked({ tenants: ["mysql_tenant"], resourceKey: KEY.replace("0", "1") })));
    assert.strictEqual(a, job.markerKey(await checked({ tenants: ["mysql_tenant"], backupPassword: "pw-1" })));
    assert.strictEqual(a, job.markerKey(await checked({ tenants: ["mysql_tenant"], waitForCompletion: true })), "an in-place input changes no marker");
    // a resource the stack holds: check gives one more generation, so a replacement has a marker of its own
    const olds = await checked({ tenants: ["mysql_tenant"] });
    const replacing = await checked({ tenants: ["mysql_tenant"] }, olds as unknown as Record<string, unknown>);
    assert.strictEqual(replacing.generation, 1);
    assert.notStrictEqual(job.markerKey(replacing), a);
    assert.strictEqual(job.markerKey(await checked({ tenants: ["mysql_tenant"] }, olds as unknown as Record<string, unknown>)), job.markerKey(replacing), "and the same in its retry");
    // without the SDK's key: random, as before
    const bare = (await job.check({}, { tenants: ["mysql_tenant"] })).inputs as BackupJobInputs;
    assert.notStrictEqual(job.markerKey(bare), job.markerKey(bare));
  });

  it("a re-create after destroy (same name, same inputs) never adopts the older job: it was cancelled, and a new one starts", async () => {
    const args = await checked({ tenants: ["mysql_tenant"] });
    const first = (await job.create(args)).outs as BackupJobOutputs;
    await job.delete("x", first);
    const { value } = await quietly(async () => job.create(await checked({ tenants: ["mysql_tenant"] })));
    const second = value.outs as BackupJobOutputs;
    assert.strictEqual(second.jobKey, first.jobKey, "same name and inputs, same marker");
    assert.notStrictEqual(second.jobs[0].jobId, first.jobs[0].jobId, JSON.stringify([first, second, h.sql("SELECT TENANT_ID, JOB_ID, STATUS, DESCRIPTION FROM oceanbase.CDB_OB_BACKUP_JOBS UNION ALL SELECT TENANT_ID, JOB_ID, STATUS, DESCRIPTION FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY")]));
    assert.match(second.jobs[0].status, /^(INIT|DOING)$/);
    assert.strictEqual(backups().length, 2);
    // and a retry of that second create adopts the second job, not the cancelled first one
    const retry = (await quietly(async () => job.create(await checked({ tenants: ["mysql_tenant"] })))).value.outs as BackupJobOutputs;
    assert.strictEqual(retry.jobs[0].jobId, second.jobs[0].jobId);
    assert.strictEqual(backups().length, 2);
  });

  it("cancelOnDelete: false leaves the job running; a re-create of the same name and inputs while it runs adopts it (documented)", async () => {
    const first = (await job.create(await checked({ tenants: ["mysql_tenant"], cancelOnDelete: false }))).outs as BackupJobOutputs;
    await job.delete("x", first);
    const { value, lines } = await quietly(async () => job.create(await checked({ tenants: ["mysql_tenant"], cancelOnDelete: false })));
    assert.strictEqual((value.outs as BackupJobOutputs).jobs[0].jobId, first.jobs[0].jobId);
    assert.strictEqual(backups().length, 1);
    assert.match(lines.join("\n"), /it is adopted/);
  });
});
