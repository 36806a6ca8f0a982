// BackupJob's whole life against the emulator, in each connection mode the user's document describes:
// sys for all tenants, sys with a tenant list, a MySQL-mode tenant admin, an Oracle-mode SYS admin.
// The statements the emulator received are asserted, not only the outputs.

import assert = require("assert");
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import * as provider from "../../provider/backup-job";
import type { BackupJobInputs, BackupJobOutputs } from "../../provider/types.generated";
import { fastEmulator, readyTenant, sleep, stopEmulator } from "../support/provider";

async function inputs(news: Record<string, unknown>): Promise<BackupJobInputs> {
  const r = await provider.check({}, news);
  assert.deepStrictEqual(r.failures, []);
  return r.inputs as BackupJobInputs;
}

/** Inputs check() refuses for their tenant names (issue 17); create refuses them too, for a caller that skips check. */
async function refusedByCheck(news: Record<string, unknown>, reason: RegExp): Promise<BackupJobInputs> {
  const r = await provider.check({}, news);
  assert.strictEqual(r.failures?.length, 1, JSON.stringify(r.failures));
  assert.match(r.failures[0].reason, reason);
  return r.inputs as BackupJobInputs;
}

const alterStatements = (h: EmulatorHandle) =>
  h
    .statements()
    .filter((s) => /^(ALTER SYSTEM (BACKUP|CANCEL)|SET ENCRYPTION)/i.test(s.sql))
    .map((s) => `${s.tenant}: ${s.sql.replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")}${s.errno !== null ? ` -> ${s.errno}` : ""}`);

async function sysConn(h: EmulatorHandle): Promise<mysql.Connection> {
  return mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: "" });
}

