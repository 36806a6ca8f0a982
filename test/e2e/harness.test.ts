// Programs run end to end on Pulumi's real dynamic-provider host (test/harness): every example and the demo,
// up, preview, refresh and destroy, the flip to cancelled, and state that holds no plaintext secret.

import assert = require("assert");
import fs = require("fs");
import os = require("os");
import path = require("path");
import { EmulatorHandle } from "../../emulator";
import { runDemo } from "../../examples/demo/run";
import { Harness } from "../harness/engine";
import { fastEmulator, readyTenant, sleep, stopEmulator } from "../support/provider";

const root = path.resolve(__dirname, "../..");
const example = (name: string) => path.join(root, "examples", name);
const tmpState = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ob-harness-")), "state.json");

function emulatorConfig(h: EmulatorHandle, extra: Record<string, string> = {}): Record<string, string> {
  return { "oceanbase:host": h.host, "oceanbase:port": String(h.port), ...extra };
}

const PROFILES_WITH_PASSWORDS = JSON.stringify({
  mysql_admin: { user: "root@mysql_tenant", password: "T1-Secret-1" },
  oracle_admin: { user: "SYS@oracle_tenant", password: "T2-Secret-2" },
});

const alters = (h: EmulatorHandle, from = 0) =>
  h
    .statements()
    .slice(from)
    .filter((s) => /^ALTER SYSTEM/.test(s.sql))
    .map((s) => `${s.tenant}: ${s.sql.replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")}`);

