// Everything an emulator can be started with, and the defaults that let it start with no flags at all.

export type CompatibilityMode = "MYSQL" | "ORACLE";

export interface TenantOptions {
  name: string;
  /** default MYSQL */
  mode?: CompatibilityMode;
  /** default: the next even id from 1002 */
  id?: number;
  /** admin password (root in MySQL mode, SYS in Oracle mode); default empty */
  password?: string;
  /** default NORMAL */
  status?: string;
}

export interface UserOptions {
  tenant: string;
  user: string;
  password?: string;
  /** whether the user holds the ALTER SYSTEM privilege; default true */
  alterSystem?: boolean;
}

export interface TlsOptions {
  /** host names and IP addresses the server certificate is made for; default ["localhost", "127.0.0.1"] */
  serverNames?: string[];
  /**
   * logins that must use TLS, as user@tenant (e.g. "root@sys", "SYS@oracle_tenant"), or "*" for every login;
   * such a login without TLS is refused as MySQL refuses a REQUIRE SSL account (1045). Default none.
   */
  requireFor?: string[];
}

export interface EmulatorOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (any free port) */
  port?: number;
  /** user tenants; default mysql_tenant (MySQL mode) and oracle_tenant (Oracle mode) */
  tenants?: TenantOptions[];
  /** root@sys password; default empty */
  sysPassword?: string;
  /** extra logins */
  users?: UserOptions[];
  /** OceanBase version to emulate, 4.0.0.0 to 4.4.x (from 4.3.5 Oracle-mode errors start OBE-); default 4.3.0.1 */
  version?: string;
  /** CE (Community) or EE (Enterprise; Oracle mode, BACKUP KEY); default EE */
  edition?: "CE" | "EE";
  /** cluster name accepted in user@tenant#cluster logins; default obcluster */
  clusterName?: string;
  /** time from ARCHIVELOG (with a destination) to DOING; default 2000 ms */
  archiveStartMs?: number;
  /** how long a data backup runs once DOING; default 30000 ms */
  backupDurationMs?: number;
  /** how long a finished job stays in *_JOBS before it moves to *_JOB_HISTORY; default 2000 ms */
  historyDelayMs?: number;
  /** how long a cleanup (delete) job runs; default 2000 ms */
  cleanupDurationMs?: number;
  /**
   * period of the automatic cleanup trigger, counted from the emulator's start on its clock; default 3600000 ms,
   * OceanBase's hourly trigger (ObBackupService::start_trigger_). Shorter values are for demos and tests.
   */
  cleanupTriggerMs?: number;
  /** 'real': time passes by itself (plus any advance()); 'manual': only advance() moves it. Default real. */
  clock?: "real" | "manual";
  /** scheduler period under the real clock; default 100 ms */
  tickMs?: number;
  /** the emulated clock's start (manual clock); default now */
  startTime?: number | Date;
  /** session time_zone default; OceanBase's is +08:00 */
  timeZone?: string;
  /** called with a line for every statement executed (the CLI prints them) */
  onStatement?: (line: string) => void;
  /** append "\n[ip:port] [timestamp] [trace_id]" to every error message, as enable_rich_error_msg does; default false */
  richErrorMessages?: boolean;
  /** offer TLS (MySQL's SSLRequest upgrade) with a CA and server certificate made at start; default off */
  tls?: boolean | TlsOptions;
  /**
   * how long a restore's CREATE_TENANT step takes: ALTER SYSTEM RESTORE blocks this long on the emulator clock
   * before it returns (restore research §1.1); default 1000 ms
   */
  restoreCreateTenantMs?: number;
  /** how long the restored tenant's own job runs, RESTORE_PRE to RESTORE_SUCCESS (§3.2); default 30000 ms */
  restoreDurationMs?: number;
  /** the cluster's zones (DBA_OB_ZONES, ZONE_LIST of a pool); default ["zone1"] */
  zones?: string[];
  /**
   * what each zone can hold for granted pools (restore research §5.2 #11); a restore whose pools would not fit
   * fails asynchronously with OB_ZONE_RESOURCE_NOT_ENOUGH(-4733). Default 64 CPUs and 512 GiB per zone.
   */
  resourceCapacity?: { cpu?: number; memoryBytes?: number };
}

export interface ResolvedOptions {
  host: string;
  port: number;
  tenants: Required<TenantOptions>[];
  sysPassword: string;
  users: Required<UserOptions>[];
  version: string;
  edition: "CE" | "EE";
  clusterName: string;
  archiveStartMs: number;
  backupDurationMs: number;
  historyDelayMs: number;
  cleanupDurationMs: number;
  cleanupTriggerMs: number;
  clock: "real" | "manual";
  tickMs: number;
  startTimeMs: number;
  /** the wall clock when startTimeMs held: the real clock counts from here, not from when the cluster was built */
  resolvedAtMs: number;
  timeZone: string;
  onStatement: ((line: string) => void) | null;
  richErrorMessages: boolean;
  tls: Required<TlsOptions> | null;
  restoreCreateTenantMs: number;
  restoreDurationMs: number;
  zones: string[];
  resourceCapacity: { cpu: number; memoryBytes: number };
}

