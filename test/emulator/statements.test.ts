// Every statement form the emulator supports (reference §1, grammar §1.2) and every row of the table
// "Scenario -> exact V4 response" (§4.2) that applies to V4.0-V4.3: the exact errno, SQLSTATE and message of
// each refusal, and the state each accepted statement leaves in the views. Each describe block runs its own
// emulator on the manual clock; time only moves through handle.advance().

import assert = require("assert");
import crypto = require("crypto");
import mysql = require("mysql2/promise");
import { EmulatorHandle, EmulatorOptions } from "../../emulator";
import { Conn, connect, expectError, manualEmulator, prepareTenant, rows } from "../support/emulator";

// ---- helpers --------------------------------------------------------------------------------------------------

interface Fixture {
  h: EmulatorHandle;
  /** one shared connection per login, e.g. root@sys, root@mysql_tenant, SYS@oracle_tenant */
  as(user: string): Promise<Conn>;
  /** a new connection: a session of its own */
  fresh(user: string): Promise<Conn>;
  /** a tenant's id, from the options the emulator resolved */
  id(tenant: string): number;
}

/** Starts one emulator for the enclosing describe block and closes it, and every connection, afterwards. */
function useEmulator(options: EmulatorOptions = {}): Fixture {
  const shared = new Map<string, Conn>();
  const opened: Conn[] = [];
  const f: Fixture = {
    h: undefined as unknown as EmulatorHandle,
    async as(user: string) {
      let c = shared.get(user);
      if (!c) {
        c = await f.fresh(user);
        shared.set(user, c);
      }
      return c;
    },
    async fresh(user: string) {
      const c = await connect(f.h, user);
      opened.push(c);
      return c;
    },
    id(tenant: string) {
      const t = f.h.options.tenants.find((x) => x.name === tenant);
      if (!t) throw new Error(`no tenant ${tenant} in this emulator`);
      return t.id;
    },
  };
  before(async () => {
    f.h = await manualEmulator(options);
  });
  after(async () => {
    for (const c of opened) await c.end().catch(() => undefined);
    if (f.h) await f.h.close();
  });
  return f;
}

const tenants = (...names: string[]) => names.map((name) => ({ name }));

/** Runs a statement that must answer OK (not a result set). */
async function exec(c: Conn, sql: string): Promise<mysql.ResultSetHeader> {
  const [r] = await c.query(sql);
  assert.ok(!Array.isArray(r), `expected an OK packet, got a result set for: ${sql}`);
  return r as mysql.ResultSetHeader;
}

async function one(c: Conn, sql: string): Promise<Record<string, unknown>> {
  const r = await rows(c, sql);
  assert.strictEqual(r.length, 1, `expected exactly one row from: ${sql}\ngot: ${JSON.stringify(r)}`);
  return r[0];
}

const PARSE = (near: string) =>
  `You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '${near}' at line 1`;
const PARSE_ANY = /^You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '.*' at line \d+$/s;
const INVALID_TENANT = "invalid tenant name specified in connection string";
const NO_ARCHIVE = "backup can not start, because log archive status is not doing.";

/** The archive round of a tenant (sys view), or null when there is none. */
function archiveStatus(h: EmulatorHandle, tenantId: number): string | null {
  const r = h.sql(`SELECT STATUS FROM oceanbase.CDB_OB_ARCHIVELOG WHERE TENANT_ID = ${tenantId} AND DEST_NO = 0`);
  return r.length ? r[0].STATUS : null;
}

function jobsOf(h: EmulatorHandle, tenantId: number): Record<string, string | null>[] {
  return h.sql(`SELECT JOB_ID, STATUS, INITIATOR_TENANT_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = ${tenantId} ORDER BY JOB_ID`);
}

/** Moves the emulated clock in 100 ms steps until `cond` holds (at most `maxMs`). */
function advanceUntil(h: EmulatorHandle, what: string, cond: () => boolean, maxMs = 15_000): void {
  for (let t = 0; t <= maxMs; t += 100) {
    if (cond()) return;
    h.advance(100);
  }
  assert.fail(`still waiting after ${maxMs} emulated ms for ${what}`);
}

/** MySQL's stage-2 password hash: '*' + upper-case hex SHA1(SHA1(password)). */
const stage2 = (password: string) =>
  "*" + crypto.createHash("sha1").update(crypto.createHash("sha1").update(password, "utf8").digest()).digest("hex").toUpperCase();

// Passwords used below. They must never reach test output: assertions about them print no values, and any
// failure inside a test that handles them is rethrown with the passwords replaced by ***.
const ENC_PWD = "Enc#Pwd-2026!";
const SYS_ENC_PWD = "SysEnc#Pwd-77";
const DEC_PWDS = ["Dec#One-11", "Dec#Two-22"];
const KEY_PWD = "Key#Pwd-33";
const READER_ENC_PWD = "Reader#Enc-44";
const SECRETS = [ENC_PWD, SYS_ENC_PWD, ...DEC_PWDS, KEY_PWD, READER_ENC_PWD];

const scrub = (s: string) => SECRETS.reduce((acc, p) => acc.split(p).join("***"), s);

/** Runs a test body; a failure is rethrown without the passwords (and without actual/expected values). */
function guarded(body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (e) {
      const err = e as Error;
      const clean = new Error(scrub(String(err?.message ?? err)));
      clean.stack = scrub(String(err?.stack ?? clean.message));
      throw clean;
    }
  };
}

function assertNoSecret(text: string, what: string): void {
  for (const p of SECRETS) assert.ok(!text.includes(p), `${what} contains a password`);
}

function assertStage2(actual: unknown, password: string, what: string): void {
  const s = String(actual);
  assert.ok(!s.includes(password), `${what} contains the password itself`);
  const want = stage2(password);
  assert.ok(s === want, `${what}: expected the stage-2 hash ${want}, got ${s}`);
}

// ---- §1.5 ARCHIVELOG / NOARCHIVELOG ---------------------------------------------------------------------------

describe("statements: ALTER SYSTEM ARCHIVELOG / NOARCHIVELOG (§1.5)", () => {
  const f = useEmulator({ tenants: tenants("arc_a", "arc_b", "arc_c", "arc_d", "arc_e", "arc_f") });
  const modes = async () => {
    const sys = await f.as("root@sys");
    const r = await rows(sys, "SELECT TENANT_NAME, LOG_MODE FROM oceanbase.DBA_OB_TENANTS ORDER BY TENANT_ID");
    return Object.fromEntries(r.map((x) => [x.TENANT_NAME as string, x.LOG_MODE as string]));
  };
  const modeOf = async (tenant: string) => (await modes())[tenant];

  it("§1.2 ARCHIVELOG / NOARCHIVELOG without a tenant list from a user tenant, with and without DESCRIPTION", async () => {
    const a = await f.as("root@arc_a");
    assert.deepStrictEqual(await rows(a, "SELECT TENANT_NAME, LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [
      { TENANT_NAME: "arc_a", LOG_MODE: "NOARCHIVELOG" },
    ]);
    await exec(a, "ALTER SYSTEM ARCHIVELOG");
    assert.deepStrictEqual(await rows(a, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "ARCHIVELOG" }]);
    await exec(a, "ALTER SYSTEM NOARCHIVELOG DESCRIPTION = 'maintenance window'");
    assert.deepStrictEqual(await rows(a, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "NOARCHIVELOG" }]);
    await exec(a, "ALTER SYSTEM ARCHIVELOG DESCRIPTION 'resume'");
    assert.deepStrictEqual(await rows(a, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "ARCHIVELOG" }]);
    // the mode change alone needs no destination, and without one no round starts (§1.5, §3.2)
    f.h.advance(3000);
    assert.deepStrictEqual(await rows(a, "SELECT STATUS FROM oceanbase.DBA_OB_ARCHIVELOG"), []);
    await exec(a, "alter system noarchivelog;");
    assert.deepStrictEqual(await rows(a, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "NOARCHIVELOG" }]);
    // no other tenant was touched
    assert.strictEqual(await modeOf("arc_b"), "NOARCHIVELOG");
  });

  it("§1.2 ARCHIVELOG / NOARCHIVELOG TENANT [=] t1[, t2] [DESCRIPTION [=] '...'] from sys", async () => {
    const sys = await f.as("root@sys");
    await exec(sys, "ALTER SYSTEM ARCHIVELOG TENANT = arc_b");
    assert.strictEqual(await modeOf("arc_b"), "ARCHIVELOG");
    assert.strictEqual(await modeOf("arc_c"), "NOARCHIVELOG");
    await exec(sys, "ALTER SYSTEM NOARCHIVELOG TENANT arc_b DESCRIPTION 'off'");
    assert.strictEqual(await modeOf("arc_b"), "NOARCHIVELOG");
    await exec(sys, "ALTER SYSTEM ARCHIVELOG TENANT = arc_b, 'arc_c' DESCRIPTION = 'both'");
    assert.strictEqual(await modeOf("arc_b"), "ARCHIVELOG");
    assert.strictEqual(await modeOf("arc_c"), "ARCHIVELOG");
    await exec(sys, "ALTER SYSTEM NOARCHIVELOG TENANT = arc_b, arc_c");
    assert.strictEqual(await modeOf("arc_b"), "NOARCHIVELOG");
    assert.strictEqual(await modeOf("arc_c"), "NOARCHIVELOG");
    // sys and meta tenants always show NOARCHIVELOG (§2.8)
    const m = await modes();
    assert.strictEqual(m.sys, "NOARCHIVELOG");
    assert.strictEqual(m[`META$${f.id("arc_b")}`], "NOARCHIVELOG");
  });

  it("4.2 #11: sys ARCHIVELOG TENANT = nosuch is 5160", async () => {
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM ARCHIVELOG TENANT = nosuch"), 5160, "HY000", INVALID_TENANT);
    await expectError(sys.query("ALTER SYSTEM ARCHIVELOG TENANT = arc_b, nosuch"), 5160, "HY000", INVALID_TENANT);
    await expectError(sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = nosuch"), 5160, "HY000", INVALID_TENANT);
    assert.strictEqual(await modeOf("arc_b"), "NOARCHIVELOG");
  });

  it("4.2 #16: user tenant ARCHIVELOG TENANT = x is 1227 Access denied", async () => {
    const a = await f.as("root@arc_a");
    await expectError(a.query("ALTER SYSTEM ARCHIVELOG TENANT = arc_a"), 1227, "42501", "Access denied");
    await expectError(a.query("ALTER SYSTEM ARCHIVELOG TENANT = arc_b"), 1227, "42501", "Access denied");
    await expectError(a.query("ALTER SYSTEM NOARCHIVELOG TENANT = arc_a"), 1227, "42501", "Access denied");
    assert.strictEqual(await modeOf("arc_a"), "NOARCHIVELOG");
    assert.strictEqual(await modeOf("arc_b"), "NOARCHIVELOG");
  });

  it("4.2 #30: ARCHIVELOG on an ARCHIVELOG tenant is 9091 in that tenant; from sys with a tenant list it is OK", async () => {
    const d = await f.as("root@arc_d");
    const sys = await f.as("root@sys");
    await exec(d, "ALTER SYSTEM ARCHIVELOG");
    await expectError(d.query("ALTER SYSTEM ARCHIVELOG"), 9091, "HY000", "Already in ARCHIVELOG mode");
    assert.strictEqual(await modeOf("arc_d"), "ARCHIVELOG");
    // sys swallows the per-tenant error of ARCHIVELOG (§1.5 asymmetry) and still switches the others
    await exec(sys, "ALTER SYSTEM ARCHIVELOG TENANT = arc_d");
    await exec(sys, "ALTER SYSTEM ARCHIVELOG TENANT = arc_d, arc_e");
    assert.strictEqual(await modeOf("arc_d"), "ARCHIVELOG");
    assert.strictEqual(await modeOf("arc_e"), "ARCHIVELOG");
  });

  it("4.2 #31: NOARCHIVELOG on a NOARCHIVELOG tenant is 9092, from the user tenant and from sys with a tenant list", async () => {
    const fa = await f.as("root@arc_f");
    const sys = await f.as("root@sys");
    await expectError(fa.query("ALTER SYSTEM NOARCHIVELOG"), 9092, "HY000", "Already in NOARCHIVELOG mode");
    await expectError(sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = arc_f"), 9092, "HY000", "Already in NOARCHIVELOG mode");
    // a list keeps the error of the last failing tenant; the others are still switched (reading of §1.5)
    assert.strictEqual(await modeOf("arc_d"), "ARCHIVELOG");
    await expectError(sys.query("ALTER SYSTEM NOARCHIVELOG TENANT = arc_d, arc_f"), 9092, "HY000", "Already in NOARCHIVELOG mode");
    assert.strictEqual(await modeOf("arc_d"), "NOARCHIVELOG");
    assert.strictEqual(await modeOf("arc_f"), "NOARCHIVELOG");
  });

  it("§1.5 ARCHIVELOG in a tenant that is not NORMAL is 9023 'cannot start log archive backup' (swallowed from sys)", async () => {
    const c = await f.as("root@arc_c");
    const sys = await f.as("root@sys");
    f.h.setTenantStatus("arc_c", "RESTORE");
    try {
      await expectError(c.query("ALTER SYSTEM ARCHIVELOG"), 9023, "HY000", "cannot start log archive backup");
      await exec(sys, "ALTER SYSTEM ARCHIVELOG TENANT = arc_c");
      assert.strictEqual(await modeOf("arc_c"), "NOARCHIVELOG");
    } finally {
      f.h.setTenantStatus("arc_c", "NORMAL");
    }
  });

  it("4.2 #32: ARCHIVELOG TENANT = all_user (or all_meta) is 1235", async () => {
    const sys = await f.as("root@sys");
    const msg = "use all_user/all_meta in 'ALTER SYSTEM ARCHIVELOG' syntax is not supported";
    await expectError(sys.query("ALTER SYSTEM ARCHIVELOG TENANT = all_user"), 1235, "0A000", msg);
    await expectError(sys.query("ALTER SYSTEM ARCHIVELOG TENANT = all_meta"), 1235, "0A000", msg);
    assert.strictEqual(await modeOf("arc_b"), "NOARCHIVELOG");
  });

  it("§1.1/§1.5 ARCHIVELOG tenant lists: a duplicate name, or all mixed with names, is 1235", async () => {
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM ARCHIVELOG TENANT = arc_b, arc_b"), 1235, "0A000", "duplicate tenant arc_b is not supported");
    await expectError(
      sys.query("ALTER SYSTEM ARCHIVELOG TENANT = all, arc_b"),
      1235,
      "0A000",
      "all/all_user/all_meta in combination with other names is not supported",
    );
    assert.strictEqual(await modeOf("arc_b"), "NOARCHIVELOG");
  });

  it("§1.5 sys ARCHIVELOG / NOARCHIVELOG with TENANT = all or without TENANT switch every user tenant", async () => {
    const sys = await f.as("root@sys");
    const users = ["arc_a", "arc_b", "arc_c", "arc_d", "arc_e", "arc_f"];
    const all = (mode: string) => Object.fromEntries(users.map((u) => [u, mode]));
    const userModes = async () => {
      const m = await modes();
      return Object.fromEntries(users.map((u) => [u, m[u]]));
    };
    // some are already ARCHIVELOG (arc_e): the error is swallowed for ARCHIVELOG
    await exec(sys, "ALTER SYSTEM ARCHIVELOG TENANT = ALL");
    assert.deepStrictEqual(await userModes(), all("ARCHIVELOG"));
    await exec(sys, "ALTER SYSTEM NOARCHIVELOG");
    assert.deepStrictEqual(await userModes(), all("NOARCHIVELOG"));
    await exec(sys, "ALTER SYSTEM ARCHIVELOG");
    assert.deepStrictEqual(await userModes(), all("ARCHIVELOG"));
    await exec(sys, "ALTER SYSTEM NOARCHIVELOG TENANT all");
    assert.deepStrictEqual(await userModes(), all("NOARCHIVELOG"));
    assert.strictEqual((await modes()).sys, "NOARCHIVELOG");
  });
});

