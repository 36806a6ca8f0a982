// The cancel flow as OceanBase's source has it (reference §0.2): the set, task and cleanup rows after a cancel,
// the sys umbrella job after a per-tenant cancel, the cancel answers, and what the next BACKUP gets. Each test
// is named by its §0.2 row. All on the manual clock.

import assert = require("assert");
import { EmulatorHandle, EmulatorOptions } from "../../emulator";
import { Conn, connect, expectError, manualEmulator, prepareTenant, rows } from "../support/emulator";

const one = async (c: Conn, sql: string) => (await rows(c, sql))[0];

describe("emulator: the cancel flow (§0.2)", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  let t1: Conn;
  const setup = async (options: EmulatorOptions = {}) => {
    h = await manualEmulator({ backupDurationMs: 10000, historyDelayMs: 1000, cleanupDurationMs: 2000, ...options });
    sys = await connect(h);
    t1 = await connect(h, "root@mysql_tenant");
    await prepareTenant(h, sys, "mysql_tenant");
  };
  const jobsOf = (tenantId: number) =>
    rows(sys, `SELECT TENANT_ID, JOB_ID, STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = ${tenantId} ORDER BY JOB_ID`);
  const setRow = (id = 1) => one(t1, `SELECT STATUS, FILE_STATUS, RESULT, COMMENT FROM oceanbase.DBA_OB_BACKUP_SET_FILES WHERE BACKUP_SET_ID = ${id}`);
  const deleteJobs = () =>
    rows(t1, "SELECT JOB_ID, STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS UNION ALL SELECT JOB_ID, STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY");
  /** a backup of mysql_tenant, cancelled once it has written part of its data */
  const cancelHalfway = async () => {
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(5000);
    await t1.query("ALTER SYSTEM CANCEL BACKUP");
    h.advance(1000);
  };

  beforeEach(() => setup());
  afterEach(async () => {
    await sys.end();
    await t1.end();
    await h.close();
  });

  it("§0.2 a canceled backup set is FAILED / INCOMPLETE with RESULT 0 and COMMENT ''; the job's RESULT is -4072", async () => {
    await cancelHalfway();
    assert.deepStrictEqual(await one(t1, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOBS"), { STATUS: "CANCELED", RESULT: "-4072" });
    assert.deepStrictEqual(await setRow(), { STATUS: "FAILED", FILE_STATUS: "INCOMPLETE", RESULT: "0", COMMENT: "" });
    h.advance(2000); // in history, the job keeps -4072 and the set its 0
    assert.deepStrictEqual(await one(t1, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY"), { STATUS: "CANCELED", RESULT: "-4072" });
    assert.deepStrictEqual(await setRow(), { STATUS: "FAILED", FILE_STATUS: "INCOMPLETE", RESULT: "0", COMMENT: "" });
  });

  it("§0.2 a set that fails before its final info is FAILED / INCOMPLETE with the job's code; after it, FAILED / BROKEN", async () => {
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(3000);
    h.failJob("mysql_tenant", undefined, -9029);
    h.tick();
    assert.deepStrictEqual(await setRow(1), { STATUS: "FAILED", FILE_STATUS: "INCOMPLETE", RESULT: "-9029", COMMENT: "" });
    h.advance(2000);

    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    const task = () => one(t1, "SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_TASKS");
    // the set task writes its final info (the set is SUCCESS / AVAILABLE) one pass before the job completes
    for (let i = 0; i < 200 && (await task())?.STATUS !== "COMPLETED"; i++) h.advance(100);
    assert.deepStrictEqual(await one(t1, "SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS"), { STATUS: "DOING" });
    assert.deepStrictEqual(await setRow(2), { STATUS: "SUCCESS", FILE_STATUS: "AVAILABLE", RESULT: "0", COMMENT: "" });
    h.failJob("mysql_tenant", undefined, -9029);
    h.tick();
    assert.deepStrictEqual(await one(t1, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOBS"), { STATUS: "FAILED", RESULT: "-9029" });
    assert.deepStrictEqual(await setRow(2), { STATUS: "FAILED", FILE_STATUS: "BROKEN", RESULT: "-9029", COMMENT: "" });
  });

  it("§0.2 a canceled task's COMMENT is ob_strerror(result), 'Operation canceled'; a failed one's its code's text, a completed one's ''", async () => {
    const task = (jobId: number) =>
      one(t1, `SELECT STATUS, RESULT, COMMENT FROM oceanbase.DBA_OB_BACKUP_TASKS WHERE JOB_ID = ${jobId}
        UNION ALL SELECT STATUS, RESULT, COMMENT FROM oceanbase.DBA_OB_BACKUP_TASK_HISTORY WHERE JOB_ID = ${jobId}`);
    await cancelHalfway();
    assert.deepStrictEqual(await task(1), { STATUS: "CANCELED", RESULT: "-4072", COMMENT: "Operation canceled" });
    h.advance(2000);
    assert.strictEqual((await one(t1, "SELECT COMMENT FROM oceanbase.DBA_OB_BACKUP_TASK_HISTORY WHERE JOB_ID = 1")).COMMENT, "Operation canceled");

    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(3000);
    await t1.query("ALTER SYSTEM NOARCHIVELOG");
    h.advance(1500);
    assert.deepStrictEqual(await task(2), { STATUS: "FAILED", RESULT: "-9029", COMMENT: "log archive is not running" });
    await t1.query("ALTER SYSTEM ARCHIVELOG");
    h.advance(5000);
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(13000);
    assert.deepStrictEqual(await task(3), { STATUS: "COMPLETED", RESULT: "0", COMMENT: "" });
  });

  it("§0.2 a task in *_TASK_HISTORY has MACRO_BLOCK_COUNT / TABLET_COUNT equal to what was finished; the set keeps the planned totals", async () => {
    await cancelHalfway();
    const counts = "MACRO_BLOCK_COUNT, FINISH_MACRO_BLOCK_COUNT, TABLET_COUNT, FINISH_TABLET_COUNT";
    const live = await one(t1, `SELECT ${counts} FROM oceanbase.DBA_OB_BACKUP_TASKS`);
    assert.ok(Number(live.FINISH_MACRO_BLOCK_COUNT) > 0 && Number(live.FINISH_MACRO_BLOCK_COUNT) < Number(live.MACRO_BLOCK_COUNT), JSON.stringify(live));
    h.advance(2000);
    const hist = await one(t1, `SELECT ${counts} FROM oceanbase.DBA_OB_BACKUP_TASK_HISTORY`);
    assert.deepStrictEqual(hist, {
      MACRO_BLOCK_COUNT: live.FINISH_MACRO_BLOCK_COUNT,
      FINISH_MACRO_BLOCK_COUNT: live.FINISH_MACRO_BLOCK_COUNT,
      TABLET_COUNT: live.FINISH_TABLET_COUNT,
      FINISH_TABLET_COUNT: live.FINISH_TABLET_COUNT,
    });
    assert.deepStrictEqual(await one(t1, `SELECT ${counts} FROM oceanbase.DBA_OB_BACKUP_SET_FILES`), live);
  });

  it("§0.2 no delete job is started by a cancel: the hourly trigger, first an hour after the start, cleans only tenants with a policy", async () => {
    const t2 = await connect(h, "SYS@oracle_tenant");
    try {
      await prepareTenant(h, sys, "oracle_tenant");
      await t1.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'");
      await cancelHalfway();
      await t2.query("ALTER SYSTEM BACKUP DATABASE");
      h.advance(3000);
      await t2.query("ALTER SYSTEM CANCEL BACKUP");
      h.advance(59 * 60_000); // within the hour: nothing
      assert.deepStrictEqual(await deleteJobs(), []);
      assert.strictEqual((await setRow()).FILE_STATUS, "INCOMPLETE");
      const due = h.nextCleanupTrigger();
      assert.strictEqual(due, Date.UTC(2026, 0, 1, 1, 0, 0), "an hour after the start");
      h.advance(due - h.now() + 10_000);
      assert.deepStrictEqual(await deleteJobs(), [{ JOB_ID: "2", STATUS: "COMPLETED" }]);
      assert.strictEqual((await setRow()).FILE_STATUS, "DELETED");
      // oracle_tenant has no delete policy: its incomplete set stays
      assert.deepStrictEqual(await rows(t2, "SELECT FILE_STATUS FROM SYS.DBA_OB_BACKUP_SET_FILES"), [{ FILE_STATUS: "INCOMPLETE" }]);
      assert.deepStrictEqual(await rows(t2, "SELECT JOB_ID FROM SYS.DBA_OB_BACKUP_DELETE_JOB_HISTORY"), []);
      const fired = h.nextCleanupTrigger() - 3600_000; // the next one is due an hour after this one fired
      assert.ok(fired > due && fired <= due + 1000, `fired on the first pass after it was due (${fired - due} ms)`);
    } finally {
      await t2.end();
    }
  });

  it("§0.2 cleanupTriggerMs shortens the trigger period for demos and tests, still counted from the start", async () => {
    await sys.end();
    await t1.end();
    await h.close();
    await setup({ cleanupTriggerMs: 60_000 });
    await t1.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'");
    await cancelHalfway();
    assert.deepStrictEqual(await deleteJobs(), []);
    h.advance(h.nextCleanupTrigger() - h.now() + 5000);
    assert.deepStrictEqual(await deleteJobs(), [{ JOB_ID: "2", STATUS: "COMPLETED" }]);
    assert.strictEqual((await setRow()).FILE_STATUS, "DELETED");
    h.advance(60_000);
    assert.strictEqual((await deleteJobs()).length, 2, "one trigger a minute");
  });

  it("§0.2 the umbrella job after a per-tenant cancel (from sys, or the tenant's own) stays DOING, then ends FAILED / -4072", async () => {
    await prepareTenant(h, sys, "oracle_tenant");
    const t2 = await connect(h, "SYS@oracle_tenant");
    try {
      for (const cancel of [() => sys.query("ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant, oracle_tenant"), () => Promise.all([t1.query("ALTER SYSTEM CANCEL BACKUP"), t2.query("ALTER SYSTEM CANCEL BACKUP")])]) {
        await sys.query("ALTER SYSTEM BACKUP DATABASE");
        h.advance(2000);
        await cancel();
        assert.deepStrictEqual((await jobsOf(1)).map((j) => j.STATUS), ["DOING"]);
        h.advance(1000);
        assert.deepStrictEqual((await jobsOf(1)).map((j) => j.STATUS), ["DOING"], "DOING while a child is still in *_JOBS");
        h.advance(5000);
        const umbrella = await one(sys, "SELECT STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1 ORDER BY JOB_ID DESC");
        assert.deepStrictEqual(umbrella, { STATUS: "FAILED", RESULT: "-4072" });
      }
      // only a sys CANCEL BACKUP without a tenant list ends the umbrella CANCELED
      await sys.query("ALTER SYSTEM BACKUP DATABASE");
      h.advance(2000);
      await sys.query("ALTER SYSTEM CANCEL BACKUP");
      h.advance(8000);
      assert.deepStrictEqual(await one(sys, "SELECT STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1 ORDER BY JOB_ID DESC"), {
        STATUS: "CANCELED",
        RESULT: "-4072",
      });
    } finally {
      await t2.end();
    }
  });

  it("§0.2 cancel answers: silent OK with nothing running, while CANCELING and after completion; sys 4016, unknown 5160 before anything is canceled; 1235 from a user tenant", async () => {
    await prepareTenant(h, sys, "oracle_tenant");
    const ok = async (c: Conn, sql: string) => assert.strictEqual(((await c.query(sql))[0] as { affectedRows: number }).affectedRows, 0, sql);
    await ok(sys, "ALTER SYSTEM CANCEL BACKUP");
    await ok(t1, "ALTER SYSTEM CANCEL BACKUP");
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(2000);
    await expectError(sys.query("ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant, nosuch"), 5160, "HY000");
    await expectError(sys.query("ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant, sys"), 4016, "HY000", "Internal error");
    await expectError(sys.query("ALTER SYSTEM CANCEL BACKUP TENANT = sys"), 4016, "HY000", "Internal error");
    await expectError(t1.query("ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"), 1235, "0A000", "Not supported feature or function");
    await expectError(t1.query("ALTER SYSTEM CANCEL BACKUP TENANT = oracle_tenant"), 1235, "0A000", "Not supported feature or function");
    assert.deepStrictEqual((await jobsOf(1002)).map((j) => j.STATUS), ["DOING"], "the failed statements canceled nothing");
    await ok(sys, "ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant, mysql_tenant");
    assert.deepStrictEqual((await jobsOf(1002)).map((j) => j.STATUS), ["CANCELING"]);
    await ok(t1, "ALTER SYSTEM CANCEL BACKUP"); // while CANCELING
    h.advance(1000);
    assert.deepStrictEqual(await jobsOf(1002), [{ TENANT_ID: "1002", JOB_ID: "1", STATUS: "CANCELED", RESULT: "-4072" }]);
    await ok(t1, "ALTER SYSTEM CANCEL BACKUP"); // after it ended: the CANCELED row is left as it is
    assert.deepStrictEqual(await jobsOf(1002), [{ TENANT_ID: "1002", JOB_ID: "1", STATUS: "CANCELED", RESULT: "-4072" }]);
  });

  it("§0.2 BACKUP after a CANCEL is 9036 until the canceled row has moved to history; the next takes set id + 1, and INCREMENTAL after a canceled FULL becomes FULL", async () => {
    await cancelHalfway();
    await expectError(t1.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE"), 9036, "HY000", "Backup is in progress");
    h.advance(2000);
    assert.deepStrictEqual(await jobsOf(1002), []);
    await t1.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE");
    assert.deepStrictEqual(await one(t1, "SELECT JOB_ID, BACKUP_SET_ID, BACKUP_TYPE FROM oceanbase.DBA_OB_BACKUP_JOBS"), { JOB_ID: "2", BACKUP_SET_ID: "2", BACKUP_TYPE: "FULL" });
    h.advance(1000);
    assert.deepStrictEqual(await one(t1, "SELECT BACKUP_TYPE, PREV_FULL_BACKUP_SET_ID FROM oceanbase.DBA_OB_BACKUP_SET_FILES WHERE BACKUP_SET_ID = 2"), {
      BACKUP_TYPE: "FULL",
      PREV_FULL_BACKUP_SET_ID: "0",
    });
  });
});
