// The emulator's SQL schema: inner tables that hold all state, and the CDB_/DBA_ views of reference §2
// defined over them, so that any ordinary SELECT runs on a real SQL engine (SQLite).
// Timestamps are kept as integer microseconds, like OceanBase's inner tables, and rendered by the views.

import { Version } from "./version";

export type WireType = "bigint" | "ubigint" | "varchar" | "longtext" | "timestamp" | "datetime" | "decimal";

interface Col {
  name: string;
  type: WireType;
  /** SQL over the inner table; default: the column of the same name. */
  expr?: string;
  /** Oracle-mode expression (timestamps become strings, §2.9). */
  oracle?: string;
  /** DBA_ view expression when it differs from the CDB_ one (restore research §3.1: a status mapping) */
  dba?: string;
}

const ts = (name: string, column: string, nullWhenZero = false): Col => {
  const wrap = (f: string) => (nullWhenZero ? `CASE WHEN ${column} = 0 THEN NULL ELSE ${f}(${column}) END` : `${f}(${column})`);
  return { name, type: "timestamp", expr: wrap("USEC_TO_TIME"), oracle: wrap("ORA_TIME") };
};
const big = (name: string): Col => ({ name, type: "bigint" });
const ubig = (name: string): Col => ({ name, type: "ubigint" });
const str = (name: string): Col => ({ name, type: "varchar" });
const dec = (name: string, expr: string): Col => ({ name, type: "decimal", expr });
// SCN_TO_TIMESTAMP: datetime(6) in the archive views (§2.7), timestamp in the set-file views (§2.3)
const scnDisplay = (name: string, column: string, type: WireType = "timestamp"): Col => ({
  name,
  type,
  expr: `CASE WHEN ${column} = 0 THEN NULL ELSE SCN_TO_TIMESTAMP(${column}) END`,
  oracle: `CASE WHEN ${column} = 0 THEN NULL ELSE ORA_TIME(${column} / 1000) END`,
});
const bytesDisplay = (name: string, column: string): Col => ({ name, type: "varchar", expr: `BYTES_DISPLAY(${column})` });

interface ViewFamily {
  /** view name without the CDB_/DBA_ prefix */
  name: string;
  table: string;
  cols: Col[];
  /** CDB view only (e.g. DATA_PROGRESS in CDB_OB_BACKUP_TASKS, §2.2) */
  cdbOnly?: string[];
  where?: string;
}

const jobCols = (): Col[] => [
  big("TENANT_ID"),
  big("JOB_ID"),
  big("INCARNATION"),
  big("BACKUP_SET_ID"),
  big("INITIATOR_TENANT_ID"),
  big("INITIATOR_JOB_ID"),
  str("EXECUTOR_TENANT_ID"),
  str("PLUS_ARCHIVELOG"),
  str("BACKUP_TYPE"),
  str("JOB_LEVEL"),
  str("ENCRYPTION_MODE"),
  str("PASSWD"),
  ts("START_TIMESTAMP", "start_ts"),
  ts("END_TIMESTAMP", "end_ts", true),
  str("STATUS"),
  big("RESULT"),
  str("COMMENT"),
  str("DESCRIPTION"),
  str("PATH"),
];

const statsCols = (v: Version): Col[] => [
  big("INPUT_BYTES"),
  big("OUTPUT_BYTES"),
  dec("OUTPUT_RATE_BYTES", "DEC4(CASE WHEN end_ts = 0 OR end_ts = start_ts THEN 0 ELSE output_bytes / ((end_ts - start_ts) / 1000000.0) END)"),
  big("EXTRA_META_BYTES"),
  big("TABLET_COUNT"),
  big("FINISH_TABLET_COUNT"),
  big("MACRO_BLOCK_COUNT"),
  big("FINISH_MACRO_BLOCK_COUNT"),
  big("FILE_COUNT"),
  big("META_TURN_ID"),
  big("DATA_TURN_ID"),
  big("RESULT"),
  str("COMMENT"),
  ...(v.atLeast(4, 2, 0) ? [] : []),
];

const taskCols = (v: Version): Col[] => [
  big("TENANT_ID"),
  big("TASK_ID"),
  big("JOB_ID"),
  big("INCARNATION"),
  big("BACKUP_SET_ID"),
  ts("START_TIMESTAMP", "start_ts"),
  ts("END_TIMESTAMP", "end_ts", true),
  str("STATUS"),
  ubig("START_SCN"),
  ubig("END_SCN"),
  ubig("USER_LS_START_SCN"),
  str("ENCRYPTION_MODE"),
  str("PASSWD"),
  ...statsCols(v),
  str("PATH"),
  ...(v.atLeast(4, 2, 0) ? [big("MINOR_TURN_ID"), big("MAJOR_TURN_ID")] : []),
];

