// Every example, and the demo, run as `pulumi up` runs them (engine/): each from its own directory with its
// own node_modules, the program through Pulumi's own loader in a child process, resources on Pulumi's real
// dynamic-provider host. Up, preview, the flip to cancelled, refresh, destroy, program errors, and state that
// holds no plaintext secret.

import assert = require("assert");
import fs = require("fs");
import { runDemo } from "../../scripts/demo";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";
import { alters, emulatorConfig, engineFor, exampleDir, failJobOnceStarted, installExamples, ok, ops } from "../support/projects";
import { requireCli } from "../support/pulumi-cli";

const SYS_PASSWORD = "Sys-Secret-9";
const PROFILES_WITH_PASSWORDS = JSON.stringify({
  mysql_admin: { user: "root@mysql_tenant", password: "T1-Secret-1" },
  oracle_admin: { user: "SYS@oracle_tenant", password: "T2-Secret-2" },
});
const SECRETS = [SYS_PASSWORD, "T1-Secret-1", "T2-Secret-2"];
const tenantsWithPasswords = [
  { name: "mysql_tenant", mode: "MYSQL" as const, password: "T1-Secret-1" },
  { name: "oracle_tenant", mode: "ORACLE" as const, password: "T2-Secret-2" },
];

function assertNoSecret(file: string, secrets: string[]): void {
  const text = fs.readFileSync(file, "utf8");
  for (const s of secrets) assert.ok(!text.includes(s), `${s} in ${file}`);
}

