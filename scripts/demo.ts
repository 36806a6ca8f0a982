// `npm run demo`: the embedded emulator, and the repository's top-level Pulumi project (Pulumi.yaml → the
// program in examples/demo) run by the real Pulumi CLI when `npm run pulumi-cli` built one (or one is on PATH),
// by our stand-in for its engine otherwise (engine/); either way the program runs through Pulumi's own loader and
// its resources on Pulumi's real dynamic-provider host. Up, up with the job cancelled, the emulator's clock moved
// to OceanBase's hourly cleanup trigger, refresh; and a readable account of what was sent and read back.

import { execFileSync } from "child_process";
import path = require("path");
import { EmulatorHandle, startEmulator } from "../emulator";
import { describeStep } from "../engine";
import { npmInstall } from "../engine/install";
import { CliEngine, Engine, Outcome, StandinEngine } from "./engines";
import { findPulumiCli } from "./pulumi-cli-paths";

const root = path.resolve(__dirname, "..");

export interface DemoOptions {
  print?: (line: string) => void;
  /** emulator pace; the demo default lets a person see a job run */
  backupDurationMs?: number;
  /** which engine runs the program; default the real CLI when there is one, the stand-in otherwise */
  engine?: Engine["kind"];
}

export async function runDemo(opts: DemoOptions = {}): Promise<{ results: Outcome[]; statements: string[]; engine: Engine["kind"] }> {
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  process.env.OCEANBASE_POLL_INTERVAL_MS ??= "200";
  // the demo's stack secrets are encrypted with this passphrase; it protects nothing outside the demo
  process.env.PULUMI_CONFIG_PASSPHRASE ??= "demo";
  const cli = opts.engine === "pulumi-standin" ? undefined : findPulumiCli();
  if (opts.engine === "pulumi" && !cli) throw new Error("no Pulumi CLI: run `npm run pulumi-cli` first, or put `pulumi` on PATH");
  await npmInstall(path.join(root, "examples/demo"), (l) => print(`(first run: ${l})`));
  const emulator = await startEmulator({ archiveStartMs: 1000, backupDurationMs: opts.backupDurationMs ?? 60000, historyDelayMs: 1000, cleanupDurationMs: 1000 });
  const config = { "oceanbase:host": emulator.host, "oceanbase:port": String(emulator.port) };
  let engine: Engine | undefined;
  const results: Outcome[] = [];
  const statements: string[] = [];
  let seen = 0;
  const sql = () => {
    const all = emulator.statements().filter((s) => /^ALTER SYSTEM|^SET ENCRYPTION/.test(s.sql));
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh.map((s) => `${s.tenant === "sys" ? "root@sys" : s.tenant}> ${s.sql}${s.errno !== null ? `   -- ERROR ${s.errno}` : ""}`);
  };
  const account = (title: string, r: Outcome) => {
    results.push(r);
    print("");
    print(`== ${title}`);
    for (const s of r.steps) print(describeStep(s));
    const lines = sql();
    statements.push(...lines);
    if (lines.length) {
      print("  SQL sent:");
      for (const l of lines) print(`    ${l}`);
    }
    for (const [k, v] of Object.entries(r.outputs)) print(`  ${k}: ${Array.isArray(v) ? v.join("; ") : String(v)}`);
    for (const e of r.errors) print(`  error: ${e}`);
  };
  try {
    engine = cli
      ? await CliEngine.create(cli, root, config, [], process.env.PULUMI_CONFIG_PASSPHRASE)
      : new StandinEngine(root, config);
    print(`OceanBase backup emulator ${emulator.options.version} on ${emulator.host}:${emulator.port} (tenants: sys, mysql_tenant, oracle_tenant)`);
    print(
      cli
        ? `Engine: the Pulumi CLI ${execFileSync(path.join(cli, "pulumi"), ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).trim()} (${cli}), on a throwaway local backend`
        : "Engine: pulumi-standin, our stand-in for the CLI's engine (no Pulumi CLI found: `npm run pulumi-cli` builds it, about five minutes)",
    );
    print("Program: Pulumi.yaml -> examples/demo/index.ts, run by @pulumi/pulumi/cmd/run, resources on Pulumi's dynamic-provider host");
    account("pulumi up  (policy, log archive, a running backup)", await engine.run("up"));
    await new Promise((r) => setTimeout(r, 3000));
    await engine.setConfig({ "oceanbase-backup-demo:jobState": "cancelled" });
    account("pulumi up  (jobState=cancelled)", await engine.run("up"));
    await untilCleanedUp(emulator, print);
    account("pulumi refresh", await engine.run("refresh"));
    const sets = emulator.sql("SELECT BACKUP_SET_ID, STATUS, FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES", "mysql_tenant");
    const jobs = emulator.sql(
      "SELECT JOB_ID, STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOB_HISTORY UNION ALL SELECT JOB_ID, STATUS, RESULT FROM oceanbase.DBA_OB_BACKUP_JOBS",
      "mysql_tenant",
    );
    const cleanups = emulator.sql(
      "SELECT JOB_ID, TYPE, STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY UNION ALL SELECT JOB_ID, TYPE, STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOBS",
      "mysql_tenant",
    );
    print("");
    print("== read back from OceanBase (mysql_tenant)");
    for (const j of jobs) print(`  backup job ${j.JOB_ID}: ${j.STATUS} (result ${j.RESULT})`);
    for (const s of sets) print(`  backup set ${s.BACKUP_SET_ID}: ${s.STATUS}, file status ${s.FILE_STATUS}`);
    for (const c of cleanups) print(`  cleanup job ${c.JOB_ID}: ${c.TYPE}, ${c.STATUS}`);
    print("");
    print(`State (secrets encrypted): ${engine.stateLocation}`);
    return { results, statements, engine: engine.kind };
  } finally {
    await engine?.dispose(true);
    await emulator.close();
  }
}

