// Physical restores on the manual clock (restore research docs/research/oceanbase-restore.md): resource units
// and pools (§2), SET DECRYPTION (§1.4), ALTER SYSTEM RESTORE and its errors in RootService's order (§1.1,
// §5.2), the two job rows and their states (§3.2), the tenant's status and role (§4.1), CANCEL RESTORE (§1.5),
// DROP TENANT (§2), ACTIVATE STANDBY (§4.2) and the view columns by version (§3.4).

import assert = require("assert");
import { EmulatorHandle, EmulatorOptions, startEmulator } from "../../emulator";
import { Conn, connect, expectError, manualEmulator, prepareTenant, rows } from "../support/emulator";

const one = async (c: Conn, sql: string) => (await rows(c, sql))[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CREATE_MS = 1000;
const DURATION_MS = 10000;
const DATA = "file:///backup/mysql_tenant/data";
const ARCH = "file:///backup/mysql_tenant/archive";
const FROM = `'${DATA},${ARCH}'`;

/** "YYYY-MM-DD HH:MI:SS.ffffff" at +08:00 (the emulator's default time zone) of an SCN. */
function scnToTime(scn: bigint): string {
  const us = scn / 1000n;
  const d = new Date(Number(us / 1000n) + 8 * 3600_000);
  return `${d.toISOString().slice(0, 19).replace("T", " ")}.${String(us % 1_000_000n).padStart(6, "0")}`;
}

/** An emulator whose tenants have destinations, archives in DOING and (for `backedUp`) one finished full backup. */
async function backedUpEmulator(options: EmulatorOptions = {}, backedUp = ["mysql_tenant"]): Promise<{ h: EmulatorHandle; sys: Conn }> {
  const h = await manualEmulator({
    tenants: [
      { name: "mysql_tenant", password: "pw1" },
      { name: "oracle_tenant", mode: "ORACLE", password: "pw2" },
    ],
    backupDurationMs: 5000,
    restoreCreateTenantMs: CREATE_MS,
    restoreDurationMs: DURATION_MS,
    ...options,
  });
  const sys = await connect(h);
  await prepareTenant(h, sys, "mysql_tenant");
  await prepareTenant(h, sys, "oracle_tenant");
  for (const t of backedUp) await sys.query(`ALTER SYSTEM BACKUP TENANT = ${t}`);
  h.advance(8000);
  return { h, sys };
}

/** Sends a RESTORE, waits until its sys job exists, moves the clock past CREATE_TENANT and returns the reply. */
async function restoring(h: EmulatorHandle, c: Conn, sql: string, name: string): Promise<unknown> {
  const p = c.query(sql);
  p.catch(() => undefined);
  for (let i = 0; i < 300 && !h.restores().some((r) => r.tenantId === 1 && r.restoreTenantName === name && !r.inHistory); i++) await sleep(10);
  h.advance(CREATE_MS + 300);
  return p;
}

describe("emulator: resource units and pools (restore research §2)", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  before(async () => {
    h = await manualEmulator();
    sys = await connect(h);
  });
  after(async () => {
    await sys.end();
    await h.close();
  });

  it("CREATE RESOURCE UNIT: MAX_CPU then MEMORY_SIZE required (1210), limits 4659, a duplicate 4649, IF NOT EXISTS OK", async () => {
    await expectError(sys.query("CREATE RESOURCE UNIT u1 MEMORY_SIZE '5G'"), 1210, "HY000", "Miss argument for MAX_CPU");
    await expectError(sys.query("CREATE RESOURCE UNIT u1 MAX_CPU 1"), 1210, "HY000", "Miss argument for MEMORY_SIZE");
    await expectError(sys.query("CREATE RESOURCE UNIT u1 MAX_CPU 0.5, MEMORY_SIZE '5G'"), 4659, "HY000", "invalid MAX_CPU value, min value is 1");
    await expectError(sys.query("CREATE RESOURCE UNIT u1 MAX_CPU 1, MEMORY_SIZE '512M'"), 4659, "HY000", "invalid MEMORY_SIZE value, min value is 1G");
    await expectError(sys.query("CREATE RESOURCE UNIT u1 MAX_CPU 1, MEMORY_SIZE '5G', LOG_DISK_SIZE '1G'"), 4659, "HY000", "invalid LOG_DISK_SIZE value, min value is 2G");
    await sys.query("CREATE RESOURCE UNIT u1 MAX_CPU 1, MEMORY_SIZE '5G'");
    await sys.query("CREATE RESOURCE UNIT small MAX_CPU = 1, MEMORY_SIZE = 2147483648");
    await expectError(sys.query("CREATE RESOURCE UNIT u1 MAX_CPU 2, MEMORY_SIZE '6G'"), 4649, "HY000", "resource unit 'u1' already exist");
    await sys.query("CREATE RESOURCE UNIT IF NOT EXISTS u1 MAX_CPU 2, MEMORY_SIZE '6G'");
    assert.deepStrictEqual(await one(sys, "SELECT NAME, MAX_CPU + 0 AS CPU, MIN_CPU + 0 AS MINCPU, MEMORY_SIZE, LOG_DISK_SIZE FROM oceanbase.DBA_OB_UNIT_CONFIGS WHERE NAME = 'u1'"), {
      NAME: "u1",
      CPU: "1",
      MINCPU: "1",
      MEMORY_SIZE: "5368709120",
      LOG_DISK_SIZE: String(3 * 5368709120),
    });
  });

  it("CREATE RESOURCE POOL: 4651 exists, 4648 unknown unit, 4530 unknown zone, 1235 below __min_full_resource_pool_memory; free pools have TENANT_ID NULL", async () => {
    await sys.query("CREATE RESOURCE POOL p1 UNIT = 'u1', UNIT_NUM = 1, ZONE_LIST = ('zone1')");
    await expectError(sys.query("CREATE RESOURCE POOL p1 UNIT = 'u1', UNIT_NUM = 1, ZONE_LIST = ('zone1')"), 4651, "HY000", "resource pool 'p1' exist");
    await sys.query("CREATE RESOURCE POOL IF NOT EXISTS p1 UNIT = 'u1', UNIT_NUM = 1, ZONE_LIST = ('zone1')");
    await expectError(sys.query("CREATE RESOURCE POOL p2 UNIT = 'nope', UNIT_NUM = 1, ZONE_LIST = ('zone1')"), 4648, "HY000", "resource unit 'nope' not exist");
    await expectError(sys.query("CREATE RESOURCE POOL p2 UNIT u1, UNIT_NUM 1, ZONE_LIST ('zone9')"), 4530, "HY000", "Zone info 'zone9' not exist");
    await expectError(
      sys.query("CREATE RESOURCE POOL p2 UNIT = small, UNIT_NUM = 1, ZONE_LIST = ('zone1')"),
      1235,
      "0A000",
      "unit MEMORY_SIZE less than __min_full_resource_pool_memory not supported",
    );
    assert.deepStrictEqual(await rows(sys, "SELECT NAME, TENANT_ID, UNIT_COUNT, ZONE_LIST FROM oceanbase.DBA_OB_RESOURCE_POOLS ORDER BY RESOURCE_POOL_ID"), [
      { NAME: "sys_pool", TENANT_ID: "1", UNIT_COUNT: "1", ZONE_LIST: "zone1" },
      { NAME: "mysql_tenant_pool", TENANT_ID: "1002", UNIT_COUNT: "1", ZONE_LIST: "zone1" },
      { NAME: "oracle_tenant_pool", TENANT_ID: "1004", UNIT_COUNT: "1", ZONE_LIST: "zone1" },
      { NAME: "p1", TENANT_ID: null, UNIT_COUNT: "1", ZONE_LIST: "zone1" },
    ]);
  });

  it("DROP RESOURCE POOL / UNIT: 4626 granted, 4650 and 4648 unknown (IF EXISTS OK), 4634 referenced; sys only (1227)", async () => {
    await expectError(sys.query("DROP RESOURCE POOL mysql_tenant_pool"), 4626, "HY000", "resource pool 'mysql_tenant_pool' has already been granted to a tenant");
    await expectError(sys.query("DROP RESOURCE POOL nope"), 4650, "HY000", "resource pool 'nope' not exist");
    await sys.query("DROP RESOURCE POOL IF EXISTS nope");
    await expectError(sys.query("DROP RESOURCE UNIT u1"), 4634, "HY000", "resource unit 'u1' is referenced by some resource pool");
    await expectError(sys.query("DROP RESOURCE UNIT nope"), 4648, "HY000", "resource unit 'nope' not exist");
    await sys.query("DROP RESOURCE UNIT IF EXISTS nope");
    const t1 = await connect(h, "root@mysql_tenant");
    await expectError(t1.query("DROP RESOURCE POOL p1"), 1227, "42501");
    await expectError(t1.query("CREATE RESOURCE UNIT u9 MAX_CPU 1, MEMORY_SIZE '5G'"), 1227, "42501");
    await expectError(t1.query("SELECT * FROM oceanbase.DBA_OB_RESOURCE_POOLS"), 1146, "42S02");
    await t1.end();
    await sys.query("DROP RESOURCE POOL p1");
    await sys.query("DROP RESOURCE UNIT u1");
    assert.deepStrictEqual(await rows(sys, "SELECT NAME FROM oceanbase.DBA_OB_UNIT_CONFIGS WHERE NAME = 'u1'"), []);
  });
});