const deleteJobCols = (): Col[] => [
  big("TENANT_ID"),
  big("JOB_ID"),
  big("INCARNATION"),
  big("INITIATOR_TENANT_ID"),
  big("INITIATOR_JOB_ID"),
  str("EXECUTOR_TENANT_ID"),
  str("TYPE"),
  ts("PARAMETER", "parameter"),
  str("JOB_LEVEL"),
  ts("START_TIMESTAMP", "start_ts"),
  ts("END_TIMESTAMP", "end_ts", true),
  str("STATUS"),
  big("TASK_COUNT"),
  big("SUCCESS_TASK_COUNT"),
  big("RESULT"),
  str("COMMENT"),
];

const deleteTaskCols = (): Col[] => [
  big("TENANT_ID"),
  big("TASK_ID"),
  big("INCARNATION"),
  big("JOB_ID"),
  str("TASK_TYPE"),
  big("ID"),
  big("ROUND_ID"),
  big("DEST_ID"),
  ts("START_TIMESTAMP", "start_ts"),
  ts("END_TIMESTAMP", "end_ts", true),
  str("STATUS"),
  big("TOTAL_LS_COUNT"),
  big("FINISH_LS_COUNT"),
  big("RESULT"),
  str("COMMENT"),
  str("PATH"),
];

const archiveCols = (summary: boolean): Col[] => {
  const head: Col[] = [
    big("TENANT_ID"),
    big("DEST_ID"),
    big("ROUND_ID"),
    big("INCARNATION"),
    big("DEST_NO"),
    str("STATUS"),
    ubig("START_SCN"),
    scnDisplay("START_SCN_DISPLAY", "start_scn", "datetime"),
    ubig("CHECKPOINT_SCN"),
    scnDisplay("CHECKPOINT_SCN_DISPLAY", "checkpoint_scn", "datetime"),
    big("COMPATIBLE"),
    big("BASE_PIECE_ID"),
    big("USED_PIECE_ID"),
    // the inner column is µs and the view selects it unchanged; the DOC examples showing "1d" are wrong (§2.7)
    big("PIECE_SWITCH_INTERVAL"),
    big("UNIT_SIZE"),
    { name: "COMPRESSION", type: "varchar" },
    big("INPUT_BYTES"),
    bytesDisplay("INPUT_BYTES_DISPLAY", "input_bytes"),
    big("OUTPUT_BYTES"),
    bytesDisplay("OUTPUT_BYTES_DISPLAY", "output_bytes"),
    dec("COMPRESSION_RATIO", "DEC2(CASE WHEN output_bytes = 0 THEN 0 ELSE input_bytes * 1.0 / output_bytes END)"),
    big("DELETED_INPUT_BYTES"),
    bytesDisplay("DELETED_INPUT_BYTES_DISPLAY", "deleted_input_bytes"),
    big("DELETED_OUTPUT_BYTES"),
    bytesDisplay("DELETED_OUTPUT_BYTES_DISPLAY", "deleted_output_bytes"),
  ];
  // the SUMMARY view really ends PATH, COMMENT while ARCHIVELOG ends COMMENT, PATH (§2.7)
  return summary ? [...head, str("PATH"), str("COMMENT")] : [...head, str("COMMENT"), str("PATH")];
};

// ---- restore views (restore research §3.1–§3.4) -----------------------------------------------------------

const RESTORING = ["RESTORE_PRE", "RESTORE_CREATE_INIT_LS", "RESTORE_WAIT_LS", "POST_CHECK"];
const inList = (xs: string[]) => xs.map((x) => `'${x}'`).join(", ");

