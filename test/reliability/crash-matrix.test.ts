// The crash matrix (issue 17): for each statement a resource sends, the engine and everything it started (its
// process group and every descendant: the real CLI's plugins run in groups of their own) are SIGKILLed right
// after the emulator receives it (the statement runs; nothing reaches the state), then the next
// `up`, `refresh` and `destroy` run. Every run must end well: one job per declared backup, never 9036, the
// views consistent with the state, and nothing left running that no resource owns. Also: the dynamic-provider
// host alone killed after BACKUP.
//
// The engine is a parameter: `runEngine(engineBin, args, cwd, env)` runs any CLI that takes Pulumi's commands, and
// the matrix runs through each of ENGINES: `pulumi-standin`, and the real `pulumi` CLI when one is built (else its
// tests are skipped, the reason in their titles). Figures are printed per engine beside the reliability suite's:
// kills injected, survived, jobs lost, jobs doubled.

import assert = require("assert");
import { ChildProcess, spawn } from "child_process";
import type { Context } from "mocha";
import fs = require("fs");
import os = require("os");
import path = require("path");
import { EmulatorHandle } from "../../emulator";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";
import { exampleDir, installExamples, root } from "../support/projects";
import { cliDir, requireCli } from "../support/pulumi-cli";
import { offlineCliEnv } from "../../scripts/pulumi-cli-paths";

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

const STACK = "crash";
const PASSPHRASE = "crash-passphrase";
/** what the provider reads from the environment: short polls, and a short wait for a job to show in the views */
const PROVIDER_ENV = { OCEANBASE_POLL_INTERVAL_MS: "40", OCEANBASE_IDENTIFY_GRACE_MS: "500" };

interface Engine {
  name: string;
  /** the command line; undefined when this engine is not on this machine */
  bin: string[] | undefined;
  /** skips the test (the reason in its title) when `bin` is undefined */
  require: (ctx: Context) => void;
  /** readies the stack in a fresh project directory; the environment every command runs in */
  init: (dir: string) => Promise<NodeJS.ProcessEnv>;
  /** the file the stack's state is written to, in the project directory `init` readied */
  stateFile: (dir: string) => string;
  /** what a user runs after the engine was killed, before running the command again */
  afterKill: string[][];
  /** the refresh a user runs after that command (what the engine's warnings ask for) */
  refresh: string[];
}

const projectName = (dir: string) => /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"))![1];

const ENGINES: Engine[] = [
  {
    name: "pulumi-standin",
    bin: [process.execPath, path.join(root, "bin/pulumi-standin.js")],
    require: () => undefined,
    init: async () => ({ PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, ...PROVIDER_ENV }),
    stateFile: (dir) => path.join(dir, ".pulumi-local", `${STACK}.json`),
    // it takes no lock, and a create it never finished leaves nothing in its state
    afterKill: [],
    refresh: ["refresh"],
  },
  {
    name: "pulumi",
    bin: cliDir ? [path.join(cliDir, "pulumi")] : undefined,
    require: (ctx) => void requireCli(ctx),
    // `pulumi login --local` as a file backend of the project's own (PULUMI_BACKEND_URL), so that each
    // scenario starts from no stack, with a throwaway PULUMI_HOME and no plugin download
    init: async (dir) => {
      const env = { ...offlineCliEnv(cliDir!, path.join(dir, ".pulumi-cli"), PASSPHRASE), ...PROVIDER_ENV };
      const r = await runEngine([path.join(cliDir!, "pulumi")], ["stack", "init", STACK, "--non-interactive"], dir, env);
      assert.strictEqual(r.code, 0, `pulumi stack init: ${r.output}`);
      return env;
    },
    // a file backend keeps each stack under its project's name
    stateFile: (dir) => path.join(dir, ".pulumi-cli", "state", ".pulumi", "stacks", projectName(dir), `${STACK}.json`),
    // the killed run's lock stays in the backend, and every later command refuses the stack ("the stack is
    // currently locked by 1 lock(s) ... delete the lock file with `pulumi cancel`"): the user does so
    afterKill: [["cancel"]],
    // A create the kill interrupted stays in the state as a pending operation. v3.276's next `up` proceeds: it
    // warns ("Attempting to deploy or update resources with 1 pending operations from previous deployment"), runs
    // the create again as a new one (the provider adopts the job by its marker) and keeps the pending create in the
    // state, even through a later `destroy`. The warning asks for `pulumi refresh`, which clears pending
    // creates only when run interactively (the user answers "clear": the retry created the resource already), or
    // non-interactively with --clear-pending-creates. Interrupted updates and deletes are settled by the next run.
    refresh: ["refresh", "--clear-pending-creates"],
  },
];

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
  outputs: Record<string, unknown>;
}

