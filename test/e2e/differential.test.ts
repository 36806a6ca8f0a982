// The real Pulumi CLI is the oracle for engine/ (pulumi-standin): each scenario runs through both, each against a
// fresh emulator of its own, and every step must agree on what was done to each resource (create / same / update /
// replace / delete / refresh), on the stack outputs, on success, and on the statements that changed something in
// OceanBase. Neither state may hold a secret in plaintext. Differences that are display only are listed in
// engine/README.md; this test holds everything else equal.

import assert = require("assert");
import type { EmulatorHandle } from "../../emulator";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";
import { emulatorConfig, exampleDir, fixture, installExamples, optionsFixture } from "../support/projects";
import { cliDir, requireCli } from "../support/pulumi-cli";
import { Action, CliEngine, Engine, Outcome, StandinEngine } from "../../scripts/engines";

interface Step {
  /** a change to make before the action: config set, or something done to the server outside Pulumi */
  before?: (h: EmulatorHandle, e: Engine) => Promise<void>;
  action: Action;
}

interface Scenario {
  dir: () => string;
  emulator: () => Promise<EmulatorHandle>;
  config: (h: EmulatorHandle) => Record<string, string>;
  secretKeys?: string[];
  secrets?: string[];
  steps: Step[];
}

interface Observed extends Outcome {
  alters: string[];
  engine: Engine["kind"];
}

const SYS_PASSWORD = "Sys-Diff-Secret-3";