function restoreFamilies(v: Version): ViewFamily[] {
  const shape = v.restoreViewShape;
  // CDB maps the five middle states to RESTORING; DBA forgets PHYSICAL_RESTORE_WAIT_RESTORE_TO_CONSISTENT_SCN (§3.1)
  const status: Col = {
    name: "STATUS",
    type: "varchar",
    expr: `CASE WHEN status IN (${inList([...RESTORING, "PHYSICAL_RESTORE_WAIT_RESTORE_TO_CONSISTENT_SCN"])}) THEN 'RESTORING' ELSE status END`,
    dba: `CASE WHEN status IN (${inList(RESTORING)}) THEN 'RESTORING' ELSE status END`,
  };
  // the job table is key/value, so these read as text (§3.4 Types)
  const text = (name: string, column = name.toLowerCase()): Col => ({ name, type: "varchar", expr: `COALESCE(CAST(${column} AS TEXT), '')` });
  const restoreType: Col[] = shape === "newer" ? [{ name: "RESTORE_TYPE", type: "varchar", expr: "'FULL'" }] : [];
  const early = `status IN ('RESTORE_PRE', 'RESTORE_CREATE_INIT_LS', 'PHYSICAL_RESTORE_WAIT_RESTORE_TO_CONSISTENT_SCN')`;
  const tabletCols: Col[] =
    shape === "base"
      ? []
      : [
          { name: "RECOVER_SCN", type: "ubigint", expr: "recover_scn" },
          { name: "RECOVER_SCN_DISPLAY", type: "datetime", expr: "CASE WHEN recover_scn IS NULL OR recover_scn <= 1 THEN NULL ELSE SCN_TO_TIMESTAMP(recover_scn) END" },
          dec(
            "RECOVER_PROGRESS",
            `CASE WHEN recover_scn IS NULL THEN NULL WHEN ${early} THEN DEC2(0) WHEN restore_scn = consistent_scn THEN DEC2(100)
              ELSE DEC2(MAX(0, MIN(100, (recover_scn - consistent_scn) * 100.0 / (restore_scn - consistent_scn)))) END`,
          ),
          big("TABLET_COUNT"),
          big("FINISH_TABLET_COUNT"),
          dec(
            "RESTORE_PROGRESS",
            shape === "newer"
              ? "CASE WHEN total_bytes IS NULL THEN NULL WHEN total_bytes = 0 THEN DEC2(0) ELSE DEC2(finish_bytes * 100.0 / total_bytes) END"
              : "CASE WHEN tablet_count IS NULL THEN NULL WHEN tablet_count = 0 THEN DEC2(0) ELSE DEC2(finish_tablet_count * 100.0 / tablet_count) END",
          ),
        ];
  const bytes: Col[] = [big("TOTAL_BYTES"), bytesDisplay("TOTAL_BYTES_DISPLAY", "total_bytes"), big("FINISH_BYTES"), bytesDisplay("FINISH_BYTES_DISPLAY", "finish_bytes")];
  const progress: Col[] = [
    big("TENANT_ID"),
    big("JOB_ID"),
    text("RESTORE_TENANT_NAME"),
    text("RESTORE_TENANT_ID"),
    text("BACKUP_TENANT_NAME"),
    text("BACKUP_TENANT_ID"),
    text("BACKUP_CLUSTER_NAME"),
    text("BACKUP_DEST"),
    text("RESTORE_OPTION"),
    ...restoreType,
    text("RESTORE_SCN"),
    scnDisplay("RESTORE_SCN_DISPLAY", "restore_scn", "datetime"),
    status,
    ts("START_TIMESTAMP", "start_ts"),
    text("BACKUP_SET_LIST"),
    text("BACKUP_PIECE_LIST"),
    ...tabletCols,
    ...bytes,
    text("DESCRIPTION"),
  ];
  const history: Col[] = [
    big("TENANT_ID"),
    big("JOB_ID"),
    str("RESTORE_TENANT_NAME"),
    { name: "RESTORE_TENANT_ID", type: "bigint", expr: "CASE WHEN restore_tenant_id IS NULL OR restore_tenant_id = '' THEN -1 ELSE CAST(restore_tenant_id AS INTEGER) END" },
    str("BACKUP_TENANT_NAME"),
    { name: "BACKUP_TENANT_ID", type: "bigint", expr: "CAST(backup_tenant_id AS INTEGER)" },
    str("BACKUP_CLUSTER_NAME"),
    { name: "BACKUP_DEST", type: "longtext" },
    ubig("RESTORE_SCN"),
    scnDisplay("RESTORE_SCN_DISPLAY", "restore_scn", "datetime"),
    str("RESTORE_OPTION"),
    ...restoreType,
    ts("START_TIMESTAMP", "start_ts"),
    ts("FINISH_TIMESTAMP", "finish_ts"),
    str("STATUS"),
    { name: "BACKUP_PIECE_LIST", type: "longtext" },
    { name: "BACKUP_SET_LIST", type: "longtext" },
    big("BACKUP_CLUSTER_VERSION"),
    big("LS_COUNT"),
    big("FINISH_LS_COUNT"),
    big("TABLET_COUNT"),
    big("FINISH_TABLET_COUNT"),
    ...bytes,
    str("DESCRIPTION"),
    str("COMMENT"),
  ];
  return [
    { name: "OB_RESTORE_PROGRESS", table: "_inner_restore_job", cols: progress },
    { name: "OB_RESTORE_HISTORY", table: "_inner_restore_job_history", cols: history },
  ];
}