describe("emulator: ALTER SYSTEM RESTORE checks (restore research §1.1, §5.2)", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  const restore = (rest: string, c = sys) => c.query(`ALTER SYSTEM RESTORE scratch FROM ${FROM} ${rest}`);
  before(async () => {
    ({ h, sys } = await backedUpEmulator());
    await sys.query("CREATE RESOURCE UNIT IF NOT EXISTS ru MAX_CPU 1, MEMORY_SIZE '5G'");
    await sys.query("CREATE RESOURCE POOL IF NOT EXISTS rp UNIT = 'ru', UNIT_NUM = 1, ZONE_LIST = ('zone1')");
  });
  after(async () => {
    await sys.end();
    await h.close();
  });

  it("runs from sys only: 1227 from a user tenant; SET DECRYPTION from a user tenant is 1235", async () => {
    const t1 = await connect(h, "root@mysql_tenant", "pw1");
    await expectError(restore("WITH 'pool_list=rp'", t1), 1227, "42501");
    await expectError(t1.query("ALTER SYSTEM CANCEL RESTORE scratch"), 1227, "42501");
    await expectError(t1.query("SET DECRYPTION IDENTIFIED BY 'x'"), 1235, "0A000", "non-sys tenant set decryption is not supported");
    await t1.end();
  });

  it("grammar: WITH is required (1064), UNTIL needs '=' and SCN an unquoted integer; no FROM is 1210", async () => {
    await expectError(sys.query(`ALTER SYSTEM RESTORE scratch FROM ${FROM}`), 1064, "42000");
    await expectError(restore("UNTIL SCN = '123' WITH 'pool_list=rp'"), 1064, "42000");
    await expectError(restore("UNTIL TIME '2026-01-01 08:00:00' WITH 'pool_list=rp'"), 1064, "42000");
    await expectError(sys.query("ALTER SYSTEM RESTORE scratch WITH 'pool_list=rp'"), 1210, "HY000", "Invalid argument");
    await expectError(restore("UNTIL SCN = 0 WITH 'pool_list=rp'"), 1210, "HY000", "Incorrect arguments to until scn, it should be positive integer");
  });

  it("the WITH string: no spaces, & and =, pool_list required, concurrency 0–100 (§1.1.1)", async () => {
    for (const w of ["", "pool_list = rp", "locality=F@zone1", "pool_list", "pool_list=rp&", "pool_list=rp&&x=1"]) {
      await expectError(restore(`WITH '${w}'`), 1210, "HY000", "Invalid argument");
    }
    await expectError(restore("WITH 'pool_list=rp&concurrency=101'"), 1210, "HY000", "Incorrect arguments to restore concurrency");
    await expectError(restore(`WITH 'pool_list=${"x".repeat(1024)}'`), 4019, "HY000", "Size overflow");
  });

  it("tenant names: '$' and all/all_user/all_meta are 1235; an existing name is 4179", async () => {
    await expectError(sys.query(`ALTER SYSTEM RESTORE \`a$b\` FROM ${FROM} WITH 'pool_list=rp'`), 1235, "0A000", "since 4.2.1, manually creating a tenant name containing '$' is not supported");
    await expectError(sys.query(`ALTER SYSTEM RESTORE ALL_user FROM ${FROM} WITH 'pool_list=rp'`), 1235, "0A000", 'since 4.2.1, using "all" (case insensitive) as a tenant name is not supported');
    await expectError(sys.query(`ALTER SYSTEM RESTORE mysql_tenant FROM ${FROM} WITH 'pool_list=rp'`), 4179, "HY000", "restore tenant with existed tenant name is not allowed");
  });

  it("the URI list: 9026 for a non-URI item, 9011 for a directory with no backup, 1235 for two data paths", async () => {
    await expectError(sys.query(`ALTER SYSTEM RESTORE scratch FROM '${DATA}, nfs:/x' WITH 'pool_list=rp'`), 9026, "HY000", "nfs:/x is not a valid uri");
    await expectError(sys.query(`ALTER SYSTEM RESTORE scratch FROM 'file:///nowhere' WITH 'pool_list=rp'`), 9011, "HY000", "cannot find backup file");
    await expectError(
      sys.query(`ALTER SYSTEM RESTORE scratch FROM '${DATA},file:///backup/oracle_tenant/data' WITH 'pool_list=rp'`),
      1235,
      "0A000",
      "It is not support to restore from multiple tenant backup paths. not supported",
    );
  });

  it("backup selection: 4016 with no backup set, 4018 outside the archived window or before every set (§1.1.2)", async () => {
    await expectError(
      sys.query("ALTER SYSTEM RESTORE scratch FROM 'file:///backup/oracle_tenant/data,file:///backup/oracle_tenant/archive' WITH 'pool_list=rp'"),
      4016,
      "HY000",
      "Internal error",
    );
    // latest from the data path alone: the set was not taken PLUS ARCHIVELOG, so there is no log to use
    await expectError(sys.query(`ALTER SYSTEM RESTORE scratch FROM '${DATA}' WITH 'pool_list=rp'`), 4016, "HY000");
    const set = await one(sys, "SELECT START_REPLAY_SCN, MIN_RESTORE_SCN FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002");
    const before = BigInt(set.START_REPLAY_SCN as string) - 1_000_000_000n;
    await expectError(restore(`UNTIL SCN = ${before} WITH 'pool_list=rp'`), 4018, "HY000", "No enough log for restore");
    await expectError(restore(`UNTIL TIME = '2030-01-01 00:00:00' WITH 'pool_list=rp'`), 4018, "HY000", "No enough log for restore");
    await expectError(restore(`UNTIL TIME = '${scnToTime(before)}' WITH 'pool_list=rp'`), 4018, "HY000", "No enough log for restore");
  });

  it("pools: an empty name is 1210, an unknown one 4650", async () => {
    await expectError(restore("WITH 'pool_list=rp,,x'"), 1210, "HY000", "Incorrect arguments to resource pool name");
    await expectError(restore("WITH 'pool_list=nope'"), 4650, "HY000", "resource pool 'nope' not exist");
  });

  it("a granted pool: the statement blocks, then 9099 with the RootService comment; history FAIL, no tenant", async () => {
    const p = restoring(h, sys, `ALTER SYSTEM RESTORE scratch FROM ${FROM} WITH 'pool_list=mysql_tenant_pool'`, "scratch");
    await expectError(
      p,
      9099,
      "HY000",
      /^scratch restore failed, ROOTSERVICE : OB_RESOURCE_POOL_ALREADY_GRANTED\(-4626\) on 127\.0\.0\.1:2882 with traceid \S+$/,
    );
    assert.deepStrictEqual(await rows(sys, "SELECT * FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'scratch'"), []);
    const hist = await rows(sys, "SELECT TENANT_ID, STATUS, RESTORE_TENANT_ID, COMMENT FROM oceanbase.CDB_OB_RESTORE_HISTORY WHERE RESTORE_TENANT_NAME = 'scratch'");
    assert.strictEqual(hist.length, 1);
    assert.strictEqual(hist[0].STATUS, "FAIL");
    assert.strictEqual(hist[0].RESTORE_TENANT_ID, "-1");
    assert.match(String(hist[0].COMMENT), /OB_RESOURCE_POOL_ALREADY_GRANTED\(-4626\)/);
  });

  it("9014 for the same name (any case) before the first restore created its tenant, 4179 after", async () => {
    const other = await connect(h);
    const first = sys.query(`ALTER SYSTEM RESTORE scratch FROM ${FROM} WITH 'pool_list=rp&unknown_key=1'`);
    for (let i = 0; i < 300 && !h.restores().some((r) => r.restoreTenantName === "scratch" && !r.inHistory); i++) await sleep(10);
    await expectError(other.query(`ALTER SYSTEM RESTORE SCRATCH FROM ${FROM} WITH 'pool_list=rp'`), 9014, "HY000", "Another restore is in progress");
    h.advance(CREATE_MS + 300);
    await first;
    await expectError(other.query(`ALTER SYSTEM RESTORE scratch FROM ${FROM} WITH 'pool_list=rp'`), 4179, "HY000", "restore tenant with existed tenant name is not allowed");
    await other.query("ALTER SYSTEM CANCEL RESTORE scratch");
    h.advance(500);
    await other.end();
  });
});

