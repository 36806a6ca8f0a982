// Physical restore (restore research docs/research/oceanbase-restore.md, cited as §n): ALTER SYSTEM RESTORE with
// its checks in RootService's order, the two job rows and their state machine on the emulator clock, CANCEL
// RESTORE, DROP TENANT and ACTIVATE STANDBY. Everything is rows in the SQL engine; the statement that blocks
// hands the server a poll, and the scheduler moves the jobs (restoreTick).

import { Cluster, OK, Result, Session, TenantRow } from "./cluster";
import { ObError, OB, noPrivilege, notSupported, obErrorName } from "./errors";
import { Command } from "./parser";
import { grantBlocker, grantPools, poolByName, releasePools } from "./resources";
import { ParsedDest, publicPath } from "./storage";
import { readDestination } from "./destination";
import { parseTimeZone } from "./timefmt";
import type { Row } from "./sqlengine";

type RestoreCmd = Extract<Command, { kind: "restore" | "cancelRestore" | "dropTenant" | "activateStandby" }>;

const num = (v: unknown) => Number(v ?? 0);
const isSys = (s: Session) => s.tenantId === 1;
/** RootService's address as job comments show it (§3.2) */
const RS_ADDR = "127.0.0.1:2882";
/** REXE's sync_wait_tenant_created_ gives up after 10 minutes (§1.1) */
const CREATE_WAIT_US = 600e6;

/** The user job's states in order, and the share of restoreDurationMs at which each begins (§3.2). */
const USER_STATES: [string, number][] = [
  ["RESTORE_PRE", 0],
  ["RESTORE_CREATE_INIT_LS", 0.05],
  ["PHYSICAL_RESTORE_WAIT_RESTORE_TO_CONSISTENT_SCN", 0.1],
  ["RESTORE_WAIT_LS", 0.3],
  ["POST_CHECK", 0.85],
  ["UPGRADE", 0.95],
  ["RESTORE_SUCCESS", 1],
];

export function runRestoreCommand(c: Cluster, s: Session, cmd: RestoreCmd): Result {
  switch (cmd.kind) {
    case "restore":
      return startRestore(c, s, cmd);
    case "cancelRestore":
      return cancelRestore(c, s, cmd.name);
    case "dropTenant":
      return dropTenant(c, s, cmd);
    case "activateStandby":
      return activateStandby(c, s, cmd.tenant);
  }
}

// ---- ALTER SYSTEM RESTORE (§1.1) ---------------------------------------------------------------------------

/** check_not_supported_tenant_name (§1.1 resolver), from 4.2.1. */
function checkTenantName(c: Cluster, name: string): void {
  if (!c.version.atLeast(4, 2, 1)) return;
  if (name.includes("$")) throw notSupported("since 4.2.1, manually creating a tenant name containing '$' is");
  if (/^(all|all_user|all_meta)$/i.test(name)) throw notSupported('since 4.2.1, using "all" (case insensitive) as a tenant name is');
}

export interface RestoreOptions {
  poolList: string;
  locality: string | null;
  primaryZone: string | null;
  concurrency: number | null;
}

/**
 * ObPhysicalRestoreOptionParser over ObKVParser('=', '&') without spaces (§1.1.1): keys case-insensitive,
 * unknown keys ignored, whitespace or a missing value -4002 (1210), a token of 1024 characters -4019.
 */
export function parseRestoreOptions(text: string): RestoreOptions {
  const invalid = () => new ObError(OB.INVALID_ARGUMENT);
  const tokens: { kind: "tok" | "=" | "&"; value: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "=" || ch === "&") {
      tokens.push({ kind: ch, value: ch });
      i++;
      continue;
    }
    if (/\s/.test(ch) || !/[\x21-\x7e\u0080-\uffff]/.test(ch)) throw invalid();
    let j = i;
    while (j < text.length && text[j] !== "=" && text[j] !== "&" && !/\s/.test(text[j])) j++;
    const value = text.slice(i, j);
    if (value.length >= 1024) throw new ObError(OB.SIZE_OVERFLOW);
    tokens.push({ kind: "tok", value });
    i = j;
  }
  const kv = new Map<string, string>();
  let p = 0;
  while (p < tokens.length) {
    const k = tokens[p];
    const eq = tokens[p + 1];
    const v = tokens[p + 2];
    if (k?.kind !== "tok" || eq?.kind !== "=" || v?.kind !== "tok") throw invalid();
    kv.set(k.value.toLowerCase(), v.value);
    p += 3;
    if (p < tokens.length) {
      if (tokens[p].kind !== "&" || p + 1 >= tokens.length) throw invalid();
      p++;
    }
  }
  const poolList = kv.get("pool_list");
  // check(): the "Miss argument for pool_list" warning is not modelled (research open question 3)
  if (poolList === undefined || poolList.length >= 4096) throw invalid();
  let concurrency: number | null = null;
  if (kv.has("concurrency")) {
    const cv = kv.get("concurrency") as string;
    concurrency = /^[0-9]+$/.test(cv) ? Number(cv) : NaN;
    if (!(concurrency >= 0 && concurrency <= 100)) throw new ObError(OB.INVALID_ARGUMENT, "Incorrect arguments to restore concurrency");
  }
  return { poolList, locality: kv.get("locality") ?? null, primaryZone: kv.get("primary_zone") ?? null, concurrency };
}

