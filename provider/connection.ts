// Connection settings (stack config namespace `oceanbase`, then OCEANBASE_* environment variables, then
// schema defaults), named connection profiles, and one mysql2 pool per distinct setting, shared by every
// resource in the provider process.
//
// Runtime state lives on a plain object hung off globalThis, never in module-level Maps or reassigned lets:
// Pulumi may serialize this module by value, and such captures break there (pulumi-dynamic-providers.md §2).

import { createHash } from "crypto";
import type * as mysql from "mysql2/promise";
import { schema } from "./schema";
import { exitWhenOrphaned } from "./orphan-guard";
import { sslOptions, verifyPeerIdentity } from "./tls";

export interface ConnectionSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  tenant: string;
  cluster: string;
  tls: boolean;
  tlsCa: string;
  tlsInsecure: boolean;
  connectTimeoutSeconds: number;
}

/** What the provider learns about the tenant it is logged in to. */
export interface ConnectedTenant {
  tenantId: number;
  tenantName: string;
  isSys: boolean;
  oracle: boolean;
  version: string;
  /**
   * Minutes east of UTC of the timestamp strings the views return. Oracle-mode views render at +08:00 whatever
   * the session (§2.9); a MySQL-mode session renders at the tenant's time_zone, which is used as it is when it
   * is a fixed offset, and otherwise (SYSTEM, a named zone) set to UTC on each new connection.
   */
  timeOffsetMinutes: number;
  /** each new pooled connection sends SET time_zone = '+00:00' first (a time_zone that is not a fixed offset) */
  utcPerConnection: boolean;
}

export interface Connected {
  pool: mysql.Pool;
  settings: ConnectionSettings;
  tenant: ConnectedTenant;
  /** where a person should look: host:port as user (never the password) */
  describe: string;
}

/** The tenants a login can see, as last read, and when (ms since the epoch). */
export interface TenantListEntry {
  at: number;
  list: { tenantId: number; tenantName: string }[];
}

interface Runtime {
  config: Record<string, string>;
  pools: Record<string, mysql.Pool>;
  tenants: Record<string, ConnectedTenant>;
  tenantLists: Record<string, TenantListEntry>;
}

function runtime(): Runtime {
  const g = globalThis as unknown as { __pulumiOceanbaseBackup?: Runtime };
  g.__pulumiOceanbaseBackup ??= { config: {}, pools: {}, tenants: {}, tenantLists: {} };
  g.__pulumiOceanbaseBackup.tenantLists ??= {};
  return g.__pulumiOceanbaseBackup;
}

const KEYS = ["host", "port", "user", "password", "tenant", "cluster", "tls", "tlsCa", "tlsInsecure", "connectTimeoutSeconds", "connections"];

/** The dynamic provider's configure(): keep the stack config of namespace `oceanbase` (secrets arrive unwrapped). */
export function configureFrom(config: { get(key: string): string | undefined }): void {
  // every resource module's configure comes here, first thing in the host: the place to start watching the engine
  exitWhenOrphaned();
  const out: Record<string, string> = {};
  for (const k of KEYS) {
    const v = config.get(`oceanbase:${k}`);
    if (v !== undefined && v !== "") out[k] = v;
  }
  runtime().config = out;
}

/** For tests and programs that configure the provider in-process. */
export function setProviderConfig(values: Record<string, string | number | boolean | object>): void {
  runtime().config = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)]),
  );
}

export class ConnectionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.message = message; // see ProviderError: serialized classes lose super(message)
  }
}

function envName(key: string): string {
  return `OCEANBASE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function raw(key: string): string | undefined {
  return runtime().config[key] ?? process.env[envName(key)];
}

function bool(key: string, v: string | boolean | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === "boolean") return v;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new ConnectionConfigError(`oceanbase:${key} must be true or false, got ${JSON.stringify(v)}`);
}

function int(key: string, v: string | number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  const n = typeof v === "number" ? v : /^[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConnectionConfigError(`oceanbase:${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return n;
}

type Profile = Partial<Record<keyof ConnectionSettings, string | number | boolean>>;

function profiles(): Record<string, Profile> {
  const text = raw("connections");
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, Profile>;
  } catch {
    // fall through: the message below never echoes the text, which holds passwords
  }
  throw new ConnectionConfigError("oceanbase:connections (or OCEANBASE_CONNECTIONS) must be a JSON object of named connection profiles");
}