describe("BackupJob: start, watch and cancel", function () {
  this.timeout(30000);
  let h: EmulatorHandle;
  beforeEach(async () => {
    h = await fastEmulator();
    await readyTenant(h, "mysql_tenant");
    await readyTenant(h, "oracle_tenant");
    h.clearStatements();
  });
  afterEach(() => stopEmulator(h));

  it("sys, all tenants: BACKUP DATABASE, one sys job and a job per tenant, cancel with CANCEL BACKUP", async () => {
    const created = await provider.create(await inputs({ description: "nightly" }));
    const outs = created.outs as BackupJobOutputs;
    assert.match(created.id, /^sys\/1$/);
    assert.strictEqual(outs.sysJobId, 1);
    assert.strictEqual(outs.connectedTenant, "sys");
    assert.deepStrictEqual(outs.jobs.map((j) => [j.tenant, j.jobId, j.initiatorJobId]), [
      ["mysql_tenant", 1, 1],
      ["oracle_tenant", 1, 1],
    ]);
    assert.deepStrictEqual(outs.skippedTenants, []);
    assert.strictEqual(outs.status, "RUNNING");
    const updated = (await provider.update(created.id, outs, { ...(await inputs({ description: "nightly" })), state: "cancelled" })).outs as BackupJobOutputs;
    assert.deepStrictEqual(updated.jobs.map((j) => [j.tenant, j.status, j.result]), [
      ["mysql_tenant", "CANCELED", -4072],
      ["oracle_tenant", "CANCELED", -4072],
    ]);
    assert.strictEqual(updated.status, "CANCELED");
    assert.deepStrictEqual(alterStatements(h), [
      "sys: ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'nightly [pulumi:KEY]'",
      "sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant, oracle_tenant",
    ]);
  });

  it("sys, a tenant list: BACKUP TENANT = (never BACKUP DATABASE TENANT), cancel names the tenant", async () => {
    const created = await provider.create(await inputs({ tenants: ["mysql_tenant"], backupType: "INCREMENTAL", plusArchivelog: true }));
    const outs = created.outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => [j.tenant, j.backupType]), [["mysql_tenant", "FULL"]]); // first INC becomes FULL
    await provider.update(created.id, outs, { ...(await inputs({ tenants: ["mysql_tenant"], backupType: "INCREMENTAL", plusArchivelog: true })), state: "cancelled" });
    assert.deepStrictEqual(alterStatements(h), [
      "sys: ALTER SYSTEM BACKUP INCREMENTAL TENANT = mysql_tenant PLUS ARCHIVELOG DESCRIPTION '[pulumi:KEY]'",
      "sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant",
    ]);
  });

  for (const [label, profile, tenant] of [
    ["a MySQL-mode tenant admin (root@mysql_tenant)", "t1", "mysql_tenant"],
    ["an Oracle-mode tenant admin (SYS@oracle_tenant)", "ora", "oracle_tenant"],
  ] as const) {
    it(`${label}: BACKUP DATABASE for itself, CANCEL BACKUP without a TENANT clause`, async () => {
      const created = await provider.create(await inputs({ connection: profile, description: "it's \\ quoted" }));
      const outs = created.outs as BackupJobOutputs;
      assert.strictEqual(created.id, `${tenant}/1`);
      assert.strictEqual(outs.connectedTenant, tenant);
      assert.strictEqual(outs.sysJobId, 0);
      assert.deepStrictEqual(outs.jobs.map((j) => [j.tenant, j.jobId, j.initiatorJobId, j.status]), [[tenant, 1, 0, "INIT"]]);
      const schema = tenant === "oracle_tenant" ? "SYS" : "oceanbase";
      const row = h.sql(`SELECT DESCRIPTION FROM ${schema}.DBA_OB_BACKUP_JOBS`, tenant)[0];
      assert.match(String(row.DESCRIPTION), /^it's \\ quoted \[pulumi:[0-9a-f]{12}\]$/);
      const cancelled = (await provider.update(created.id, outs, { ...(await inputs({ connection: profile, description: "it's \\ quoted" })), state: "cancelled" })).outs as BackupJobOutputs;
      assert.deepStrictEqual(cancelled.jobs.map((j) => j.status), ["CANCELED"]);
      const quoted = tenant === "oracle_tenant" ? "'it''s \\ quoted [pulumi:KEY]'" : "'it''s \\\\ quoted [pulumi:KEY]'";
      assert.deepStrictEqual(alterStatements(h), [`${tenant}: ALTER SYSTEM BACKUP DATABASE DESCRIPTION ${quoted}`, `${tenant}: ALTER SYSTEM CANCEL BACKUP`]);
    });
  }

  it("a user tenant cannot name other tenants (clear error, nothing sent)", async () => {
    await assert.rejects(provider.create(await refusedByCheck({ connection: "t1", tenants: ["oracle_tenant"] }, /can only configure or back up itself, but names oracle_tenant/)), /connected to tenant mysql_tenant, which can only back up or cancel itself, but tenants names oracle_tenant; connect to sys/);
    assert.deepStrictEqual(alterStatements(h), []);
  });

  it("waits for completion with progress, and records COMPLETED with end time and backup set", async () => {
    const outs = (await provider.create(await inputs({ tenants: ["oracle_tenant"], waitForCompletion: true }))).outs as BackupJobOutputs;
    assert.strictEqual(outs.status, "COMPLETED");
    const j = outs.jobs[0];
    assert.deepStrictEqual([j.status, j.result, j.progress, j.backupSetId], ["COMPLETED", 0, 100, 1]);
    assert.match(j.endTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.ok(Date.parse(j.endTime) > Date.parse(j.startTime));
  });

  it("cancel after completion leaves the finished job alone and sends no CANCEL", async () => {
    const args = await inputs({ connection: "t1", waitForCompletion: true });
    const created = await provider.create(args);
    const outs = (await provider.update(created.id, created.outs as BackupJobOutputs, { ...args, state: "cancelled" })).outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => j.status), ["COMPLETED"]);
    assert.deepStrictEqual(alterStatements(h), ["mysql_tenant: ALTER SYSTEM BACKUP DATABASE DESCRIPTION '[pulumi:KEY]'"]);
  });

  it("never cancels a job it does not own: a tenant running a foreign job is refused", async () => {
    const args = await inputs({ tenants: ["mysql_tenant"] });
    const created = await provider.create(args);
    const t1 = await mysql.createConnection({ host: h.host, port: h.port, user: "root@mysql_tenant", password: "" });
    await t1.query("ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'someone else'");
    await t1.end();
    await assert.rejects(
      provider.update(created.id, created.outs as BackupJobOutputs, { ...args, state: "cancelled" }),
      /tenant mysql_tenant also runs job 2 that this resource does not own, and ALTER SYSTEM CANCEL BACKUP would stop it too/,
    );
    assert.ok(!alterStatements(h).some((s) => s.includes("CANCEL")));
  });

  it("created as cancelled: stops a backup it did not start, per the user's document, and records it", async () => {
    const sys = await sysConn(h);
    await sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant, oracle_tenant");
    await sleep(100);
    await sys.end();
    h.clearStatements();
    const outs = (await provider.create(await inputs({ state: "cancelled", tenants: ["mysql_tenant"] }))).outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => [j.tenant, j.status]), [["mysql_tenant", "CANCELED"]]);
    assert.deepStrictEqual(alterStatements(h), ["sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"]);
    const other = h.sql("SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1004");
    assert.deepStrictEqual(other, [{ STATUS: "DOING" }]);
  });

  it("created as cancelled from sys without tenants: CANCEL BACKUP for the whole cluster", async () => {
    const sys = await sysConn(h);
    await sys.query("ALTER SYSTEM BACKUP DATABASE");
    await sleep(100);
    await sys.end();
    h.clearStatements();
    const outs = (await provider.create(await inputs({ state: "cancelled" }))).outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => [j.tenant, j.status]), [
      ["mysql_tenant", "CANCELED"],
      ["oracle_tenant", "CANCELED"],
    ]);
    assert.deepStrictEqual(alterStatements(h), ["sys: ALTER SYSTEM CANCEL BACKUP"]);
  });

  it("reports tenants a sys BACKUP DATABASE skipped, and why", async () => {
    const sys = await sysConn(h);
    await sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = oracle_tenant");
    await sys.end();
    await sleep(1200);
    const outs = (await provider.create(await inputs({}))).outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => j.tenant), ["mysql_tenant"]);
    assert.deepStrictEqual(outs.skippedTenants, [{ tenant: "oracle_tenant", reason: "log archiving is STOP, not DOING" }]);
  });

  it("refuses a named tenant that cannot start, saying what to do, before sending anything", async () => {
    const sys = await sysConn(h);
    await sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = oracle_tenant");
    await sys.end();
    await sleep(100); // the round leaves DOING on the scheduler's next pass
    await assert.rejects(
      provider.create(await inputs({ tenants: ["oracle_tenant", "mysql_tenant"] })),
      /tenant oracle_tenant: log archiving is (STOPPING|STOP), not DOING\. A backup needs a data backup destination, log archiving in DOING/,
    );
    await assert.rejects(provider.create(await refusedByCheck({ tenants: ["nosuch"] }, /^no user tenant named nosuch/)), /no user tenant named nosuch/);
    assert.deepStrictEqual(alterStatements(h), []);
  });

  it("tenant names are case-sensitive (reference §0.1): the wrong case is refused at the lookup, naming the tenants", async () => {
    await assert.rejects(
      provider.create(await refusedByCheck({ tenants: ["MYSQL_TENANT"] }, /it is spelled mysql_tenant/)),
      /starting the backup of MYSQL_TENANT: no user tenant named MYSQL_TENANT in root@sys at [^:]+:\d+: tenant names are case-sensitive, and it is spelled mysql_tenant \(tenants: mysql_tenant, oracle_tenant\)/,
    );
    await assert.rejects(
      provider.create(await refusedByCheck({ connection: "t1", tenants: ["Mysql_Tenant"] }, /tenant names are case-sensitive, write mysql_tenant/)),
      /connected to tenant mysql_tenant, but tenants names Mysql_Tenant: tenant names are case-sensitive, write mysql_tenant/,
    );
    assert.deepStrictEqual(alterStatements(h), []);
    // a started job keeps the server's spelling
    const args = await inputs({ tenants: ["mysql_tenant"] });
    const created = await provider.create(args);
    const outs = created.outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => j.tenant), ["mysql_tenant"]);
    // a case-only change replaces, create first (deleteBeforeReplace false): the new name fails before the old job is touched
    const shouted = await refusedByCheck({ tenants: ["MYSQL_TENANT"] }, /it is spelled mysql_tenant/);
    assert.deepStrictEqual(await provider.diff(created.id, outs, shouted), { changes: true, replaces: ["tenants"], deleteBeforeReplace: false });
    await assert.rejects(provider.create(shouted), /no user tenant named MYSQL_TENANT .*it is spelled mysql_tenant/);
    assert.strictEqual((await provider.diff(created.id, outs, await inputs({ tenants: ["mysql_tenant"] }))).changes, false);
  });

  it("retries 9036 while the previous finished job is still moving to history", async () => {
    const args = await inputs({ connection: "t1" });
    const first = (await provider.create(args)).outs as BackupJobOutputs;
    h.finishJob("mysql_tenant");
    await sleep(60); // COMPLETED, not yet in history (300 ms)
    const second = (await provider.create(args)).outs as BackupJobOutputs;
    assert.strictEqual(second.jobs[0].jobId, first.jobs[0].jobId + 1);
    const sent = alterStatements(h);
    assert.ok(sent.includes("mysql_tenant: ALTER SYSTEM BACKUP DATABASE DESCRIPTION '[pulumi:KEY]' -> 9036"), sent.join("\n"));
    assert.strictEqual(sent.filter((s) => !s.endsWith("9036")).length, 2);
  });

  it("a second job for a tenant whose backup runs gets a clear error and leaves the first intact", async () => {
    const args = await inputs({ tenants: ["mysql_tenant"] });
    await provider.create(args);
    await assert.rejects(provider.create(args), /backup of this tenant started from the same place is already in progress|already in progress/);
    const rows = h.sql("SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002");
    assert.strictEqual(rows.length, 1);
    assert.match(String(rows[0].STATUS), /^(INIT|DOING)$/);
  });

  it("backup password: SET ENCRYPTION on the same session as BACKUP; the job is encrypted; nothing logged in clear", async () => {
    const outs = (await provider.create(await inputs({ connection: "t1", backupPassword: "Sup3r-secret'pw" }))).outs as BackupJobOutputs;
    const log = h.statements().filter((s) => /SET ENCRYPTION|ALTER SYSTEM BACKUP/.test(s.sql));
    assert.strictEqual(log.length, 2);
    assert.strictEqual(log[0].connectionId, log[1].connectionId);
    assert.strictEqual(log[0].sql, "SET ENCRYPTION ON IDENTIFIED BY '***' ONLY");
    const row = h.sql("SELECT ENCRYPTION_MODE, PASSWD FROM oceanbase.DBA_OB_BACKUP_JOBS", "mysql_tenant")[0];
    assert.strictEqual(row.ENCRYPTION_MODE, "PASSWORD");
    assert.match(String(row.PASSWD), /^\*[0-9A-F]{40}$/);
    assert.strictEqual(outs.backupPassword, "Sup3r-secret'pw"); // kept under its input's key: the engine re-marks it secret
    assert.ok(!JSON.stringify(h.statements()).includes("Sup3r"));
  });

  it("backup password that cannot be applied: no backup is started", async () => {
    h.faults.failNext("SET ENCRYPTION", { errno: 1235, sqlState: "0A000", message: "Not supported feature or function" });
    await assert.rejects(
      provider.create(await inputs({ connection: "t1", backupPassword: "pw-1" })),
      (e: Error) => /the backup password could not be applied, so no backup was started/.test(e.message) && !e.message.includes("pw-1"),
    );
    assert.ok(!alterStatements(h).some((s) => s.includes("BACKUP DATABASE")));
  });

  it("a connection lost right after BACKUP: the job is found again, never started twice", async () => {
    h.faults.dropOnStatement("ALTER SYSTEM BACKUP", "after");
    const outs = (await provider.create(await inputs({ connection: "t1" }))).outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => j.jobId), [1]);
    assert.strictEqual(alterStatements(h).filter((s) => s.includes("BACKUP DATABASE")).length, 1);
    assert.strictEqual(h.sql("SELECT COUNT(*) AS N FROM oceanbase.DBA_OB_BACKUP_JOBS", "mysql_tenant")[0].N, "1");
  });

  it("a connection lost before BACKUP ran: it is sent once more, and one job exists", async () => {
    h.faults.dropOnStatement("ALTER SYSTEM BACKUP", "before");
    const outs = (await provider.create(await inputs({ connection: "t1" }))).outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => j.jobId), [1]);
    assert.strictEqual(h.sql("SELECT COUNT(*) AS N FROM oceanbase.DBA_OB_BACKUP_JOBS", "mysql_tenant")[0].N, "1");
  });

  it("times out with a message naming what still runs, and records the job", async () => {
    const args = await inputs({ connection: "t1", waitForCompletion: true, timeoutSeconds: 1 });
    await assert.rejects(provider.create(args), (e: Error & { id?: string; properties?: BackupJobOutputs }) => {
      assert.match(e.message, /timed out waiting for the backup to complete; still running: mysql_tenant job 1 \((INIT|DOING), [0-9.]+%\)/);
      assert.strictEqual(e.id, "mysql_tenant/1");
      assert.strictEqual(e.properties?.jobs[0].jobId, 1);
      return true;
    });
  });

  it("fails the operation when the backup FAILED, with OceanBase's result", async () => {
    const args = await inputs({ connection: "t1", waitForCompletion: true });
    const pending = provider.create(args);
    await sleep(150);
    h.failJob("mysql_tenant", undefined, -9080);
    await assert.rejects(pending, /backup did not complete: mysql_tenant job 1 FAILED \(result -9080: \(ROOTSERVICE\)/);
  });
});