describe("examples as `pulumi up` runs them", function () {
  this.timeout(300000);
  before(async function () {
    this.timeout(600000);
    await installExamples();
  });

  it("the README walk-through: tenant-policy for both tenants, cancel-backup from sys for one tenant (preview of the flip sends nothing, the flip cancels), refresh, destroy", async () => {
    const h = await fastEmulator({ backupDurationMs: 180000, sysPassword: SYS_PASSWORD, tenants: tenantsWithPasswords });
    const creds = { "oceanbase:password": SYS_PASSWORD, "oceanbase:connections": PROFILES_WITH_PASSWORDS };
    const policy = engineFor(exampleDir("tenant-policy"), emulatorConfig(h, creds), Object.keys(creds));
    const backup = engineFor(exampleDir("cancel-backup"), emulatorConfig(h, { ...creds, mode: "sys-tenant" }), Object.keys(creds));
    try {
      // tenant-policy: destination, cleanup policy, archive DOING, for both tenants (Pulumi.emulator.yaml's list)
      const up = ok(await policy.up());
      assert.deepStrictEqual(ops(up), Array(6).fill("create"));
      assert.deepStrictEqual(up.outputs.archive, ["mysql_tenant: DOING", "oracle_tenant: DOING"]);
      assert.deepStrictEqual(up.outputs.cleanup, ["mysql_tenant: 7d", "oracle_tenant: 3d"]);
      assert.deepStrictEqual(
        h.sql("SELECT CAST(TENANT_ID AS CHAR) AS TENANT_ID, NAME, VALUE FROM oceanbase.CDB_OB_BACKUP_PARAMETER WHERE NAME = 'data_backup_dest' ORDER BY TENANT_ID"),
        [
          { TENANT_ID: "1002", NAME: "data_backup_dest", VALUE: "file:///backup/mysql_tenant/data" },
          { TENANT_ID: "1004", NAME: "data_backup_dest", VALUE: "file:///backup/oracle_tenant/data" },
        ],
      );
      assert.deepStrictEqual(
        h.sql("SELECT CAST(TENANT_ID AS CHAR) AS TENANT_ID, POLICY_NAME, RECOVERY_WINDOW FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY ORDER BY TENANT_ID"),
        [
          { TENANT_ID: "1002", POLICY_NAME: "default", RECOVERY_WINDOW: "7d" },
          { TENANT_ID: "1004", POLICY_NAME: "default", RECOVERY_WINDOW: "3d" },
        ],
      );
      assert.deepStrictEqual(h.sql("SELECT CAST(TENANT_ID AS CHAR) AS TENANT_ID, STATUS FROM oceanbase.CDB_OB_ARCHIVELOG ORDER BY TENANT_ID"), [
        { TENANT_ID: "1002", STATUS: "DOING" },
        { TENANT_ID: "1004", STATUS: "DOING" },
      ]);
      // a second up changes nothing and sends no statement that changes anything
      const from = h.statements().length;
      const again = ok(await policy.up());
      assert.deepStrictEqual(ops(again), Array(6).fill("same"));
      assert.deepStrictEqual(alters(h, from), []);

      // cancel-backup, mode sys-tenant: a backup of mysql_tenant from sys
      const started = ok(await backup.up());
      assert.deepStrictEqual(ops(started), ["create"]);
      assert.strictEqual(started.outputs.jobStatus, "RUNNING");
      assert.deepStrictEqual(alters(h, from), ["sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'cancel-backup example (sys-tenant) [pulumi:KEY]'"]);
      // `pulumi config set jobState cancelled`, then a preview: an update, and not one statement sent
      backup.setConfig({ jobState: "cancelled" });
      const beforePreview = h.statements().length;
      const preview = ok(await backup.preview());
      assert.deepStrictEqual(ops(preview), ["update"]);
      assert.deepStrictEqual(h.statements().slice(beforePreview), [], "a preview sends no statement");
      const flipped = ok(await backup.up());
      assert.deepStrictEqual(ops(flipped), ["update"]);
      assert.strictEqual(flipped.outputs.jobStatus, "CANCELED");
      assert.deepStrictEqual(alters(h, from).slice(1), ["sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"]);
      const views = h.sql(
        "SELECT STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002 UNION ALL SELECT STATUS, RESULT FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1002",
      );
      assert.deepStrictEqual(views.map((v) => `${v.STATUS} ${v.RESULT}`), ["CANCELED -4072"]);
      const refreshed = ok(await backup.refresh());
      assert.deepStrictEqual(ops(refreshed), ["refresh"]);
      assert.strictEqual((backup.resources().find((r) => r.name === "backup-sys-tenant")?.outputs as { status: string }).status, "CANCELED");
      const destroyed = ok(await backup.destroy());
      assert.deepStrictEqual(ops(destroyed), ["delete"]);
      assert.strictEqual(alters(h, from).length, 2, "deleting a cancelled job sends nothing");
      assert.deepStrictEqual(backup.resources(), []);

      // tenant-policy destroy turns archiving off
      ok(await policy.destroy());
      assert.deepStrictEqual(h.sql("SELECT TENANT_NAME, LOG_MODE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_TYPE = 'USER' ORDER BY TENANT_ID"), [
        { TENANT_NAME: "mysql_tenant", LOG_MODE: "NOARCHIVELOG" },
        { TENANT_NAME: "oracle_tenant", LOG_MODE: "NOARCHIVELOG" },
      ]);
      assertNoSecret(policy.stateFile, SECRETS);
      assertNoSecret(backup.stateFile, SECRETS);
    } finally {
      await stopEmulator(h);
    }
  });

  const modes: [string, string, string][] = [
    ["sys-all", "sys: ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'cancel-backup example (sys-all) [pulumi:KEY]'", "sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant, oracle_tenant"],
    ["mysql-admin", "mysql_tenant: ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'cancel-backup example (mysql-admin) [pulumi:KEY]'", "mysql_tenant: ALTER SYSTEM CANCEL BACKUP"],
    ["oracle-admin", "oracle_tenant: ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'cancel-backup example (oracle-admin) [pulumi:KEY]'", "oracle_tenant: ALTER SYSTEM CANCEL BACKUP"],
  ];
  it("cancel-backup in the guide's other ways (from sys for every tenant; as the MySQL-mode and Oracle-mode admin): up starts, the flip cancels, a third up changes nothing, destroy", async () => {
    // one emulator per way, run side by side: a sys-wide cancel would stop the others' jobs
    await Promise.all(
      modes.map(async ([mode, backupSql, cancelSql]) => {
        const h = await fastEmulator({ backupDurationMs: 180000, sysPassword: SYS_PASSWORD, tenants: tenantsWithPasswords });
        try {
          await readyTenant(h, "mysql_tenant");
          await readyTenant(h, "oracle_tenant");
          const from = h.statements().length;
          const creds = { "oceanbase:password": SYS_PASSWORD, "oceanbase:connections": PROFILES_WITH_PASSWORDS };
          const e = engineFor(exampleDir("cancel-backup"), emulatorConfig(h, { ...creds, mode }), Object.keys(creds));
          const up = ok(await e.up());
          assert.strictEqual(up.outputs.jobStatus, "RUNNING", mode);
          e.setConfig({ jobState: "cancelled" });
          const flipped = ok(await e.up());
          assert.strictEqual(flipped.outputs.jobStatus, "CANCELED", mode);
          assert.deepStrictEqual(alters(h, from), [backupSql, cancelSql]);
          if (mode === "sys-all") assert.deepStrictEqual(ops(ok(await e.up())), ["same"], "no perpetual diff");
          ok(await e.destroy());
          assert.deepStrictEqual(alters(h, from), [backupSql, cancelSql]);
          assertNoSecret(e.stateFile, SECRETS);
        } finally {
          await stopEmulator(h);
        }
      }),
    );
  });

  it("a program error makes the run exit non-zero with the provider's message: a backup that cannot start, a bad input caught at preview", async () => {
    const h = await fastEmulator();
    try {
      const backup = engineFor(exampleDir("cancel-backup"), emulatorConfig(h, { mode: "sys-tenant" }));
      const failed = await backup.up();
      assert.notStrictEqual(failed.exitCode, 0);
      assert.match(failed.output.join("\n"), /BackupJob backup-sys-tenant: .*tenant mysql_tenant: no data backup destination \(DATA_BACKUP_DEST\) is set/);
      assert.deepStrictEqual(backup.resources().filter((r) => r.custom), [], "nothing started, nothing recorded");

      const tenants = JSON.stringify([{ name: "mysql_tenant", dataUri: "file:///b/data", archiveUri: "file:///b/archive", recoveryWindow: "7 days" }]);
      const policy = engineFor(exampleDir("tenant-policy"), emulatorConfig(h, { tenants }));
      const before = h.statements().length;
      const bad = await policy.preview();
      assert.notStrictEqual(bad.exitCode, 0);
      assert.match(bad.output.join("\n"), /BackupCleanupPolicy resource 'mysql_tenant-cleanup': property recoveryWindow value \{7 days\} has a problem: must be a time in OceanBase's grammar/);
      // check reads the tenant list (issue 17), and changes nothing
      assert.deepStrictEqual(h.statements().slice(before).filter((s) => !/^SELECT/.test(s.sql)), [], "check changes nothing");
    } finally {
      await stopEmulator(h);
    }
  });

  it("tenant-policy: drift found by refresh, shown by preview, restored by up", async () => {
    const h = await fastEmulator({ sysPassword: SYS_PASSWORD });
    const tenants = [
      { name: "mysql_tenant", dataUri: "file:///tp/mysql/data", archiveUri: "file:///tp/mysql/archive", recoveryWindow: "7d" },
      { name: "oracle_tenant", dataUri: "oss://bkt/tp/oracle?host=oss.example.com&access_id=AKID-TP&access_key=SECRET-KEY-TP", archiveUri: "file:///tp/oracle/archive" },
    ];
    const creds = { "oceanbase:password": SYS_PASSWORD, tenants: JSON.stringify(tenants) };
    const policy = engineFor(exampleDir("tenant-policy"), emulatorConfig(h, creds), Object.keys(creds));
    try {
      const up = ok(await policy.up());
      assert.deepStrictEqual(up.outputs.cleanup, ["mysql_tenant: 7d", "oracle_tenant: off"]);
      assertNoSecret(policy.stateFile, ["SECRET-KEY-TP", "AKID-TP", SYS_PASSWORD]);
      const dest = policy.resources().find((r) => r.name === "oracle_tenant-destination");
      assert.deepStrictEqual(dest?.secretKeys.sort(), ["previousUri", "uri"]);
      assert.strictEqual(dest?.outputs.path, "oss://bkt/tp/oracle?host=oss.example.com");
      // someone drops the cleanup policy outside Pulumi
      const mysql = await import("mysql2/promise");
      const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: SYS_PASSWORD });
      await c.query("ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = mysql_tenant");
      await c.end();
      ok(await policy.refresh());
      const preview = ok(await policy.preview());
      assert.deepStrictEqual(preview.steps.filter((s) => s.op !== "same" && s.type.startsWith("pulumi-nodejs")).map((s) => `${s.op} ${s.name}`), ["update mysql_tenant-cleanup"]);
      const from = h.statements().length;
      ok(await policy.up());
      assert.deepStrictEqual(alters(h, from), ["sys: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = mysql_tenant"]);
      ok(await policy.destroy());
    } finally {
      await stopEmulator(h);
    }
  });

  it("pipeline: preview sends nothing; up waits for the backup; a failed backup fails the run and stays recorded; destroy after that init failure works", async () => {
    const h = await fastEmulator({ backupDurationMs: 1500 });
    const e = engineFor(exampleDir("pipeline"), emulatorConfig(h, { backupPassword: "Backup-Pw-77" }), ["backupPassword"]);
    try {
      const preview = ok(await e.preview());
      assert.deepStrictEqual(ops(preview), ["create", "create", "create", "create"]);
      assert.deepStrictEqual(alters(h), [], "preview sends no statement");
      const up = ok(await e.up());
      assert.strictEqual(up.outputs.backupStatus, "COMPLETED");
      assert.deepStrictEqual((up.outputs.backupSet as { backupSetId: number }[]).map((s) => s.backupSetId), [1]);
      assert.ok(h.statements().some((s) => s.sql === "SET ENCRYPTION ON IDENTIFIED BY '***' ONLY"));
      assertNoSecret(e.stateFile, ["Backup-Pw-77"]);
      // the next release: its backup fails; the run fails and the job stays recorded
      e.setConfig({ releaseId: "2026.12.01" });
      const failing = e.up();
      await failJobOnceStarted(h);
      const failed = await failing;
      assert.notStrictEqual(failed.exitCode, 0);
      assert.match(failed.output.join("\n"), /backup did not complete: mysql_tenant job 2 FAILED \(result -9080/);
      const recorded = e.resources().find((r) => r.name === "pre-release");
      assert.ok(recorded?.initErrors?.length, "recorded as created but failed to initialize");
      assert.strictEqual((recorded?.outputs.jobs as { jobId: number }[])[0].jobId, 2);
      const destroyed = ok(await e.destroy());
      assert.strictEqual(ops(destroyed).length, 4);
      assert.deepStrictEqual(e.resources(), []);
    } finally {
      await stopEmulator(h);
    }
  });
});

