// TenantRestore's whole life against the emulator: a backup taken, restored into a new tenant, waited for and
// activated; cancelled mid-way; dropped on delete; every listed error explained; a retry after a run that died
// adopts the restore instead of sending a second one. The statements the emulator received are asserted.

import assert = require("assert");
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import * as job from "../../provider/backup-job";
import * as restore from "../../provider/tenant-restore";
import type { BackupJobInputs, TenantRestoreInputs, TenantRestoreOutputs } from "../../provider/types.generated";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";

const SOURCE = { dataBackupUri: "file:///backup/mysql_tenant/data", archiveLocation: "file:///backup/mysql_tenant/archive" };
const KEY = "0123456789abcdef";

async function inputs(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<TenantRestoreInputs> {
  const r = await restore.check(olds, news);
  assert.deepStrictEqual(r.failures, []);
  return r.inputs as TenantRestoreInputs;
}

/** A FULL backup of mysql_tenant, completed, through the provider's BackupJob. */
async function backUp(password?: string): Promise<void> {
  const r = await job.check({}, { tenants: ["mysql_tenant"], waitForCompletion: true, ...(password ? { backupPassword: password } : {}) });
  assert.deepStrictEqual(r.failures, []);
  await job.create(r.inputs as BackupJobInputs);
}

/** Statements that change something; RESTOREs refused with 4018 while the archive catches up (`latest` right after a backup) left out. */
const restoreStatements = (h: EmulatorHandle) =>
  h
    .statements()
    .filter((s) => !(/^ALTER SYSTEM RESTORE/.test(s.sql) && s.errno === 4018))
    .filter((s) => /^(ALTER SYSTEM (RESTORE|CANCEL RESTORE|ACTIVATE)|SET DECRYPTION|CREATE RESOURCE|DROP (RESOURCE|TENANT))/i.test(s.sql))
    .map((s) => `${s.sql.replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")}${s.errno !== null ? ` -> ${s.errno}` : ""}`);

async function tenantRow(h: EmulatorHandle, name: string): Promise<Record<string, unknown> | undefined> {
  const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: "" });
  try {
    const [rows] = await c.query(`SELECT TENANT_ID, STATUS, TENANT_ROLE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = '${name}'`);
    return (rows as Record<string, unknown>[])[0];
  } finally {
    await c.end();
  }
}

async function pools(h: EmulatorHandle): Promise<string[]> {
  const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: "" });
  try {
    const [rows] = await c.query("SELECT NAME FROM oceanbase.DBA_OB_RESOURCE_POOLS ORDER BY NAME");
    return (rows as { NAME: string }[]).map((r) => r.NAME);
  } finally {
    await c.end();
  }
}

async function failure(p: Promise<unknown>): Promise<Error & { properties?: TenantRestoreOutputs }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { properties?: TenantRestoreOutputs };
  }
  assert.fail("expected a failure");
}

