// The package as users install it: `npm pack`, the tarball installed into a scratch project with
// @pulumi/pulumi (outside this repository), and a TypeScript and a plain JavaScript program run as `pulumi up`
// runs them against the emulator. What the tarball carries, and that a resource recorded by an init failure is
// destroyable whether the SDK came from a tarball or a linked checkout (the examples). The same two programs then
// under the real Pulumi CLI (skipped, with the reason, when none is built): the TypeScript one with the commands a
// person types, the JavaScript one through Pulumi's Automation API; both also report which Node.js ran the
// program and the dynamic-provider host (the `node` on PATH, as the CLI's language host finds it).

import assert = require("assert");
import { execFile, execFileSync } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import { EmulatorHandle } from "../../emulator";
import { npmInstall } from "../../engine/install";
import { fastEmulator, stopEmulator } from "../support/provider";
import { alters, emulatorConfig, engineFor, exampleDir, failJobOnceStarted, installExamples, ok, ops, root } from "../support/projects";
import { cliSandbox, requireCli, runShell } from "../support/pulumi-cli";
import { CliEngine } from "../../scripts/engines";

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

// Added to each program under the real CLI: the Node.js that runs the program, and the one that runs the
// dynamic-provider host (a resource whose provider reports its own process.version).
const TS_CLI_EXTRA = `
const nodeVersionProvider: pulumi.dynamic.ResourceProvider = {
  async create() {
    return { id: "node", outs: { version: process.version } };
  },
};
class NodeVersion extends pulumi.dynamic.Resource {
  public readonly version!: pulumi.Output<string>;
  constructor(name: string) {
    super(nodeVersionProvider, name, { version: undefined }, {});
  }
}
export const programNode = process.version;
export const providerNode = new NodeVersion("node-version").version;

// an unhandled error thrown through Pulumi's own code (source-mapped frames: see sdk/inspect-guard.ts)
if (config.getBoolean("failInTransform")) {
  new ob.BackupJob("refused", { tenants: ["mysql_tenant"] }, {
    transformations: [() => {
      throw new Error("a transformation refused the job");
    }],
  });
}
`;

