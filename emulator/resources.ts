// Resource units and pools (restore research §2): the unit config and the free pool a restore creates its
// tenant on. Units and pools are rows; a pool is granted when its TENANT_ID is set. The capacity a zone offers
// is counted against granted pools only, so that "not enough resources" shows where a restore meets it: when
// the tenant is created (§5.2 #11), not at CREATE RESOURCE POOL (a choice, see README "Restores").

import { Cluster, OK, Result, Session } from "./cluster";
import { ObError, OB, noPrivilege, notSupported } from "./errors";
import { Command } from "./parser";

const GIB = 1024 ** 3;
/** UNIT_MIN_MEMORY: 512M meta + 512M user (§2, ob_unit_resource.cpp) */
const UNIT_MIN_MEMORY = GIB;
const UNIT_MIN_LOG_DISK = 2 * GIB;
/** __min_full_resource_pool_memory's default (§2, ob_parameter_seed.ipp) */
const MIN_FULL_POOL_MEMORY = 5 * GIB;

export interface Pool {
  id: number;
  name: string;
  tenantId: number | null;
  unitCount: number;
  unitConfigId: number;
  zones: string[];
}

/** The sys pool and one granted pool per configured tenant: a restore naming one fails with -4626 (§5.2 #10). */
export function seedResources(c: Cluster): void {
  const now = c.nowUs();
  const zones = c.options.zones.join(";");
  c.systemContext(() => {
    for (const z of c.options.zones) c.engine.run(`INSERT INTO _inner_zone VALUES (?, ?, ?, 'ACTIVE', '', 'sys_region', 'ReadWrite')`, [z, now, now]);
    c.engine.run(`INSERT INTO _inner_unit_config VALUES (1, 'sys_unit_config', ?, ?, 1, 1, ?, ?, 9223372036854775807, 10000, 1)`, [
      now,
      now,
      4 * GIB,
      12 * GIB,
    ]);
    c.engine.run(`INSERT INTO _inner_resource_pool VALUES (1, 'sys_pool', 1, ?, ?, 1, 1, ?, 'FULL')`, [now, now, zones]);
    for (const t of c.options.tenants) {
      const unitId = nextId(c, "_inner_unit_config", "unit_config_id");
      c.engine.run(`INSERT INTO _inner_unit_config VALUES (?, ?, ?, ?, 2, 2, ?, ?, 9223372036854775807, 20000, 2)`, [
        unitId,
        `${t.name}_unit`,
        now,
        now,
        5 * GIB,
        15 * GIB,
      ]);
      const poolId = nextId(c, "_inner_resource_pool", "resource_pool_id");
      c.engine.run(`INSERT INTO _inner_resource_pool VALUES (?, ?, ?, ?, ?, 1, ?, ?, 'FULL')`, [poolId, `${t.name}_pool`, t.id, now, now, unitId, zones]);
    }
  });
}

function nextId(c: Cluster, table: string, column: string): number {
  const r = c.engine.one(`SELECT MAX(${column}) AS m FROM ${table}`);
  return Math.max(1000, Number(r?.m ?? 0)) + 1;
}

export function poolByName(c: Cluster, name: string): Pool | undefined {
  // compared exactly, as tenant names are (the research does not say how unit and pool names compare)
  const r = c.engine.one(`SELECT * FROM _inner_resource_pool WHERE name = ?`, [name]);
  if (!r) return undefined;
  return {
    id: Number(r.resource_pool_id),
    name: String(r.name),
    tenantId: r.tenant_id === null ? null : Number(r.tenant_id),
    unitCount: Number(r.unit_count),
    unitConfigId: Number(r.unit_config_id),
    zones: String(r.zone_list).split(";").filter(Boolean),
  };
}

type ResourceCmd = Extract<Command, { kind: "createResourceUnit" | "createResourcePool" | "dropResourcePool" | "dropResourceUnit" }>;

export function runResourceCommand(c: Cluster, s: Session, cmd: ResourceCmd): Result {
  // resource DDL is a sys-tenant statement
  if (s.tenantId !== 1) throw noPrivilege();
  switch (cmd.kind) {
    case "createResourceUnit":
      return createUnit(c, cmd);
    case "createResourcePool":
      return createPool(c, cmd);
    case "dropResourcePool":
      return dropPool(c, cmd.name, cmd.ifExists);
    case "dropResourceUnit":
      return dropUnit(c, cmd.name, cmd.ifExists);
  }
}

