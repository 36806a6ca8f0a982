// Preview refuses what would fail halfway through an up (issue 17), under the real Pulumi CLI and under the
// stand-in alike: a misspelled and a wrong-case tenant beside a correct one, a recovery window out of OceanBase's
// grammar. Each failure is printed in the CLI's words, naming the property and repeating the value, once, with
// no stack trace and no "error serializing property"; nothing is sent but the one read-only tenant lookup. The
// CLI generates steps one registration at a time and bails at the first invalid resource, so a preview reports
// that resource's failures (all of them at once), not every resource's; the stand-in does the same. And
// `pulumi up --yes`, which previews first, changes nothing.

import assert = require("assert");
import fs = require("fs");
import path = require("path");
import type { Context } from "mocha";
import type { EmulatorHandle } from "../../emulator";
import { main as standinCli } from "../../engine/cli";
import { SYS_IDENTITY_AND_TENANTS } from "../../provider/sql-text";
import { CliEngine, Engine, StandinEngine } from "../../scripts/engines";
import { fastEmulator, stopEmulator } from "../support/provider";
import { copyOfExample, emulatorConfig, exampleDir, installExamples } from "../support/projects";
import { cliSandbox, requireCli, runShell } from "../support/pulumi-cli";

/** The engine to run a preview with; under the real CLI, skipped with the reason when none is built. */
function engineMaker(ctx: Context, kind: Engine["kind"]): (dir: string, config: Record<string, string>) => Promise<Engine> {
  if (kind === "pulumi-standin") return async (dir, config) => new StandinEngine(dir, config);
  const cli = requireCli(ctx);
  return (dir, config) => CliEngine.create(cli, dir, config);
}

const TYPOS = JSON.stringify([
  { name: "mysql_tenant", dataUri: "file:///p/m/data", archiveUri: "file:///p/m/arch", recoveryWindow: "7d" },
  { name: "mysql_tenat", dataUri: "file:///p/x/data", archiveUri: "file:///p/x/arch" },
  { name: "MySQL_Tenant", dataUri: "file:///p/y/data", archiveUri: "file:///p/y/arch" },
]);

const changes = (h: EmulatorHandle, from: number) => h.statements().slice(from).filter((s) => !/^SELECT/.test(s.sql));