interface Snapshot {
  resources: (Recorded & { custom: boolean })[];
  pending_operations?: { type: string; resource: { urn: string } }[];
}

/** The stack's state: the stand-in's file is the snapshot, the CLI's wraps it in a checkpoint. */
function snapshotOf(engine: Engine, dir: string): Snapshot {
  const file = engine.stateFile(dir);
  if (!fs.existsSync(file)) return { resources: [] };
  const text = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot & { checkpoint?: { latest?: Snapshot } };
  const snapshot = text.checkpoint ? text.checkpoint.latest : text;
  // the CLI leaves out an empty list
  return { ...snapshot, resources: snapshot?.resources ?? [] };
}

/** The operations the state says were under way when the engine died, for the report. */
const pendingOf = (engine: Engine, dir: string): string[] =>
  (snapshotOf(engine, dir).pending_operations ?? []).map((o) => `${o.type} ${o.resource.urn.split("::").slice(-2).join("::")}`);

/** The program's resources the state records (the CLI also records the default provider, which owns nothing). */
const stateOf = (engine: Engine, dir: string): Recorded[] => snapshotOf(engine, dir).resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));

/** SIGKILLs `targets()` (a negative number: a process group) the moment the emulator receives a statement matching `match`. */
function killOn(h: EmulatorHandle, match: RegExp, targets: () => number[] | undefined): { fired: () => boolean } {
  let fired = false;
  h.faults.dropOnStatement((sql) => {
    if (fired || !match.test(sql)) return false;
    const pids = targets();
    if (!pids?.length) return false;
    fired = true;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    return true; // it runs; its reply is lost with the connection
  }, "after");
  return { fired: () => fired };
}

/**
 * Kills the engine `child()` with everything it started: its process group and every descendant. Pulumi starts
 * each plugin (language host, dynamic-provider host) in a process group of its own, so that a terminal's Ctrl-C
 * reaches the CLI alone; killing only the CLI's group used to leave them running, orphaned. A machine lost, or an
 * OOM kill of the container, takes them all. `alone`: the engine process only, as `kill -9 <pid>` or an OOM kill
 * of that one process does; what it started is orphaned and must leave by itself. `family()`: its descendants at
 * the kill, for the check that none of them lives on.
 */
function killEngineOn(h: EmulatorHandle, match: RegExp, child: () => ChildProcess | undefined, alone = false): { fired: () => boolean; family: () => number[] } {
  let family: number[] = [];
  const kill = killOn(h, match, () => {
    const pid = child()?.pid;
    if (pid === undefined) return undefined;
    family = descendants(pid);
    return alone ? [pid] : [-pid, ...family];
  });
  return { fired: kill.fired, family: () => family };
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
function account(h: EmulatorHandle, engine: Engine, dir: string, declared: number): { unowned: Row[]; doubled: number } {
  const owned = new Set<string>();
  for (const r of stateOf(engine, dir).filter((x) => x.type.endsWith("BackupJob"))) {
    for (const j of (r.outputs.jobs as { tenantId: number; jobId: number }[]) ?? []) owned.add(`${j.tenantId}/${j.jobId}`);
  }
  const rows = jobRows(h);
  const unowned = rows.filter((r) => ["INIT", "DOING"].includes(String(r.STATUS)) && !owned.has(`${r.TENANT_ID}/${r.JOB_ID}`));
  return { unowned, doubled: Math.max(0, rows.length - declared) };
}

interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

/** Every live process (zombies left out: they run nothing). */
function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // after "pid (comm) ": the comm may hold spaces and parentheses, so read past its last ")"
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    let cmdline = "";
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
      // exited meanwhile: its stat was read, so it is listed as it was
    }
    if (state !== "Z") found.push({ pid: Number(entry), ppid: Number(ppid), cmdline });
  }
  return found;
}

/** The processes started, directly or not, by `pid` (the engine's plugins and the program's node among them). */
function descendants(pid: number): number[] {
  const all = processes();
  const found: number[] = [];
  for (let next = [pid]; next.length; ) {
    next = all.filter((p) => next.includes(p.ppid)).map((p) => p.pid);
    found.push(...next);
  }
  return found;
}