async function sysSql(h: EmulatorHandle, sql: string, password = ""): Promise<void> {
  const mysql = await import("mysql2/promise");
  const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password });
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function untilStatus(h: EmulatorHandle, status: string): Promise<void> {
  const deadline = Date.now() + 20000;
  const q = "SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002 UNION ALL SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID = 1002";
  while (!h.sql(q).some((r) => r.STATUS === status)) {
    if (Date.now() > deadline) throw new Error(`no job reached ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alterLog = (h: EmulatorHandle, from: number) =>
  h
    .statements()
    .slice(from)
    .filter((s) => /^ALTER SYSTEM|^SET ENCRYPTION|^SET DECRYPTION|^CREATE RESOURCE|^DROP /.test(s.sql) && !(s.errno === 4018 && /^ALTER SYSTEM RESTORE/.test(s.sql)))
    .map((s) => `${s.tenant}: ${s.sql.replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")}`)
    .sort();

async function play(s: Scenario, make: (dir: string, config: Record<string, string>, secretKeys: string[]) => Promise<Engine>): Promise<Observed[]> {
  const h = await s.emulator();
  const e = await make(s.dir(), s.config(h), s.secretKeys ?? []);
  try {
    const seen: Observed[] = [];
    for (const step of s.steps) {
      await step.before?.(h, e);
      const from = h.statements().length;
      const outcome = await e.run(step.action);
      // what a person reads: errors without Node stack frames or serialization noise around them
      assert.doesNotMatch(outcome.text, /^\s+at .*:\d+:\d+\)?$|error serializing|unhandled exception/m, `${e.kind} ${step.action}:\n${outcome.text}`);
      seen.push({ ...outcome, alters: alterLog(h, from), engine: e.kind });
    }
    const state = await e.stateText();
    for (const secret of s.secrets ?? []) assert.ok(!state.includes(secret), `${e.kind}: ${secret} in plaintext in the state`);
    return seen;
  } finally {
    await e.dispose();
    await stopEmulator(h);
  }
}

/** Runs the scenario through both engines and holds the stand-in to the CLI, step by step. */
async function differential(s: Scenario): Promise<Observed[]> {
  const real = await play(s, (dir, config, keys) => CliEngine.create(cliDir!, dir, config, keys));
  const standin = await play(s, async (dir, config, keys) => new StandinEngine(dir, config, keys));
  s.steps.forEach((step, i) => {
    // stack outputs are a result of `up` only: the CLI reports the last up's for the others, the stand-in none
    // times are each run's own (a restore's point restored to is when its run took the backup)
    const timeless = (v: unknown) => (v === undefined ? v : JSON.parse(JSON.stringify(v).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")));
    const pick = (o: Observed) => ({ ops: o.ops, outputs: step.action === "up" ? timeless(o.outputs) : undefined, ok: o.ok, alters: o.alters });
    assert.deepStrictEqual(pick(standin[i]), pick(real[i]), `step ${i + 1} (${step.action}) differs: stand-in (actual) vs pulumi (expected)\n--- pulumi printed:\n${real[i].text.slice(-3000)}\n--- stand-in printed:\n${standin[i].text.slice(-3000)}`);
  });
  return real;
}

const set =
  (values: Record<string, string>): Step["before"] =>
  async (_h, e) =>
    e.setConfig(values);

describe("the engine stand-in against the real Pulumi CLI (differential)", function () {
  this.timeout(900000);
  before(async function () {
    this.timeout(600000);
    if (!cliDir) return;
    await installExamples();
  });

  it("cancel-backup: preview, up, the flip to cancelled, refresh, a job cancelled again stays the same, the flip back to running starts a new backup, destroy", async function () {
    requireCli(this);
    const real = await differential({
      dir: () => exampleDir("cancel-backup"),
      emulator: async () => {
        const h = await fastEmulator({ backupDurationMs: 180000, sysPassword: SYS_PASSWORD });
        await readyTenant(h, "mysql_tenant");
        return h;
      },
      config: (h) => emulatorConfig(h, { mode: "sys-tenant", "oceanbase:password": SYS_PASSWORD }),
      secretKeys: ["oceanbase:password"],
      secrets: [SYS_PASSWORD],
      steps: [
        { action: "preview" },
        { action: "up" },
        { before: set({ jobState: "cancelled" }), action: "preview" },
        { action: "up" },
        { action: "refresh" },
        { action: "up" },
        { before: set({ jobState: "running" }), action: "preview" },
        { action: "up" },
        { action: "destroy" },
      ],
    });
    assert.deepStrictEqual(real[0].alters, [], "preview sends nothing");
    assert.deepStrictEqual(real[1].alters, ["sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'cancel-backup example (sys-tenant) [pulumi:KEY]'"]);
    assert.deepStrictEqual(real[2].ops, ["update backup-sys-tenant"]);
    assert.deepStrictEqual(real[3].alters, ["sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"]);
    assert.strictEqual(real[3].outputs.jobStatus, "CANCELED");
    assert.deepStrictEqual(real[5].ops, ["same backup-sys-tenant"], "no perpetual diff");
    // a cancelled backup cannot resume: declaring it running again is a new backup, shown as a replacement
    assert.deepStrictEqual(real[6].ops, ["replace backup-sys-tenant"]);
    assert.deepStrictEqual(real[7].alters, ["sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'cancel-backup example (sys-tenant) [pulumi:KEY]'"]);
    assert.strictEqual(real[7].outputs.jobStatus, "RUNNING");
    assert.deepStrictEqual(real[8].alters, ["sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"], "destroy cancels the running backup it owns");
  });

  it("cancel-backup: a job cancelled outside Pulumi: refresh reads it under both engines alike, then destroy sends nothing more", async function () {
    requireCli(this);
    const real = await differential({
      dir: () => exampleDir("cancel-backup"),
      emulator: async () => {
        const h = await fastEmulator({ backupDurationMs: 180000 });
        await readyTenant(h, "mysql_tenant");
        return h;
      },
      config: (h) => emulatorConfig(h, { mode: "sys-tenant" }),
      steps: [
        { action: "up" },
        {
          before: async (h) => {
            await sysSql(h, "ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant");
            await untilStatus(h, "CANCELED");
          },
          action: "refresh",
        },
        { action: "preview" },
        { action: "destroy" },
      ],
    });
    assert.deepStrictEqual(real[1].ops, ["refresh backup-sys-tenant"]);
    assert.match(real[1].text, /BackupJob backup-sys-tenant updated .*\[diff: ~state\]/, "the refresh shows the outside cancel as a change of state");
    assert.deepStrictEqual(real[2].ops, ["replace backup-sys-tenant"], "a program still declaring running after the outside cancel: a new backup");
    assert.deepStrictEqual(real[3].alters, [], "the job is cancelled already: destroy sends no CANCEL");
  });

  it("tenant-policy: up, a cleanup policy dropped outside Pulumi, refresh, preview shows the drift, up restores it, destroy", async function () {
    requireCli(this);
    const real = await differential({
      dir: () => exampleDir("tenant-policy"),
      emulator: () => fastEmulator(),
      config: (h) => emulatorConfig(h),
      steps: [
        { action: "up" },
        { before: (h) => sysSql(h, "ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = mysql_tenant"), action: "refresh" },
        { action: "preview" },
        { action: "up" },
        { action: "destroy" },
      ],
    });
    assert.strictEqual(real[0].ops.length, 6);
    assert.ok(real[2].ops.includes("update mysql_tenant-cleanup"), real[2].ops.join(", "));
    assert.deepStrictEqual(real[3].alters, ["sys: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = mysql_tenant"]);
  });

  it("resource options: parent, protect, ignoreChanges, dependsOn, replaceOnChanges with deleteBeforeReplace, retainOnDelete", async function () {
    requireCli(this);
    const real = await differential({
      dir: optionsFixture,
      emulator: () => fastEmulator(),
      config: (h) => emulatorConfig(h),
      steps: [
        { action: "up" },
        { before: set({ window: "3d", uri: "file:///options/elsewhere", ignoreUri: "true" }), action: "up" },
        { action: "destroy" },
        { before: set({ protect: "false", retain: "true" }), action: "up" },
        { before: set({ cleanup: "off" }), action: "up" },
        { action: "destroy" },
      ],
    });
    assert.deepStrictEqual(real[1].ops, ["same dest", "update cleanup"], "replaceOnChanges replaces nothing on a dynamic resource");
    assert.deepStrictEqual(real[1].alters, [
      "sys: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '3d' TENANT = mysql_tenant",
      "sys: ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = mysql_tenant",
    ]);
    assert.strictEqual(real[1].outputs.path, "file:///options/data", "the ignored uri kept its old value");
    assert.strictEqual(real[2].ok, false, "a protected resource stops destroy");
    assert.match(real[2].text, /protected/);
    assert.ok(!real[4].alters.some((a) => /DELETE BACKUP POLICY/.test(a)), "a retained resource is not deleted");
  });

  it("one tenant's destination, cleanup and archiving taken over by a TenantBackupPolicy with the same values: the old resources' deletes undo nothing", async function () {
    requireCli(this);
    const real = await differential({
      dir: () => fixture("takeover-project"),
      emulator: () => fastEmulator(),
      config: (h) => emulatorConfig(h),
      steps: [{ action: "up" }, { before: set({ owner: "policy" }), action: "up" }, { action: "destroy" }],
    });
    assert.deepStrictEqual(real[1].ops, ["create mysql-archive", "create mysql-cleanup", "create mysql-destination", "delete archive", "delete cleanup", "delete dest"]);
    // the new cleanup policy's create tries ADD first (refused while a policy exists: it changes nothing), then adopts
    assert.deepStrictEqual(real[1].alters, ["sys: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = mysql_tenant"]);
    assert.match(real[1].text, /another resource of this run took the destination file:\/\/\/takeover\/data over \(a replacement\); it is left as it is/);
    assert.ok(real[2].alters.includes("sys: ALTER SYSTEM NOARCHIVELOG TENANT = mysql_tenant"), "destroy: the new owner turns archiving off");
  });

  it("restore-drill: a restore flipped to cancelled mid-way ends canceled in the views, its tenant and pool gone; refresh; destroy", async function () {
    requireCli(this);
    const afterCancel: string[] = [];
    const real = await differential({
      dir: () => exampleDir("restore-drill"),
      emulator: () => fastEmulator({ restoreDurationMs: 600000 }),
      config: (h) => emulatorConfig(h, { wait: "false" }),
      steps: [
        { action: "up" },
        { before: set({ state: "cancelled" }), action: "up" },
        {
          before: async (h) => {
            const history = h.sql("SELECT STATUS, COMMENT FROM oceanbase.CDB_OB_RESTORE_HISTORY WHERE TENANT_ID = 1 AND RESTORE_TENANT_NAME = 'mysql_tenant_drill'");
            const left = h.sql("SELECT NAME FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME LIKE 'mysql_tenant_drill%' UNION ALL SELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'mysql_tenant_drill'");
            afterCancel.push(`${history.map((r) => `${r.STATUS} ${String(r.COMMENT).replace(/ on .*/, "")}`).join(",")} | left: ${left.length}`);
          },
          action: "refresh",
        },
        { action: "destroy" },
      ],
    });
    assert.strictEqual(real[0].outputs.restoreStatus, "RESTORING");
    assert.ok(real[1].alters.includes("sys: ALTER SYSTEM CANCEL RESTORE mysql_tenant_drill"), real[1].alters.join("\n"));
    assert.strictEqual(real[1].outputs.restoreStatus, "CANCELED");
    // once under each engine: the job FAILED with the drop's code in the history, nothing left of tenant or pool
    assert.deepStrictEqual(afterCancel, Array(2).fill("FAIL ROOTSERVICE : OB_TENANT_NOT_EXIST(-5157) | left: 0"));
  });

  it("pipeline: a backup that fails after it started fails the run and stays recorded; refresh and destroy after that init failure", async function () {
    requireCli(this);
    const real = await differential({
      dir: () => exampleDir("pipeline"),
      emulator: () => fastEmulator({ backupDurationMs: 180000 }),
      config: (h) => emulatorConfig(h, { backupPassword: "Backup-Diff-5" }),
      secretKeys: ["backupPassword"],
      secrets: ["Backup-Diff-5"],
      steps: [
        {
          before: async (h) => {
            // fail mysql_tenant's job as soon as it runs
            void (async () => {
              await untilStatus(h, "DOING").catch(() => untilStatus(h, "INIT"));
              h.failJob("mysql_tenant", undefined, -9080);
            })();
          },
          action: "up",
        },
        { action: "refresh" },
        { action: "destroy" },
      ],
    });
    assert.strictEqual(real[0].ok, false);
    assert.match(real[0].text, /backup did not complete: mysql_tenant job 1 FAILED \(result -9080/);
    assert.ok(real[1].ops.includes("refresh pre-release"), "the recorded job is refreshed");
    assert.ok(real[2].ops.includes("delete pre-release"), "and destroyed");
  });
});

