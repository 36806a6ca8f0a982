// One emulated OceanBase cluster: its tenants, its state (all in the SQL engine), its clock, and the
// execution of one statement for one session.

import { createHash } from "crypto";
import { buildCatalog, Catalog, WireType } from "./catalog";
import { EmulatorClock } from "./clock";
import { ObError, OB, noPrivilege, notSupported } from "./errors";
import { ResolvedOptions } from "./options";
import { Command, parseStatement } from "./parser";
import { NameUse, rewriteSelect } from "./rewrite";
import { ExecutionContext, SqlEngine } from "./sqlengine";
import { SimulatedStorage } from "./storage";
import { seedResources } from "./resources";
import { runAdminCommand } from "./statements";
import { parseTimeZone } from "./timefmt";
import { Version } from "./version";

export interface Session {
  id: number;
  user: string;
  tenantId: number;
  tenantName: string;
  oracle: boolean;
  alterSystem: boolean;
  database: string | null;
  vars: Map<string, string | number>;
  /** user variables, names lower-cased (MySQL compares them case-insensitively) */
  userVars: Map<string, string | null>;
  decryption: string[];
  tzOffset: number;
}

export interface ResultColumn {
  name: string;
  type: WireType;
}

export type Result =
  | { kind: "ok"; affectedRows: number }
  | { kind: "rows"; columns: ResultColumn[]; rows: (string | null)[][] }
  /**
   * a statement that blocks (ALTER SYSTEM RESTORE, restore research §1.1): the server calls `poll` until it
   * returns a result or throws an ObError; null means "not yet"
   */
  | { kind: "pending"; poll: () => Exclude<Result, { kind: "pending" }> | null };

export interface TenantRow {
  id: number;
  name: string;
  mode: "MYSQL" | "ORACLE";
  status: string;
  logMode: "ARCHIVELOG" | "NOARCHIVELOG";
  type: "SYS" | "META" | "USER";
  /** PRIMARY, STANDBY or RESTORE (restore research §4.1) */
  role: string;
  /** whose logins this tenant accepts: its own, or for a restored tenant the source's (§4.1) */
  accountTenant: string;
}

/** A line in the rootservice event log: things OceanBase only logs (e.g. a tenant skipped by a sys backup). */
export interface ClusterEvent {
  at: number;
  tenantId: number;
  event: string;
}

export const OK: Extract<Result, { kind: "ok" }> = { kind: "ok", affectedRows: 0 };

export class Cluster {
  readonly version: Version;
  readonly storage = new SimulatedStorage();
  readonly clock: EmulatorClock;
  readonly events: ClusterEvent[] = [];
  /** scheduler passes so far: "on the next pass" work (ACTIVATE, history moves) compares against it */
  passes = 0;

  private constructor(
    readonly options: ResolvedOptions,
    readonly engine: SqlEngine,
    readonly catalog: Catalog,
  ) {
    this.version = new Version(options.version);
    this.clock = new EmulatorClock(options.clock, options.startTimeMs, options.resolvedAtMs);
  }

  static async create(options: ResolvedOptions): Promise<Cluster> {
    const version = new Version(options.version);
    const catalog = buildCatalog(version);
    const engine = await SqlEngine.create(catalog.ddl, {
      tenantId: 1,
      tzOffsetMinutes: 0,
      nowUs: options.startTimeMs * 1000,
      database: null,
      user: "root",
      connectionId: 0,
      versionText: "",
      obVersion: options.version,
    });
    const c = new Cluster(options, engine, catalog);
    c.seedTenants();
    seedResources(c);
    return c;
  }

  get versionText(): string {
    return `5.7.25-OceanBase${this.options.edition === "CE" ? "_CE" : ""}-v${this.options.version}`;
  }

  nowUs(): number {
    return Math.floor(this.clock.nowUs());
  }

  /** The compatibility version string a tenant reports (e.g. 4.3.0.1). */
  get dataVersion(): string {
    return this.options.version;
  }