/**
 * Those of `pids` still running a while after their group's SIGKILL. The engine's `close` comes when its own pipes
 * close; a plugin with pipes of its own may still be tearing down then, so each gets a few seconds to be gone.
 */
async function outlived(pids: number[]): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const alive = processes().filter((x) => pids.includes(x.pid));
    if (!alive.length || Date.now() > deadline) return alive.map((x) => `${x.pid}: ${x.cmdline}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The dynamic-provider host among `pid`'s descendants: node running @pulumi/pulumi's cmd/dynamic-provider (under
 * the CLI, the plugin shim pulumi-resource-pulumi-nodejs exec'd it; the shim's own `node -e require.resolve(…)`
 * names the package directory, not its index.js).
 */
function providerHost(pid: number): number | undefined {
  const family = descendants(pid);
  return processes().find((p) => family.includes(p.pid) && p.cmdline.split(" ").some((arg) => arg.endsWith(path.join("cmd", "dynamic-provider", "index.js"))))?.pid;
}

for (const engine of ENGINES) {
  describe(`crash matrix through ${engine.name} (issue 17)`, function () {
    this.timeout(240000);
    const figures = { kills: 0, survived: 0, jobsLost: 0, jobsDoubled: 0 };
    /** what each retry sent that changes anything, for the report */
    const retrySent: string[] = [];
    before(async function () {
      this.timeout(600000);
      if (engine.bin) await installExamples();
    });
    after(() => {
      if (!engine.bin) return;
      process.stdout.write(
        `\n    crash matrix figures (${engine.name}): ${figures.kills} kills injected, ${figures.survived} survived, ${figures.jobsLost} jobs lost, ${figures.jobsDoubled} jobs doubled\n` +
          retrySent.map((l) => `      ${l}\n`).join(""),
      );
      assert.strictEqual(figures.jobsLost, 0);
      assert.strictEqual(figures.jobsDoubled, 0);
    });

    /** One scenario's project: its directory and the environment its commands run in. */
    interface Project {
      dir: string;
      env: NodeJS.ProcessEnv;
    }
    // Without a preview: it sends no ALTER SYSTEM (Check and Diff only read), so the kills land in the same
    // statements either way, and the CLI runs each command in about half the time. `--yes` and `--non-interactive`: the
    // CLI refuses to change anything without a terminal otherwise; the stand-in accepts and ignores them.
    const run = (p: Project, args: string[], onStart?: (c: ChildProcess) => void) =>
      runEngine(engine.bin!, [...args, ...(args[0] === "cancel" ? [] : ["--skip-preview"]), "--yes", "--non-interactive", "-s", STACK], p.dir, p.env, onStart);
    /** Checks that nothing the engine started outlived the kill, then runs what the user runs next (each must succeed). */
    const afterKill = async (p: Project, what: string, family: number[]) => {
      // a plugin left running could finish the create after all, and race the next run
      assert.ok(family.length > 0, `${what}: no process of the engine's seen at the kill`);
      assert.deepStrictEqual(await outlived(family), [], `${what}: part of the engine outlived the kill`);
      for (const args of engine.afterKill) ok(await run(p, args), `${what}: ${args.join(" ")}`);
    };
    const ok = (r: EngineRun, what: string) => {
      assert.strictEqual(r.code, 0, `${what} failed (${r.signal ?? r.code}):\n${r.output}`);
      assert.doesNotMatch(r.output, /9036|error serializing/, `${what}:\n${r.output}`);
      return r;
    };

    /** A test of this engine: skipped, the reason in its title, when the engine is not on this machine. */
    const test = (title: string, fn: () => Promise<void>) =>
      it(title, function () {
        engine.require(this);
        return fn();
      });

    /** A fresh emulator (a two-minute backup) and project directory for one scenario; a scenario that returns survived. */
    async function scenario(makeDir: (h: EmulatorHandle) => string, fn: (h: EmulatorHandle, p: Project) => Promise<void>): Promise<void> {
      const h = await fastEmulator({ backupDurationMs: 120000 });
      const dir = makeDir(h);
      try {
        await fn(h, { dir, env: await engine.init(dir) });
        figures.survived++;
      } finally {
        await stopEmulator(h);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }

    /** The run that dies, then the same command again (and after an up: refresh and destroy). */
    function crashThenRecover(statement: RegExp, label: string, setup?: (h: EmulatorHandle, p: Project) => Promise<void>, killHost = false): Promise<void> {
      return scenario(project, async (h, p) => {
        if (setup) await setup(h, p);
        const phase = label.startsWith("destroy") ? "destroy" : "up";
        let child: ChildProcess | undefined;
        const host = () => {
          const pid = child?.pid === undefined ? undefined : providerHost(child.pid);
          return pid === undefined ? undefined : [pid];
        };
        const kill: { fired: () => boolean; family?: () => number[] } = killHost ? killOn(h, statement, host) : killEngineOn(h, statement, () => child);
        figures.kills++;
        const died = await run(p, [phase], (c) => (child = c));
        assert.ok(kill.fired(), `${label}: the statement never came:\n${died.output}`);
        if (kill.family) {
          assert.strictEqual(died.signal, "SIGKILL", `${label}: the engine was not killed:\n${died.output}`);
          await afterKill(p, label, kill.family());
        }
        // the next run of the same command
        const from = h.statements().length;
        ok(await run(p, [phase]), `${label}: the ${phase} after the kill`);
        retrySent.push(`${label}: the next ${phase} sent ${JSON.stringify(changes(h, from))}; pending after it: ${JSON.stringify(pendingOf(engine, p.dir))}`);
        if (phase === "up") {
          ok(await run(p, engine.refresh), `${label}: refresh`);
          assert.deepStrictEqual(snapshotOf(engine, p.dir).pending_operations ?? [], [], `${label}: operations still pending after refresh`);
          // the program declares one backup of one tenant: one tenant job, ever
          const a = account(h, engine, p.dir, 1);
          figures.jobsLost += a.unowned.length;
          figures.jobsDoubled += a.doubled;
          assert.deepStrictEqual(a.unowned, [], `${label}: jobs running that no resource owns`);
          assert.strictEqual(a.doubled, 0, `${label}: jobs doubled: ${JSON.stringify(jobRows(h))}`);
          // the views as the state says: the recorded job's status is the live one (or the one just before it: the
          // job may have gone from INIT to DOING since the refresh read it)
          const recorded = stateOf(engine, p.dir).find((r) => r.type.endsWith("BackupJob"));
          if (recorded) {
            const live = jobRows(h).find((r) => (recorded.outputs.jobs as { jobId: number }[]).some((j) => Number(r.JOB_ID) === j.jobId));
            const status = (recorded.outputs.jobs as { status: string }[])[0]?.status;
            assert.ok(status === live?.STATUS || (status === "INIT" && live?.STATUS === "DOING"), `${label}: state (${status}) and views (${live?.STATUS}) disagree`);
          }
          ok(await run(p, ["destroy"]), `${label}: destroy`);
        }
        assert.deepStrictEqual(stateOf(engine, p.dir), [], `${label}: destroy left resources`);
        assert.deepStrictEqual(snapshotOf(engine, p.dir).pending_operations ?? [], [], `${label}: operations still pending after destroy`);
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
      test(`up killed (process tree, SIGKILL) right after ${label}: the next up, refresh and destroy end well`, () => crashThenRecover(statement, `up after ${label}`));
    }

    test("the engine process alone killed (its plugins orphaned) right after ARCHIVELOG: they exit by themselves, the next up, refresh and destroy end well", () =>
      scenario(project, async (h, p) => {
        let child: ChildProcess | undefined;
        const kill = killEngineOn(h, /^ALTER SYSTEM ARCHIVELOG/, () => child, true);
        figures.kills++;
        const died = await run(p, ["up"], (c) => (child = c));
        assert.ok(kill.fired() && died.signal === "SIGKILL", died.output);
        // an orphaned dynamic-provider host would go on with its create (the wait for DOING) and whatever follows
        await afterKill(p, "engine alone killed after ARCHIVELOG", kill.family());
        const from = h.statements().length;
        ok(await run(p, ["up"]), "the up after the kill");
        retrySent.push(`engine alone killed after ARCHIVELOG: the next up sent ${JSON.stringify(changes(h, from))}; pending after it: ${JSON.stringify(pendingOf(engine, p.dir))}`);
        ok(await run(p, engine.refresh), "refresh");
        const a = account(h, engine, p.dir, 1);
        figures.jobsLost += a.unowned.length;
        figures.jobsDoubled += a.doubled;
        assert.deepStrictEqual(a.unowned, []);
        assert.strictEqual(a.doubled, 0);
        ok(await run(p, ["destroy"]), "destroy");
        assert.deepStrictEqual(stateOf(engine, p.dir), []);
      }));

    test("the dynamic-provider host alone killed right after BACKUP: the next up adopts the job", () => crashThenRecover(/^ALTER SYSTEM BACKUP/, "up, host killed after BACKUP", undefined, true));

    test("the flip to cancelled killed right after CANCEL: the next up waits for CANCELED and sends no second CANCEL", () =>
      scenario(project, async (h, p) => {
        ok(await run(p, ["up"]), "up");
        let child: ChildProcess | undefined;
        const kill = killEngineOn(h, /^ALTER SYSTEM CANCEL BACKUP/, () => child);
        figures.kills++;
        await run(p, ["up", "-c", "jobState=cancelled"], (c) => (child = c));
        assert.ok(kill.fired());
        await afterKill(p, "flip to cancelled after CANCEL", kill.family());
        const from = h.statements().length;
        ok(await run(p, ["up", "-c", "jobState=cancelled"]), "the up after the kill");
        retrySent.push(`flip to cancelled after CANCEL: the next up sent ${JSON.stringify(changes(h, from))}; pending after it: ${JSON.stringify(pendingOf(engine, p.dir))}`);
        assert.deepStrictEqual(changes(h, from), [], "no second CANCEL");
        const recorded = stateOf(engine, p.dir).find((r) => r.type.endsWith("BackupJob"));
        assert.strictEqual(recorded?.outputs.status, "CANCELED");
        ok(await run(p, ["destroy", "-c", "jobState=cancelled"]), "destroy");
        assert.deepStrictEqual(stateOf(engine, p.dir), []);
      }));

    test("the issue's scenario as written: examples/cancel-backup (mode sys-tenant) killed right after BACKUP, then up: one running job owned by the resource, no error", async () => {
      await scenario(exampleProject, async (h, p) => {
        await readyTenant(h, "mysql_tenant");
        let child: ChildProcess | undefined;
        const kill = killEngineOn(h, /^ALTER SYSTEM BACKUP TENANT = mysql_tenant/, () => child);
        figures.kills++;
        const died = await run(p, ["up"], (c) => (child = c));
        assert.ok(kill.fired() && died.signal === "SIGKILL", died.output);
        assert.deepStrictEqual(stateOf(engine, p.dir), [], "the create never returned: nothing recorded");
        await afterKill(p, "examples/cancel-backup after BACKUP", kill.family());
        const from = h.statements().length;
        const up = ok(await run(p, ["up"]), "the next up");
        retrySent.push(`examples/cancel-backup after BACKUP: the next up sent ${JSON.stringify(changes(h, from))}; pending after it: ${JSON.stringify(pendingOf(engine, p.dir))}`);
        assert.deepStrictEqual(changes(h, from), []);
        assert.match(up.output, /is adopted, and no second BACKUP is sent/);
        const running = jobRows(h).filter((r) => ["INIT", "DOING"].includes(String(r.STATUS)));
        assert.strictEqual(running.length, 1);
        const owned = stateOf(engine, p.dir).find((r) => r.type.endsWith("BackupJob"))?.outputs.jobs as { jobId: number }[];
        assert.deepStrictEqual(owned.map((j) => j.jobId), [Number(running[0].JOB_ID)]);
        ok(await run(p, ["destroy"]), "destroy");
      });
    });

    const destroyStatements: [string, RegExp][] = [
      ["CANCEL BACKUP", /^ALTER SYSTEM CANCEL BACKUP/],
      ["NOARCHIVELOG", /^ALTER SYSTEM NOARCHIVELOG/],
      ["DROP DELETE BACKUP POLICY", /^ALTER SYSTEM DROP DELETE BACKUP POLICY/],
      ["SET DATA_BACKUP_DEST (restore)", /^ALTER SYSTEM SET DATA_BACKUP_DEST/],
    ];
    for (const [label, statement] of destroyStatements) {
      test(`destroy killed right after ${label}: the next destroy ends well, nothing left running`, () =>
        crashThenRecover(statement, `destroy after ${label}`, async (_h, p) => {
          ok(await run(p, ["up"]), "up");
        }));
    }
  });
}