describe("BackupJob: refresh, drift, adopt, delete", function () {
  this.timeout(30000);
  let h: EmulatorHandle;
  beforeEach(async () => {
    h = await fastEmulator();
    await readyTenant(h, "mysql_tenant");
    h.clearStatements();
  });
  afterEach(() => stopEmulator(h));

  it("read returns live status: a job cancelled outside Pulumi shows CANCELED", async () => {
    const created = await provider.create(await inputs({ connection: "t1" }));
    const t1 = await mysql.createConnection({ host: h.host, port: h.port, user: "root@mysql_tenant", password: "" });
    await t1.query("ALTER SYSTEM CANCEL BACKUP");
    await t1.end();
    await sleep(1500);
    const r = await provider.read(created.id, created.outs as BackupJobOutputs);
    const props = r.props as BackupJobOutputs;
    assert.strictEqual(r.id, created.id);
    assert.deepStrictEqual(props.jobs.map((j) => [j.status, j.result]), [["CANCELED", -4072]]);
    assert.strictEqual(props.status, "CANCELED");
    assert.strictEqual((r.inputs as BackupJobInputs).connection, "t1");
  });

  it("read of a job that no longer exists removes the resource", async () => {
    const created = await provider.create(await inputs({ connection: "t1" }));
    const outs = created.outs as BackupJobOutputs;
    const ghost = { ...outs, jobs: outs.jobs.map((j) => ({ ...j, jobId: 99 })) };
    assert.deepStrictEqual(await provider.read("mysql_tenant/99", ghost), {});
  });

  it("adopts an existing job by id (pulumi import does not work for dynamic providers)", async () => {
    const sys = await sysConn(h);
    await sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant");
    await sys.end();
    await sleep(100);
    h.clearStatements();
    const outs = (await provider.create(await inputs({ adoptJobId: 1, tenants: ["mysql_tenant"] }))).outs as BackupJobOutputs;
    assert.strictEqual(outs.sysJobId, 1);
    assert.deepStrictEqual(outs.jobs.map((j) => [j.tenant, j.initiatorJobId]), [["mysql_tenant", 1]]);
    assert.deepStrictEqual(alterStatements(h), []);
    await assert.rejects(provider.create(await inputs({ adoptJobId: 42 })), /there is no sys job .* with JOB_ID 42/);
  });

  it("the progress of a job in history comes from its backup set, not from *_TASK_HISTORY, whose totals are the finished counts (§0.2)", async () => {
    const t1 = await mysql.createConnection({ host: h.host, port: h.port, user: "root@mysql_tenant", password: "" });
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    const done = () => Number(h.sql("SELECT FINISH_MACRO_BLOCK_COUNT AS F FROM oceanbase.DBA_OB_BACKUP_TASKS", "mysql_tenant")[0]?.F ?? 0);
    for (let i = 0; i < 200 && done() === 0; i++) await sleep(10);
    await t1.query("ALTER SYSTEM CANCEL BACKUP");
    await t1.end();
    const inHistory = () => h.sql("SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY", "mysql_tenant").length === 1;
    for (let i = 0; i < 300 && !inHistory(); i++) await sleep(10);
    assert.ok(inHistory(), "the cancelled job moved to history");
    const ratio = (r: Record<string, string | null>) => Math.round((Number(r.F) * 10000) / Number(r.T)) / 100;
    const [task] = h.sql("SELECT MACRO_BLOCK_COUNT AS T, FINISH_MACRO_BLOCK_COUNT AS F FROM oceanbase.DBA_OB_BACKUP_TASK_HISTORY", "mysql_tenant");
    const [set] = h.sql("SELECT MACRO_BLOCK_COUNT AS T, FINISH_MACRO_BLOCK_COUNT AS F FROM oceanbase.DBA_OB_BACKUP_SET_FILES", "mysql_tenant");
    assert.strictEqual(ratio(task), 100, "the history view reads 100 % for a cancelled job");
    assert.ok(ratio(set) > 0 && ratio(set) < 100, `the set's share: ${ratio(set)} %`);
    const outs = (await provider.create(await inputs({ connection: "t1", adoptJobId: 1 }))).outs as BackupJobOutputs;
    assert.deepStrictEqual(outs.jobs.map((j) => [j.status, j.result, j.progress]), [["CANCELED", -4072, ratio(set)]]);
    assert.strictEqual(outs.status, "CANCELED");
  });

  it("delete cancels a job that still runs; with cancelOnDelete false it only forgets", async () => {
    const a = await provider.create(await inputs({ connection: "t1" }));
    await provider.delete(a.id, a.outs as BackupJobOutputs);
    assert.deepStrictEqual(alterStatements(h).slice(-1), ["mysql_tenant: ALTER SYSTEM CANCEL BACKUP"]);
    await sleep(400);
    h.clearStatements();
    const b = await provider.create(await inputs({ connection: "t1", cancelOnDelete: false }));
    await provider.delete(b.id, b.outs as BackupJobOutputs);
    assert.deepStrictEqual(alterStatements(h), ["mysql_tenant: ALTER SYSTEM BACKUP DATABASE DESCRIPTION '[pulumi:KEY]'"]);
  });

  it("cancelled -> running is a replacement: preview shows a new backup, and the replacement's create starts it", async () => {
    const args = await inputs({ connection: "t1" });
    const a = await provider.create({ ...args });
    const cancelled = (await provider.update(a.id, a.outs as BackupJobOutputs, { ...args, state: "cancelled" })).outs as BackupJobOutputs;
    await sleep(400);
    const d = await provider.diff(a.id, cancelled, { ...args, state: "running" });
    assert.deepStrictEqual(d, { changes: true, replaces: ["state"], deleteBeforeReplace: false });
    const again = await provider.create({ ...args, state: "running" });
    assert.deepStrictEqual((again.outs as BackupJobOutputs).jobs.map((j) => [j.jobId, j.status]), [[2, "INIT"]]);
    h.clearStatements();
    await provider.delete(a.id, cancelled);
    assert.deepStrictEqual(alterStatements(h), [], "deleting the replaced, cancelled job sends nothing");
  });
});

