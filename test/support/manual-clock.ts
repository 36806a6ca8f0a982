// One wait for a backup job, played out on a manual clock: the provider's BackupJob create with
// waitForCompletion, in this process, against an emulator whose manual clock is the provider's clock. When the
// provider pauses, the clock jumps to the pause's end (running the emulator's background work over the span) and
// only then is the pause over; a poll's own round trip takes no virtual time. So every time read off the
// emulator's statement log is the wait schedule's, exactly: a 10-minute wait plays out in about a second.
// Used by test/provider/notice-latency.test.ts and bench/notice.ts.

import { EmulatorHandle, startEmulator, StatementRecord } from "../../emulator";
import * as backupJob from "../../provider/backup-job";
import { Clock, useClock } from "../../provider/clock";
import { prepareTenant } from "./provider";
import { closeAllPools, setProviderConfig } from "../../provider/connection";
import type { BackupJobInputs, BackupJobOutputs } from "../../provider/types.generated";

/**
 * The emulator's manual clock seen as the provider's Clock. Time moves only when the provider sleeps, so it must
 * be the only thing running against the emulator, and only one wait may pause at a time: a second pause while one
 * is pending would let the clock jump while the other's poll is on the wire (an error says so).
 */
export class ManualClock implements Clock {
  private pause: { at: number; resolve: () => void } | undefined;
  private readonly limits = new Set<{ at: number; fn: () => void }>();

  constructor(private readonly h: EmulatorHandle) {}

  now(): number {
    return this.h.now();
  }

  sleep(ms: number): Promise<void> {
    if (this.pause) return Promise.reject(new Error("ManualClock: a second pause while one is pending; it drives a single wait"));
    return new Promise((resolve) => {
      this.pause = { at: this.now() + Math.max(0, ms), resolve };
      // after the caller's pending callbacks (a finished poll's cleanup), so the jump happens while it is idle
      setImmediate(() => this.endPause());
    });
  }

  after(ms: number, fn: () => void): () => void {
    const limit = { at: this.now() + Math.max(0, ms), fn };
    this.limits.add(limit);
    return () => this.limits.delete(limit);
  }

  private endPause(): void {
    const p = this.pause;
    if (!p) return;
    // a limit that falls due within the pause fires at its own time (a deadline passing while the wait pauses)
    for (const limit of [...this.limits].filter((l) => l.at <= p.at).sort((a, b) => a.at - b.at)) {
      this.moveTo(limit.at);
      this.limits.delete(limit);
      limit.fn();
    }
    this.moveTo(p.at);
    this.pause = undefined;
    p.resolve();
  }

  private moveTo(t: number): void {
    const d = t - this.h.now();
    if (d > 0) this.h.advance(d);
  }
}

export interface ObservedWait {
  jobMs: number;
  outs: BackupJobOutputs;
  /** when the BACKUP statement arrived: the wait's start (emulator clock, ms since the epoch) */
  startedAt: number;
  /** the tenant job's END_TIMESTAMP */
  endedAt: number;
  /** every statement the operation sent from the BACKUP on, with its arrival on the emulator's clock */
  statements: StatementRecord[];
}

/** A BackupJob create with waitForCompletion for a job of `jobMs`, from sys for one tenant, on a manual clock. */
export async function waitOnManualClock(jobMs: number): Promise<ObservedWait> {
  // the emulator's background work runs at ticks of a thousandth of the job (at least 100 ms) of virtual time: the
  // job ends at a tick, and each jump ends with one, so every poll sees the state as of its own instant. Finer
  // ticks would only move the job's end within a tick, and cost real time: a 10-minute job's ticks dominate it.
  const h = await startEmulator({ clock: "manual", backupDurationMs: jobMs, tickMs: Math.max(100, Math.round(jobMs / 1000)) });
  // the production schedule: other tests shorten the first interval through the environment
  const env = { poll: process.env.OCEANBASE_POLL_INTERVAL_MS, grace: process.env.OCEANBASE_IDENTIFY_GRACE_MS };
  delete process.env.OCEANBASE_POLL_INTERVAL_MS;
  delete process.env.OCEANBASE_IDENTIFY_GRACE_MS;
  // progress lines go to the person running pulumi up; here there are dozens and they are not the figure
  const consoleLog = console.log;
  try {
    await prepareTenant(h, "mysql_tenant");
    h.advance(5000); // the archive round to DOING
    setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys", password: "" });
    const checked = await backupJob.check({}, { tenants: ["mysql_tenant"], waitForCompletion: true, timeoutSeconds: Math.ceil((3 * jobMs) / 1000) + 600 });
    if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    const before = h.statements().length;
    useClock(new ManualClock(h));
    console.log = () => {};
    const created = await backupJob.create(checked.inputs as BackupJobInputs);
    console.log = consoleLog;
    const log = h.statements().slice(before);
    const backup = log.findIndex((s) => /^ALTER SYSTEM BACKUP/.test(s.sql));
    if (backup < 0) throw new Error("no BACKUP statement was sent");
    const outs = created.outs as BackupJobOutputs;
    return { jobMs, outs, startedAt: log[backup].at, endedAt: Date.parse(outs.jobs[0].endTime), statements: log.slice(backup) };
  } finally {
    console.log = consoleLog;
    useClock(undefined);
    restoreEnv("OCEANBASE_POLL_INTERVAL_MS", env.poll);
    restoreEnv("OCEANBASE_IDENTIFY_GRACE_MS", env.grace);
    await closeAllPools();
    await h.close();
  }
}


function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Statements grouped by arrival time: on the manual clock a poll's statements all arrive at one instant. */
export function pollsOf(statements: StatementRecord[]): { at: number; statements: number }[] {
  const out: { at: number; statements: number }[] = [];
  for (const s of statements) {
    const last = out[out.length - 1];
    if (last && last.at === s.at) last.statements++;
    else out.push({ at: s.at, statements: 1 });
  }
  return out;
}
