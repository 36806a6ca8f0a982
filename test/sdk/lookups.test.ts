// Lookup functions: programs read a tenant's backup jobs, backup sets and archive status from live state,
// with the stack's oceanbase config (password as a secret), and get no secret back.

import assert = require("assert");
import mysql = require("mysql2/promise");
import * as pulumi from "@pulumi/pulumi";
import { EmulatorHandle } from "../../emulator";
import * as sdk from "../../sdk";
import { closeAllPools } from "../../provider/connection";
import { fastEmulator, readyTenant, sleep, stopEmulator } from "../support/provider";

describe("SDK lookups", function () {
  this.timeout(20000);
  let h: EmulatorHandle;
  before(async () => {
    h = await fastEmulator({ sysPassword: "Sys-Pa55" });
    await readyTenant(h, "mysql_tenant");
    const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: "Sys-Pa55" });
    await c.query("ALTER SYSTEM BACKUP TENANT = mysql_tenant");
    await c.end();
    await sleep(2500); // completes (1.5 s) and moves to history
    const t = await mysql.createConnection({ host: h.host, port: h.port, user: "root@mysql_tenant", password: "" });
    await t.query("ALTER SYSTEM BACKUP INCREMENTAL DATABASE");
    await t.end();
    await closeAllPools();
    pulumi.runtime.setMocks({ newResource: async (a) => ({ id: a.name, state: a.inputs }), call: async (a) => a.inputs }, "lookups", "dev", false);
    pulumi.runtime.setAllConfig(
      {
        "oceanbase:host": h.host,
        "oceanbase:port": String(h.port),
        "oceanbase:user": "root",
        "oceanbase:tenant": "sys",
        "oceanbase:password": "Sys-Pa55",
        "oceanbase:connections": JSON.stringify({ shop: { user: "root@mysql_tenant", password: "" } }),
      },
      ["oceanbase:password", "oceanbase:connections"],
    );
  });
  after(() => stopEmulator(h));

  it("getBackupJobs: newest first, from sys with the tenant named and as the tenant's admin", async () => {
    for (const args of [{ tenant: "mysql_tenant" }, { connection: "shop" }]) {
      const { jobs } = await sdk.getBackupJobs(args);
      assert.deepStrictEqual(
        jobs.map((j) => [j.tenant, j.jobId, j.initiatorJobId, j.status]),
        [
          ["mysql_tenant", 2, 0, jobs[0].status],
          ["mysql_tenant", 1, 1, "COMPLETED"],
        ],
      );
      assert.match(jobs[0].status, /^(INIT|DOING)$/);
    }
  });

  it("getBackupSets and getArchiveStatus", async () => {
    const { sets } = await sdk.getBackupSets({ tenant: "mysql_tenant" });
    assert.deepStrictEqual(sets.map((s) => [s.backupSetId, s.backupType, s.status]).slice(-1), [[1, "FULL", "SUCCESS"]]);
    const a = await sdk.getArchiveStatus({ connection: "shop" });
    assert.deepStrictEqual([a.tenant, a.logMode, a.status, a.roundId, a.path], ["mysql_tenant", "ARCHIVELOG", "DOING", 1, "file:///backup/mysql_tenant/archive"]);
  });

  it("a failing lookup rejects with an explained error, without the password", async () => {
    await assert.rejects(sdk.getBackupSets({ tenant: "nosuch" }), (e: Error) => /no user tenant named nosuch/.test(e.message) && !e.message.includes("Sys-Pa55"));
  });

  it("the Output forms are not secret, though the password they used is", async () => {
    const out = sdk.getArchiveStatusOutput({ tenant: "mysql_tenant" });
    assert.strictEqual(await pulumi.isSecret(out), false);
    const v = await new Promise((r) => out.apply(r));
    assert.ok(!JSON.stringify(v).includes("Sys-Pa55"));
  });
});
