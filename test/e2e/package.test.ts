// The package as users install it: `npm pack`, the tarball installed into a scratch project with
// @pulumi/pulumi (outside this repository), and a TypeScript and a plain JavaScript program run as `pulumi up`
// runs them against the emulator. What the tarball carries, and that a resource recorded by an init failure is
// destroyable whether the SDK came from a tarball or a linked checkout (the examples).

import assert = require("assert");
import { execFile } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import { EmulatorHandle } from "../../emulator";
import { npmInstall } from "../../engine/install";
import { fastEmulator, stopEmulator } from "../support/provider";
import { alters, emulatorConfig, engineFor, exampleDir, failJobOnceStarted, installExamples, ok, ops, root } from "../support/projects";

const run = (cmd: string, args: string[], cwd: string) =>
  new Promise<string>((resolve, reject) =>
    execFile(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 300000 }, (err, out, stderr) => (err ? reject(new Error(`${cmd} ${args.join(" ")}: ${stderr || err.message}`)) : resolve(out))),
  );

const PROJECT = (name: string, typescript: boolean) => `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: ${typescript}\n`;

const TS_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as ob from "pulumi-oceanbase-backup";

const config = new pulumi.Config();
const policy = new ob.TenantBackupPolicy("mysql_tenant", {
  tenant: "mysql_tenant",
  dataBackupUri: "file:///pkg/ts/data",
  archiveLocation: "file:///pkg/ts/archive",
});
const job = new ob.BackupJob("from-sys", {
  tenants: ["mysql_tenant"],
  description: "installed from a tarball (ts)",
  state: config.get("jobState") === "cancelled" ? "cancelled" : "running",
}, { dependsOn: [policy] });
export const status = job.status;
`;

const JS_PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const ob = require("pulumi-oceanbase-backup");

const policy = new ob.TenantBackupPolicy("mysql_tenant", {
  tenant: "mysql_tenant",
  dataBackupUri: "file:///pkg/js/data",
  archiveLocation: "file:///pkg/js/archive",
});
const job = new ob.BackupJob("from-sys", {
  tenants: ["mysql_tenant"],
  description: "installed from a tarball (js)",
  waitForCompletion: new pulumi.Config().getBoolean("wait") === true,
}, { dependsOn: [policy] });
exports.status = job.status;
`;