const nonNegative = (name: string, v: number | undefined, dflt: number): number => {
  const n = v ?? dflt;
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number of milliseconds, got ${v}`);
  return n;
};

const positive = (name: string, v: number | undefined, dflt: number): number => {
  const n = v ?? dflt;
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of milliseconds, got ${v}`);
  return n;
};

export function resolveOptions(o: EmulatorOptions = {}): ResolvedOptions {
  const tenantsIn = o.tenants ?? [
    { name: "mysql_tenant", mode: "MYSQL" as const },
    { name: "oracle_tenant", mode: "ORACLE" as const },
  ];
  const edition = o.edition ?? "EE";
  let nextId = 1002;
  const used = new Set<number>();
  const tenants = tenantsIn.map((t) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(t.name) || /^(sys|all|all_user|all_meta)$/i.test(t.name)) {
      throw new Error(`tenant name ${JSON.stringify(t.name)} is not usable: letters, digits and _, not a reserved name`);
    }
    const mode = t.mode ?? "MYSQL";
    if (mode === "ORACLE" && edition === "CE") throw new Error(`tenant ${t.name}: Oracle mode needs edition EE`);
    let id = t.id;
    if (id === undefined) {
      while (used.has(nextId)) nextId += 2;
      id = nextId;
      nextId += 2;
    }
    if (id % 2 !== 0 || id < 1002 || used.has(id)) throw new Error(`tenant ${t.name}: id ${id} must be even, >= 1002 and unique`);
    used.add(id);
    return { name: t.name, mode, id, password: t.password ?? "", status: t.status ?? "NORMAL" };
  });
  const names = new Set(tenants.map((t) => t.name.toLowerCase()));
  if (names.size !== tenants.length) throw new Error("tenant names must be unique");
  const users = (o.users ?? []).map((u) => {
    if (u.tenant !== "sys" && !tenants.some((t) => t.name === u.tenant)) throw new Error(`user ${u.user}: unknown tenant ${u.tenant}`);
    return { tenant: u.tenant, user: u.user, password: u.password ?? "", alterSystem: u.alterSystem ?? true };
  });
  const resolvedAt = Date.now();
  const start = o.startTime === undefined ? resolvedAt : typeof o.startTime === "number" ? o.startTime : o.startTime.getTime();
  return {
    host: o.host ?? "127.0.0.1",
    port: o.port ?? 0,
    tenants,
    sysPassword: o.sysPassword ?? "",
    users,
    version: o.version ?? "4.3.0.1",
    edition,
    clusterName: o.clusterName ?? "obcluster",
    archiveStartMs: nonNegative("archiveStartMs", o.archiveStartMs, 2000),
    backupDurationMs: nonNegative("backupDurationMs", o.backupDurationMs, 30000),
    historyDelayMs: nonNegative("historyDelayMs", o.historyDelayMs, 2000),
    cleanupDurationMs: nonNegative("cleanupDurationMs", o.cleanupDurationMs, 2000),
    cleanupTriggerMs: positive("cleanupTriggerMs", o.cleanupTriggerMs, 3_600_000),
    clock: o.clock ?? "real",
    tickMs: Math.max(10, nonNegative("tickMs", o.tickMs, 100)),
    startTimeMs: start,
    resolvedAtMs: resolvedAt,
    timeZone: o.timeZone ?? "+08:00",
    onStatement: o.onStatement ?? null,
    richErrorMessages: o.richErrorMessages ?? false,
    tls: resolveTls(o.tls),
    restoreCreateTenantMs: nonNegative("restoreCreateTenantMs", o.restoreCreateTenantMs, 1000),
    restoreDurationMs: nonNegative("restoreDurationMs", o.restoreDurationMs, 30000),
    zones: o.zones && o.zones.length > 0 ? [...o.zones] : ["zone1"],
    resourceCapacity: {
      cpu: o.resourceCapacity?.cpu ?? 64,
      memoryBytes: o.resourceCapacity?.memoryBytes ?? 512 * 1024 ** 3,
    },
  };
}

function resolveTls(t: EmulatorOptions["tls"]): Required<TlsOptions> | null {
  if (!t) return null;
  const o = t === true ? {} : t;
  return { serverNames: o.serverNames ?? ["localhost", "127.0.0.1"], requireFor: o.requireFor ?? [] };
}
