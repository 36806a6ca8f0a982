// The CDB_/DBA_ views of reference §2: column lists and wire types (§2.1-§2.8, per version), who sees what
// (CDB_ only in sys, DBA_ filtered to the tenant, Oracle mode in SYS with string timestamps, §2.9), that a
// SELECT runs on a real SQL engine, and the values §5.3 lists as easy to get wrong.
// The expected column lists below are written out from the reference text, not taken from the emulator.

import assert = require("assert");
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import { Conn, connect, expectError, manualEmulator, prepareTenant, rows } from "../support/emulator";

// ---- expected column lists (reference §2) ------------------------------------------------------------------

interface Ver {
  /** 4.2.0 and later: MINOR/MAJOR_TURN_ID, CLUSTER_VERSION, CONSISTENT_SCN, END_SCN_DISPLAY */
  v420: boolean;
  /** the 4.2.x (2024) branch and later: DATA_PROGRESS in CDB_OB_BACKUP_TASKS */
  v42x: boolean;
}
const V4301: Ver = { v420: true, v42x: true };
const V4200: Ver = { v420: true, v42x: false };
const V4100: Ver = { v420: false, v42x: false };

const split = (s: string) => s.split(",").map((x) => x.trim());

// §2.1: the same 19 columns in 4.0 -> develop
const JOB_COLS = split(
  "TENANT_ID, JOB_ID, INCARNATION, BACKUP_SET_ID, INITIATOR_TENANT_ID, INITIATOR_JOB_ID, EXECUTOR_TENANT_ID, PLUS_ARCHIVELOG, " +
    "BACKUP_TYPE, JOB_LEVEL, ENCRYPTION_MODE, PASSWD, START_TIMESTAMP, END_TIMESTAMP, STATUS, RESULT, COMMENT, DESCRIPTION, PATH",
);
// §2.2
const taskCols = (v: Ver, cdbTasks: boolean) => [
  ...split(
    "TENANT_ID, TASK_ID, JOB_ID, INCARNATION, BACKUP_SET_ID, START_TIMESTAMP, END_TIMESTAMP, STATUS, START_SCN, END_SCN, " +
      "USER_LS_START_SCN, ENCRYPTION_MODE, PASSWD, INPUT_BYTES, OUTPUT_BYTES, OUTPUT_RATE_BYTES, EXTRA_META_BYTES, TABLET_COUNT, " +
      "FINISH_TABLET_COUNT, MACRO_BLOCK_COUNT, FINISH_MACRO_BLOCK_COUNT, FILE_COUNT, META_TURN_ID, DATA_TURN_ID, RESULT, COMMENT, PATH",
  ),
  ...(v.v420 ? ["MINOR_TURN_ID", "MAJOR_TURN_ID"] : []),
  ...(cdbTasks && v.v42x ? ["DATA_PROGRESS"] : []),
];
// §2.3
const setFileCols = (v: Ver) => [
  ...split(
    "TENANT_ID, BACKUP_SET_ID, DEST_ID, INCARNATION, BACKUP_TYPE, PREV_FULL_BACKUP_SET_ID, PREV_INC_BACKUP_SET_ID, START_TIMESTAMP, " +
      "END_TIMESTAMP, STATUS, FILE_STATUS, ELAPSED_SECONDES, PLUS_ARCHIVELOG, START_REPLAY_SCN, START_REPLAY_SCN_DISPLAY, " +
      "MIN_RESTORE_SCN, MIN_RESTORE_SCN_DISPLAY, INPUT_BYTES, OUTPUT_BYTES, OUTPUT_RATE_BYTES, EXTRA_META_BYTES, TABLET_COUNT, " +
      "FINISH_TABLET_COUNT, MACRO_BLOCK_COUNT, FINISH_MACRO_BLOCK_COUNT, FILE_COUNT, META_TURN_ID, DATA_TURN_ID, RESULT, COMMENT, " +
      "ENCRYPTION_MODE, PASSWD, TENANT_COMPATIBLE, BACKUP_COMPATIBLE, PATH",
  ),
  ...(v.v420 ? ["CLUSTER_VERSION", "CONSISTENT_SCN", "MINOR_TURN_ID", "MAJOR_TURN_ID"] : []),
];
// §2.4
const POLICY_COLS = split("TENANT_ID, POLICY_NAME, RECOVERY_WINDOW");
// §2.5
const DELETE_JOB_COLS = split(
  "TENANT_ID, JOB_ID, INCARNATION, INITIATOR_TENANT_ID, INITIATOR_JOB_ID, EXECUTOR_TENANT_ID, TYPE, PARAMETER, JOB_LEVEL, " +
    "START_TIMESTAMP, END_TIMESTAMP, STATUS, TASK_COUNT, SUCCESS_TASK_COUNT, RESULT, COMMENT",
);
// §2.6
const DELETE_TASK_COLS = split(
  "TENANT_ID, TASK_ID, INCARNATION, JOB_ID, TASK_TYPE, ID, ROUND_ID, DEST_ID, START_TIMESTAMP, END_TIMESTAMP, STATUS, " +
    "TOTAL_LS_COUNT, FINISH_LS_COUNT, RESULT, COMMENT, PATH",
);
// §2.7: ARCHIVELOG ends COMMENT, PATH; ARCHIVELOG_SUMMARY ends PATH, COMMENT
const ARCHIVE_HEAD = split(
  "TENANT_ID, DEST_ID, ROUND_ID, INCARNATION, DEST_NO, STATUS, START_SCN, START_SCN_DISPLAY, CHECKPOINT_SCN, CHECKPOINT_SCN_DISPLAY, " +
    "COMPATIBLE, BASE_PIECE_ID, USED_PIECE_ID, PIECE_SWITCH_INTERVAL, UNIT_SIZE, COMPRESSION, INPUT_BYTES, INPUT_BYTES_DISPLAY, " +
    "OUTPUT_BYTES, OUTPUT_BYTES_DISPLAY, COMPRESSION_RATIO, DELETED_INPUT_BYTES, DELETED_INPUT_BYTES_DISPLAY, DELETED_OUTPUT_BYTES, " +
    "DELETED_OUTPUT_BYTES_DISPLAY",
);
const pieceCols = (v: Ver) => [
  ...split(
    "TENANT_ID, DEST_ID, ROUND_ID, PIECE_ID, INCARNATION, DEST_NO, STATUS, START_SCN, START_SCN_DISPLAY, CHECKPOINT_SCN, " +
      "CHECKPOINT_SCN_DISPLAY, MAX_SCN, END_SCN",
  ),
  ...(v.v420 ? ["END_SCN_DISPLAY"] : []),
  ...split(
    "COMPATIBLE, UNIT_SIZE, COMPRESSION, INPUT_BYTES, INPUT_BYTES_DISPLAY, OUTPUT_BYTES, OUTPUT_BYTES_DISPLAY, COMPRESSION_RATIO, " +
      "FILE_STATUS, PATH",
  ),
];
// §2.8
const TENANT_COLS = split(
  "TENANT_ID, TENANT_NAME, TENANT_TYPE, CREATE_TIME, MODIFY_TIME, PRIMARY_ZONE, LOCALITY, PREVIOUS_LOCALITY, COMPATIBILITY_MODE, " +
    "STATUS, IN_RECYCLEBIN, LOCKED, TENANT_ROLE, SWITCHOVER_STATUS, SWITCHOVER_EPOCH, SYNC_SCN, REPLAYABLE_SCN, READABLE_SCN, " +
    "RECOVERY_UNTIL_SCN, LOG_MODE, ARBITRATION_SERVICE_STATUS, UNIT_NUM, COMPATIBLE, MAX_LS_ID",
);

interface Family {
  /** without the CDB_/DBA_ prefix */
  name: string;
  /** the CDB_ view's columns; the DBA_ view has them minus TENANT_ID (and minus `dbaDrops`) */
  cdb: string[];
  dbaDrops?: string[];
}

