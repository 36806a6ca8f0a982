// The SDK users import: typed classes registered under the dynamic type token, their outputs declared, secret
// inputs wrapped, the provider serialized into __provider. (The built package and its type declarations:
// test/e2e/package.test.ts.)

import assert = require("assert");
import * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk";

describe("SDK", function () {
  this.timeout(60000);
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  before(() => {
    pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          registered.push(args);
          return { id: `${args.name}-id`, state: { ...args.inputs, status: "RUNNING", jobs: [] } };
        },
        call: async (args) => args.inputs,
      },
      "sdk-test",
      "dev",
      false,
    );
  });

  it("BackupJob registers as pulumi-nodejs:dynamic/oceanbase:BackupJob with its inputs, outputs seeded, password secret", async () => {
    const job = new sdk.BackupJob("nightly", { tenants: ["mysql_tenant"], backupPassword: "pw", description: "d" });
    const status = await new Promise((r) => job.status.apply(r));
    assert.strictEqual(status, "RUNNING");
    const urn = await new Promise<string>((r) => job.urn.apply(r));
    assert.match(urn, /::pulumi-nodejs:dynamic\/oceanbase:BackupJob::nightly$/);
    const args = registered.find((r) => r.name === "nightly");
    assert.ok(args);
    assert.strictEqual(args.type, "pulumi-nodejs:dynamic/oceanbase:BackupJob");
    assert.deepStrictEqual(args.inputs.tenants, ["mysql_tenant"]);
    assert.strictEqual(typeof args.inputs.__provider, "string");
    assert.match(args.inputs.__provider, /^exports\.handler = __f0;/);
    assert.ok(!String(args.inputs.__provider).includes("pw"), "no password in the serialized provider");
    // every output of schema.json is an Output on the resource (seeded, so the engine's values reach it)
    for (const k of ["jobs", "skippedTenants", "sysJobId", "connectedTenant", "jobKey", "backupPassword"]) {
      assert.ok(pulumi.Output.isInstance((job as unknown as Record<string, unknown>)[k]), k);
    }
    assert.deepStrictEqual(await new Promise((r) => job.jobs.apply(r)), []);
    assert.strictEqual(await new Promise((r) => pulumi.isSecret(job.backupPassword).then(r)), true);
  });

  it("TenantBackupPolicy composes a BackupDestination, a BackupCleanupPolicy and a LogArchive, in that order", async () => {
    const policy = new sdk.TenantBackupPolicy("shop", { tenant: "shop", dataBackupUri: "file:///b/shop", archiveLocation: "file:///a/shop", recoveryWindow: "7d" });
    await new Promise((r) => policy.archive.urn.apply(r));
    const names = registered.map((r) => `${r.type} ${r.name}`);
    const at = (n: string) => names.indexOf(n);
    assert.ok(at("oceanbase-backup:index:TenantBackupPolicy shop") >= 0, names.join("\n"));
    assert.ok(at("pulumi-nodejs:dynamic/oceanbase:BackupDestination shop-destination") >= 0);
    assert.ok(at("pulumi-nodejs:dynamic/oceanbase:BackupDestination shop-destination") < at("pulumi-nodejs:dynamic/oceanbase:BackupCleanupPolicy shop-cleanup"));
    assert.ok(at("pulumi-nodejs:dynamic/oceanbase:BackupCleanupPolicy shop-cleanup") < at("pulumi-nodejs:dynamic/oceanbase:LogArchive shop-archive"));
    const dest = registered.find((r) => r.name === "shop-destination");
    assert.strictEqual(dest?.inputs.tenant, "shop");
    assert.ok(!String(dest?.inputs.__provider).includes("file:///b/shop"), "no URI in the serialized provider");
    for (const f of ["getBackupJobs", "getBackupSets", "getArchiveStatus", "getBackupJobsOutput"]) assert.strictEqual(typeof (sdk as Record<string, unknown>)[f], "function", f);
  });
});