describe("BackupJob: diff", () => {
  const base = async (extra: Record<string, unknown> = {}) => (await provider.check({}, { tenants: ["b", "a"], description: "d", ...extra })).inputs as BackupJobInputs;
  const olds = async (extra: Record<string, unknown> = {}) =>
    ({ ...(await base(extra)), connectedTenant: "sys", jobKey: "k", sysJobId: 1, jobs: [], skippedTenants: [], status: "RUNNING" }) as BackupJobOutputs;

  it("no change: no diff, whatever the tenant order", async () => {
    const d = await provider.diff("sys/1", await olds(), await base({ tenants: ["a", "b"] }));
    assert.deepStrictEqual(d, { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("a tenant in another case is another name (the server's are case-sensitive, reference §0.1)", async () => {
    const d = await provider.diff("sys/1", await olds(), await base({ tenants: ["A", "b"] }));
    assert.deepStrictEqual(d, { changes: true, replaces: ["tenants"], deleteBeforeReplace: false });
  });

  it("state is an in-place update; wait settings too", async () => {
    assert.deepStrictEqual(await provider.diff("sys/1", await olds(), await base({ state: "cancelled" })), { changes: true, replaces: [], deleteBeforeReplace: false });
    assert.deepStrictEqual((await provider.diff("sys/1", await olds(), await base({ waitForCompletion: true, timeoutSeconds: 60 }))).replaces, []);
  });

  it("tenants, type, plus-archivelog, description, password and connection replace", async () => {
    for (const [k, v] of [
      ["tenants", ["a"]],
      ["backupType", "INCREMENTAL"],
      ["plusArchivelog", true],
      ["description", "other"],
      ["backupPassword", "x"],
      ["connection", "t1"],
    ] as const) {
      const d = await provider.diff("sys/1", await olds(), await base({ [k]: v }));
      assert.deepStrictEqual(d.replaces, [k], k);
      assert.strictEqual(d.changes, true);
    }
  });
});