// ---- §1.3 SET DATA_BACKUP_DEST ---------------------------------------------------------------------------------

describe("statements: ALTER SYSTEM SET DATA_BACKUP_DEST (§1.3)", () => {
  const f = useEmulator({ tenants: tenants("d_a", "d_b", "d_c", "d_d") });
  const sysParams = async () =>
    rows(await f.as("root@sys"), "SELECT TENANT_ID, NAME, VALUE FROM oceanbase.CDB_OB_BACKUP_PARAMETER WHERE NAME = 'data_backup_dest' AND VALUE <> '' ORDER BY TENANT_ID");

  it("§1.3 sys SET DATA_BACKUP_DEST = 'uri' TENANT [=] name, shown in CDB_/DBA_OB_BACKUP_PARAMETER", async () => {
    const sys = await f.as("root@sys");
    await exec(sys, "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/d_a/data' TENANT = d_a");
    await exec(sys, "ALTER SYSTEM SET data_backup_dest = 'file:///backup/d_b/data' TENANT 'd_b'");
    assert.deepStrictEqual(await sysParams(), [
      { TENANT_ID: String(f.id("d_a")), NAME: "data_backup_dest", VALUE: "file:///backup/d_a/data" },
      { TENANT_ID: String(f.id("d_b")), NAME: "data_backup_dest", VALUE: "file:///backup/d_b/data" },
    ]);
    const a = await f.as("root@d_a");
    assert.deepStrictEqual(await rows(a, "SELECT NAME, VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER"), [
      { NAME: "data_backup_dest", VALUE: "file:///backup/d_a/data" },
    ]);
  });

  it("§1.3 user tenant SET DATA_BACKUP_DEST: set, same value again, a new directory, '' clears it", async () => {
    const c = await f.as("root@d_c");
    const value = async () => rows(c, "SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER WHERE NAME = 'data_backup_dest' AND VALUE <> ''");
    await exec(c, "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/d_c/data'");
    assert.deepStrictEqual(await value(), [{ VALUE: "file:///backup/d_c/data" }]);
    await exec(c, "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/d_c/data'");
    assert.deepStrictEqual(await value(), [{ VALUE: "file:///backup/d_c/data" }]);
    await exec(c, "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/d_c/data2'");
    assert.deepStrictEqual(await value(), [{ VALUE: "file:///backup/d_c/data2" }]);
    await exec(c, "ALTER SYSTEM SET DATA_BACKUP_DEST = ''");
    assert.deepStrictEqual(await value(), []);
    // a cleared destination means no destination: 9040 with no reason text (§1.6 check 1)
    await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9040, "HY000", "backup can not start");
  });

  it("4.2 #12: sys SET DATA_BACKUP_DEST = ... TENANT = nosuch is 5160", async () => {
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/nosuch/data' TENANT = nosuch"), 5160, "HY000", INVALID_TENANT);
  });

  it("4.2 #17: user tenant ALTER SYSTEM SET ... TENANT = x is 1227 Access denied", async () => {
    const a = await f.as("root@d_a");
    await expectError(a.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/d_a/other' TENANT = d_a"), 1227, "42501", "Access denied");
    await expectError(a.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/d_b/other' TENANT = d_b"), 1227, "42501", "Access denied");
    await expectError(a.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/d_a/arch' TENANT = d_a"), 1227, "42501", "Access denied");
    await expectError(a.query("ALTER SYSTEM SET log_archive_concurrency = 4 TENANT = d_a"), 1227, "42501", "Access denied");
    assert.deepStrictEqual(await rows(a, "SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER WHERE NAME = 'data_backup_dest'"), [
      { VALUE: "file:///backup/d_a/data" },
    ]);
  });

  it("4.2 #18: sys SET DATA_BACKUP_DEST without TENANT is 1235 Not supported feature or function", async () => {
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/sys/data'"), 1235, "0A000", "Not supported feature or function");
    await expectError(sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/sys/arch'"), 1235, "0A000", "Not supported feature or function");
    assert.deepStrictEqual(await rows(sys, "SELECT VALUE FROM oceanbase.CDB_OB_BACKUP_PARAMETER WHERE TENANT_ID = 1"), []);
  });

  it("§1.3 SET DATA_BACKUP_DEST aimed at a meta tenant is 1235 Not supported feature or function", async () => {
    const sys = await f.as("root@sys");
    await expectError(
      sys.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/meta/data' TENANT = 'META$${f.id("d_d")}'`),
      1235,
      "0A000",
      "Not supported feature or function",
    );
  });

  it("§1.3 backup destinations cannot be set together with ordinary parameters (1235)", async () => {
    const sys = await f.as("root@sys");
    const msg = "backup configuration items cannot be set together with non data backup configuration items not supported";
    await expectError(
      sys.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/d_d/data' TENANT = d_d, log_archive_concurrency = 4 TENANT = d_d"),
      1235,
      "0A000",
      msg,
    );
    const c = await f.as("root@d_c");
    await expectError(c.query("ALTER SYSTEM SET log_archive_concurrency = 4, DATA_BACKUP_DEST = 'file:///backup/d_c/data3'"), 1235, "0A000", msg);
    assert.deepStrictEqual(await rows(c, "SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER WHERE NAME = 'data_backup_dest' AND VALUE <> ''"), []);
  });

  it("4.2 #37: a non-empty destination directory without a format file is 9080", async () => {
    const sys = await f.as("root@sys");
    f.h.storage.putForeignFiles("file:///backup/foreign");
    await expectError(
      sys.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/foreign' TENANT = d_d"),
      9080,
      "HY000",
      "format file does not exist, try to set a new directory.",
    );
    const d = await f.as("root@d_d");
    await expectError(
      d.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/foreign'"),
      9080,
      "HY000",
      "format file does not exist, try to set a new directory.",
    );
    assert.deepStrictEqual(await rows(d, "SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER WHERE VALUE <> ''"), []);
  });

  it("4.2 #38: a destination that belongs to something else (format mismatch) is 9081", async () => {
    const sys = await f.as("root@sys");
    const msg = "format file does not match, try to set a new directory.";
    // d_a's data directory, for another tenant
    await expectError(sys.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/d_a/data' TENANT = d_d"), 9081, "HY000", msg);
    // d_a's data directory, as d_a's own archive destination
    await expectError(sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/d_a/data' TENANT = d_a"), 9081, "HY000", msg);
    const d = await f.as("root@d_d");
    assert.deepStrictEqual(await rows(d, "SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER WHERE VALUE <> ''"), []);
    const a = await f.as("root@d_a");
    assert.deepStrictEqual(await rows(a, "SELECT VALUE FROM oceanbase.DBA_OB_ARCHIVE_DEST WHERE NAME = 'path'"), []);
  });

  it("§1.2 the = after the parameter name is required (1064)", async () => {
    const sys = await f.as("root@sys");
    await expectError(
      sys.query("ALTER SYSTEM SET DATA_BACKUP_DEST 'file:///backup/d_d/x' TENANT = d_d"),
      1064,
      "42000",
      PARSE("'file:///backup/d_d/x' TENANT = d_d"),
    );
  });
});

// ---- §1.4 SET LOG_ARCHIVE_DEST / LOG_ARCHIVE_DEST_STATE ---------------------------------------------------------

describe("statements: ALTER SYSTEM SET LOG_ARCHIVE_DEST / LOG_ARCHIVE_DEST_STATE (§1.4)", () => {
  const f = useEmulator({ tenants: tenants("l_a", "l_b", "l_c", "l_d") });
  /** DBA_OB_ARCHIVE_DEST as {name: value}, asserting that every row has DEST_NO = 0 */
  const destOf = async (c: Conn) => {
    const r = await rows(c, "SELECT DEST_NO, NAME, VALUE FROM oceanbase.DBA_OB_ARCHIVE_DEST ORDER BY NAME");
    for (const x of r) assert.strictEqual(x.DEST_NO, "0", `DEST_NO of ${String(x.NAME)}`);
    return Object.fromEntries(r.map((x) => [x.NAME as string, x.VALUE as string]));
  };

  it("§1.4 LOCATION only: rows path, binding OPTIONAL, dest_id, piece_switch_interval 1d, state ENABLE", async () => {
    const c = await f.as("root@l_a");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_a/archive'");
    const d = await destOf(c);
    assert.deepStrictEqual(Object.keys(d).sort(), ["binding", "dest_id", "path", "piece_switch_interval", "state"]);
    assert.match(d.dest_id, /^\d+$/);
    assert.deepStrictEqual(
      { path: d.path, binding: d.binding, piece_switch_interval: d.piece_switch_interval, state: d.state },
      { path: "file:///backup/l_a/archive", binding: "OPTIONAL", piece_switch_interval: "1d", state: "ENABLE" },
    );
  });

  it("§1.4 BINDING and PIECE_SWITCH_INTERVAL (keys case-insensitive, binding stored upper case); every SET replaces all attributes", async () => {
    const c = await f.as("root@l_a");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'location=file:///backup/l_a/archive binding=mandatory Piece_Switch_Interval=2d'");
    let d = await destOf(c);
    assert.deepStrictEqual([d.path, d.binding, d.piece_switch_interval], ["file:///backup/l_a/archive", "MANDATORY", "2d"]);
    // not incremental: what is not given goes back to its default
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_a/archive'");
    d = await destOf(c);
    assert.deepStrictEqual([d.path, d.binding, d.piece_switch_interval], ["file:///backup/l_a/archive", "OPTIONAL", "1d"]);
    // both ends of [1d,7d] and compression=enable|disable are accepted
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_a/archive BINDING=Optional PIECE_SWITCH_INTERVAL=7d COMPRESSION=enable'");
    d = await destOf(c);
    assert.deepStrictEqual([d.binding, d.piece_switch_interval], ["OPTIONAL", "7d"]);
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_a/archive PIECE_SWITCH_INTERVAL=1d compression=disable'");
    d = await destOf(c);
    assert.strictEqual(d.piece_switch_interval, "1d");
  });

  it("§1.4 sys SET LOG_ARCHIVE_DEST = '...' TENANT = t, shown in CDB_OB_ARCHIVE_DEST", async () => {
    const sys = await f.as("root@sys");
    await exec(sys, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_b/archive BINDING=MANDATORY' TENANT = l_b");
    const r = await rows(sys, `SELECT NAME, VALUE FROM oceanbase.CDB_OB_ARCHIVE_DEST WHERE TENANT_ID = ${f.id("l_b")} AND DEST_NO = 0 AND NAME IN ('path', 'binding', 'state') ORDER BY NAME`);
    assert.deepStrictEqual(r, [
      { NAME: "binding", VALUE: "MANDATORY" },
      { NAME: "path", VALUE: "file:///backup/l_b/archive" },
      { NAME: "state", VALUE: "ENABLE" },
    ]);
  });

  it("§1.4 an unknown key, or a compression value other than enable/disable, is 1235", async () => {
    const c = await f.as("root@l_a");
    await expectError(c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_a/archive COMPRESSION=fast'"), 1235, "0A000", /not supported/i);
    await expectError(c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_a/archive COLOR=blue'"), 1235, "0A000", /not supported/i);
    assert.strictEqual((await destOf(c)).piece_switch_interval, "1d");
  });

  it("4.2 #34: SET LOG_ARCHIVE_DEST = 'BINDING=Optional' (no LOCATION) is 1235", async () => {
    const c = await f.as("root@l_c");
    await expectError(c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'BINDING=Optional'"), 1235, "0A000", "set archive dest without location is not supported");
    const sys = await f.as("root@sys");
    await expectError(
      sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'BINDING=Optional PIECE_SWITCH_INTERVAL=2d' TENANT = l_c"),
      1235,
      "0A000",
      "set archive dest without location is not supported",
    );
    assert.deepStrictEqual(await destOf(c), {});
  });

  it("4.2 #35: PIECE_SWITCH_INTERVAL=8d or 12h is 1235", async () => {
    const c = await f.as("root@l_c");
    const msg = "invalid piece_switch_interval out of range [1d,7d] is not supported";
    await expectError(c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_c/archive PIECE_SWITCH_INTERVAL=8d'"), 1235, "0A000", msg);
    await expectError(c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_c/archive PIECE_SWITCH_INTERVAL=12h'"), 1235, "0A000", msg);
    assert.deepStrictEqual(await destOf(c), {});
  });

  it("4.2 #33: SET LOG_ARCHIVE_DEST while the round is not STOP is 1235; after STOP it is accepted", async () => {
    const c = await f.as("root@l_c");
    const sys = await f.as("root@sys");
    const id = f.id("l_c");
    const msg = "change archive dest when archive is running is not supported";
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_c/archive'");
    await exec(c, "ALTER SYSTEM ARCHIVELOG");
    const refusedIn = async (state: string) => {
      advanceUntil(f.h, `archive ${state}`, () => archiveStatus(f.h, id) === state);
      await expectError(c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_c/archive2'"), 1235, "0A000", msg);
      await expectError(sys.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_c/archive2' TENANT = l_c"), 1235, "0A000", msg);
      await expectError(c.query("ALTER SYSTEM SET LOG_ARCHIVE_DEST = ''"), 1235, "0A000", msg);
    };
    await refusedIn("PREPARE");
    await refusedIn("DOING");
    await exec(c, "ALTER SYSTEM NOARCHIVELOG");
    await refusedIn("STOPPING");
    advanceUntil(f.h, "archive STOP", () => archiveStatus(f.h, id) === "STOP");
    assert.strictEqual((await destOf(c)).path, "file:///backup/l_c/archive");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/l_c/archive2'");
    assert.strictEqual((await destOf(c)).path, "file:///backup/l_c/archive2");
  });

  it("§1.4 an empty LOG_ARCHIVE_DEST deletes the destination when archiving is not running", async () => {
    const c = await f.as("root@l_a");
    assert.strictEqual((await destOf(c)).path, "file:///backup/l_a/archive");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = ''");
    assert.strictEqual((await destOf(c)).path, undefined);
  });

  it("§1.4 an S3 destination while archive_lag_target < 60s is 4179; with 60s it is accepted", async () => {
    const c = await f.as("root@l_d");
    const s3 = "LOCATION=s3://bucket/l_d/archive?host=s3.example.com&access_id=AKID&access_key=AKEY&s3_region=us-east-1";
    await exec(c, "ALTER SYSTEM SET archive_lag_target = '30s'");
    await expectError(
      c.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = '${s3}'`),
      4179,
      "HY000",
      "archive_lag_target is smaller than 60s, set log_archive_dest to S3 is not allowed",
    );
    assert.deepStrictEqual(await destOf(c), {});
    await exec(c, "ALTER SYSTEM SET archive_lag_target = '60s'");
    await exec(c, `ALTER SYSTEM SET LOG_ARCHIVE_DEST = '${s3}'`);
    assert.match((await destOf(c)).path ?? "", /^s3:\/\/bucket\/l_d\/archive/);
  });

  it("§1.4 LOG_ARCHIVE_DEST_STATE = 'ENABLE'|'DEFER' [TENANT = t]: stored as typed; DEFER suspends a DOING round, ENABLE resumes it", async () => {
    const c = await f.as("root@l_b");
    const sys = await f.as("root@sys");
    const id = f.id("l_b");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER'");
    assert.strictEqual((await destOf(c)).state, "DEFER");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'defer'");
    assert.strictEqual((await destOf(c)).state, "defer");
    await exec(sys, "ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'ENABLE' TENANT = l_b");
    assert.strictEqual((await destOf(c)).state, "ENABLE");
    await exec(c, "ALTER SYSTEM ARCHIVELOG");
    advanceUntil(f.h, "archive DOING", () => archiveStatus(f.h, id) === "DOING");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER'");
    advanceUntil(f.h, "archive SUSPEND", () => archiveStatus(f.h, id) === "SUSPEND");
    assert.deepStrictEqual(await rows(c, "SELECT ROUND_ID, STATUS FROM oceanbase.DBA_OB_ARCHIVELOG"), [{ ROUND_ID: "1", STATUS: "SUSPEND" }]);
    await exec(sys, "ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'ENABLE' TENANT l_b");
    advanceUntil(f.h, "archive DOING again", () => archiveStatus(f.h, id) === "DOING");
    assert.deepStrictEqual(await rows(c, "SELECT ROUND_ID, STATUS FROM oceanbase.DBA_OB_ARCHIVELOG"), [{ ROUND_ID: "1", STATUS: "DOING" }]);
  });
});

// ---- §1.6 BACKUP from a user tenant ----------------------------------------------------------------------------

describe("statements: ALTER SYSTEM BACKUP from a user tenant (§1.6)", () => {
  const f = useEmulator({
    tenants: tenants("b_none", "b_arch", "b_main", "b_g1", "b_g2", "b_g3", "b_g4", "b_dest", "b_fail1", "b_fail2", "b_status"),
  });
  const JOB_COLS =
    "JOB_ID, BACKUP_SET_ID, INITIATOR_TENANT_ID, INITIATOR_JOB_ID, EXECUTOR_TENANT_ID, PLUS_ARCHIVELOG, BACKUP_TYPE, JOB_LEVEL, ENCRYPTION_MODE, PASSWD, END_TIMESTAMP, STATUS, RESULT, DESCRIPTION, PATH";
  const prepare = async (...names: string[]) => {
    const sys = await f.as("root@sys");
    for (const n of names) await prepareTenant(f.h, sys, n);
    for (const n of names) assert.strictEqual(archiveStatus(f.h, f.id(n)), "DOING", `archive of ${n} after prepareTenant`);
  };

  it("4.2 #6: user BACKUP with no DATA_BACKUP_DEST is 9040 'backup can not start' (checked before #3/#5)", async () => {
    const c = await f.as("root@b_none");
    // nothing configured: the missing destination is reported, not the archive state
    await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9040, "HY000", "backup can not start");
    // archiving DOING, still no data destination
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/b_none/archive'");
    await exec(c, "ALTER SYSTEM ARCHIVELOG");
    advanceUntil(f.h, "archive DOING", () => archiveStatus(f.h, f.id("b_none")) === "DOING");
    await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9040, "HY000", "backup can not start");
    await expectError(c.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE PLUS ARCHIVELOG"), 9040, "HY000", "backup can not start");
    assert.deepStrictEqual(await rows(c, "SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_JOBS"), []);
  });

  it("4.2 #5: user BACKUP with the archive round not DOING (NOARCHIVELOG, no dest, PREPARE, BEGINNING, SUSPEND, INTERRUPTED, STOP) is 9040", async () => {
    const c = await f.as("root@b_arch");
    const id = f.id("b_arch");
    const refused = async (situation: string) => {
      await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9040, "HY000", NO_ARCHIVE);
      assert.deepStrictEqual(await rows(c, "SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_JOBS"), [], `no job after the refusal (${situation})`);
    };
    const reach = (state: string) => advanceUntil(f.h, `archive ${state}`, () => archiveStatus(f.h, id) === state);
    await exec(c, "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/b_arch/data'");
    await refused("NOARCHIVELOG, no round");
    await exec(c, "ALTER SYSTEM ARCHIVELOG");
    f.h.advance(3000);
    assert.strictEqual(archiveStatus(f.h, id), null);
    await refused("ARCHIVELOG without an archive destination");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/b_arch/archive'");
    reach("PREPARE");
    await refused("PREPARE");
    reach("BEGINNING");
    await refused("BEGINNING");
    reach("DOING");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER'");
    reach("SUSPEND");
    await refused("SUSPEND");
    await exec(c, "ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'ENABLE'");
    reach("DOING");
    f.h.interruptArchive("b_arch");
    assert.strictEqual(archiveStatus(f.h, id), "INTERRUPTED");
    await refused("INTERRUPTED");
    await exec(c, "ALTER SYSTEM NOARCHIVELOG");
    reach("STOP");
    await refused("STOP");
  });

  it("4.2 #3: user BACKUP while its own earlier job is still in the job table (any status) is 9036", async () => {
    await prepare("b_main");
    const c = await f.as("root@b_main");
    const id = f.id("b_main");
    await exec(c, "ALTER SYSTEM BACKUP DATABASE");
    assert.deepStrictEqual(await one(c, `SELECT ${JOB_COLS} FROM oceanbase.DBA_OB_BACKUP_JOBS`), {
      JOB_ID: "1",
      BACKUP_SET_ID: "1",
      INITIATOR_TENANT_ID: String(id),
      INITIATOR_JOB_ID: "0",
      EXECUTOR_TENANT_ID: String(id),
      PLUS_ARCHIVELOG: "OFF",
      BACKUP_TYPE: "FULL",
      JOB_LEVEL: "USER_TENANT",
      ENCRYPTION_MODE: "NONE",
      PASSWD: "",
      END_TIMESTAMP: null,
      STATUS: "INIT",
      RESULT: "0",
      DESCRIPTION: "",
      PATH: "file:///backup/b_main/data",
    });
    await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9036, "HY000", "Backup is in progress");
    await expectError(c.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE PLUS ARCHIVELOG"), 9036, "HY000", "Backup is in progress");
    advanceUntil(f.h, "job DOING", () => jobsOf(f.h, id)[0]?.STATUS === "DOING");
    await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9036, "HY000", "Backup is in progress");
    // finished but not yet moved to history: still 9036
    f.h.finishJob("b_main");
    advanceUntil(f.h, "job COMPLETED", () => jobsOf(f.h, id)[0]?.STATUS === "COMPLETED");
    assert.deepStrictEqual(await rows(c, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOBS"), [{ STATUS: "COMPLETED", RESULT: "0" }]);
    await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9036, "HY000", "Backup is in progress");
    // once in history, a new backup is accepted; INCREMENTAL stays INC now that a full set exists
    advanceUntil(f.h, "job in history", () => jobsOf(f.h, id).length === 0);
    const hist = await one(c, "SELECT JOB_ID, STATUS, RESULT, END_TIMESTAMP FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY");
    assert.deepStrictEqual([hist.JOB_ID, hist.STATUS, hist.RESULT], ["1", "COMPLETED", "0"]);
    assert.notStrictEqual(hist.END_TIMESTAMP, null);
    await exec(c, "ALTER SYSTEM BACKUP INCREMENTAL DATABASE");
    const inc = await one(c, "SELECT JOB_ID, BACKUP_SET_ID, BACKUP_TYPE, STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS");
    assert.deepStrictEqual(inc, { JOB_ID: "2", BACKUP_SET_ID: "2", BACKUP_TYPE: "INC", STATUS: "INIT" });
    // the 9036 check comes before the archive check (§1.6 items 3 and 4)
    await exec(c, "ALTER SYSTEM NOARCHIVELOG");
    f.h.tick();
    assert.notStrictEqual(archiveStatus(f.h, id), "DOING");
    await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9036, "HY000", "Backup is in progress");
  });

  it("§1.2 BACKUP [INCREMENTAL] DATABASE [PLUS ARCHIVELOG] [DESCRIPTION [=] '...'] from a user tenant", async () => {
    await prepare("b_g1", "b_g2", "b_g3", "b_g4");
    const forms: [string, string, Record<string, string>][] = [
      ["b_g1", "ALTER SYSTEM BACKUP DATABASE PLUS ARCHIVELOG DESCRIPTION = 'nightly full'", { BACKUP_TYPE: "FULL", PLUS_ARCHIVELOG: "ON", DESCRIPTION: "nightly full" }],
      // INCREMENTAL with no earlier set at the path becomes FULL (§1.6)
      ["b_g2", "ALTER SYSTEM BACKUP INCREMENTAL DATABASE DESCRIPTION 'first inc'", { BACKUP_TYPE: "FULL", PLUS_ARCHIVELOG: "OFF", DESCRIPTION: "first inc" }],
      ["b_g3", "alter system backup incremental database plus archivelog", { BACKUP_TYPE: "FULL", PLUS_ARCHIVELOG: "ON", DESCRIPTION: "" }],
      // opt_backup_tenant_list may be empty: BACKUP PLUS ARCHIVELOG backs up the tenant itself
      ["b_g4", "ALTER SYSTEM BACKUP PLUS ARCHIVELOG DESCRIPTION 'no DATABASE keyword'", { BACKUP_TYPE: "FULL", PLUS_ARCHIVELOG: "ON", DESCRIPTION: "no DATABASE keyword" }],
    ];
    for (const [tenant, sql, want] of forms) {
      const c = await f.as(`root@${tenant}`);
      await exec(c, sql);
      const job = await one(c, "SELECT BACKUP_TYPE, PLUS_ARCHIVELOG, DESCRIPTION, JOB_LEVEL, STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS");
      assert.deepStrictEqual(job, { ...want, JOB_LEVEL: "USER_TENANT", STATUS: "INIT" }, sql);
    }
  });

  it("4.2 #14: user tenant BACKUP TENANT = x is 1235", async () => {
    const c = await f.as("root@b_none");
    const msg = "user tenant cannot specify tenant names not supported";
    await expectError(c.query("ALTER SYSTEM BACKUP TENANT = b_main"), 1235, "0A000", msg);
    await expectError(c.query("ALTER SYSTEM BACKUP TENANT = b_none"), 1235, "0A000", msg);
    await expectError(c.query("ALTER SYSTEM BACKUP INCREMENTAL TENANT b_none PLUS ARCHIVELOG DESCRIPTION 'x'"), 1235, "0A000", msg);
    assert.deepStrictEqual(await rows(c, "SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_JOBS"), []);
  });

  it("4.2 #39: BACKUP ... TO 'path' is 1235", async () => {
    const msg = "backup do not support using specify path not supported";
    const c = await f.as("root@b_g1");
    await expectError(c.query("ALTER SYSTEM BACKUP DATABASE TO 'file:///backup/elsewhere'"), 1235, "0A000", msg);
    await expectError(c.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE TO = 'file:///backup/elsewhere' PLUS ARCHIVELOG DESCRIPTION 'd'"), 1235, "0A000", msg);
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = b_g2 TO 'file:///backup/elsewhere'"), 1235, "0A000", msg);
    await expectError(sys.query("ALTER SYSTEM BACKUP DATABASE TO 'file:///backup/elsewhere'"), 1235, "0A000", msg);
    assert.deepStrictEqual(await rows(sys, "SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1"), []);
  });

  it("4.2 #36: SET DATA_BACKUP_DEST while any backup job row exists for the tenant is 9036", async () => {
    await prepare("b_dest");
    const c = await f.as("root@b_dest");
    const sys = await f.as("root@sys");
    const id = f.id("b_dest");
    await exec(c, "ALTER SYSTEM BACKUP DATABASE");
    const refused = async () => {
      await expectError(c.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/b_dest/data2'"), 9036, "HY000", "Backup is in progress");
      await expectError(sys.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/b_dest/data2' TENANT = b_dest"), 9036, "HY000", "Backup is in progress");
      await expectError(c.query("ALTER SYSTEM SET DATA_BACKUP_DEST = ''"), 9036, "HY000", "Backup is in progress");
    };
    await refused();
    f.h.finishJob("b_dest");
    advanceUntil(f.h, "job COMPLETED", () => jobsOf(f.h, id)[0]?.STATUS === "COMPLETED");
    await refused();
    advanceUntil(f.h, "job in history", () => jobsOf(f.h, id).length === 0);
    await exec(c, "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/b_dest/data2'");
    assert.deepStrictEqual(await rows(c, "SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER WHERE NAME = 'data_backup_dest'"), [
      { VALUE: "file:///backup/b_dest/data2" },
    ]);
  });

  it("4.2 #43: an async failure is no statement error; the job ends FAILED with RESULT -9027 / -9029 and a RootService COMMENT", async () => {
    await prepare("b_fail1", "b_fail2");
    const c1 = await f.as("root@b_fail1");
    const c2 = await f.as("root@b_fail2");
    const comment = (code: number) => new RegExp(`^\\(ROOTSERVICE\\)addr: [0-9.]+:\\d+, result: ${code}\\(\\w+\\), trace_id: \\S+$`);
    await exec(c1, "ALTER SYSTEM BACKUP DATABASE");
    await exec(c2, "ALTER SYSTEM BACKUP DATABASE");
    f.h.interruptArchive("b_fail1");
    await exec(c2, "ALTER SYSTEM NOARCHIVELOG");
    advanceUntil(f.h, "both jobs FAILED", () => jobsOf(f.h, f.id("b_fail1"))[0]?.STATUS === "FAILED" && jobsOf(f.h, f.id("b_fail2"))[0]?.STATUS === "FAILED");
    for (const [c, code] of [
      [c1, -9027],
      [c2, -9029],
    ] as const) {
      const job = await one(c, "SELECT STATUS, RESULT, COMMENT, END_TIMESTAMP FROM oceanbase.DBA_OB_BACKUP_JOBS");
      assert.deepStrictEqual([job.STATUS, job.RESULT], ["FAILED", String(code)]);
      assert.match(String(job.COMMENT), comment(code));
      assert.notStrictEqual(job.END_TIMESTAMP, null);
    }
    // a FAILED job not yet in history still blocks a new backup (4.2 #3: any status)
    await expectError(c1.query("ALTER SYSTEM BACKUP DATABASE"), 9036, "HY000", "Backup is in progress");
    advanceUntil(f.h, "failed jobs in history", () => jobsOf(f.h, f.id("b_fail1")).length === 0 && jobsOf(f.h, f.id("b_fail2")).length === 0);
    assert.deepStrictEqual(await rows(c1, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY"), [{ STATUS: "FAILED", RESULT: "-9027" }]);
  });

  it("§1.6 user check 2: a tenant not NORMAL is 9040 'because tenant status is not normal.'", async () => {
    await prepare("b_status");
    const c = await f.as("root@b_status");
    f.h.setTenantStatus("b_status", "RESTORE");
    try {
      await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9040, "HY000", "backup can not start, because tenant status is not normal.");
    } finally {
      f.h.setTenantStatus("b_status", "NORMAL");
    }
    assert.deepStrictEqual(await rows(c, "SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_JOBS"), []);
  });
});

// ---- §1.6 BACKUP from sys --------------------------------------------------------------------------------------

describe("statements: ALTER SYSTEM BACKUP from sys (§1.6)", () => {
  const f = useEmulator({ tenants: tenants("s_a", "s_b", "s_c", "s_d", "s_nodest", "s_status") });
  const SYS_COLS =
    "TENANT_ID, JOB_ID, BACKUP_SET_ID, INITIATOR_TENANT_ID, INITIATOR_JOB_ID, EXECUTOR_TENANT_ID, PLUS_ARCHIVELOG, BACKUP_TYPE, JOB_LEVEL, STATUS, DESCRIPTION, PATH";
  before(async () => {
    const sys = await f.as("root@sys");
    await prepareTenant(f.h, sys, "s_a");
    await prepareTenant(f.h, sys, "s_b");
  });
  const sysJob = () => f.h.sql("SELECT JOB_ID, STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1");
  const children = (sysJobId: string) =>
    f.h.sql(`SELECT TENANT_ID, JOB_ID, STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID <> 1 AND INITIATOR_TENANT_ID = 1 AND INITIATOR_JOB_ID = ${sysJobId}`);
  /** Lets the children of the current sys job appear, finishes them, and waits until the sys job is in history. */
  const finishSysJob = (expectChildren: number) => {
    const [job] = sysJob();
    assert.ok(job, "a sys job is running");
    advanceUntil(f.h, "children of the sys job", () => children(job.JOB_ID as string).length === expectChildren);
    for (const ch of children(job.JOB_ID as string)) {
      const name = f.h.options.tenants.find((t) => t.id === Number(ch.TENANT_ID))!.name;
      f.h.finishJob(name, Number(ch.JOB_ID));
    }
    advanceUntil(f.h, "sys job in history", () => sysJob().length === 0);
    return job.JOB_ID as string;
  };

  it("§1.2 BACKUP [INCREMENTAL] TENANT [=] a, b [PLUS ARCHIVELOG] [DESCRIPTION] and BACKUP [INCREMENTAL] DATABASE from sys", async () => {
    const sys = await f.as("root@sys");
    const a = String(f.id("s_a"));
    const b = String(f.id("s_b"));
    await exec(sys, "ALTER SYSTEM BACKUP TENANT = s_a, s_b DESCRIPTION 'two tenants'");
    // right after the statement only the sys umbrella job exists (§1.6, §5.2)
    assert.deepStrictEqual(await rows(sys, `SELECT ${SYS_COLS} FROM oceanbase.CDB_OB_BACKUP_JOBS ORDER BY TENANT_ID`), [
      {
        TENANT_ID: "1",
        JOB_ID: "1",
        BACKUP_SET_ID: "0",
        INITIATOR_TENANT_ID: "1",
        INITIATOR_JOB_ID: "1",
        EXECUTOR_TENANT_ID: `${a},${b}`,
        PLUS_ARCHIVELOG: "OFF",
        BACKUP_TYPE: "FULL",
        JOB_LEVEL: "CLUSTER",
        STATUS: "INIT",
        DESCRIPTION: "two tenants",
        PATH: "",
      },
    ]);
    advanceUntil(f.h, "children", () => children("1").length === 2);
    assert.deepStrictEqual(
      await rows(sys, "SELECT TENANT_ID, BACKUP_SET_ID, INITIATOR_TENANT_ID, INITIATOR_JOB_ID, JOB_LEVEL, PATH FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID <> 1 ORDER BY TENANT_ID"),
      [
        { TENANT_ID: a, BACKUP_SET_ID: "1", INITIATOR_TENANT_ID: "1", INITIATOR_JOB_ID: "1", JOB_LEVEL: "USER_TENANT", PATH: "file:///backup/s_a/data" },
        { TENANT_ID: b, BACKUP_SET_ID: "1", INITIATOR_TENANT_ID: "1", INITIATOR_JOB_ID: "1", JOB_LEVEL: "USER_TENANT", PATH: "file:///backup/s_b/data" },
      ],
    );
    finishSysJob(2);
    assert.deepStrictEqual(
      await rows(sys, "SELECT TENANT_ID, STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE INITIATOR_TENANT_ID = 1 ORDER BY TENANT_ID"),
      [
        { TENANT_ID: "1", STATUS: "COMPLETED", RESULT: "0" },
        { TENANT_ID: a, STATUS: "COMPLETED", RESULT: "0" },
        { TENANT_ID: b, STATUS: "COMPLETED", RESULT: "0" },
      ],
    );

    // INCREMENTAL, no '=', PLUS ARCHIVELOG after the tenant list, DESCRIPTION [=] last
    await exec(sys, "ALTER SYSTEM BACKUP INCREMENTAL TENANT s_a PLUS ARCHIVELOG DESCRIPTION = 'inc'");
    assert.deepStrictEqual(await one(sys, "SELECT JOB_ID, EXECUTOR_TENANT_ID, BACKUP_TYPE, PLUS_ARCHIVELOG, DESCRIPTION, JOB_LEVEL FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1"), {
      JOB_ID: "2",
      EXECUTOR_TENANT_ID: a,
      BACKUP_TYPE: "INC",
      PLUS_ARCHIVELOG: "ON",
      DESCRIPTION: "inc",
      JOB_LEVEL: "CLUSTER",
    });
    advanceUntil(f.h, "child", () => children("2").length === 1);
    assert.deepStrictEqual(await one(sys, `SELECT BACKUP_TYPE, PLUS_ARCHIVELOG FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = ${a}`), {
      BACKUP_TYPE: "INC",
      PLUS_ARCHIVELOG: "ON",
    });
    finishSysJob(1);

    // quoted names, and a duplicate name is dropped silently (§1.1)
    await exec(sys, "ALTER SYSTEM BACKUP TENANT = 's_b', s_b");
    assert.deepStrictEqual(await one(sys, "SELECT EXECUTOR_TENANT_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1"), { EXECUTOR_TENANT_ID: b });
    finishSysJob(1);

    // BACKUP DATABASE from sys: every qualifying user tenant; the others are skipped without an error
    await exec(sys, "ALTER SYSTEM BACKUP DATABASE PLUS ARCHIVELOG");
    assert.deepStrictEqual(await one(sys, "SELECT EXECUTOR_TENANT_ID, BACKUP_TYPE, PLUS_ARCHIVELOG, JOB_LEVEL, BACKUP_SET_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1"), {
      EXECUTOR_TENANT_ID: `${a},${b}`,
      BACKUP_TYPE: "FULL",
      PLUS_ARCHIVELOG: "ON",
      JOB_LEVEL: "CLUSTER",
      BACKUP_SET_ID: "0",
    });
    finishSysJob(2);
    await exec(sys, "ALTER SYSTEM BACKUP INCREMENTAL DATABASE DESCRIPTION 'all inc'");
    assert.deepStrictEqual(await one(sys, "SELECT EXECUTOR_TENANT_ID, BACKUP_TYPE, DESCRIPTION FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1"), {
      EXECUTOR_TENANT_ID: `${a},${b}`,
      BACKUP_TYPE: "INC",
      DESCRIPTION: "all inc",
    });
    finishSysJob(2);
  });

  it("4.2 #4: sys BACKUP TENANT = t while a sys-initiated job for t exists is 9036", async () => {
    const sys = await f.as("root@sys");
    await prepareTenant(f.h, sys, "s_c");
    await exec(sys, "ALTER SYSTEM BACKUP TENANT = s_c");
    const [job] = sysJob();
    advanceUntil(f.h, "child for s_c", () => children(job.JOB_ID as string).length === 1);
    await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = s_c"), 9036, "HY000", "Backup is in progress");
    await expectError(sys.query("ALTER SYSTEM BACKUP INCREMENTAL TENANT = s_c PLUS ARCHIVELOG"), 9036, "HY000", "Backup is in progress");
    // a sys-initiated row also blocks the tenant's destination change (4.2 #36: any job row)
    await expectError(sys.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/s_c/data2' TENANT = s_c"), 9036, "HY000", "Backup is in progress");
    finishSysJob(1);
  });

  it("§5.2 a self-initiated and a sys-initiated job may exist for one tenant at once (one per initiator)", async () => {
    const sys = await f.as("root@sys");
    await prepareTenant(f.h, sys, "s_d");
    const d = await f.as("root@s_d");
    const id = f.id("s_d");
    await exec(d, "ALTER SYSTEM BACKUP DATABASE");
    await exec(sys, "ALTER SYSTEM BACKUP TENANT = s_d");
    advanceUntil(f.h, "two jobs for s_d", () => jobsOf(f.h, id).length === 2);
    assert.deepStrictEqual(
      jobsOf(f.h, id).map((j) => j.INITIATOR_TENANT_ID),
      [String(id), "1"],
    );
    f.h.finishJob("s_d", Number(jobsOf(f.h, id)[0].JOB_ID));
    finishSysJob(1);
    advanceUntil(f.h, "s_d jobs in history", () => jobsOf(f.h, id).length === 0);
  });

  it("4.2 #7: sys BACKUP TENANT = t with no destination is 9040 'backup dest is not set.' (checked after the archive)", async () => {
    const sys = await f.as("root@sys");
    // no archive and no destination: the archive is reported first
    await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = s_nodest"), 9040, "HY000", NO_ARCHIVE);
    await exec(sys, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/s_nodest/archive' TENANT = s_nodest");
    await exec(sys, "ALTER SYSTEM ARCHIVELOG TENANT = s_nodest");
    advanceUntil(f.h, "archive DOING", () => archiveStatus(f.h, f.id("s_nodest")) === "DOING");
    await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = s_nodest"), 9040, "HY000", "backup can not start, because backup dest is not set.");
    assert.deepStrictEqual(sysJob(), []);
  });

  it("4.2 #8: sys BACKUP TENANT = t with t not NORMAL is 9040 'because tenant status is not normal.'", async () => {
    const sys = await f.as("root@sys");
    f.h.setTenantStatus("s_status", "RESTORE");
    try {
      await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = s_status"), 9040, "HY000", "backup can not start, because tenant status is not normal.");
    } finally {
      f.h.setTenantStatus("s_status", "NORMAL");
    }
    assert.deepStrictEqual(sysJob(), []);
  });

  it("4.2 #10: TENANT = nosuch or TENANT = all on BACKUP / CANCEL BACKUP / ADD DELETE BACKUP POLICY is 5160", async () => {
    const sys = await f.as("root@sys");
    for (const name of ["nosuch", "all", "ALL"]) {
      await expectError(sys.query(`ALTER SYSTEM BACKUP TENANT = ${name}`), 5160, "HY000", INVALID_TENANT);
      await expectError(sys.query(`ALTER SYSTEM CANCEL BACKUP TENANT = ${name}`), 5160, "HY000", INVALID_TENANT);
      await expectError(sys.query(`ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = ${name}`), 5160, "HY000", INVALID_TENANT);
    }
    await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = s_a, nosuch"), 5160, "HY000", INVALID_TENANT);
    // CANCEL DELETE BACKUP resolves its list the same way (§1.1 get_tenant_ids)
    await expectError(sys.query("ALTER SYSTEM CANCEL DELETE BACKUP TENANT = nosuch"), 5160, "HY000", INVALID_TENANT);
    assert.deepStrictEqual(sysJob(), []);
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY"), []);
  });

  it("4.2 #13: TENANT = sys on BACKUP / CANCEL BACKUP / ADD and DROP DELETE BACKUP POLICY is 4016 Internal error", async () => {
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = sys"), 4016, "HY000", "Internal error");
    await expectError(sys.query("ALTER SYSTEM BACKUP INCREMENTAL TENANT = s_a, sys"), 4016, "HY000", "Internal error");
    await expectError(sys.query("ALTER SYSTEM CANCEL BACKUP TENANT = sys"), 4016, "HY000", "Internal error");
    await expectError(sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = sys"), 4016, "HY000", "Internal error");
    await expectError(sys.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = sys"), 4016, "HY000", "Internal error");
    assert.deepStrictEqual(sysJob(), []);
  });

  it("4.2 #41: ALTER SYSTEM BACKUP DATABASE TENANT = t is a 1064 parse error near 'TENANT = t'", async () => {
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM BACKUP DATABASE TENANT = s_a"), 1064, "42000", PARSE("TENANT = s_a"));
    await expectError(sys.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE TENANT = s_a, s_b"), 1064, "42000", PARSE("TENANT = s_a, s_b"));
    assert.deepStrictEqual(sysJob(), []);
  });

  it("§1.2 syntax traps: PLUS ARCHIVELOG before the tenant list, DESCRIPTION not last, POLICY name unquoted, TENANT before RECOVERY_WINDOW (1064)", async () => {
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM BACKUP PLUS ARCHIVELOG TENANT = s_a"), 1064, "42000", PARSE("TENANT = s_a"));
    await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = s_a DESCRIPTION 'x' PLUS ARCHIVELOG"), 1064, "42000", PARSE("PLUS ARCHIVELOG"));
    await expectError(
      sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' TENANT = s_a RECOVERY_WINDOW '7d'"),
      1064,
      "42000",
      PARSE("RECOVERY_WINDOW '7d'"),
    );
    await expectError(
      sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY default RECOVERY_WINDOW '7d' TENANT = s_a"),
      1064,
      "42000",
      PARSE("default RECOVERY_WINDOW '7d' TENANT = s_a"),
    );
    await expectError(sys.query("ALTER SYSTEM DELETE BACKUPSET 1 DESCRIPTION 'x' TENANT = s_a"), 1064, "42000", PARSE("TENANT = s_a"));
    assert.deepStrictEqual(sysJob(), []);
  });
});

describe("statements: sys BACKUP DATABASE with no qualifying tenant", () => {
  const f = useEmulator();

  it("4.2 #9: sys BACKUP DATABASE when no tenant meets the condition is 9040 with the U+FFFC text", async () => {
    const sys = await f.as("root@sys");
    const msg =
      "backup can not start, because no tenant meets the backup condition, \uFFFCplease check the tenant status, log archive status, backup data dest, and backup status for each tenant";
    await expectError(sys.query("ALTER SYSTEM BACKUP DATABASE"), 9040, "HY000", msg);
    // a destination without archiving does not qualify either
    await exec(sys, "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/mysql_tenant/data' TENANT = mysql_tenant");
    await expectError(sys.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE PLUS ARCHIVELOG DESCRIPTION 'x'"), 9040, "HY000", msg);
    assert.deepStrictEqual(await rows(sys, "SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_JOBS"), []);
  });
});

// ---- §1.7 CANCEL BACKUP ----------------------------------------------------------------------------------------

describe("statements: ALTER SYSTEM CANCEL BACKUP (§1.7)", () => {
  const f = useEmulator({ tenants: tenants("c_a", "c_b", "c_c") });
  const statusOf = (tenant: string) => jobsOf(f.h, f.id(tenant)).map((j) => j.STATUS);

  it("4.2 #1: CANCEL BACKUP (any tenant form) with nothing running is OK, 0 rows affected", async () => {
    const sys = await f.as("root@sys");
    const a = await f.as("root@c_a");
    for (const [c, sql] of [
      [sys, "ALTER SYSTEM CANCEL BACKUP"],
      [sys, "ALTER SYSTEM CANCEL BACKUP TENANT = c_a"],
      [sys, "ALTER SYSTEM CANCEL BACKUP TENANT c_a, 'c_b'"],
      [a, "ALTER SYSTEM CANCEL BACKUP"],
    ] as const) {
      const r = await exec(c, sql);
      assert.strictEqual(r.affectedRows, 0, sql);
    }
  });

  it("4.2 #15: user tenant CANCEL BACKUP TENANT = x is 1235 Not supported feature or function", async () => {
    const a = await f.as("root@c_a");
    await expectError(a.query("ALTER SYSTEM CANCEL BACKUP TENANT = c_a"), 1235, "0A000", "Not supported feature or function");
    await expectError(a.query("ALTER SYSTEM CANCEL BACKUP TENANT = c_b"), 1235, "0A000", "Not supported feature or function");
  });

  it("§1.7 user CANCEL BACKUP: the job goes CANCELING, then CANCELED with RESULT -4072, then to history", async () => {
    const sys = await f.as("root@sys");
    await prepareTenant(f.h, sys, "c_a");
    const a = await f.as("root@c_a");
    await exec(a, "ALTER SYSTEM BACKUP DATABASE");
    await exec(a, "ALTER SYSTEM CANCEL BACKUP");
    assert.deepStrictEqual(await rows(a, "SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS"), [{ STATUS: "CANCELING" }]);
    advanceUntil(f.h, "CANCELED", () => statusOf("c_a")[0] === "CANCELED");
    assert.deepStrictEqual(await rows(a, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOBS"), [{ STATUS: "CANCELED", RESULT: "-4072" }]);
    // a CANCELED job not yet in history still blocks a new backup (4.2 #3: any status)
    await expectError(a.query("ALTER SYSTEM BACKUP DATABASE"), 9036, "HY000", "Backup is in progress");
    advanceUntil(f.h, "history", () => statusOf("c_a").length === 0);
    assert.deepStrictEqual(await rows(a, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY"), [{ STATUS: "CANCELED", RESULT: "-4072" }]);
  });

  it("§1.7 sys CANCEL BACKUP TENANT = t cancels t's DOING job; sys CANCEL BACKUP without a list cancels every tenant and the sys job", async () => {
    const sys = await f.as("root@sys");
    await prepareTenant(f.h, sys, "c_b");
    await prepareTenant(f.h, sys, "c_c");
    const b = await f.as("root@c_b");
    const c = await f.as("root@c_c");
    await exec(b, "ALTER SYSTEM BACKUP DATABASE");
    advanceUntil(f.h, "c_b DOING", () => statusOf("c_b")[0] === "DOING");
    await exec(sys, "ALTER SYSTEM CANCEL BACKUP TENANT = c_b");
    assert.deepStrictEqual(statusOf("c_b"), ["CANCELING"]);
    advanceUntil(f.h, "c_b CANCELED", () => statusOf("c_b")[0] === "CANCELED");
    assert.deepStrictEqual(await rows(b, "SELECT RESULT FROM oceanbase.DBA_OB_BACKUP_JOBS"), [{ RESULT: "-4072" }]);
    advanceUntil(f.h, "c_a / c_b in history", () => statusOf("c_b").length === 0 && statusOf("c_a").length === 0);

    await exec(c, "ALTER SYSTEM BACKUP DATABASE");
    await exec(sys, "ALTER SYSTEM BACKUP TENANT = c_a");
    assert.deepStrictEqual(statusOf("c_c"), ["INIT"]);
    await exec(sys, "ALTER SYSTEM CANCEL BACKUP");
    assert.deepStrictEqual(statusOf("c_c"), ["CANCELING"]);
    assert.deepStrictEqual(jobsOf(f.h, 1).map((j) => j.STATUS), ["CANCELING"]);
    advanceUntil(f.h, "sys job CANCELED", () => jobsOf(f.h, 1)[0]?.STATUS === "CANCELED");
    assert.deepStrictEqual(await rows(sys, "SELECT STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1"), [{ STATUS: "CANCELED", RESULT: "-4072" }]);
  });

  it("§1.7 CANCEL BACKUP skips a tenant that is not NORMAL, without an error", async () => {
    const sys = await f.as("root@sys");
    const a = await f.as("root@c_a");
    advanceUntil(f.h, "no c_a job", () => statusOf("c_a").length === 0);
    await exec(a, "ALTER SYSTEM BACKUP DATABASE");
    f.h.setTenantStatus("c_a", "RESTORE");
    try {
      const r = await exec(sys, "ALTER SYSTEM CANCEL BACKUP TENANT = c_a");
      assert.strictEqual(r.affectedRows, 0);
      assert.deepStrictEqual(statusOf("c_a"), ["INIT"]);
    } finally {
      f.h.setTenantStatus("c_a", "NORMAL");
    }
    await exec(sys, "ALTER SYSTEM CANCEL BACKUP TENANT = c_a");
    assert.deepStrictEqual(statusOf("c_a"), ["CANCELING"]);
  });
});

// ---- §1.8 delete policy and CANCEL DELETE BACKUP ---------------------------------------------------------------

describe("statements: DELETE BACKUP POLICY and CANCEL DELETE BACKUP (§1.8)", () => {
  const f = useEmulator({ tenants: tenants("p_a", "p_b", "p_c", "p_cancel") });
  const policyOf = async (c: Conn) => rows(c, "SELECT POLICY_NAME, RECOVERY_WINDOW FROM oceanbase.DBA_OB_BACKUP_DELETE_POLICY");

  it("§1.2 ADD / DROP DELETE BACKUP POLICY [=] 'default' [RECOVERY_WINDOW [=] '...'] [REDUNDANCY] [BACKUP_COPIES] [TENANT [=] t]", async () => {
    const a = await f.as("root@p_a");
    const sys = await f.as("root@sys");
    await exec(a, "ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'");
    assert.deepStrictEqual(await policyOf(a), [{ POLICY_NAME: "default", RECOVERY_WINDOW: "7d" }]);
    await exec(a, "ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'");
    assert.deepStrictEqual(await policyOf(a), []);
    await exec(a, "ALTER SYSTEM ADD DELETE BACKUP POLICY = 'default' RECOVERY_WINDOW = '0'");
    assert.deepStrictEqual(await policyOf(a), [{ POLICY_NAME: "default", RECOVERY_WINDOW: "0" }]);
    await exec(a, "ALTER SYSTEM DROP DELETE BACKUP POLICY = 'default'");
    // REDUNDANCY = 1 alone is a valid policy
    await exec(a, "ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' REDUNDANCY = 1");
    assert.deepStrictEqual((await policyOf(a)).map((p) => p.POLICY_NAME), ["default"]);
    await exec(a, "ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'");
    assert.deepStrictEqual(await policyOf(a), []);

    const b = String(f.id("p_b"));
    const cId = String(f.id("p_c"));
    await exec(sys, "ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '30d' TENANT = p_b");
    await exec(sys, "ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW = '1d' REDUNDANCY 1 BACKUP_COPIES = 2 TENANT 'p_c'");
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID, POLICY_NAME, RECOVERY_WINDOW FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY ORDER BY TENANT_ID"), [
      { TENANT_ID: b, POLICY_NAME: "default", RECOVERY_WINDOW: "30d" },
      { TENANT_ID: cId, POLICY_NAME: "default", RECOVERY_WINDOW: "1d" },
    ]);
    await exec(sys, "ALTER SYSTEM DROP DELETE BACKUP POLICY = 'default' TENANT p_b");
    await exec(sys, "ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = 'p_c'");
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY"), []);
  });

  it("4.2 #21: ADD DELETE BACKUP POLICY with a name other than 'default' is 1235", async () => {
    const a = await f.as("root@p_a");
    const sys = await f.as("root@sys");
    const msg = "The policy name is not 'default', it is not supported";
    await expectError(a.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'x' RECOVERY_WINDOW '7d'"), 1235, "0A000", msg);
    await expectError(a.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'DEFAULT' RECOVERY_WINDOW '7d'"), 1235, "0A000", msg);
    await expectError(sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'weekly' RECOVERY_WINDOW '7d' TENANT = p_a"), 1235, "0A000", msg);
    await expectError(a.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'x'"), 1235, "0A000", msg);
    assert.deepStrictEqual(await policyOf(a), []);
  });

  it("4.2 #22: ADD DELETE BACKUP POLICY 'default' with neither RECOVERY_WINDOW nor REDUNDANCY is 1235", async () => {
    const a = await f.as("root@p_a");
    const sys = await f.as("root@sys");
    const msg = "Neither recovery_window nor redundancy is set not supported";
    await expectError(a.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default'"), 1235, "0A000", msg);
    await expectError(sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' TENANT = p_a"), 1235, "0A000", msg);
    await expectError(a.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' BACKUP_COPIES 2"), 1235, "0A000", msg);
    assert.deepStrictEqual(await policyOf(a), []);
  });

  it("4.2 #23: an invalid RECOVERY_WINDOW ('1w', '-1d', 'seven') is 1235", async () => {
    const a = await f.as("root@p_a");
    // '' is not here: the resolver checks the time string only when it is not empty (§0.1)
    for (const w of ["1w", "-1d", "seven", "7 d", "0x", "08d"]) {
      await expectError(
        a.query(`ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '${w}'`),
        1235,
        "0A000",
        "recovery window is not be time string not supported",
      );
    }
    assert.deepStrictEqual(await policyOf(a), []);
  });

  it("§1.8 REDUNDANCY other than 1 (no window) is 1235; a user tenant naming a TENANT is 1235", async () => {
    const a = await f.as("root@p_a");
    await expectError(a.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' REDUNDANCY 2"), 1235, "0A000", "Redundancy not equal to 1 is not supported");
    const msg = "user tenant cannot specify tenant names not supported";
    await expectError(a.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = p_a"), 1235, "0A000", msg);
    await expectError(a.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = p_a"), 1235, "0A000", msg);
    assert.deepStrictEqual(await policyOf(a), []);
  });

  it("4.2 #24: sys ADD / DROP DELETE BACKUP POLICY without TENANT is 1235 'Too little tenant names'", async () => {
    const sys = await f.as("root@sys");
    const msg = "Too little tenant names specified, only one tenant name can be specified not supported";
    await expectError(sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'"), 1235, "0A000", msg);
    await expectError(sys.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'"), 1235, "0A000", msg);
  });

  it("4.2 #25: sys ADD / DROP DELETE BACKUP POLICY with 2+ tenants is 1235 'Too many tenant names'", async () => {
    const sys = await f.as("root@sys");
    const msg = "Too many tenant names specified, only one tenant name can be specified not supported";
    await expectError(sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = p_a, p_b"), 1235, "0A000", msg);
    await expectError(sys.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = p_a, p_b, p_c"), 1235, "0A000", msg);
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY"), []);
  });

  it("4.2 #26: ADD DELETE BACKUP POLICY when 'default' exists is 1062 (23000) Duplicate entry; the policy is unchanged", async () => {
    const a = await f.as("root@p_a");
    const sys = await f.as("root@sys");
    await exec(a, "ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'");
    // the exact text is unverified in the reference; the ob_errno.def format is "Duplicate entry '%s' for key '%.*s'"
    const dup = /^Duplicate entry '.+' for key '.+'$/;
    await expectError(a.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '14d'"), 1062, "23000", dup);
    await expectError(sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' REDUNDANCY 1 TENANT = p_a"), 1062, "23000", dup);
    assert.deepStrictEqual(await policyOf(a), [{ POLICY_NAME: "default", RECOVERY_WINDOW: "7d" }]);
    await exec(a, "ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'");
  });

  it("4.2 #27: DROP DELETE BACKUP POLICY that does not exist is OK", async () => {
    const a = await f.as("root@p_a");
    const sys = await f.as("root@sys");
    assert.deepStrictEqual(await policyOf(a), []);
    await exec(a, "ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'");
    await exec(sys, "ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = p_b");
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY"), []);
  });

  it("4.2 #2: CANCEL DELETE BACKUP with no running delete job is OK", async () => {
    const sys = await f.as("root@sys");
    const a = await f.as("root@p_a");
    for (const [c, sql] of [
      [sys, "ALTER SYSTEM CANCEL DELETE BACKUP"],
      [sys, "ALTER SYSTEM CANCEL DELETE BACKUP TENANT = p_a"],
      [sys, "ALTER SYSTEM CANCEL DELETE BACKUP TENANT p_a, 'p_b' DESCRIPTION = 'stop cleanup'"],
      [a, "ALTER SYSTEM CANCEL DELETE BACKUP"],
      [a, "ALTER SYSTEM CANCEL DELETE BACKUP DESCRIPTION 'x'"],
    ] as const) {
      const r = await exec(c, sql);
      assert.strictEqual(r.affectedRows, 0, sql);
    }
  });

  it("§1.8 a user tenant CANCEL DELETE BACKUP TENANT = x is 1235", async () => {
    const a = await f.as("root@p_a");
    await expectError(a.query("ALTER SYSTEM CANCEL DELETE BACKUP TENANT = p_a"), 1235, "0A000", "user tenant cannot specify tenant names not supported");
  });

  it("§1.8 with a policy the hourly DELETE OBSOLETE BACKUP job starts; CANCEL DELETE BACKUP makes it CANCELING / CANCELED (-4072)", async () => {
    const c = await f.as("root@p_cancel");
    const id = f.id("p_cancel");
    await exec(c, "ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '1d'");
    const deleteJobs = () => f.h.sql(`SELECT JOB_ID, STATUS FROM oceanbase.CDB_OB_BACKUP_DELETE_JOBS WHERE TENANT_ID = ${id}`);
    f.h.advance(3_600_000 + 1000);
    assert.strictEqual(deleteJobs().length, 1, "one delete job within an hour");
    const job = await one(c, "SELECT TYPE, JOB_LEVEL, INITIATOR_TENANT_ID, STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS");
    assert.deepStrictEqual([job.TYPE, job.JOB_LEVEL, job.INITIATOR_TENANT_ID], ["DELETE OBSOLETE BACKUP", "USER_TENANT", String(id)]);
    assert.ok(job.STATUS === "INIT" || job.STATUS === "DOING", `delete job still running (${String(job.STATUS)})`);
    await exec(c, "ALTER SYSTEM CANCEL DELETE BACKUP");
    assert.deepStrictEqual(await rows(c, "SELECT STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS"), [{ STATUS: "CANCELING", RESULT: "-4072" }]);
    advanceUntil(f.h, "delete job CANCELED", () => deleteJobs()[0]?.STATUS === "CANCELED");
    advanceUntil(f.h, "delete job in history", () => deleteJobs().length === 0);
    assert.deepStrictEqual(await rows(c, "SELECT TYPE, STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY"), [
      { TYPE: "DELETE OBSOLETE BACKUP", STATUS: "CANCELED", RESULT: "-4072" },
    ]);
  });
});

// ---- §1.10 manual deletion and statements refused in V4 --------------------------------------------------------

describe("statements: manual DELETE and the V3 statements refused in V4 (§1.2, §1.10)", () => {
  const f = useEmulator();

  it("4.2 #28, §0.1/§1.10: DELETE BACKUPSET / BACKUPPIECE / OBSOLETE BACKUP is 1235 'function is not supported' from a user tenant, 'need to specify a tenant name not supported' from sys", async () => {
    const sys = await f.as("root@sys");
    const t = await f.as("root@mysql_tenant");
    // from sys the resolver's second check overwrites the message, with or without TENANT (§1.10)
    const fromSys = "need to specify a tenant name not supported";
    const statements: [Conn, string, string][] = [
      [sys, "ALTER SYSTEM DELETE BACKUPSET 1 TENANT = mysql_tenant", fromSys],
      [sys, "ALTER SYSTEM DELETE BACKUPSET 1 COPY 2 TENANT mysql_tenant DESCRIPTION = 'old'", fromSys],
      [sys, "ALTER SYSTEM DELETE BACKUPPIECE 3 TENANT = mysql_tenant", fromSys],
      [sys, "ALTER SYSTEM DELETE BACKUPPIECE 3 COPY 1 TENANT = mysql_tenant DESCRIPTION 'p'", fromSys],
      [sys, "ALTER SYSTEM DELETE OBSOLETE BACKUP TENANT = mysql_tenant", fromSys],
      [sys, "ALTER SYSTEM DELETE OBSOLETE BACKUP DESCRIPTION 'all'", fromSys],
      [t, "ALTER SYSTEM DELETE BACKUPSET 1", "function is not supported"],
      [t, "ALTER SYSTEM DELETE BACKUPPIECE 1", "function is not supported"],
      [t, "ALTER SYSTEM DELETE OBSOLETE BACKUP", "function is not supported"],
    ];
    for (const [c, sql, msg] of statements) await expectError(c.query(sql), 1235, "0A000", msg);
    assert.deepStrictEqual(await rows(sys, "SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_DELETE_JOBS"), []);
  });

  it("4.2 #29, §0.1/§1.10: sys DELETE BACKUPSET / BACKUPPIECE without TENANT is 'need to specify a tenant name not supported'", async () => {
    const sys = await f.as("root@sys");
    await expectError(sys.query("ALTER SYSTEM DELETE BACKUPSET 1"), 1235, "0A000", "need to specify a tenant name not supported");
    await expectError(sys.query("ALTER SYSTEM DELETE BACKUPPIECE 2"), 1235, "0A000", "need to specify a tenant name not supported");
  });

  it("§1.2 SUSPEND/RESUME BACKUP, VALIDATE, CANCEL VALIDATE, CANCEL BACKUP BACKUPSET/BACKUPPIECE, CANCEL ALL BACKUP FORCE, BACKUP BACKUPSET/BACKUPPIECE, START/STOP BACKUP ARCHIVELOG parse but are 1235", async () => {
    const sys = await f.as("root@sys");
    for (const sql of [
      "ALTER SYSTEM SUSPEND BACKUP",
      "ALTER SYSTEM RESUME BACKUP",
      "ALTER SYSTEM VALIDATE DATABASE",
      "ALTER SYSTEM VALIDATE BACKUPSET 1",
      "ALTER SYSTEM CANCEL VALIDATE 1",
      "ALTER SYSTEM CANCEL BACKUP BACKUPSET",
      "ALTER SYSTEM CANCEL BACKUP BACKUPPIECE",
      "ALTER SYSTEM CANCEL ALL BACKUP FORCE",
      "ALTER SYSTEM BACKUP BACKUPSET ALL",
      "ALTER SYSTEM BACKUP BACKUPPIECE ALL",
      "ALTER SYSTEM START BACKUP ARCHIVELOG",
      "ALTER SYSTEM STOP BACKUP ARCHIVELOG",
    ]) {
      await expectError(sys.query(sql), 1235, "0A000", /not supported/i);
    }
    assert.deepStrictEqual(await rows(sys, "SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_JOBS"), []);
  });
});

// ---- §1.9 SET ENCRYPTION / SET DECRYPTION / BACKUP KEY ----------------------------------------------------------

describe("statements: SET ENCRYPTION, SET DECRYPTION, BACKUP KEY (§1.9)", () => {
  const f = useEmulator({ tenants: tenants("e_a", "e_b", "e_c") });
  before(async () => {
    const sys = await f.as("root@sys");
    for (const t of ["e_a", "e_b", "e_c"]) await prepareTenant(f.h, sys, t);
  });

  it(
    "§1.9 SET ENCRYPTION ON IDENTIFIED BY '...' ONLY: the session's next BACKUP gets ENCRYPTION_MODE='PASSWORD' and the stage-2 hash, never the password",
    guarded(async () => {
      const s = await f.fresh("root@e_a");
      const id = f.id("e_a");
      await exec(s, `SET ENCRYPTION ON IDENTIFIED BY '${ENC_PWD}' ONLY`);
      await exec(s, "ALTER SYSTEM BACKUP DATABASE");
      const job = await one(s, "SELECT ENCRYPTION_MODE, PASSWD FROM oceanbase.DBA_OB_BACKUP_JOBS");
      assert.strictEqual(job.ENCRYPTION_MODE, "PASSWORD");
      assertStage2(job.PASSWD, ENC_PWD, "DBA_OB_BACKUP_JOBS.PASSWD");
      // once running, no view holds the password either
      advanceUntil(f.h, "job DOING", () => jobsOf(f.h, id)[0]?.STATUS === "DOING");
      for (const view of ["DBA_OB_BACKUP_JOBS", "DBA_OB_BACKUP_TASKS", "DBA_OB_BACKUP_SET_FILES"]) {
        assertNoSecret(JSON.stringify(await rows(s, `SELECT * FROM oceanbase.${view}`)), view);
      }
      const sys = await f.as("root@sys");
      assertNoSecret(JSON.stringify(await rows(sys, "SELECT * FROM oceanbase.CDB_OB_BACKUP_JOBS")), "CDB_OB_BACKUP_JOBS");
      // nor does the emulator's statement log
      assertNoSecret(JSON.stringify(f.h.statements()), "the statement log");
    }),
  );

  it(
    "§1.9 the password belongs to the session: another session of the tenant backs up with ENCRYPTION_MODE='NONE' and an empty PASSWD",
    guarded(async () => {
      const other = await f.fresh("root@e_b");
      await exec(other, `SET ENCRYPTION ON IDENTIFIED BY '${ENC_PWD}' ONLY`);
      const s = await f.fresh("root@e_b");
      await exec(s, "ALTER SYSTEM BACKUP DATABASE");
      assert.deepStrictEqual(await one(s, "SELECT ENCRYPTION_MODE, PASSWD FROM oceanbase.DBA_OB_BACKUP_JOBS"), { ENCRYPTION_MODE: "NONE", PASSWD: "" });
    }),
  );

  it(
    "§1.9 SET ENCRYPTION in a sys session: the sys BACKUP TENANT job gets PASSWORD and the stage-2 hash",
    guarded(async () => {
      const s = await f.fresh("root@sys");
      await exec(s, `SET ENCRYPTION ON IDENTIFIED BY '${SYS_ENC_PWD}' ONLY`);
      await exec(s, "ALTER SYSTEM BACKUP TENANT = e_c");
      const job = await one(s, "SELECT ENCRYPTION_MODE, PASSWD FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1");
      assert.strictEqual(job.ENCRYPTION_MODE, "PASSWORD");
      assertStage2(job.PASSWD, SYS_ENC_PWD, "CDB_OB_BACKUP_JOBS.PASSWD of the sys job");
    }),
  );

  it(
    "§1.9 SET DECRYPTION IDENTIFIED BY 'p1'[, 'p2'] is accepted in sys",
    guarded(async () => {
      const sys = await f.fresh("root@sys");
      await exec(sys, `SET DECRYPTION IDENTIFIED BY '${DEC_PWDS[0]}'`);
      await exec(sys, `SET DECRYPTION IDENTIFIED BY '${DEC_PWDS[0]}', '${DEC_PWDS[1]}'`);
      assertNoSecret(JSON.stringify(f.h.statements()), "the statement log");
    }),
  );

  it(
    "4.2 #19: user tenant SET DECRYPTION is 1235 'non-sys tenant set decryption is not supported'",
    guarded(async () => {
      const t = await f.as("root@e_a");
      await expectError(t.query(`SET DECRYPTION IDENTIFIED BY '${DEC_PWDS[0]}'`), 1235, "0A000", "non-sys tenant set decryption is not supported");
    }),
  );

  it(
    "§1.9 BACKUP KEY [TENANT = t] TO 'path' [ENCRYPTED BY '...'] is accepted on Enterprise Edition; sys with two tenants is 1210",
    guarded(async () => {
      const t = await f.as("root@e_a");
      const sys = await f.as("root@sys");
      await exec(t, `ALTER SYSTEM BACKUP KEY TO 'file:///backup/e_a/key' ENCRYPTED BY '${KEY_PWD}'`);
      await exec(sys, "ALTER SYSTEM BACKUP KEY TENANT = e_b TO 'file:///backup/e_b/key'");
      await expectError(
        sys.query("ALTER SYSTEM BACKUP KEY TENANT = e_a, e_b TO 'file:///backup/both/key'"),
        1210,
        "HY000",
        "Incorrect arguments to tenant list, count of tenants must be 1",
      );
    }),
  );

  it("§1.9 the BACKUP KEY path is shown in CDB_/DBA_OB_BACKUP_STORAGE_INFO", async () => {
    const t = await f.as("root@e_c");
    await exec(t, "ALTER SYSTEM BACKUP KEY TO 'file:///backup/e_c/key'");
    const paths = (await rows(t, "SELECT PATH FROM oceanbase.DBA_OB_BACKUP_STORAGE_INFO")).map((r) => r.PATH);
    assert.ok(paths.includes("file:///backup/e_c/key"), `DBA_OB_BACKUP_STORAGE_INFO paths: ${JSON.stringify(paths)}`);
  });
});

// ---- hint form, versions, edition ------------------------------------------------------------------------------

describe("statements: the hint form ALTER /*+ ... */ SYSTEM (§1.1)", () => {
  const v43 = useEmulator({ version: "4.3.0.1" });
  const v421 = useEmulator({ version: "4.2.1.0" });

  it("§1.1 ALTER /*+ x */ SYSTEM is accepted on 4.3.0.1", async () => {
    const t = await v43.as("root@mysql_tenant");
    const sys = await v43.as("root@sys");
    await exec(t, "ALTER /*+ x */ SYSTEM ARCHIVELOG");
    assert.deepStrictEqual(await rows(t, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "ARCHIVELOG" }]);
    await exec(t, "ALTER /*+ query_timeout(100000000) */ SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'");
    assert.deepStrictEqual(await rows(t, "SELECT RECOVERY_WINDOW FROM oceanbase.DBA_OB_BACKUP_DELETE_POLICY"), [{ RECOVERY_WINDOW: "7d" }]);
    await exec(sys, "ALTER /*+ x */ SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/hint/data' TENANT = mysql_tenant");
    assert.deepStrictEqual(await rows(t, "SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER"), [{ VALUE: "file:///backup/hint/data" }]);
  });

  it("§1.1 ALTER /*+ x */ SYSTEM is a 1064 parse error on 4.2.1.0", async () => {
    const t = await v421.as("root@mysql_tenant");
    await expectError(t.query("ALTER /*+ x */ SYSTEM ARCHIVELOG"), 1064, "42000", PARSE_ANY);
    await expectError(t.query("ALTER /*+ x */ SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'"), 1064, "42000", PARSE_ANY);
    assert.deepStrictEqual(await rows(t, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "NOARCHIVELOG" }]);
    assert.deepStrictEqual(await rows(t, "SELECT RECOVERY_WINDOW FROM oceanbase.DBA_OB_BACKUP_DELETE_POLICY"), []);
    // the plain form works on 4.2.1.0
    await exec(t, "ALTER SYSTEM ARCHIVELOG");
    assert.deepStrictEqual(await rows(t, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "ARCHIVELOG" }]);
  });
});

describe("statements: PLUS ARCHIVELOG before V4.2 (§1.6)", () => {
  const v41 = useEmulator({ version: "4.1.0.0" });
  const v40 = useEmulator({ version: "4.0.0.0" });
  const v420 = useEmulator({ version: "4.2.0.0" });

  it("4.2 #40: BACKUP ... PLUS ARCHIVELOG on 4.1.0.0 (and 4.0.0.0) is 1235 'plus archive is not supported not supported'", async () => {
    const msg = "plus archive is not supported not supported";
    for (const f of [v41, v40]) {
      const sys = await f.as("root@sys");
      await prepareTenant(f.h, sys, "mysql_tenant");
      const t = await f.as("root@mysql_tenant");
      await expectError(t.query("ALTER SYSTEM BACKUP DATABASE PLUS ARCHIVELOG"), 1235, "0A000", msg);
      await expectError(t.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE PLUS ARCHIVELOG DESCRIPTION 'x'"), 1235, "0A000", msg);
      await expectError(sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant PLUS ARCHIVELOG"), 1235, "0A000", msg);
      assert.deepStrictEqual(await rows(sys, "SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_JOBS"), [], f.h.options.version);
      // without PLUS ARCHIVELOG the same backup is accepted
      await exec(t, "ALTER SYSTEM BACKUP DATABASE");
      assert.deepStrictEqual(await one(t, "SELECT PLUS_ARCHIVELOG, STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS"), { PLUS_ARCHIVELOG: "OFF", STATUS: "INIT" });
    }
  });

  it("§1.6 PLUS ARCHIVELOG is accepted from 4.2.0.0", async () => {
    const sys = await v420.as("root@sys");
    await prepareTenant(v420.h, sys, "mysql_tenant");
    const t = await v420.as("root@mysql_tenant");
    await exec(t, "ALTER SYSTEM BACKUP DATABASE PLUS ARCHIVELOG");
    assert.deepStrictEqual(await one(t, "SELECT PLUS_ARCHIVELOG, STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS"), { PLUS_ARCHIVELOG: "ON", STATUS: "INIT" });
  });
});

describe("statements: Community Edition (§1.1, §1.9)", () => {
  const f = useEmulator({ edition: "CE", tenants: [{ name: "mysql_tenant" }] });

  it(
    "4.2 #42: BACKUP KEY on Community Edition is a 1064 parse error",
    guarded(async () => {
      const sys = await f.as("root@sys");
      const t = await f.as("root@mysql_tenant");
      // the reference gives only OB_ERR_PARSE_SQL (1064, 42000), not the text
      await expectError(sys.query("ALTER SYSTEM BACKUP KEY TENANT = mysql_tenant TO 'file:///backup/key'"), 1064, "42000");
      await expectError(t.query(`ALTER SYSTEM BACKUP KEY TO 'file:///backup/key' ENCRYPTED BY '${KEY_PWD}'`), 1064, "42000");
    }),
  );
});

// ---- Oracle mode -----------------------------------------------------------------------------------------------

describe("statements: an Oracle-mode tenant (SYS@oracle_tenant, §4)", () => {
  const f = useEmulator();
  const ora = (code: number, text: string) => `ORA-00600: internal error code, arguments: ${code}, ${text}`;

  it("§4 OceanBase-specific errors come back as errno 600 'ORA-00600: internal error code, arguments: -9040, ...'", async () => {
    const o = await f.as("SYS@oracle_tenant");
    await expectError(o.query("ALTER SYSTEM BACKUP DATABASE"), 600, "HY000", ora(-9040, "backup can not start"));
    await expectError(o.query("ALTER SYSTEM NOARCHIVELOG"), 600, "HY000", ora(-9092, "Already in NOARCHIVELOG mode"));
  });

  it("§1.3-§1.6 in Oracle mode: destinations, ARCHIVELOG, BACKUP read back from SYS.DBA_* views; 9091 and 9036 as ORA-00600", async () => {
    const o = await f.as("SYS@oracle_tenant");
    const id = f.id("oracle_tenant");
    await exec(o, "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/oracle_tenant/data'");
    assert.deepStrictEqual(await rows(o, "SELECT NAME, VALUE FROM SYS.DBA_OB_BACKUP_PARAMETER"), [
      { NAME: "data_backup_dest", VALUE: "file:///backup/oracle_tenant/data" },
    ]);
    await exec(o, "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/oracle_tenant/archive'");
    assert.deepStrictEqual(await rows(o, "SELECT VALUE FROM SYS.DBA_OB_ARCHIVE_DEST WHERE NAME = 'path'"), [
      { VALUE: "file:///backup/oracle_tenant/archive" },
    ]);
    await exec(o, "ALTER SYSTEM ARCHIVELOG");
    assert.deepStrictEqual(await rows(o, "SELECT LOG_MODE FROM SYS.DBA_OB_TENANTS"), [{ LOG_MODE: "ARCHIVELOG" }]);
    await expectError(o.query("ALTER SYSTEM ARCHIVELOG"), 600, "HY000", ora(-9091, "Already in ARCHIVELOG mode"));
    advanceUntil(f.h, "archive DOING", () => archiveStatus(f.h, id) === "DOING");
    assert.deepStrictEqual(await rows(o, "SELECT STATUS FROM SYS.DBA_OB_ARCHIVELOG"), [{ STATUS: "DOING" }]);
    await exec(o, "ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'oracle'");
    const job = await one(o, "SELECT JOB_LEVEL, STATUS, DESCRIPTION, START_TIMESTAMP, END_TIMESTAMP FROM SYS.DBA_OB_BACKUP_JOBS");
    assert.deepStrictEqual([job.JOB_LEVEL, job.STATUS, job.DESCRIPTION, job.END_TIMESTAMP], ["USER_TENANT", "INIT", "oracle", null]);
    // Oracle-mode views show timestamps as strings without microseconds (§2.9)
    assert.match(String(job.START_TIMESTAMP), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await expectError(o.query("ALTER SYSTEM BACKUP DATABASE"), 600, "HY000", ora(-9036, "Backup is in progress"));
    await expectError(o.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/oracle_tenant/data2'"), 600, "HY000", ora(-9036, "Backup is in progress"));
  });
});

// ---- privileges ------------------------------------------------------------------------------------------------

describe("statements: privileges (§1.1)", () => {
  const f = useEmulator({ users: [{ tenant: "mysql_tenant", user: "reader", alterSystem: false }] });

  it("§1.1 a user without the ALTER SYSTEM privilege gets 1227 (42501) Access denied for every backup statement; nothing changes", async () => {
    const r = await f.as("reader@mysql_tenant");
    for (const sql of [
      "ALTER SYSTEM ARCHIVELOG",
      "ALTER SYSTEM NOARCHIVELOG",
      "ALTER SYSTEM BACKUP DATABASE",
      "ALTER SYSTEM BACKUP INCREMENTAL DATABASE PLUS ARCHIVELOG DESCRIPTION 'x'",
      "ALTER SYSTEM CANCEL BACKUP",
      "ALTER SYSTEM CANCEL DELETE BACKUP",
      "ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'",
      "ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'",
      "ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/reader/data'",
      "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/reader/archive'",
      "ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER'",
      "ALTER SYSTEM SET log_archive_concurrency = 2",
    ]) {
      await expectError(r.query(sql), 1227, "42501", "Access denied");
    }
    const root = await f.as("root@mysql_tenant");
    assert.deepStrictEqual(await rows(root, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "NOARCHIVELOG" }]);
    assert.deepStrictEqual(await rows(root, "SELECT VALUE FROM oceanbase.DBA_OB_BACKUP_PARAMETER"), []);
    assert.deepStrictEqual(await rows(root, "SELECT VALUE FROM oceanbase.DBA_OB_ARCHIVE_DEST"), []);
    assert.deepStrictEqual(await rows(root, "SELECT POLICY_NAME FROM oceanbase.DBA_OB_BACKUP_DELETE_POLICY"), []);
    // the reader may still read the views, and the tenant's admin may run the same statement
    assert.deepStrictEqual(await rows(r, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "NOARCHIVELOG" }]);
    await exec(root, "ALTER SYSTEM ARCHIVELOG");
    assert.deepStrictEqual(await rows(r, "SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS"), [{ LOG_MODE: "ARCHIVELOG" }]);
  });

  it(
    "§1.1 SET ENCRYPTION needs no privilege",
    guarded(async () => {
      const r = await f.fresh("reader@mysql_tenant");
      await exec(r, `SET ENCRYPTION ON IDENTIFIED BY '${READER_ENC_PWD}' ONLY`);
    }),
  );

  it("4.2 #20: a user tenant running an ALTER SYSTEM type not on the allow-list (ADD SERVER) is 1227 Access denied", async () => {
    const root = await f.as("root@mysql_tenant");
    await expectError(root.query("ALTER SYSTEM ADD SERVER '127.0.0.1:2882' ZONE 'zone1'"), 1227, "42501", "Access denied");
  });
});
