// Timing an operation and accounting for what it sent, from the emulator's own statement log: statements, new
// connections, and the statements a new connection sends before its first real one (session setup).

import type { EmulatorHandle, StatementRecord } from "../emulator";
import type { HostTimes } from "./host";

export const median = (xs: number[]): number => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);
/** The q-quantile (0..1) of `xs`, nearest rank: the spread beside a median (p25–p75). */
export const quantile = (xs: number[], q: number): number => {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
};
/** Samples, median and p25–p75 of a figure: what a table prints beside the median. */
export interface Spread {
  n: number;
  p25: number;
  p75: number;
}
export const spreadOf = (xs: number[]): Spread => ({ n: xs.length, p25: quantile(xs, 0.25), p75: quantile(xs, 0.75) });
export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What a new connection sends before it does anything the operation asked for. */
const SETUP = /^\s*(SET\s+time_zone|SELECT\s+@@ob_compatibility_mode|SELECT\s+OB_VERSION\(\))/i;

/**
 * Round trips a login costs in the emulator with faults.roundTripMs set: the greeting and the login's answer.
 * (On a real network the TCP handshake adds one more, and TLS two.)
 */
export const LOGIN_ROUND_TRIPS = 2;

/** What one run shows, and (in Measured) the median over runs. */
interface Figures {
  ms: number;
  /** of `ms`, the time inside the provider's functions in the host's process (code and statements), when known */
  providerMs?: number;
  /** of `ms`, the time in Pulumi's host's gRPC handlers (providerMs included), when known */
  handlerMs?: number;
  statements: number;
  newConnections: number;
  /** session setup statements new connections sent (time zone, compatibility mode, version) */
  setupStatements: number;
}

export interface Sample extends Figures {
  log: StatementRecord[];
}

export interface Measured extends Figures {
  /** new connections × (login round trips + setup statements), as one figure */
  setupRoundTrips: number;
  /** samples and p25–p75 of `ms` */
  spread: Spread;
  samples: Sample[];
}

/** The statements of one run, and which of them opened or set up a connection never seen before it. */
export function account(before: StatementRecord[], after: StatementRecord[]): Omit<Sample, "ms"> {
  const known = new Set(before.map((s) => s.connectionId));
  const log = after.slice(before.length);
  const fresh = new Set(log.map((s) => s.connectionId).filter((id) => !known.has(id)));
  // anywhere on the new connection: the provider interleaves its tenant lookup (counted as real) with them
  const setupStatements = log.filter((s) => fresh.has(s.connectionId) && SETUP.test(s.sql)).length;
  return { statements: log.length, newConnections: fresh.size, setupStatements, log };
}

/** One timed run of `run`, accounted from the emulator's log. */
/** Cumulative ms spent inside the host (BenchHost.providerTime), read outside the timed span. */
export type InHost = () => Promise<HostTimes>;

export async function sample(h: EmulatorHandle, run: () => Promise<unknown>, inHost?: InHost): Promise<Sample> {
  const before = h.statements();
  const inside0 = inHost ? await inHost() : undefined;
  const t0 = process.hrtime.bigint();
  await run();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const inside1 = inHost ? await inHost() : undefined;
  const providerMs = inside0 && inside1 ? inside1.provider - inside0.provider : undefined;
  const handlerMs = inside0 && inside1 ? inside1.handler - inside0.handler : undefined;
  return { ms, providerMs, handlerMs, ...account(before, h.statements()) };
}

export function summarize(samples: Sample[]): Measured {
  const newConnections = median(samples.map((s) => s.newConnections));
  const setupStatements = median(samples.map((s) => s.setupStatements));
  const known = (xs: (number | undefined)[]) => (xs.length > 0 && xs.every((x) => x !== undefined) ? median(xs as number[]) : undefined);
  return {
    ms: median(samples.map((s) => s.ms)),
    spread: spreadOf(samples.map((s) => s.ms)),
    providerMs: known(samples.map((s) => s.providerMs)),
    handlerMs: known(samples.map((s) => s.handlerMs)),
    statements: median(samples.map((s) => s.statements)),
    newConnections,
    setupStatements,
    setupRoundTrips: median(samples.map((s) => s.newConnections * LOGIN_ROUND_TRIPS + s.setupStatements)),
    samples,
  };
}

/** Untimed runs of each operation before its timed ones: BENCH_WARMUPS, default 10. */
const WARMUPS = Number(process.env.BENCH_WARMUPS ?? 10);

/**
 * `iterations` timed runs after the warm-ups, with `between` (untimed) after each, and `before` (untimed, before
 * the host's times are read) ahead of each: a create's Check, a call of its own, is not the Create's time.
 */
export async function measure(
  h: EmulatorHandle,
  iterations: number,
  run: (i: number) => Promise<unknown>,
  between: () => Promise<unknown> = async () => undefined,
  inHost?: InHost,
  before: (i: number) => Promise<unknown> = async () => undefined,
): Promise<Measured> {
  // the first calls pay for the JIT of the host, the driver and the emulator: what a deployment's first few
  // resources pay once, not what each operation costs
  for (let w = 1; w <= WARMUPS; w++) {
    await before(-w);
    await run(-w);
    await between();
  }
  const samples: Sample[] = [];
  for (let i = 0; i < iterations; i++) {
    await before(i);
    samples.push(await sample(h, () => run(i), inHost));
    await between();
  }
  return summarize(samples);
}

/** Polls `cond` every `ms` until it holds (or `limitMs` passes, then throws: a stuck bench must say so). */
export async function until(cond: () => boolean, what: string, limitMs = 30_000, ms = 5): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(ms);
  }
}
