// The ALTER SYSTEM statements of reference §1, with the checks, their order and the error texts of §1 and
// table 4.2. Every statement only writes rows and returns OK; the scheduler does the work later (§5.3 item 1).

import { backupEncryption, Cluster, OK, Result, Session, TenantRow } from "./cluster";
import { ObError, OB, backupCanNotStart, noPrivilege, notSupported, parseError } from "./errors";
import { Command } from "./parser";
import { runResourceCommand } from "./resources";
import { runRestoreCommand } from "./restore";
import { parseDest, publicPath } from "./storage";
import { formatTimeString, ONE_DAY_US, ONE_MINUTE_US, parseTimeString } from "./timestring";

type Admin = Exclude<
  Command,
  { kind: "select" | "show" | "describe" | "use" | "transaction" | "setVariables" | "setEncryption" | "setDecryption" | "write" }
>;

export function runAdminCommand(c: Cluster, s: Session, cmd: Admin): Result {
  switch (cmd.kind) {
    case "archivelog":
      return archivelog(c, s, cmd.enable, cmd.tenants);
    case "backup":
      return backup(c, s, cmd);
    case "cancelBackup":
      return cancelBackup(c, s, cmd.tenants);
    case "cancelDelete":
      return cancelDelete(c, s, cmd.tenants);
    case "manualDelete":
      // parsed, but only CANCEL DELETE gets past the resolver up to 4.3.x (§1.10, table 4.2 #28); from sys a
      // second check overwrites the message, with or without a TENANT clause (§1.10, §0.1)
      throw notSupported(isSys(s) ? "need to specify a tenant name" : "function is");
    case "addPolicy":
    case "dropPolicy":
      return deletePolicy(c, s, cmd);
    case "setParameters":
      return setParameters(c, s, cmd.items, cmd.tenant);
    case "backupKey":
      return backupKey(c, s, cmd.tenants, cmd.to);
    case "rejectedInV4":
      throw notSupported();
    case "createResourceUnit":
    case "createResourcePool":
    case "dropResourcePool":
    case "dropResourceUnit":
      return runResourceCommand(c, s, cmd);
    case "restore":
    case "cancelRestore":
    case "dropTenant":
    case "activateStandby":
      return runRestoreCommand(c, s, cmd);
    case "unmodelledAlterSystem":
      // not on the user-tenant allow-list (§1.1, table 4.2 #20); from sys, outside what the emulator models
      if (!isSys(s)) throw noPrivilege();
      throw notSupported(`ALTER SYSTEM ${cmd.what.split(/\s+/).slice(0, 2).join(" ")} is outside the backup subsystem the emulator models; it is`);
  }
}

const isSys = (s: Session) => s.tenantId === 1;

function ownTenant(c: Cluster, s: Session): TenantRow {
  const t = c.tenantById(s.tenantId);
  if (!t) throw new ObError(OB.ERR_UNEXPECTED);
  return t;
}

// ---- ARCHIVELOG / NOARCHIVELOG (§1.5) ---------------------------------------------------------------------