describe("emulator: obshell's statement form and the DBA_ view (restore research §6.2, §3.1)", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  before(async () => {
    ({ h, sys } = await backedUpEmulator());
    await sys.query("CREATE RESOURCE UNIT `ou` MEMORY_SIZE '5G', MAX_CPU 1.000000");
    await sys.query("CREATE RESOURCE POOL `op` UNIT = `ou`, UNIT_NUM = 1, ZONE_LIST = ('zone1')");
  });
  after(async () => {
    await sys.end();
    await h.close();
  });

  it("double-quoted FROM with a space after the comma, UNTIL TIME= \"…\", concurrency; DBA_ shows the raw WAIT_CONSISTENT state", async () => {
    const set = await one(sys, "SELECT MIN_RESTORE_SCN FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002");
    const until = scnToTime(BigInt(set.MIN_RESTORE_SCN as string) + 500_000_000n);
    await restoring(h, sys, `ALTER SYSTEM RESTORE obs FROM "${DATA}, ${ARCH}" UNTIL TIME= "${until}" WITH 'pool_list=op&concurrency=10'`, "obs");
    h.advance(DURATION_MS * 0.15);
    const c = await connect(h, "root@obs", "pw1");
    assert.deepStrictEqual(await rows(c, "SELECT STATUS FROM oceanbase.DBA_OB_RESTORE_PROGRESS"), [{ STATUS: "PHYSICAL_RESTORE_WAIT_RESTORE_TO_CONSISTENT_SCN" }]);
    await c.end();
    assert.deepStrictEqual(await rows(sys, "SELECT STATUS FROM oceanbase.CDB_OB_RESTORE_PROGRESS WHERE TENANT_ID <> 1"), [{ STATUS: "RESTORING" }]);
    assert.deepStrictEqual(await rows(sys, "SELECT STATUS FROM oceanbase.DBA_OB_RESTORE_PROGRESS"), [{ STATUS: "WAIT_TENANT_RESTORE_FINISH" }]);
    await sys.query("ALTER SYSTEM CANCEL RESTORE `obs`");
    h.advance(300);
    await sys.query("DROP RESOURCE POOL IF EXISTS `op`");
  });
});

