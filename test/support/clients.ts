// Two independent client implementations (mysql2 and MariaDB's Node connector), each in the text protocol
// (query) and the binary one (server-side prepared statements: execute), behind one small interface, so the
// protocol tests run the same checks four ways.

import mariadb = require("mariadb");
import mysql = require("mysql2/promise");
import type { EmulatorHandle } from "../../emulator";

export type Value = string | null;
export type Rows = Record<string, Value>[];

export interface DbError {
  errno: number;
  sqlState: string;
  message: string;
}

export interface Client {
  readonly name: string;
  /** rows as strings (what the server sent, with no driver conversion), or the affected-rows count */
  run(sql: string, params?: unknown[]): Promise<Rows | { affectedRows: number }>;
  rows(sql: string, params?: unknown[]): Promise<Rows>;
  end(): Promise<void>;
}

export type Library = "mysql2" | "mariadb";
export type Mode = "query" | "execute";

export const COMBINATIONS: { library: Library; mode: Mode }[] = [
  { library: "mysql2", mode: "query" },
  { library: "mysql2", mode: "execute" },
  { library: "mariadb", mode: "query" },
  { library: "mariadb", mode: "execute" },
];

const asText = (v: unknown): Value => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v.toString("utf8") : String(v));

function normalize(result: unknown): Rows | { affectedRows: number } {
  if (Array.isArray(result)) return result.map((r) => Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, asText(v)])));
  return { affectedRows: Number((result as { affectedRows?: number | bigint }).affectedRows ?? 0) };
}

/** Errors of both libraries as errno, SQLSTATE and the server's own message text. */
export function dbError(e: unknown): DbError {
  const err = e as { errno?: number; sqlState?: string; sqlMessage?: string; message?: string };
  return { errno: err.errno ?? -1, sqlState: err.sqlState ?? "", message: err.sqlMessage ?? err.message ?? String(e) };
}

export interface ConnectOptions {
  database?: string;
  tlsCa?: string;
  host?: string;
}

export async function openClient(h: EmulatorHandle, library: Library, mode: Mode, user: string, password = "", o: ConnectOptions = {}): Promise<Client> {
  const host = o.host ?? h.host;
  const name = `${library} ${mode}()`;
  const wrap = (run: Client["run"], end: () => Promise<void>): Client => ({
    name,
    run,
    async rows(sql, params) {
      const r = await run(sql, params);
      if (!Array.isArray(r)) throw new Error(`${sql}: expected rows, got an OK packet`);
      return r;
    },
    end,
  });
  try {
    if (library === "mysql2") {
      const c = await mysql.createConnection({
        host,
        port: h.port,
        user,
        password,
        database: o.database,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        ssl: o.tlsCa ? { ca: o.tlsCa, verifyIdentity: true } : undefined,
      });
      return wrap(
        async (sql, params) => normalize((mode === "query" ? await c.query(sql, params) : await c.execute(sql, params as never))[0]),
        () => c.end(),
      );
    }
    const c = await mariadb.createConnection({
      host,
      port: h.port,
      user,
      password,
      database: o.database,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      ssl: o.tlsCa ? { ca: o.tlsCa } : undefined,
      connectTimeout: 5000,
    } as mariadb.ConnectionConfig);
    return wrap(
      async (sql, params) => {
        const r: unknown = mode === "query" ? await c.query(sql, params) : await c.execute(sql, params);
        // mariadb adds a non-enumerable `meta` to row arrays; a plain array keeps comparisons simple
        return normalize(Array.isArray(r) ? [...r] : r);
      },
      () => c.end(),
    );
  } catch (e) {
    throw Object.assign(new Error(`${name}: ${dbError(e).message}`), dbError(e), { sqlMessage: dbError(e).message });
  }
}