  private seedTenants(): void {
    const now = this.nowUs();
    const ins = (id: number, name: string, type: string, mode: string, status: string) =>
      this.engine.run(
        `INSERT INTO _inner_tenant (tenant_id, tenant_name, tenant_type, compatibility_mode, status, log_mode, create_ts,
          modify_ts, primary_zone, locality, compatible, account_tenant)
         VALUES (?, ?, ?, ?, ?, 'NOARCHIVELOG', ?, ?, 'RANDOM', ?, ?, ?)`,
        [id, name, type, mode, status, now, now, this.options.zones.map((z) => `FULL{1}@${z}`).join(", "), this.dataVersion, name],
      );
    this.systemContext(() => {
      ins(1, "sys", "SYS", "MYSQL", "NORMAL");
      this.engine.run(`INSERT INTO _inner_backup_info VALUES (1, 1, 1, 1)`);
      for (const t of this.options.tenants) {
        ins(t.id - 1, `META$${t.id}`, "META", "MYSQL", "NORMAL");
        ins(t.id, t.name, "USER", t.mode, t.status);
        this.engine.run(`INSERT INTO _inner_backup_info VALUES (?, 1, 1, 1)`, [t.id]);
      }
    });
  }

  /** Runs engine work outside any client session (scheduler, setup), as sys. */
  systemContext<T>(fn: () => T): T {
    return this.engine.within(this.context(null), fn);
  }

  context(s: Session | null): ExecutionContext {
    return {
      tenantId: s?.tenantId ?? 1,
      tzOffsetMinutes: s?.tzOffset ?? parseTimeZone(this.options.timeZone) ?? 480,
      nowUs: this.nowUs(),
      database: s?.database ?? null,
      user: s ? `${s.user}@${s.tenantName}` : "root@sys",
      connectionId: s?.id ?? 0,
      versionText: this.versionText,
      obVersion: this.options.version,
    };
  }

  // ---- tenants -------------------------------------------------------------------------------------------

  private toTenant(r: Record<string, unknown>): TenantRow {
    return {
      id: Number(r.tenant_id),
      name: String(r.tenant_name),
      mode: r.compatibility_mode as TenantRow["mode"],
      status: String(r.status),
      logMode: r.log_mode as TenantRow["logMode"],
      type: r.tenant_type as TenantRow["type"],
      role: String(r.tenant_role),
      accountTenant: String(r.account_tenant ?? r.tenant_name),
    };
  }

  tenantByName(name: string): TenantRow | undefined {
    // byte comparison: OceanBase's schema lookup is case-sensitive, `TENANT = MYSQL_TENANT` is 5160 (§0.1)
    const r = this.engine.one(`SELECT * FROM _inner_tenant WHERE tenant_name = ? COLLATE BINARY`, [name]);
    return r ? this.toTenant(r) : undefined;
  }

  tenantById(id: number): TenantRow | undefined {
    const r = this.engine.one(`SELECT * FROM _inner_tenant WHERE tenant_id = ?`, [id]);
    return r ? this.toTenant(r) : undefined;
  }

  userTenants(): TenantRow[] {
    return this.engine.all(`SELECT * FROM _inner_tenant WHERE tenant_type = 'USER' ORDER BY tenant_id`).map((r) => this.toTenant(r));
  }

  /**
   * ObAlterSystemResolverUtil::get_tenant_ids (§1.1): unknown names 5160, sys 4016, duplicates dropped,
   * no special meaning for "all".
   */
  resolveTenantIds(names: string[]): TenantRow[] {
    const out: TenantRow[] = [];
    for (const n of names) {
      const t = this.tenantByName(n);
      if (!t || t.type === "META") throw new ObError(OB.ERR_INVALID_TENANT_NAME);
      if (t.type === "SYS") throw new ObError(OB.ERR_UNEXPECTED);
      if (!out.some((o) => o.id === t.id)) out.push(t);
    }
    return out;
  }

  // ---- id sequences (§2.1: job ids are shared by backup and delete jobs) -------------------------------------

  nextId(tenantId: number, column: "next_job_id" | "next_backup_set_id" | "next_task_id"): number {
    const r = this.engine.one(`SELECT ${column} AS v FROM _inner_backup_info WHERE tenant_id = ?`, [tenantId]);
    const v = Number(r?.v ?? 1);
    this.engine.run(`UPDATE _inner_backup_info SET ${column} = ? WHERE tenant_id = ?`, [v + 1, tenantId]);
    return v;
  }