/** '5G', '512M', '5GB', 5368709120: a capacity as OceanBase's config parser reads it; null when it is none. */
export function parseCapacity(v: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([KMGTP]?)B?$/i.exec(v.trim());
  if (!m) return null;
  const pow = { "": 0, K: 1, M: 2, G: 3, T: 4, P: 5 }[m[2].toUpperCase() as "" | "K" | "M" | "G" | "T" | "P"];
  return Math.floor(Number(m[1]) * 1024 ** pow);
}

const missing = (what: string) => new ObError(OB.MISS_ARGUMENT, `Miss argument for ${what}`);
const belowLimit = (what: string, min: string) => new ObError(OB.RESOURCE_UNIT_VALUE_BELOW_LIMIT, `invalid ${what} value, min value is ${min}`);

/** init_and_check_cpu_ / mem_ / log_disk_ (§2): MAX_CPU, then MEMORY_SIZE, then LOG_DISK_SIZE. */
function createUnit(c: Cluster, cmd: Extract<ResourceCmd, { kind: "createResourceUnit" }>): Result {
  const opt = new Map(cmd.options.map((o) => [o.key, o.value]));
  const maxCpuText = opt.get("MAX_CPU");
  if (maxCpuText === undefined) throw missing("MAX_CPU");
  const maxCpu = Number(maxCpuText);
  if (!Number.isFinite(maxCpu)) throw new ObError(OB.INVALID_ARGUMENT);
  if (maxCpu < 1) throw belowLimit("MAX_CPU", "1");
  const minCpu = opt.has("MIN_CPU") ? Number(opt.get("MIN_CPU")) : maxCpu;
  // MIN_CPU above MAX_CPU is refused; the text is ours (§2 names only the defaults)
  if (!Number.isFinite(minCpu) || minCpu > maxCpu) throw new ObError(OB.INVALID_ARGUMENT, "Incorrect arguments to MIN_CPU, MIN_CPU should be less than or equal to MAX_CPU");
  const memText = opt.get("MEMORY_SIZE");
  if (memText === undefined) throw missing("MEMORY_SIZE");
  const memory = parseCapacity(memText);
  if (memory === null) throw new ObError(OB.INVALID_ARGUMENT);
  if (memory < UNIT_MIN_MEMORY) throw belowLimit("MEMORY_SIZE", "1G");
  const logText = opt.get("LOG_DISK_SIZE");
  const logDisk = logText === undefined ? 3 * memory : parseCapacity(logText);
  if (logDisk === null) throw new ObError(OB.INVALID_ARGUMENT);
  if (logDisk < UNIT_MIN_LOG_DISK) throw belowLimit("LOG_DISK_SIZE", "2G");
  if (c.engine.one(`SELECT 1 FROM _inner_unit_config WHERE name = ?`, [cmd.name])) {
    if (cmd.ifNotExists) return OK; // a note, not an error
    throw new ObError(OB.RESOURCE_UNIT_EXIST, `resource unit '${cmd.name}' already exist`);
  }
  const now = c.nowUs();
  c.engine.run(`INSERT INTO _inner_unit_config VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    nextId(c, "_inner_unit_config", "unit_config_id"),
    cmd.name,
    now,
    now,
    maxCpu,
    minCpu,
    memory,
    logDisk,
    Number(opt.get("MAX_IOPS") ?? "9223372036854775807"),
    Number(opt.get("MIN_IOPS") ?? String(Math.floor(minCpu * 10000))),
    Number(opt.get("IOPS_WEIGHT") ?? String(Math.floor(minCpu))),
  ]);
  return OK;
}

/** ObUnitManager::create_resource_pool (§2): the pool name, then the unit, the zones and the memory floor. */
function createPool(c: Cluster, cmd: Extract<ResourceCmd, { kind: "createResourcePool" }>): Result {
  // UNIT and UNIT_NUM are required; these texts follow OB_MISS_ARGUMENT's format, the names are our reading
  if (cmd.unit === null) throw missing("unit");
  if (cmd.unitNum === null) throw missing("unit_num");
  if (cmd.unitNum < 1) throw new ObError(OB.INVALID_ARGUMENT, "Incorrect arguments to unit num");
  if (poolByName(c, cmd.name)) {
    if (cmd.ifNotExists) return OK;
    throw new ObError(OB.RESOURCE_POOL_EXIST, `resource pool '${cmd.name}' exist`);
  }
  const unit = c.engine.one(`SELECT * FROM _inner_unit_config WHERE name = ?`, [cmd.unit]);
  if (!unit) throw new ObError(OB.RESOURCE_UNIT_NOT_EXIST, `resource unit '${cmd.unit}' not exist`);
  const zones = cmd.zoneList ?? c.options.zones;
  for (const z of zones) {
    if (!c.options.zones.includes(z)) throw new ObError(OB.ZONE_INFO_NOT_EXIST, `Zone info '${z}' not exist`);
  }
  if (Number(unit.memory_size) < MIN_FULL_POOL_MEMORY) throw notSupported("unit MEMORY_SIZE less than __min_full_resource_pool_memory");
  const now = c.nowUs();
  c.engine.run(`INSERT INTO _inner_resource_pool VALUES (?, ?, NULL, ?, ?, ?, ?, ?, 'FULL')`, [
    nextId(c, "_inner_resource_pool", "resource_pool_id"),
    cmd.name,
    now,
    now,
    cmd.unitNum,
    Number(unit.unit_config_id),
    zones.join(";"),
  ]);
  return OK;
}

function dropPool(c: Cluster, name: string, ifExists: boolean): Result {
  const p = poolByName(c, name);
  if (!p) {
    if (ifExists) return OK;
    throw new ObError(OB.RESOURCE_POOL_NOT_EXIST, `resource pool '${name}' not exist`);
  }
  if (p.tenantId !== null) throw new ObError(OB.RESOURCE_POOL_ALREADY_GRANTED, `resource pool '${name}' has already been granted to a tenant`);
  c.engine.run(`DELETE FROM _inner_resource_pool WHERE resource_pool_id = ?`, [p.id]);
  return OK;
}

function dropUnit(c: Cluster, name: string, ifExists: boolean): Result {
  const u = c.engine.one(`SELECT unit_config_id FROM _inner_unit_config WHERE name = ?`, [name]);
  if (!u) {
    if (ifExists) return OK;
    throw new ObError(OB.RESOURCE_UNIT_NOT_EXIST, `resource unit '${name}' not exist`);
  }
  if (c.engine.one(`SELECT 1 FROM _inner_resource_pool WHERE unit_config_id = ?`, [Number(u.unit_config_id)])) {
    throw new ObError(OB.RESOURCE_UNIT_IS_REFERENCED, `resource unit '${name}' is referenced by some resource pool`);
  }
  c.engine.run(`DELETE FROM _inner_unit_config WHERE unit_config_id = ?`, [Number(u.unit_config_id)]);
  return OK;
}

/**
 * Why these free pools cannot be granted to a new tenant now, as an OB code, or null (the CREATE_TENANT step,
 * §3.2): a pool gone (-4650), already granted (-4626), or a zone without room for its units (-4733).
 */
export function grantBlocker(c: Cluster, names: string[]): number | null {
  const pools: Pool[] = [];
  for (const n of names) {
    const p = poolByName(c, n);
    if (!p) return OB.RESOURCE_POOL_NOT_EXIST.obCode;
    if (p.tenantId !== null) return OB.RESOURCE_POOL_ALREADY_GRANTED.obCode;
    pools.push(p);
  }
  const cap = c.options.resourceCapacity;
  for (const zone of c.options.zones) {
    const used = c.engine.one(
      `SELECT COALESCE(SUM(p.unit_count * u.max_cpu), 0) AS cpu, COALESCE(SUM(p.unit_count * u.memory_size), 0) AS mem
       FROM _inner_resource_pool p JOIN _inner_unit_config u ON p.unit_config_id = u.unit_config_id
       WHERE p.tenant_id IS NOT NULL AND (';' || p.zone_list || ';') LIKE ?`,
      [`%;${zone};%`],
    );
    let cpu = Number(used?.cpu ?? 0);
    let mem = Number(used?.mem ?? 0);
    for (const p of pools.filter((x) => x.zones.includes(zone))) {
      const u = c.engine.one(`SELECT max_cpu, memory_size FROM _inner_unit_config WHERE unit_config_id = ?`, [p.unitConfigId]);
      cpu += p.unitCount * Number(u?.max_cpu ?? 0);
      mem += p.unitCount * Number(u?.memory_size ?? 0);
    }
    if (cpu > cap.cpu || mem > cap.memoryBytes) return OB.ZONE_RESOURCE_NOT_ENOUGH.obCode;
  }
  return null;
}

export function grantPools(c: Cluster, names: string[], tenantId: number): void {
  for (const n of names) c.engine.run(`UPDATE _inner_resource_pool SET tenant_id = ?, modify_ts = ? WHERE name = ?`, [tenantId, c.nowUs(), n]);
}

export function releasePools(c: Cluster, tenantId: number): void {
  c.engine.run(`UPDATE _inner_resource_pool SET tenant_id = NULL, modify_ts = ? WHERE tenant_id = ?`, [c.nowUs(), tenantId]);
}