function archivelog(c: Cluster, s: Session, enable: boolean, names: string[] | null): Result {
  if (names !== null && !isSys(s)) throw noPrivilege();
  let targets: TenantRow[];
  if (names === null) {
    targets = isSys(s) ? c.userTenants() : [ownTenant(c, s)];
  } else {
    const lower = names.map((n) => n.toLowerCase());
    if (lower.includes("all_user") || lower.includes("all_meta")) {
      if (lower.length > 1) throw notSupported("all/all_user/all_meta in combination with other names is");
      throw notSupported("use all_user/all_meta in 'ALTER SYSTEM ARCHIVELOG' syntax is");
    }
    if (lower.includes("all")) {
      if (lower.length > 1) throw notSupported("all/all_user/all_meta in combination with other names is");
      targets = c.userTenants();
    } else {
      const seen = new Set<string>();
      targets = [];
      for (const n of names) {
        if (seen.has(n)) throw notSupported(`duplicate tenant ${n} is`);
        seen.add(n);
        const t = c.tenantByName(n);
        if (!t || t.type === "META") throw new ObError(OB.ERR_INVALID_TENANT_NAME);
        if (t.type === "SYS") throw new ObError(OB.ERR_UNEXPECTED);
        targets.push(t);
      }
    }
  }
  const perTenant = (t: TenantRow): ObError | null => {
    if (enable) {
      if (t.status !== "NORMAL") return new ObError(OB.CANNOT_START_LOG_ARCHIVE_BACKUP);
      if (t.logMode === "ARCHIVELOG") return new ObError(OB.ALREADY_IN_ARCHIVE_MODE);
    } else if (t.logMode === "NOARCHIVELOG") {
      return new ObError(OB.ALREADY_IN_NOARCHIVE_MODE);
    }
    c.engine.run(`UPDATE _inner_tenant SET log_mode = ?, modify_ts = ? WHERE tenant_id = ?`, [
      enable ? "ARCHIVELOG" : "NOARCHIVELOG",
      c.nowUs(),
      t.id,
    ]);
    return null;
  };
  if (!isSys(s)) {
    const err = perTenant(targets[0]);
    if (err) throw err;
    return OK;
  }
  // From sys, ARCHIVELOG swallows per-tenant errors; NOARCHIVELOG overwrites the result tenant by tenant, so
  // the last tenant's result wins, OK or error (§1.5 asymmetry, §0.1)
  let last: ObError | null = null;
  for (const t of targets) last = perTenant(t);
  if (!enable && last) throw last;
  return OK;
}

// ---- BACKUP (§1.6) -------------------------------------------------------------------------------------------

type BackupCmd = Extract<Command, { kind: "backup" }>;

/** Why a tenant cannot start a backup now, in the order start_tenant_backup_data_ checks (§1.6). */
export function backupBlocker(c: Cluster, t: TenantRow, initiatorTenantId: number, fromSys: boolean): ObError | null {
  const dest = dataBackupDest(c, t.id);
  const noDest = fromSys ? backupCanNotStart("backup dest is not set.") : backupCanNotStart();
  const checks: (() => ObError | null)[] = [
    () => (fromSys ? null : dest ? null : noDest),
    () => (t.status === "NORMAL" ? null : backupCanNotStart("tenant status is not normal.")),
    () => (archiveRoundStatus(c, t.id) === "DOING" ? null : backupCanNotStart("log archive status is not doing.")),
    () =>
      c.engine.one(`SELECT 1 FROM _inner_backup_job WHERE tenant_id = ? AND initiator_tenant_id = ?`, [t.id, initiatorTenantId])
        ? new ObError(OB.BACKUP_IN_PROGRESS)
        : null,
    () => (fromSys && !dest ? noDest : null),
  ];
  // the user-tenant path checks the 9036 rule before the archive round (§1.6 items 3 and 4)
  const order = fromSys ? [1, 2, 3, 4] : [0, 1, 3, 2];
  for (const i of order) {
    const e = checks[i]();
    if (e) return e;
  }
  return null;
}

export function dataBackupDest(c: Cluster, tenantId: number): string | null {
  const r = c.engine.one(`SELECT value FROM _inner_backup_parameter WHERE tenant_id = ? AND name = 'data_backup_dest'`, [tenantId]);
  const v = r ? String(r.value) : "";
  return v === "" ? null : v;
}

export function archiveRoundStatus(c: Cluster, tenantId: number): string | null {
  const r = c.engine.one(`SELECT status FROM _inner_log_archive_progress WHERE tenant_id = ? AND dest_no = 0`, [tenantId]);
  return r ? String(r.status) : null;
}

