// The embedded SQL engine (SQLite compiled to WebAssembly, via sql.js) that holds every piece of emulator
// state. OceanBase-specific functions used by the views are registered here and read the session that is
// executing, so a DBA_ view filters by EFFECTIVE_TENANT_ID() exactly as OceanBase's view definitions do.

import initSqlJs = require("sql.js");
import type { Database, SqlValue } from "sql.js";
import { timeToUsec, truncateNumber } from "./mysqlfns";
import { toChar, toDate } from "./oracle-datetime";
import { bytesDisplay, formatUsec } from "./timefmt";

export type Row = Record<string, SqlValue | bigint>;

/** What the SQL functions need to know about the statement being executed. */
export interface ExecutionContext {
  tenantId: number;
  tzOffsetMinutes: number;
  nowUs: number;
  database: string | null;
  user: string;
  connectionId: number;
  versionText: string;
  obVersion: string;
}

type SqlJsStatic = Awaited<ReturnType<typeof initSqlJs>>;
let sqlJs: Promise<SqlJsStatic> | null = null;

export class SqlEngine {
  private ctx: ExecutionContext | null = null;

  private constructor(readonly db: Database) {
    this.registerFunctions();
  }

  static async create(ddl: string, baseContext: ExecutionContext): Promise<SqlEngine> {
    sqlJs ??= initSqlJs();
    const SQL = await sqlJs;
    const engine = new SqlEngine(new SQL.Database());
    engine.within(baseContext, () => engine.db.exec(ddl));
    return engine;
  }

  /** Runs `fn` with `ctx` visible to the SQL functions; JS is single-threaded, so this cannot interleave. */
  within<T>(ctx: ExecutionContext, fn: () => T): T {
    const prev = this.ctx;
    this.ctx = ctx;
    try {
      return fn();
    } finally {
      this.ctx = prev;
    }
  }

  private get context(): ExecutionContext {
    if (!this.ctx) throw new Error("SQL function called outside an execution context");
    return this.ctx;
  }

  private registerFunctions(): void {
    const db = this.db;
    const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
    const fixed = (digits: number) => (v: unknown) => {
      const n = num(v);
      return n === null ? null : n.toFixed(digits);
    };
    db.create_function("EFFECTIVE_TENANT_ID", () => this.context.tenantId);
    db.create_function("USEC_TO_TIME", (v: unknown) => {
      const n = num(v);
      return n === null ? null : formatUsec(n, this.context.tzOffsetMinutes);
    });
    // Oracle-mode views: TO_CHAR(ts/86400000000 + TO_DATE('1970-01-01 08:00:00'), 'yyyy-mm-dd hh24:mi:ss') (§2.9)
    db.create_function("ORA_TIME", (v: unknown) => {
      const n = num(v);
      return n === null ? null : formatUsec(n, 8 * 60, false);
    });
    db.create_function("SCN_TO_TIMESTAMP", (v: unknown) => {
      const n = num(v);
      return n === null ? null : formatUsec(Math.floor(n / 1000), this.context.tzOffsetMinutes);
    });
    db.create_function("NOW_SCN", () => String(BigInt(Math.floor(this.context.nowUs)) * 1000n));
    db.create_function("BYTES_DISPLAY", (v: unknown) => {
      const n = num(v);
      return n === null ? null : bytesDisplay(n);
    });
    db.create_function("DEC0", fixed(0));
    db.create_function("DEC2", fixed(2));
    db.create_function("DEC4", fixed(4));
    const now = () => formatUsec(this.context.nowUs, this.context.tzOffsetMinutes, false);
    db.create_function("NOW", now);
    db.create_function("SYSDATE", now);
    db.create_function("LOCALTIME", now);
    db.create_function("UNIX_TIMESTAMP", () => Math.floor(this.context.nowUs / 1e6));
    db.create_function("VERSION", () => this.context.versionText);
    db.create_function("OB_VERSION", () => this.context.obVersion);
    db.create_function("DATABASE", () => this.context.database);
    db.create_function("SCHEMA", () => this.context.database);
    db.create_function("USER", () => this.context.user);
    db.create_function("CURRENT_USER", () => this.context.user);
    db.create_function("CONNECTION_ID", () => this.context.connectionId);
    db.create_function("TIME_TO_USEC", (v: unknown) => timeToUsec(v, this.context.tzOffsetMinutes));
    db.create_function("TRUNCATE", (x: unknown, d: unknown) => truncateNumber(x, d));
    db.create_function("NVL", (a: unknown, b: unknown) => (a === null || a === undefined ? b : a) as SqlValue);
    // the rewriter calls these for Oracle-mode TO_CHAR / TO_DATE only (§2.10); sql.js registers a function for
    // exactly as many arguments as the JS function declares, hence one name per arity
    db.create_function("ORA_TO_CHAR1", (v: unknown) => toChar(v, null));
    db.create_function("ORA_TO_CHAR2", (v: unknown, f: unknown) => toChar(v, f));
    db.create_function("ORA_TO_DATE1", (v: unknown) => toDate(v, null));
    db.create_function("ORA_TO_DATE2", (v: unknown, f: unknown) => toDate(v, f));
  }

  /** Runs a statement that returns rows; integers come back as bigint so that SCNs keep every digit. */
  query(sql: string, params: SqlValue[] = []): { columns: string[]; rows: (SqlValue | bigint)[][] } {
    const stmt = this.db.prepare(sql);
    try {
      stmt.bind(params);
      const rows: (SqlValue | bigint)[][] = [];
      // @types/sql.js predates the useBigInt option of sql.js 1.8+
      const get = stmt.get as unknown as (p: null, o: { useBigInt: boolean }) => (SqlValue | bigint)[];
      while (stmt.step()) rows.push(get.call(stmt, null, { useBigInt: true }));
      return { columns: stmt.getColumnNames(), rows };
    } finally {
      stmt.free();
    }
  }

  /** Rows as objects keyed by column name, integers as JS numbers (inner bookkeeping only). */
  all(sql: string, params: SqlValue[] = []): Row[] {
    const stmt = this.db.prepare(sql);
    try {
      stmt.bind(params);
      const rows: Row[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as Row);
      return rows;
    } finally {
      stmt.free();
    }
  }

  one(sql: string, params: SqlValue[] = []): Row | undefined {
    return this.all(sql, params)[0];
  }

  run(sql: string, params: SqlValue[] = []): number {
    this.db.run(sql, params);
    return this.db.getRowsModified();
  }

  /** Runs `fn` in one SQLite transaction; a thrown error rolls everything back. */
  transaction<T>(fn: () => T): T {
    this.db.exec("SAVEPOINT emu");
    try {
      const r = fn();
      this.db.exec("RELEASE emu");
      return r;
    } catch (e) {
      this.db.exec("ROLLBACK TO emu; RELEASE emu");
      throw e;
    }
  }
}
