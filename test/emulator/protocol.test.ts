// The wire protocol: both real clients (mysql2 and the mariadb CLI) connect, log in the OceanBase ways,
// run the session statements, get exact errors, and never hang.

import assert = require("assert");
import { execFile } from "child_process";
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import { connect, expectError, manualEmulator, rows } from "../support/emulator";

function mariadb(h: EmulatorHandle, user: string, sql: string, password = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ["-h", h.host, "-P", String(h.port), `-u${user}`, "--batch", "-e", sql];
  return new Promise((resolve) => {
    execFile("mariadb", args, { env: { ...process.env, MYSQL_PWD: password }, timeout: 10000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === "number" ? code : 1, stdout, stderr });
    });
  });
}

describe("emulator: protocol", () => {
  let h: EmulatorHandle;
  before(async () => {
    h = await manualEmulator({
      sysPassword: "sys-secret",
      tenants: [
        { name: "mysql_tenant", mode: "MYSQL", password: "t1-secret" },
        { name: "oracle_tenant", mode: "ORACLE" },
      ],
    });
  });
  after(() => h.close());

  it("runs SELECT 1, VERSION() and OB_VERSION() with the names as typed", async () => {
    const c = await connect(h, "root@sys", "sys-secret");
    assert.deepStrictEqual(await rows(c, "SELECT 1"), [{ 1: "1" }]);
    assert.deepStrictEqual(await rows(c, "SELECT VERSION(), OB_VERSION()"), [
      { "VERSION()": "5.7.25-OceanBase-v4.3.0.1", "OB_VERSION()": "4.3.0.1" },
    ]);
    await c.end();
  });

  it("answers ping, USE and SET, and keeps session variables", async () => {
    const c = await connect(h, "root@mysql_tenant", "t1-secret");
    await c.ping();
    await c.query("USE oceanbase");
    assert.deepStrictEqual(await rows(c, "SELECT DATABASE() AS db"), [{ db: "oceanbase" }]);
    await c.query("SET NAMES utf8mb4");
    await c.query("SET SESSION time_zone = '+00:00', @marker = 'x'");
    assert.deepStrictEqual(await rows(c, "SELECT @@time_zone AS tz, @marker AS m"), [{ tz: "+00:00", m: "x" }]);
    await expectError(c.query("USE nosuchdb"), 1049, "42000", "Unknown database 'nosuchdb'");
    await c.end();
  });

  it("accepts user@tenant, user@tenant#cluster, cluster:tenant:user and plain user (sys)", async () => {
    for (const [user, pw, tenant] of [
      ["root", "sys-secret", "sys"],
      ["root@sys", "sys-secret", "sys"],
      ["root@mysql_tenant", "t1-secret", "mysql_tenant"],
      ["root@mysql_tenant#obcluster", "t1-secret", "mysql_tenant"],
      ["obcluster:mysql_tenant:root", "t1-secret", "mysql_tenant"],
      ["SYS@oracle_tenant", "", "oracle_tenant"],
    ]) {
      const c = await connect(h, user, pw);
      const r = await rows(c, user.includes("oracle") ? "SELECT TENANT_NAME FROM SYS.DBA_OB_TENANTS" : "SELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_TYPE <> 'META' ORDER BY TENANT_ID LIMIT 1");
      assert.strictEqual(r[0].TENANT_NAME, tenant, user);
      await c.end();
    }
  });

  it("refuses a wrong password with 1045 / 28000 and an unknown tenant with 5160", async () => {
    await expectError(connect(h, "root@sys", "wrong"), 1045, "28000", "Access denied for user 'root'@'127.0.0.1' (using password: YES)");
    await expectError(connect(h, "root@mysql_tenant", ""), 1045, "28000", /using password: NO/);
    await expectError(connect(h, "nobody@mysql_tenant", "t1-secret"), 1045, "28000");
    await expectError(connect(h, "root@nosuch", "x"), 5160, "HY000", "invalid tenant name specified in connection string");
  });

  it("gives malformed and unknown SQL error 1064, never a hang", async () => {
    const c = await connect(h, "root@sys", "sys-secret");
    await expectError(c.query("SELEC 1"), 1064, "42000", /near 'SELEC 1' at line 1/);
    await expectError(c.query("ALTER SYSTEM FROB"), 1064, "42000", /near 'FROB' at line 1/);
    await expectError(c.query("SELECT 'unterminated"), 1064, "42000");
    await expectError(c.query("SELECT 1; SELECT 2"), 1064, "42000", /near '; SELECT 2'/);
    await expectError(c.query(""), 1064, "42000");
    assert.deepStrictEqual(await rows(c, "SELECT 2 AS two"), [{ two: "2" }]);
    await c.end();
  });

  it("answers prepared statements, COM_CHANGE_USER and COM_RESET_CONNECTION with errors instead of hanging", async () => {
    const c = await connect(h, "root@sys", "sys-secret");
    await expectError(c.execute("SELECT ?", [1]), 1295, "HY000");
    await assert.rejects(c.changeUser({ user: "root@mysql_tenant", password: "t1-secret" }), /Unknown command|1047/);
    await c.end().catch(() => undefined);
    const d = await connect(h, "root@sys", "sys-secret");
    await assert.rejects(d.reset(), /Unknown command/);
    assert.deepStrictEqual(await rows(d, "SELECT 3 AS x"), [{ x: "3" }]);
    await d.end();
  });

  it("serves 50 connections at once from a pool, each in its own tenant session", async () => {
    const pool = mysql.createPool({ host: h.host, port: h.port, user: "root@mysql_tenant", password: "t1-secret", connectionLimit: 50 });
    const conns = await Promise.all(Array.from({ length: 50 }, () => pool.getConnection()));
    const ids = await Promise.all(
      conns.map(async (c, i) => {
        const [r] = await c.query(`SELECT CONNECTION_ID() AS id, ${i} AS i, TENANT_NAME FROM oceanbase.DBA_OB_TENANTS`);
        return r as { id: number; i: number; TENANT_NAME: string }[];
      }),
    );
    assert.strictEqual(new Set(ids.map((r) => r[0].id)).size, 50);
    ids.forEach((r, i) => assert.deepStrictEqual([r[0].i, r[0].TENANT_NAME], [i, "mysql_tenant"]));
    conns.forEach((c) => c.release());
    await pool.end();
  });

  it("works with the stock mariadb command-line client", async function () {
    const ok = await mariadb(h, "root@sys", "SELECT tenant_name, log_mode FROM oceanbase.DBA_OB_TENANTS WHERE tenant_type = 'USER' ORDER BY tenant_id", "sys-secret");
    assert.strictEqual(ok.code, 0, ok.stderr);
    assert.strictEqual(ok.stdout, "tenant_name\tlog_mode\nmysql_tenant\tNOARCHIVELOG\noracle_tenant\tNOARCHIVELOG\n");
    const bad = await mariadb(h, "root@sys", "ALTER SYSTEM BACKUP DATABASE TENANT = mysql_tenant", "sys-secret");
    assert.notStrictEqual(bad.code, 0);
    assert.match(bad.stderr, /ERROR 1064 \(42000\) at line 1: You have an error in your SQL syntax; .* near 'TENANT = mysql_tenant' at line 1/);
    const ora = await mariadb(h, "SYS@oracle_tenant", "ALTER SYSTEM BACKUP DATABASE");
    assert.match(ora.stderr, /ERROR 600 \(HY000\) at line 1: ORA-00600: internal error code, arguments: -9040, backup can not start/);
    const denied = await mariadb(h, "root@sys", "SELECT 1", "nope");
    assert.match(denied.stderr, /ERROR 1045 \(28000\)/);
  });
});
