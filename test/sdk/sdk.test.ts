// The SDK users import: typed classes registered under the dynamic type token, their outputs declared, secret
// inputs wrapped, the provider serialized into __provider; and the package builds with type declarations.

import assert = require("assert");
import { execFileSync } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk";

const root = path.resolve(__dirname, "../..");

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

  it("builds to a publishable package with type declarations", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ob-build-"));
    execFileSync(path.join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json", "--outDir", out], { cwd: root, stdio: "pipe" });
    for (const f of ["sdk/index.js", "sdk/index.d.ts", "sdk/resources.generated.d.ts", "provider/backup-job.js", "emulator/cli.js", "emulator/index.d.ts"]) {
      assert.ok(fs.existsSync(path.join(out, f)), f);
    }
    const dts = fs.readFileSync(path.join(out, "sdk/resources.generated.d.ts"), "utf8");
    assert.match(dts, /readonly jobs: pulumi\.Output<TenantBackupJob\[\]>;/);
    assert.match(dts, /backupPassword\?: pulumi\.Input<string>;/);
  });
});
