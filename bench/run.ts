// `npm run bench`: the provider, as `pulumi up` runs it (Pulumi's dynamic-provider host over gRPC), against raw
// mysql2 sending the minimal statements, side by side, at round-trip times of 0, 2 and 20 ms that the emulator
// adds to every reply; then a refresh of 1,000 jobs, the notice-latency curve of waits and the cold start.
// Prints only its tables; writes bench/results.md and bench/results.json. README.md says how each figure is made.

import fs = require("fs");
import path = require("path");
import { startEmulator } from "../emulator";
import { coldStart, ColdStartResult } from "./cold-start";
import { BenchHost, emulatorConfig } from "./host";
import { round, Spread } from "./measure";
import { noticeCurve, NoticeResult } from "./notice";
import { coldProfiles, HOST_HOP, operationsAt, OpResult, warmUp } from "./operations";
import { EngineSplit, RealEngineResult, underRealEngine } from "./real-engine";
import { refreshThroughHost, RefreshResult } from "./refresh";
import { prepareTenant } from "../test/support/provider";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 15);
const WAIT_ITERATIONS = Number(process.env.BENCH_WAIT_ITERATIONS ?? 2);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const RTTS = [0, 2, 20];


async function operations(): Promise<OpResult[]> {
  // real clock, the server's own pace short: what remains of a wait is the client's
  const h = await startEmulator({ archiveStartMs: 20, backupDurationMs: 60_000, historyDelayMs: 10, cleanupDurationMs: 10, tickMs: 10 });
  await prepareTenant(h, "mysql_tenant");
  const host = await BenchHost.start({ config: emulatorConfig(h.host, h.port, coldProfiles()) });
  try {
    await warmUp(h, host);
    const out: OpResult[] = [];
    for (const rtt of RTTS) out.push(...(await operationsAt(h, host, rtt, ITERATIONS, WAIT_ITERATIONS)));
    return out;
  } finally {
    await host.stop();
    await h.close();
  }
}

const ms = (x: number) => String(round(x, x < 10 ? 1 : 0));
const ratio = (o: OpResult) => (o.raw.ms >= 0.05 ? String(round(o.provider.ms / o.raw.ms, 2)) : "–");
const setupOf = (m: OpResult["provider"]) => (m.newConnections ? `${m.setupRoundTrips} (${m.newConnections} conn)` : "0");
const setup = (o: OpResult) => `${setupOf(o.provider)} / ${setupOf(o.raw)}`;

const inProvider = (o: OpResult) => (o.provider.providerMs === undefined ? "–" : ms(o.provider.providerMs));
/** Pulumi's host around the provider: decoding the request, finding the provider, encoding the answer. */
const inHostAround = (o: OpResult) =>
  o.provider.providerMs === undefined || o.provider.handlerMs === undefined ? "–" : ms(Math.max(0, o.provider.handlerMs - o.provider.providerMs));
/** What is left: the gRPC transport both ways and the engine stand-in's client (Node's grpc-js; the CLI's is Go). */
const transport = (o: OpResult) => (o.provider.handlerMs === undefined ? "–" : ms(Math.max(0, o.provider.ms - o.provider.handlerMs)));
/** What the provider itself costs against raw: its time inside the host's process over raw's. */
const providerRatio = (o: OpResult) => (o.provider.providerMs === undefined || o.raw.ms < 0.05 ? "–" : String(round(o.provider.providerMs / o.raw.ms, 2)));

function opTable(ops: OpResult[], rtt: number): string[] {
  return [
    `### ${rtt} ms round trip`,
    ``,
    `| operation | provider ms | of it in the provider, in the host's process | of it Pulumi's host around the provider | of it the gRPC transport and the engine stand-in's client | host calls | raw ms | ratio | the provider's part against raw | statements | minimum | session setup round trips, provider / raw |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...ops
      .filter((o) => o.rttMs === rtt && !o.wait)
      .map((o) => `| ${o.operation} | ${ms(o.provider.ms)} | ${inProvider(o)} | ${inHostAround(o)} | ${transport(o)} | ${o.hostCalls} | ${ms(o.raw.ms)} | ${ratio(o)} | ${providerRatio(o)} | ${o.provider.statements} | ${o.minimum} | ${setup(o)} |`),
    ``,
  ];
}

function waitTable(ops: OpResult[]): string[] {
  return [
    `| operation | RTT ms | server's pace ms | provider ms | provider beyond the server | provider statements: before + command + after | raw ms | raw beyond the server | raw statements: before + command + after | minimum |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...ops
      .filter((o) => o.wait)
      .map((o) => {
        const w = o.wait!;
        const split = (total: number, after: number) => `${total - after - 1} + 1 + ${after}`;
        return `| ${o.operation} | ${o.rttMs} | ${ms(w.serverMs)} | ${ms(o.provider.ms)} | ${ms(w.providerBeyondMs)} | ${split(o.provider.statements, w.providerPolls)} | ${ms(o.raw.ms)} | ${ms(w.rawBeyondMs)} | ${split(o.raw.statements, w.rawPolls)} | ${o.minimum} |`;
      }),
    ``,
  ];
}