  event(tenantId: number, event: string): void {
    this.events.push({ at: this.nowUs(), tenantId, event });
  }

  // ---- statement execution -------------------------------------------------------------------------------

  execute(s: Session, sql: string): Result {
    return this.engine.within(this.context(s), () => {
      const cmd = parseStatement(sql, s.oracle, this.version.acceptsHintForm, this.version.supportsCancelRestore);
      return this.run(s, cmd, sql);
    });
  }

  private run(s: Session, cmd: Command, sql: string): Result {
    switch (cmd.kind) {
      case "select":
        return this.select(s, sql, cmd.tokens);
      case "show":
        return this.show(s, sql, cmd.tokens);
      case "describe":
        return this.describe(s, cmd.schema, cmd.table);
      case "use":
        return this.use(s, cmd.database);
      case "transaction":
        return OK;
      case "setVariables":
        return this.setVariables(s, cmd.items);
      case "setEncryption":
        // needs no privilege; the executor keeps mode and stage-2 hash as session user variables, which stay
        // readable with SELECT and are never cleared by BACKUP (§1.9, §0.1)
        s.userVars.set(ENCRYPTION_MODE_VAR, "PASSWORD");
        s.userVars.set(ENCRYPTION_PASSWD_VAR, stage2Hash(cmd.password));
        return OK;
      case "setDecryption":
        if (s.tenantId !== 1) throw notSupported("non-sys tenant set decryption is");
        s.decryption = cmd.passwords.map(stage2Hash);
        return OK;
      case "write":
        throw notSupported(`${cmd.verb} statements are not modelled by the OceanBase backup emulator; this is`);
      default:
        if (!s.alterSystem) throw noPrivilege();
        return runAdminCommand(this, s, cmd);
    }
  }

  private select(s: Session, sql: string, tokens: import("./lexer").Token[]): Result {
    const rw = rewriteSelect(sql, tokens, this.catalog, {
      oracle: s.oracle,
      isSys: s.tenantId === 1,
      database: s.database,
      sysVar: (n) => this.sysVar(s, n),
      userVar: (n) => s.userVars.get(n.toLowerCase()) ?? null,
    });
    let res: { columns: string[]; rows: unknown[][] };
    try {
      res = this.engine.query(rw.sql);
    } catch (e) {
      if (e instanceof ObError) throw e;
      throw sqliteToObError(e as Error, rw.clauseOf);
    }
    const known = new Map<string, WireType>();
    for (const v of rw.views) for (const c of v.columns) known.set(c.name.toUpperCase(), s.oracle ? c.oracleType : c.type);
    const columns = res.columns.map((name, i) => ({ name, type: columnType(known.get(name.toUpperCase()), res.rows, i) }));
    return { kind: "rows", columns, rows: res.rows.map((r) => r.map(wireValue)) };
  }

  sysVar(s: Session, name: string): string | number | null | undefined {
    if (s.vars.has(name)) return s.vars.get(name);
    const defaults: Record<string, string | number | null> = {
      version_comment: `OceanBase ${this.options.edition === "CE" ? "Community" : "Enterprise"} Edition (emulated by pulumi-oceanbase-backup)`,
      version: this.versionText,
      time_zone: this.options.timeZone,
      system_time_zone: "+08:00",
      autocommit: 1,
      tx_isolation: "READ-COMMITTED",
      transaction_isolation: "READ-COMMITTED",
      sql_mode: "STRICT_ALL_TABLES,NO_ZERO_IN_DATE",
      character_set_client: "utf8mb4",
      character_set_connection: "utf8mb4",
      character_set_results: "utf8mb4",
      character_set_server: "utf8mb4",
      collation_connection: "utf8mb4_general_ci",
      collation_server: "utf8mb4_general_ci",
      max_allowed_packet: 16777216,
      lower_case_table_names: 1,
      ob_query_timeout: 10000000,
      ob_trx_timeout: 100000000,
      ob_compatibility_mode: s.oracle ? "ORACLE" : "MYSQL",
      wait_timeout: 28800,
      interactive_timeout: 28800,
      net_write_timeout: 60,
      license: "",
      hostname: "127.0.0.1",
      port: 2881,
      version_compile_os: "Linux",
      session_track_schema: 0,
    };
    return Object.prototype.hasOwnProperty.call(defaults, name) ? defaults[name] : undefined;
  }