/** `__provider` as a resource's state keeps it: a few lines that load the package by name, in every install. */
function assertSmallProvider(outputs: Record<string, unknown>, where: string): void {
  const text = String(outputs.__provider ?? "");
  assert.ok(text.length > 0 && text.length < 4096, `${where}: __provider is ${text.length} characters`);
  assert.match(text, /pulumi-oceanbase-backup\/dist\/provider\//, where);
}

describe("the package as users install it (npm pack)", function () {
  this.timeout(600000);
  let scratch: string;
  let tarball: string;
  let h: EmulatorHandle;

  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ob-pack-"));
    const packed = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", dir], root)) as { filename: string }[];
    tarball = path.join(dir, packed[0].filename);
    scratch = path.join(dir, "project");
    fs.mkdirSync(scratch);
    fs.writeFileSync(
      path.join(scratch, "package.json"),
      JSON.stringify({
        name: "scratch",
        private: true,
        dependencies: { "@pulumi/pulumi": "3.270.0", "pulumi-oceanbase-backup": `file:${tarball}` },
        devDependencies: { typescript: "5.9.3", "@types/node": "20.19.43" },
      }),
    );
    await npmInstall(scratch);
    for (const [sub, ts] of [["ts", true], ["js", false]] as const) {
      const d = path.join(scratch, sub);
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, "Pulumi.yaml"), PROJECT(`pack-${sub}`, ts));
      fs.writeFileSync(path.join(d, "package.json"), JSON.stringify({ name: `pack-${sub}`, private: true, main: ts ? "index.ts" : "index.js" }));
      fs.writeFileSync(path.join(d, ts ? "index.ts" : "index.js"), ts ? TS_PROGRAM : JS_PROGRAM);
      if (ts) fs.writeFileSync(path.join(d, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2020", module: "commonjs", moduleResolution: "node", skipLibCheck: true } }));
    }
  });
  beforeEach(async () => {
    h = await fastEmulator({ backupDurationMs: 120000 });
  });
  afterEach(() => stopEmulator(h));

  it("carries what a package needs and nothing it should not", async () => {
    const files = (await run("tar", ["-tzf", tarball], root)).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    for (const f of ["LICENSE", "README.md", "package.json", "schema.json", "dist/sdk/index.js", "dist/sdk/index.d.ts", "dist/provider/backup-job.js", "dist/engine/cli.js", "dist/emulator/cli.js", "bin/oceanbase-backup-emulator.js", "bin/pulumi-standin.js"]) {
      assert.ok(files.includes(f), `${f} is missing from the tarball`);
    }
    const unwanted = files.filter((f) => /^(test|examples|bench|scripts|\.ci)\/|\.test\.|\.pulumi-local|state\.json$|\.ts$(?<!\.d\.ts)|\.map$/.test(f));
    assert.deepStrictEqual(unwanted, []);
    const license = fs.readFileSync(path.join(root, "LICENSE"), "utf8");
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    assert.strictEqual(pkg.license, "Apache-2.0");
    assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
    // the installed package's types: what a TypeScript program is checked against
    const dts = fs.readFileSync(path.join(scratch, "node_modules/pulumi-oceanbase-backup/dist/sdk/resources.generated.d.ts"), "utf8");
    assert.match(dts, /readonly jobs: pulumi\.Output<TenantBackupJob\[\]>;/);
    assert.match(dts, /backupPassword\?: pulumi\.Input<string>;/);
    // what `npx oceanbase-backup-emulator` and `npx pulumi-standin` run once installed
    assert.match(await run(process.execPath, [path.join(scratch, "node_modules/.bin/pulumi-standin"), "--help"], scratch), /usage: pulumi-standin/);
  });

  it("a TypeScript program: policy and a backup from sys, then cancelled, then destroyed", async () => {
    const e = engineFor(path.join(scratch, "ts"), emulatorConfig(h));
    const up = ok(await e.up());
    assert.strictEqual(up.outputs.status, "RUNNING");
    for (const r of e.resources().filter((x) => x.custom)) assertSmallProvider(r.outputs, `tarball, ${r.name}`);
    e.setConfig({ jobState: "cancelled" });
    const flipped = ok(await e.up());
    assert.deepStrictEqual(ops(flipped), ["same", "same", "update"]);
    assert.strictEqual(flipped.outputs.status, "CANCELED");
    assert.deepStrictEqual(alters(h).filter((s) => /BACKUP TENANT|CANCEL/.test(s)), [
      "sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'installed from a tarball (ts) [pulumi:KEY]'",
      "sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant",
    ]);
    ok(await e.destroy());
    assert.deepStrictEqual(e.resources(), []);
  });

  it("a JavaScript program whose backup fails after the statement was sent: recorded (init failure), then destroyable", async () => {
    const e = engineFor(path.join(scratch, "js"), emulatorConfig(h, { wait: "true" }));
    const failing = e.up();
    await failJobOnceStarted(h);
    const failed = await failing;
    assert.notStrictEqual(failed.exitCode, 0);
    assert.match(failed.output.join("\n"), /FAILED \(result -9080/);
    const recorded = e.resources().find((r) => r.name === "from-sys");
    assert.ok(recorded?.initErrors?.length, "recorded as created but failed to initialize");
    assertSmallProvider(recorded!.outputs, "tarball, init failure");
    const destroyed = ok(await e.destroy());
    assert.deepStrictEqual(ops(destroyed), ["delete", "delete", "delete"]);
  });

  it("the linked checkout (the examples' path dependency) keeps the same small provider in state", async () => {
    await installExamples();
    const e = engineFor(exampleDir("cancel-backup"), emulatorConfig(h, { mode: "sys-tenant", jobState: "cancelled" }));
    ok(await e.up());
    for (const r of e.resources().filter((x) => x.custom)) assertSmallProvider(r.outputs, `linked, ${r.name}`);
    ok(await e.destroy());
  });
});