const msOr = (x: number | undefined) => (x === undefined ? "–" : ms(x));

/** Under the stand-in, the parts the real engine's table splits the same way (see the operations tables). */
function standInSplit(o: OpResult): string {
  const p = o.provider;
  return `${ms(p.ms)} | ${transport(o)} | ${inHostAround(o)} | ${p.providerMs === undefined ? "–" : ms(p.providerMs)}`;
}

function realSplit(r: EngineSplit | undefined): string {
  if (!r) return "– | – | – | – | – | –";
  return `${msOr(r.stepMs)} | ${msOr(r.engineMs)} | ${ms(r.callMs)} | ${ms(r.transportMs)} | ${ms(r.hostMs)} | ${ms(r.providerMs)}`;
}

function realEngineTables(ops: OpResult[], real: RealEngineResult): string[] {
  if (real.skipped) return [`Skipped: ${real.skipped}.`, ``];
  const find = (o: OpResult) => real.ops.find((r) => r.operation === o.operation && r.rttMs === o.rttMs)?.real;
  return [
    `The real \`pulumi\` CLI (${real.cliVersion}, ${real.cliDir}) running a program of one kind of resource per run (\`pulumi up\`, \`refresh\`, \`destroy\`, \`--parallel 1\`, each resource registered after the one before it), ${real.ops.find((r) => r.operation !== HOST_HOP)?.real.steps ?? 0} measured steps per operation (the Check row: the Checks of every kind's creates) (medians) after warm-up steps in the same run; a create's call is its Create (its Check, a call of its own, is the Check row; the step holds both); the stand-in's figures are the operations tables' above, from the same \`npm run bench\`. How each is split: README.md.`,
    ``,
    ...RTTS.flatMap((rtt) => [
      `### ${rtt} ms round trip`,
      ``,
      `| operation | real engine: step ms | of it the engine's own work (the step less every call, a create's Check too) | of it the operation's call to the host, request to answer (a create: Create) | of the call, gRPC transport and the engine's Go client | of the call, Pulumi's host around the provider | of the call, in the provider | statements in the step | stand-in: its call to the host, request to answer | of it, gRPC transport and the stand-in's grpc-js client | of it, Pulumi's host around the provider | of it, in the provider |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
      ...ops
        .filter((o) => o.rttMs === rtt && !o.wait)
        .map((o) => {
          const r = find(o);
          return `| ${o.operation} | ${realSplit(r)} | ${r ? r.statements : "–"} | ${standInSplit(o)} |`;
        }),
      ``,
    ]),
  ];
}

/** "median (p25–p75, n)" of a figure. */
const withSpread = (x: number, sp: Spread | undefined) => (sp ? `${ms(x)} (${ms(sp.p25)}–${ms(sp.p75)}, n ${sp.n})` : ms(x));

/**
 * At 20 ms: the engine's request to its answer (the operation's call; a create's Check is a call of its own)
 * within 1.2× raw mysql2 sending the minimal statements, or the very statements when the extra ones are kept on
 * purpose (rawSame: BackupDestination create and delete, a new connection's session setup).
 */
function criterionTable(ops: OpResult[], real: RealEngineResult): string[] {
  const BOUND = 1.2;
  const verdict = (x: number, raw: number) => (x <= BOUND * raw ? "met" : "**not met**");
  const rows = ops.filter((o) => o.rttMs === 20 && !o.wait);
  return [
    `At 20 ms round trip, each non-wait operation's time from the engine's request to the host's answer — the operation's own call: a create's Create (its Check is a call of its own, the Check row), a read's Read, a delete's Delete — against ${BOUND}× raw mysql2 sending the minimal statements; where the provider's extra statements are kept on purpose (README, "Statements kept for safety"), against raw sending the same statements: BackupDestination create (its read before the SET and its DEST_ID read) and BackupDestination delete (issue 17's safety read before the SET putting the previous value back), and a first use of connection settings (the session setup its new login sends). The real engine's operations run against an emulator of their own (${real.ops.find((r) => r.rawSpread)?.rawSpread?.n ?? "–"} tenants' resources measured, one resource each): its reads are judged against raw sending the very statements they sent to that emulator, while it holds what they read; the rest against raw on the stand-in's emulator. Figures: median (p25–p75, n samples); the ratio is median over median, both from this run.`,
    ``,
    `| operation | raw | raw ms (p25–p75, n) | raw statements | real engine ms (p25–p75, n) | real engine × raw | real engine statements | real engine | stand-in ms (p25–p75, n) | stand-in × raw | stand-in statements | stand-in |`,
    `|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|`,
    ...rows.map((o) => {
      const raw = o.rawSame ?? o.raw;
      const what = o.rawSame ? `same ${raw.statements} statements${o.rawSameNote ? ` (${o.rawSameNote})` : ""}` : raw.statements === 0 ? "nothing to send" : "minimal";
      const r = real.ops.find((x) => x.operation === o.operation && x.rttMs === 20);
      const rawMs = r?.rawMs ?? raw.ms;
      const rawSp = r?.rawSpread ?? raw.spread;
      const realCells = real.skipped
        ? "skipped | – | – | –"
        : !r
          ? "not measured under the real engine | – | – | –"
          : raw.statements === 0
            ? `${withSpread(r.real.callMs, r.real.callSpread)} | – | ${r.real.statements} | no statement: nothing to compare`
            : `${withSpread(r.real.callMs, r.real.callSpread)} | ${round(r.real.callMs / rawMs, 2)} | ${r.real.statements} | ${verdict(r.real.callMs, rawMs)}`;
      const standIn =
        raw.statements === 0
          ? `${withSpread(o.provider.ms, o.provider.spread)} | – | ${o.provider.statements} | no statement: nothing to compare`
          : `${withSpread(o.provider.ms, o.provider.spread)} | ${round(o.provider.ms / raw.ms, 2)} | ${o.provider.statements} | ${verdict(o.provider.ms, raw.ms)}`;
      const rawCell = r?.rawMs !== undefined ? `${withSpread(r.rawMs, r.rawSpread)} (the real engine's emulator; the stand-in's: ${withSpread(raw.ms, raw.spread)})` : withSpread(rawMs, rawSp);
      return `| ${o.operation} | ${what} | ${rawCell} | ${raw.statements} | ${realCells} | ${standIn} |`;
    }),
    ``,
  ];
}

function examplesTable(real: RealEngineResult): string[] {
  if (real.skipped) return [`Skipped: ${real.skipped}.`, ``];
  return [
    `\`pulumi up\` (no preview), each run against a fresh emulator, real CLI and stand-in alternated, medians of ${real.examples[0]?.runs ?? 0} runs; wall time from spawning \`pulumi\` (from calling \`LocalEngine.up()\`) to its end.`,
    ``,
    `| example | resources | real CLI ms | stand-in ms |`,
    `|---|---:|---:|---:|`,
    ...real.examples.map((e) => `| ${e.example}${e.example === "cancel-backup" ? " (mode sys-tenant)" : ""} | ${e.resources} | ${e.realCliMs} | ${e.standInMs} |`),
    ``,
  ];
}

const yes = (b: boolean) => (b ? "yes" : "**no**");

export function noticeTables(n: NoticeResult[]): string[] {
  return [
    `| job | waited ms | noticed after ms | bound ms | holds | every gap within the bound | statements | polls | statements in the last minute | at most 1 per 10 s from two minutes on |`,
    `|---|---:|---:|---:|---|---|---:|---:|---:|---|`,
    ...n.map((r) => `| ${r.label} | ${r.waitedMs} | ${r.noticeMs} | ${r.boundMs} | ${yes(r.noticeHolds)} | ${yes(r.curveHolds)} | ${r.statements} | ${r.polls} | ${r.lastMinuteStatements} | ${r.jobMs > 120_000 ? yes(r.settledHolds) : "–"} |`),
    ``,
    `Worst case over the wait: a job finishing just after a poll is noticed at the next one. Each gap between polls against the bound at its start:`,
    ``,
    `| job | elapsed s (polls from – to) | gap to next poll s (longest) | bound s (least) | holds | statements per minute over the span |`,
    `|---|---:|---:|---:|---|---:|`,
    ...n.flatMap((r) => r.curve.map((p) => `| ${r.label} | ${p.elapsedS === p.untilS ? p.elapsedS : `${p.elapsedS} – ${p.untilS}`} | ${p.gapS} | ${p.boundS} | ${yes(p.holds)} | ${p.perMinute} |`)),
    ``,
  ];
}

function markdown(started: string, elapsedS: number, ops: OpResult[], real: RealEngineResult, refresh: RefreshResult, notice: NoticeResult[], cold: ColdStartResult): string {
  return [
    `# Benchmark results`,
    ``,
    `Produced by \`npm run bench\` (${started}, node ${process.version}; ${ITERATIONS} iterations per operation, ${WAIT_ITERATIONS} per wait-bound one, medians; the run took ${elapsedS} s) on a shared 2-core machine: the provider through Pulumi's dynamic-provider host over gRPC, raw mysql2 on one warm connection, the emulator adding the round trip to every reply. How each figure is made: README.md.`,
    ``,
    `## Operations: provider against raw mysql2 with the minimal statements`,
    ``,
    ...RTTS.flatMap((r) => opTable(ops, r)),
    `## The same operations under the real engine, against the stand-in`,
    ``,
    ...realEngineTables(ops, real),
    `## Criterion: at 20 ms, the engine's request to its answer within 1.2× raw`,
    ``,
    ...criterionTable(ops, real),
    `## \`pulumi up\` of two examples: the real CLI against the stand-in`,
    ``,
    ...examplesTable(real),
    `## Wait-bound operations: the server's pace apart from the client's own`,
    ``,
    ...waitTable(ops),
    `## Refresh of ${refresh.jobs} jobs across ${refresh.tenants} tenants`,
    ``,
    `${refresh.concurrency} reads in flight, ${refresh.rttMs} ms round trip, through the host: ${refresh.statements} statements (${refresh.statementsPerJob} per job), ${refresh.ms} ms, ${refresh.newConnections} new connections. The issue's bound: at most 30 statements and under 2,000 ms.`,
    ``,
    `## Noticing a finished job during a wait (manual clock)`,
    ``,
    `The provider's BackupJob in the bench's process, its clock the emulator's manual clock: a pause jumps to its end, a poll takes no virtual time, so the gaps are the schedule's, exactly. Bound: noticed within max(1 s, 10% of the time waited so far); a long wait at most one statement every 10 s (6 a minute) once 10% of the wait is 10 s (from 100 s; judged from two minutes on).`,
    ``,
    ...noticeTables(notice),
    `## Cold start`,
    ``,
    `Through the program runner (preview of examples/cancel-backup), medians of ${cold.runs}: provider host spawned to ready ${cold.hostReadyMs} ms and the first Check sent to answered ${cold.firstCheckMs} ms (medians); their sum, median over runs, **${cold.hostToFirstCheckMs} ms**, against \`node -e "require('@pulumi/pulumi')"\` alone **${cold.requirePulumiMs} ms**: ratio **${cold.ratio}** (bound 1.3). Pulumi's host alone, before the provider is loaded, is ${cold.hostAloneRatio}× the bare require; the first Check (loading the provider module and what it requires) adds ${cold.firstCheckMs} ms. Spawn to the first Check answered, including the wait for the program to register its resource: ${cold.wallToFirstCheckMs} ms.`,
    ``,
  ].join("\n");
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const t0 = performance.now();
  const ops = await operations();
  const real = await underRealEngine(RTTS);
  const refresh = await refreshThroughHost(20, 10);
  const notice = await noticeCurve();
  const cold = await coldStart(COLD_RUNS);
  const strip = (o: OpResult) => ({ ...o, provider: { ...o.provider, samples: undefined }, raw: { ...o.raw, samples: undefined }, rawSame: o.rawSame && { ...o.rawSame, samples: undefined } });
  const elapsedS = round((performance.now() - t0) / 1000, 0);
  const results = { started, elapsedS, node: process.version, iterations: ITERATIONS, waitIterations: WAIT_ITERATIONS, rttsMs: RTTS, operations: ops.map(strip), realEngine: real, refresh, notice, coldStart: cold };
  fs.writeFileSync(path.join(__dirname, "results.json"), JSON.stringify(results, null, 2) + "\n");
  const md = markdown(started, elapsedS, ops, real, refresh, notice, cold);
  fs.writeFileSync(path.join(__dirname, "results.md"), md);
  process.stdout.write(md);
}

// imported for its tables alone (e.g. the notice curve printed on its own), it runs nothing
if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`bench failed: ${String((e as Error).stack).slice(0, 4000)}\n`);
      process.exit(1);
    },
  );
}