describe("TenantRestore: restore, watch, cancel and drop", function () {
  this.timeout(60000);
  let h: EmulatorHandle;
  beforeEach(async () => {
    h = await fastEmulator();
    await readyTenant(h, "mysql_tenant");
    await backUp();
    h.clearStatements();
  });
  afterEach(() => stopEmulator(h));

  it("restores the latest backup onto a unit and pool it creates, waits for SUCCESS, activates, and drops it all on delete", async () => {
    const created = await restore.create(await inputs({ tenantName: "drill", ...SOURCE, unit: { maxCpu: 1, memorySize: "5G" }, description: "drill", resourceKey: KEY }));
    const outs = created.outs as TenantRestoreOutputs;
    assert.strictEqual(outs.status, "SUCCESS");
    assert.strictEqual(outs.progress, 100);
    assert.ok(outs.restoredTenantId > 1);
    assert.deepStrictEqual([outs.tenantStatus, outs.tenantRole], ["NORMAL", "PRIMARY"]);
    assert.ok(outs.backupSets.length >= 1 && outs.backupSets.every((p) => p.startsWith("file:///backup/mysql_tenant/data")), JSON.stringify(outs.backupSets));
    assert.match(outs.restoredTo, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    assert.match(outs.restoreScn, /^\d+$/);
    assert.deepStrictEqual([outs.createdUnit, outs.createdPool], ["drill_restore_unit", "drill_restore_pool"]);
    assert.deepStrictEqual(await tenantRow(h, "drill"), { TENANT_ID: outs.restoredTenantId, STATUS: "NORMAL", TENANT_ROLE: "PRIMARY" });
    // the restored tenant answers its own admin, with the source's users
    const inside = await mysql.createConnection({ host: h.host, port: h.port, user: "root@drill", password: "" });
    const [me] = await inside.query("SELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS");
    await inside.end();
    assert.deepStrictEqual((me as { TENANT_NAME: string }[]).map((r) => r.TENANT_NAME), ["drill"]);

    const read = await restore.read(created.id, outs);
    assert.strictEqual((read.props as TenantRestoreOutputs).status, "SUCCESS");
    assert.deepStrictEqual(read.inputs?.tenantName, "drill");
    await restore.delete(created.id, outs);
    assert.strictEqual(await tenantRow(h, "drill"), undefined);
    assert.ok(!(await pools(h)).includes("drill_restore_pool"));
    assert.deepStrictEqual(restoreStatements(h), [
      "CREATE RESOURCE UNIT IF NOT EXISTS drill_restore_unit MAX_CPU 1, MEMORY_SIZE '5G'",
      "CREATE RESOURCE POOL IF NOT EXISTS drill_restore_pool UNIT = 'drill_restore_unit', UNIT_NUM = 1, ZONE_LIST = ('zone1')",
      "ALTER SYSTEM RESTORE drill FROM 'file:///backup/mysql_tenant/data,file:///backup/mysql_tenant/archive' WITH 'pool_list=drill_restore_pool' DESCRIPTION = 'drill [pulumi:KEY]'",
      "ALTER SYSTEM ACTIVATE STANDBY TENANT = drill",
      "DROP TENANT drill FORCE",
      "DROP RESOURCE POOL IF EXISTS drill_restore_pool",
      "DROP RESOURCE UNIT IF EXISTS drill_restore_unit",
    ]);
  });

  it("cancelled mid-way: CANCEL RESTORE, the job ends canceled in the views, the tenant and the pool are gone", async () => {
    const declared = await inputs({ tenantName: "drill", ...SOURCE, unit: { maxCpu: 1, memorySize: "5G" }, waitForCompletion: false, activate: false, resourceKey: KEY });
    const created = await restore.create(declared);
    const outs = created.outs as TenantRestoreOutputs;
    assert.strictEqual(outs.status, "RESTORING");
    assert.strictEqual((await tenantRow(h, "drill"))?.STATUS, "RESTORE");
    const updated = (await restore.update(created.id, outs, { ...declared, state: "cancelled" })).outs as TenantRestoreOutputs;
    assert.strictEqual(updated.status, "CANCELED");
    assert.strictEqual(updated.state, "cancelled");
    assert.match(updated.comment, /OB_TENANT_NOT_EXIST\(-5157\)/);
    assert.strictEqual(await tenantRow(h, "drill"), undefined);
    assert.ok(!(await pools(h)).includes("drill_restore_pool"));
    assert.deepStrictEqual(
      restoreStatements(h).filter((s) => /CANCEL|DROP/.test(s)),
      ["ALTER SYSTEM CANCEL RESTORE drill", "DROP RESOURCE POOL IF EXISTS drill_restore_pool", "DROP RESOURCE UNIT IF EXISTS drill_restore_unit"],
    );
    // and a delete after that sends nothing but the (idempotent) resource drops
    h.clearStatements();
    await restore.delete(created.id, updated);
    assert.ok(restoreStatements(h).every((s) => /^DROP RESOURCE/.test(s)), restoreStatements(h).join("\n"));
  });

  it("a retry after a run that died once its RESTORE was sent adopts that restore: no second RESTORE", async () => {
    const declared = await inputs({ tenantName: "drill", ...SOURCE, unit: { maxCpu: 1, memorySize: "5G" }, resourceKey: KEY });
    // the first run: sent, then "died" (its create never returned, so the state holds nothing)
    const first = restore.create({ ...declared, waitForCompletion: false, activate: false });
    await first;
    const again = (await restore.create(declared)).outs as TenantRestoreOutputs;
    assert.strictEqual(again.status, "SUCCESS");
    assert.strictEqual(restoreStatements(h).filter((s) => /^ALTER SYSTEM RESTORE/.test(s)).length, 1, restoreStatements(h).join("\n"));
  });

  it("an existing free pool: restored onto it, never dropped", async () => {
    const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: "" });
    await c.query("CREATE RESOURCE UNIT u_drill MAX_CPU 1, MEMORY_SIZE '5G'");
    await c.query("CREATE RESOURCE POOL p_drill UNIT = 'u_drill', UNIT_NUM = 1, ZONE_LIST = ('zone1')");
    await c.end();
    const created = await restore.create(await inputs({ tenantName: "drill", ...SOURCE, pool: "p_drill", activate: false }));
    const outs = created.outs as TenantRestoreOutputs;
    assert.deepStrictEqual([outs.status, outs.tenantRole, outs.createdPool], ["SUCCESS", "STANDBY", ""]);
    await restore.delete(created.id, outs);
    assert.ok((await pools(h)).includes("p_drill"), "the pool the resource did not create stays");
  });

  it("preview refuses a target name in use, a missing pool and a login that is not sys, at check, all at once", async () => {
    const failuresOf = async (news: Record<string, unknown>) => (await restore.check({}, news)).failures ?? [];
    const r = { failures: await failuresOf({ tenantName: "mysql_tenant", ...SOURCE, pool: "no_such_pool" }) };
    assert.deepStrictEqual(r.failures.map((f) => f.property).sort(), ["pool", "tenantName"]);
    assert.match(r.failures.find((f) => f.property === "tenantName")!.reason, /tenant mysql_tenant exists already/);
    assert.match(r.failures.find((f) => f.property === "pool")!.reason, /resource pool no_such_pool does not exist/);
    const asTenant = { failures: await failuresOf({ connection: "t1", tenantName: "drill", ...SOURCE, unit: { maxCpu: 1, memorySize: "5G" } }) };
    assert.deepStrictEqual(asTenant.failures.map((f) => f.property), ["connection"]);
    assert.match(asTenant.failures[0].reason, /restores from sys only/);
    const neither = { failures: await failuresOf({ tenantName: "drill", ...SOURCE }) };
    assert.match(neither.failures[0].reason, /or unit is required/);
    const form = { failures: await failuresOf({ tenantName: "bad name", dataBackupUri: "nfs:/x", until: "yesterday", pool: "p", unit: { maxCpu: 0, memorySize: "5" } }) };
    assert.deepStrictEqual(form.failures.map((f) => f.property).sort(), ["dataBackupUri", "tenantName", "unit", "unit.maxCpu", "unit.memorySize", "until"].sort());
    assert.ok(!JSON.stringify(form.failures).includes("nfs:/x"), "a secret input's value is masked");
    assert.deepStrictEqual(restoreStatements(h), [], "check sends nothing that changes anything");
  });

  it("errors keep OceanBase's code and say what to do: a point outside the archive (4018), a wrong password (9047), a granted pool (9099)", async () => {
    const tooLate = await failure(restore.create(await inputs({ tenantName: "drill", ...SOURCE, unit: { maxCpu: 1, memorySize: "5G" }, until: "2099-01-01 00:00:00" })));
    assert.match(tooLate.message, /no enough archived log[\s\S]*\[OceanBase 4018: No enough log for restore\]/);
    assert.ok(!(await pools(h)).includes("drill_restore_pool"), "a refused restore drops the pool it made");
    // a granted pool: refused at preview; past it (granted meanwhile), OceanBase fails the job as it creates the tenant
    const grantedPool = (await pools(h)).find((p) => /mysql/i.test(p)) as string;
    const atCheck = (await restore.check({}, { tenantName: "drill", ...SOURCE, pool: grantedPool })).failures ?? [];
    assert.match(atCheck[0]?.reason ?? "", /is granted to tenant 1002: a restore needs a free pool/);
    // no room in the zone: OceanBase fails the job as it creates the tenant, the blocking RESTORE answers 9099
    const tooBig = await failure(restore.create(await inputs({ tenantName: "drill", ...SOURCE, unit: { maxCpu: 64, memorySize: "5G" } })));
    assert.match(tooBig.message, /the restore of tenant drill failed as OceanBase created the tenant[\s\S]*\[OceanBase 9099: .*OB_ZONE_RESOURCE_NOT_ENOUGH\(-4733\)/);
    assert.strictEqual(tooBig.properties, undefined, "nothing recorded: no tenant was created");
    assert.ok(!(await pools(h)).includes("drill_restore_pool"), "and the pool it made is dropped");
  });
});

