// Preview refuses what would fail halfway through an up (issue 17), through the engine as `pulumi preview`
// runs it: a misspelled and a wrong-case tenant beside a correct one, each failure printed once per resource,
// no stack trace, no "error serializing property", and no statement sent but the one read-only tenant lookup.

import assert = require("assert");
import { SYS_IDENTITY_AND_TENANTS } from "../../provider/sql-text";
import { fastEmulator, stopEmulator } from "../support/provider";
import { emulatorConfig, engineFor, exampleDir, installExamples } from "../support/projects";

describe("preview refuses bad tenant names and inputs (issue 17)", function () {
  this.timeout(300000);
  before(async function () {
    this.timeout(600000);
    await installExamples();
  });

  it("tenant-policy with one misspelled and one wrong-case tenant beside a correct one: refused, once per resource, only a read-only lookup sent", async () => {
    const h = await fastEmulator();
    try {
      const tenants = JSON.stringify([
        { name: "mysql_tenant", dataUri: "file:///p/m/data", archiveUri: "file:///p/m/arch", recoveryWindow: "7d" },
        { name: "mysql_tenat", dataUri: "file:///p/x/data", archiveUri: "file:///p/x/arch" },
        { name: "MySQL_Tenant", dataUri: "file:///p/y/data", archiveUri: "file:///p/y/arch" },
      ]);
      const e = engineFor(exampleDir("tenant-policy"), emulatorConfig(h, { tenants }));
      const from = h.statements().length;
      const r = await e.preview();
      assert.notStrictEqual(r.exitCode, 0);
      const where = `root@sys at 127.0.0.1:${h.port}`;
      assert.deepStrictEqual(r.errors, [
        `pulumi-nodejs:dynamic/oceanbase:BackupDestination mysql_tenat-destination: tenant: no user tenant named mysql_tenat in ${where} (tenants: mysql_tenant, oracle_tenant)`,
        `pulumi-nodejs:dynamic/oceanbase:BackupDestination MySQL_Tenant-destination: tenant: no user tenant named MySQL_Tenant in ${where}: tenant names are case-sensitive, and it is spelled mysql_tenant (tenants: mysql_tenant, oracle_tenant)`,
      ]);
      const text = r.output.join("\n");
      assert.doesNotMatch(text, /error serializing|unhandled exception|^\s+at /m);
      // the statements preview sent: the one read-only lookup of the tenants, for the one connection setting
      assert.deepStrictEqual(h.statements().slice(from).map((s) => s.sql), [SYS_IDENTITY_AND_TENANTS]);
    } finally {
      await stopEmulator(h);
    }
  });

  it('recoveryWindow "7days": the whole rule and the value, once', async () => {
    const h = await fastEmulator();
    try {
      const tenants = JSON.stringify([{ name: "mysql_tenant", dataUri: "file:///p/m/data", archiveUri: "file:///p/m/arch", recoveryWindow: "7days" }]);
      const r = await engineFor(exampleDir("tenant-policy"), emulatorConfig(h, { tenants })).preview();
      assert.deepStrictEqual(r.errors, [
        `pulumi-nodejs:dynamic/oceanbase:BackupCleanupPolicy mysql_tenant-cleanup: recoveryWindow: must be a time in OceanBase's grammar: a whole number, then a unit us, ms, s, m, h or d (no unit means seconds), e.g. 7d or 36h; 0 keeps everything, got "7days"`,
      ]);
      assert.deepStrictEqual(h.statements().filter((s) => !/^SELECT/.test(s.sql)), [], "nothing but reads");
    } finally {
      await stopEmulator(h);
    }
  });
});
