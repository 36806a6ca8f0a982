// The operations again, this time through the real engine: the real `pulumi` CLI (its Go engine) runs a tiny
// program (real-engine-program.js) with `pulumi up`, `refresh` and `destroy`, and starts Pulumi's dynamic-provider
// host itself, as it does for any user. Each step is timed three ways at once:
//   - by the engine, from its own log (-v=7, JSON lines with ns timestamps): the step (for a create, from the
//     program's RegisterResource arriving to its answer; for a refresh or delete, from the previous step's
//     retirement to this one's), and each call to the provider host from "executing" to "success";
//   - by the host, in its process (host-timing.js, preloaded): each gRPC handler from the request's arrival to
//     its answer, and the provider's own functions inside it.
// So a step splits into the engine's own work (the step less its calls), the gRPC transport and the engine's Go
// client (a call less the host's handler), Pulumi's host around the provider, and the provider.
// Also the wall time of `pulumi up` of two examples under the real CLI against the engine stand-in.

import { spawn } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import { EmulatorHandle, startEmulator } from "../emulator";
import { LocalEngine } from "../engine";
import { npmInstall } from "../engine/install";
import { findPulumiCli } from "../scripts/pulumi-cli-paths";
import { readyTenant } from "../test/support/provider";
import { projectDir, withEnv } from "./host";
import { median, round, Spread, spreadOf, until } from "./measure";
import { HOST_HOP } from "./operations";

/** The parts of one operation's time under the real engine (medians over its steps). */
export interface EngineSplit {
  /** steps measured */
  steps: number;
  /** the engine's step, when the operation is one (the Check of a create is a call, not a step) */
  stepMs?: number;
  /** of the step, the engine's own work: the step less its calls to the host (a create's Check included) */
  engineMs?: number;
  /**
   * the engine's request to its answer, as the engine saw it: the operation's call (a create's Create; its Check
   * is a call of its own, the Check row's)
   */
  callMs: number;
  /** samples and p25–p75 of callMs */
  callSpread: Spread;
  /** of the call, the gRPC transport and the engine's (Go) client: the call less the host's handler */
  transportMs: number;
  /** of the calls, Pulumi's host around the provider */
  hostMs: number;
  /** of the calls, the provider's own functions in the host's process */
  providerMs: number;
  /** statements the emulator received during the step */
  statements: number;
}

export interface RealEngineOp {
  /** the stand-in table's name for the same operation */
  operation: string;
  rttMs: number;
  real: EngineSplit;
  /**
   * reads: raw mysql2 sending the statement each measured read sent, to the same emulator at the same round trip
   * while it holds what they read (19 tenants, not the stand-in's emulator's two), median ms
   */
  rawMs?: number;
  rawSpread?: Spread;
}

export interface ExampleUp {
  example: string;
  runs: number;
  /** medians, ms, spawn (or call) to exit */
  realCliMs: number;
  standInMs: number;
  resources: number;
}

export interface RealEngineResult {
  /** why there are no real-engine figures, when there are none */
  skipped?: string;
  cliDir?: string;
  cliVersion?: string;
  ops: RealEngineOp[];
  examples: ExampleUp[];
}

type Kind = "destination" | "policy" | "archive" | "job";
type Phase = "up" | "refresh" | "destroy";

/**
 * Which of a kind's steps are an operation of the stand-in's tables, and which call is the operation's: the
 * criterion's "engine's request to its answer". A create's step also holds its Check, a call of its own that
 * sends nothing (the Check row); the step's figure (and the engine's own work, the step less every call) counts it.
 */
const OPERATIONS: { kind: Kind; phase: Phase; calls: string[]; operation: string }[] = [
  { kind: "destination", phase: "up", calls: ["create"], operation: "BackupDestination create" },
  { kind: "destination", phase: "refresh", calls: ["read"], operation: "BackupDestination read" },
  { kind: "destination", phase: "destroy", calls: ["delete"], operation: "BackupDestination delete (restore previous)" },
  { kind: "policy", phase: "up", calls: ["create"], operation: "BackupCleanupPolicy create" },
  { kind: "policy", phase: "refresh", calls: ["read"], operation: "BackupCleanupPolicy read" },
  { kind: "policy", phase: "destroy", calls: ["delete"], operation: "BackupCleanupPolicy delete" },
  { kind: "archive", phase: "refresh", calls: ["read"], operation: "LogArchive read" },
  { kind: "job", phase: "refresh", calls: ["read"], operation: "BackupJob read" },
  { kind: "job", phase: "destroy", calls: ["delete"], operation: "BackupJob delete (finished job)" },
];
const KINDS: Kind[] = ["destination", "policy", "archive", "job"];