/** 'YYYY-MM-DD HH:MI:SS[.ffffff]' at an offset → µs since the epoch, or null. */
export function parseDatetime(text: string, offsetMinutes: number): number | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const check = new Date(ms);
  if (check.getUTCDate() !== d) return null;
  const frac = m[7] ? Number(m[7].padEnd(6, "0")) : 0;
  return (ms - offsetMinutes * 60_000) * 1000 + frac;
}

interface SourceTenant {
  id: number;
  name: string;
  mode: "MYSQL" | "ORACLE";
  accountTenant: string;
}

/** A tenant whose backups are read: alive, or dropped since (its backups outlive it on the media). */
function sourceTenant(c: Cluster, id: number): SourceTenant | undefined {
  const r =
    c.engine.one(`SELECT * FROM _inner_tenant WHERE tenant_id = ?`, [id]) ??
    c.engine.one(`SELECT * FROM _inner_dropped_tenant WHERE tenant_id = ? ORDER BY modify_ts DESC`, [id]);
  if (!r) return undefined;
  return {
    id,
    name: String(r.tenant_name),
    mode: r.compatibility_mode === "ORACLE" ? "ORACLE" : "MYSQL",
    accountTenant: String(r.account_tenant ?? r.tenant_name),
  };
}

interface BackupPlan {
  source: SourceTenant;
  /** the restore SCN as text: SCNs need all 64 bits */
  restoreScn: string;
  consistentScn: number;
  backupDest: string;
  setList: string;
  pieceList: string;
  bytes: number;
  tablets: number;
}

const rootOf = (path: string) => readDestination(path)?.root ?? path;

/**
 * fill_compat_backup_path (§1.1.2): the URI list, data vs archive by format file, the restore point, then the
 * backup sets and the pieces that must cover [start_replay_scn of the chain, restore point].
 */