describe("emulator: a restore's life (restore research §3.2, §4)", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  const progress = () => rows(sys, "SELECT TENANT_ID, STATUS FROM oceanbase.CDB_OB_RESTORE_PROGRESS ORDER BY TENANT_ID");
  const tenant = (name: string) => one(sys, `SELECT TENANT_ID, STATUS, TENANT_ROLE, COMPATIBILITY_MODE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = '${name}'`);
  before(async () => {
    ({ h, sys } = await backedUpEmulator({}, ["mysql_tenant", "oracle_tenant"]));
    for (const p of ["lp1", "lp2", "lp3", "lp4", "lp5"]) {
      await sys.query("CREATE RESOURCE UNIT IF NOT EXISTS lu MAX_CPU 1, MEMORY_SIZE '5G'");
      await sys.query(`CREATE RESOURCE POOL IF NOT EXISTS ${p} UNIT = 'lu', UNIT_NUM = 1, ZONE_LIST = ('zone1')`);
    }
  });
  after(async () => {
    await sys.end();
    await h.close();
  });

  it("point in time inside the archived window: blocks until the tenant exists, then walks both rows through every state", async () => {
    const set = await one(sys, "SELECT MIN_RESTORE_SCN FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002");
    const arch = await one(sys, "SELECT CHECKPOINT_SCN FROM oceanbase.CDB_OB_ARCHIVELOG WHERE TENANT_ID = 1002");
    const min = BigInt(set.MIN_RESTORE_SCN as string);
    const ckpt = BigInt(arch.CHECKPOINT_SCN as string);
    const point = min + ((ckpt - min) / 2n / 1000n) * 1000n;
    const until = scnToTime(point);
    // the statement blocks its connection: it gets one of its own
    const rc = await connect(h);
    await rc.query("SET DECRYPTION IDENTIFIED BY 'unused'");
    const p = rc.query(`ALTER SYSTEM RESTORE lifecycle FROM ${FROM} UNTIL TIME = '${until}' WITH 'pool_list=lp1' DESCRIPTION = 'pitr'`);
    for (let i = 0; i < 300 && h.restores().length === 0; i++) await sleep(10);
    // still blocked: only the sys row, at CREATE_TENANT, and no tenant yet
    await sleep(50);
    assert.deepStrictEqual(await progress(), [{ TENANT_ID: "1", STATUS: "CREATE_TENANT" }]);
    assert.strictEqual(await tenant("lifecycle"), undefined);
    const sysRow = await one(sys, "SELECT * FROM oceanbase.CDB_OB_RESTORE_PROGRESS");
    assert.strictEqual(sysRow.RESTORE_SCN, String(point));
    assert.strictEqual(sysRow.RESTORE_SCN_DISPLAY, until);
    assert.strictEqual(sysRow.RESTORE_TENANT_ID, "");
    assert.strictEqual(sysRow.BACKUP_TENANT_NAME, "mysql_tenant");
    assert.strictEqual(sysRow.BACKUP_TENANT_ID, "1002");
    assert.strictEqual(sysRow.BACKUP_DEST, `${DATA},${ARCH}`);
    assert.strictEqual(sysRow.BACKUP_SET_LIST, `${DATA}/backup_set_1_full`);
    assert.match(String(sysRow.BACKUP_PIECE_LIST), /^file:\/\/\/backup\/mysql_tenant\/archive\/piece_d\d+r1p1$/);
    assert.strictEqual(sysRow.TOTAL_BYTES, null);
    assert.strictEqual(sysRow.DESCRIPTION, "pitr");
    h.advance(CREATE_MS + 100);
    await p;
    await rc.end();

    const id = Number((await tenant("lifecycle")).TENANT_ID);
    assert.deepStrictEqual(await tenant("lifecycle"), { TENANT_ID: String(id), STATUS: "RESTORE", TENANT_ROLE: "RESTORE", COMPATIBILITY_MODE: "MYSQL" });
    assert.deepStrictEqual(await one(sys, `SELECT STATUS FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'META$${id}'`), { STATUS: "NORMAL" });
    assert.deepStrictEqual(await one(sys, "SELECT TENANT_ID FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME = 'lp1'"), { TENANT_ID: String(id) });
    assert.deepStrictEqual(await progress(), [
      { TENANT_ID: "1", STATUS: "WAIT_TENANT_RESTORE_FINISH" },
      { TENANT_ID: String(id), STATUS: "RESTORING" },
    ]);
    await expectError(sys.query("ALTER SYSTEM ACTIVATE STANDBY TENANT = lifecycle"), 4179, "HY000", "tenant status is not normal, switch tenant is not allowed");

    // one pass at a time: every raw state, in order; bytes only grow; the role turns STANDBY at POST_CHECK
    const userStates: string[] = [];
    const sysStates: string[] = [];
    const roles: string[] = [];
    let lastBytes = -1;
    let userGoneFirst = false;
    for (let i = 0; i < 200; i++) {
      h.advance(100);
      const rs = h.restores().filter((r) => r.restoreTenantName === "lifecycle" && !r.inHistory);
      const u = rs.find((r) => r.tenantId === id);
      const s = rs.find((r) => r.tenantId === 1);
      if (u && userStates[userStates.length - 1] !== u.status) userStates.push(u.status);
      if (s && sysStates[sysStates.length - 1] !== s.status) sysStates.push(s.status);
      if (!u && s) userGoneFirst = true;
      const t = await tenant("lifecycle");
      const pair = `${t.STATUS}/${t.TENANT_ROLE}`;
      if (roles[roles.length - 1] !== pair) roles.push(pair);
      const b = await one(sys, `SELECT FINISH_BYTES, TOTAL_BYTES FROM oceanbase.CDB_OB_RESTORE_PROGRESS WHERE TENANT_ID = ${id}`);
      if (b) {
        assert.ok(Number(b.FINISH_BYTES) >= lastBytes);
        assert.ok(Number(b.TOTAL_BYTES) > 0);
        lastBytes = Number(b.FINISH_BYTES);
      }
      if (!s) break;
    }
    assert.deepStrictEqual(userStates, [
      "RESTORE_PRE",
      "RESTORE_CREATE_INIT_LS",
      "PHYSICAL_RESTORE_WAIT_RESTORE_TO_CONSISTENT_SCN",
      "RESTORE_WAIT_LS",
      "POST_CHECK",
      "UPGRADE",
      "RESTORE_SUCCESS",
    ]);
    assert.deepStrictEqual(sysStates, ["WAIT_TENANT_RESTORE_FINISH", "RESTORE_SUCCESS"]);
    assert.ok(userGoneFirst, "the user row leaves the progress view before the sys row");
    assert.deepStrictEqual(roles, ["RESTORE/RESTORE", "RESTORE/STANDBY", "NORMAL/STANDBY"]);
    assert.deepStrictEqual(await progress(), []);
    const hist = await rows(
      sys,
      "SELECT TENANT_ID, JOB_ID, STATUS, RESTORE_TENANT_ID, RESTORE_SCN, COMMENT, TOTAL_BYTES = FINISH_BYTES AS DONE, FINISH_TIMESTAMP IS NOT NULL AS FINISHED FROM oceanbase.CDB_OB_RESTORE_HISTORY WHERE RESTORE_TENANT_NAME = 'lifecycle' ORDER BY TENANT_ID",
    );
    assert.strictEqual(hist.length, 2);
    assert.strictEqual(hist[0].JOB_ID, hist[1].JOB_ID);
    for (const r of hist) {
      assert.strictEqual(r.STATUS, "SUCCESS");
      assert.strictEqual(r.COMMENT, "");
      assert.strictEqual(r.RESTORE_SCN, String(point));
      assert.strictEqual(r.RESTORE_TENANT_ID, String(id));
      assert.strictEqual(r.FINISHED, "1");
    }
    assert.strictEqual(hist[1].DONE, "1");
  });

  it("the restored tenant: the source's users and passwords, its normal queries; DBA_ views have no TENANT_ID", async () => {
    await expectError(connect(h, "root@lifecycle", "wrong"), 1045, "28000");
    const c = await connect(h, "root@lifecycle", "pw1");
    assert.deepStrictEqual(await rows(c, "SELECT TENANT_NAME, STATUS FROM oceanbase.DBA_OB_TENANTS"), [{ TENANT_NAME: "lifecycle", STATUS: "NORMAL" }]);
    assert.deepStrictEqual(await rows(c, "SELECT * FROM oceanbase.DBA_OB_BACKUP_JOBS"), []);
    assert.deepStrictEqual(await rows(c, "SELECT * FROM oceanbase.DBA_OB_BACKUP_SET_FILES"), []);
    const hist = await rows(c, "SELECT * FROM oceanbase.DBA_OB_RESTORE_HISTORY");
    assert.strictEqual(hist.length, 1);
    assert.ok(!("TENANT_ID" in hist[0]));
    await c.end();
  });

  it("ACTIVATE STANDBY: 1210 without a name from sys, 5160 unknown, 1210 for sys; PRIMARY one pass later; again a no-op", async () => {
    await expectError(sys.query("ALTER SYSTEM ACTIVATE STANDBY"), 1210, "HY000", "Incorrect arguments to tenant name, should specify tenant name");
    await expectError(sys.query("ALTER SYSTEM ACTIVATE STANDBY TENANT = nosuch"), 5160, "HY000");
    await expectError(sys.query("ALTER SYSTEM ACTIVATE STANDBY TENANT sys"), 1210, "HY000", "Incorrect arguments to tenant name, only support operating user tenant");
    await sys.query("ALTER SYSTEM ACTIVATE STANDBY TENANT = lifecycle");
    assert.strictEqual((await tenant("lifecycle")).TENANT_ROLE, "STANDBY");
    h.tick();
    assert.strictEqual((await tenant("lifecycle")).TENANT_ROLE, "PRIMARY");
    await sys.query("ALTER SYSTEM ACTIVATE STANDBY TENANT 'lifecycle' VERIFY");
    const t1 = await connect(h, "root@mysql_tenant", "pw1");
    await expectError(t1.query("ALTER SYSTEM ACTIVATE STANDBY TENANT = mysql_tenant"), 1210, "HY000", "Incorrect arguments to tenant name, please don't specify tenant name");
    await t1.query("ALTER SYSTEM ACTIVATE STANDBY");
    await t1.end();
  });

  it("CANCEL RESTORE: 5157 unknown, 4179 for a NORMAL tenant; mid-way it drops the tenant at once and frees its pools; history FAIL (§1.5)", async () => {
    await expectError(sys.query("ALTER SYSTEM CANCEL RESTORE nosuch"), 5157, "HY000", "Unknown tenant 'nosuch'");
    await expectError(sys.query("ALTER SYSTEM CANCEL RESTORE lifecycle"), 4179, "HY000", "Cancel tenant not in restore is not allowed");
    await expectError(sys.query("ALTER SYSTEM CANCEL RESTORE mysql_tenant"), 4179, "HY000", "Cancel tenant not in restore is not allowed");
    await restoring(h, sys, `ALTER SYSTEM RESTORE doomed FROM ${FROM} WITH 'pool_list=lp2'`, "doomed");
    h.advance(DURATION_MS / 2);
    const id = (await tenant("doomed")).TENANT_ID;
    await expectError(sys.query("DROP RESOURCE POOL lp2"), 4626, "HY000");
    await sys.query("ALTER SYSTEM CANCEL RESTORE doomed");
    assert.strictEqual(await tenant("doomed"), undefined);
    assert.deepStrictEqual(await rows(sys, `SELECT * FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'META$${id}'`), []);
    assert.deepStrictEqual(await one(sys, "SELECT TENANT_ID FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME = 'lp2'"), { TENANT_ID: null });
    const doomed = () => rows(sys, "SELECT TENANT_ID, STATUS FROM oceanbase.CDB_OB_RESTORE_PROGRESS WHERE RESTORE_TENANT_NAME = 'doomed'");
    // the user row vanished with the tenant; the sys row lingers until the scheduler sees the tenant gone
    assert.deepStrictEqual(await doomed(), [{ TENANT_ID: "1", STATUS: "WAIT_TENANT_RESTORE_FINISH" }]);
    h.tick();
    assert.deepStrictEqual(await doomed(), [{ TENANT_ID: "1", STATUS: "RESTORE_FAIL" }]);
    h.tick(); // a pass at the same moment: still there
    assert.deepStrictEqual(await doomed(), [{ TENANT_ID: "1", STATUS: "RESTORE_FAIL" }]);
    h.advance(100);
    assert.deepStrictEqual(await doomed(), []);
    const hist = await rows(sys, "SELECT TENANT_ID, STATUS, COMMENT FROM oceanbase.CDB_OB_RESTORE_HISTORY WHERE RESTORE_TENANT_NAME = 'doomed'");
    assert.strictEqual(hist.length, 1);
    assert.strictEqual(hist[0].TENANT_ID, "1");
    assert.strictEqual(hist[0].STATUS, "FAIL");
    assert.match(String(hist[0].COMMENT), /^ROOTSERVICE : OB_TENANT_NOT_EXIST\(-5157\) on 127\.0\.0\.1:2882 with traceid \S+$/);
    await sys.query("DROP RESOURCE POOL lp2");
  });

  it("failRestore: the tenant's job fails, then the sys job; the tenant stays RESTORE until DROP TENANT … FORCE", async () => {
    await restoring(h, sys, `ALTER SYSTEM RESTORE failing FROM ${FROM} WITH 'pool_list=lp3'`, "failing");
    h.advance(1000);
    h.failRestore("failing", "OB_LS_RESTORE_FAILED");
    h.tick();
    const id = (await tenant("failing")).TENANT_ID;
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID, STATUS FROM oceanbase.CDB_OB_RESTORE_PROGRESS WHERE RESTORE_TENANT_NAME = 'failing' ORDER BY TENANT_ID"), [
      { TENANT_ID: "1", STATUS: "WAIT_TENANT_RESTORE_FINISH" },
      { TENANT_ID: id, STATUS: "RESTORE_FAIL" },
    ]);
    h.advance(100); // user row to history; the sys row sees it: RESTORE_FAIL
    h.advance(100); // the sys row to history
    assert.deepStrictEqual(await rows(sys, "SELECT * FROM oceanbase.CDB_OB_RESTORE_PROGRESS WHERE RESTORE_TENANT_NAME = 'failing'"), []);
    const hist = await rows(sys, "SELECT TENANT_ID, STATUS, COMMENT FROM oceanbase.CDB_OB_RESTORE_HISTORY WHERE RESTORE_TENANT_NAME = 'failing' ORDER BY TENANT_ID");
    assert.deepStrictEqual(
      hist.map((r) => r.STATUS),
      ["FAIL", "FAIL"],
    );
    for (const r of hist) assert.match(String(r.COMMENT), /^ROOTSERVICE : OB_LS_RESTORE_FAILED\(-9094\) on 127\.0\.0\.1:2882 with traceid \S+$/);
    assert.deepStrictEqual(await tenant("failing"), { TENANT_ID: id, STATUS: "RESTORE", TENANT_ROLE: "RESTORE", COMPATIBILITY_MODE: "MYSQL" });
    await sys.query("DROP TENANT failing FORCE");
    assert.strictEqual(await tenant("failing"), undefined);
    assert.deepStrictEqual(await one(sys, "SELECT TENANT_ID FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME = 'lp3'"), { TENANT_ID: null });
    assert.throws(() => h.failRestore("failing"), /no running restore/);
  });

  it("DROP TENANT: 5157 unknown (IF EXISTS OK), sys refused, 1227 / 1235 from user tenants; without FORCE DROPPING until the next pass", async () => {
    await expectError(sys.query("DROP TENANT nosuch"), 5157, "HY000", "Unknown tenant 'nosuch'");
    await sys.query("DROP TENANT IF EXISTS nosuch FORCE");
    await expectError(sys.query("DROP TENANT sys FORCE"), 1235, "0A000");
    const t1 = await connect(h, "root@mysql_tenant", "pw1");
    await expectError(t1.query("DROP TENANT lifecycle FORCE"), 1227, "42501");
    await t1.end();
    const ora = await connect(h, "SYS@oracle_tenant", "pw2");
    // an Oracle-mode session sees the 1235 (-4007) as ORA-00600 (§2.10 of the backup reference)
    await expectError(ora.query("DROP TENANT lifecycle FORCE"), 600, "HY000", "ORA-00600: internal error code, arguments: -4007, dropping tenant in oracle mode is not supported");
    await ora.end();
    await sys.query("DROP TENANT lifecycle");
    assert.strictEqual((await tenant("lifecycle")).STATUS, "DROPPING");
    h.tick();
    assert.strictEqual(await tenant("lifecycle"), undefined);
    assert.deepStrictEqual(await one(sys, "SELECT TENANT_ID FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME = 'lp1'"), { TENANT_ID: null });
  });

  it("an Oracle-mode source: the copy is Oracle mode with the source's SYS password; latest point from the archive", async () => {
    await restoring(h, sys, "ALTER SYSTEM RESTORE ora_copy FROM 'file:///backup/oracle_tenant/archive, file:///backup/oracle_tenant/data' WITH 'pool_list=lp4'", "ora_copy");
    h.advance(DURATION_MS + 2000);
    assert.deepStrictEqual(await one(sys, "SELECT STATUS, TENANT_ROLE, COMPATIBILITY_MODE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'ora_copy'"), {
      STATUS: "NORMAL",
      TENANT_ROLE: "STANDBY",
      COMPATIBILITY_MODE: "ORACLE",
    });
    const c = await connect(h, "SYS@ora_copy", "pw2");
    assert.deepStrictEqual(await rows(c, "SELECT TENANT_NAME FROM DBA_OB_TENANTS"), [{ TENANT_NAME: "ora_copy" }]);
    assert.deepStrictEqual(await rows(c, "SELECT STATUS, BACKUP_TENANT_NAME FROM SYS.DBA_OB_RESTORE_HISTORY"), [{ STATUS: "SUCCESS", BACKUP_TENANT_NAME: "oracle_tenant" }]);
    await c.end();
    const hist = await one(sys, "SELECT BACKUP_TENANT_NAME, STATUS FROM oceanbase.CDB_OB_RESTORE_HISTORY WHERE RESTORE_TENANT_NAME = 'ora_copy' AND TENANT_ID = 1");
    assert.deepStrictEqual(hist, { BACKUP_TENANT_NAME: "oracle_tenant", STATUS: "SUCCESS" });
  });

  it("the provider's reads: a prepared SELECT by RESTORE_TENANT_NAME; UNTIL SCN inside the window", async () => {
    const arch = await one(sys, "SELECT CHECKPOINT_SCN FROM oceanbase.CDB_OB_ARCHIVELOG WHERE TENANT_ID = 1002");
    const scn = BigInt(arch.CHECKPOINT_SCN as string) - 1_000_000_000n;
    await restoring(h, sys, `ALTER SYSTEM RESTORE by_scn FROM ${FROM} UNTIL SCN = ${scn} WITH 'pool_list=lp5'`, "by_scn");
    const [r] = await sys.execute("SELECT TENANT_ID, RESTORE_SCN, STATUS FROM oceanbase.CDB_OB_RESTORE_PROGRESS WHERE RESTORE_TENANT_NAME = ? AND TENANT_ID = 1", [
      "by_scn",
    ]);
    assert.deepStrictEqual(r, [{ TENANT_ID: "1", RESTORE_SCN: String(scn), STATUS: "WAIT_TENANT_RESTORE_FINISH" }]);
  });
});