const JS_CLI_EXTRA = `
class NodeVersion extends pulumi.dynamic.Resource {
  constructor(name) {
    super({ async create() { return { id: "node", outs: { version: process.version } }; } }, name, { version: undefined }, {});
  }
}
exports.programNode = process.version;
exports.providerNode = new NodeVersion("node-version").version;
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
    for (const [sub, ts, program] of [
      ["ts", true, TS_PROGRAM],
      ["js", false, JS_PROGRAM],
      ["cli-ts", true, TS_PROGRAM + TS_CLI_EXTRA],
      ["cli-js", false, JS_PROGRAM + JS_CLI_EXTRA],
    ] as const) {
      const d = path.join(scratch, sub);
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, "Pulumi.yaml"), PROJECT(`pack-${sub}`, ts));
      fs.writeFileSync(path.join(d, "package.json"), JSON.stringify({ name: `pack-${sub}`, private: true, main: ts ? "index.ts" : "index.js" }));
      fs.writeFileSync(path.join(d, ts ? "index.ts" : "index.js"), program);
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

  describe("under the real Pulumi CLI", () => {
    const SYS_PASSWORD = "Sys-Pack-Secret-5";

    /** The program and the dynamic-provider host run on the `node` first on the CLI's PATH; the title says which. */
    function assertNodeOnPath(ctx: Mocha.Context, env: NodeJS.ProcessEnv, outputs: Record<string, unknown>): void {
      const onPath = execFileSync("node", ["-v"], { env, encoding: "utf8" }).trim();
      assert.strictEqual(outputs.programNode, onPath, "the program's node");
      assert.strictEqual(outputs.providerNode, onPath, "the dynamic-provider host's node");
      // set by .ci/real-cli-on-node (that Node first on PATH), so that a PATH that did not take is a failure
      const major = process.env.OB_EXPECT_NODE_MAJOR;
      if (major) assert.strictEqual(onPath.split(".")[0], `v${major}`, `OB_EXPECT_NODE_MAJOR=${major}`);
      if (ctx.test) ctx.test.title += ` [program and provider host on node ${onPath}]`;
    }

    it("a TypeScript program as a person runs it: stack init, config set (a secret password), preview, up, the flip to cancelled, destroy", async function () {
      requireCli(this);
      await stopEmulator(h);
      h = await fastEmulator({ backupDurationMs: 120000, sysPassword: SYS_PASSWORD });
      const dir = path.join(scratch, "cli-ts");
      const sandbox = cliSandbox();
      const env = { ...sandbox.env, OB_SYS_PASSWORD: SYS_PASSWORD, OCEANBASE_POLL_INTERVAL_MS: "200" };
      const printed: string[] = [];
      const sh = async (script: string, timeoutMs = 300000) => {
        const started = Date.now();
        const r = await runShell(script, dir, env, timeoutMs);
        printed.push(r.output);
        return { ...r, ms: Date.now() - started };
      };
      const must = async (script: string) => {
        const r = await sh(script);
        assert.strictEqual(r.code, 0, `${script}:\n${r.output.slice(-4000)}`);
        return r;
      };
      const outputs = async () => JSON.parse((await must("pulumi stack output --json")).output) as Record<string, unknown>;
      try {
        await must("pulumi stack init dev --non-interactive");
        await must(`pulumi config set oceanbase:host ${h.host}\npulumi config set oceanbase:port ${h.port}\npulumi config set --secret oceanbase:password "$OB_SYS_PASSWORD"`);
        const stackFile = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
        assert.match(stackFile, /oceanbase:password:\s+secure: /);

        let from = h.statements().length;
        const preview = await must("pulumi preview --non-interactive");
        assert.deepStrictEqual(alters(h, from), [], "a preview changes nothing");
        assert.match(preview.output, /\+ 6 to create/);

        from = h.statements().length;
        const up = await must("pulumi up --yes --non-interactive");
        assert.deepStrictEqual(alters(h, from).sort(), [
          "sys: ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant",
          "sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'installed from a tarball (ts) [pulumi:KEY]'",
          "sys: ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///pkg/ts/data' TENANT = mysql_tenant",
          "sys: ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///pkg/ts/archive BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d' TENANT = mysql_tenant",
        ]);
        assert.match(up.output, /\+ 6 created/);
        const first = await outputs();
        assert.strictEqual(first.status, "RUNNING");
        assertNodeOnPath(this, env, first);

        from = h.statements().length;
        const flip = await must("pulumi config set jobState cancelled\npulumi up --yes --non-interactive");
        assert.deepStrictEqual(alters(h, from), ["sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"]);
        assert.match(flip.output, /~ 1 updated/);
        assert.strictEqual((await outputs()).status, "CANCELED");
        // the one job, in the jobs view or already moved to history
        const jobs = "SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002 UNION ALL SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1002";
        assert.deepStrictEqual(h.sql(jobs).map((r) => r.STATUS), ["CANCELED"]);

        const state = (await must("pulumi stack export")).output;
        assert.ok(!state.includes(SYS_PASSWORD), "the password in plaintext in the state");

        from = h.statements().length;
        const destroy = await must("pulumi destroy --yes --non-interactive");
        assert.match(destroy.output, /- 6 deleted/);
        assert.ok(alters(h, from).includes("sys: ALTER SYSTEM NOARCHIVELOG TENANT = mysql_tenant"), alters(h, from).join("\n"));
        const after = JSON.parse((await must("pulumi stack export")).output) as { deployment: { resources?: unknown[] } };
        assert.deepStrictEqual(after.deployment.resources ?? [], []);

        // what Node 20.20 and 22.x would spin on for about a minute without the SDK's guard
        const refused = await sh("pulumi config set failInTransform true\npulumi preview --non-interactive", 120000);
        assert.notStrictEqual(refused.code, 0);
        assert.match(refused.output, /failed with an unhandled exception:[\s\S]*Error: a transformation refused the job/);
        assert.match(refused.output, /node_modules\/(\S*)@pulumi\/resource\.ts:\d+:\d+/, "Pulumi's frames source-mapped, the shape that loops");
        // the spin lasts until V8 refuses the string (about 30 s on this 2-core machine): a bound from this
        // machine's own preview rather than a fixed one
        assert.ok(refused.ms < preview.ms + 10000, `the failed preview took ${refused.ms} ms, the first preview ${preview.ms} ms`);

        assert.ok(!printed.some((o) => o.includes(SYS_PASSWORD)), "the password printed");
      } finally {
        fs.rmSync(sandbox.dir, { recursive: true, force: true });
      }
    });

    it("a JavaScript program through the Automation API: preview sends nothing; a backup that fails after it was sent is recorded, then destroyed", async function () {
      const cli = requireCli(this);
      const dir = path.join(scratch, "cli-js");
      const e = await CliEngine.create(cli, dir, emulatorConfig(h, { wait: "true" }));
      try {
        let from = h.statements().length;
        const preview = await e.run("preview");
        assert.ok(preview.ok, preview.text);
        assert.deepStrictEqual(preview.ops, ["create from-sys", "create mysql_tenant-archive", "create mysql_tenant-destination", "create node-version"]);
        assert.deepStrictEqual(alters(h, from), []);

        from = h.statements().length;
        const failing = e.run("up");
        await failJobOnceStarted(h);
        const failed = await failing;
        assert.ok(!failed.ok, failed.text);
        assert.match(failed.errors.join("\n"), /FAILED \(result -9080/);
        assert.ok(alters(h, from).includes("sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'installed from a tarball (js) [pulumi:KEY]'"));
        const state = JSON.parse(await e.stateText()) as { deployment: { resources: { urn: string; initErrors?: string[]; outputs: Record<string, unknown> }[] } };
        const recorded = state.deployment.resources.find((r) => r.urn.endsWith("::from-sys"));
        assert.ok(recorded?.initErrors?.length, "recorded as created but failed to initialize");
        assertSmallProvider(recorded!.outputs, "tarball under the CLI, init failure");
        // a failed update records no stack outputs: the program's node as the preview showed it, the provider
        // host's as the probe resource recorded it
        const programNode = /programNode\s*: "([^"]+)"/.exec(preview.text)?.[1];
        const providerNode = state.deployment.resources.find((r) => r.urn.endsWith("::node-version"))?.outputs.version;
        assertNodeOnPath(this, { ...process.env, PATH: `${cli}${path.delimiter}${process.env.PATH ?? ""}` }, { programNode, providerNode });

        const destroyed = await e.run("destroy");
        assert.ok(destroyed.ok, destroyed.text);
        assert.deepStrictEqual(destroyed.ops, ["delete from-sys", "delete mysql_tenant-archive", "delete mysql_tenant-destination", "delete node-version"]);
      } finally {
        await e.dispose();
      }
    });
  });

  it("the linked checkout (the examples' path dependency) keeps the same small provider in state", async () => {
    await installExamples();
    const e = engineFor(exampleDir("cancel-backup"), emulatorConfig(h, { mode: "sys-tenant", jobState: "cancelled" }));
    ok(await e.up());
    for (const r of e.resources().filter((x) => x.custom)) assertSmallProvider(r.outputs, `linked, ${r.name}`);
    ok(await e.destroy());
  });
});