function planRestore(c: Cluster, s: Session, from: string, untilTime: string | null, untilScn: string | null): BackupPlan {
  const items: string[] = [];
  for (const raw of from.split(",")) {
    const item = raw.trim();
    if (!items.includes(item)) items.push(item);
  }
  const data: ParsedDest[] = [];
  const archive: { d: ParsedDest; tenantId: number }[] = [];
  let sourceId: number | null = null;
  for (const item of items) {
    const d = readDestination(item);
    if (d === null) throw new ObError(OB.INVALID_BACKUP_DEST, `${item} is not a valid uri`);
    const f = c.storage.formatOf(d);
    // a directory without a format file: the read of it fails (research open question 5; 9011 assumed)
    if (!f) throw new ObError(OB.BACKUP_FILE_NOT_EXIST);
    if (f.purpose === "data") {
      if (!data.some((x) => x.root === d.root)) data.push(d);
      sourceId = f.tenantId;
    } else archive.push({ d, tenantId: f.tenantId });
  }
  if (data.length > 1) throw notSupported("It is not support to restore from multiple tenant backup paths.");
  sourceId ??= archive[0]?.tenantId ?? null;
  const source = sourceId === null ? undefined : sourceTenant(c, sourceId);
  if (!source) throw new ObError(OB.ERR_UNEXPECTED);

  const pieces = archive.flatMap(({ d, tenantId }) =>
    c.engine
      .all(`SELECT * FROM _inner_log_archive_piece_files WHERE tenant_id = ? AND file_status = 'AVAILABLE' ORDER BY start_scn`, [tenantId])
      .filter((p) => rootOf(String(p.path)) === d.root)
      .map((p): Row & { root: string } => Object.assign({}, p, { root: d.root })),
  );
  const sets = data.length
    ? c.engine
        .all(`SELECT * FROM _inner_backup_set_files WHERE tenant_id = ? AND status = 'SUCCESS' AND file_status = 'AVAILABLE' ORDER BY backup_set_id`, [
          source.id,
        ])
        .filter((r) => rootOf(String(r.path)) === data[0].root)
    : [];

  // the restore point
  let point: number;
  let pointText: string;
  if (untilScn !== null) {
    point = Number(untilScn);
    pointText = untilScn;
  } else if (untilTime !== null) {
    // converted in the time zone recorded in the backup, the source's, not the session's (§1.1.2)
    const us = parseDatetime(untilTime, parseTimeZone(c.options.timeZone) ?? 480);
    // what a malformed string returns was not traced (research open question 6): 1210 assumed
    if (us === null) throw new ObError(OB.INVALID_ARGUMENT);
    point = us * 1000;
    pointText = (BigInt(Math.floor(us)) * 1000n).toString();
  } else if (archive.length > 0) {
    if (pieces.length === 0) throw new ObError(OB.ERR_UNEXPECTED);
    point = Math.max(...pieces.map((p) => num(p.checkpoint_scn)));
    pointText = String(point);
  } else {
    // only data paths: the log inside the newest set (PLUS ARCHIVELOG) decides (§1.1.2)
    const newest = sets[sets.length - 1];
    if (!newest || newest.plus_archivelog !== "ON") throw new ObError(OB.ERR_UNEXPECTED);
    point = num(newest.min_restore_scn);
    pointText = String(point);
  }

  // the backup-set walk: ascending, stop at the first set that ends after the point; FULL starts a chain.
  // Only the sets the walk uses have their passwords checked (the order of the two tests is our reading).
  if (sets.length === 0) throw new ObError(OB.ERR_UNEXPECTED);
  let chain: Row[] = [];
  for (const set of sets) {
    if (num(set.min_restore_scn) > point) break;
    if (String(set.encryption_mode) === "PASSWORD" && !s.decryption.includes(String(set.passwd))) {
      throw new ObError(OB.BACKUP_INVALID_PASSWORD);
    }
    if (set.backup_type === "FULL") chain = [set];
    else if (chain.length > 0) chain.push(set);
  }
  const noLog = () => new ObError(OB.ENTRY_NOT_EXIST, "No enough log for restore");
  if (chain.length === 0) throw noLog();
  const start = num(chain[0].start_replay_scn);
  const last = chain[chain.length - 1];
  let used: typeof pieces = [];
  if (archive.length > 0) {
    // pieces must cover [start, point] without a gap (ob_archive_store.cpp)
    let covered = -1;
    for (const p of pieces) {
      const ps = num(p.start_scn);
      const pe = Math.max(num(p.checkpoint_scn), ps);
      if (pe < start || ps > point) continue;
      if (covered < 0) {
        if (ps > start) throw noLog();
        covered = pe;
      } else if (ps > covered) break;
      else covered = Math.max(covered, pe);
      used.push(p);
    }
    if (covered < point) throw noLog();
  } else if (last.plus_archivelog !== "ON" || num(last.min_restore_scn) < point) {
    throw noLog();
  } else used = [];

  const setName = (r: Row) => `${data[0].root}/backup_set_${num(r.backup_set_id)}_${r.backup_type === "FULL" ? "full" : "inc"}`;
  const pieceName = (p: Row & { root: string }) => `${p.root}/piece_d${num(p.dest_id)}r${num(p.round_id)}p${num(p.piece_id)}`;
  return {
    source,
    restoreScn: pointText,
    consistentScn: num(last.min_restore_scn),
    // secrets are encrypted in the view; the emulator leaves them out (README gaps)
    backupDest: items.map((i) => publicPath(readDestination(i) as ParsedDest)).join(","),
    setList: chain.map(setName).join(","),
    pieceList: used.map(pieceName).join(","),
    bytes: chain.reduce((a, r) => a + num(r.input_bytes), 0),
    tablets: num(last.tablet_count),
  };
}

type StartCmd = Extract<RestoreCmd, { kind: "restore" }>;