describe("emulator: encrypted backups, capacity and the statement log (restore research §1.4, §5.2)", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  before(async () => {
    ({ h, sys } = await backedUpEmulator({ resourceCapacity: { cpu: 8 } }, []));
    const t1 = await connect(h, "root@mysql_tenant", "pw1");
    await t1.query("SET ENCRYPTION ON IDENTIFIED BY 'secret1' ONLY");
    await t1.query("ALTER SYSTEM BACKUP DATABASE");
    await t1.end();
    h.advance(8000);
    await sys.query("CREATE RESOURCE UNIT big MAX_CPU 4, MEMORY_SIZE '5G'");
    await sys.query("CREATE RESOURCE POOL bigpool UNIT = 'big', UNIT_NUM = 1");
    await sys.query("CREATE RESOURCE UNIT eu MAX_CPU 1, MEMORY_SIZE '5G'");
    await sys.query("CREATE RESOURCE POOL ep UNIT = eu, UNIT_NUM = 1");
  });
  after(async () => {
    await sys.end();
    await h.close();
  });

  it("9047 without or with a wrong SET DECRYPTION; the right one (in a list, replacing the earlier) works", async () => {
    const c = await connect(h);
    await expectError(c.query(`ALTER SYSTEM RESTORE enc FROM ${FROM} WITH 'pool_list=ep'`), 9047, "HY000", "invalid password for backup");
    await c.query("SET DECRYPTION IDENTIFIED BY 'wrong'");
    await expectError(c.query(`ALTER SYSTEM RESTORE enc FROM ${FROM} WITH 'pool_list=ep'`), 9047, "HY000", "invalid password for backup");
    await c.query("SET DECRYPTION IDENTIFIED BY 'other', 'secret1'");
    await restoring(h, c, `ALTER SYSTEM RESTORE enc FROM ${FROM} WITH 'pool_list=ep'`, "enc");
    await c.query("SET DECRYPTION IDENTIFIED BY 'wrong'");
    await expectError(c.query(`ALTER SYSTEM RESTORE enc2 FROM ${FROM} WITH 'pool_list=ep'`), 9047, "HY000");
    await c.end();
    const log = h.statements().map((s) => s.sql).filter((s) => /DECRYPTION/.test(s));
    assert.deepStrictEqual(log, [
      "SET DECRYPTION IDENTIFIED BY '***'",
      "SET DECRYPTION IDENTIFIED BY '***', '***'",
      "SET DECRYPTION IDENTIFIED BY '***'",
    ]);
    assert.ok(!h.statements().some((s) => /secret1/.test(s.sql)));
  });

  it("not enough resource: the job fails at CREATE_TENANT with OB_ZONE_RESOURCE_NOT_ENOUGH(-4733), the statement says 9099", async () => {
    // granted: sys 1 + two tenants × 2 + enc 1 = 6 of 8 CPUs; the 4-CPU pool does not fit
    await sys.query("SET DECRYPTION IDENTIFIED BY 'secret1'");
    await expectError(
      restoring(h, sys, `ALTER SYSTEM RESTORE toobig FROM ${FROM} WITH 'pool_list=bigpool'`, "toobig"),
      9099,
      "HY000",
      /^toobig restore failed, ROOTSERVICE : OB_ZONE_RESOURCE_NOT_ENOUGH\(-4733\) on 127\.0\.0\.1:2882 with traceid \S+$/,
    );
    assert.deepStrictEqual(await one(sys, "SELECT TENANT_ID FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME = 'bigpool'"), { TENANT_ID: null });
  });

  it("failRestore at CREATE_TENANT makes the blocking statement answer 9099; secrets in FROM are not logged", async () => {
    const p = sys.query(`ALTER SYSTEM RESTORE early FROM ${FROM} WITH 'pool_list=bigpool'`);
    p.catch(() => undefined);
    for (let i = 0; i < 300 && !h.restores().some((r) => r.restoreTenantName === "early"); i++) await sleep(10);
    h.failRestore("early", -4016);
    h.advance(300);
    await expectError(p, 9099, "HY000", /^early restore failed, ROOTSERVICE : OB_ERR_UNEXPECTED\(-4016\) on 127\.0\.0\.1:2882/);
    await expectError(
      sys.query("ALTER SYSTEM RESTORE x FROM 'oss://bucket/dir?host=h&access_id=AKID&access_key=SECRETKEY' WITH 'pool_list=ep'"),
      9011,
      "HY000",
    );
    const last = h.statements().pop();
    assert.ok(last && !/AKID|SECRETKEY/.test(last.sql), last?.sql);
  });
});