function backup(c: Cluster, s: Session, cmd: BackupCmd): Result {
  if (cmd.to !== null) throw notSupported("backup do not support using specify path");
  if (!isSys(s) && cmd.tenants !== null) throw notSupported("user tenant cannot specify tenant names");
  if (cmd.plusArchivelog && !c.version.supportsPlusArchivelog) throw notSupported("plus archive is not supported");
  const type = cmd.incremental ? "INC" : "FULL";
  const encryption = backupEncryption(s);
  if (!isSys(s)) {
    const t = ownTenant(c, s);
    const blocker = backupBlocker(c, t, t.id, false);
    if (blocker) throw blocker;
    c.engine.transaction(() => insertUserJob(c, t, { type, cmd, initiatorTenantId: t.id, initiatorJobId: 0, encryption }));
    return OK;
  }
  let targets: TenantRow[];
  if (cmd.tenants !== null) {
    targets = c.resolveTenantIds(cmd.tenants);
    for (const t of targets) {
      const blocker = backupBlocker(c, t, 1, true);
      if (blocker) throw blocker;
    }
  } else {
    // BACKUP DATABASE from sys skips tenants that cannot start, quietly (§1.6)
    targets = c.userTenants().filter((t) => backupBlocker(c, t, 1, true) === null);
    if (targets.length === 0) {
      throw backupCanNotStart(
        "no tenant meets the backup condition, \uFFFCplease check the tenant status, log archive status, backup data dest, and backup status for each tenant",
      );
    }
  }
  c.engine.transaction(() => {
    const jobId = c.nextId(1, "next_job_id");
    const now = c.nowUs();
    c.engine.run(
      `INSERT INTO _inner_backup_job (tenant_id, job_id, incarnation, backup_set_id, initiator_tenant_id, initiator_job_id,
        executor_tenant_id, plus_archivelog, backup_type, job_level, encryption_mode, passwd, start_ts, end_ts, status,
        result, comment, description, path, state_ts, duration_us)
       VALUES (1, ?, 1, 0, 1, ?, ?, ?, ?, 'CLUSTER', ?, ?, ?, 0, 'INIT', 0, '', ?, '', ?, 0)`,
      [
        jobId,
        jobId,
        targets.map((t) => t.id).join(","),
        cmd.plusArchivelog ? "ON" : "OFF",
        type,
        encryption ? "PASSWORD" : "NONE",
        encryption?.passwd ?? "",
        now,
        cmd.description ?? "",
        now,
      ],
    );
  });
  return OK;
}

export interface NewUserJob {
  type: "FULL" | "INC";
  cmd: { plusArchivelog: boolean; description: string | null };
  initiatorTenantId: number;
  initiatorJobId: number;
  encryption: ReturnType<typeof backupEncryption>;
}

/** Allocates job and backup set ids and writes the INIT row (§1.6 item 7). */
export function insertUserJob(c: Cluster, t: TenantRow, j: NewUserJob): number {
  const dest = dataBackupDest(c, t.id);
  if (!dest) throw backupCanNotStart();
  const path = publicPath(parseDest(dest));
  const jobId = c.nextId(t.id, "next_job_id");
  const setId = c.nextId(t.id, "next_backup_set_id");
  // INCREMENTAL with no earlier successful set at this path becomes FULL (§1.6, §5.3 item 2)
  const type =
    j.type === "INC" &&
    !c.engine.one(`SELECT 1 FROM _inner_backup_set_files WHERE tenant_id = ? AND path = ? AND status = 'SUCCESS'`, [t.id, path])
      ? "FULL"
      : j.type;
  const now = c.nowUs();
  c.engine.run(
    `INSERT INTO _inner_backup_job (tenant_id, job_id, incarnation, backup_set_id, initiator_tenant_id, initiator_job_id,
      executor_tenant_id, plus_archivelog, backup_type, job_level, encryption_mode, passwd, start_ts, end_ts, status,
      result, comment, description, path, state_ts, duration_us)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, 'USER_TENANT', ?, ?, ?, 0, 'INIT', 0, '', ?, ?, ?, ?)`,
    [
      t.id,
      jobId,
      setId,
      j.initiatorTenantId,
      j.initiatorJobId,
      String(t.id),
      j.cmd.plusArchivelog ? "ON" : "OFF",
      type,
      j.encryption ? "PASSWORD" : "NONE",
      j.encryption?.passwd ?? "",
      now,
      j.cmd.description ?? "",
      path,
      now,
      c.options.backupDurationMs * 1000,
    ],
  );
  return jobId;
}

// ---- CANCEL BACKUP (§1.7) -------------------------------------------------------------------------------------

function cancelBackup(c: Cluster, s: Session, names: string[] | null): Result {
  if (!isSys(s) && names !== null) throw notSupported();
  let tenantIds: number[];
  if (!isSys(s)) tenantIds = [s.tenantId];
  else if (names !== null) tenantIds = c.resolveTenantIds(names).map((t) => t.id);
  else tenantIds = [1, ...c.userTenants().map((t) => t.id)];
  for (const id of tenantIds) {
    const t = c.tenantById(id);
    if (!t || t.status !== "NORMAL") continue; // skipped without error
    c.engine.run(
      `UPDATE _inner_backup_job SET status = 'CANCELING', state_ts = ? WHERE tenant_id = ? AND status IN ('INIT', 'DOING')`,
      [c.nowUs(), id],
    );
  }
  return OK; // even when nothing was running (table 4.2 #1)
}