const setsOf = (emulator: EmulatorHandle) =>
  emulator.sql("SELECT BACKUP_SET_ID, FILE_STATUS FROM oceanbase.DBA_OB_BACKUP_SET_FILES", "mysql_tenant").map((s) => `backup set ${s.BACKUP_SET_ID}: ${s.FILE_STATUS}`);

/**
 * The page's point, as OceanBase does it: a cancel starts no cleanup; the hourly cleanup trigger (the first an
 * hour after the service starts) clears the incomplete data of tenants with a delete policy (reference §0.2).
 * Nobody waits an hour for a demo, so the emulator's clock is moved to that trigger, and the output says so.
 */
async function untilCleanedUp(emulator: EmulatorHandle, print: (line: string) => void): Promise<void> {
  print("");
  print("== OceanBase's automatic cleanup (hourly trigger)");
  print(`  after the cancel: ${setsOf(emulator).join("; ")}; the cancel starts no cleanup job`);
  const skip = Math.max(0, emulator.nextCleanupTrigger() - emulator.now() + 100);
  print(`  moving the emulator's clock ${Math.round(skip / 60_000)} min forward to its next hourly cleanup trigger (a real server: within the hour after the cancel)`);
  emulator.advance(skip);
  const cleared = () => emulator.sql("SELECT STATUS FROM oceanbase.DBA_OB_BACKUP_DELETE_JOB_HISTORY WHERE TYPE = 'DELETE OBSOLETE BACKUP'", "mysql_tenant").length > 0;
  for (let i = 0; i < 100 && !cleared(); i++) await new Promise((r) => setTimeout(r, 100));
  print(`  after the trigger's DELETE OBSOLETE BACKUP job: ${setsOf(emulator).join("; ")}`);
}

if (require.main === module) {
  runDemo().then(
    (r) => process.exit(r.results.some((x) => !x.ok) ? 1 : 0),
    (e) => {
      process.stderr.write(`demo failed: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