describe("emulator: a tenant creation that takes too long (restore research §1.1 Executor)", () => {
  it("the statement gives up after 10 minutes with 4012; the job goes on and creates the tenant", async () => {
    const { h, sys } = await backedUpEmulator({ restoreCreateTenantMs: 700_000 });
    await sys.query("CREATE RESOURCE UNIT su MAX_CPU 1, MEMORY_SIZE '5G'");
    await sys.query("CREATE RESOURCE POOL sp UNIT = 'su', UNIT_NUM = 1");
    const rc = await connect(h);
    const p = rc.query(`ALTER SYSTEM RESTORE slow FROM ${FROM} WITH 'pool_list=sp'`);
    p.catch(() => undefined);
    for (let i = 0; i < 300 && h.restores().length === 0; i++) await sleep(10);
    h.advance(601_000);
    await expectError(p, 4012, "HY000", /^Timeout, query has reached the maximum query timeout: 600000000\(us\)/);
    h.advance(100_000);
    assert.deepStrictEqual(await one(sys, "SELECT STATUS, TENANT_ROLE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'slow'"), { STATUS: "RESTORE", TENANT_ROLE: "RESTORE" });
    await rc.end();
    await sys.end();
    await h.close();
  });
});

describe("emulator: restore view columns by version (restore research §3.4)", () => {
  const columns = async (version: string) => {
    const h = await startEmulator({ clock: "manual", version });
    const sys = await connect(h);
    const names = async (view: string) => (await rows(sys, `DESC oceanbase.${view}`)).map((r) => r.Field);
    const out = {
      cdb: await names("CDB_OB_RESTORE_PROGRESS"),
      dba: await names("DBA_OB_RESTORE_PROGRESS"),
      history: await names("CDB_OB_RESTORE_HISTORY"),
    };
    const cancel = await sys.query("ALTER SYSTEM CANCEL RESTORE nosuch").then(
      () => 0,
      (e: { errno: number }) => e.errno,
    );
    await sys.end();
    await h.close();
    return { ...out, cancel };
  };
  const BASE = [
    "TENANT_ID", "JOB_ID", "RESTORE_TENANT_NAME", "RESTORE_TENANT_ID", "BACKUP_TENANT_NAME", "BACKUP_TENANT_ID", "BACKUP_CLUSTER_NAME",
    "BACKUP_DEST", "RESTORE_OPTION", "RESTORE_SCN", "RESTORE_SCN_DISPLAY", "STATUS", "START_TIMESTAMP", "BACKUP_SET_LIST", "BACKUP_PIECE_LIST",
    "TOTAL_BYTES", "TOTAL_BYTES_DISPLAY", "FINISH_BYTES", "FINISH_BYTES_DISPLAY", "DESCRIPTION",
  ];

  it("4.3.0.1 (the default): 20 progress columns without tablet counts; history 27 with COMMENT and FINISH_TIMESTAMP", async () => {
    const c = await columns("4.3.0.1");
    assert.deepStrictEqual(c.cdb, BASE);
    assert.deepStrictEqual(c.dba, BASE.slice(1));
    assert.strictEqual(c.history.length, 27);
    assert.deepStrictEqual(c.history.slice(8, 14), ["RESTORE_SCN", "RESTORE_SCN_DISPLAY", "RESTORE_OPTION", "START_TIMESTAMP", "FINISH_TIMESTAMP", "STATUS"]);
    assert.strictEqual(c.history[26], "COMMENT");
    assert.strictEqual(c.cancel, 5157);
  });

  it("4.2.3.0: 26 progress columns (RECOVER_*, tablet counts, RESTORE_PROGRESS after BACKUP_PIECE_LIST)", async () => {
    const c = await columns("4.2.3.0");
    assert.strictEqual(c.cdb.length, 26);
    assert.deepStrictEqual(c.cdb.slice(15, 21), ["RECOVER_SCN", "RECOVER_SCN_DISPLAY", "RECOVER_PROGRESS", "TABLET_COUNT", "FINISH_TABLET_COUNT", "RESTORE_PROGRESS"]);
    assert.strictEqual(c.history.length, 27);
  });

  it("4.2.1.0 has 20 columns; 4.1 has no CANCEL RESTORE (1064)", async () => {
    assert.deepStrictEqual((await columns("4.2.1.0")).cdb, BASE);
    assert.strictEqual((await columns("4.1.0.0")).cancel, 1064);
  });
});