// ---- CANCEL DELETE BACKUP and the delete policy (§1.8) --------------------------------------------------------

function cancelDelete(c: Cluster, s: Session, names: string[] | null): Result {
  if (!isSys(s) && names !== null) throw notSupported("user tenant cannot specify tenant names");
  let tenantIds: number[];
  if (!isSys(s)) tenantIds = [s.tenantId];
  else if (names !== null) tenantIds = c.resolveTenantIds(names).map((t) => t.id);
  else tenantIds = c.userTenants().map((t) => t.id);
  for (const id of tenantIds) {
    c.engine.run(
      `UPDATE _inner_backup_delete_job SET status = 'CANCELING', result = -4072, state_ts = ?
       WHERE tenant_id = ? AND status IN ('INIT', 'DOING')`,
      [c.nowUs(), id],
    );
  }
  return OK;
}

type PolicyCmd = Extract<Command, { kind: "addPolicy" | "dropPolicy" }>;

function deletePolicy(c: Cluster, s: Session, cmd: PolicyCmd): Result {
  if (cmd.name !== "default") throw notSupported("The policy name is not 'default', it is");
  let tenant: TenantRow;
  if (!isSys(s)) {
    if (cmd.tenants !== null) throw notSupported("user tenant cannot specify tenant names");
    tenant = ownTenant(c, s);
  } else {
    if (cmd.tenants === null || cmd.tenants.length === 0) {
      throw notSupported("Too little tenant names specified, only one tenant name can be specified");
    }
    if (cmd.tenants.length > 1) throw notSupported("Too many tenant names specified, only one tenant name can be specified");
    tenant = c.resolveTenantIds(cmd.tenants)[0];
  }
  if (cmd.kind === "dropPolicy") {
    // the row count is ignored: dropping a missing policy is OK (table 4.2 #27)
    c.engine.run(`DELETE FROM _inner_backup_delete_policy WHERE tenant_id = ? AND policy_name = 'default'`, [tenant.id]);
    return OK;
  }
  if (cmd.recoveryWindow === null && cmd.redundancy === null) throw notSupported("Neither recovery_window nor redundancy is set");
  // the resolver checks the time string only when it is not empty, so RECOVERY_WINDOW '' passes (§0.1)
  if (cmd.recoveryWindow !== null && cmd.recoveryWindow !== "" && parseTimeString(cmd.recoveryWindow) === null) {
    throw notSupported("recovery window is not be time string");
  }
  // a missing REDUNDANCY counts as 1 (§0.1)
  const redundancy = cmd.redundancy ?? 1;
  if (cmd.recoveryWindow === null && redundancy !== 1) throw notSupported("Redundancy not equal to 1 is");
  if (c.engine.one(`SELECT 1 FROM _inner_backup_delete_policy WHERE tenant_id = ? AND policy_name = 'default'`, [tenant.id])) {
    // a plain INSERT on the primary key; the exact client text is unverified (§1.8, Uncertainties)
    throw new ObError(OB.ERR_PRIMARY_KEY_DUPLICATE, `Duplicate entry '${tenant.id}-default' for key 'PRIMARY'`);
  }
  c.engine.run(`INSERT INTO _inner_backup_delete_policy VALUES (?, 'default', ?, ?, ?)`, [
    tenant.id,
    cmd.recoveryWindow ?? "0",
    redundancy,
    cmd.backupCopies ?? 0,
  ]);
  return OK;
}

// ---- ALTER SYSTEM SET (§1.3, §1.4, §1.11) ---------------------------------------------------------------------

const BACKUP_CONFIG = new Set(["data_backup_dest", "log_archive_dest", "log_archive_dest_state"]);