function families(v: Ver): Family[] {
  return [
    { name: "OB_BACKUP_JOBS", cdb: JOB_COLS },
    { name: "OB_BACKUP_JOB_HISTORY", cdb: JOB_COLS },
    // DATA_PROGRESS: CDB_OB_BACKUP_TASKS only, not in _HISTORY or the DBA view (§2.2)
    { name: "OB_BACKUP_TASKS", cdb: taskCols(v, true), dbaDrops: ["DATA_PROGRESS"] },
    { name: "OB_BACKUP_TASK_HISTORY", cdb: taskCols(v, false) },
    { name: "OB_BACKUP_SET_FILES", cdb: setFileCols(v) },
    { name: "OB_BACKUP_DELETE_POLICY", cdb: POLICY_COLS },
    { name: "OB_BACKUP_DELETE_JOBS", cdb: DELETE_JOB_COLS },
    { name: "OB_BACKUP_DELETE_JOB_HISTORY", cdb: DELETE_JOB_COLS },
    { name: "OB_BACKUP_DELETE_TASKS", cdb: DELETE_TASK_COLS },
    { name: "OB_BACKUP_DELETE_TASK_HISTORY", cdb: DELETE_TASK_COLS },
    { name: "OB_ARCHIVELOG", cdb: [...ARCHIVE_HEAD, "COMMENT", "PATH"] },
    { name: "OB_ARCHIVELOG_SUMMARY", cdb: [...ARCHIVE_HEAD, "PATH", "COMMENT"] },
    { name: "OB_ARCHIVELOG_PIECE_FILES", cdb: pieceCols(v) },
    { name: "OB_ARCHIVE_DEST", cdb: split("TENANT_ID, DEST_NO, NAME, VALUE") },
    { name: "OB_BACKUP_PARAMETER", cdb: split("TENANT_ID, NAME, VALUE") },
    {
      name: "OB_BACKUP_STORAGE_INFO",
      cdb: split("TENANT_ID, PATH, ENDPOINT, DEST_ID, DEST_TYPE, AUTHORIZATION, EXTENSION, CHECK_FILE_NAME, LAST_CHECK_TIMESTAMP"),
    },
  ];
}
const dbaCols = (f: Family) => f.cdb.filter((c) => c !== "TENANT_ID" && !(f.dbaDrops ?? []).includes(c));
const ALL_CDB_VIEWS = families(V4301).map((f) => `CDB_${f.name}`);

// ---- helpers ----------------------------------------------------------------------------------------------

// MySQL protocol column type codes and the UNSIGNED column flag
const TYPE = { TIMESTAMP: 7, LONGLONG: 8, DATETIME: 12, NEWDECIMAL: 246, BLOB: 252, VAR_STRING: 253 };
const UNSIGNED_FLAG = 32;

interface Field {
  name: string;
  type: number;
  flags: number;
}

async function fields(c: Conn, sql: string): Promise<Field[]> {
  const [, f] = await c.query(sql);
  return (f as mysql.FieldPacket[]).map((x) => ({
    name: x.name,
    type: x.columnType ?? x.type ?? -1,
    flags: typeof x.flags === "number" ? x.flags : -1,
  }));
}

// WHERE 1 = 0 rather than LIMIT 0: the Oracle-mode tenant has no LIMIT (§2.10)
const columnNames = async (c: Conn, view: string) => (await fields(c, `SELECT * FROM ${view} WHERE 1 = 0`)).map((f) => f.name);

const fieldCache = new Map<Conn, Map<string, Field[]>>();
async function fieldOf(c: Conn, view: string, column: string): Promise<Field> {
  let byView = fieldCache.get(c);
  if (!byView) fieldCache.set(c, (byView = new Map()));
  let list = byView.get(view);
  if (!list) byView.set(view, (list = await fields(c, `SELECT * FROM ${view} WHERE 1 = 0`)));
  const f = list.find((x) => x.name === column);
  assert.ok(f, `${view} has no column ${column}`);
  return f;
}

const one = async (c: Conn, sql: string) => {
  const r = await rows(c, sql);
  assert.strictEqual(r.length, 1, `expected one row from: ${sql}`);
  return r[0];
};

/** "YYYY-MM-DD HH:MM:SS[.ffffff]" at +08:00 -> microseconds since the epoch */
function usecAt8(s: unknown): bigint {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{6}))?$/.exec(String(s));
  assert.ok(m, `not a timestamp: ${String(s)}`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - 8 * 3600_000;
  return BigInt(ms) * 1000n + BigInt(m[7] ?? "0");
}

