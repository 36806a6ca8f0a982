// Test support: start an emulator on a manual clock, connect to it as any login, and assert errors.

import assert = require("assert");
import mysql = require("mysql2/promise");
import { EmulatorHandle, EmulatorOptions, startEmulator } from "../../emulator";

export type Conn = mysql.Connection;

/** An emulator on a manual clock at a fixed start, so every test is deterministic. */
export async function manualEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({ clock: "manual", startTime: Date.UTC(2026, 0, 1, 0, 0, 0), ...options });
}

/** Connects as `user` (e.g. root@sys, root@mysql_tenant, SYS@oracle_tenant). */
export async function connect(h: EmulatorHandle, user = "root@sys", password = "", extra: mysql.ConnectionOptions = {}): Promise<Conn> {
  return mysql.createConnection({ host: h.host, port: h.port, user, password, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, ...extra });
}

export async function rows(c: Conn, sql: string): Promise<Record<string, unknown>[]> {
  const [r] = await c.query(sql);
  return r as Record<string, unknown>[];
}

/** Asserts that `p` fails with this errno, SQLSTATE and (exact string or pattern) message. */
export async function expectError(p: Promise<unknown>, errno: number, sqlState: string, message?: string | RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    const err = e as { errno?: number; sqlState?: string; message?: string };
    assert.strictEqual(err.errno, errno, `errno (message: ${err.message})`);
    assert.strictEqual(err.sqlState, sqlState, "sqlState");
    if (typeof message === "string") assert.strictEqual(err.message, message);
    else if (message) assert.match(err.message ?? "", message);
    return;
  }
  assert.fail(`expected error ${errno}, but the statement succeeded`);
}

/** Gives a tenant a data destination and a log archive in DOING (the prerequisites of a backup). */
export async function prepareTenant(h: EmulatorHandle, sys: Conn, tenant: string): Promise<void> {
  await sys.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/${tenant}/data' TENANT = ${tenant}`);
  await sys.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/${tenant}/archive' TENANT = ${tenant}`);
  await sys.query(`ALTER SYSTEM ARCHIVELOG TENANT = ${tenant}`);
  h.advance(h.options.archiveStartMs + 200);
}
