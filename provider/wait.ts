// Waiting on OceanBase: poll with backoff until a condition holds or the resource's deadline passes, logging
// progress through Pulumi's log. customTimeouts never reach dynamic providers, so every wait has its own deadline.
// All time here is read from clock() (the real one under Pulumi), so a test can play a long wait out exactly.

import { clock } from "./clock";
import { log } from "./progress-log";
import { isConnectionLost } from "./errors";

export interface WaitOptions {
  /** absolute deadline, ms since the epoch */
  deadline: number;
  /** shortest poll interval (see pollDelayMs) */
  intervalMs?: number;
  /** longest poll interval (see pollDelayMs) */
  maxIntervalMs?: number;
  /** what is being waited for, for the timeout message */
  what: string;
}

export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.message = message; // see ProviderError: serialized classes lose super(message)
  }
}

/**
 * Calls `poll` until it returns a value other than undefined. `describe` says what is still running when the
 * deadline passes; `progress` gives a line, logged whenever it changes. A lost connection (a server restart,
 * a network blip) does not end the wait: polling goes on until the deadline. A poll that hangs is cut at it.
 */
export async function waitFor<T>(
  poll: () => Promise<T | undefined>,
  opts: WaitOptions & { describe: () => string; progress?: () => string },
): Promise<T> {
  const base = opts.intervalMs ?? pollIntervalMs();
  const max = opts.maxIntervalMs ?? Math.max(base, LONG_WAIT_INTERVAL_MS);
  const started = clock().now();
  let lastLine = "";
  let lastLoss = "";
  const timedOut = () => new WaitTimeoutError(`timed out waiting for ${opts.what}; still running: ${opts.describe()}${lastLoss ? ` (last error: ${lastLoss})` : ""}`);
  for (;;) {
    let v: T | undefined;
    try {
      v = await beforeDeadline(poll(), opts.deadline, timedOut);
      lastLoss = "";
    } catch (e) {
      if (!isConnectionLost(e) || clock().now() >= opts.deadline) throw e;
      lastLoss = (e as Error).message;
      log.warn(`lost the connection while waiting for ${opts.what}; retrying: ${lastLoss}`);
    }
    if (v !== undefined) return v;
    const line = opts.progress?.() ?? "";
    if (line && line !== lastLine) {
      log.info(line);
      lastLine = line;
    }
    const now = clock().now();
    const left = opts.deadline - now;
    if (left <= 0) throw timedOut();
    await pause(Math.min(pollDelayMs(now - started, base, max), left));
  }
}

const DEFAULT_POLL_INTERVAL_MS = 900;

/** What a long wait settles at: one statement every 10 s. */
export const LONG_WAIT_INTERVAL_MS = 10_000;

/**
 * The pause before the next poll, `elapsedMs` into a wait: 9% of the time waited so far, at least `baseMs`
 * (0.9 s by default) and at most `maxMs` (10 s). A job that finishes right after a poll is noticed one pause plus
 * one poll later, so the pause keeps a tenth in hand for the poll's own round trip: noticed within max(1 s, 10%
 * of the wait). And a long wait costs one statement every 10 s, not more.
 */
export function pollDelayMs(elapsedMs: number, baseMs = DEFAULT_POLL_INTERVAL_MS, maxMs = LONG_WAIT_INTERVAL_MS): number {
  return Math.max(baseMs, Math.min(maxMs, Math.floor(elapsedMs * 0.09)));
}

/** `p`, or the deadline's error if it comes first (the poll itself is abandoned, not cancelled). */
export function beforeDeadline<T>(p: Promise<T>, deadline: number, onTimeout: () => Error): Promise<T> {
  const left = deadline - clock().now();
  if (left <= 0) return p;
  let cancel = () => {};
  const limit = new Promise<never>((_, reject) => {
    cancel = clock().after(left, () => reject(onTimeout()));
  });
  return Promise.race([p, limit]).finally(() => cancel());
}

/** First poll interval: OCEANBASE_POLL_INTERVAL_MS (tests use a short one), default 0.9 s (see pollDelayMs). */
export function pollIntervalMs(): number {
  const v = Number(process.env.OCEANBASE_POLL_INTERVAL_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_POLL_INTERVAL_MS;
}

export function deadlineIn(seconds: number): number {
  return clock().now() + seconds * 1000;
}

/** A pause between attempts of a retry loop that is part of a wait (on clock(), like waitFor's). */
export function pause(ms: number): Promise<void> {
  return clock().sleep(ms);
}

/** How long a statement whose reply was lost may take to show its job: OCEANBASE_IDENTIFY_GRACE_MS, default 10 s. */
export function identifyGraceMs(): number {
  const v = Number(process.env.OCEANBASE_IDENTIFY_GRACE_MS);
  return Number.isFinite(v) && v >= 0 ? v : 10_000;
}