describe("restore-drill as `pulumi up` runs it", function () {
  this.timeout(300000);
  before(async function () {
    this.timeout(600000);
    await installExamples();
  });

  it("preview sends nothing; up backs up, restores into the scratch tenant, waits for SUCCESS and logs in to it; destroy drops the tenant, its pool and unit", async () => {
    const h = await fastEmulator({ backupDurationMs: 1500 });
    const e = engineFor(exampleDir("restore-drill"), emulatorConfig(h));
    try {
      const preview = ok(await e.preview());
      assert.ok(ops(preview).every((o) => o === "create") && ops(preview).includes("create"));
      assert.deepStrictEqual(alters(h), [], "preview sends no statement");
      const up = ok(await e.up());
      assert.strictEqual(up.outputs.restoreStatus, "SUCCESS");
      assert.match(String(up.outputs.restoredTenant), /^mysql_tenant_drill \(TENANT_ID \d+, NORMAL, PRIMARY\)$/);
      assert.match(String(up.outputs.scratchAnswers), /^logged in to mysql_tenant_drill: /);
      assert.deepStrictEqual(h.sql("SELECT STATUS FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'mysql_tenant_drill'"), [{ STATUS: "NORMAL" }]);
      const restored = h.statements().filter((s) => /^ALTER SYSTEM RESTORE/.test(s.sql) && s.errno === null);
      assert.strictEqual(restored.length, 1);
      assert.ok(ok(await e.destroy()));
      assert.deepStrictEqual(h.sql("SELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'mysql_tenant_drill'"), []);
      assert.deepStrictEqual(h.sql("SELECT NAME FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME = 'mysql_tenant_drill_restore_pool'"), []);
      assert.deepStrictEqual(e.resources(), []);
    } finally {
      await stopEmulator(h);
    }
  });
});

