// The background state machines on the manual clock: archive rounds (§3.2), user and sys backup jobs with
// their tasks and set files (§3.1), history moves, the shared job id counter, and automatic cleanup (§1.8, §3.3).

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import { Conn, connect, expectError, manualEmulator, prepareTenant, rows } from "../support/emulator";

const one = async (c: Conn, sql: string) => (await rows(c, sql))[0];

describe("emulator: archive rounds", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  const round = async () =>
    one(sys, "SELECT ROUND_ID, STATUS FROM oceanbase.CDB_OB_ARCHIVELOG WHERE TENANT_ID = 1002");
  before(async () => {
    h = await manualEmulator({ archiveStartMs: 2000 });
    sys = await connect(h);
  });
  after(async () => {
    await sys.end();
    await h.close();
  });

  it("does nothing in ARCHIVELOG mode without a destination, then PREPARE -> BEGINNING -> DOING", async () => {
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant");
    h.advance(5000);
    assert.strictEqual(await round(), undefined);
    assert.deepStrictEqual(await one(sys, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_ID = 1002"), { LOG_MODE: "ARCHIVELOG" });
    await sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///arch/t1 PIECE_SWITCH_INTERVAL=1d' TENANT = mysql_tenant");
    h.tick();
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "PREPARE" });
    h.advance(1000);
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "BEGINNING" });
    h.advance(1000);
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "DOING" });
    const piece = await one(sys, "SELECT PIECE_ID, STATUS, FILE_STATUS FROM oceanbase.CDB_OB_ARCHIVELOG_PIECE_FILES WHERE TENANT_ID = 1002");
    assert.deepStrictEqual(piece, { PIECE_ID: "1", STATUS: "ACTIVE", FILE_STATUS: "AVAILABLE" });
  });

  it("refuses a destination change while the round runs", async () => {
    await expectError(
      sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///arch/other' TENANT = mysql_tenant"),
      1235,
      "0A000",
      "change archive dest when archive is running is not supported",
    );
  });

  it("suspends on DEFER and resumes the same round on ENABLE", async () => {
    await sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER' TENANT = mysql_tenant");
    h.tick();
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "SUSPENDING" });
    h.advance(600);
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "SUSPEND" });
    await sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'ENABLE' TENANT = mysql_tenant");
    h.tick();
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "BEGINNING" });
    h.advance(1000);
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "DOING" });
  });

  it("advances the checkpoint and switches pieces at PIECE_SWITCH_INTERVAL", async () => {
    const before = await one(sys, "SELECT CHECKPOINT_SCN FROM oceanbase.CDB_OB_ARCHIVELOG WHERE TENANT_ID = 1002");
    h.advance(86_400_000 + 1000);
    const after = await one(sys, "SELECT CHECKPOINT_SCN, USED_PIECE_ID FROM oceanbase.CDB_OB_ARCHIVELOG WHERE TENANT_ID = 1002");
    assert.ok(BigInt(after.CHECKPOINT_SCN as string) > BigInt(before.CHECKPOINT_SCN as string));
    assert.strictEqual(after.USED_PIECE_ID, "2");
    const pieces = await rows(sys, "SELECT PIECE_ID, STATUS FROM oceanbase.CDB_OB_ARCHIVELOG_PIECE_FILES WHERE TENANT_ID = 1002 ORDER BY PIECE_ID");
    assert.deepStrictEqual(pieces, [
      { PIECE_ID: "1", STATUS: "FROZEN" },
      { PIECE_ID: "2", STATUS: "ACTIVE" },
    ]);
  });

  it("stops on NOARCHIVELOG (STOPPING -> STOP), lists the round in SUMMARY, and starts round 2 later", async () => {
    await sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = mysql_tenant");
    h.tick();
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "STOPPING" });
    h.advance(1100);
    assert.deepStrictEqual(await round(), { ROUND_ID: "1", STATUS: "STOP" });
    assert.deepStrictEqual(await rows(sys, "SELECT ROUND_ID, STATUS FROM oceanbase.CDB_OB_ARCHIVELOG_SUMMARY WHERE TENANT_ID = 1002"), [
      { ROUND_ID: "1", STATUS: "STOP" },
    ]);
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant");
    h.advance(2100);
    assert.deepStrictEqual(await round(), { ROUND_ID: "2", STATUS: "DOING" });
    const summary = await rows(sys, "SELECT ROUND_ID, STATUS FROM oceanbase.CDB_OB_ARCHIVELOG_SUMMARY WHERE TENANT_ID = 1002 ORDER BY ROUND_ID DESC");
    assert.deepStrictEqual(summary, [
      { ROUND_ID: "2", STATUS: "DOING" },
      { ROUND_ID: "1", STATUS: "STOP" },
    ]);
  });

  it("stays INTERRUPTED until archiving is turned off", async () => {
    h.interruptArchive("mysql_tenant");
    h.advance(5000);
    assert.deepStrictEqual(await round(), { ROUND_ID: "2", STATUS: "INTERRUPTED" });
    await sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = mysql_tenant");
    h.advance(1100);
    assert.deepStrictEqual(await round(), { ROUND_ID: "2", STATUS: "STOP" });
  });
});