function setParameters(c: Cluster, s: Session, items: { name: string; value: string }[], tenantName: string | null): Result {
  if (!isSys(s) && tenantName !== null) throw noPrivilege(); // resolver: TENANT from a user tenant (table 4.2 #17)
  const backupItems = items.filter((i) => BACKUP_CONFIG.has(i.name));
  if (backupItems.length > 0 && backupItems.length < items.length) {
    throw notSupported("backup configuration items cannot be set together with non data backup configuration items");
  }
  if (backupItems.length === 0) return setOrdinaryParameters(c, s, items, tenantName);
  // admin_set_backup_config: sys must name a user tenant, a user tenant must not (table 4.2 #18)
  let tenant: TenantRow;
  if (isSys(s)) {
    if (tenantName === null) throw notSupported();
    const t = c.tenantByName(tenantName);
    if (!t) throw new ObError(OB.ERR_INVALID_TENANT_NAME);
    if (t.type !== "USER") throw notSupported();
    tenant = t;
  } else {
    tenant = ownTenant(c, s);
  }
  for (const item of items) {
    if (item.name === "data_backup_dest") setDataBackupDest(c, tenant, item.value);
    else if (item.name === "log_archive_dest") setLogArchiveDest(c, tenant, item.value);
    else setLogArchiveDestState(c, tenant, item.value);
  }
  return OK;
}

function setOrdinaryParameters(c: Cluster, s: Session, items: { name: string; value: string }[], tenantName: string | null): Result {
  let ids: number[];
  if (tenantName === null) ids = [s.tenantId];
  else if (/^(all|all_user)$/i.test(tenantName)) ids = c.userTenants().map((t) => t.id);
  else {
    const t = c.tenantByName(tenantName);
    if (!t) throw new ObError(OB.ERR_INVALID_TENANT_NAME);
    ids = [t.id];
  }
  for (const id of ids) {
    for (const it of items) c.engine.run(`INSERT OR REPLACE INTO _inner_parameter VALUES (?, ?, ?)`, [id, it.name, it.value]);
  }
  return OK;
}

function nextDestId(c: Cluster, tenantId: number): number {
  const r = c.engine.one(`SELECT MAX(dest_id) AS m FROM _inner_backup_storage_info WHERE tenant_id = ?`, [tenantId]);
  return Math.max(1000, Number(r?.m ?? 1000)) + 1;
}

function recordStorage(c: Cluster, tenantId: number, uri: string, destType: string): number {
  const d = parseDest(uri);
  const path = publicPath(d);
  const existing = c.engine.one(`SELECT dest_id FROM _inner_backup_storage_info WHERE tenant_id = ? AND path = ?`, [tenantId, path]);
  if (existing) return Number(existing.dest_id);
  const id = nextDestId(c, tenantId);
  c.engine.run(`INSERT INTO _inner_backup_storage_info VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)`, [
    tenantId,
    path,
    d.params.get("host") ? `host=${d.params.get("host")}` : "",
    id,
    destType,
    d.params.has("access_key") ? "access_id=***&access_key=***" : "",
    Math.floor(c.nowUs() / 1e6),
    c.nowUs(),
  ]);
  return id;
}

function setDataBackupDest(c: Cluster, t: TenantRow, value: string): void {
  if (c.engine.one(`SELECT 1 FROM _inner_backup_job WHERE tenant_id = ?`, [t.id])) throw new ObError(OB.BACKUP_IN_PROGRESS);
  if (value !== "") {
    const d = parseDest(value);
    c.storage.claim(d, t.id, "data");
    recordStorage(c, t.id, value, "BACKUP_DATA");
  }
  c.engine.run(`INSERT OR REPLACE INTO _inner_backup_parameter VALUES (?, 'data_backup_dest', ?)`, [t.id, value]);
}


