// Test support for the provider: a real-clock emulator with a fast pace, provider config pointing at it, and
// connection profiles for the tenant admins.

import { EmulatorHandle, EmulatorOptions, startEmulator } from "../../emulator";
import { closeAllPools, setProviderConfig } from "../../provider/connection";

export const PROFILES = {
  t1: { user: "root@mysql_tenant" },
  ora: { user: "SYS@oracle_tenant" },
};

export async function fastEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  process.env.OCEANBASE_POLL_INTERVAL_MS = "40";
  process.env.OCEANBASE_IDENTIFY_GRACE_MS = "500";
  const h = await startEmulator({ archiveStartMs: 100, backupDurationMs: 1500, historyDelayMs: 300, cleanupDurationMs: 200, restoreCreateTenantMs: 100, restoreDurationMs: 1500, tickMs: 20, ...options });
  setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys", password: options.sysPassword ?? "", connections: PROFILES });
  return h;
}

export async function stopEmulator(h: EmulatorHandle): Promise<void> {
  await closeAllPools();
  await h.close();
}

/** Sets a tenant's destinations and turns archiving on, through plain SQL (the round starts at the server's pace). */
export async function prepareTenant(h: EmulatorHandle, tenant: string): Promise<void> {
  const mysql = await import("mysql2/promise");
  const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: h.options.sysPassword });
  await c.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/${tenant}/data' TENANT = ${tenant}`);
  await c.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/${tenant}/archive' TENANT = ${tenant}`);
  await c.query(`ALTER SYSTEM ARCHIVELOG TENANT = ${tenant}`);
  await c.end();
}

/** prepareTenant, then waits (real clock) for the archive round to be DOING. */
export async function readyTenant(h: EmulatorHandle, tenant: string): Promise<void> {
  await prepareTenant(h, tenant);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const r = h.sql(`SELECT STATUS FROM oceanbase.CDB_OB_ARCHIVELOG WHERE TENANT_ID = (SELECT TENANT_ID FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = '${tenant}')`);
    if (r[0]?.STATUS === "DOING") return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`archiving of ${tenant} did not reach DOING`);
}

/** A local port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const net = await import("net");
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