describe("harness: examples on the real dynamic-provider host", function () {
  this.timeout(120000);
  let h: EmulatorHandle;
  before(async () => {
    h = await fastEmulator({
      backupDurationMs: 8000,
      sysPassword: "Sys-Secret-9",
      tenants: [
        { name: "mysql_tenant", mode: "MYSQL", password: "T1-Secret-1" },
        { name: "oracle_tenant", mode: "ORACLE", password: "T2-Secret-2" },
      ],
    });
    await readyTenant(h, "mysql_tenant");
    await readyTenant(h, "oracle_tenant");
  });
  after(() => stopEmulator(h));

  const modes: [string, string, string][] = [
    ["sys-all", "sys: ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'cancel-backup example (sys-all) [pulumi:KEY]'", "sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant, oracle_tenant"],
    ["sys-tenant", "sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'cancel-backup example (sys-tenant) [pulumi:KEY]'", "sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"],
    ["mysql-admin", "mysql_tenant: ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'cancel-backup example (mysql-admin) [pulumi:KEY]'", "mysql_tenant: ALTER SYSTEM CANCEL BACKUP"],
    ["oracle-admin", "oracle_tenant: ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'cancel-backup example (oracle-admin) [pulumi:KEY]'", "oracle_tenant: ALTER SYSTEM CANCEL BACKUP"],
  ];
  for (const [mode, backup, cancel] of modes) {
    it(`cancel-backup (${mode}): up starts the backup, preview of the flip sends nothing, up cancels it, destroy forgets it`, async () => {
      const stateFile = tmpState();
      const harness = await Harness.open({
        programDir: example("cancel-backup"),
        stateFile,
        config: emulatorConfig(h, { "oceanbase:password": "Sys-Secret-9", "oceanbase:connections": PROFILES_WITH_PASSWORDS, "oceanbase-cancel-backup:mode": mode }),
        secretKeys: ["oceanbase:password", "oceanbase:connections"],
      });
      try {
        const from = h.statements().length;
        const up = await harness.up();
        assert.deepStrictEqual(up.errors, []);
        assert.deepStrictEqual(up.steps.map((s) => s.op), ["create"]);
        assert.strictEqual(up.outputs.jobStatus, "RUNNING");
        await harness.setConfig({ "oceanbase-cancel-backup:jobState": "cancelled" });
        const preview = await harness.preview();
        assert.deepStrictEqual(preview.steps.map((s) => s.op), ["update"]);
        assert.deepStrictEqual(alters(h, from), [backup]);
        const flipped = await harness.up();
        assert.deepStrictEqual(flipped.errors, []);
        assert.deepStrictEqual(flipped.steps.map((s) => s.op), ["update"]);
        assert.strictEqual(flipped.outputs.jobStatus, "CANCELED");
        assert.deepStrictEqual(alters(h, from), [backup, cancel]);
        const again = await harness.up();
        assert.deepStrictEqual(again.steps.map((s) => s.op), ["same"], "no perpetual diff");
        const destroyed = await harness.destroy();
        assert.deepStrictEqual(destroyed.errors, []);
        assert.deepStrictEqual(alters(h, from), [backup, cancel], "delete of a cancelled job sends nothing");
        const stateText = fs.readFileSync(stateFile, "utf8");
        for (const secret of ["Sys-Secret-9", "T1-Secret-1", "T2-Secret-2"]) assert.ok(!stateText.includes(secret), `${secret} in state`);
      } finally {
        await harness.close();
      }
      await sleep(600); // let the cancelled jobs move to history before the next mode
    });
  }

  it("tenant-policy: a policy per tenant from config, drift found by refresh and restored by up, no plaintext secret in state", async () => {
    const stateFile = tmpState();
    const tenants = [
      { name: "mysql_tenant", dataUri: "file:///tp/mysql/data", archiveUri: "file:///tp/mysql/archive", recoveryWindow: "7d" },
      { name: "oracle_tenant", dataUri: "oss://bkt/tp/oracle?host=oss.example.com&access_id=AKID-TP&access_key=SECRET-KEY-TP", archiveUri: "file:///tp/oracle/archive" },
    ];
    const harness = await Harness.open({
      programDir: example("tenant-policy"),
      stateFile,
      config: emulatorConfig(h, { "oceanbase:password": "Sys-Secret-9", "oceanbase-tenant-policy:tenants": JSON.stringify(tenants) }),
      secretKeys: ["oceanbase:password", "oceanbase-tenant-policy:tenants"],
    });
    try {
      // tenants are already archiving to other places: allow nothing to restart silently
      await harness.setConfig({});
      const up = await harness.up();
      assert.match(up.errors.join("\n"), /is archiving \(round \d+ DOING\) to another destination, and OceanBase refuses a change while a round runs: set allowRestartForDestinationChange: true/);
    } finally {
      await harness.close();
    }
    // a fresh start on tenants that are not archiving yet
    const fresh = await fastEmulator({ sysPassword: "Sys-Secret-9" });
    const harness2 = await Harness.open({
      programDir: example("tenant-policy"),
      stateFile: tmpState(),
      config: emulatorConfig(fresh, { "oceanbase:password": "Sys-Secret-9", "oceanbase-tenant-policy:tenants": JSON.stringify(tenants) }),
      secretKeys: ["oceanbase:password", "oceanbase-tenant-policy:tenants"],
    });
    try {
      const up = await harness2.up();
      assert.deepStrictEqual(up.errors, []);
      assert.deepStrictEqual(up.outputs.archive, ["mysql_tenant: DOING", "oracle_tenant: DOING"]);
      assert.deepStrictEqual(up.outputs.cleanup, ["mysql_tenant: 7d", "oracle_tenant: off"]);
      const stateText = fs.readFileSync((harness2 as unknown as { opts: { stateFile: string } }).opts.stateFile, "utf8");
      for (const secret of ["SECRET-KEY-TP", "AKID-TP", "Sys-Secret-9"]) assert.ok(!stateText.includes(secret), `${secret} in state`);
      const dest = harness2.resources().find((r) => r.name === "oracle_tenant-destination");
      assert.deepStrictEqual(dest?.secretKeys.sort(), ["previousUri", "uri"]);
      assert.strictEqual(dest?.outputs.path, "oss://bkt/tp/oracle?host=oss.example.com");
      // someone drops the cleanup policy outside Pulumi
      fresh.clearStatements();
      const mysql = await import("mysql2/promise");
      const c = await mysql.createConnection({ host: fresh.host, port: fresh.port, user: "root@sys", password: "Sys-Secret-9" });
      await c.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = mysql_tenant");
      await c.end();
      const refreshed = await harness2.refresh();
      assert.deepStrictEqual(refreshed.errors, []);
      const preview = await harness2.preview();
      assert.deepStrictEqual(preview.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`), ["update mysql_tenant-cleanup"]);
      const restored = await harness2.up();
      assert.deepStrictEqual(restored.errors, []);
      assert.deepStrictEqual(alters(fresh).slice(-1), ["sys: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = mysql_tenant"]);
      const destroyed = await harness2.destroy();
      assert.deepStrictEqual(destroyed.errors, []);
      assert.deepStrictEqual(fresh.sql("SELECT TENANT_NAME, LOG_MODE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_TYPE = 'USER'"), [
        { TENANT_NAME: "mysql_tenant", LOG_MODE: "NOARCHIVELOG" },
        { TENANT_NAME: "oracle_tenant", LOG_MODE: "NOARCHIVELOG" },
      ]);
    } finally {
      await harness2.close();
      await fresh.close();
    }
  });

  it("pipeline: preview sends unknowns to check and diff; up waits for the backup; a failed backup fails the deployment and is recorded", async () => {
    const fresh = await fastEmulator({ backupDurationMs: 1500 });
    const stateFile = tmpState();
    const harness = await Harness.open({
      programDir: example("pipeline"),
      stateFile,
      config: emulatorConfig(fresh, { "oceanbase-pipeline:backupPassword": "Backup-Pw-77" }),
      secretKeys: ["oceanbase-pipeline:backupPassword"],
    });
    try {
      const preview = await harness.preview();
      assert.deepStrictEqual(preview.errors, []);
      assert.deepStrictEqual(preview.steps.map((s) => s.op), ["create", "create", "create", "create"]);
      assert.deepStrictEqual(fresh.statements().filter((s) => /^ALTER/.test(s.sql)), [], "preview sends no statement");
      const up = await harness.up();
      assert.deepStrictEqual(up.errors, []);
      assert.strictEqual(up.outputs.backupStatus, "COMPLETED");
      assert.deepStrictEqual((up.outputs.backupSet as { backupSetId: number }[]).map((s) => s.backupSetId), [1]);
      const sent = fresh.statements().map((s) => s.sql);
      assert.ok(sent.includes("SET ENCRYPTION ON IDENTIFIED BY '***' ONLY"));
      assert.ok(!fs.readFileSync(stateFile, "utf8").includes("Backup-Pw-77"), "backup password in state");
      assert.ok(harness.resources().find((r) => r.name === "pre-release")?.secretKeys.includes("backupPassword"));
      // the next release: its backup fails; the deployment fails and the job stays recorded
      await harness.setConfig({ "oceanbase-pipeline:releaseId": "2026.12.01" });
      const failing = harness.up();
      await sleep(1200);
      fresh.failJob("mysql_tenant", undefined, -9080);
      const failed = await failing;
      assert.match(failed.errors.join("\n"), /backup did not complete: mysql_tenant job 2 FAILED \(result -9080/);
      const recorded = harness.resources().find((r) => r.name === "pre-release");
      assert.ok(recorded?.initErrors?.length, "recorded as created but failed to initialize");
      assert.strictEqual((recorded?.outputs.jobs as { jobId: number }[])[0].jobId, 2);
    } finally {
      await harness.close();
      await fresh.close();
    }
  });
});

describe("harness: the demo", function () {
  this.timeout(120000);
  it("npm run demo prints the account: resources, SQL sent, statuses read back", async () => {
    const lines: string[] = [];
    const { statements } = await runDemo({ print: (l) => lines.push(l), backupDurationMs: 8000 });
    const text = lines.join("\n");
    assert.match(text, /== pulumi up {2}\(policy, log archive, a running backup\)\n {2}\+ create {3}BackupDestination mysql_tenant-destination/);
    assert.match(text, /== pulumi up {2}\(jobState=cancelled\)[\s\S]*~ update {3}BackupJob demo-backup/);
    assert.match(text, /backupStatus: CANCELED/);
    assert.match(text, /backup set 1: FAILED, file status DELETED/);
    assert.match(text, /cleanup job 2: DELETE OBSOLETE BACKUP, COMPLETED/);
    assert.deepStrictEqual(
      statements.map((s) => s.replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")),
      [
        "root@sys> ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/mysql_tenant/data' TENANT = mysql_tenant",
        "root@sys> ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = mysql_tenant",
        "root@sys> ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/mysql_tenant/archive BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d' TENANT = mysql_tenant",
        "root@sys> ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant",
        "root@sys> ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'demo [pulumi:KEY]'",
        "root@sys> ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant",
      ],
    );
  });
});