/** The settings for a resource: its named profile over the top-level settings over the schema defaults. */
export function resolveSettings(profileName?: string): ConnectionSettings {
  const defaults = schema().config.variables;
  let p: Profile = {};
  if (profileName) {
    const all = profiles();
    // an own key only: "constructor", "__proto__" or "toString" must not reach Object.prototype (and so run
    // with the top-level login as if a profile had been found)
    const own = Object.hasOwn(all, profileName) ? all[profileName] : undefined;
    if (!own || typeof own !== "object" || Array.isArray(own)) {
      const names = Object.keys(all);
      throw new ConnectionConfigError(
        own === undefined
          ? `connection profile ${JSON.stringify(profileName)} is not defined in oceanbase:connections${names.length ? ` (defined: ${names.join(", ")})` : " (none are defined)"}`
          : `connection profile ${JSON.stringify(profileName)} in oceanbase:connections must be an object of settings (user, password, host, …)`,
      );
    }
    p = own;
  }
  const pick = (k: keyof ConnectionSettings): string | number | boolean | undefined => (Object.hasOwn(p, k) ? p[k] : undefined) ?? raw(k) ?? (defaults[k]?.default as string | number | boolean | undefined);
  const str = (k: keyof ConnectionSettings) => {
    const v = pick(k);
    return v === undefined ? "" : String(v);
  };
  return {
    host: str("host"),
    port: int("port", pick("port") as string | number | undefined, 2881, 1, 65535),
    user: str("user"),
    password: str("password"),
    tenant: str("tenant"),
    cluster: str("cluster"),
    tls: bool("tls", pick("tls") as string | boolean | undefined, false),
    tlsCa: str("tlsCa"),
    tlsInsecure: bool("tlsInsecure", pick("tlsInsecure") as string | boolean | undefined, false),
    connectTimeoutSeconds: int("connectTimeoutSeconds", pick("connectTimeoutSeconds") as string | number | undefined, 10, 1, 600),
  };
}

/** OceanBase's login forms: user@tenant[#cluster], cluster:tenant:user, or as given when it has them. */
export function loginName(s: ConnectionSettings): string {
  if (s.user.includes("@") || s.user.split(":").length === 3) return s.user;
  const base = `${s.user}@${s.tenant || "sys"}`;
  return s.cluster ? `${base}#${s.cluster}` : base;
}

/** The tenant the login names (in user@tenant[#cluster], cluster:tenant:user, or the tenant setting). */
export function loginTenant(s: ConnectionSettings): string {
  const name = loginName(s);
  const at = name.lastIndexOf("@");
  if (at >= 0) return name.slice(at + 1).split("#")[0];
  const parts = name.split(":");
  return parts.length === 3 ? parts[1] : s.tenant || "sys";
}

/** One key per distinct connection settings (pools, caches and read batches are per key). */
export function poolKey(s: ConnectionSettings): string {
  return createHash("sha256").update(JSON.stringify(s)).digest("hex");
}

export function describeSettings(s: ConnectionSettings): string {
  return `${loginName(s)} at ${s.host}:${s.port}`;
}

function connectionOptions(s: ConnectionSettings): mysql.ConnectionOptions {
  return {
    host: s.host,
    port: s.port,
    user: loginName(s),
    password: s.password,
    connectTimeout: s.connectTimeoutSeconds * 1000,
    // timestamps stay strings and big numbers keep every digit: nothing mysql2 turns into a Date or BigInt
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    ssl: sslOptions(s),
  };
}

/**
 * mysql2, loaded at the first connection: it costs about 90 ms to load, and a host that only checks (preview)
 * never connects (issue 11, cold start). A `require` inside a function is also what Pulumi's serializer keeps
 * as it is.
 */
function mysql2(): typeof mysql {
  return require("mysql2/promise") as typeof mysql;
}

/** The shared pool for these settings. */
export function poolFor(s: ConnectionSettings): mysql.Pool {
  const rt = runtime();
  const key = poolKey(s);
  let pool = rt.pools[key];
  if (!pool) {
    pool = mysql2().createPool({ ...connectionOptions(s), connectionLimit: 8, maxIdle: 8, idleTimeout: 60_000 });
    rt.pools[key] = pool;
  }
  return pool;
}

/** A pooled connection whose server certificate was checked (see tls.ts). */
export async function pooledConnection(pool: mysql.Pool, s: ConnectionSettings): Promise<mysql.PoolConnection> {
  const conn = await pool.getConnection();
  verifyPeerIdentity(s, conn);
  return conn;
}

/** A connection of its own, for session state that must not leak into the pool (SET ENCRYPTION, §1.9). */
export async function openDedicated(s: ConnectionSettings): Promise<mysql.Connection> {
  const conn = await mysql2().createConnection(connectionOptions(s));
  verifyPeerIdentity(s, conn);
  return conn;
}

/** Closes every pool (tests, and the end of a provider process). */
export async function closeAllPools(): Promise<void> {
  const rt = runtime();
  const pools = Object.values(rt.pools);
  rt.pools = {};
  rt.tenants = {};
  rt.tenantLists = {};
  // check()'s tenant lookups (tenant-check.ts) belong to the pools' servers
  (globalThis as unknown as { __pulumiOceanbaseBackupTenantChecks?: object }).__pulumiOceanbaseBackupTenantChecks = {};
  await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
}

export function cachedTenant(s: ConnectionSettings): ConnectedTenant | undefined {
  return runtime().tenants[poolKey(s)];
}

export function cacheTenant(s: ConnectionSettings, t: ConnectedTenant): void {
  runtime().tenants[poolKey(s)] = t;
}

export function cachedTenantList(s: ConnectionSettings): TenantListEntry | undefined {
  return runtime().tenantLists[poolKey(s)];
}

export function cacheTenantList(s: ConnectionSettings, list: TenantListEntry["list"] | undefined): void {
  if (list) runtime().tenantLists[poolKey(s)] = { at: Date.now(), list };
  else delete runtime().tenantLists[poolKey(s)];
}
