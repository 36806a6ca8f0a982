// Deletes that put a previous value back do so only over the resource's own value (issue 17): when another
// resource has set the tenant's destination since (a replacement by another resource type for the same tenant:
// a BackupDestination and LogArchive replaced by a TenantBackupPolicy's), the old resource's delete leaves it
// and says so.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import * as destination from "../../provider/backup-destination";
import * as archive from "../../provider/log-archive";
import type { BackupDestinationOutputs, LogArchiveOutputs } from "../../provider/types.generated";
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
});