describe("preview refuses bad tenant names and inputs (issue 17)", function () {
  this.timeout(300000);
  before(async function () {
    this.timeout(600000);
    await installExamples();
  });

  for (const kind of ["pulumi", "pulumi-standin"] as const) {
    describe(`under ${kind}`, () => {
      let make: ReturnType<typeof engineMaker>;
      beforeEach(function () {
        make = engineMaker(this, kind);
      });

      it("tenant-policy with one misspelled and one wrong-case tenant beside a correct one: refused at the first of them, in the CLI's words, only a read-only lookup sent", async () => {
        const h = await fastEmulator();
        const e = await make(exampleDir("tenant-policy"), emulatorConfig(h, { tenants: TYPOS }));
        try {
          const from = h.statements().length;
          const r = await e.run("preview");
          assert.strictEqual(r.ok, false);
          const where = `root@sys at 127.0.0.1:${h.port}`;
          // which of the two bad resources comes first is the order their registrations reach the engine
          assert.strictEqual(r.errors.length, 1, r.errors.join("\n"));
          assert.ok(
            [
              `pulumi-nodejs:dynamic/oceanbase:BackupDestination resource 'mysql_tenat-destination': property tenant value {mysql_tenat} has a problem: no user tenant named mysql_tenat in ${where} (tenants: mysql_tenant, oracle_tenant)`,
              `pulumi-nodejs:dynamic/oceanbase:BackupDestination resource 'MySQL_Tenant-destination': property tenant value {MySQL_Tenant} has a problem: no user tenant named MySQL_Tenant in ${where}: tenant names are case-sensitive, and it is spelled mysql_tenant (tenants: mysql_tenant, oracle_tenant)`,
            ].includes(r.errors[0]),
            r.errors[0],
          );
          assert.doesNotMatch(r.text, /error serializing|unhandled exception|^\s+at /m);
          // the statements preview sent: the one read-only lookup of the tenants, for the one connection setting
          assert.deepStrictEqual(h.statements().slice(from).map((s) => s.sql), [SYS_IDENTITY_AND_TENANTS]);
        } finally {
          await e.dispose();
          await stopEmulator(h);
        }
      });

      it("the wrong-case tenant alone: refused with the server's spelling", async () => {
        const h = await fastEmulator();
        const tenants = JSON.stringify([{ name: "MySQL_Tenant", dataUri: "file:///p/y/data", archiveUri: "file:///p/y/arch" }]);
        const e = await make(exampleDir("tenant-policy"), emulatorConfig(h, { tenants }));
        try {
          const r = await e.run("preview");
          assert.deepStrictEqual(r.errors, [
            `pulumi-nodejs:dynamic/oceanbase:BackupDestination resource 'MySQL_Tenant-destination': property tenant value {MySQL_Tenant} has a problem: no user tenant named MySQL_Tenant in root@sys at 127.0.0.1:${h.port}: tenant names are case-sensitive, and it is spelled mysql_tenant (tenants: mysql_tenant, oracle_tenant)`,
          ]);
        } finally {
          await e.dispose();
          await stopEmulator(h);
        }
      });

      it('recoveryWindow "7days": the whole rule and the value, once', async () => {
        const h = await fastEmulator();
        const tenants = JSON.stringify([{ name: "mysql_tenant", dataUri: "file:///p/m/data", archiveUri: "file:///p/m/arch", recoveryWindow: "7days" }]);
        const e = await make(exampleDir("tenant-policy"), emulatorConfig(h, { tenants }));
        try {
          const from = h.statements().length;
          const r = await e.run("preview");
          assert.deepStrictEqual(r.errors, [
            `pulumi-nodejs:dynamic/oceanbase:BackupCleanupPolicy resource 'mysql_tenant-cleanup': property recoveryWindow value {7days} has a problem: must be a time in OceanBase's grammar: a whole number, then a unit us, ms, s, m, h or d (no unit means seconds), e.g. 7d or 36h; 0 keeps everything, got "7days"`,
          ]);
          assert.deepStrictEqual(changes(h, from), [], "nothing but reads");
        } finally {
          await e.dispose();
          await stopEmulator(h);
        }
      });
    });
  }

  // `pulumi up --yes` previews first; the Automation API's `stack.up()` does not (it passes --skip-preview)
  it("pulumi up --yes with the misspelled tenants, as a user types it: refused by its preview, nothing changed (real CLI)", async function () {
    const bin = requireCli(this);
    const h = await fastEmulator();
    const box = cliSandbox();
    const dir = copyOfExample("tenant-policy", h.port);
    try {
      const from = h.statements().length;
      const script = ["pulumi login --local", "pulumi stack init emulator", `pulumi config set tenants '${TYPOS}'`, "pulumi up --yes --non-interactive"].join("\n");
      const run = await runShell(script, dir, { ...box.env, PATH: `${bin}${path.delimiter}${box.env.PATH}` }, 180000);
      assert.notStrictEqual(run.code, 0, run.output);
      // the CLI checks the resources one at a time as they register and stops at the first that fails: which of
      // the two misspelled tenants that is depends on the order their registrations arrive
      assert.match(run.output, /property tenant value \{(mysql_tenat|MySQL_Tenant)\} has a problem: no user tenant named \1 in root@sys/);
      assert.deepStrictEqual(changes(h, from), [], `pulumi up sent a change:\n${run.output}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(box.dir, { recursive: true, force: true });
      await stopEmulator(h);
    }
  });

  it("pulumi-standin up --yes with the misspelled tenants: its preview refuses them first, nothing changed", async () => {
    const h = await fastEmulator();
    const dir = copyOfExample("tenant-policy", h.port);
    try {
      const from = h.statements().length;
      const lines: string[] = [];
      const code = await standinCli(["up", "--yes", "--cwd", dir, "-c", `tenants=${TYPOS}`], (l) => lines.push(l));
      assert.strictEqual(code, 1, lines.join("\n"));
      assert.match(lines.join("\n"), /property tenant value \{mysql_tenat\} has a problem/);
      assert.match(lines.join("\n"), /error\(s\) in the preview; nothing was changed/);
      assert.deepStrictEqual(changes(h, from), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await stopEmulator(h);
    }
  });
});
