// Reference §2.10, row by row: what an Oracle-mode tenant (SYS@oracle_tenant) accepts and refuses in a query,
// with the errno, SQLSTATE and text it answers, and the MySQL-mode tenant of the same emulator for contrast.

import assert = require("assert");
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import { Conn, connect, expectError, manualEmulator, rows } from "../support/emulator";

const ORA_PARSE = (near: string) =>
  `ORA-00900: You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '${near}' at line 1`;

describe("§2.10 the Oracle-mode SQL dialect", () => {
  let h: EmulatorHandle;
  let ora: Conn;
  let my: Conn;
  before(async () => {
    h = await manualEmulator();
    [ora, my] = await Promise.all([connect(h, "SYS@oracle_tenant"), connect(h, "root@mysql_tenant")]);
  });
  after(async () => {
    await Promise.all([ora.end(), my.end()]);
    await h.close();
  });

  describe("parse errors are errno 900 (42000) 'ORA-00900: You have an error in your SQL syntax; …'", () => {
    it("§2.10 LIMIT n is a parse error (Oracle mode has no LIMIT); MySQL mode takes it", async () => {
      await expectError(ora.query("SELECT TENANT_ID FROM SYS.DBA_OB_TENANTS LIMIT 1"), 900, "42000", ORA_PARSE("LIMIT 1"));
      await expectError(
        ora.query("SELECT JOB_ID FROM DBA_OB_BACKUP_JOBS ORDER BY JOB_ID DESC\nLIMIT 1"),
        900,
        "42000",
        "ORA-00900: You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near 'LIMIT 1' at line 2",
      );
      assert.deepStrictEqual(await rows(my, "SELECT TENANT_ID FROM oceanbase.DBA_OB_TENANTS LIMIT 1"), [{ TENANT_ID: "1002" }]);
    });

    it("§2.10 SELECT without FROM is a parse error (use FROM DUAL), in a subquery too", async () => {
      await expectError(ora.query("SELECT 1"), 900, "42000", ORA_PARSE(""));
      await expectError(ora.query("SELECT OB_VERSION()"), 900, "42000", /^ORA-00900: You have an error in your SQL syntax/);
      await expectError(ora.query("SELECT TENANT_ID FROM DBA_OB_TENANTS WHERE TENANT_ID IN (SELECT 1004)"), 900, "42000", /^ORA-00900: /);
      await expectError(ora.query("SELECT 1 FROM DUAL UNION ALL SELECT 2"), 900, "42000", /^ORA-00900: /);
      assert.deepStrictEqual(await rows(ora, "SELECT 1 AS x FROM DUAL"), [{ X: "1" }]);
      assert.deepStrictEqual(await rows(my, "SELECT 1 AS x"), [{ x: "1" }]);
    });

    it("§2.10 backtick-quoted identifiers are a parse error", async () => {
      await expectError(ora.query("SELECT `TENANT_ID` FROM SYS.DBA_OB_TENANTS"), 900, "42000", ORA_PARSE("`TENANT_ID` FROM SYS.DBA_OB_TENANTS"));
      await expectError(ora.query("ALTER SYSTEM ARCHIVELOG DESCRIPTION `x`"), 900, "42000", /^ORA-00900: /);
      assert.deepStrictEqual(await rows(my, "SELECT `TENANT_ID` FROM oceanbase.DBA_OB_TENANTS"), [{ TENANT_ID: "1002" }]);
    });

    it("§2.10 a table alias written with AS is a parse error; a column alias takes AS", async () => {
      await expectError(ora.query("SELECT t.TENANT_ID FROM SYS.DBA_OB_TENANTS AS t"), 900, "42000", ORA_PARSE("AS t"));
      await expectError(
        ora.query("SELECT j.JOB_ID FROM DBA_OB_BACKUP_JOBS j LEFT JOIN DBA_OB_BACKUP_TASKS AS k ON k.JOB_ID = j.JOB_ID"),
        900,
        "42000",
        ORA_PARSE("AS k ON k.JOB_ID = j.JOB_ID"),
      );
      await expectError(ora.query("SELECT x.TENANT_ID FROM (SELECT TENANT_ID FROM DBA_OB_TENANTS) AS x"), 900, "42000", ORA_PARSE("AS x"));
      assert.deepStrictEqual(await rows(ora, "SELECT t.TENANT_ID AS id FROM SYS.DBA_OB_TENANTS t"), [{ ID: "1004" }]);
      assert.deepStrictEqual(await rows(my, "SELECT t.TENANT_ID FROM oceanbase.DBA_OB_TENANTS AS t"), [{ TENANT_ID: "1002" }]);
    });
  });

  it("§2.10 double quotes make identifiers: WHERE DESCRIPTION = \"x\" is 904 (42S22) ORA-00904 invalid identifier 'x' in 'where clause'", async () => {
    await expectError(
      ora.query(`SELECT JOB_ID FROM SYS.DBA_OB_BACKUP_JOBS WHERE DESCRIPTION = "x"`),
      904,
      "42S22",
      "ORA-00904: invalid identifier 'x' in 'where clause'",
    );
    // an unquoted unknown name is upper-cased first, and the clause is named wherever it is
    await expectError(ora.query("SELECT nosuch FROM DUAL"), 904, "42S22", "ORA-00904: invalid identifier 'NOSUCH' in 'field list'");
    await expectError(ora.query("SELECT TENANT_ID FROM SYS.DBA_OB_TENANTS ORDER BY nosuch"), 904, "42S22", "ORA-00904: invalid identifier 'NOSUCH' in 'order clause'");
    await expectError(my.query("SELECT TENANT_ID FROM oceanbase.DBA_OB_TENANTS WHERE nosuch = 1"), 1054, "42S22", "Unknown column 'nosuch' in 'where clause'");
    // a double-quoted name that is a column works as that column
    assert.deepStrictEqual(await rows(ora, `SELECT "TENANT_NAME" FROM SYS.DBA_OB_TENANTS`), [{ TENANT_NAME: "oracle_tenant" }]);
    // in MySQL mode "x" is a string
    assert.deepStrictEqual(await rows(my, `SELECT TENANT_ID FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = "mysql_tenant"`), [{ TENANT_ID: "1002" }]);
  });

  it("§2.10 MySQL-only functions NOW(), IFNULL, GROUP_CONCAT are unknown (904 invalid identifier)", async () => {
    for (const [sql, name] of [
      ["SELECT NOW() FROM DUAL", "NOW"],
      ["SELECT IFNULL(NULL, 1) FROM DUAL", "IFNULL"],
      ["SELECT GROUP_CONCAT(TENANT_NAME) FROM SYS.DBA_OB_TENANTS", "GROUP_CONCAT"],
      ["SELECT JOB_ID FROM DBA_OB_BACKUP_JOBS WHERE START_TIMESTAMP < now()", "NOW"],
    ]) {
      await expectError(ora.query(sql), 904, "42S22", `ORA-00904: invalid identifier '${name}'`);
    }
    const [r] = await my.query("SELECT IFNULL(NULL, 1) AS a, GROUP_CONCAT(TENANT_NAME) AS b, NOW() IS NOT NULL AS c FROM oceanbase.DBA_OB_TENANTS");
    assert.deepStrictEqual(r, [{ a: "1", b: "mysql_tenant", c: "1" }]);
  });

  it("§2.10 CONCAT takes exactly two arguments: three are 600 'ORA-00600: internal error code, arguments: -4161, Invalid argument num'", async () => {
    await expectError(ora.query("SELECT CONCAT('a', 'b', 'c') FROM DUAL"), 600, "HY000", "ORA-00600: internal error code, arguments: -4161, Invalid argument num");
    await expectError(ora.query("SELECT CONCAT('a') FROM DUAL"), 600, "HY000", "ORA-00600: internal error code, arguments: -4161, Invalid argument num");
    assert.deepStrictEqual(await rows(ora, "SELECT CONCAT('a', CONCAT('b', 'c')) AS s FROM DUAL"), [{ S: "abc" }]);
  });

  describe("accepted", () => {
    it("§2.10 SELECT @@ob_compatibility_mode FROM DUAL", async () => {
      assert.deepStrictEqual(await rows(ora, "SELECT @@ob_compatibility_mode FROM DUAL"), [{ "@@OB_COMPATIBILITY_MODE": "ORACLE" }]);
    });

    it("§2.10 SET time_zone, SET @@session.time_zone and ALTER SESSION SET TIME_ZONE", async () => {
      const c = await connect(h, "SYS@oracle_tenant");
      try {
        await c.query("SET time_zone = '+00:00'");
        assert.deepStrictEqual(await rows(c, "SELECT @@time_zone AS tz FROM DUAL"), [{ TZ: "+00:00" }]);
        await c.query("SET @@session.time_zone = '+01:00'");
        assert.deepStrictEqual(await rows(c, "SELECT @@time_zone AS tz FROM DUAL"), [{ TZ: "+01:00" }]);
        await c.query("ALTER SESSION SET TIME_ZONE = '+05:30'");
        assert.deepStrictEqual(await rows(c, "SELECT @@time_zone AS tz FROM DUAL"), [{ TZ: "+05:30" }]);
        // the session's zone is the one SYSDATE is shown in: 2026-01-01 00:00:00 UTC
        assert.deepStrictEqual(await rows(c, "SELECT SYSDATE AS d FROM DUAL"), [{ D: "2026-01-01 05:30:00" }]);
      } finally {
        await c.end();
      }
      // ALTER SESSION is Oracle-only
      await expectError(my.query("ALTER SESSION SET TIME_ZONE = '+00:00'"), 1064, "42000");
    });

    it("§2.10 OB_VERSION(), FETCH FIRST n ROWS ONLY, ROWNUM", async () => {
      assert.deepStrictEqual(await rows(ora, "SELECT OB_VERSION() FROM DUAL"), [{ "OB_VERSION()": "4.3.0.1" }]);
      const sys = await connect(h, "SYS@oracle_tenant");
      try {
        const union = "SELECT TENANT_ID FROM DBA_OB_TENANTS UNION ALL SELECT TENANT_ID + 1 FROM DBA_OB_TENANTS UNION ALL SELECT TENANT_ID + 2 FROM DBA_OB_TENANTS";
        assert.deepStrictEqual(await rows(sys, `SELECT x.TENANT_ID FROM (${union}) x ORDER BY x.TENANT_ID DESC FETCH FIRST 2 ROWS ONLY`), [
          { TENANT_ID: "1006" },
          { TENANT_ID: "1005" },
        ]);
        assert.deepStrictEqual(await rows(sys, `SELECT TENANT_ID FROM (SELECT TENANT_ID FROM (${union}) ORDER BY TENANT_ID DESC) WHERE ROWNUM <= 1`), [
          { TENANT_ID: "1006" },
        ]);
        assert.deepStrictEqual(await rows(sys, `SELECT TENANT_ID FROM (SELECT TENANT_ID FROM (${union}) ORDER BY TENANT_ID) WHERE TENANT_ID > 1004 AND ROWNUM < 2`), [
          { TENANT_ID: "1005" },
        ]);
        assert.deepStrictEqual(await rows(sys, `SELECT TENANT_ID FROM (${union}) WHERE ROWNUM = 2`), []);
        assert.deepStrictEqual(await rows(sys, `SELECT ROWNUM, TENANT_ID FROM (SELECT TENANT_ID FROM (${union}) ORDER BY TENANT_ID)`), [
          { ROWNUM: "1", TENANT_ID: "1004" },
          { ROWNUM: "2", TENANT_ID: "1005" },
          { ROWNUM: "3", TENANT_ID: "1006" },
        ]);
      } finally {
        await sys.end();
      }
    });

    it("§2.10 SYSDATE, TO_CHAR, TO_DATE, NVL, COALESCE", async () => {
      const r = await rows(
        ora,
        "SELECT TO_CHAR(SYSDATE, 'yyyy-mm-dd hh24:mi:ss') AS now_text, TO_DATE('1970-01-01 08:00:00') AS epoch, " +
          "TO_CHAR(TO_DATE('04/03/2026 17:05', 'DD/MM/YYYY HH24:MI'), 'YYYY-MM-DD HH24:MI:SS') AS parsed, " +
          "NVL(NULL, 'n') AS nvl_value, COALESCE(NULL, NULL, 'c') AS coalesced FROM DUAL",
      );
      assert.deepStrictEqual(r, [
        { NOW_TEXT: "2026-01-01 08:00:00", EPOCH: "1970-01-01 08:00:00", PARSED: "2026-03-04 17:05:00", NVL_VALUE: "n", COALESCED: "c" },
      ]);
      // TO_CHAR of the Oracle views' timestamp strings (§2.9)
      assert.deepStrictEqual(await rows(ora, "SELECT TO_CHAR(CREATE_TIME, 'YYYY') AS y FROM SYS.DBA_OB_TENANTS"), [{ Y: "2026" }]);
      // TO_CHAR and TO_DATE are Oracle-mode functions only
      await expectError(my.query("SELECT TO_CHAR(NOW(), 'YYYY')"), 1305, "42000");
    });

    it("§2.10 an inline view with an alias and no AS, joined", async () => {
      const r = await rows(
        ora,
        "SELECT J.TENANT_ID, T.TENANT_NAME FROM (SELECT TENANT_ID FROM DBA_OB_TENANTS UNION ALL SELECT TENANT_ID FROM DBA_OB_TENANTS) J " +
          "LEFT JOIN SYS.DBA_OB_TENANTS T ON T.TENANT_ID = J.TENANT_ID",
      );
      assert.deepStrictEqual(r, [
        { TENANT_ID: "1004", TENANT_NAME: "oracle_tenant" },
        { TENANT_ID: "1004", TENANT_NAME: "oracle_tenant" },
      ]);
    });

    it("§2.10 unqualified DBA_OB_* names resolve (the resolver retries in SYS)", async () => {
      assert.deepStrictEqual(await rows(ora, "SELECT TENANT_NAME FROM DBA_OB_TENANTS"), [{ TENANT_NAME: "oracle_tenant" }]);
      assert.deepStrictEqual(await rows(ora, "SELECT COUNT(*) AS n FROM DBA_OB_BACKUP_JOBS"), [{ N: "0" }]);
    });
  });

  it("§2.10 string literals: in Oracle mode a backslash is ordinary and only '' escapes; in MySQL mode backslash escapes", async () => {
    assert.deepStrictEqual(await rows(ora, String.raw`SELECT 'a\nb' AS s, 'it''s' AS q, 'c:\dir\' AS p FROM DUAL`), [
      { S: "a\\nb", Q: "it's", P: "c:\\dir\\" },
    ]);
    assert.deepStrictEqual(await rows(my, String.raw`SELECT 'a\nb' AS s, 'it\'s' AS q`), [{ s: "a\nb", q: "it's" }]);
  });

  it("§2.10 column labels: upper case without spaces unless the alias is double-quoted", async () => {
    const [, fields] = await ora.query(
      `SELECT tenant_id, tenant_name AS name, count( * ), tenant_type "lowerCase", Max( tenant_id ) m FROM SYS.DBA_OB_TENANTS GROUP BY tenant_id, tenant_name, tenant_type`,
    );
    assert.deepStrictEqual(
      (fields as mysql.FieldPacket[]).map((f) => f.name),
      ["TENANT_ID", "NAME", "COUNT(*)", "lowerCase", "M"],
    );
    const [, myFields] = await my.query("SELECT tenant_id, tenant_name AS name, count( * ) FROM oceanbase.DBA_OB_TENANTS GROUP BY tenant_id, tenant_name");
    assert.deepStrictEqual((myFields as mysql.FieldPacket[]).map((f) => f.name), ["tenant_id", "name", "count( * )"]);
  });
});