describe("TenantRestore: a restore that fails after its tenant was created", function () {
  this.timeout(60000);
  let h: EmulatorHandle;
  before(async () => {
    h = await fastEmulator({ restoreDurationMs: 20000 });
    await readyTenant(h, "mysql_tenant");
    await backUp();
  });
  after(() => stopEmulator(h));

  it("is recorded (the run fails, saying what to do), and delete drops the tenant it left in RESTORE", async () => {
    const declared = await inputs({ tenantName: "broken", ...SOURCE, unit: { maxCpu: 1, memorySize: "5G" } });
    const creating = failure(restore.create(declared));
    // once OceanBase created the tenant, its restore fails
    for (let i = 0; i < 200 && !h.restores().some((r) => r.restoreTenantName === "broken" && r.tenantId !== 1); i++) await new Promise((r) => setTimeout(r, 20));
    h.failRestore("broken");
    const e = await creating;
    assert.match(e.message, /the restore of broken \(job \d+\) FAILED: .*OB_LS_RESTORE_FAILED\(-9094\)[\s\S]*set state to cancelled, or destroy, to drop it/);
    const recorded = e.properties as TenantRestoreOutputs;
    assert.deepStrictEqual([recorded.status, recorded.tenantStatus], ["FAIL", "RESTORE"]);
    h.clearStatements();
    await restore.delete("restore/broken", recorded);
    assert.strictEqual(await tenantRow(h, "broken"), undefined);
    assert.deepStrictEqual(restoreStatements(h), ["DROP TENANT broken FORCE", "DROP RESOURCE POOL IF EXISTS broken_restore_pool", "DROP RESOURCE UNIT IF EXISTS broken_restore_unit"]);
  });
});

describe("TenantRestore: encrypted backup sets", function () {
  this.timeout(60000);
  let h: EmulatorHandle;
  before(async () => {
    h = await fastEmulator();
    await readyTenant(h, "mysql_tenant");
    await backUp("Backup-Pw-1");
    h.clearStatements();
  });
  after(() => stopEmulator(h));

  it("a wrong password gives 9047, never shown; the right one restores, masked in the emulator's log", async () => {
    const wrong = await failure(restore.create(await inputs({ tenantName: "enc", ...SOURCE, unit: { maxCpu: 1, memorySize: "5G" }, decryptionPasswords: ["nope-123"] })));
    assert.match(wrong.message, /decryptionPasswords[\s\S]*9047/);
    assert.ok(!wrong.message.includes("nope-123"));
    const outs = (await restore.create(await inputs({ tenantName: "enc", ...SOURCE, unit: { maxCpu: 1, memorySize: "5G" }, decryptionPasswords: ["Backup-Pw-1"] }))).outs as TenantRestoreOutputs;
    assert.strictEqual(outs.status, "SUCCESS");
    assert.ok(!JSON.stringify(h.statements()).includes("Backup-Pw-1"), "the password is masked in the statement log");
  });
});