function setLogArchiveDest(c: Cluster, t: TenantRow, value: string): void {
  const round = archiveRoundStatus(c, t.id);
  if (value === "") {
    if (round !== null && round !== "STOP") throw notSupported("change archive dest when archive is running is");
    c.engine.run(`DELETE FROM _inner_archive_dest_parameter WHERE tenant_id = ? AND dest_no = 0 AND name <> 'state'`, [t.id]);
    return;
  }
  const attrs = parseArchiveDestValue(value);
  if (attrs.location === null) throw notSupported("set archive dest without location is");
  if (round !== null && round !== "STOP") throw notSupported("change archive dest when archive is running is");
  const d = parseDest(attrs.location);
  if (d.scheme === "s3") {
    const lag = c.engine.one(`SELECT value FROM _inner_parameter WHERE tenant_id = ? AND name = 'archive_lag_target'`, [t.id]);
    const us = lag ? parseTimeString(String(lag.value)) : 120e6;
    if (us !== null && us < 60e6) {
      throw new ObError(OB.OP_NOT_ALLOW, "archive_lag_target is smaller than 60s, set log_archive_dest to S3 is not allowed");
    }
  }
  c.storage.claim(d, t.id, "archive");
  const destId = recordStorage(c, t.id, attrs.location, "ARCHIVE_LOG");
  // gen_config_items writes all five rows every time: state goes back to ENABLE even after DEFER, and the
  // interval is shown in its largest whole unit (§1.4, §0.1)
  const rows: [string, string][] = [
    ["path", attrs.location],
    ["binding", attrs.binding],
    ["dest_id", String(destId)],
    ["piece_switch_interval", formatTimeString(attrs.pieceSwitchUs)],
    ["state", "ENABLE"],
  ];
  for (const [name, v] of rows) c.engine.run(`INSERT OR REPLACE INTO _inner_archive_dest_parameter VALUES (?, 0, ?, ?)`, [t.id, name, v]);
}

interface ArchiveDestAttrs {
  location: string | null;
  binding: "OPTIONAL" | "MANDATORY";
  pieceSwitchUs: number;
}

/**
 * ObLogArchiveDestConfigParser (§1.4): space-separated key=value items, keys case-insensitive. A bad BINDING
 * and a PIECE_SWITCH_INTERVAL that is no time string or under a minute are OB_INVALID_ARGUMENT (plain
 * "Invalid argument"); a valid interval outside [1d,7d], an unknown key or compression value OB_NOT_SUPPORTED.
 */
function parseArchiveDestValue(value: string): ArchiveDestAttrs {
  const attrs: ArchiveDestAttrs = { location: null, binding: "OPTIONAL", pieceSwitchUs: ONE_DAY_US };
  for (const item of value.split(" ").filter((x) => x !== "")) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw notSupported();
    const key = item.slice(0, eq).toLowerCase();
    const v = item.slice(eq + 1);
    if (key === "location") attrs.location = v;
    else if (key === "binding") {
      const b = v.toUpperCase();
      if (b !== "OPTIONAL" && b !== "MANDATORY") throw new ObError(OB.INVALID_ARGUMENT);
      attrs.binding = b;
    } else if (key === "piece_switch_interval") {
      const us = parseTimeString(v);
      if (us === null || us < ONE_MINUTE_US) throw new ObError(OB.INVALID_ARGUMENT);
      if (us < ONE_DAY_US || us > 7 * ONE_DAY_US) throw notSupported("invalid piece_switch_interval out of range [1d,7d] is");
      attrs.pieceSwitchUs = us;
    } else if (key === "compression") {
      if (!/^(enable|disable)$/i.test(v)) throw notSupported();
    } else throw notSupported();
  }
  return attrs;
}

function setLogArchiveDestState(c: Cluster, t: TenantRow, value: string): void {
  // no user message on this path: the plain "Invalid argument" (§1.4)
  if (!/^(enable|defer)$/i.test(value)) throw new ObError(OB.INVALID_ARGUMENT);
  // stored as typed (§1.4)
  c.engine.run(`INSERT OR REPLACE INTO _inner_archive_dest_parameter VALUES (?, 0, 'state', ?)`, [t.id, value]);
}

// ---- BACKUP KEY (§1.9) ---------------------------------------------------------------------------------------

function backupKey(c: Cluster, s: Session, names: string[] | null, to: string | null): Result {
  if (c.options.edition === "CE") throw parseError("KEY");
  if (isSys(s) && names !== null && names.length !== 1) {
    throw new ObError(OB.INVALID_ARGUMENT, "Incorrect arguments to tenant list, count of tenants must be 1");
  }
  if (!isSys(s) && names !== null) throw notSupported("user tenant cannot specify tenant names");
  const targets = !isSys(s) ? [ownTenant(c, s)] : names !== null ? c.resolveTenantIds(names) : c.userTenants();
  // the key file's contents are not modelled; its path is recorded where OceanBase shows it (§1.9)
  if (to !== null) for (const t of targets) recordStorage(c, t.id, to, "BACKUP_KEY");
  return OK;
}
