// The crash matrix (issue 17): for each statement a resource sends, the engine's whole process group is
// SIGKILLed right after the emulator receives it (the statement runs; nothing reaches the state), then the next
// `up`, `refresh` and `destroy` run. Every run must end well: one job per declared backup, never 9036, the
// views consistent with the state, and nothing left running that no resource owns. Also: the dynamic-provider
// host alone killed after BACKUP.
//
// The engine is a parameter: `runEngine(engineBin, args, cwd, env)` runs any CLI that takes Pulumi's commands
// (`pulumi-standin` today; the real `pulumi` CLI is a second entry of ENGINES). Figures are printed beside the
// reliability suite's: kills injected, survived, jobs lost, jobs doubled.

import assert = require("assert");
import { ChildProcess, spawn, spawnSync } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import { EmulatorHandle } from "../../emulator";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";
import { exampleDir, installExamples, root } from "../support/projects";

export interface EngineRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Runs one engine command in its own process group (so that the group can be killed as a user's Ctrl-\ or an
 * OOM killer would kill `pulumi up` with everything it started). `onStart` gets the child, for kills.
 */
export function runEngine(engineBin: string[], args: string[], cwd: string, env: NodeJS.ProcessEnv, onStart?: (child: ChildProcess) => void): Promise<EngineRun> {
  const child = spawn(engineBin[0], [...engineBin.slice(1), ...args], { cwd, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  onStart?.(child);
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, output })));
}

/** The engines the matrix runs through; add `{ name: "pulumi", bin: ["pulumi"], stackArgs: [...] }` for the real CLI. */
const ENGINES: { name: string; bin: string[] }[] = [{ name: "pulumi-standin", bin: [process.execPath, path.join(root, "bin/pulumi-standin.js")] }];

const STACK = "crash";
const figures = { kills: 0, survived: 0, jobsLost: 0, jobsDoubled: 0 };
/** what each retry sent that changes anything, for the report */
const retrySent: string[] = [];

const PROGRAM = `// the crash matrix's program: one tenant's policy and a backup of it, in plain JS (no type-check per run)
const pulumi = require("@pulumi/pulumi");
const ob = require("pulumi-oceanbase-backup");
const cfg = new pulumi.Config();
const policy = new ob.TenantBackupPolicy("mysql", {
  tenant: "mysql_tenant",
  dataBackupUri: "file:///crash/mysql/data",
  archiveLocation: "file:///crash/mysql/archive",
  recoveryWindow: "7d",
});
const job = new ob.BackupJob("nightly", { tenants: ["mysql_tenant"], description: "crash matrix", state: cfg.get("jobState") || "running" }, { dependsOn: [policy] });
exports.jobStatus = job.status;
`;

function project(h: EmulatorHandle): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ob-crash-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: crash-matrix\nruntime: nodejs\ndescription: the crash matrix's program\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "crash-matrix", private: true, main: "index.js" }));
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  // the example's install: @pulumi/pulumi and this package (linked to the checkout's dist/)
  fs.symlinkSync(path.join(exampleDir("cancel-backup"), "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(
    path.join(dir, `Pulumi.${STACK}.yaml`),
    `config:\n  oceanbase:host: ${h.host}\n  oceanbase:port: "${h.port}"\n  oceanbase:user: root\n  oceanbase:tenant: sys\n`,
  );
  return dir;
}