  private setVariables(s: Session, items: { name: string; value: string | null; user: boolean }[]): Result {
    for (const it of items) {
      if (it.user) {
        s.userVars.set(it.name, it.value);
        continue;
      }
      if (it.name === "time_zone") {
        const v = it.value ?? this.options.timeZone;
        const off = v.toUpperCase() === "SYSTEM" ? 480 : parseTimeZone(v);
        if (off === null) throw new ObError(OB.INVALID_ARGUMENT, `Unknown or incorrect time zone: '${v}'`);
        s.tzOffset = off;
      }
      if (it.value === null) s.vars.delete(it.name);
      else s.vars.set(it.name, /^-?[0-9]+$/.test(it.value) ? Number(it.value) : it.value);
    }
    return OK;
  }

  private use(s: Session, db: string): Result {
    const known = s.oracle ? [s.user.toUpperCase(), "SYS"] : ["oceanbase", "information_schema", "mysql", "test"];
    const match = known.find((k) => k.toLowerCase() === db.toLowerCase());
    if (!match) {
      throw new ObError(OB.ERR_BAD_DATABASE, `Unknown database '${db}'`);
    }
    s.database = s.oracle ? match : db;
    return OK;
  }

  private show(s: Session, sql: string, tokens: import("./lexer").Token[]): Result {
    const words = tokens.filter((t) => t.kind !== "eof").map((t) => t.value.toUpperCase());
    const text = (name: string, values: string[]): Result => ({
      kind: "rows",
      columns: [{ name, type: "varchar" }],
      rows: values.map((v) => [v]),
    });
    if (words[1] === "DATABASES" || words[1] === "SCHEMAS") {
      return text("Database", s.oracle ? ["SYS"] : ["information_schema", "mysql", "oceanbase", "test"]);
    }
    if (words[1] === "TABLES" || (words[1] === "FULL" && words[2] === "TABLES")) {
      const names = [...this.catalog.views.values()].filter((v) => !v.sysOnly || s.tenantId === 1).map((v) => v.name);
      return text(`Tables_in_${s.database ?? "oceanbase"}`, names.sort());
    }
    if (words[1] === "WARNINGS" || words[1] === "ERRORS") {
      return { kind: "rows", columns: [{ name: "Level", type: "varchar" }, { name: "Code", type: "bigint" }, { name: "Message", type: "varchar" }], rows: [] };
    }
    if (words[1] === "VARIABLES" || (words[2] === "VARIABLES" && /^(SESSION|GLOBAL)$/.test(words[1]))) {
      const likeAt = tokens.findIndex((t) => t.kind === "ident" && t.value.toUpperCase() === "LIKE");
      const pattern = likeAt >= 0 ? tokens[likeAt + 1]?.value ?? "%" : "%";
      const re = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")}$`, "i");
      const names = ["autocommit", "character_set_client", "time_zone", "version", "version_comment", "sql_mode", "max_allowed_packet", "ob_compatibility_mode"];
      const rows = names.filter((n) => re.test(n)).map((n) => [n, String(this.sysVar(s, n) ?? "")]);
      return { kind: "rows", columns: [{ name: "Variable_name", type: "varchar" }, { name: "Value", type: "varchar" }], rows };
    }
    throw notSupported(`${sql.trim().split(/\s+/).slice(0, 2).join(" ")} is not modelled by the emulator; this statement is`);
  }