function startRestore(c: Cluster, s: Session, cmd: StartCmd): Result {
  if (!isSys(s)) throw noPrivilege(); // not on the user-tenant allow-list (§1.1 Privilege)
  // resolver
  checkTenantName(c, cmd.name);
  if (cmd.untilScn !== null && BigInt(cmd.untilScn) <= 1n) {
    throw new ObError(OB.INVALID_ARGUMENT, "Incorrect arguments to until scn, it should be positive integer");
  }
  // RootService, in order (§1.1 "RootService checks, in order")
  if (cmd.name.length === 0 || cmd.name.length >= 128 || !cmd.from || cmd.options.length === 0 || cmd.options.length >= 4096) {
    throw new ObError(OB.INVALID_ARGUMENT);
  }
  checkTenantName(c, cmd.name);
  const options = parseRestoreOptions(cmd.options);
  const plan = planRestore(c, s, cmd.from, cmd.untilTime, cmd.untilScn);
  if (c.tenantByName(cmd.name)) throw new ObError(OB.OP_NOT_ALLOW, "restore tenant with existed tenant name is not allowed");
  const pools = options.poolList.split(",");
  if (options.poolList === "") throw new ObError(OB.INVALID_ARGUMENT);
  for (const p of pools) {
    if (p === "") throw new ObError(OB.INVALID_ARGUMENT, "Incorrect arguments to resource pool name");
    if (!poolByName(c, p)) throw new ObError(OB.RESOURCE_POOL_NOT_EXIST, `resource pool '${p}' not exist`);
  }
  // record_physical_restore_job: the same name in progress, compared case-insensitively
  if (c.engine.one(`SELECT 1 FROM _inner_restore_job WHERE tenant_id = 1 AND LOWER(restore_tenant_name) = LOWER(?)`, [cmd.name])) {
    throw new ObError(OB.RESTORE_IN_PROGRESS);
  }
  const jobId = nextRestoreJobId(c);
  const now = c.nowUs();
  c.engine.run(
    `INSERT INTO _inner_restore_job (tenant_id, job_id, restore_tenant_name, restore_tenant_id, backup_tenant_name,
      backup_tenant_id, backup_cluster_name, backup_dest, restore_option, restore_scn, status, start_ts, finish_ts,
      backup_set_list, backup_piece_list, description, comment, consistent_scn, pool_list, backup_cluster_version,
      state_ts, state_pass, plan_bytes, plan_tablets, ls_count, finish_ls_count)
     VALUES (1, ?, ?, '', ?, ?, ?, ?, ?, ?, 'CREATE_TENANT', ?, 0, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
    [
      jobId,
      cmd.name,
      plan.source.name,
      String(plan.source.id),
      c.options.clusterName,
      plan.backupDest,
      cmd.options,
      plan.restoreScn,
      now,
      plan.setList,
      plan.pieceList,
      cmd.description ?? "",
      plan.consistentScn,
      options.poolList,
      c.version.clusterVersionNumber,
      now,
      c.passes,
      plan.bytes,
      plan.tablets,
    ],
  );
  const name = cmd.name;
  // sync_wait_tenant_created_ (§1.1 Executor step 3): OK once the tenant exists, 9099 when the job failed first
  return {
    kind: "pending",
    poll: () => {
      const job = c.engine.one(`SELECT restore_tenant_id FROM _inner_restore_job WHERE tenant_id = 1 AND job_id = ?`, [jobId]);
      if (job && String(job.restore_tenant_id) !== "") return OK;
      const h = c.engine.one(`SELECT status, comment FROM _inner_restore_job_history WHERE tenant_id = 1 AND job_id = ?`, [jobId]);
      if (h) {
        if (h.status === "FAIL") throw new ObError(OB.RESTORE_TENANT_FAILED, `${name} restore failed, ${String(h.comment)}`);
        return OK;
      }
      if (c.nowUs() - now > CREATE_WAIT_US) {
        throw new ObError(
          OB.TIMEOUT,
          "Timeout, query has reached the maximum query timeout: 600000000(us), maybe you can adjust the session variable ob_query_timeout or query_timeout hint, and try again.",
        );
      }
      return null;
    },
  };
}

function nextRestoreJobId(c: Cluster): number {
  const r = c.engine.one(
    `SELECT MAX(job_id) AS m FROM (SELECT job_id FROM _inner_restore_job UNION ALL SELECT job_id FROM _inner_restore_job_history)`,
  );
  return num(r?.m) + 1;
}

// ---- CANCEL RESTORE, DROP TENANT (§1.5, §2) ---------------------------------------------------------------

function cancelRestore(c: Cluster, s: Session, name: string): Result {
  if (!isSys(s)) throw noPrivilege();
  const t = c.tenantByName(name);
  if (!t || t.type !== "USER") throw new ObError(OB.TENANT_NOT_EXIST, `Unknown tenant '${name}'`);
  // is_restore(): RESTORE or CREATING_STANDBY (§1.5)
  if (t.status !== "RESTORE" && t.status !== "CREATING_STANDBY") throw new ObError(OB.OP_NOT_ALLOW, "Cancel tenant not in restore is not allowed");
  dropTenantNow(c, t);
  return OK;
}

type DropCmd = Extract<RestoreCmd, { kind: "dropTenant" }>;

function dropTenant(c: Cluster, s: Session, cmd: DropCmd): Result {
  if (s.oracle) throw notSupported("dropping tenant in oracle mode is");
  if (!isSys(s)) throw noPrivilege();
  const t = c.tenantByName(cmd.name);
  if (!t) {
    if (cmd.ifExists) return OK;
    throw new ObError(OB.TENANT_NOT_EXIST, `Unknown tenant '${cmd.name}'`);
  }
  // OceanBase refuses to drop sys and meta tenants; the exact text is not in the research (README gaps)
  if (t.type !== "USER") throw notSupported("drop sys or meta tenant is");
  if (cmd.mode === "FORCE") {
    dropTenantNow(c, t);
    return OK;
  }
  // a delayed drop (PURGE, or no keyword with the recycle bin off): DROPPING until the next scheduler pass
  c.engine.run(`UPDATE _inner_tenant SET status = 'DROPPING', pending = 'DROP', pending_pass = ?, modify_ts = ? WHERE tenant_id IN (?, ?)`, [
    c.passes,
    c.nowUs(),
    t.id,
    t.id - 1,
  ]);
  return OK;
}

/** The forced, non-recyclebin drop (§1.5): tenant and meta tenant gone, pools free, the tenant's own jobs gone. */
export function dropTenantNow(c: Cluster, t: TenantRow): void {
  const e = c.engine;
  e.transaction(() => {
    const now = c.nowUs();
    e.run(`INSERT INTO _inner_dropped_tenant SELECT * FROM _inner_tenant WHERE tenant_id = ?`, [t.id]);
    e.run(`UPDATE _inner_dropped_tenant SET modify_ts = ? WHERE tenant_id = ? AND modify_ts <= ?`, [now, t.id, now]);
    e.run(`DELETE FROM _inner_tenant WHERE tenant_id = ? OR (tenant_id = ? AND tenant_type = 'META')`, [t.id, t.id - 1]);
    releasePools(c, t.id);
    // the user tenant's own restore rows vanish with it (§1.5); so do its running backup work
    e.run(`DELETE FROM _inner_restore_job WHERE tenant_id = ?`, [t.id]);
    e.run(`DELETE FROM _inner_restore_job_history WHERE tenant_id = ?`, [t.id]);
    for (const table of ["_inner_backup_job", "_inner_backup_task", "_inner_backup_delete_job", "_inner_backup_delete_task", "_inner_log_archive_progress"]) {
      e.run(`DELETE FROM ${table} WHERE tenant_id = ?`, [t.id]);
    }
  });
}

// ---- ACTIVATE STANDBY (§4.2) --------------------------------------------------------------------------------

function activateStandby(c: Cluster, s: Session, name: string | null): Result {
  const bad = (why: string) => new ObError(OB.INVALID_ARGUMENT, `Incorrect arguments to tenant name, ${why}`);
  let t: TenantRow | undefined;
  if (isSys(s)) {
    if (name === null) throw bad("should specify tenant name");
    t = c.tenantByName(name);
    if (!t) throw new ObError(OB.ERR_INVALID_TENANT_NAME);
  } else {
    if (name !== null) throw bad("please don't specify tenant name");
    t = c.tenantById(s.tenantId);
    if (!t) throw new ObError(OB.ERR_UNEXPECTED);
  }
  if (t.type !== "USER") throw bad("only support operating user tenant");
  if (t.status !== "NORMAL") throw new ObError(OB.OP_NOT_ALLOW, "tenant status is not normal, switch tenant is not allowed");
  if (t.role === "PRIMARY") return OK; // a no-op (§4.2)
  // failover_to_primary: the role changes on the next scheduler pass, which obshell polls for (§4.2)
  c.engine.run(`UPDATE _inner_tenant SET pending = 'ACTIVATE', pending_pass = ?, switchover_status = 'FAILOVER TO PRIMARY' WHERE tenant_id = ?`, [
    c.passes,
    t.id,
  ]);
  return OK;
}

// ---- the state machine (§3.2) -------------------------------------------------------------------------------

const traceId = (c: Cluster, jobId: number) =>
  `Y7F000001-${(BigInt(Math.floor(c.nowUs())) * 16n + BigInt(jobId % 16)).toString(16).toUpperCase().padStart(16, "0")}-0-0`;

/** update_job_error_info: "<MOD> : <OB_ERROR_NAME>(<code>) on <ip:port> with traceid <trace>" (§3.2). */
export function restoreComment(c: Cluster, jobId: number, code: number): string {
  return `ROOTSERVICE : ${obErrorName(code)}(${code}) on ${RS_ADDR} with traceid ${traceId(c, jobId)}`;
}

const forced = (j: Row): number | null => {
  const m = /^FAILED:(-?\d+)$/.exec(String(j.force ?? ""));
  return m ? Number(m[1]) : null;
};

/** One scheduler pass over the restore jobs and the tenants' pending role and drop changes. */
export function restoreTick(c: Cluster): void {
  const e = c.engine;
  const now = c.nowUs();
  const pass = c.passes;
  const setRow = (j: Row, status: string, extra = "", params: (string | number)[] = []) =>
    e.run(`UPDATE _inner_restore_job SET status = ?, state_ts = ?, state_pass = ?${extra} WHERE tenant_id = ? AND job_id = ?`, [
      status,
      now,
      pass,
      ...params,
      num(j.tenant_id),
      num(j.job_id),
    ]);
  const toHistory = (j: Row) =>
    e.transaction(() => {
      e.run(`INSERT INTO _inner_restore_job_history SELECT * FROM _inner_restore_job WHERE tenant_id = ? AND job_id = ?`, [num(j.tenant_id), num(j.job_id)]);
      // ObHisRestoreJobPersistInfo::get_status_str: only SUCCESS or FAIL (§3.2)
      e.run(
        `UPDATE _inner_restore_job_history SET status = CASE WHEN status = 'RESTORE_SUCCESS' THEN 'SUCCESS' ELSE 'FAIL' END, finish_ts = ?
         WHERE tenant_id = ? AND job_id = ?`,
        [now, num(j.tenant_id), num(j.job_id)],
      );
      e.run(`DELETE FROM _inner_restore_job WHERE tenant_id = ? AND job_id = ?`, [num(j.tenant_id), num(j.job_id)]);
    });
  const ended = (j: Row) => j.status === "RESTORE_SUCCESS" || j.status === "RESTORE_FAIL";
  // an ended row is seen for one pass: it moves to history on a later pass, at a later moment (a second pass at
  // the same instant, such as the last one of advance(), leaves it where it is)
  const later = (j: Row) => pass > num(j.state_pass) && now > num(j.state_ts);

  // user rows first: a user row reaches history on the pass before its sys row sees it (§3.2 order)
  for (const j of e.all(`SELECT * FROM _inner_restore_job WHERE tenant_id <> 1 ORDER BY job_id`)) {
    if (ended(j)) {
      if (later(j)) toHistory(j);
      continue;
    }
    const code = forced(j);
    if (code !== null) {
      setRow(j, "RESTORE_FAIL", ", comment = ?, force = NULL", [restoreComment(c, num(j.job_id), code)]);
      continue;
    }
    userStep(c, j, setRow);
  }

  for (const j of e.all(`SELECT * FROM _inner_restore_job WHERE tenant_id = 1 ORDER BY job_id`)) {
    const jobId = num(j.job_id);
    if (ended(j)) {
      if (later(j)) toHistory(j);
      continue;
    }
    const fail = (code: number, comment = restoreComment(c, jobId, code)) => setRow(j, "RESTORE_FAIL", ", comment = ?, force = NULL", [comment]);
    if (j.status === "CREATE_TENANT") {
      const code = forced(j);
      if (code !== null) {
        fail(code);
        continue;
      }
      if (now - num(j.start_ts) < c.options.restoreCreateTenantMs * 1000) continue;
      const pools = String(j.pool_list).split(",");
      // a tenant of the name created meanwhile is OB_TENANT_EXIST (our reading of create_tenant; not in the research)
      const blocker = c.tenantByName(String(j.restore_tenant_name)) ? OB.TENANT_EXIST.obCode : grantBlocker(c, pools);
      if (blocker !== null) {
        fail(blocker);
        continue;
      }
      createRestoredTenant(c, j, pools);
      continue;
    }
    // WAIT_TENANT_RESTORE_FINISH
    const tenantId = num(j.restore_tenant_id);
    const t = c.tenantById(tenantId);
    if (!t || t.name !== String(j.restore_tenant_name)) {
      // try_recycle_job: the tenant was dropped (CANCEL RESTORE, DROP TENANT) → OB_TENANT_NOT_EXIST (§1.5)
      fail(OB.TENANT_NOT_EXIST.obCode);
      continue;
    }
    const h = e.one(`SELECT status, comment FROM _inner_restore_job_history WHERE tenant_id = ? AND job_id = ?`, [tenantId, jobId]);
    if (!h) continue;
    if (h.status === "SUCCESS") {
      // create_tenant_end: the tenant becomes NORMAL; it stays a standby (§4.1)
      e.run(`UPDATE _inner_tenant SET status = 'NORMAL', modify_ts = ? WHERE tenant_id = ?`, [now, tenantId]);
      setRow(j, "RESTORE_SUCCESS", ", finish_ts = ?", [now]);
    } else {
      // the tenant stays RESTORE; nothing drops it (§3.3)
      fail(0, String(h.comment));
    }
  }

  // tenants' pending changes, one pass after the statement
  for (const r of e.all(`SELECT tenant_id, pending, pending_pass FROM _inner_tenant WHERE pending IS NOT NULL`)) {
    if (pass <= num(r.pending_pass)) continue;
    if (r.pending === "ACTIVATE") {
      e.run(`UPDATE _inner_tenant SET tenant_role = 'PRIMARY', switchover_status = 'NORMAL', pending = NULL, modify_ts = ? WHERE tenant_id = ?`, [
        now,
        num(r.tenant_id),
      ]);
    } else if (r.pending === "DROP") {
      const t = c.tenantById(num(r.tenant_id));
      if (t && t.type === "USER") dropTenantNow(c, t);
    }
  }
}

/**
 * The CREATE_TENANT step (§3.2 #0): the tenant and its meta tenant, in RESTORE/RESTORE, on the pools of
 * pool_list, a copy of the source's mode and users (§4.1); the user job row is inserted with the same job id.
 */
function createRestoredTenant(c: Cluster, j: Row, pools: string[]): void {
  const e = c.engine;
  const now = c.nowUs();
  const source = sourceTenant(c, num(j.backup_tenant_id));
  const maxId = e.one(
    `SELECT MAX(tenant_id) AS m FROM (SELECT tenant_id FROM _inner_tenant UNION ALL SELECT tenant_id FROM _inner_dropped_tenant)`,
  );
  const id = Math.max(1000, num(maxId?.m) + (num(maxId?.m) % 2)) + 2;
  const opts = parseRestoreOptions(String(j.restore_option));
  const zones = [...new Set(pools.flatMap((p) => poolByName(c, p)?.zones ?? []))];
  const locality = opts.locality ?? zones.map((z) => `FULL{1}@${z}`).join(", ");
  const insert = (tid: number, name: string, type: string, mode: string, status: string, role: string) =>
    e.run(
      `INSERT INTO _inner_tenant (tenant_id, tenant_name, tenant_type, compatibility_mode, status, log_mode, create_ts,
        modify_ts, primary_zone, locality, compatible, tenant_role, switchover_status, account_tenant)
       VALUES (?, ?, ?, ?, ?, 'NOARCHIVELOG', ?, ?, ?, ?, ?, ?, 'NORMAL', ?)`,
      [tid, name, type, mode, status, now, now, opts.primaryZone ?? "RANDOM", locality, c.dataVersion, role, source?.accountTenant ?? name],
    );
  e.transaction(() => {
    insert(id - 1, `META$${id}`, "META", "MYSQL", "NORMAL", "PRIMARY");
    insert(id, String(j.restore_tenant_name), "USER", source?.mode ?? "MYSQL", "RESTORE", "RESTORE");
    e.run(`INSERT OR REPLACE INTO _inner_backup_info VALUES (?, 1, 1, 1)`, [id]);
    grantPools(c, pools, id);
    // the user job: a copy of the sys row under the new tenant's id (via a scratch table: SCNs keep 64 bits)
    e.run(`DELETE FROM _inner_restore_scratch`);
    e.run(`INSERT INTO _inner_restore_scratch SELECT * FROM _inner_restore_job WHERE tenant_id = 1 AND job_id = ?`, [num(j.job_id)]);
    e.run(`UPDATE _inner_restore_scratch SET tenant_id = ?`, [id]);
    e.run(`INSERT INTO _inner_restore_job SELECT * FROM _inner_restore_scratch`);
    // the progress row belongs to the user job (§3.1 __all_restore_progress): the sys row keeps NULLs
    e.run(
      `UPDATE _inner_restore_job SET restore_tenant_id = ?, status = 'RESTORE_PRE', state_ts = ?, state_pass = ?,
        total_bytes = plan_bytes, finish_bytes = 0, tablet_count = plan_tablets, finish_tablet_count = 0, ls_count = 2,
        finish_ls_count = 0, recover_scn = 0 WHERE tenant_id = ? AND job_id = ?`,
      [String(id), now, c.passes, id, num(j.job_id)],
    );
    e.run(
      `UPDATE _inner_restore_job SET restore_tenant_id = ?, status = 'WAIT_TENANT_RESTORE_FINISH', state_ts = ?, state_pass = ?
       WHERE tenant_id = 1 AND job_id = ?`,
      [String(id), now, c.passes, num(j.job_id)],
    );
  });
}

/** The user job: one state per pass at most, each at its share of restoreDurationMs; bytes grow meanwhile. */
function userStep(c: Cluster, j: Row, setRow: (j: Row, status: string, extra?: string, params?: (string | number)[]) => void): void {
  const e = c.engine;
  const now = c.nowUs();
  const started = e.one(`SELECT state_ts FROM _inner_restore_job WHERE tenant_id = 1 AND job_id = ?`, [num(j.job_id)]);
  // the user job began when the sys job left CREATE_TENANT
  const begin = num(started?.state_ts ?? j.start_ts);
  const f = c.options.restoreDurationMs === 0 ? 1 : Math.min(1, (now - begin) / (c.options.restoreDurationMs * 1000));
  const at = USER_STATES.findIndex(([st]) => st === j.status);
  const due = [...USER_STATES.keys()].filter((i) => f >= USER_STATES[i][1]).pop() ?? 0;
  const next = Math.min(due, at + 1);
  // data arrives over CREATE_INIT_LS .. POST_CHECK; the log replays from the consistent SCN in WAIT_LS
  const share = Math.max(0, Math.min(1, (f - 0.05) / 0.8));
  const total = num(j.total_bytes);
  const restoreScn = num(j.restore_scn);
  const consistent = num(j.consistent_scn);
  const replay = Math.max(0, Math.min(1, (f - 0.3) / 0.55));
  const recover = next >= 3 ? Math.floor(consistent + (restoreScn - consistent) * replay) : 0;
  e.run(
    `UPDATE _inner_restore_job SET finish_bytes = ?, finish_tablet_count = ?, recover_scn = ? WHERE tenant_id = ? AND job_id = ?`,
    [Math.floor(total * share), Math.floor(num(j.tablet_count) * share), recover, num(j.tenant_id), num(j.job_id)],
  );
  if (next <= at) return;
  const status = USER_STATES[next][0];
  if (status === "POST_CHECK") {
    // try_update_tenant_role: RESTORE → STANDBY once the tenant has replayed to the restore SCN (§3.2 #5, §4.1)
    e.run(`UPDATE _inner_tenant SET tenant_role = 'STANDBY', modify_ts = ? WHERE tenant_id = ?`, [now, num(j.tenant_id)]);
    e.run(`UPDATE _inner_restore_job SET finish_ls_count = ls_count, recover_scn = restore_scn WHERE tenant_id = ? AND job_id = ?`, [
      num(j.tenant_id),
      num(j.job_id),
    ]);
  }
  if (status === "RESTORE_SUCCESS") {
    e.run(
      `UPDATE _inner_restore_job SET finish_bytes = total_bytes, finish_tablet_count = tablet_count, finish_ls_count = ls_count,
        recover_scn = restore_scn WHERE tenant_id = ? AND job_id = ?`,
      [num(j.tenant_id), num(j.job_id)],
    );
    setRow(j, status, ", finish_ts = ?", [now]);
    return;
  }
  setRow(j, status);
}

/** The test handle's failRestore: the running restore of `tenant` fails on the next pass with `code`. */
export function markRestoreFailure(c: Cluster, tenant: string, code: number): void {
  const sys = c.engine.one(`SELECT * FROM _inner_restore_job WHERE tenant_id = 1 AND restore_tenant_name = ? AND status NOT IN ('RESTORE_SUCCESS', 'RESTORE_FAIL')`, [
    tenant,
  ]);
  if (!sys) throw new Error(`no running restore of ${tenant}`);
  // before the tenant exists only the sys job can fail; afterwards the tenant's own job fails and the sys job follows
  const target = sys.status === "CREATE_TENANT" ? 1 : num(sys.restore_tenant_id);
  const n = c.engine.run(
    `UPDATE _inner_restore_job SET force = ? WHERE tenant_id = ? AND job_id = ? AND status NOT IN ('RESTORE_SUCCESS', 'RESTORE_FAIL')`,
    [`FAILED:${code}`, target, num(sys.job_id)],
  );
  if (n === 0) throw new Error(`the restore of ${tenant} has already ended its tenant's job`);
}
