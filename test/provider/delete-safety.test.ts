// Deletes that put a previous value back do so only over the resource's own value (issue 17): when another
// resource has set the tenant's destination since (a replacement by another resource type for the same tenant:
// a BackupDestination and LogArchive replaced by a TenantBackupPolicy's), the old resource's delete leaves it
// and says so. The same when the new resource wants the very value the old one set: it finds it in force and
// sends nothing, and the old one's delete, later in the same run (one provider process), leaves it too.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import * as destination from "../../provider/backup-destination";
import * as archive from "../../provider/log-archive";
import * as cleanup from "../../provider/backup-cleanup-policy";
import type { BackupCleanupPolicyOutputs, BackupDestinationOutputs, LogArchiveOutputs } from "../../provider/types.generated";
import { fastEmulator, stopEmulator } from "../support/provider";

async function capture<T>(fn: () => Promise<T>): Promise<{ value: T; warned: string[] }> {
  const warned: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warned.push(m);
  try {
    return { value: await fn(), warned };
  } finally {
    console.warn = warn;
  }
}

describe("deletes that put a value back (issue 17)", () => {
  let h: EmulatorHandle;
  beforeEach(async () => {
    h = await fastEmulator();
  });
  afterEach(() => stopEmulator(h));

  const liveDest = () => h.sql("SELECT VALUE FROM oceanbase.CDB_OB_BACKUP_PARAMETER WHERE TENANT_ID = 1002 AND NAME = 'data_backup_dest'")[0]?.VALUE ?? "";
  const alters = (from: number) => h.statements().slice(from).filter((s) => /^ALTER SYSTEM/.test(s.sql)).map((s) => s.sql);

  async function createDest(name: string, uri: string): Promise<BackupDestinationOutputs> {
    const r = await destination.check({}, { tenant: "mysql_tenant", uri });
    assert.deepStrictEqual(r.failures, [], name);
    return (await destination.create(r.inputs as never)).outs as BackupDestinationOutputs;
  }

  it("BackupDestination replaced by another resource's destination: the old delete leaves the new value, with a warning", async () => {
    const old = await createDest("old", "file:///old/data");
    assert.strictEqual(old.previousUri, "");
    // the replacement (a TenantBackupPolicy's BackupDestination, another URN) is created before the old one is deleted
    const replacement = await createDest("new", "file:///new/data");
    assert.strictEqual(replacement.previousUri, "file:///old/data");
    const from = h.statements().length;
    const { warned } = await capture(() => destination.delete("mysql_tenant/data_backup_dest", old));
    assert.strictEqual(liveDest(), "file:///new/data", "the new resource's destination survives the old one's delete");
    assert.deepStrictEqual(alters(from), []);
    assert.deepStrictEqual(warned, [
      "warning: [runtime] restoring the previous data backup destination of mysql_tenant: the destination in force is no longer the one this resource set (file:///new/data instead of file:///old/data); it is left as it is",
    ]);
    // its own value still in force: put back as before
    await destination.delete("mysql_tenant/data_backup_dest", replacement);
    assert.strictEqual(liveDest(), "file:///old/data");
  });

  it("LogArchive: the old resource's delete does not turn off archiving to another resource's destination", async () => {
    const mk = async (location: string) => {
      const r = await archive.check({}, { tenant: "mysql_tenant", location, allowRestartForDestinationChange: true });
      assert.deepStrictEqual(r.failures, []);
      return (await archive.create(r.inputs as never)).outs as LogArchiveOutputs;
    };
    const old = await mk("file:///old/archive");
    await mk("file:///new/archive");
    const from = h.statements().length;
    const { warned } = await capture(() => archive.delete("mysql_tenant/log_archive", old));
    assert.deepStrictEqual(alters(from), []);
    assert.match(warned.join("\n"), /the tenant archives to file:\/\/\/new\/archive now, not to this resource's file:\/\/\/old\/archive; archiving is left as it is/);
    assert.strictEqual(h.sql("SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_ID = 1002")[0].LOG_MODE, "ARCHIVELOG");
  });

  const logMode = () => h.sql("SELECT LOG_MODE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_ID = 1002")[0].LOG_MODE;
  const window = () => h.sql("SELECT RECOVERY_WINDOW FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY WHERE TENANT_ID = 1002").map((r) => r.RECOVERY_WINDOW);

  it("the same URI, location and window taken over by the new resources of a replacement: nothing sent by either, every value stays", async () => {
    const mkArchive = async (location: string) => {
      const r = await archive.check({}, { tenant: "mysql_tenant", location });
      return (await archive.create(r.inputs as never)).outs as LogArchiveOutputs;
    };
    const mkCleanup = async (recoveryWindow: string) => {
      const r = await cleanup.check({}, { tenant: "mysql_tenant", recoveryWindow });
      assert.deepStrictEqual(r.failures, []);
      return (await cleanup.create(r.inputs as never)).outs as BackupCleanupPolicyOutputs;
    };
    const oldDest = await createDest("old", "file:///same/data");
    const oldCleanup = await mkCleanup("7d");
    const oldArchive = await mkArchive("file:///same/archive");
    const from = h.statements().length;
    // the replacement's creates (another type's, e.g. a TenantBackupPolicy's, for the same tenant) come first
    await createDest("new", "file:///same/data");
    await mkCleanup("168h");
    await mkArchive("file:///same/archive");
    const { warned } = await capture(async () => {
      await destination.delete("mysql_tenant/data_backup_dest", oldDest);
      await cleanup.delete("mysql_tenant/delete_policy/default", oldCleanup);
      await archive.delete("mysql_tenant/log_archive", oldArchive);
    });
    // the new cleanup policy's create tries ADD first, which OceanBase refuses while a policy exists (and changes nothing)
    const took = h.statements().slice(from).filter((x) => /^ALTER SYSTEM/.test(x.sql) && x.errno === null);
    assert.deepStrictEqual(took, [], "the new ones found every value in force, the old ones' deletes left them");
    assert.strictEqual(liveDest(), "file:///same/data");
    assert.deepStrictEqual(window(), ["7d"]);
    assert.strictEqual(logMode(), "ARCHIVELOG");
    assert.strictEqual(warned.length, 3, warned.join("\n"));
    assert.match(warned.join("\n"), /cleanup policy of mysql_tenant: another resource of this run set the tenant's cleanup policy \(a replacement\); it is left as it is/);
  });

  it("BackupCleanupPolicy replaced by another resource's policy with another window: the old delete does not drop it", async () => {
    const mk = async (recoveryWindow: string) => {
      const r = await cleanup.check({}, { tenant: "mysql_tenant", recoveryWindow });
      return (await cleanup.create(r.inputs as never)).outs as BackupCleanupPolicyOutputs;
    };
    const old = await mk("7d");
    await mk("3d");
    const from = h.statements().length;
    await capture(() => cleanup.delete("mysql_tenant/delete_policy/default", old));
    assert.deepStrictEqual(alters(from), []);
    assert.deepStrictEqual(window(), ["3d"]);
  });

  it("a resource's own value, created and deleted in one process, is still dropped and turned off as before", async () => {
    const r = await cleanup.check({}, { tenant: "mysql_tenant", recoveryWindow: "7d" });
    const own = (await cleanup.create(r.inputs as never)).outs as BackupCleanupPolicyOutputs;
    const a = await archive.check({}, { tenant: "mysql_tenant", location: "file:///own/archive" });
    const ownArchive = (await archive.create(a.inputs as never)).outs as LogArchiveOutputs;
    const from = h.statements().length;
    await cleanup.delete("mysql_tenant/delete_policy/default", own);
    await archive.delete("mysql_tenant/log_archive", ownArchive);
    assert.deepStrictEqual(alters(from), ["ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = mysql_tenant", "ALTER SYSTEM NOARCHIVELOG TENANT = mysql_tenant"]);
    assert.deepStrictEqual(window(), []);
  });
});