  private describe(s: Session, schema: string | null, table: string): Result {
    const v = this.catalog.views.get(table.toUpperCase());
    if (!v || (v.sysOnly && s.tenantId !== 1) || (s.oracle && !v.oracleObject)) {
      throw new ObError(OB.TABLE_NOT_EXIST, `Table '${schema ?? s.database ?? "oceanbase"}.${table}' doesn't exist`);
    }
    const sqlType: Record<WireType, string> = {
      bigint: "bigint(20)",
      ubigint: "bigint(20) unsigned",
      varchar: "varchar(4096)",
      longtext: "longtext",
      timestamp: "timestamp(6)",
      datetime: "datetime(6)",
      decimal: "decimal(28,4)",
    };
    return {
      kind: "rows",
      columns: ["Field", "Type", "Null", "Key", "Default", "Extra"].map((name) => ({ name, type: "varchar" as WireType })),
      rows: v.columns.map((c) => [c.name, sqlType[s.oracle ? c.oracleType : c.type], "YES", "", null, ""]),
    };
  }
}

/** The session user variables SET ENCRYPTION writes (ob_backup_struct.h, §1.9). */
export const ENCRYPTION_MODE_VAR = "__ob_backup_encryption_mode__";
export const ENCRYPTION_PASSWD_VAR = "__ob_backup_encryption_passwd__";

/** What the next BACKUP of this session copies into its job: read from the user variables, as the executor does. */
export function backupEncryption(s: Session): { mode: "PASSWORD"; passwd: string } | null {
  if ((s.userVars.get(ENCRYPTION_MODE_VAR) ?? "").toUpperCase() !== "PASSWORD") return null;
  return { mode: "PASSWORD", passwd: s.userVars.get(ENCRYPTION_PASSWD_VAR) ?? "" };
}

/** MySQL's PASSWORD() form of a password: '*' + upper-case hex SHA1(SHA1(pwd)) ("stage 2", §1.9). */
export function stage2Hash(password: string): string {
  const stage1 = createHash("sha1").update(password, "utf8").digest();
  return "*" + createHash("sha1").update(stage1).digest("hex").toUpperCase();
}

function wireValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
  return String(v);
}

/** A known view column keeps its declared type; anything else is typed from its values. */
function columnType(declared: WireType | undefined, rows: unknown[][], i: number): WireType {
  let sawInt = false;
  let sawFloat = false;
  let sawText = false;
  for (const r of rows) {
    const v = r[i];
    if (v === null || v === undefined) continue;
    if (typeof v === "bigint") sawInt = true;
    else if (typeof v === "number") Number.isInteger(v) ? (sawInt = true) : (sawFloat = true);
    else sawText = true;
  }
  if (declared !== undefined) {
    const numeric = declared === "bigint" || declared === "ubigint" || declared === "decimal";
    if (!(numeric && sawText && declared !== "decimal" && declared !== "ubigint")) return declared;
  }
  if (sawText) return "varchar";
  if (sawFloat) return "decimal";
  if (sawInt) return "bigint";
  return "varchar";
}

function sqliteToObError(e: Error, clauseOf: Map<string, NameUse>): ObError {
  const msg = e.message ?? String(e);
  const noTable = /no such table: (?:main\.)?(\S+)/.exec(msg);
  if (noTable) {
    return new ObError(OB.TABLE_NOT_EXIST, `Table '${noTable[1]}' doesn't exist`);
  }
  const noCol = /no such column: (\S+)/.exec(msg);
  if (noCol) {
    const name = noCol[1];
    const use = clauseOf.get(name.toLowerCase()) ?? { clause: "field list", quoted: false };
    // Oracle mode upper-cases an unquoted identifier before it looks it up, and reports it that way
    const oracleName = use.quoted ? name : name.toUpperCase();
    return new ObError(
      OB.ERR_BAD_FIELD,
      `Unknown column '${name}' in '${use.clause}'`,
      `invalid identifier '${oracleName}' in '${use.clause}'`,
    );
  }
  const noFn = /no such function: (\S+)/.exec(msg);
  if (noFn) {
    return new ObError(OB.ERR_FUNCTION_NOT_EXIST, `FUNCTION ${noFn[1]} does not exist`);
  }
  const near = /near "([^"]*)": syntax error/.exec(msg);
  if (near) {
    return new ObError(
      OB.ERR_PARSE_SQL,
      `You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '${near[1]}' at line 1`,
    );
  }
  return new ObError(OB.ERR_PARSE_SQL, `You have an error in your SQL syntax; ${msg}`);
}