describe("emulator: backup jobs", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  let t1: Conn;
  const job = (tenant: number, view = "CDB_OB_BACKUP_JOBS") =>
    rows(sys, `SELECT JOB_ID, STATUS, RESULT, BACKUP_TYPE, END_TIMESTAMP IS NULL AS RUNNING FROM oceanbase.${view} WHERE TENANT_ID = ${tenant} ORDER BY JOB_ID`);
  beforeEach(async () => {
    h = await manualEmulator({ backupDurationMs: 30000, historyDelayMs: 2000, archiveStartMs: 2000 });
    sys = await connect(h);
    t1 = await connect(h, "root@mysql_tenant");
    await prepareTenant(h, sys, "mysql_tenant");
    await prepareTenant(h, sys, "oracle_tenant");
  });
  afterEach(async () => {
    await sys.end();
    await t1.end();
    await h.close();
  });

  it("user job: INIT -> DOING -> COMPLETED, then moves to history; task phases and set file follow", async () => {
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    assert.deepStrictEqual(await job(1002), [{ JOB_ID: "1", STATUS: "INIT", RESULT: "0", BACKUP_TYPE: "FULL", RUNNING: "1" }]);
    h.advance(1000);
    assert.strictEqual((await job(1002))[0].STATUS, "DOING");
    const phases = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const t = await one(sys, "SELECT STATUS, DATA_PROGRESS FROM oceanbase.CDB_OB_BACKUP_TASKS WHERE TENANT_ID = 1002");
      if (t) phases.add(t.STATUS as string);
      h.advance(1000);
    }
    assert.deepStrictEqual([...phases], ["BACKUP_SYS_META", "BACKUP_USER_META", "BACKUP_META_FINISH", "BACKUP_DATA_MINOR", "BACKUP_DATA_MAJOR", "BACKUP_LOG"]);
    h.advance(500);
    assert.deepStrictEqual(await job(1002), [{ JOB_ID: "1", STATUS: "COMPLETED", RESULT: "0", BACKUP_TYPE: "FULL", RUNNING: "0" }]);
    assert.deepStrictEqual(await one(sys, "SELECT STATUS, FILE_STATUS FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002"), {
      STATUS: "SUCCESS",
      FILE_STATUS: "AVAILABLE",
    });
    // still in JOBS, so a new backup gets 9036 until the row moves (§5.2)
    await expectError(t1.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE"), 9036, "HY000", "Backup is in progress");
    h.advance(2000);
    assert.deepStrictEqual(await job(1002), []);
    assert.deepStrictEqual(await job(1002, "CDB_OB_BACKUP_JOB_HISTORY"), [{ JOB_ID: "1", STATUS: "COMPLETED", RESULT: "0", BACKUP_TYPE: "FULL", RUNNING: "0" }]);
    assert.strictEqual((await rows(sys, "SELECT * FROM oceanbase.CDB_OB_BACKUP_TASK_HISTORY WHERE TENANT_ID = 1002")).length, 1);
    // now an incremental backup is really incremental, and depends on set 1
    await t1.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE");
    h.advance(1000);
    assert.deepStrictEqual(await one(sys, "SELECT BACKUP_SET_ID, BACKUP_TYPE, PREV_FULL_BACKUP_SET_ID, PREV_INC_BACKUP_SET_ID, FILE_STATUS FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002 AND BACKUP_SET_ID = 2"), {
      BACKUP_SET_ID: "2",
      BACKUP_TYPE: "INC",
      PREV_FULL_BACKUP_SET_ID: "1",
      PREV_INC_BACKUP_SET_ID: "1",
      FILE_STATUS: "COPYING",
    });
  });

  it("an INCREMENTAL backup with no earlier set becomes FULL (§5.3 item 2)", async () => {
    await t1.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE");
    assert.strictEqual((await job(1002))[0].BACKUP_TYPE, "FULL");
  });

  it("cancel: INIT/DOING -> CANCELING -> CANCELED with RESULT -4072 on the job; the set is left INCOMPLETE", async () => {
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(5000);
    await t1.query("ALTER SYSTEM CANCEL BACKUP");
    assert.strictEqual((await job(1002))[0].STATUS, "CANCELING");
    h.advance(1000);
    assert.deepStrictEqual(await job(1002), [{ JOB_ID: "1", STATUS: "CANCELED", RESULT: "-4072", BACKUP_TYPE: "FULL", RUNNING: "0" }]);
    assert.deepStrictEqual(await one(sys, "SELECT STATUS, FILE_STATUS FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002"), {
      STATUS: "FAILED",
      FILE_STATUS: "INCOMPLETE",
    });
    assert.strictEqual((await one(sys, "SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_TASKS WHERE TENANT_ID = 1002")).STATUS, "CANCELED");
  });

  it("a job fails with -9029 when archiving stops, and -9027 when it is interrupted, with a RootService comment", async () => {
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(3000);
    await t1.query("ALTER SYSTEM NOARCHIVELOG");
    h.advance(500);
    const failed = await one(sys, "SELECT STATUS, RESULT, COMMENT FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002");
    assert.strictEqual(failed.STATUS, "FAILED");
    assert.strictEqual(failed.RESULT, "-9029");
    assert.match(failed.COMMENT as string, /^\(ROOTSERVICE\)addr: [0-9.:]+, result: -9029\(OB_LOG_ARCHIVE_NOT_RUNNING\), trace_id: /);

    const t2 = await connect(h, "SYS@oracle_tenant");
    await t2.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(2000);
    h.interruptArchive("oracle_tenant");
    h.tick();
    const interrupted = await one(sys, "SELECT STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1004");
    assert.deepStrictEqual(interrupted, { STATUS: "FAILED", RESULT: "-9027" });
    await t2.end();
  });

  it("sys BACKUP TENANT: umbrella job (set 0, CLUSTER) first, children a moment later, then COMPLETED", async () => {
    await sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant, oracle_tenant DESCRIPTION 'pre-release'");
    const umbrella = await rows(sys, "SELECT TENANT_ID, JOB_ID, BACKUP_SET_ID, JOB_LEVEL, EXECUTOR_TENANT_ID, INITIATOR_JOB_ID, PATH, STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS");
    assert.deepStrictEqual(umbrella, [
      { TENANT_ID: "1", JOB_ID: "1", BACKUP_SET_ID: "0", JOB_LEVEL: "CLUSTER", EXECUTOR_TENANT_ID: "1002,1004", INITIATOR_JOB_ID: "1", PATH: "", STATUS: "INIT" },
    ]);
    h.advance(600);
    const children = await rows(sys, "SELECT TENANT_ID, JOB_ID, INITIATOR_TENANT_ID, INITIATOR_JOB_ID, JOB_LEVEL, DESCRIPTION FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID <> 1 ORDER BY TENANT_ID");
    assert.deepStrictEqual(children, [
      { TENANT_ID: "1002", JOB_ID: "1", INITIATOR_TENANT_ID: "1", INITIATOR_JOB_ID: "1", JOB_LEVEL: "USER_TENANT", DESCRIPTION: "pre-release" },
      { TENANT_ID: "1004", JOB_ID: "1", INITIATOR_TENANT_ID: "1", INITIATOR_JOB_ID: "1", JOB_LEVEL: "USER_TENANT", DESCRIPTION: "pre-release" },
    ]);
    assert.strictEqual((await job(1))[0].STATUS, "DOING");
    h.advance(33000); // children complete and move to history
    assert.deepStrictEqual((await job(1))[0]?.STATUS ?? (await job(1, "CDB_OB_BACKUP_JOB_HISTORY"))[0].STATUS, "COMPLETED");
    h.advance(3000);
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID, STATUS FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY ORDER BY TENANT_ID"), [
      { TENANT_ID: "1", STATUS: "COMPLETED" },
      { TENANT_ID: "1002", STATUS: "COMPLETED" },
      { TENANT_ID: "1004", STATUS: "COMPLETED" },
    ]);
  });

  it("sys BACKUP DATABASE skips a tenant that cannot start, quietly; a child that cannot start is skipped with an event", async () => {
    await sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = oracle_tenant");
    h.advance(1100);
    await sys.query("ALTER SYSTEM BACKUP DATABASE");
    assert.strictEqual((await one(sys, "SELECT EXECUTOR_TENANT_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1")).EXECUTOR_TENANT_ID, "1002");
    await sys.query("ALTER SYSTEM CANCEL BACKUP");
    h.advance(5000);
    // a tenant that qualified at the statement but not when the children start is skipped too (§1.6)
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = oracle_tenant");
    h.advance(2100);
    await sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant, oracle_tenant");
    await sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER' TENANT = oracle_tenant");
    h.advance(600);
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID <> 1"), [{ TENANT_ID: "1002" }]);
    const events = h.events().filter((e) => e.tenant === "oracle_tenant");
    assert.strictEqual(events.length, 1);
    assert.match(events[0].event, /skipped by sys job 2: backup can not start, because log archive status is not doing\./);
  });

  it("a child that was cancelled makes the sys job FAILED with -4072 (report_failed_to_initiator)", async () => {
    await sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant");
    h.advance(2000);
    await sys.query("ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant");
    h.advance(6000);
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID, STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY ORDER BY TENANT_ID"), [
      { TENANT_ID: "1", STATUS: "FAILED", RESULT: "-4072" },
      { TENANT_ID: "1002", STATUS: "CANCELED", RESULT: "-4072" },
    ]);
  });

  it("CANCEL BACKUP from sys without a tenant list cancels the umbrella job too", async () => {
    await sys.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(2000);
    await sys.query("ALTER SYSTEM CANCEL BACKUP");
    h.advance(6000);
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID, STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY ORDER BY TENANT_ID"), [
      { TENANT_ID: "1", STATUS: "CANCELED", RESULT: "-4072" },
      { TENANT_ID: "1002", STATUS: "CANCELED", RESULT: "-4072" },
      { TENANT_ID: "1004", STATUS: "CANCELED", RESULT: "-4072" },
    ]);
  });

  it("a self-initiated and a sys-initiated job may run for one tenant at once (one per initiator)", async () => {
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    await sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant");
    h.advance(600);
    assert.deepStrictEqual(await rows(sys, "SELECT JOB_ID, INITIATOR_TENANT_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002 ORDER BY JOB_ID"), [
      { JOB_ID: "1", INITIATOR_TENANT_ID: "1002" },
      { JOB_ID: "2", INITIATOR_TENANT_ID: "1" },
    ]);
    await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant"), 9036, "HY000", "Backup is in progress");
  });

  it("finishJob and failJob of the handle end a job on the next tick", async () => {
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(1000);
    h.finishJob("mysql_tenant");
    h.tick();
    assert.strictEqual((await job(1002))[0].STATUS, "COMPLETED");
    const t2 = await connect(h, "SYS@oracle_tenant");
    await t2.query("ALTER SYSTEM BACKUP DATABASE");
    h.failJob("oracle_tenant", undefined, -9080);
    h.tick();
    assert.deepStrictEqual(await one(sys, "SELECT STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1004"), { STATUS: "FAILED", RESULT: "-9080" });
    await t2.end();
  });
});

