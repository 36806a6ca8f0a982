// End to end through the SDK: a program declares a TenantBackupPolicy and a BackupJob; Pulumi's mock engine
// hands each resource's serialized provider (the real __provider text) to a small engine stand-in that loads it
// and runs check and create against the emulator. The job is then cancelled through the provider's update,
// and the tenant's automatic cleanup removes the incomplete backup set at OceanBase's next hourly trigger (the
// emulator's clock is moved there). Statements are asserted in order.

import assert = require("assert");
import * as pulumi from "@pulumi/pulumi";
import { EmulatorHandle } from "../../emulator";
import * as sdk from "../../sdk";
import { fastEmulator, sleep, stopEmulator } from "../support/provider";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const requireFromString: (code: string) => { handler(): ProviderLike } = require("require-from-string");

interface ProviderLike {
  check(olds: object, news: object): Promise<{ inputs: Record<string, unknown>; failures?: { property: string; reason: string }[] }>;
  create(inputs: object): Promise<{ id: string; outs: Record<string, unknown> }>;
  update(id: string, olds: object, news: object): Promise<{ outs: Record<string, unknown> }>;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SECRET_SIG] !== undefined && "value" in o) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((r) => o.apply(r));

describe("end to end: TenantBackupPolicy, BackupJob, cancel, cleanup", function () {
  this.timeout(60000);
  let h: EmulatorHandle;
  const created = new Map<string, { provider: ProviderLike; id: string; outs: Record<string, unknown>; inputs: Record<string, unknown> }>();
  before(async () => {
    h = await fastEmulator({ backupDurationMs: 20000 });
    pulumi.runtime.setMocks(
      {
        async newResource(a) {
          if (!a.type.startsWith("pulumi-nodejs:dynamic/")) return { id: `${a.name}-id`, state: a.inputs };
          const provider = requireFromString(a.inputs.__provider as string).handler();
          const news = unwrapSecrets(a.inputs) as Record<string, unknown>;
          delete news.__provider;
          const checked = await provider.check({}, news);
          if (checked.failures?.length) throw new Error(`${a.name}: ${JSON.stringify(checked.failures)}`);
          const r = await provider.create(checked.inputs);
          created.set(a.name, { provider, id: r.id, outs: r.outs, inputs: checked.inputs });
          return { id: r.id, state: r.outs };
        },
        call: async (a) => a.inputs,
      },
      "e2e",
      "dev",
      false,
    );
  });
  after(() => stopEmulator(h));

  it("configures the tenant in order, backs it up, cancels the backup, and cleanup clears the incomplete set", async () => {
    const policy = new sdk.TenantBackupPolicy("shop", {
      connection: "t1",
      dataBackupUri: "file:///e2e/shop/data",
      archiveLocation: "file:///e2e/shop/archive",
      recoveryWindow: "7d",
    });
    assert.strictEqual(await value(policy.archiveStatus), "DOING");
    assert.strictEqual(await value(policy.dataBackupPath), "file:///e2e/shop/data");
    assert.deepStrictEqual([await value(policy.cleanupEnabled), await value(policy.recoveryWindow)], [true, "7d"]);

    const job = new sdk.BackupJob("pre-release", { connection: "t1", description: "before release 42" }, { dependsOn: [policy] });
    assert.strictEqual(await value(job.status), "RUNNING");
    const started = created.get("pre-release");
    assert.ok(started);

    // let it write data first (a job cancelled in INIT has no backup set yet, §3.1)
    for (let i = 0; i < 100 && h.sql("SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_JOBS", "mysql_tenant")[0]?.STATUS !== "DOING"; i++) await sleep(50);
    await sleep(200);
    // the program flips state to cancelled; the engine would call update with the old outputs
    const news = (await started.provider.check(started.inputs, { ...started.inputs, state: "cancelled" })).inputs;
    const cancelled = (await started.provider.update(started.id, started.outs, news)).outs as { jobs: { status: string; result: number; backupSetId: number }[] };
    assert.deepStrictEqual(cancelled.jobs.map((j) => [j.status, j.result]), [["CANCELED", -4072]]);

    // the cancel starts no cleanup (reference §0.2): the stopped backup's data stays INCOMPLETE, and the provider
    // returned without waiting for one
    const setId = cancelled.jobs[0].backupSetId;
    const setStatus = () => String(h.sql(`SELECT FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES WHERE BACKUP_SET_ID = ${setId}`, "mysql_tenant")[0]?.FILE_STATUS);
    assert.strictEqual(setStatus(), "INCOMPLETE");
    assert.deepStrictEqual(h.sql("SELECT JOB_ID FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS", "mysql_tenant"), []);
    // with automatic cleanup on, OceanBase's hourly trigger clears it: move the emulator's clock to the trigger
    h.advance(h.nextCleanupTrigger() - h.now() + 50);
    const deadline = Date.now() + 10000;
    let fileStatus = "";
    while (Date.now() < deadline) {
      fileStatus = setStatus();
      if (fileStatus === "DELETED") break;
      await sleep(50);
    }
    assert.strictEqual(fileStatus, "DELETED");
    const cleanupJob = h.sql(
      "SELECT TYPE, STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS UNION ALL SELECT TYPE, STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY",
      "mysql_tenant",
    );
    assert.deepStrictEqual(cleanupJob, [{ TYPE: "DELETE OBSOLETE BACKUP", STATUS: "COMPLETED" }]);

    const sent = h
      .statements()
      .filter((s) => /^ALTER SYSTEM|^SET ENCRYPTION/.test(s.sql))
      .map((s) => `${s.tenant}: ${s.sql.replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")}`);
    assert.deepStrictEqual(sent, [
      "mysql_tenant: ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///e2e/shop/data'",
      "mysql_tenant: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'",
      "mysql_tenant: ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///e2e/shop/archive BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d'",
      "mysql_tenant: ALTER SYSTEM ARCHIVELOG",
      "mysql_tenant: ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'before release 42 [pulumi:KEY]'",
      "mysql_tenant: ALTER SYSTEM CANCEL BACKUP",
    ]);
  });
});