/** microseconds since the epoch -> "YYYY-MM-DD HH:MM:SS.ffffff" at +08:00 */
function formatAt8(us: bigint): string {
  const d = new Date(Number(us / 1000n) + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:` +
    `${p(d.getUTCSeconds())}.${p(Number(us % 1_000_000n), 6)}`
  );
}

const pick = (r: Record<string, unknown>, keep: string[]) => Object.fromEntries(keep.map((k) => [k, r[k]]));
const sortRows = (rs: Record<string, unknown>[]) => rs.map((r) => JSON.stringify(r)).sort();

// ---- column lists per version ------------------------------------------------------------------------------

function columnListSuite(version: string, v: Ver): void {
  describe(`views on ${version}: column lists (reference §2)`, () => {
    let h: EmulatorHandle;
    let sys: Conn;
    let sys2: Conn;
    let mt: Conn;
    let ora: Conn;
    before(async () => {
      h = await manualEmulator({ version });
      [sys, sys2, mt, ora] = await Promise.all([connect(h), connect(h), connect(h, "root@mysql_tenant"), connect(h, "SYS@oracle_tenant")]);
    });
    after(async () => {
      await Promise.all([sys.end(), sys2.end(), mt.end(), ora.end()]);
      await h.close();
    });

    for (const f of families(v)) {
      it(`CDB_${f.name} (sys) and DBA_${f.name} (sys, MySQL tenant, Oracle tenant)`, async () => {
        const [cdbSys, dbaSys, dbaMt, dbaOra] = await Promise.all([
          columnNames(sys, `oceanbase.CDB_${f.name}`),
          columnNames(sys2, `oceanbase.DBA_${f.name}`),
          columnNames(mt, `oceanbase.DBA_${f.name}`),
          columnNames(ora, `SYS.DBA_${f.name}`),
        ]);
        assert.deepStrictEqual(cdbSys, f.cdb, `CDB_${f.name}`);
        const dba = dbaCols(f);
        assert.deepStrictEqual(dbaSys, dba, `DBA_${f.name} in sys`);
        assert.deepStrictEqual(dbaMt, dba, `DBA_${f.name} in mysql_tenant`);
        assert.deepStrictEqual(dbaOra, dba, `SYS.DBA_${f.name} in oracle_tenant`);
      });
    }

    it("DBA_OB_TENANTS (sys, MySQL tenant, Oracle tenant)", async () => {
      const [inSys, inMt, inOra] = await Promise.all([
        columnNames(sys, "oceanbase.DBA_OB_TENANTS"),
        columnNames(mt, "oceanbase.DBA_OB_TENANTS"),
        columnNames(ora, "SYS.DBA_OB_TENANTS"),
      ]);
      assert.deepStrictEqual(inSys, TENANT_COLS, "in sys");
      assert.deepStrictEqual(inMt, TENANT_COLS, "in mysql_tenant");
      assert.deepStrictEqual(inOra, TENANT_COLS, "in oracle_tenant");
    });
  });
}

columnListSuite("4.3.0.1", V4301);
columnListSuite("4.2.0.0", V4200);
columnListSuite("4.1.0.0", V4100);

describe("views on 4.3.0.1: wire types (reference §2 types)", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  let ora: Conn;
  before(async () => {
    h = await manualEmulator();
    sys = await connect(h);
    ora = await connect(h, "SYS@oracle_tenant");
  });
  after(async () => {
    await Promise.all([sys.end(), ora.end()]);
    await h.close();
  });

  const expectType = async (c: Conn, view: string, column: string, type: number, unsigned?: boolean) => {
    const f = await fieldOf(c, view, column);
    assert.strictEqual(f.type, type, `${view}.${column} type`);
    if (unsigned !== undefined) assert.strictEqual((f.flags & UNSIGNED_FLAG) !== 0, unsigned, `${view}.${column} UNSIGNED flag`);
  };

  it("bigint(20) -> LONGLONG, timestamp(6) -> TIMESTAMP, varchar -> VAR_STRING in the job views (§2.1)", async () => {
    for (const view of ["oceanbase.CDB_OB_BACKUP_JOBS", "oceanbase.CDB_OB_BACKUP_JOB_HISTORY", "oceanbase.DBA_OB_BACKUP_JOBS"]) {
      await expectType(sys, view, "JOB_ID", TYPE.LONGLONG, false);
      await expectType(sys, view, "BACKUP_SET_ID", TYPE.LONGLONG, false);
      await expectType(sys, view, "RESULT", TYPE.LONGLONG, false);
      await expectType(sys, view, "START_TIMESTAMP", TYPE.TIMESTAMP);
      await expectType(sys, view, "END_TIMESTAMP", TYPE.TIMESTAMP);
      await expectType(sys, view, "EXECUTOR_TENANT_ID", TYPE.VAR_STRING);
      await expectType(sys, view, "BACKUP_TYPE", TYPE.VAR_STRING);
      await expectType(sys, view, "STATUS", TYPE.VAR_STRING);
    }
  });

  it("bigint unsigned SCNs, decimal rates and progress in tasks and set files (§2.2, §2.3)", async () => {
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_TASKS", "START_SCN", TYPE.LONGLONG, true);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_TASKS", "END_SCN", TYPE.LONGLONG, true);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_TASKS", "INPUT_BYTES", TYPE.LONGLONG, false);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_TASKS", "OUTPUT_RATE_BYTES", TYPE.NEWDECIMAL);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_TASKS", "DATA_PROGRESS", TYPE.NEWDECIMAL);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_TASK_HISTORY", "OUTPUT_RATE_BYTES", TYPE.NEWDECIMAL);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_SET_FILES", "ELAPSED_SECONDES", TYPE.NEWDECIMAL);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_SET_FILES", "OUTPUT_RATE_BYTES", TYPE.NEWDECIMAL);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_SET_FILES", "CONSISTENT_SCN", TYPE.LONGLONG, true);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_SET_FILES", "BACKUP_COMPATIBLE", TYPE.LONGLONG, false);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_SET_FILES", "TENANT_COMPATIBLE", TYPE.VAR_STRING);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_SET_FILES", "START_TIMESTAMP", TYPE.TIMESTAMP);
    // "START_REPLAY_SCN / _DISPLAY | bigint unsigned / timestamp via SCN_TO_TIMESTAMP"
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_SET_FILES", "START_REPLAY_SCN_DISPLAY", TYPE.TIMESTAMP);
  });

  it("delete views, policy, parameter, storage info and archive dest types (§2.4-§2.7)", async () => {
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_DELETE_JOBS", "PARAMETER", TYPE.TIMESTAMP); // timestamp(6) †
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_DELETE_JOBS", "TASK_COUNT", TYPE.LONGLONG);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_DELETE_JOBS", "TYPE", TYPE.VAR_STRING);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_DELETE_POLICY", "RECOVERY_WINDOW", TYPE.VAR_STRING);
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_PARAMETER", "VALUE", TYPE.BLOB); // longtext
    await expectType(sys, "oceanbase.CDB_OB_BACKUP_STORAGE_INFO", "LAST_CHECK_TIMESTAMP", TYPE.TIMESTAMP);
    await expectType(sys, "oceanbase.CDB_OB_ARCHIVE_DEST", "DEST_NO", TYPE.LONGLONG);
    await expectType(sys, "oceanbase.CDB_OB_ARCHIVE_DEST", "VALUE", TYPE.VAR_STRING);
    await expectType(sys, "oceanbase.CDB_OB_ARCHIVELOG", "START_SCN", TYPE.LONGLONG);
    await expectType(sys, "oceanbase.CDB_OB_ARCHIVELOG", "COMPRESSION_RATIO", TYPE.NEWDECIMAL); // decimal(24,2)
    await expectType(sys, "oceanbase.CDB_OB_ARCHIVELOG", "INPUT_BYTES_DISPLAY", TYPE.VAR_STRING);
  });

  it("the archive views' SCN *_DISPLAY columns are datetime(6) (§2.7 types)", async () => {
    const wrong: string[] = [];
    for (const view of ["oceanbase.CDB_OB_ARCHIVELOG", "oceanbase.CDB_OB_ARCHIVELOG_SUMMARY", "oceanbase.DBA_OB_ARCHIVELOG"]) {
      for (const col of ["START_SCN_DISPLAY", "CHECKPOINT_SCN_DISPLAY"]) {
        const f = await fieldOf(sys, view, col);
        if (f.type !== TYPE.DATETIME) wrong.push(`${view}.${col}: type ${f.type}`);
      }
    }
    assert.deepStrictEqual(wrong, [], `expected DATETIME (${TYPE.DATETIME})`);
  });

  it("Oracle mode: START/END_TIMESTAMP, PARAMETER and LAST_CHECK_TIMESTAMP are strings (§2.9)", async () => {
    await expectType(ora, "SYS.DBA_OB_BACKUP_JOBS", "START_TIMESTAMP", TYPE.VAR_STRING);
    await expectType(ora, "SYS.DBA_OB_BACKUP_JOB_HISTORY", "END_TIMESTAMP", TYPE.VAR_STRING);
    await expectType(ora, "SYS.DBA_OB_BACKUP_DELETE_JOBS", "PARAMETER", TYPE.VAR_STRING);
    await expectType(ora, "SYS.DBA_OB_BACKUP_STORAGE_INFO", "LAST_CHECK_TIMESTAMP", TYPE.VAR_STRING);
    await expectType(ora, "SYS.DBA_OB_BACKUP_JOBS", "JOB_ID", TYPE.LONGLONG);
  });
});

// ---- visibility, SQL and values on one history of jobs -----------------------------------------------------

describe("views on 4.3.0.1: visibility, SQL engine and values", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  let mt: Conn;
  let ora: Conn;

  // mysql_tenant (1002): delete job 1 (the first hourly cleanup, an hour after the start), backup job 2 (from
  // sys, set 1, FULL), job 3 (own, set 2, INC), job 4 (own, set 3, FULL, still running). oracle_tenant (1004):
  // delete job 1, backup job 2 (own, set 1, FULL). sys (1): umbrella job 1 for mysql_tenant.
  before(async () => {
    h = await manualEmulator({ startTime: Date.UTC(2025, 11, 31, 23, 59, 50) });
    sys = await connect(h);
    mt = await connect(h, "root@mysql_tenant");
    ora = await connect(h, "SYS@oracle_tenant");
    await mt.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'");
    await ora.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '1d'");
    h.advance(3600_000); // 00:59:50: the first cleanup trigger is due, an hour after the start (§0.2)
    await prepareTenant(h, sys, "mysql_tenant"); // the trigger fires: the cleanup jobs run and move to history
    await prepareTenant(h, sys, "oracle_tenant");
    h.advance(12000);
    await sys.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant");
    h.advance(40000);
    await ora.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(40000);
    await mt.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE");
    h.advance(40000);
    await mt.query("ALTER SYSTEM BACKUP DATABASE");
    h.advance(5000);
  });
  after(async () => {
    await Promise.all([sys.end(), mt.end(), ora.end()]);
    await h.close();
  });

  describe("visibility (§2 overview, §2.8, §2.9)", () => {
    it("every CDB_ view works from root@sys and fails from root@mysql_tenant with 1146 (42S02)", async () => {
      for (const v of ALL_CDB_VIEWS) {
        await rows(sys, `SELECT * FROM oceanbase.${v}`);
        await expectError(mt.query(`SELECT * FROM oceanbase.${v}`), 1146, "42S02", /doesn't exist/);
      }
      await mt.query("USE oceanbase");
      await expectError(mt.query("SELECT * FROM CDB_OB_BACKUP_JOBS"), 1146, "42S02", /doesn't exist/);
    });

    it("CDB_ job history holds rows of sys and both user tenants (so the DBA_ filters below are not vacuous)", async () => {
      const tenants = (await rows(sys, "SELECT DISTINCT TENANT_ID FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY ORDER BY TENANT_ID")).map((r) => r.TENANT_ID);
      assert.deepStrictEqual(tenants, ["1", "1002", "1004"]);
    });

    it("DBA_ views in a user tenant show exactly that tenant's CDB_ rows, without TENANT_ID", async () => {
      const checked = [
        "OB_BACKUP_JOBS",
        "OB_BACKUP_JOB_HISTORY",
        "OB_BACKUP_TASKS",
        "OB_BACKUP_TASK_HISTORY",
        "OB_BACKUP_SET_FILES",
        "OB_BACKUP_DELETE_POLICY",
        "OB_BACKUP_DELETE_JOB_HISTORY",
        "OB_ARCHIVELOG",
        "OB_ARCHIVELOG_SUMMARY",
        "OB_ARCHIVELOG_PIECE_FILES",
        "OB_ARCHIVE_DEST",
        "OB_BACKUP_PARAMETER",
        "OB_BACKUP_STORAGE_INFO",
      ];
      for (const name of checked) {
        const dba = await rows(mt, `SELECT * FROM oceanbase.DBA_${name}`);
        assert.ok(dba.length > 0, `DBA_${name} has rows in mysql_tenant`);
        assert.ok(!("TENANT_ID" in dba[0]), `DBA_${name} has no TENANT_ID`);
        const cdb = await rows(sys, `SELECT * FROM oceanbase.CDB_${name} WHERE TENANT_ID = 1002`);
        const keys = Object.keys(dba[0]);
        assert.deepStrictEqual(sortRows(dba), sortRows(cdb.map((r) => pick(r, keys))), `DBA_${name} = CDB_${name} of 1002`);
      }
    });

    it("DBA_ views show the Oracle tenant only its own jobs, and sys only its umbrella job", async () => {
      const o = await rows(ora, "SELECT JOB_ID, BACKUP_SET_ID, JOB_LEVEL FROM SYS.DBA_OB_BACKUP_JOB_HISTORY");
      assert.deepStrictEqual(o, [{ JOB_ID: "2", BACKUP_SET_ID: "1", JOB_LEVEL: "USER_TENANT" }]);
      const s = await rows(sys, "SELECT JOB_ID, BACKUP_SET_ID, JOB_LEVEL FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY");
      assert.deepStrictEqual(s, [{ JOB_ID: "1", BACKUP_SET_ID: "0", JOB_LEVEL: "CLUSTER" }]);
      assert.deepStrictEqual(await rows(sys, "SELECT * FROM oceanbase.DBA_OB_BACKUP_SET_FILES"), []);
    });

    it("DBA_OB_TENANTS lists every tenant (META$ included) from sys and only itself from a user tenant", async () => {
      const all = await rows(sys, "SELECT TENANT_ID, TENANT_NAME, TENANT_TYPE, COMPATIBILITY_MODE, LOG_MODE FROM oceanbase.DBA_OB_TENANTS ORDER BY TENANT_ID");
      assert.deepStrictEqual(all, [
        { TENANT_ID: "1", TENANT_NAME: "sys", TENANT_TYPE: "SYS", COMPATIBILITY_MODE: "MYSQL", LOG_MODE: "NOARCHIVELOG" },
        { TENANT_ID: "1001", TENANT_NAME: "META$1002", TENANT_TYPE: "META", COMPATIBILITY_MODE: "MYSQL", LOG_MODE: "NOARCHIVELOG" },
        { TENANT_ID: "1002", TENANT_NAME: "mysql_tenant", TENANT_TYPE: "USER", COMPATIBILITY_MODE: "MYSQL", LOG_MODE: "ARCHIVELOG" },
        { TENANT_ID: "1003", TENANT_NAME: "META$1004", TENANT_TYPE: "META", COMPATIBILITY_MODE: "MYSQL", LOG_MODE: "NOARCHIVELOG" },
        { TENANT_ID: "1004", TENANT_NAME: "oracle_tenant", TENANT_TYPE: "USER", COMPATIBILITY_MODE: "ORACLE", LOG_MODE: "ARCHIVELOG" },
      ]);
      assert.deepStrictEqual(await rows(mt, "SELECT TENANT_ID, TENANT_NAME FROM oceanbase.DBA_OB_TENANTS"), [
        { TENANT_ID: "1002", TENANT_NAME: "mysql_tenant" },
      ]);
      assert.deepStrictEqual(await rows(ora, "SELECT TENANT_ID, TENANT_NAME FROM SYS.DBA_OB_TENANTS"), [
        { TENANT_ID: "1004", TENANT_NAME: "oracle_tenant" },
      ]);
      // the lookup ob-operator does (§2.8)
      assert.deepStrictEqual(
        await rows(sys, "SELECT tenant_id FROM oceanbase.DBA_OB_TENANTS WHERE tenant_name = 'mysql_tenant' AND tenant_type = 'USER'"),
        [{ tenant_id: "1002" }],
      );
    });

    it("__all_tenant is sys-only (§2.8)", async () => {
      const names = (await rows(sys, "SELECT tenant_name FROM oceanbase.__all_tenant ORDER BY tenant_id")).map((r) => r.tenant_name);
      assert.deepStrictEqual(names, ["sys", "mysql_tenant", "oracle_tenant"]);
      await expectError(mt.query("SELECT * FROM oceanbase.__all_tenant"), 1146, "42S02");
    });

    it("unqualified view names need USE oceanbase in MySQL mode, else 1046 No database selected", async () => {
      const c = await connect(h, "root@mysql_tenant");
      try {
        await expectError(c.query("SELECT * FROM DBA_OB_BACKUP_JOBS"), 1046, "3D000", "No database selected");
        await c.query("USE oceanbase");
        const r = await rows(c, "SELECT JOB_ID, STATUS FROM DBA_OB_BACKUP_JOBS");
        assert.deepStrictEqual(r, [{ JOB_ID: "4", STATUS: "DOING" }]);
      } finally {
        await c.end();
      }
      const s = await connect(h);
      try {
        await expectError(s.query("SELECT * FROM CDB_OB_BACKUP_JOBS"), 1046, "3D000", "No database selected");
      } finally {
        await s.end();
      }
    });

    it("Oracle mode reads SYS.DBA_OB_*, timestamps as 'yyyy-mm-dd hh24:mi:ss' at +08:00", async () => {
      const o = await one(ora, "SELECT JOB_ID, START_TIMESTAMP, END_TIMESTAMP, STATUS FROM SYS.DBA_OB_BACKUP_JOB_HISTORY WHERE JOB_ID = 2");
      await sys.query("SET time_zone = '+08:00'");
      const m = await one(sys, "SELECT START_TIMESTAMP, END_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1004 AND JOB_ID = 2");
      assert.match(String(m.START_TIMESTAMP), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      assert.match(String(o.START_TIMESTAMP), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      assert.match(String(o.END_TIMESTAMP), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      assert.strictEqual(o.START_TIMESTAMP, String(m.START_TIMESTAMP).slice(0, 19));
      assert.strictEqual(o.END_TIMESTAMP, String(m.END_TIMESTAMP).slice(0, 19));
      assert.strictEqual(o.STATUS, "COMPLETED");
    });

    it("Oracle-mode strings stay at +08:00 whatever the session time_zone; MySQL-mode timestamps follow it", async () => {
      const q = "SELECT START_TIMESTAMP FROM SYS.DBA_OB_BACKUP_JOB_HISTORY WHERE JOB_ID = 2";
      const before8 = (await one(ora, q)).START_TIMESTAMP;
      await ora.query("SET time_zone = '+00:00'");
      assert.strictEqual((await one(ora, q)).START_TIMESTAMP, before8);
      const mq = "SELECT START_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1004 AND JOB_ID = 2";
      await sys.query("SET time_zone = '+08:00'");
      const at8 = String((await one(sys, mq)).START_TIMESTAMP);
      await sys.query("SET time_zone = '+00:00'");
      const at0 = String((await one(sys, mq)).START_TIMESTAMP);
      await sys.query("SET time_zone = '+08:00'");
      assert.strictEqual(usecAt8(at8) - usecAt8(at0), 8n * 3600n * 1_000_000n);
    });

    it("Oracle mode: PARAMETER and LAST_CHECK_TIMESTAMP are strings too, equal to the +08:00 MySQL-mode values", async () => {
      await sys.query("SET time_zone = '+08:00'");
      const strings = (rs: Record<string, unknown>[], col: string) =>
        rs.map((r) => {
          assert.match(String(r[col]), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, col);
          return r[col];
        });
      const prefixes = (rs: Record<string, unknown>[], col: string) => rs.map((r) => String(r[col]).slice(0, 19));
      const oi = await rows(ora, "SELECT LAST_CHECK_TIMESTAMP FROM SYS.DBA_OB_BACKUP_STORAGE_INFO ORDER BY DEST_ID");
      const mi = await rows(sys, "SELECT LAST_CHECK_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_STORAGE_INFO WHERE TENANT_ID = 1004 ORDER BY DEST_ID");
      assert.strictEqual(oi.length, 2); // the data and the archive destination
      assert.deepStrictEqual(strings(oi, "LAST_CHECK_TIMESTAMP"), prefixes(mi, "LAST_CHECK_TIMESTAMP"));
      const od = await rows(ora, "SELECT PARAMETER, START_TIMESTAMP, END_TIMESTAMP FROM SYS.DBA_OB_BACKUP_DELETE_JOB_HISTORY");
      const md = await rows(sys, "SELECT PARAMETER, START_TIMESTAMP, END_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_DELETE_JOB_HISTORY WHERE TENANT_ID = 1004");
      assert.strictEqual(od.length, 1);
      for (const col of ["PARAMETER", "START_TIMESTAMP", "END_TIMESTAMP"]) {
        assert.deepStrictEqual(strings(od, col), prefixes(md, col), col);
      }
    });

    it("Oracle mode cannot read oceanbase.X or SYS.CDB_*", async () => {
      for (const q of [
        "SELECT * FROM oceanbase.DBA_OB_BACKUP_JOBS",
        "SELECT * FROM oceanbase.DBA_OB_TENANTS",
        "SELECT * FROM SYS.CDB_OB_BACKUP_JOBS",
      ]) {
        await assert.rejects(ora.query(q), (e: { errno?: number; message?: string }) => {
          assert.match(e.message ?? "", /does not exist|doesn't exist/, q);
          return true;
        });
      }
    });
  });

  describe("a real SQL engine", () => {
    before(async () => {
      await mt.query("USE oceanbase");
      await sys.query("USE oceanbase");
      await sys.query("SET time_zone = '+08:00'");
    });

    it("WHERE", async () => {
      assert.deepStrictEqual(await rows(mt, "SELECT JOB_ID FROM DBA_OB_BACKUP_JOB_HISTORY WHERE BACKUP_TYPE = 'INC'"), [{ JOB_ID: "3" }]);
      assert.deepStrictEqual(
        await rows(sys, "SELECT TENANT_ID, JOB_ID FROM CDB_OB_BACKUP_JOB_HISTORY WHERE INITIATOR_TENANT_ID = 1 AND TENANT_ID <> 1"),
        [{ TENANT_ID: "1002", JOB_ID: "2" }],
      );
      assert.deepStrictEqual(await rows(mt, "SELECT JOB_ID FROM DBA_OB_BACKUP_JOB_HISTORY WHERE JOB_ID IN (2, 3) AND STATUS LIKE 'COMP%' ORDER BY JOB_ID"), [
        { JOB_ID: "2" },
        { JOB_ID: "3" },
      ]);
    });

    it("ORDER BY, LIMIT and OFFSET", async () => {
      const q = "SELECT BACKUP_SET_ID FROM CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002 ORDER BY BACKUP_SET_ID DESC";
      assert.deepStrictEqual((await rows(sys, q)).map((r) => r.BACKUP_SET_ID), ["3", "2", "1"]);
      assert.deepStrictEqual(await rows(sys, `${q} LIMIT 1`), [{ BACKUP_SET_ID: "3" }]);
      assert.deepStrictEqual(await rows(sys, `${q} LIMIT 1 OFFSET 1`), [{ BACKUP_SET_ID: "2" }]);
      assert.deepStrictEqual(await rows(sys, `${q} LIMIT 2, 1`), [{ BACKUP_SET_ID: "1" }]);
      assert.deepStrictEqual(
        await rows(sys, "SELECT TENANT_ID, BACKUP_SET_ID FROM CDB_OB_BACKUP_SET_FILES ORDER BY TENANT_ID DESC, BACKUP_SET_ID ASC"),
        [
          { TENANT_ID: "1004", BACKUP_SET_ID: "1" },
          { TENANT_ID: "1002", BACKUP_SET_ID: "1" },
          { TENANT_ID: "1002", BACKUP_SET_ID: "2" },
          { TENANT_ID: "1002", BACKUP_SET_ID: "3" },
        ],
      );
    });

    it("UNION of JOBS and JOB_HISTORY (the §5.2 poll)", async () => {
      const r = await rows(
        mt,
        "SELECT JOB_ID, STATUS FROM DBA_OB_BACKUP_JOBS UNION SELECT JOB_ID, STATUS FROM DBA_OB_BACKUP_JOB_HISTORY ORDER BY JOB_ID",
      );
      assert.deepStrictEqual(r, [
        { JOB_ID: "2", STATUS: "COMPLETED" },
        { JOB_ID: "3", STATUS: "COMPLETED" },
        { JOB_ID: "4", STATUS: "DOING" },
      ]);
      // OPR's "latest job of a type" (§5.2)
      assert.deepStrictEqual(
        await rows(mt, "SELECT JOB_ID FROM DBA_OB_BACKUP_JOB_HISTORY WHERE BACKUP_TYPE = 'FULL' ORDER BY JOB_ID DESC LIMIT 1"),
        [{ JOB_ID: "2" }],
      );
    });

    it("joins: jobs with their set files on BACKUP_SET_ID", async () => {
      const r = await rows(
        mt,
        `SELECT j.JOB_ID, s.BACKUP_SET_ID, s.BACKUP_TYPE, s.STATUS FROM DBA_OB_BACKUP_JOB_HISTORY j
         JOIN DBA_OB_BACKUP_SET_FILES s ON s.BACKUP_SET_ID = j.BACKUP_SET_ID ORDER BY j.JOB_ID`,
      );
      assert.deepStrictEqual(r, [
        { JOB_ID: "2", BACKUP_SET_ID: "1", BACKUP_TYPE: "FULL", STATUS: "SUCCESS" },
        { JOB_ID: "3", BACKUP_SET_ID: "2", BACKUP_TYPE: "INC", STATUS: "SUCCESS" },
      ]);
      const lj = await rows(
        sys,
        `SELECT j.TENANT_ID, j.JOB_ID, s.BACKUP_SET_ID FROM CDB_OB_BACKUP_JOB_HISTORY j
         LEFT JOIN CDB_OB_BACKUP_SET_FILES s ON s.TENANT_ID = j.TENANT_ID AND s.BACKUP_SET_ID = j.BACKUP_SET_ID
         ORDER BY j.TENANT_ID, j.JOB_ID`,
      );
      assert.deepStrictEqual(lj, [
        { TENANT_ID: "1", JOB_ID: "1", BACKUP_SET_ID: null },
        { TENANT_ID: "1002", JOB_ID: "2", BACKUP_SET_ID: "1" },
        { TENANT_ID: "1002", JOB_ID: "3", BACKUP_SET_ID: "2" },
        { TENANT_ID: "1004", JOB_ID: "2", BACKUP_SET_ID: "1" },
      ]);
    });

    it("aggregates: COUNT, MAX, GROUP BY, HAVING", async () => {
      assert.deepStrictEqual(await rows(sys, "SELECT COUNT(*) AS n, MAX(BACKUP_SET_ID) AS m FROM CDB_OB_BACKUP_SET_FILES"), [{ n: "4", m: "3" }]);
      assert.deepStrictEqual(
        await rows(sys, "SELECT TENANT_ID, COUNT(*) AS n FROM CDB_OB_BACKUP_SET_FILES GROUP BY TENANT_ID ORDER BY TENANT_ID"),
        [
          { TENANT_ID: "1002", n: "3" },
          { TENANT_ID: "1004", n: "1" },
        ],
      );
      assert.deepStrictEqual(
        await rows(sys, "SELECT TENANT_ID FROM CDB_OB_BACKUP_SET_FILES GROUP BY TENANT_ID HAVING COUNT(*) > 1"),
        [{ TENANT_ID: "1002" }],
      );
      // MAX(JOB_ID) across backup and delete jobs (the §5.2 "safer variant")
      const m = await one(
        mt,
        `SELECT MAX(id) AS m FROM (SELECT JOB_ID AS id FROM DBA_OB_BACKUP_JOBS UNION ALL SELECT JOB_ID FROM DBA_OB_BACKUP_JOB_HISTORY
         UNION ALL SELECT JOB_ID FROM DBA_OB_BACKUP_DELETE_JOBS UNION ALL SELECT JOB_ID FROM DBA_OB_BACKUP_DELETE_JOB_HISTORY) t`,
      );
      assert.strictEqual(String(m.m), "4");
    });

    it("subqueries (scalar, IN, EXISTS, derived table)", async () => {
      assert.deepStrictEqual(
        await rows(
          mt,
          "SELECT JOB_ID FROM DBA_OB_BACKUP_JOB_HISTORY WHERE BACKUP_SET_ID = (SELECT MAX(BACKUP_SET_ID) FROM DBA_OB_BACKUP_SET_FILES WHERE STATUS = 'SUCCESS')",
        ),
        [{ JOB_ID: "3" }],
      );
      assert.deepStrictEqual(
        await rows(
          mt,
          "SELECT BACKUP_SET_ID FROM DBA_OB_BACKUP_SET_FILES WHERE BACKUP_SET_ID IN (SELECT BACKUP_SET_ID FROM DBA_OB_BACKUP_JOBS) ",
        ),
        [{ BACKUP_SET_ID: "3" }],
      );
      assert.deepStrictEqual(
        await rows(
          sys,
          `SELECT TENANT_NAME FROM DBA_OB_TENANTS t WHERE EXISTS
           (SELECT 1 FROM CDB_OB_BACKUP_SET_FILES s WHERE s.TENANT_ID = t.TENANT_ID) ORDER BY TENANT_NAME`,
        ),
        [{ TENANT_NAME: "mysql_tenant" }, { TENANT_NAME: "oracle_tenant" }],
      );
      assert.deepStrictEqual(
        await rows(sys, "SELECT x.n FROM (SELECT COUNT(*) AS n FROM DBA_OB_TENANTS WHERE TENANT_TYPE = 'META') x"),
        [{ n: "2" }],
      );
    });

    it("CASE", async () => {
      const r = await rows(
        mt,
        `SELECT JOB_ID, CASE WHEN END_TIMESTAMP IS NULL THEN 'running' ELSE 'done' END AS state
         FROM (SELECT JOB_ID, END_TIMESTAMP FROM DBA_OB_BACKUP_JOBS UNION ALL SELECT JOB_ID, END_TIMESTAMP FROM DBA_OB_BACKUP_JOB_HISTORY) u
         ORDER BY JOB_ID`,
      );
      assert.deepStrictEqual(r, [
        { JOB_ID: "2", state: "done" },
        { JOB_ID: "3", state: "done" },
        { JOB_ID: "4", state: "running" },
      ]);
    });

    it("column names come back as typed in MySQL mode", async () => {
      const r = await rows(mt, "select job_id, Backup_Type, j.status from DBA_OB_BACKUP_JOBS j");
      assert.deepStrictEqual(Object.keys(r[0]), ["job_id", "Backup_Type", "status"]);
      assert.deepStrictEqual(r, [{ job_id: "4", Backup_Type: "FULL", status: "DOING" }]);
      const f = await fields(mt, "select job_id, Backup_Type from DBA_OB_BACKUP_JOBS");
      assert.deepStrictEqual(f.map((x) => x.name), ["job_id", "Backup_Type"]);
      const v = await one(mt, "SELECT VERSION()");
      assert.deepStrictEqual(Object.keys(v), ["VERSION()"]);
      assert.strictEqual(v["VERSION()"], "5.7.25-OceanBase-v4.3.0.1"); // §5.1 (EE: no _CE marker)
      assert.deepStrictEqual(await rows(mt, "SELECT OB_VERSION()"), [{ "OB_VERSION()": "4.3.0.1" }]);
      assert.deepStrictEqual(await rows(mt, "SELECT ob_version() as version"), [{ version: "4.3.0.1" }]);
    });

    it("column names are upper-cased in Oracle mode", async () => {
      const r = await rows(ora, "select job_id, backup_type from SYS.DBA_OB_BACKUP_JOB_HISTORY");
      assert.deepStrictEqual(r, [{ JOB_ID: "2", BACKUP_TYPE: "FULL" }]);
      const f = await fields(ora, "select job_id, h.status from SYS.DBA_OB_BACKUP_JOB_HISTORY h");
      assert.deepStrictEqual(f.map((x) => x.name), ["JOB_ID", "STATUS"]);
    });

    it("@@version_comment and @@time_zone work; an unknown @@variable is 1193", async () => {
      const vc = await one(mt, "SELECT @@version_comment");
      assert.deepStrictEqual(Object.keys(vc), ["@@version_comment"]);
      assert.strictEqual(typeof vc["@@version_comment"], "string");
      assert.ok(String(vc["@@version_comment"]).length > 0);
      const c = await connect(h, "root@mysql_tenant");
      try {
        const tz = await one(c, "SELECT @@time_zone");
        assert.deepStrictEqual(Object.keys(tz), ["@@time_zone"]);
        assert.match(String(tz["@@time_zone"]), /^[+-]\d{1,2}:\d\d$/);
        await c.query("SET time_zone = '-05:30'");
        assert.deepStrictEqual(await rows(c, "SELECT @@time_zone"), [{ "@@time_zone": "-05:30" }]);
        assert.deepStrictEqual(await rows(c, "SELECT @@session.time_zone AS tz"), [{ tz: "-05:30" }]);
        await expectError(c.query("SELECT @@no_such_variable"), 1193, "HY000", "Unknown system variable 'no_such_variable'");
      } finally {
        await c.end();
      }
    });

    it("inner tables (_inner_...) and sqlite_master cannot be read: 1146", async () => {
      for (const c of [sys, mt]) {
        for (const q of [
          "SELECT * FROM _inner_backup_job",
          "SELECT * FROM oceanbase._inner_backup_job",
          "SELECT * FROM `_inner_tenant`",
          "SELECT * FROM oceanbase.`_INNER_BACKUP_SET_FILES`",
          "SELECT * FROM sqlite_master",
          "SELECT * FROM main.sqlite_master",
          "SELECT (SELECT COUNT(*) FROM _inner_backup_job_history) AS n",
          "SELECT * FROM DBA_OB_BACKUP_JOBS WHERE JOB_ID IN (SELECT job_id FROM _inner_backup_job)",
          "WITH x AS (SELECT * FROM _inner_tenant) SELECT * FROM x",
        ]) {
          await expectError(c.query(q), 1146, "42S02");
        }
      }
      // Oracle mode: ORA-00942, errno 942 (§2.10: codes with an Oracle error of their own keep it)
      await expectError(ora.query("SELECT * FROM SYS._inner_backup_job"), 942, "42S02", "ORA-00942: table or view does not exist");
      await expectError(ora.query("SELECT * FROM sqlite_master"), 942, "42S02", "ORA-00942: table or view does not exist");
    });

    it("SQLite's catalog is not reachable either: pragma_table_list is an unknown table (1146)", async () => {
      // an OceanBase server has no such table; here it would list the emulator's inner tables
      await expectError(mt.query("SELECT * FROM pragma_table_list"), 1146, "42S02");
    });

    it("a quoted string in FROM cannot reach inner tables, sqlite_master or another tenant's CDB_ rows", async () => {
      // In MySQL mode "..." and '...' are string literals, not table names (a parse error, 1064, on a MySQL
      // server); either way the statement must fail and must not return the rows. Accepted: 1064 or 1146, and
      // their Oracle-mode forms 900 and 942 (§2.10).
      const leaks: string[] = [];
      const rejects = async (c: Conn, who: string, q: string) => {
        let result: unknown;
        try {
          [result] = await c.query(q);
        } catch (e) {
          const errno = (e as { errno?: number }).errno;
          if (![1064, 1146, 900, 942].includes(errno ?? 0)) leaks.push(`${who}: ${q} -> errno ${errno}`);
          return;
        }
        const rs = result as Record<string, unknown>[];
        leaks.push(`${who}: ${q} -> ${rs.length} rows with columns ${Object.keys(rs[0] ?? {}).slice(0, 6).join(",")}`);
      };
      await rejects(mt, "root@mysql_tenant", `SELECT * FROM "_inner_backup_job"`);
      await rejects(mt, "root@mysql_tenant", "SELECT * FROM '_inner_tenant'");
      await rejects(mt, "root@mysql_tenant", `SELECT * FROM "sqlite_master"`);
      await rejects(mt, "root@mysql_tenant", `SELECT TENANT_ID, JOB_ID FROM "CDB_OB_BACKUP_JOB_HISTORY"`);
      await rejects(ora, "SYS@oracle_tenant", "SELECT * FROM '_inner_backup_job'");
      assert.deepStrictEqual(leaks, []);
    });

    it("two statements in one query are a 1064 parse error", async () => {
      await expectError(mt.query("SELECT 1; SELECT 2"), 1064, "42000", /You have an error in your SQL syntax/);
      // Oracle mode: every parse error is ORA-00900, errno 900 (§2.10)
      await expectError(ora.query("SELECT 1 FROM DUAL; SELECT 2 FROM DUAL"), 900, "42000", /^ORA-00900: You have an error in your SQL syntax/);
    });
  });

  describe("values (§2.1-§2.3, §5.3)", () => {
    before(async () => {
      await sys.query("SET time_zone = '+08:00'");
    });

    it("wire types hold with rows present (running task, finished set files)", async () => {
      const byName = async (sql: string) => new Map((await fields(sys, sql)).map((f) => [f.name, f]));
      const task = await byName("SELECT * FROM oceanbase.CDB_OB_BACKUP_TASKS WHERE TENANT_ID = 1002");
      const want: [string, number][] = [
        ["START_SCN", TYPE.LONGLONG],
        ["END_SCN", TYPE.LONGLONG],
        ["START_TIMESTAMP", TYPE.TIMESTAMP],
        ["END_TIMESTAMP", TYPE.TIMESTAMP],
        ["STATUS", TYPE.VAR_STRING],
        ["OUTPUT_RATE_BYTES", TYPE.NEWDECIMAL],
        ["DATA_PROGRESS", TYPE.NEWDECIMAL],
      ];
      for (const [col, type] of want) assert.strictEqual(task.get(col)?.type, type, `CDB_OB_BACKUP_TASKS.${col}`);
      const sets = await byName("SELECT * FROM oceanbase.CDB_OB_BACKUP_SET_FILES");
      for (const [col, type] of [
        ["ELAPSED_SECONDES", TYPE.NEWDECIMAL],
        ["OUTPUT_RATE_BYTES", TYPE.NEWDECIMAL],
        ["MIN_RESTORE_SCN", TYPE.LONGLONG],
        ["END_TIMESTAMP", TYPE.TIMESTAMP],
        ["TENANT_COMPATIBLE", TYPE.VAR_STRING],
      ] as [string, number][]) {
        assert.strictEqual(sets.get(col)?.type, type, `CDB_OB_BACKUP_SET_FILES.${col}`);
      }
    });

    it("END_TIMESTAMP is NULL while a job runs and set after it finished", async () => {
      const running = await one(sys, "SELECT STATUS, START_TIMESTAMP, END_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002");
      assert.strictEqual(running.STATUS, "DOING");
      assert.strictEqual(running.END_TIMESTAMP, null);
      const task = await one(sys, "SELECT STATUS, END_TIMESTAMP, END_SCN FROM oceanbase.CDB_OB_BACKUP_TASKS WHERE TENANT_ID = 1002");
      assert.strictEqual(task.END_TIMESTAMP, null);
      assert.strictEqual(task.END_SCN, "0"); // "0 until done" (§2.2)
      const set = await one(sys, "SELECT STATUS, END_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002 AND BACKUP_SET_ID = 3");
      assert.deepStrictEqual(set, { STATUS: "DOING", END_TIMESTAMP: null });
      const done = await rows(
        sys,
        "SELECT TENANT_ID, JOB_ID, START_TIMESTAMP, END_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY ORDER BY TENANT_ID, JOB_ID",
      );
      assert.strictEqual(done.length, 4);
      for (const j of done) {
        assert.notStrictEqual(j.END_TIMESTAMP, null, `job ${j.TENANT_ID}/${j.JOB_ID}`);
        assert.ok(usecAt8(j.END_TIMESTAMP) > usecAt8(j.START_TIMESTAMP), `job ${j.TENANT_ID}/${j.JOB_ID} ends after it starts`);
      }
      for (const t of await rows(sys, "SELECT END_TIMESTAMP, END_SCN FROM oceanbase.CDB_OB_BACKUP_TASK_HISTORY")) {
        assert.notStrictEqual(t.END_TIMESTAMP, null);
        assert.notStrictEqual(t.END_SCN, "0");
      }
    });

    it("BACKUP_TYPE is FULL / INC in jobs and set files", async () => {
      const jobs = await rows(
        mt,
        "SELECT JOB_ID, BACKUP_TYPE FROM oceanbase.DBA_OB_BACKUP_JOBS UNION ALL SELECT JOB_ID, BACKUP_TYPE FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY ORDER BY JOB_ID",
      );
      assert.deepStrictEqual(jobs, [
        { JOB_ID: "2", BACKUP_TYPE: "FULL" },
        { JOB_ID: "3", BACKUP_TYPE: "INC" },
        { JOB_ID: "4", BACKUP_TYPE: "FULL" },
      ]);
      const sets = await rows(
        mt,
        "SELECT BACKUP_SET_ID, BACKUP_TYPE, PREV_FULL_BACKUP_SET_ID FROM oceanbase.DBA_OB_BACKUP_SET_FILES ORDER BY BACKUP_SET_ID",
      );
      // PREV_FULL_BACKUP_SET_ID: the full set an INC depends on, 0 for a full backup (§2.3)
      assert.deepStrictEqual(sets, [
        { BACKUP_SET_ID: "1", BACKUP_TYPE: "FULL", PREV_FULL_BACKUP_SET_ID: "0" },
        { BACKUP_SET_ID: "2", BACKUP_TYPE: "INC", PREV_FULL_BACKUP_SET_ID: "1" },
        { BACKUP_SET_ID: "3", BACKUP_TYPE: "FULL", PREV_FULL_BACKUP_SET_ID: "0" },
      ]);
      const all = await rows(sys, "SELECT DISTINCT BACKUP_TYPE FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY ORDER BY 1");
      assert.deepStrictEqual(all.map((r) => Object.values(r)[0]), ["FULL", "INC"]);
    });

    it("the sys umbrella job: BACKUP_SET_ID=0, PATH='', JOB_LEVEL='CLUSTER'; its child carries INITIATOR_*", async () => {
      const s = await one(sys, "SELECT * FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1");
      assert.strictEqual(s.BACKUP_SET_ID, "0");
      assert.strictEqual(s.PATH, "");
      assert.strictEqual(s.JOB_LEVEL, "CLUSTER");
      assert.strictEqual(s.INITIATOR_TENANT_ID, "1");
      assert.strictEqual(s.INITIATOR_JOB_ID, s.JOB_ID); // own JOB_ID for the sys job
      assert.strictEqual(s.EXECUTOR_TENANT_ID, "1002");
      assert.strictEqual(s.STATUS, "COMPLETED");
      const child = await one(
        sys,
        `SELECT JOB_ID, BACKUP_SET_ID, INITIATOR_TENANT_ID, INITIATOR_JOB_ID, EXECUTOR_TENANT_ID, JOB_LEVEL, PATH
         FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1002 AND INITIATOR_TENANT_ID = 1 AND INITIATOR_JOB_ID = ${s.JOB_ID}`,
      );
      assert.deepStrictEqual(child, {
        JOB_ID: "2",
        BACKUP_SET_ID: "1",
        INITIATOR_TENANT_ID: "1",
        INITIATOR_JOB_ID: "1",
        EXECUTOR_TENANT_ID: "1002",
        JOB_LEVEL: "USER_TENANT",
        PATH: "file:///backup/mysql_tenant/data",
      });
      const own = await one(mt, "SELECT INITIATOR_TENANT_ID, INITIATOR_JOB_ID, JOB_LEVEL FROM oceanbase.DBA_OB_BACKUP_JOBS");
      assert.deepStrictEqual(own, { INITIATOR_TENANT_ID: "1002", INITIATOR_JOB_ID: "0", JOB_LEVEL: "USER_TENANT" });
    });

    it("backup and delete jobs share the job id counter; the hourly cleanup job's PARAMETER is now - window (§5.3 items 5, 8)", async () => {
      const d = await one(mt, "SELECT * FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY");
      assert.strictEqual(d.JOB_ID, "1");
      assert.strictEqual(d.TYPE, "DELETE OBSOLETE BACKUP");
      assert.strictEqual(d.JOB_LEVEL, "USER_TENANT");
      assert.strictEqual(d.INITIATOR_TENANT_ID, "1002");
      assert.strictEqual(usecAt8(d.START_TIMESTAMP) - usecAt8(d.PARAMETER), 7n * 86400n * 1_000_000n);
      assert.deepStrictEqual(await rows(mt, "SELECT POLICY_NAME, RECOVERY_WINDOW FROM oceanbase.DBA_OB_BACKUP_DELETE_POLICY"), [
        { POLICY_NAME: "default", RECOVERY_WINDOW: "7d" },
      ]);
      const o = await one(sys, "SELECT START_TIMESTAMP, PARAMETER FROM oceanbase.CDB_OB_BACKUP_DELETE_JOB_HISTORY WHERE TENANT_ID = 1004");
      assert.strictEqual(usecAt8(o.START_TIMESTAMP) - usecAt8(o.PARAMETER), 86400n * 1_000_000n); // window '1d'
      // the backup job after it got the next id of the same counter
      assert.deepStrictEqual(await rows(sys, "SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1004"), [{ JOB_ID: "2" }]);
    });

    it("SCN columns keep every digit (bigNumberStrings)", async () => {
      const t = await one(sys, "SELECT START_SCN, END_SCN, START_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_TASK_HISTORY WHERE TENANT_ID = 1004");
      for (const k of ["START_SCN", "END_SCN"]) {
        assert.strictEqual(typeof t[k], "string", k);
        assert.match(String(t[k]), /^\d{19}$/, k);
      }
      // SCNs are ns since the epoch: the task's START_SCN is within a minute of its START_TIMESTAMP
      const startUs = usecAt8(t.START_TIMESTAMP);
      const scnUs = BigInt(String(t.START_SCN)) / 1000n;
      assert.ok(scnUs - startUs < 60_000_000n && startUs - scnUs < 60_000_000n, `${t.START_SCN} vs ${t.START_TIMESTAMP}`);
      // arithmetic on an SCN gives a value a double cannot hold; it must come back exact
      const p = await one(sys, "SELECT START_SCN + 1 AS p, START_SCN * 2 + 1 AS q FROM oceanbase.CDB_OB_BACKUP_TASK_HISTORY WHERE TENANT_ID = 1004");
      assert.strictEqual(p.p, (BigInt(String(t.START_SCN)) + 1n).toString());
      assert.strictEqual(p.q, (BigInt(String(t.START_SCN)) * 2n + 1n).toString());
      // MIN_RESTORE_SCN_DISPLAY is SCN_TO_TIMESTAMP(MIN_RESTORE_SCN) in the session time zone
      const s = await one(
        sys,
        "SELECT MIN_RESTORE_SCN, MIN_RESTORE_SCN_DISPLAY, START_REPLAY_SCN, START_REPLAY_SCN_DISPLAY FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1004",
      );
      assert.match(String(s.MIN_RESTORE_SCN), /^\d{19}$/);
      assert.strictEqual(s.MIN_RESTORE_SCN_DISPLAY, formatAt8(BigInt(String(s.MIN_RESTORE_SCN)) / 1000n));
      assert.strictEqual(s.START_REPLAY_SCN_DISPLAY, formatAt8(BigInt(String(s.START_REPLAY_SCN)) / 1000n));
      const tn = await one(sys, "SELECT SYNC_SCN, RECOVERY_UNTIL_SCN FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_ID = 1002");
      assert.match(String(tn.SYNC_SCN), /^\d{19}$/);
      assert.match(String(tn.RECOVERY_UNTIL_SCN), /^\d+$/);
    });

    it("OUTPUT_RATE_BYTES is 0 while running and OUTPUT_BYTES/seconds after; DATA_PROGRESS follows the macro blocks", async () => {
      const t = await one(
        sys,
        `SELECT STATUS, OUTPUT_BYTES, OUTPUT_RATE_BYTES, MACRO_BLOCK_COUNT, FINISH_MACRO_BLOCK_COUNT, DATA_PROGRESS
         FROM oceanbase.CDB_OB_BACKUP_TASKS WHERE TENANT_ID = 1002`,
      );
      assert.notStrictEqual(t.STATUS, "COMPLETED");
      assert.ok(Number(t.OUTPUT_BYTES) > 0, "the running task has written something");
      assert.strictEqual(Number(t.OUTPUT_RATE_BYTES), 0);
      const s = await one(sys, "SELECT OUTPUT_RATE_BYTES FROM oceanbase.CDB_OB_BACKUP_SET_FILES WHERE TENANT_ID = 1002 AND BACKUP_SET_ID = 3");
      assert.strictEqual(Number(s.OUTPUT_RATE_BYTES), 0);
      // DATA_PROGRESS: 0.00 if MACRO_BLOCK_COUNT = 0, else ROUND(FINISH/TOTAL*100, 2) capped at 99.99 (§2.2)
      const total = Number(t.MACRO_BLOCK_COUNT);
      const expected = total === 0 ? 0 : Math.min(99.99, Math.round((Number(t.FINISH_MACRO_BLOCK_COUNT) / total) * 10000) / 100);
      assert.ok(expected > 0, "progress has started");
      assert.strictEqual(Number(t.DATA_PROGRESS), expected);
      // finished: OUTPUT_BYTES / ((END_TS - START_TS) / 1e6)
      const done = await one(
        sys,
        "SELECT OUTPUT_BYTES, OUTPUT_RATE_BYTES, START_TIMESTAMP, END_TIMESTAMP FROM oceanbase.CDB_OB_BACKUP_TASK_HISTORY WHERE TENANT_ID = 1004",
      );
      const secs = Number(usecAt8(done.END_TIMESTAMP) - usecAt8(done.START_TIMESTAMP)) / 1e6;
      assert.ok(Number(done.OUTPUT_BYTES) > 0);
      assert.ok(Math.abs(Number(done.OUTPUT_RATE_BYTES) - Number(done.OUTPUT_BYTES) / secs) < 0.0001, `${done.OUTPUT_RATE_BYTES}`);
    });
  });
});