describe("emulator: automatic cleanup", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  let t1: Conn;
  beforeEach(async () => {
    h = await manualEmulator({ backupDurationMs: 10000, historyDelayMs: 1000, cleanupDurationMs: 2000 });
    sys = await connect(h);
    t1 = await connect(h, "root@mysql_tenant");
    await prepareTenant(h, sys, "mysql_tenant");
  });
  afterEach(async () => {
    await sys.end();
    await t1.end();
    await h.close();
  });

  it("clears the incomplete data of a cancelled backup at the next hourly trigger, not at the cancel; job ids are shared", async () => {
    await t1.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'");
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(3000);
    await t1.query("ALTER SYSTEM CANCEL BACKUP");
    h.advance(1000);
    assert.strictEqual((await one(t1, "SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS")).STATUS, "CANCELED");
    // the cancel starts no cleanup (§0.2): the set stays INCOMPLETE until the trigger
    h.advance(h.nextCleanupTrigger() - h.now());
    assert.deepStrictEqual(await rows(t1, "SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS UNION ALL SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY"), []);
    assert.strictEqual((await one(t1, "SELECT FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES")).FILE_STATUS, "INCOMPLETE");
    h.advance(100); // the first pass after the hour
    const del = await one(t1, "SELECT JOB_ID, TYPE, JOB_LEVEL, STATUS, INITIATOR_TENANT_ID FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS");
    assert.deepStrictEqual(del, { JOB_ID: "2", TYPE: "DELETE OBSOLETE BACKUP", JOB_LEVEL: "USER_TENANT", STATUS: "INIT", INITIATOR_TENANT_ID: "1002" });
    h.advance(1000);
    assert.strictEqual((await one(t1, "SELECT FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES")).FILE_STATUS, "DELETING");
    assert.deepStrictEqual(await rows(t1, "SELECT TASK_TYPE, ID, ROUND_ID, STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_TASKS"), [
      { TASK_TYPE: "BACKUP SET", ID: "1", ROUND_ID: "0", STATUS: "DOING" },
    ]);
    h.advance(2000);
    assert.strictEqual((await one(t1, "SELECT FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES")).FILE_STATUS, "DELETED");
    h.advance(1000);
    const hist = await one(t1, "SELECT STATUS, TASK_COUNT, SUCCESS_TASK_COUNT, RESULT FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY");
    assert.deepStrictEqual(hist, { STATUS: "COMPLETED", TASK_COUNT: "1", SUCCESS_TASK_COUNT: "1", RESULT: "0" });
    // the next backup job takes id 3: backup and delete jobs share one counter (§2.1)
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    assert.strictEqual((await one(t1, "SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_JOBS")).JOB_ID, "3");
  });

  it("without a policy a cancelled backup's data stays INCOMPLETE", async () => {
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(3000);
    await t1.query("ALTER SYSTEM CANCEL BACKUP");
    h.advance(10000);
    assert.strictEqual((await one(t1, "SELECT FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES")).FILE_STATUS, "INCOMPLETE");
    assert.deepStrictEqual(await rows(t1, "SELECT * FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY"), []);
  });

  it("runs DELETE OBSOLETE BACKUP hourly with PARAMETER = now - window, keeping the newest full backup", async () => {
    for (let i = 0; i < 2; i++) {
      await t1.query("ALTER SYSTEM BACKUP DATABASE");
      h.advance(12000);
    }
    await t1.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '1h'");
    h.advance(3 * 3600_000);
    const jobs = await rows(t1, "SELECT TYPE, PARAMETER, START_TIMESTAMP FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY ORDER BY JOB_ID");
    assert.ok(jobs.length >= 2, `hourly jobs: ${jobs.length}`);
    const first = jobs[0];
    const start = Date.parse(String(first.START_TIMESTAMP).replace(" ", "T") + "+08:00");
    const param = Date.parse(String(first.PARAMETER).replace(" ", "T") + "+08:00");
    assert.strictEqual(start - param, 3600_000);
    assert.deepStrictEqual(await rows(t1, "SELECT BACKUP_SET_ID, FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES ORDER BY BACKUP_SET_ID"), [
      { BACKUP_SET_ID: "1", FILE_STATUS: "DELETED" },
      { BACKUP_SET_ID: "2", FILE_STATUS: "AVAILABLE" },
    ]);
  });

  it("does not run with RECOVERY_WINDOW '0', not even after a cancel; CANCEL DELETE BACKUP cancels a running cleanup", async () => {
    await t1.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '0'");
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(2000);
    await t1.query("ALTER SYSTEM CANCEL BACKUP");
    h.advance(2 * 3600_000);
    assert.deepStrictEqual(await rows(t1, "SELECT * FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY"), []);
    assert.strictEqual((await one(t1, "SELECT FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES")).FILE_STATUS, "INCOMPLETE");
    await t1.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'");
    await t1.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '1h'");
    h.advance(h.nextCleanupTrigger() - h.now() + 100); // the trigger: the cleanup job starts in INIT
    assert.strictEqual((await one(t1, "SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS")).STATUS, "INIT");
    await t1.query("ALTER SYSTEM CANCEL DELETE BACKUP");
    h.advance(500);
    assert.deepStrictEqual(await one(t1, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS"), { STATUS: "CANCELED", RESULT: "-4072" });
    assert.strictEqual((await one(t1, "SELECT FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES")).FILE_STATUS, "INCOMPLETE");
  });
});
