// The wire protocol: two independent client implementations (mysql2 and MariaDB's Node connector), each in
// the text protocol (query) and with server-side prepared statements (execute), plus the mariadb CLI where it
// is installed, connect, log in the OceanBase ways, run the session statements, get exact errors, never hang.

import assert = require("assert");
import { execFile, spawnSync } from "child_process";
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import { Client, COMBINATIONS, dbError, openClient } from "../support/clients";
import { connect, expectError, manualEmulator, rows } from "../support/emulator";

const MARIADB_CLI = spawnSync("mariadb", ["--version"], { encoding: "utf8" }).status === 0;

function mariadb(h: EmulatorHandle, user: string, sql: string, password = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ["-h", h.host, "-P", String(h.port), `-u${user}`, "--batch", "-e", sql];
  return new Promise((resolve) => {
    execFile("mariadb", args, { env: { ...process.env, MYSQL_PWD: password }, timeout: 10000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === "number" ? code : 1, stdout, stderr });
    });
  });
}

/** Asserts that `p` fails with this errno, SQLSTATE and (exact or pattern) server message, for either library. */
async function expectDbError(p: Promise<unknown>, errno: number, sqlState: string, message?: string | RegExp): Promise<void> {
  let failed = false;
  try {
    await p;
  } catch (e) {
    failed = true;
    const err = dbError(e);
    assert.strictEqual(err.errno, errno, `errno (message: ${err.message})`);
    assert.strictEqual(err.sqlState, sqlState, "sqlState");
    if (typeof message === "string") assert.strictEqual(err.message, message);
    else if (message) assert.match(err.message, message);
  }
  assert.ok(failed, `expected error ${errno}, but the statement succeeded`);
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
      users: [{ tenant: "oracle_tenant", user: "BACKUP_OP", password: "op-secret" }],
    });
  });
  after(() => h.close());

  for (const { library, mode } of COMBINATIONS) {
    describe(`with ${library} ${mode}()`, () => {
      const open = (user: string, password: string, database?: string): Promise<Client> => openClient(h, library, mode, user, password, { database });

      it("runs SELECT 1, VERSION() and OB_VERSION() with the names as typed", async () => {
        const c = await open("root@sys", "sys-secret");
        assert.deepStrictEqual(await c.rows("SELECT 1"), [{ 1: "1" }]);
        assert.deepStrictEqual(await c.rows("SELECT VERSION(), OB_VERSION()"), [{ "VERSION()": "5.7.25-OceanBase-v4.3.0.1", "OB_VERSION()": "4.3.0.1" }]);
        await c.end();
      });

      it("keeps USE, SET and session variables, and answers a statement without rows with OK", async () => {
        const c = await open("root@mysql_tenant", "t1-secret");
        assert.deepStrictEqual(await c.run("USE oceanbase"), { affectedRows: 0 });
        assert.deepStrictEqual(await c.rows("SELECT DATABASE() AS db"), [{ db: "oceanbase" }]);
        await c.run("SET SESSION time_zone = '+00:00', @marker = 'x'");
        assert.deepStrictEqual(await c.rows("SELECT @@time_zone AS tz, @marker AS m"), [{ tz: "+00:00", m: "x" }]);
        await expectDbError(c.run("USE nosuchdb"), 1049, "42000", "Unknown database 'nosuchdb'");
        await c.end();
      });

      it("binds parameters as single literals: quotes, backslashes, ?, NULL, numbers and UTF-8 come back unchanged", async () => {
        const c = await open("root@sys", "sys-secret");
        const tricky = ["it's", "back\\slash \\' end", "'; ALTER SYSTEM ARCHIVELOG; --", "a ? b", "é 漢字 🚀", ""];
        for (const v of tricky) assert.deepStrictEqual(await c.rows("SELECT ? AS v", [v]), [{ v }], JSON.stringify(v));
        assert.deepStrictEqual(await c.rows("SELECT ? AS a, ? AS b, ? AS c, ? - 1 AS d", [null, 42, -7, -7]), [{ a: null, b: "42", c: "-7", d: "-8" }]);
        // a placeholder inside a string or a comment is text, not a parameter
        assert.deepStrictEqual(await c.rows("SELECT '?' AS q, ? AS p /* ? */", ["x"]), [{ q: "?", p: "x" }]);
        await c.end();
        if (mode === "execute") {
          // the server binds Oracle-mode literals without backslash escapes, so the values round-trip there too
          // (query() escapes on the client with MySQL's rules, which an Oracle-mode tenant does not read)
          const o = await open("SYS@oracle_tenant", "");
          for (const v of tricky.filter((t) => t !== "")) assert.deepStrictEqual(await o.rows("SELECT ? AS V FROM DUAL", [v]), [{ V: v }], `Oracle ${JSON.stringify(v)}`);
          await o.end();
        }
      });

      it("reads the views with parameters, each column the same in both protocols", async () => {
        const c = await open("root@sys", "sys-secret", "oceanbase");
        const r = await c.rows("SELECT * FROM DBA_OB_TENANTS WHERE TENANT_NAME = ? AND TENANT_ID > ?", ["mysql_tenant", 1000]);
        assert.deepStrictEqual(r, h.sql("SELECT * FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'mysql_tenant'"));
        assert.deepStrictEqual(await c.rows("SELECT COUNT(*) AS n FROM DBA_OB_TENANTS WHERE TENANT_NAME = ?", ["x' OR '1'='1"]), [{ n: "0" }]);
        await c.end();
      });

      it("gives malformed and unknown SQL error 1064, and Oracle-mode errors as ORA-00600, never a hang", async () => {
        const c = await open("root@sys", "sys-secret");
        await expectDbError(c.run("SELEC 1"), 1064, "42000", /near 'SELEC 1' at line 1/);
        await expectDbError(c.run("ALTER SYSTEM FROB"), 1064, "42000", /near 'FROB' at line 1/);
        await expectDbError(c.run("SELECT 'unterminated"), 1064, "42000");
        await expectDbError(c.run("SELECT 1; SELECT 2"), 1064, "42000", /near '; SELECT 2'/);
        await expectDbError(c.run("ALTER SYSTEM BACKUP DATABASE TENANT = mysql_tenant"), 1064, "42000", /near 'TENANT = mysql_tenant' at line 1/);
        assert.deepStrictEqual(await c.rows("SELECT 2 AS two"), [{ two: "2" }]);
        await c.end();
        const o = await open("SYS@oracle_tenant", "");
        await expectDbError(o.run("ALTER SYSTEM BACKUP DATABASE"), 600, "HY000", /^ORA-00600: internal error code, arguments: -9040, backup can not start/);
        assert.deepStrictEqual(await o.rows("SELECT TENANT_NAME FROM SYS.DBA_OB_TENANTS WHERE TENANT_NAME = ?", ["oracle_tenant"]), [{ TENANT_NAME: "oracle_tenant" }]);
        await o.end();
      });

      it("refuses a wrong password with 1045 / 28000 and an unknown tenant with 5160", async () => {
        await expectDbError(open("root@sys", "wrong"), 1045, "28000", "Access denied for user 'root'@'127.0.0.1' (using password: YES)");
        await expectDbError(open("root@nosuch", "x"), 5160, "HY000", "invalid tenant name specified in connection string");
      });
    });
  }

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

  it("prepares statements server-side: parameter count, reuse, statements without rows, close (mysql2)", async () => {
    const c = await connect(h, "root@sys", "sys-secret");
    const core = (c as unknown as { connection: { prepare(sql: string, cb: (e: Error | null, st: PreparedLike) => void): void } }).connection;
    type PreparedLike = { id: number; parameters: unknown[]; execute(v: unknown[], cb: (e: Error | null, r: unknown) => void): void; close(): void };
    const prepare = (sql: string) => new Promise<PreparedLike>((res, rej) => core.prepare(sql, (e, st) => (e ? rej(e) : res(st))));
    const exec = (st: PreparedLike, v: unknown[]) => new Promise<unknown>((res, rej) => st.execute(v, (e, r) => (e ? rej(e) : res(r))));
    const st = await prepare("SELECT ? AS a, '?' AS b, ? AS c -- ?");
    assert.strictEqual(st.parameters.length, 2, "PREPARE_OK counts only real placeholders");
    assert.deepStrictEqual(await exec(st, [1, "x"]), [{ a: "1", b: "?", c: "x" }]);
    assert.deepStrictEqual(await exec(st, ["y", null]), [{ a: "y", b: "?", c: null }], "a prepared statement is reusable");
    const ok = (await exec(await prepare("SET @p = ?"), ["v"])) as { affectedRows: number; fieldCount: number };
    assert.strictEqual(ok.fieldCount, 0, "a statement without a result set answers OK");
    assert.deepStrictEqual(await rows(c, "SELECT @p AS p"), [{ p: "v" }]);
    st.close();
    await expectError(exec(st, [1, "x"]), 1243, "HY000", /Unknown prepared statement handler/);
    await expectError(prepare("SELECT 'unterminated ?"), 1064, "42000");
    assert.deepStrictEqual(await rows(c, "SELECT 4 AS x"), [{ x: "4" }]);
    await c.end();
  });

  it("prepares statements server-side with the MariaDB connector too", async () => {
    const mariadb = await import("mariadb");
    const m = await mariadb.createConnection({ host: h.host, port: h.port, user: "root@sys", password: "sys-secret" });
    const st = await m.prepare("SELECT ? AS a, TENANT_NAME FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_ID = ?");
    assert.strictEqual((st as unknown as { parameterCount: number }).parameterCount, 2, "PREPARE_OK's parameter count");
    const r1 = (await st.execute([7, 1002])) as Record<string, unknown>[];
    const r2 = (await st.execute(["z", 1])) as Record<string, unknown>[];
    assert.deepStrictEqual([r1[0].TENANT_NAME, r2[0].TENANT_NAME, String(r2[0].a)], ["mysql_tenant", "sys", "z"]);
    st.close();
    await m.end();
  });

  it("logs a prepared statement as executed, with the bound values and passwords redacted", async () => {
    h.clearStatements();
    const c = await connect(h, "root@mysql_tenant", "t1-secret");
    await c.execute("SET ENCRYPTION ON IDENTIFIED BY ? ONLY", ["Bkp-Secret-1"]);
    await c.execute("SELECT ? AS v", ["logged"]);
    await c.end();
    const log = h.statements().map((r) => r.sql);
    assert.deepStrictEqual(log.slice(-2), ["SET ENCRYPTION ON IDENTIFIED BY '***' ONLY", "SELECT 'logged' AS v"]);
    assert.ok(!JSON.stringify(h.statements()).includes("Bkp-Secret-1"));
  });

  it("COM_RESET_CONNECTION clears session and user variables and prepared statements, and keeps the login", async () => {
    for (const library of ["mysql2", "mariadb"] as const) {
      let reset: () => Promise<void>;
      let c: Client;
      if (library === "mysql2") {
        const m = await connect(h, "root@mysql_tenant", "t1-secret");
        c = { name: library, run: async (sql) => (await m.query(sql))[0] as never, rows: async (sql) => (await m.query(sql))[0] as never, end: () => m.end() };
        reset = () => m.reset();
      } else {
        const mariadb = await import("mariadb");
        const m = await mariadb.createConnection({ host: h.host, port: h.port, user: "root@mysql_tenant", password: "t1-secret" });
        c = { name: library, run: (sql) => m.query(sql), rows: (sql) => m.query(sql), end: () => m.end() };
        reset = () => m.reset();
      }
      await c.run("USE oceanbase");
      await c.run("SET time_zone = '+00:00', @marker = 'x'");
      await reset();
      assert.deepStrictEqual(
        (await c.rows("SELECT @@time_zone AS tz, @marker AS m, USER() AS u, DATABASE() AS db")).map((r) => ({ ...r })),
        [{ tz: "+08:00", m: null, u: "root@mysql_tenant", db: "oceanbase" }],
        library,
      );
      await c.end();
    }
  });

  it("COM_CHANGE_USER logs in as another user@tenant with a fresh session; a wrong password is 1045 and ends the connection", async () => {
    const c = await connect(h, "root@sys", "sys-secret");
    await c.query("SET @marker = 'sys'");
    await c.changeUser({ user: "root@mysql_tenant", password: "t1-secret" });
    assert.deepStrictEqual(await rows(c, "SELECT USER() AS u, @marker AS m"), [{ u: "root@mysql_tenant", m: null }]);
    assert.deepStrictEqual(await rows(c, "SELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS"), [{ TENANT_NAME: "mysql_tenant" }]);
    assert.deepStrictEqual((await c.execute("SELECT ? AS p", ["after"]))[0], [{ p: "after" }], "prepared statements work after the change");
    // (mysql2's changeUser replaces an empty password with the connection's, so this login has one)
    await c.changeUser({ user: "backup_op@oracle_tenant", password: "op-secret" });
    assert.deepStrictEqual(await rows(c, "SELECT USER() AS U FROM DUAL"), [{ U: "BACKUP_OP@oracle_tenant" }]);
    assert.deepStrictEqual(await rows(c, "SELECT TENANT_NAME FROM SYS.DBA_OB_TENANTS"), [{ TENANT_NAME: "oracle_tenant" }]);
    await expectError(c.changeUser({ user: "root@mysql_tenant", password: "wrong" }), 1045, "28000", "Access denied for user 'root'@'127.0.0.1' (using password: YES)");
    await assert.rejects(c.query("SELECT 1"));
    await c.end().catch(() => undefined);
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
    if (!MARIADB_CLI) {
      // the reason shows in the test report; the same checks run above through the mariadb Node connector
      this.test!.title += " (skipped: no `mariadb` command-line client on PATH)";
      this.skip();
    }
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