describe("the demo (npm run demo)", function () {
  this.timeout(300000);
  before(async function () {
    this.timeout(600000);
    await installExamples();
  });
  const account = async (engine: "pulumi" | "pulumi-standin") => {
    const lines: string[] = [];
    const { statements, results, engine: used } = await runDemo({ print: (l) => lines.push(l), backupDurationMs: 90000, engine });
    const text = lines.join("\n");
    assert.strictEqual(used, engine);
    assert.deepStrictEqual(results.map((r) => r.errors), [[], [], []], text);
    assert.match(text, engine === "pulumi" ? /\nEngine: the Pulumi CLI v3\.\d+\.\d+ \(/ : /\nEngine: pulumi-standin, our stand-in/);
    assert.match(text, /== pulumi up {2}\(policy, log archive, a running backup\)\n(?: {2}\+ create {3}\S+ \S+\n)* {2}\+ create {3}BackupDestination mysql_tenant-destination/);
    assert.match(text, /== pulumi up {2}\(jobState=cancelled\)[\s\S]*~ update {3}BackupJob demo-backup/);
    assert.match(text, /backupStatus: CANCELED/);
    // the cancel starts no cleanup; the demo moves the emulator's clock to the hourly trigger and says so (§0.2)
    assert.match(text, /== OceanBase's automatic cleanup \(hourly trigger\)\n {2}after the cancel: backup set 1: INCOMPLETE; the cancel starts no cleanup job\n/);
    assert.match(text, /moving the emulator's clock \d+ min forward to its next hourly cleanup trigger \(a real server: within the hour after the cancel\)/);
    assert.match(text, /after the trigger's DELETE OBSOLETE BACKUP job: backup set 1: DELETED/);
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
  };
  it("runs the top-level Pulumi.yaml under the real Pulumi CLI and prints the account: resources, SQL sent, statuses read back", async function () {
    requireCli(this);
    await account("pulumi");
  });
  it("runs the same under the stand-in (what a machine without the CLI runs), and says so", async () => {
    await account("pulumi-standin");
  });
});