/** examples/cancel-backup as its README installs it, mode sys-tenant, in a directory of its own. */
function exampleProject(h: EmulatorHandle): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ob-crash-example-"));
  for (const f of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"]) fs.copyFileSync(path.join(exampleDir("cancel-backup"), f), path.join(dir, f));
  fs.symlinkSync(path.join(exampleDir("cancel-backup"), "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, `Pulumi.${STACK}.yaml`), `config:\n  oceanbase:host: ${h.host}\n  oceanbase:port: "${h.port}"\n  oceanbase:user: root\n  mode: sys-tenant\n`);
  return dir;
}

interface Recorded {
  type: string;
  name: string;
  outputs: Record<string, unknown>;
}

function stateOf(dir: string): Recorded[] {
  const file = path.join(dir, ".pulumi-local", `${STACK}.json`);
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { resources: (Recorded & { custom: boolean })[] }).resources.filter((r) => r.custom);
}

const ENV = { PULUMI_CONFIG_PASSPHRASE: "crash-passphrase", OCEANBASE_POLL_INTERVAL_MS: "40", OCEANBASE_IDENTIFY_GRACE_MS: "500" };

/** Kills the engine's whole process group the moment the emulator receives a statement matching `match`. */
function killGroupOn(h: EmulatorHandle, match: RegExp, target: () => number | undefined): { fired: () => boolean } {
  let fired = false;
  h.faults.dropOnStatement((sql) => {
    if (fired || !match.test(sql)) return false;
    const pid = target();
    if (pid === undefined) return false;
    fired = true;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
    return true; // it runs; its reply is lost with the connection
  }, "after");
  return { fired: () => fired };
}

type Row = Record<string, string | number | null>;
const jobRows = (h: EmulatorHandle): Row[] =>
  h.sql(
    "SELECT TENANT_ID, JOB_ID, STATUS, DESCRIPTION FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID <> 1 UNION ALL SELECT TENANT_ID, JOB_ID, STATUS, DESCRIPTION FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY WHERE TENANT_ID <> 1",
  ) as Row[];
const changes = (h: EmulatorHandle, from: number) =>
  h
    .statements()
    .slice(from)
    .filter((s) => /^ALTER SYSTEM/.test(s.sql))
    .map((s) => `${s.sql.replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")}${s.errno ? ` → ${s.errno}` : ""}`);

/** Jobs the views hold that no recorded BackupJob owns, and how many more than the declared one ever started. */
function account(h: EmulatorHandle, dir: string, declared: number): { unowned: Row[]; doubled: number } {
  const owned = new Set<string>();
  for (const r of stateOf(dir).filter((x) => x.type.endsWith("BackupJob"))) {
    for (const j of (r.outputs.jobs as { tenantId: number; jobId: number }[]) ?? []) owned.add(`${j.tenantId}/${j.jobId}`);
  }
  const rows = jobRows(h);
  const unowned = rows.filter((r) => ["INIT", "DOING"].includes(String(r.STATUS)) && !owned.has(`${r.TENANT_ID}/${r.JOB_ID}`));
  return { unowned, doubled: Math.max(0, rows.length - declared) };
}

for (const engine of ENGINES) {
  describe(`crash matrix through ${engine.name} (issue 17)`, function () {
    this.timeout(240000);
    before(async function () {
      this.timeout(600000);
      await installExamples();
    });
    after(() => {
      process.stdout.write(
        `\n    crash matrix figures (${engine.name}): ${figures.kills} kills injected, ${figures.survived} survived, ${figures.jobsLost} jobs lost, ${figures.jobsDoubled} jobs doubled\n` +
          retrySent.map((l) => `      ${l}\n`).join(""),
      );
      assert.strictEqual(figures.jobsLost, 0);
      assert.strictEqual(figures.jobsDoubled, 0);
    });

    const run = (dir: string, args: string[], onStart?: (c: ChildProcess) => void) => runEngine(engine.bin, [...args, "-s", STACK], dir, ENV, onStart);
    const ok = (r: EngineRun, what: string) => {
      assert.strictEqual(r.code, 0, `${what} failed (${r.signal ?? r.code}):\n${r.output}`);
      assert.doesNotMatch(r.output, /9036|error serializing/, `${what}:\n${r.output}`);
      return r;
    };

    /** A fresh emulator (a two-minute backup) and project directory for one scenario; a scenario that returns survived. */
    async function scenario(makeDir: (h: EmulatorHandle) => string, fn: (h: EmulatorHandle, dir: string) => Promise<void>): Promise<void> {
      const h = await fastEmulator({ backupDurationMs: 120000 });
      const dir = makeDir(h);
      try {
        await fn(h, dir);
        figures.survived++;
      } finally {
        await stopEmulator(h);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }

    /** The run that dies, then the same command again (and after an up: refresh and destroy). */
    function crashThenRecover(statement: RegExp, label: string, setup?: (h: EmulatorHandle, dir: string) => Promise<void>, killHost = false): Promise<void> {
      return scenario(project, async (h, dir) => {
        if (setup) await setup(h, dir);
        const phase = label.startsWith("destroy") ? "destroy" : "up";
        let child: ChildProcess | undefined;
        const hostPid = () => {
          // the dynamic-provider host: a child of the engine running cmd/dynamic-provider
          const out = spawnSync("pgrep", ["-g", String(child?.pid), "-f", "dynamic-provider"], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
          return out.length ? Number(out[0]) : undefined;
        };
        const kill = killGroupOn(h, statement, () => (child?.pid === undefined ? undefined : killHost ? hostPid() : -child.pid));
        figures.kills++;
        const died = await run(dir, [phase, "--yes"], (c) => (child = c));
        assert.ok(kill.fired(), `${label}: the statement never came:\n${died.output}`);
        if (!killHost) assert.strictEqual(died.signal, "SIGKILL", `${label}: the engine was not killed:\n${died.output}`);
        // the next run of the same command
        const from = h.statements().length;
        ok(await run(dir, [phase, "--yes"]), `${label}: the ${phase} after the kill`);
        retrySent.push(`${label}: the next ${phase} sent ${JSON.stringify(changes(h, from))}`);
        if (phase === "up") {
          ok(await run(dir, ["refresh", "--yes"]), `${label}: refresh`);
          // the program declares one backup of one tenant: one tenant job, ever
          const a = account(h, dir, 1);
          figures.jobsLost += a.unowned.length;
          figures.jobsDoubled += a.doubled;
          assert.deepStrictEqual(a.unowned, [], `${label}: jobs running that no resource owns`);
          assert.strictEqual(a.doubled, 0, `${label}: jobs doubled: ${JSON.stringify(jobRows(h))}`);
          // the views as the state says: the recorded job's status is the live one
          const recorded = stateOf(dir).find((r) => r.type.endsWith("BackupJob"));
          if (recorded) {
            const live = jobRows(h).find((r) => (recorded.outputs.jobs as { jobId: number }[]).some((j) => Number(r.JOB_ID) === j.jobId));
            assert.strictEqual((recorded.outputs.jobs as { status: string }[])[0]?.status, live?.STATUS, `${label}: state and views disagree`);
          }
          ok(await run(dir, ["destroy", "--yes"]), `${label}: destroy`);
        }
        assert.deepStrictEqual(stateOf(dir), [], `${label}: destroy left resources`);
        const left = jobRows(h).filter((r) => ["INIT", "DOING"].includes(String(r.STATUS)));
        figures.jobsLost += left.length;
        assert.deepStrictEqual(left, [], `${label}: a job still runs after destroy`);
        assert.strictEqual(h.statements().filter((s) => s.errno === 9036).length, 0, `${label}: a statement met 9036`);
      });
    }

    const upStatements: [string, RegExp][] = [
      ["SET DATA_BACKUP_DEST", /^ALTER SYSTEM SET DATA_BACKUP_DEST/],
      ["ADD DELETE BACKUP POLICY", /^ALTER SYSTEM ADD DELETE BACKUP POLICY/],
      ["SET LOG_ARCHIVE_DEST", /^ALTER SYSTEM SET LOG_ARCHIVE_DEST /],
      ["ARCHIVELOG", /^ALTER SYSTEM ARCHIVELOG/],
      ["BACKUP", /^ALTER SYSTEM BACKUP/],
    ];
    for (const [label, statement] of upStatements) {
      it(`up killed (process group, SIGKILL) right after ${label}: the next up, refresh and destroy end well`, () => crashThenRecover(statement, `up after ${label}`));
    }

    it("the dynamic-provider host alone killed right after BACKUP: the next up adopts the job", () => crashThenRecover(/^ALTER SYSTEM BACKUP/, "up, host killed after BACKUP", undefined, true));

    it("the flip to cancelled killed right after CANCEL: the next up waits for CANCELED and sends no second CANCEL", () =>
      scenario(project, async (h, dir) => {
        ok(await run(dir, ["up", "--yes"]), "up");
        let child: ChildProcess | undefined;
        const kill = killGroupOn(h, /^ALTER SYSTEM CANCEL BACKUP/, () => (child?.pid === undefined ? undefined : -child.pid));
        figures.kills++;
        await run(dir, ["up", "--yes", "-c", "jobState=cancelled"], (c) => (child = c));
        assert.ok(kill.fired());
        const from = h.statements().length;
        ok(await run(dir, ["up", "--yes", "-c", "jobState=cancelled"]), "the up after the kill");
        retrySent.push(`flip to cancelled after CANCEL: the next up sent ${JSON.stringify(changes(h, from))}`);
        assert.deepStrictEqual(changes(h, from), [], "no second CANCEL");
        const recorded = stateOf(dir).find((r) => r.type.endsWith("BackupJob"));
        assert.strictEqual(recorded?.outputs.status, "CANCELED");
        ok(await run(dir, ["destroy", "--yes", "-c", "jobState=cancelled"]), "destroy");
        assert.deepStrictEqual(stateOf(dir), []);
      }));

    it("the issue's scenario as written: examples/cancel-backup (mode sys-tenant) killed right after BACKUP, then up: one running job owned by the resource, no error", async () => {
      await scenario(exampleProject, async (h, dir) => {
        await readyTenant(h, "mysql_tenant");
        let child: ChildProcess | undefined;
        const kill = killGroupOn(h, /^ALTER SYSTEM BACKUP TENANT = mysql_tenant/, () => (child?.pid === undefined ? undefined : -child.pid));
        figures.kills++;
        const died = await run(dir, ["up", "--yes"], (c) => (child = c));
        assert.ok(kill.fired() && died.signal === "SIGKILL", died.output);
        assert.deepStrictEqual(stateOf(dir), [], "the create never returned: nothing recorded");
        const from = h.statements().length;
        const up = ok(await run(dir, ["up", "--yes"]), "the next up");
        retrySent.push(`examples/cancel-backup after BACKUP: the next up sent ${JSON.stringify(changes(h, from))}`);
        assert.deepStrictEqual(changes(h, from), []);
        assert.match(up.output, /is adopted, and no second BACKUP is sent/);
        const running = jobRows(h).filter((r) => ["INIT", "DOING"].includes(String(r.STATUS)));
        assert.strictEqual(running.length, 1);
        const owned = stateOf(dir).find((r) => r.type.endsWith("BackupJob"))?.outputs.jobs as { jobId: number }[];
        assert.deepStrictEqual(owned.map((j) => j.jobId), [Number(running[0].JOB_ID)]);
        ok(await run(dir, ["destroy", "--yes"]), "destroy");
      });
    });

    const destroyStatements: [string, RegExp][] = [
      ["CANCEL BACKUP", /^ALTER SYSTEM CANCEL BACKUP/],
      ["NOARCHIVELOG", /^ALTER SYSTEM NOARCHIVELOG/],
      ["DROP DELETE BACKUP POLICY", /^ALTER SYSTEM DROP DELETE BACKUP POLICY/],
      ["SET DATA_BACKUP_DEST (restore)", /^ALTER SYSTEM SET DATA_BACKUP_DEST/],
    ];
    for (const [label, statement] of destroyStatements) {
      it(`destroy killed right after ${label}: the next destroy ends well, nothing left running`, () =>
        crashThenRecover(statement, `destroy after ${label}`, async (h, dir) => {
          ok(await run(dir, ["up", "--yes"]), "up");
          void h;
        }));
    }
  });
}
