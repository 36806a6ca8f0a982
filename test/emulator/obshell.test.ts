// obshell (OceanBase's node agent) as a real client: its backup, archive and cleanup statements exactly as it
// sends them (Go driver without interpolateParams, so every query with arguments is a server-side prepared
// statement; `TENANT name` without `=`; a trailing `;`; passwords in double quotes in MySQL mode), and its
// archive-delay query with time_to_usec() and truncate(). Reference §0.1 "Real clients".

import assert = require("assert");
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import { stage2Hash } from "../../emulator/cluster";
import { manualEmulator } from "../support/emulator";

describe("emulator: obshell's statements", () => {
  let h: EmulatorHandle;
  let c: mysql.Connection;
  // obshell's gorm connection: database oceanbase, every statement through COM_STMT_PREPARE/EXECUTE
  const exec = async (sql: string, params: (string | number)[] = []) => (await c.execute(sql, params))[0];
  const rows = async (sql: string, params: (string | number)[] = []) => (await exec(sql, params)) as Record<string, string | null>[];
  const tenantId = 1002;

  before(async () => {
    h = await manualEmulator({ sysPassword: "sys-secret" });
    c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: "sys-secret", database: "oceanbase", dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  });
  after(async () => {
    await c.end();
    await h.close();
  });

  it("sets the destinations and opens archiving as SetDataBackupDest / SetLogArchiveDest / OpenArchiveLog do", async () => {
    await exec("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///obshell/data' TENANT = mysql_tenant;");
    await exec("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///obshell/archive BINDING=Optional PIECE_SWITCH_INTERVAL=1d' TENANT = mysql_tenant;");
    await exec("ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE='ENABLE' TENANT = mysql_tenant;");
    await exec("ALTER SYSTEM SET LOG_ARCHIVE_CONCURRENCY = 4 TENANT = mysql_tenant;");
    await exec("ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant;");
    h.advance(h.options.archiveStartMs + 3000);
    assert.deepStrictEqual(await rows("SELECT LOG_MODE FROM `DBA_OB_TENANTS` WHERE TENANT_NAME = ?", ["mysql_tenant"]), [{ LOG_MODE: "ARCHIVELOG" }]);
    assert.deepStrictEqual(await rows("SELECT value FROM `CDB_OB_ARCHIVE_DEST` WHERE tenant_id = ? and NAME = 'path'", [tenantId]), [{ value: "file:///obshell/archive" }]);
    assert.deepStrictEqual(await rows("SELECT value FROM `CDB_OB_BACKUP_PARAMETER` WHERE NAME = 'data_backup_dest' and TENANT_ID = ?", [tenantId]), [{ value: "file:///obshell/data" }]);
    assert.deepStrictEqual(await rows("SELECT status FROM `CDB_OB_ARCHIVELOG` WHERE tenant_id = ?", [tenantId]), [{ status: "DOING" }]);
  });

  it("answers the archive-delay query of ListArchiveLogTasks / GetLatestArchiveLog with the lag in seconds, cut to 4 decimals", async () => {
    const delayOf = "truncate((time_to_usec(now()) - checkpoint_scn / 1000) / 1000000, 4) AS DELAY";
    const tasks = await rows(
      `SELECT *, ${delayOf} FROM \`CDB_OB_ARCHIVELOG_SUMMARY\` WHERE tenant_id = ? and status in ('BEGINNING', 'DOING', 'STOPPING', 'PREPARE', 'SUSPEND')`,
      [tenantId],
    );
    const latest = await rows(`SELECT *, ${delayOf} FROM \`CDB_OB_ARCHIVELOG_SUMMARY\` WHERE tenant_id = ? ORDER BY ROUND_ID desc LIMIT 1`, [tenantId]);
    assert.strictEqual(tasks.length, 1);
    assert.deepStrictEqual(latest, tasks);
    // now() has whole seconds (as OceanBase's); the checkpoint SCN is in ns
    const nowUs = Math.floor(h.now() / 1000) * 1e6;
    const expected = Math.trunc(((nowUs - Number(BigInt(tasks[0].CHECKPOINT_SCN!) / 1000n)) / 1e6) * 1e4) / 1e4;
    assert.strictEqual(Number(tasks[0].DELAY), expected);
    assert.ok(/^-?\d+(\.\d{1,4})?$/.test(tasks[0].DELAY!), `DELAY ${tasks[0].DELAY} has at most 4 decimals`);
  });

  it("starts an encrypted backup with the password in double quotes (SetEncryption + StartFullBackup), and cancels it", async () => {
    // obshell escapes a double quote in the password as \" (strings.ReplaceAll(pwd, `"`, `\"`))
    await exec('SET ENCRYPTION ON IDENTIFIED BY "Ob\\"shell-pw" ONLY');
    await exec("ALTER SYSTEM BACKUP TENANT = mysql_tenant PLUS ARCHIVELOG");
    h.advance(1000); // the sys job hands the tenant its own job on the scheduler's next rounds
    const jobs = await rows("SELECT ENCRYPTION_MODE, PASSWD, PLUS_ARCHIVELOG FROM `CDB_OB_BACKUP_JOBS` WHERE TENANT_ID = ?", [tenantId]);
    assert.deepStrictEqual(jobs, [{ ENCRYPTION_MODE: "PASSWORD", PASSWD: stage2Hash('Ob"shell-pw'), PLUS_ARCHIVELOG: "ON" }]);
    assert.ok(!JSON.stringify(h.statements()).includes("shell-pw"), "the password is redacted in the statement log");
    assert.deepStrictEqual(await rows("SELECT count(*) AS n FROM `CDB_OB_BACKUP_JOBS` WHERE TENANT_ID = ?", [tenantId]), [{ n: "1" }]);
    await exec("ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant;");
    h.advance(h.options.historyDelayMs + 1000);
    assert.deepStrictEqual(await rows("SELECT count(*) AS n FROM `CDB_OB_BACKUP_JOBS` WHERE TENANT_ID = ?", [tenantId]), [{ n: "0" }]);
  });

  it("adds and drops the delete policy with `TENANT name` (no `=`), as SetDeletePolicy / DropDeletePolicy write it", async () => {
    await exec("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT mysql_tenant");
    assert.deepStrictEqual(await rows("SELECT POLICY_NAME, RECOVERY_WINDOW FROM `CDB_OB_BACKUP_DELETE_POLICY` WHERE TENANT_ID = ?", [tenantId]), [
      { POLICY_NAME: "default", RECOVERY_WINDOW: "7d" },
    ]);
    await exec("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT mysql_tenant");
    assert.deepStrictEqual(await rows("SELECT POLICY_NAME FROM `CDB_OB_BACKUP_DELETE_POLICY` WHERE TENANT_ID = ?", [tenantId]), []);
  });

  it("closes archiving as CloseArchiveLog does", async () => {
    await exec("ALTER SYSTEM NOARCHIVELOG TENANT = mysql_tenant;");
    h.advance(5000);
    assert.deepStrictEqual(await rows("SELECT LOG_MODE FROM `DBA_OB_TENANTS` WHERE TENANT_NAME = ?", ["mysql_tenant"]), [{ LOG_MODE: "NOARCHIVELOG" }]);
  });
});