/**
 * Steps per kind before and after the measured ones. Each `pulumi` run starts its own host, whose JIT (and the
 * provider's pool) is cold: the first steps of a run pay for it, as a deployment's first resources do, and the
 * stand-in's table is of a warm host. Steps after the measured ones keep a destroy's measured deletes (which go
 * in reverse) off its cold start.
 */
const WARM = Number(process.env.BENCH_CLI_WARM_STEPS ?? 5);
const STEPS = Number(process.env.BENCH_CLI_STEPS ?? 15);

export function cliMissing(): string | undefined {
  return findPulumiCli() === undefined
    ? "no Pulumi CLI found: neither $PULUMI_CLI_DIR (or .pulumi-cli/bin, see `npm run pulumi-cli`) nor PATH has `pulumi` with `pulumi-language-nodejs`"
    : undefined;
}

/** The real CLI, offline: its own home, a file backend, no update check, no plugin download. */
class Cli {
  readonly env: NodeJS.ProcessEnv;
  private readonly tmp: string;

  constructor(readonly bin: string) {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ob-bench-cli-"));
    fs.mkdirSync(path.join(this.tmp, "home"));
    fs.mkdirSync(path.join(this.tmp, "state"));
    this.env = {
      ...process.env,
      PATH: [bin, process.env.PATH].filter(Boolean).join(path.delimiter),
      PULUMI_HOME: path.join(this.tmp, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(this.tmp, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "bench",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
  }

  tmpPath(name: string): string {
    return path.join(this.tmp, name);
  }

  /** Runs `pulumi args` in `cwd`; throws with its output when it fails. */
  run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; stdout: string; stderr: string }> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const c = spawn(path.join(this.bin, "pulumi"), [...args, "--non-interactive"], { cwd, env: { ...this.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      c.stdout.on("data", (b: Buffer) => out.push(b));
      c.stderr.on("data", (b: Buffer) => err.push(b));
      c.on("error", reject);
      c.on("close", (code) => {
        const ms = performance.now() - t0;
        const stdout = Buffer.concat(out).toString();
        const stderr = Buffer.concat(err).toString();
        if (code === 0) resolve({ ms, stdout, stderr });
        else reject(new Error(`pulumi ${args.join(" ")} exited ${code}:\n${stdout.slice(-3000)}\n${stderr.split("\n").filter((l) => !l.startsWith("{")).join("\n").slice(-3000)}`));
      });
    });
  }

  close(): void {
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** A line's time in epoch ms, to the nanosecond the log gives (Date.parse stops at the millisecond). */
function logTime(iso: string): number {
  const m = /^(.{19})(?:\.(\d+))?Z$/.exec(iso);
  if (!m) throw new Error(`bench: a log time of no known shape: ${iso}`);
  return Date.parse(`${m[1]}Z`) + (m[2] ? Number(`0.${m[2]}`) * 1000 : 0);
}

interface Call {
  kind: string;
  urn: string;
  start: number;
  end?: number;
}

interface EngineLog {
  calls: Call[];
  /** create steps: RegisterResource received (by name) and answered (by URN) */
  received: Map<string, number>;
  finished: Map<string, number>;
  /** steps retired, in order */
  retired: { urn: string; at: number }[];
}

const CALL = /^Provider\[[^\]]+\]\.(Check|Create|Read|Update|Delete)\((.*?)\) (executing|success)/;
const RECEIVED = /^ResourceMonitor\.RegisterResource received: t=[^,]+, name=([^,]+),/;
const FINISHED = /^ResourceMonitor\.RegisterResource operation finished: t=[^,]+, urn=([^,]+),/;
const RETIRED = /^StepExecutor worker\(\d+\): step \w+ on (\S+) retired/;

function parseEngineLog(stderr: string): EngineLog {
  const log: EngineLog = { calls: [], received: new Map(), finished: new Map(), retired: [] };
  const open = new Map<string, Call>();
  for (const line of stderr.split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry: { time?: string; msg?: string };
    try {
      entry = JSON.parse(line) as { time?: string; msg?: string };
    } catch {
      continue; // a line of a plugin's own output
    }
    if (!entry.time || !entry.msg) continue;
    const at = logTime(entry.time);
    const c = CALL.exec(entry.msg);
    if (c) {
      const urn = /urn:pulumi:[^,)\s]+/.exec(c[2])?.[0] ?? "";
      const key = `${c[1]} ${urn}`;
      if (c[3] === "executing") {
        const call: Call = { kind: c[1].toLowerCase(), urn, start: at };
        open.set(key, call);
        log.calls.push(call);
      } else if (open.has(key)) {
        open.get(key)!.end = at;
        open.delete(key);
      }
      continue;
    }
    const r = RECEIVED.exec(entry.msg);
    if (r) log.received.set(r[1], at);
    const f = FINISHED.exec(entry.msg);
    if (f) log.finished.set(f[1], at);
    const t = RETIRED.exec(entry.msg);
    if (t) log.retired.push({ urn: t[1], at });
  }
  return log;
}

interface HostCall {
  kind: string;
  urn: string;
  handlerMs: number;
  providerMs: number;
}

/**
 * host-timing.js's lines: a provider function's line comes before the line of the handler it ran in (calls are
 * one at a time here), so each handler takes the provider time written since the handler before it.
 */
function parseTimingFile(file: string): HostCall[] {
  const out: HostCall[] = [];
  let pending = 0;
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  for (const line of text.split("\n")) {
    const p = /^bench-timing \w+ ([\d.]+)$/.exec(line);
    if (p) pending += Number(p[1]);
    const h = /^bench-timing-handler (\w+) ([\d.]+) (\S+)$/.exec(line);
    if (h) {
      out.push({ kind: h[1], urn: h[3], handlerMs: Number(h[2]), providerMs: pending });
      pending = 0;
    }
  }
  return out;
}

interface StepSample {
  stepMs?: number;
  /** the operation's calls (see OPERATIONS) */
  callMs: number;
  /** every call of the step's resource in the phase (a create's Check too): what the step less is the engine's */
  allCallsMs: number;
  handlerMs: number;
  providerMs: number;
  statements: string[];
}

function split(samples: StepSample[]): EngineSplit {
  const m = (f: (s: StepSample) => number) => median(samples.map(f));
  const hasStep = samples.every((s) => s.stepMs !== undefined);
  return {
    steps: samples.length,
    stepMs: hasStep ? m((s) => s.stepMs!) : undefined,
    engineMs: hasStep ? m((s) => Math.max(0, s.stepMs! - s.allCallsMs)) : undefined,
    callMs: m((s) => s.callMs),
    callSpread: spreadOf(samples.map((s) => s.callMs)),
    transportMs: m((s) => Math.max(0, s.callMs - s.handlerMs)),
    hostMs: m((s) => Math.max(0, s.handlerMs - s.providerMs)),
    providerMs: m((s) => s.providerMs),
    statements: m((s) => s.statements.length),
  };
}

/** A project in a temp dir running real-engine-program.js, its node_modules the example's (the SDK linked). */
function benchProject(cli: Cli): string {
  const dir = cli.tmpPath("project");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench-real-engine\nruntime: nodejs\nmain: index.js\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-real-engine", private: true }) + "\n");
  fs.copyFileSync(path.join(__dirname, "real-engine-program.js"), path.join(dir, "index.js"));
  fs.symlinkSync(path.join(projectDir, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

const yamlConfig = (config: Record<string, string>) => `config:\n${Object.entries(config).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`;

/**
 * Statements the emulator received between two epoch-ms instants of the engine's log. The emulator's clock runs
 * with the wall clock from a start of its own, so its records are shifted back by that start first (to the
 * millisecond: at 0 ms round trip a neighbouring step's statement can fall in).
 */
function statementsBetween(h: EmulatorHandle, from: number, to: number): string[] {
  const skew = h.now() - Date.now();
  return h.statements().filter((s) => s.at - skew >= from && s.at - skew <= to).map((s) => s.sql);
}

/** Raw mysql2 on one warm connection sending each of `statements` (reads: nothing changes), ms each. */
async function rawReplay(h: EmulatorHandle, statements: string[]): Promise<number[]> {
  if (statements.length === 0) throw new Error("bench: the reads sent no statement to replay");
  const mysql = await import("mysql2/promise");
  const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", dateStrings: true });
  try {
    const out: number[] = [];
    for (const sql of [statements[0], ...statements]) {
      const t0 = performance.now();
      await c.query(sql);
      out.push(performance.now() - t0);
    }
    return out.slice(1); // the first, untimed in effect: the connection's first statement
  } finally {
    await c.end();
  }
}

const TENANTS = Array.from({ length: 2 * WARM + STEPS }, (_, i) => `bench${String(i).padStart(2, "0")}`);

async function kindAt(cli: Cli, dir: string, h: EmulatorHandle, kind: Kind, rtt: number, runNo: number): Promise<{ ops: RealEngineOp[]; checks: StepSample[] }> {
  const stack = "bench";
  fs.writeFileSync(
    path.join(dir, `Pulumi.${stack}.yaml`),
    yamlConfig({
      "oceanbase:host": h.host,
      "oceanbase:port": String(h.port),
      "oceanbase:user": "root",
      "oceanbase:tenant": "sys",
      "bench:kind": kind,
      "bench:tenants": JSON.stringify(TENANTS),
      "bench:tag": `${rtt}-${runNo}`,
    }),
  );
  const measured = TENANTS.slice(WARM, WARM + STEPS).map((_, i) => `${kind}-${WARM + i}`);
  const flags = ["--stack", stack, "--yes", "--skip-preview", "--parallel", "1", "-v=7", "--logtostderr"];
  const phases: Partial<Record<Phase, { log: EngineLog; host: HostCall[] }>> = {};
  const run = async (phase: Phase, timed = true) => {
    const timing = cli.tmpPath(`timing-${kind}-${rtt}-${phase}-${Date.now()}`);
    const preload = `--require ${JSON.stringify(path.join(__dirname, "host-timing.js"))}`;
    // waits (a LogArchive to DOING, a BackupJob identified) are not measured here: short polls keep the run short
    const env = { NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" "), BENCH_TIMING_FILE: timing, OCEANBASE_POLL_INTERVAL_MS: "40" };
    const r = await cli.run([phase, ...flags], dir, env);
    if (timed) phases[phase] = { log: parseEngineLog(r.stderr), host: parseTimingFile(timing) };
  };
  const urnOf = (log: EngineLog, name: string) => [...log.finished.keys(), ...log.retired.map((x) => x.urn), ...log.calls.map((c) => c.urn)].find((u) => u.endsWith(`::${name}`));
  const sampleOf = (phase: Phase, name: string, kinds: string[]): StepSample => {
    const p = phases[phase]!;
    const urn = urnOf(p.log, name);
    if (!urn) throw new Error(`bench: ${name} not in the engine's log of ${phase}`);
    const calls = p.log.calls.filter((c) => c.urn === urn && kinds.includes(c.kind));
    const host = p.host.filter((c) => c.urn === urn && kinds.includes(c.kind));
    if (calls.length !== kinds.length || calls.some((c) => c.end === undefined)) throw new Error(`bench: ${name}'s ${kinds.join("+")} calls not all answered in the engine's log`);
    if (host.length !== kinds.length) throw new Error(`bench: ${name}'s ${kinds.join("+")} calls not all in the host's timing (${host.length})`);
    let from: number | undefined;
    let to: number | undefined;
    if (phase === "up" && kinds.includes("create")) {
      from = p.log.received.get(name);
      to = p.log.finished.get(urn);
    } else if (phase !== "up") {
      const i = p.log.retired.findIndex((x) => x.urn === urn);
      if (i > 0) [from, to] = [p.log.retired[i - 1].at, p.log.retired[i].at];
    }
    const start = Math.min(...calls.map((c) => c.start));
    const end = Math.max(...calls.map((c) => c.end!));
    const every = p.log.calls.filter((c) => c.urn === urn && c.end !== undefined);
    return {
      stepMs: from !== undefined && to !== undefined ? to - from : undefined,
      callMs: calls.reduce((a, c) => a + (c.end! - c.start), 0),
      allCallsMs: every.reduce((a, c) => a + (c.end! - c.start), 0),
      handlerMs: host.reduce((a, c) => a + c.handlerMs, 0),
      providerMs: host.reduce((a, c) => a + c.providerMs, 0),
      statements: statementsBetween(h, from ?? start, to ?? end),
    };
  };
  const mine = OPERATIONS.filter((x) => x.kind === kind);
  await run("up");
  await run("refresh");
  // the reads' statements replayed raw while the emulator holds what they read (before the jobs end, the destroy)
  const rawMs = new Map<string, number[]>();
  for (const o of mine.filter((x) => x.phase === "refresh")) rawMs.set(o.operation, await rawReplay(h, measured.flatMap((n) => sampleOf("refresh", n, o.calls).statements)));
  if (kind === "job") {
    // a finished job's delete is what the stand-in measures: end them all, and let the state say so
    h.faults.roundTripMs = 0;
    await cancelAll(h);
    h.faults.roundTripMs = rtt;
    await run("refresh", false);
  }
  await run("destroy");
  const ops = mine.map((o) => {
    const raw = rawMs.get(o.operation);
    return { operation: o.operation, rttMs: rtt, real: split(measured.map((n) => sampleOf(o.phase, n, o.calls))), rawMs: raw && median(raw), rawSpread: raw && spreadOf(raw) };
  });
  return { ops, checks: measured.map((n) => sampleOf("up", n, ["check"])) };
}

/** Every backup job ended (a CANCEL of all from sys), and moved to the history. */
async function cancelAll(h: EmulatorHandle): Promise<void> {
  const mysql = await import("mysql2/promise");
  const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys" });
  await c.query("ALTER SYSTEM CANCEL BACKUP").catch(() => undefined);
  await c.end();
  await until(() => h.sql("SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS").length === 0, "jobs to end");
}

/** Every real-engine operation at each round trip, each round trip against a fresh emulator. */
async function operationsUnderCli(cli: Cli, rtts: number[]): Promise<RealEngineOp[]> {
  await npmInstall(projectDir);
  const dir = benchProject(cli);
  await cli.run(["stack", "init", "bench"], dir);
  const out: RealEngineOp[] = [];
  for (const rtt of rtts) {
    // as the stand-in's: the real clock, the server's own pace short; jobs run long enough to be read DOING. The
    // scheduler's pass is slower than the stand-in's (its default 100 ms, not 10): with a tenant per step, a pass over
    // them takes ~3 ms, and at 10 ms a third of the reads queued behind one (1 ms became 3–5 at 0 ms round trip),
    // a cost of the emulator's simulation that neither the provider nor the engine has
    const h = await startEmulator({ archiveStartMs: 20, backupDurationMs: 60_000, historyDelayMs: 10, cleanupDurationMs: 10, tickMs: 100, tenants: TENANTS.map((name) => ({ name })) });
    try {
      const checks: StepSample[] = [];
      for (const kind of KINDS) {
        // a backup needs a destination and archiving DOING: set up untimed, after the LogArchive kind left it off
        if (kind === "job") for (const t of TENANTS) await readyTenant(h, t);
        h.faults.roundTripMs = rtt;
        const r = await kindAt(cli, dir, h, kind, rtt, out.length);
        h.faults.roundTripMs = 0;
        out.push(...r.ops);
        checks.push(...r.checks);
      }
      // the Check of every create, a call of its own that sends nothing: the stand-in's first row
      out.unshift({ operation: HOST_HOP, rttMs: rtt, real: split(checks) });
    } finally {
      await h.close();
    }
  }
  // the stand-in's order: round trip, then operation
  return out.sort((a, b) => a.rttMs - b.rttMs);
}

const UP_RUNS = Number(process.env.BENCH_UP_RUNS ?? 3);

interface Example {
  name: string;
  config: Record<string, string>;
  /** what the emulator must have before the up (untimed) */
  prepare: (h: EmulatorHandle) => Promise<void>;
  resources: number;
}

const EXAMPLES: Example[] = [
  { name: "tenant-policy", config: {}, prepare: async () => undefined, resources: 6 },
  { name: "cancel-backup", config: { "oceanbase-cancel-backup:mode": "sys-tenant" }, prepare: (h) => readyTenant(h, "mysql_tenant"), resources: 1 },
];

/** The example's Pulumi.emulator.yaml config, the emulator's address over it, as the tests set it. */
function exampleConfig(dir: string, h: EmulatorHandle, extra: Record<string, string>): Record<string, string> {
  const text = fs.readFileSync(path.join(dir, "Pulumi.emulator.yaml"), "utf8");
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const yaml = require("js-yaml") as typeof import("js-yaml");
  const file = (yaml.load(text) as { config?: Record<string, unknown> }).config ?? {};
  const base = Object.fromEntries(Object.entries(file).map(([k, v]) => [k, String(v)]));
  return { ...base, "oceanbase:host": h.host, "oceanbase:port": String(h.port), ...extra };
}

/** A fresh emulator for one `pulumi up`, with the example's waits as short as the tests make them. */
const exampleEmulator = () => startEmulator({ archiveStartMs: 100, backupDurationMs: 180_000, historyDelayMs: 300, cleanupDurationMs: 200, tickMs: 20 });

async function exampleUp(cli: Cli, ex: Example, run: number): Promise<{ real: number; standIn: number }> {
  const dir = path.join(path.resolve(__dirname, ".."), "examples", ex.name);
  const stack = `bench-${process.pid}-${run}`;
  const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
  const env = { OCEANBASE_POLL_INTERVAL_MS: "40", OCEANBASE_IDENTIFY_GRACE_MS: "500" };
  let real = 0;
  let standIn = 0;
  {
    const h = await exampleEmulator();
    try {
      await ex.prepare(h);
      fs.writeFileSync(stackFile, yamlConfig(exampleConfig(dir, h, ex.config)));
      await cli.run(["stack", "init", stack], dir);
      real = (await cli.run(["up", "--stack", stack, "--yes", "--skip-preview"], dir, env)).ms;
    } finally {
      fs.rmSync(stackFile, { force: true });
      await h.close();
    }
  }
  {
    const h = await exampleEmulator();
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "ob-bench-up-"));
    try {
      await ex.prepare(h);
      const engine = new LocalEngine({ dir, stack: "emulator", stateFile: path.join(state, "state.json"), config: exampleConfig(dir, h, ex.config) });
      // the stand-in passes this process's environment to the program and the host, as the CLI passes its own
      const r = await withEnv(env, async () => {
        const t0 = performance.now();
        const run = await engine.up();
        standIn = performance.now() - t0;
        return run;
      });
      if (r.exitCode !== 0 || r.errors.length) throw new Error(`stand-in up of ${ex.name} failed: ${r.output.join("\n")}`);
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
      await h.close();
    }
  }
  return { real, standIn };
}

async function examplesUp(cli: Cli): Promise<ExampleUp[]> {
  process.env.PULUMI_CONFIG_PASSPHRASE ??= "bench";
  const out: ExampleUp[] = [];
  for (const ex of EXAMPLES) {
    await npmInstall(path.join(path.resolve(__dirname, ".."), "examples", ex.name));
    // alternated, so that a burst of load on the shared machine hits both sides alike
    const runs = [];
    for (let i = 0; i < UP_RUNS; i++) runs.push(await exampleUp(cli, ex, i));
    out.push({ example: ex.name, runs: UP_RUNS, realCliMs: round(median(runs.map((r) => r.real)), 0), standInMs: round(median(runs.map((r) => r.standIn)), 0), resources: ex.resources });
  }
  return out;
}

export async function underRealEngine(rtts: number[]): Promise<RealEngineResult> {
  const missing = cliMissing();
  if (missing) return { skipped: missing, ops: [], examples: [] };
  const cli = new Cli(findPulumiCli()!);
  try {
    const version = (await cli.run(["version"], os.tmpdir())).stdout.trim();
    const ops = await operationsUnderCli(cli, rtts);
    const examples = await examplesUp(cli);
    return { cliDir: cli.bin, cliVersion: version, ops, examples };
  } finally {
    cli.close();
  }
}