function families(v: Version): ViewFamily[] {
  const setFileCols: Col[] = [
    big("TENANT_ID"),
    big("BACKUP_SET_ID"),
    big("DEST_ID"),
    big("INCARNATION"),
    str("BACKUP_TYPE"),
    big("PREV_FULL_BACKUP_SET_ID"),
    big("PREV_INC_BACKUP_SET_ID"),
    ts("START_TIMESTAMP", "start_ts"),
    ts("END_TIMESTAMP", "end_ts", true),
    str("STATUS"),
    str("FILE_STATUS"),
    dec("ELAPSED_SECONDES", "DEC0(CASE WHEN end_ts = 0 THEN 0 ELSE (end_ts - start_ts) / 1000000.0 END)"),
    str("PLUS_ARCHIVELOG"),
    ubig("START_REPLAY_SCN"),
    scnDisplay("START_REPLAY_SCN_DISPLAY", "start_replay_scn"),
    ubig("MIN_RESTORE_SCN"),
    scnDisplay("MIN_RESTORE_SCN_DISPLAY", "min_restore_scn"),
    ...statsCols(v),
    str("ENCRYPTION_MODE"),
    str("PASSWD"),
    str("TENANT_COMPATIBLE"),
    big("BACKUP_COMPATIBLE"),
    str("PATH"),
    ...(v.atLeast(4, 2, 0)
      ? [str("CLUSTER_VERSION"), ubig("CONSISTENT_SCN"), big("MINOR_TURN_ID"), big("MAJOR_TURN_ID")]
      : []),
  ];
  const pieceCols: Col[] = [
    big("TENANT_ID"),
    big("DEST_ID"),
    big("ROUND_ID"),
    big("PIECE_ID"),
    big("INCARNATION"),
    big("DEST_NO"),
    str("STATUS"),
    ubig("START_SCN"),
    scnDisplay("START_SCN_DISPLAY", "start_scn"),
    ubig("CHECKPOINT_SCN"),
    scnDisplay("CHECKPOINT_SCN_DISPLAY", "checkpoint_scn"),
    ubig("MAX_SCN"),
    ubig("END_SCN"),
    ...(v.atLeast(4, 2, 0) ? [scnDisplay("END_SCN_DISPLAY", "end_scn")] : []),
    big("COMPATIBLE"),
    big("UNIT_SIZE"),
    str("COMPRESSION"),
    big("INPUT_BYTES"),
    bytesDisplay("INPUT_BYTES_DISPLAY", "input_bytes"),
    big("OUTPUT_BYTES"),
    bytesDisplay("OUTPUT_BYTES_DISPLAY", "output_bytes"),
    dec("COMPRESSION_RATIO", "DEC2(CASE WHEN output_bytes = 0 THEN 0 ELSE input_bytes * 1.0 / output_bytes END)"),
    str("FILE_STATUS"),
    str("PATH"),
  ];
  const tasks = taskCols(v);
  return [
    ...restoreFamilies(v),
    { name: "OB_BACKUP_JOBS", table: "_inner_backup_job", cols: jobCols() },
    { name: "OB_BACKUP_JOB_HISTORY", table: "_inner_backup_job_history", cols: jobCols() },
    {
      name: "OB_BACKUP_TASKS",
      table: "_inner_backup_task",
      cols: v.atLeast(4, 2, 2)
        ? [
            ...tasks,
            dec(
              "DATA_PROGRESS",
              "DEC2(CASE WHEN macro_block_count = 0 THEN 0 ELSE MIN(99.99, ROUND(finish_macro_block_count * 100.0 / macro_block_count, 2)) END)",
            ),
          ]
        : tasks,
      cdbOnly: ["DATA_PROGRESS"],
    },
    { name: "OB_BACKUP_TASK_HISTORY", table: "_inner_backup_task_history", cols: tasks },
    { name: "OB_BACKUP_SET_FILES", table: "_inner_backup_set_files", cols: setFileCols },
    {
      name: "OB_BACKUP_DELETE_POLICY",
      table: "_inner_backup_delete_policy",
      cols: [big("TENANT_ID"), str("POLICY_NAME"), str("RECOVERY_WINDOW")],
    },
    { name: "OB_BACKUP_DELETE_JOBS", table: "_inner_backup_delete_job", cols: deleteJobCols() },
    { name: "OB_BACKUP_DELETE_JOB_HISTORY", table: "_inner_backup_delete_job_history", cols: deleteJobCols() },
    { name: "OB_BACKUP_DELETE_TASKS", table: "_inner_backup_delete_task", cols: deleteTaskCols() },
    { name: "OB_BACKUP_DELETE_TASK_HISTORY", table: "_inner_backup_delete_task_history", cols: deleteTaskCols() },
    { name: "OB_ARCHIVELOG", table: "_inner_log_archive_progress", cols: archiveCols(false) },
    {
      name: "OB_ARCHIVELOG_SUMMARY",
      table: "_inner_archive_summary",
      cols: archiveCols(true),
    },
    { name: "OB_ARCHIVELOG_PIECE_FILES", table: "_inner_log_archive_piece_files", cols: pieceCols },
    {
      name: "OB_ARCHIVE_DEST",
      table: "_inner_archive_dest_parameter",
      cols: [big("TENANT_ID"), big("DEST_NO"), str("NAME"), str("VALUE")],
    },
    {
      name: "OB_BACKUP_PARAMETER",
      table: "_inner_backup_parameter",
      cols: [big("TENANT_ID"), str("NAME"), { name: "VALUE", type: "longtext" }],
    },
    {
      name: "OB_BACKUP_STORAGE_INFO",
      table: "_inner_backup_storage_info",
      cols: [
        big("TENANT_ID"),
        str("PATH"),
        str("ENDPOINT"),
        big("DEST_ID"),
        str("DEST_TYPE"),
        str("AUTHORIZATION"),
        str("EXTENSION"),
        big("CHECK_FILE_NAME"),
        ts("LAST_CHECK_TIMESTAMP", "last_check_ts"),
      ],
    },
  ];
}

