// Every correction of reference §0.1 ("Corrections and additions", second pass over the source), each against
// the section that holds its details: exact errnos, SQLSTATEs and messages, and the state left in the views.

import assert = require("assert");
import crypto = require("crypto");
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import { Conn, connect, expectError, manualEmulator, prepareTenant, rows } from "../support/emulator";

const INVALID_TENANT = "invalid tenant name specified in connection string";
const stage2 = (password: string) =>
  "*" + crypto.createHash("sha1").update(crypto.createHash("sha1").update(password, "utf8").digest()).digest("hex").toUpperCase();

describe("§0.1 corrections in the emulator", () => {
  let h: EmulatorHandle;
  const opened: Conn[] = [];
  const as = async (user: string) => {
    const c = await connect(h, user);
    opened.push(c);
    return c;
  };
  const modeOf = (tenant: string) =>
    h.sql(`SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = '${tenant}'`)[0]?.LOG_MODE;
  const destOf = (tenant: string) =>
    Object.fromEntries(h.sql("SELECT NAME, VALUE FROM oceanbase.DBA_OB_ARCHIVE_DEST", tenant).map((r) => [r.NAME, r.VALUE]));

  before(async () => {
    h = await manualEmulator({
      tenants: [
        { name: "mysql_tenant" },
        { name: "oracle_tenant", mode: "ORACLE" },
        { name: "n_a" },
        { name: "n_b" },
        { name: "d_a" },
        { name: "Mixed_Case" },
      ],
    });
  });
  after(async () => {
    for (const c of opened) await c.end().catch(() => undefined);
    await h.close();
  });

  it("§0.1/§1.1 tenant names are case-sensitive: TENANT = MYSQL_TENANT for mysql_tenant is 5160 in every statement", async () => {
    const sys = await as("root@sys");
    for (const sql of [
      "ALTER SYSTEM ARCHIVELOG TENANT = MYSQL_TENANT",
      "ALTER SYSTEM NOARCHIVELOG TENANT = Mysql_Tenant",
      "ALTER SYSTEM BACKUP TENANT = MYSQL_TENANT",
      "ALTER SYSTEM CANCEL BACKUP TENANT = MYSQL_TENANT",
      "ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = MYSQL_TENANT",
      "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/case/data' TENANT = MYSQL_TENANT",
      "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/case/archive' TENANT = 'MYSQL_TENANT'",
      "ALTER SYSTEM ARCHIVELOG TENANT = mixed_case",
    ]) {
      await expectError(sys.query(sql), 5160, "HY000", INVALID_TENANT);
    }
    assert.strictEqual(modeOf("mysql_tenant"), "NOARCHIVELOG");
    assert.deepStrictEqual(h.sql("SELECT VALUE FROM oceanbase.CDB_OB_BACKUP_PARAMETER"), []);
    // the exact spelling works, mixed case included
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = Mixed_Case");
    assert.strictEqual(modeOf("Mixed_Case"), "ARCHIVELOG");
  });

  it("§0.1/§5.1 login strings are case-sensitive in the tenant part: root@MYSQL_TENANT is refused with 5160", async () => {
    for (const user of ["root@MYSQL_TENANT", "root@Mysql_Tenant#obcluster", "obcluster:MYSQL_TENANT:root", "root@SYS"]) {
      await expectError(
        mysql.createConnection({ host: h.host, port: h.port, user, password: "" }),
        5160,
        "HY000",
        INVALID_TENANT,
      );
    }
    const ok = await as("root@mysql_tenant");
    assert.deepStrictEqual(await rows(ok, "SELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS"), [{ TENANT_NAME: "mysql_tenant" }]);
  });

  it("§0.1/§1.5 NOARCHIVELOG TENANT = a, b: the last tenant's result wins", async () => {
    const sys = await as("root@sys");
    // a already NOARCHIVELOG, b ARCHIVELOG: a's 9092 is overwritten by b's OK, and b is switched
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = n_b");
    await sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = n_a, n_b");
    assert.deepStrictEqual([modeOf("n_a"), modeOf("n_b")], ["NOARCHIVELOG", "NOARCHIVELOG"]);
    // a ARCHIVELOG, b already NOARCHIVELOG: a is switched, and b's 9092 is the answer
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = n_a");
    await expectError(sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = n_a, n_b"), 9092, "HY000", "Already in NOARCHIVELOG mode");
    assert.deepStrictEqual([modeOf("n_a"), modeOf("n_b")], ["NOARCHIVELOG", "NOARCHIVELOG"]);
    // the order of the list decides
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = n_a");
    await sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = n_b, n_a");
    assert.strictEqual(modeOf("n_a"), "NOARCHIVELOG");
    await expectError(sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = n_a"), 9092, "HY000", "Already in NOARCHIVELOG mode");
  });

  it("§0.1/§1.5 sys NOARCHIVELOG without TENANT is 9092 exactly when the last user tenant was already NOARCHIVELOG", async () => {
    const sys = await as("root@sys");
    // the last user tenant (highest id) is Mixed_Case, left in ARCHIVELOG by the first test
    assert.strictEqual(modeOf("Mixed_Case"), "ARCHIVELOG");
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = n_a");
    await sys.query("ALTER SYSTEM NOARCHIVELOG");
    assert.deepStrictEqual([modeOf("n_a"), modeOf("Mixed_Case")], ["NOARCHIVELOG", "NOARCHIVELOG"]);
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = n_a");
    await expectError(sys.query("ALTER SYSTEM NOARCHIVELOG"), 9092, "HY000", "Already in NOARCHIVELOG mode");
    assert.strictEqual(modeOf("n_a"), "NOARCHIVELOG");
  });

  it("§0.1/§1.4 LOG_ARCHIVE_DEST: a bad time string or an interval under 1 minute is 1210 (HY000) 'Invalid argument'", async () => {
    const c = await as("root@d_a");
    for (const v of ["1w", "7 d", "-1d", "seven", "", "59s", "0", "30000ms", "0x3B"]) {
      await expectError(
        c.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/d_a/archive PIECE_SWITCH_INTERVAL=${v}'`),
        1210,
        "HY000",
        "Invalid argument",
      );
    }
    assert.deepStrictEqual(destOf("d_a"), {});
  });

  it("§0.1/§1.4 LOG_ARCHIVE_DEST: a valid interval outside [1d,7d] (1m, 12h, 8d, 7d + 1s in hex) is 1235 'out of range'", async () => {
    const c = await as("root@d_a");
    for (const v of ["1m", "60s", "12h", "23h", "8d", "0x93A81"]) {
      await expectError(
        c.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/d_a/archive PIECE_SWITCH_INTERVAL=${v}'`),
        1235,
        "0A000",
        "invalid piece_switch_interval out of range [1d,7d] is not supported",
      );
    }
    assert.deepStrictEqual(destOf("d_a"), {});
  });

  it("§0.1/§1.4 LOG_ARCHIVE_DEST: a BINDING other than OPTIONAL/MANDATORY, and LOG_ARCHIVE_DEST_STATE other than ENABLE/DEFER, are 1210 'Invalid argument'", async () => {
    const c = await as("root@d_a");
    for (const b of ["sometimes", "", "OPTIONAL_"]) {
      await expectError(c.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/d_a/archive BINDING=${b}'`), 1210, "HY000", "Invalid argument");
    }
    for (const s of ["PAUSE", "", "enabled"]) {
      await expectError(c.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = '${s}'`), 1210, "HY000", "Invalid argument");
    }
    assert.deepStrictEqual(destOf("d_a"), {});
  });

  it("§0.1/§1.4 every SET LOG_ARCHIVE_DEST resets state to ENABLE and shows piece_switch_interval in its largest whole unit (48h -> 2d)", async () => {
    const c = await as("root@d_a");
    await c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/d_a/archive PIECE_SWITCH_INTERVAL=48h'");
    assert.strictEqual(destOf("d_a").piece_switch_interval, "2d");
    await c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER'");
    assert.strictEqual(destOf("d_a").state, "DEFER");
    // truncating: 36h is shown as 1d; a bare number is seconds; hex works (strtol base 0)
    for (const [given, shown] of [["36h", "1d"], ["172800", "2d"], ["0x2A300", "2d"], ["1440m", "1d"], ["7d", "7d"], ["86400000ms", "1d"]]) {
      await c.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/d_a/archive PIECE_SWITCH_INTERVAL=${given}'`);
      const d = destOf("d_a");
      assert.deepStrictEqual([d.piece_switch_interval, d.state], [shown, "ENABLE"], `after PIECE_SWITCH_INTERVAL=${given}`);
      await c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER'");
    }
  });

  it("§0.1/§2.7 PIECE_SWITCH_INTERVAL in CDB/DBA_OB_ARCHIVELOG and _SUMMARY is a bigint of microseconds, in both modes", async () => {
    const sys = await as("root@sys");
    await sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/mysql_tenant/archive PIECE_SWITCH_INTERVAL=48h' TENANT = mysql_tenant");
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant");
    await sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/oracle_tenant/archive' TENANT = oracle_tenant");
    await sys.query("ALTER SYSTEM ARCHIVELOG TENANT = oracle_tenant");
    h.advance(h.options.archiveStartMs + 200);
    const [r, fields] = await sys.query("SELECT TENANT_ID, PIECE_SWITCH_INTERVAL FROM oceanbase.CDB_OB_ARCHIVELOG ORDER BY TENANT_ID");
    assert.deepStrictEqual(r, [
      { TENANT_ID: "1002", PIECE_SWITCH_INTERVAL: "172800000000" },
      { TENANT_ID: "1004", PIECE_SWITCH_INTERVAL: "86400000000" },
    ]);
    const LONGLONG = 8;
    assert.strictEqual((fields as mysql.FieldPacket[])[1].columnType, LONGLONG);
    const mt = await as("root@mysql_tenant");
    assert.deepStrictEqual(await rows(mt, "SELECT PIECE_SWITCH_INTERVAL FROM oceanbase.DBA_OB_ARCHIVELOG_SUMMARY"), [{ PIECE_SWITCH_INTERVAL: "172800000000" }]);
    const ora = await as("SYS@oracle_tenant");
    const [or, ofields] = await ora.query("SELECT PIECE_SWITCH_INTERVAL FROM SYS.DBA_OB_ARCHIVELOG");
    assert.deepStrictEqual(or, [{ PIECE_SWITCH_INTERVAL: "86400000000" }]);
    assert.strictEqual((ofields as mysql.FieldPacket[])[0].columnType, LONGLONG);
  });

  it("§0.1/§1.8 ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '' is accepted (no REDUNDANCY counts as 1) and never starts a cleanup", async () => {
    const c = await as("root@n_a");
    await c.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW ''");
    assert.deepStrictEqual(await rows(c, "SELECT POLICY_NAME, RECOVERY_WINDOW FROM oceanbase.DBA_OB_BACKUP_DELETE_POLICY"), [
      { POLICY_NAME: "default", RECOVERY_WINDOW: "" },
    ]);
    const sys = await as("root@sys");
    await sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY = 'default' RECOVERY_WINDOW = '' TENANT = n_b");
    // an empty window is no window: the hourly trigger skips the tenant (§1.8, recovery_window <= 0)
    h.advance(2 * 3600_000 + 1000);
    assert.deepStrictEqual(h.sql("SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_DELETE_JOBS UNION ALL SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_DELETE_JOB_HISTORY"), []);
    // the time string is still checked when it is not empty
    await c.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'");
    await expectError(c.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW ' '"), 1235, "0A000", "recovery window is not be time string not supported");
  });

  it("§0.1/§1.10 sys DELETE BACKUPSET / BACKUPPIECE answer 'need to specify a tenant name not supported', a user tenant 'function is not supported'", async () => {
    const sys = await as("root@sys");
    const msg = "need to specify a tenant name not supported";
    await expectError(sys.query("ALTER SYSTEM DELETE BACKUPSET 1"), 1235, "0A000", msg);
    await expectError(sys.query("ALTER SYSTEM DELETE BACKUPPIECE 1 TENANT = mysql_tenant"), 1235, "0A000", msg);
    const t = await as("root@mysql_tenant");
    await expectError(t.query("ALTER SYSTEM DELETE BACKUPSET 1"), 1235, "0A000", "function is not supported");
  });

  it("§0.1/§1.9 the backup password stays on the session as user variables, readable with SELECT and never cleared by BACKUP", async () => {
    const password = "Pw-on-the-session-1";
    const sys = await as("root@sys");
    await prepareTenant(h, sys, "d_a");
    const c = await as("root@d_a");
    const readVars = async (conn: Conn) =>
      rows(conn, "SELECT @__ob_backup_encryption_mode__ AS mode, @__ob_backup_encryption_passwd__ AS passwd");
    assert.deepStrictEqual(await readVars(c), [{ mode: null, passwd: null }]);
    await c.query(`SET ENCRYPTION ON IDENTIFIED BY '${password}' ONLY`);
    const want = [{ mode: "PASSWORD", passwd: stage2(password) }];
    assert.deepStrictEqual(await readVars(c), want);
    // user variable names are case-insensitive
    assert.deepStrictEqual(await rows(c, "SELECT @__OB_BACKUP_ENCRYPTION_MODE__ AS m"), [{ m: "PASSWORD" }]);
    await c.query("ALTER SYSTEM BACKUP DATABASE");
    assert.deepStrictEqual(await readVars(c), want, "after BACKUP");
    const job = await rows(c, "SELECT ENCRYPTION_MODE, PASSWD FROM oceanbase.DBA_OB_BACKUP_JOBS");
    assert.deepStrictEqual(job, [{ ENCRYPTION_MODE: "PASSWORD", PASSWD: stage2(password) }]);
    // another session has neither variable, and its backup is unencrypted
    const other = await as("root@d_a");
    assert.deepStrictEqual(await readVars(other), [{ mode: null, passwd: null }]);
    // the next backup on the same session is encrypted again: nothing was cleared
    h.finishJob("d_a");
    h.advance(h.options.historyDelayMs + 500);
    await c.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE");
    assert.deepStrictEqual(await rows(c, "SELECT ENCRYPTION_MODE FROM oceanbase.DBA_OB_BACKUP_JOBS"), [{ ENCRYPTION_MODE: "PASSWORD" }]);
    assert.ok(!JSON.stringify(h.statements()).includes(password), "the password reached the statement log");
  });
});

describe("§0.1/§2.10 Oracle-mode errors without an Oracle mapping are ORA-00600 (OBE-00600 from 4.3.5)", () => {
  const cases = (prefix: "ORA" | "OBE") => [
    // OB_NOT_SUPPORTED: CANCEL BACKUP with TENANT from a user tenant (§1.7)
    ["ALTER SYSTEM CANCEL BACKUP TENANT = oracle_tenant", `${prefix}-00600: internal error code, arguments: -4007, Not supported feature or function`],
    // OB_NOT_SUPPORTED with a user text (§1.6)
    ["ALTER SYSTEM BACKUP TENANT = oracle_tenant", `${prefix}-00600: internal error code, arguments: -4007, user tenant cannot specify tenant names not supported`],
    // OB_ERR_NO_PRIVILEGE: ARCHIVELOG with TENANT from a user tenant (§1.5)
    ["ALTER SYSTEM ARCHIVELOG TENANT = oracle_tenant", `${prefix}-00600: internal error code, arguments: -5036, Access denied`],
    // OB_INVALID_ARGUMENT: a bad LOG_ARCHIVE_DEST_STATE (§1.4)
    ["ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'PAUSE'", `${prefix}-00600: internal error code, arguments: -4002, Invalid argument`],
    // a backup code (§4)
    ["ALTER SYSTEM BACKUP DATABASE", `${prefix}-00600: internal error code, arguments: -9040, backup can not start`],
  ];

  for (const [version, prefix] of [["4.3.0.1", "ORA"], ["4.2.5.0", "ORA"], ["4.3.5.0", "OBE"], ["4.4.0.0", "OBE"]] as const) {
    it(`§0.1/§2.10 on ${version}: -4007, -5036, -4002 and -9040 reach the client as errno 600 (HY000) '${prefix}-00600: …'`, async () => {
      const h = await manualEmulator({ version });
      const o = await connect(h, "SYS@oracle_tenant");
      try {
        for (const [sql, msg] of cases(prefix)) await expectError(o.query(sql), 600, "HY000", msg);
        // a code with its own Oracle error keeps it, with the same prefix
        await expectError(o.query("SELECT 1"), 900, "42000", new RegExp(`^${prefix}-00900: You have an error in your SQL syntax`));
        // MySQL mode is untouched
        const m = await connect(h, "root@mysql_tenant");
        await expectError(m.query("ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant"), 1227, "42501", "Access denied");
        await m.end();
      } finally {
        await o.end();
        await h.close();
      }
    });
  }
});