/** Inner tables: every view column (lower case) plus the bookkeeping columns the state machines need. */
const INNER_TABLES = `
CREATE TABLE _inner_tenant (
  tenant_id INTEGER PRIMARY KEY, tenant_name TEXT NOT NULL, tenant_type TEXT NOT NULL,
  compatibility_mode TEXT NOT NULL, status TEXT NOT NULL, log_mode TEXT NOT NULL, create_ts INTEGER NOT NULL,
  modify_ts INTEGER NOT NULL, primary_zone TEXT, locality TEXT, compatible TEXT,
  tenant_role TEXT NOT NULL DEFAULT 'PRIMARY', switchover_status TEXT NOT NULL DEFAULT 'NORMAL',
  account_tenant TEXT, pending TEXT, pending_pass INTEGER NOT NULL DEFAULT 0);
CREATE TABLE _inner_dropped_tenant AS SELECT * FROM _inner_tenant WHERE 0;
CREATE TABLE _inner_unit_config (unit_config_id INTEGER PRIMARY KEY, name TEXT NOT NULL, create_ts INTEGER,
  modify_ts INTEGER, max_cpu REAL, min_cpu REAL, memory_size INTEGER, log_disk_size INTEGER, max_iops INTEGER,
  min_iops INTEGER, iops_weight INTEGER);
CREATE TABLE _inner_resource_pool (resource_pool_id INTEGER PRIMARY KEY, name TEXT NOT NULL, tenant_id INTEGER,
  create_ts INTEGER, modify_ts INTEGER, unit_count INTEGER, unit_config_id INTEGER, zone_list TEXT, replica_type TEXT);
CREATE TABLE _inner_zone (zone TEXT PRIMARY KEY, create_ts INTEGER, modify_ts INTEGER, status TEXT, idc TEXT, region TEXT, type TEXT);
CREATE TABLE _inner_restore_job (
  tenant_id INTEGER, job_id INTEGER, restore_tenant_name TEXT, restore_tenant_id TEXT, backup_tenant_name TEXT,
  backup_tenant_id TEXT, backup_cluster_name TEXT, backup_dest TEXT, restore_option TEXT, restore_scn INTEGER,
  status TEXT, start_ts INTEGER, finish_ts INTEGER, backup_set_list TEXT, backup_piece_list TEXT, description TEXT,
  comment TEXT, total_bytes INTEGER, finish_bytes INTEGER, tablet_count INTEGER, finish_tablet_count INTEGER,
  ls_count INTEGER, finish_ls_count INTEGER, consistent_scn INTEGER, recover_scn INTEGER, pool_list TEXT,
  backup_cluster_version INTEGER, state_ts INTEGER, state_pass INTEGER, force TEXT, plan_bytes INTEGER,
  plan_tablets INTEGER, PRIMARY KEY (tenant_id, job_id));
CREATE TABLE _inner_restore_job_history AS SELECT * FROM _inner_restore_job WHERE 0;
CREATE TABLE _inner_restore_scratch AS SELECT * FROM _inner_restore_job WHERE 0;
CREATE TABLE _inner_backup_info (tenant_id INTEGER PRIMARY KEY, next_job_id INTEGER NOT NULL,
  next_backup_set_id INTEGER NOT NULL, next_task_id INTEGER NOT NULL);
CREATE TABLE _inner_backup_job (
  tenant_id INTEGER, job_id INTEGER, incarnation INTEGER, backup_set_id INTEGER, initiator_tenant_id INTEGER,
  initiator_job_id INTEGER, executor_tenant_id TEXT, plus_archivelog TEXT, backup_type TEXT, job_level TEXT,
  encryption_mode TEXT, passwd TEXT, start_ts INTEGER, end_ts INTEGER, status TEXT COLLATE NOCASE, result INTEGER,
  comment TEXT, description TEXT, path TEXT, retry_count INTEGER DEFAULT 0, state_ts INTEGER,
  duration_us INTEGER, force TEXT, PRIMARY KEY (tenant_id, job_id));
CREATE TABLE _inner_backup_job_history AS SELECT * FROM _inner_backup_job WHERE 0;
CREATE TABLE _inner_backup_task (
  tenant_id INTEGER, task_id INTEGER, job_id INTEGER, incarnation INTEGER, backup_set_id INTEGER, start_ts INTEGER,
  end_ts INTEGER, status TEXT COLLATE NOCASE, start_scn INTEGER, end_scn INTEGER, user_ls_start_scn INTEGER,
  encryption_mode TEXT, passwd TEXT, input_bytes INTEGER, output_bytes INTEGER, extra_meta_bytes INTEGER,
  tablet_count INTEGER, finish_tablet_count INTEGER, macro_block_count INTEGER, finish_macro_block_count INTEGER,
  file_count INTEGER, meta_turn_id INTEGER, data_turn_id INTEGER, result INTEGER, comment TEXT, path TEXT,
  minor_turn_id INTEGER, major_turn_id INTEGER, PRIMARY KEY (tenant_id, task_id));
CREATE TABLE _inner_backup_task_history AS SELECT * FROM _inner_backup_task WHERE 0;
CREATE TABLE _inner_backup_set_files (
  tenant_id INTEGER, backup_set_id INTEGER, dest_id INTEGER, incarnation INTEGER, backup_type TEXT,
  prev_full_backup_set_id INTEGER, prev_inc_backup_set_id INTEGER, start_ts INTEGER, end_ts INTEGER,
  status TEXT COLLATE NOCASE, file_status TEXT COLLATE NOCASE, plus_archivelog TEXT, start_replay_scn INTEGER,
  min_restore_scn INTEGER, input_bytes INTEGER, output_bytes INTEGER, extra_meta_bytes INTEGER, tablet_count INTEGER,
  finish_tablet_count INTEGER, macro_block_count INTEGER, finish_macro_block_count INTEGER, file_count INTEGER,
  meta_turn_id INTEGER, data_turn_id INTEGER, result INTEGER, comment TEXT, encryption_mode TEXT, passwd TEXT,
  tenant_compatible TEXT, backup_compatible INTEGER, path TEXT, cluster_version TEXT, consistent_scn INTEGER,
  minor_turn_id INTEGER, major_turn_id INTEGER, PRIMARY KEY (tenant_id, backup_set_id));
CREATE TABLE _inner_backup_delete_policy (tenant_id INTEGER, policy_name TEXT, recovery_window TEXT,
  redundancy INTEGER, backup_copies INTEGER, PRIMARY KEY (tenant_id, policy_name));
CREATE TABLE _inner_backup_delete_job (
  tenant_id INTEGER, job_id INTEGER, incarnation INTEGER, initiator_tenant_id INTEGER, initiator_job_id INTEGER,
  executor_tenant_id TEXT, type TEXT, parameter INTEGER, job_level TEXT, start_ts INTEGER, end_ts INTEGER,
  status TEXT COLLATE NOCASE, task_count INTEGER, success_task_count INTEGER, result INTEGER, comment TEXT,
  state_ts INTEGER, PRIMARY KEY (tenant_id, job_id));
CREATE TABLE _inner_backup_delete_job_history AS SELECT * FROM _inner_backup_delete_job WHERE 0;
CREATE TABLE _inner_backup_delete_task (
  tenant_id INTEGER, task_id INTEGER, incarnation INTEGER, job_id INTEGER, task_type TEXT, id INTEGER,
  round_id INTEGER, dest_id INTEGER, start_ts INTEGER, end_ts INTEGER, status TEXT COLLATE NOCASE,
  total_ls_count INTEGER, finish_ls_count INTEGER, result INTEGER, comment TEXT, path TEXT,
  PRIMARY KEY (tenant_id, task_id));
CREATE TABLE _inner_backup_delete_task_history AS SELECT * FROM _inner_backup_delete_task WHERE 0;
CREATE TABLE _inner_log_archive_progress (
  tenant_id INTEGER, dest_id INTEGER, round_id INTEGER, incarnation INTEGER, dest_no INTEGER,
  status TEXT COLLATE NOCASE, start_scn INTEGER, checkpoint_scn INTEGER, compatible INTEGER, base_piece_id INTEGER,
  used_piece_id INTEGER, piece_switch_interval INTEGER, unit_size INTEGER, compression TEXT, input_bytes INTEGER,
  output_bytes INTEGER, deleted_input_bytes INTEGER, deleted_output_bytes INTEGER, comment TEXT, path TEXT,
  state_ts INTEGER, PRIMARY KEY (tenant_id, dest_no));
CREATE TABLE _inner_log_archive_history AS SELECT * FROM _inner_log_archive_progress WHERE 0;
CREATE VIEW _inner_archive_summary AS
  SELECT * FROM _inner_log_archive_progress WHERE status <> 'STOP'
  UNION ALL SELECT tenant_id, dest_id, round_id, incarnation, dest_no, 'STOP', start_scn, checkpoint_scn, compatible,
    base_piece_id, used_piece_id, piece_switch_interval, unit_size, compression, input_bytes, output_bytes,
    deleted_input_bytes, deleted_output_bytes, comment, path, state_ts FROM _inner_log_archive_history;
CREATE TABLE _inner_log_archive_piece_files (
  tenant_id INTEGER, dest_id INTEGER, round_id INTEGER, piece_id INTEGER, incarnation INTEGER, dest_no INTEGER,
  status TEXT COLLATE NOCASE, start_scn INTEGER, checkpoint_scn INTEGER, max_scn INTEGER, end_scn INTEGER,
  compatible INTEGER, unit_size INTEGER, compression TEXT, input_bytes INTEGER, output_bytes INTEGER,
  file_status TEXT COLLATE NOCASE, path TEXT, PRIMARY KEY (tenant_id, dest_id, round_id, piece_id));
CREATE TABLE _inner_archive_dest_parameter (tenant_id INTEGER, dest_no INTEGER, name TEXT COLLATE NOCASE,
  value TEXT, PRIMARY KEY (tenant_id, dest_no, name));
CREATE TABLE _inner_backup_parameter (tenant_id INTEGER, name TEXT COLLATE NOCASE, value TEXT,
  PRIMARY KEY (tenant_id, name));
CREATE TABLE _inner_backup_storage_info (tenant_id INTEGER, path TEXT, endpoint TEXT, dest_id INTEGER,
  dest_type TEXT, authorization TEXT, extension TEXT, check_file_name INTEGER, last_check_ts INTEGER,
  PRIMARY KEY (tenant_id, dest_id));
CREATE TABLE _inner_parameter (tenant_id INTEGER, name TEXT COLLATE NOCASE, value TEXT, PRIMARY KEY (tenant_id, name));
CREATE TABLE DUAL (DUMMY TEXT);
INSERT INTO DUAL VALUES ('X');
`;

export interface ViewInfo {
  /** name as users write it, upper case, e.g. DBA_OB_BACKUP_JOBS */
  name: string;
  /** SQLite object that serves it in MySQL mode / Oracle mode */
  mysqlObject: string;
  oracleObject: string | null;
  /** only the sys tenant sees it (CDB_ views, __all_tenant) */
  sysOnly: boolean;
  columns: { name: string; type: WireType; oracleType: WireType }[];
}

export interface Catalog {
  ddl: string;
  views: Map<string, ViewInfo>;
}

export function buildCatalog(v: Version): Catalog {
  const parts: string[] = [INNER_TABLES];
  const views = new Map<string, ViewInfo>();
  const colInfo = (c: Col) => ({ name: c.name, type: c.type, oracleType: c.oracle ? ("varchar" as WireType) : c.type });
  for (const f of families(v)) {
    const select = (cols: Col[], oracle: boolean, dba = false) =>
      cols.map((c) => `${oracle && c.oracle ? c.oracle : dba && c.dba ? c.dba : (c.expr ?? c.name.toLowerCase())} AS "${c.name}"`).join(", ");
    const cdbCols = f.cols;
    const dbaCols = f.cols.filter((c) => c.name !== "TENANT_ID" && !(f.cdbOnly ?? []).includes(c.name));
    const cdb = `CDB_${f.name}`;
    const dba = `DBA_${f.name}`;
    const where = f.where ? ` AND (${f.where})` : "";
    parts.push(`CREATE VIEW ${cdb} AS SELECT ${select(cdbCols, false)} FROM ${f.table}${f.where ? ` WHERE ${f.where}` : ""};`);
    parts.push(`CREATE VIEW ${dba} AS SELECT ${select(dbaCols, false, true)} FROM ${f.table} WHERE tenant_id = EFFECTIVE_TENANT_ID()${where};`);
    parts.push(`CREATE VIEW ${dba}__ORA AS SELECT ${select(dbaCols, true, true)} FROM ${f.table} WHERE tenant_id = EFFECTIVE_TENANT_ID()${where};`);
    views.set(cdb, { name: cdb, mysqlObject: cdb, oracleObject: null, sysOnly: true, columns: cdbCols.map(colInfo) });
    views.set(dba, { name: dba, mysqlObject: dba, oracleObject: `${dba}__ORA`, sysOnly: false, columns: dbaCols.map(colInfo) });
  }
  // DBA_OB_TENANTS: every tenant from sys, only itself elsewhere (§2.8)
  const tenantCols: Col[] = [
    big("TENANT_ID"),
    str("TENANT_NAME"),
    str("TENANT_TYPE"),
    ts("CREATE_TIME", "create_ts"),
    ts("MODIFY_TIME", "modify_ts"),
    str("PRIMARY_ZONE"),
    str("LOCALITY"),
    { name: "PREVIOUS_LOCALITY", type: "varchar", expr: "NULL" },
    str("COMPATIBILITY_MODE"),
    str("STATUS"),
    { name: "IN_RECYCLEBIN", type: "varchar", expr: "'NO'" },
    { name: "LOCKED", type: "varchar", expr: "'NO'" },
    str("TENANT_ROLE"),
    str("SWITCHOVER_STATUS"),
    { name: "SWITCHOVER_EPOCH", type: "bigint", expr: "0" },
    { name: "SYNC_SCN", type: "ubigint", expr: "NOW_SCN()" },
    { name: "REPLAYABLE_SCN", type: "ubigint", expr: "NOW_SCN()" },
    { name: "READABLE_SCN", type: "ubigint", expr: "NOW_SCN()" },
    { name: "RECOVERY_UNTIL_SCN", type: "ubigint", expr: "4611686018427387903" },
    str("LOG_MODE"),
    { name: "ARBITRATION_SERVICE_STATUS", type: "varchar", expr: "'DISABLED'" },
    { name: "UNIT_NUM", type: "bigint", expr: "1" },
    str("COMPATIBLE"),
    { name: "MAX_LS_ID", type: "bigint", expr: "1001" },
  ];
  const tenantSelect = (oracle: boolean) =>
    tenantCols.map((c) => `${oracle && c.oracle ? c.oracle : (c.expr ?? c.name.toLowerCase())} AS "${c.name}"`).join(", ");
  const tenantWhere = "WHERE EFFECTIVE_TENANT_ID() = 1 OR tenant_id = EFFECTIVE_TENANT_ID()";
  parts.push(`CREATE VIEW DBA_OB_TENANTS AS SELECT ${tenantSelect(false)} FROM _inner_tenant ${tenantWhere};`);
  parts.push(`CREATE VIEW DBA_OB_TENANTS__ORA AS SELECT ${tenantSelect(true)} FROM _inner_tenant ${tenantWhere};`);
  views.set("DBA_OB_TENANTS", {
    name: "DBA_OB_TENANTS",
    mysqlObject: "DBA_OB_TENANTS",
    oracleObject: "DBA_OB_TENANTS__ORA",
    sysOnly: false,
    columns: tenantCols.map(colInfo),
  });
  // resource units and pools: sys-only views (restore research §2); the columns of the 4.2/4.3 docs
  const sysView = (name: string, table: string, cols: Col[]) => {
    parts.push(`CREATE VIEW ${name} AS SELECT ${cols.map((c) => `${c.expr ?? c.name.toLowerCase()} AS "${c.name}"`).join(", ")} FROM ${table};`);
    views.set(name, { name, mysqlObject: name, oracleObject: null, sysOnly: true, columns: cols.map(colInfo) });
  };
  sysView("DBA_OB_UNIT_CONFIGS", "_inner_unit_config", [
    big("UNIT_CONFIG_ID"),
    str("NAME"),
    ts("CREATE_TIME", "create_ts"),
    ts("MODIFY_TIME", "modify_ts"),
    { name: "MAX_CPU", type: "decimal", expr: "max_cpu" },
    { name: "MIN_CPU", type: "decimal", expr: "min_cpu" },
    big("MEMORY_SIZE"),
    big("LOG_DISK_SIZE"),
    big("MAX_IOPS"),
    big("MIN_IOPS"),
    big("IOPS_WEIGHT"),
  ]);
  // the zones pools are made in (DBA_OB_ZONES, 4.x), from the emulator's `zones` option
  sysView("DBA_OB_ZONES", "_inner_zone", [str("ZONE"), ts("CREATE_TIME", "create_ts"), ts("MODIFY_TIME", "modify_ts"), str("STATUS"), str("IDC"), str("REGION"), str("TYPE")]);
  sysView("DBA_OB_RESOURCE_POOLS", "_inner_resource_pool", [
    big("RESOURCE_POOL_ID"),
    str("NAME"),
    big("TENANT_ID"),
    ts("CREATE_TIME", "create_ts"),
    ts("MODIFY_TIME", "modify_ts"),
    big("UNIT_COUNT"),
    big("UNIT_CONFIG_ID"),
    str("ZONE_LIST"),
    str("REPLICA_TYPE"),
  ]);
  parts.push(
    `CREATE VIEW __all_tenant AS SELECT tenant_id, tenant_name, compatibility_mode, status, primary_zone, locality FROM _inner_tenant WHERE tenant_type <> 'META';`,
  );
  views.set("__ALL_TENANT", {
    name: "__ALL_TENANT",
    mysqlObject: "__all_tenant",
    oracleObject: null,
    sysOnly: true,
    columns: [
      { name: "tenant_id", type: "bigint", oracleType: "bigint" },
      { name: "tenant_name", type: "varchar", oracleType: "varchar" },
      { name: "compatibility_mode", type: "varchar", oracleType: "varchar" },
      { name: "status", type: "varchar", oracleType: "varchar" },
      { name: "primary_zone", type: "varchar", oracleType: "varchar" },
      { name: "locality", type: "varchar", oracleType: "varchar" },
    ],
  });
  return { ddl: parts.join("\n"), views };
}
