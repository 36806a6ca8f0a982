// Waiting on OceanBase: poll with backoff until a condition holds or the resource's deadline passes, logging
// progress through Pulumi's log. customTimeouts never reach dynamic providers, so every wait has its own deadline.

import { log } from "@pulumi/pulumi";

export interface WaitOptions {
  /** absolute deadline, ms since the epoch */
  deadline: number;
  /** first poll interval; doubles up to maxIntervalMs */
  intervalMs?: number;
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
 * deadline passes; `onProgress` gets a line whenever it changes.
 */
export async function waitFor<T>(
  poll: () => Promise<T | undefined>,
  opts: WaitOptions & { describe: () => string; progress?: () => string },
): Promise<T> {
  let interval = opts.intervalMs ?? pollIntervalMs();
  const max = opts.maxIntervalMs ?? Math.max(interval, 10_000);
  let lastLine = "";
  for (;;) {
    const v = await poll();
    if (v !== undefined) return v;
    const line = opts.progress?.() ?? "";
    if (line && line !== lastLine) {
      log.info(line);
      lastLine = line;
    }
    const left = opts.deadline - Date.now();
    if (left <= 0) throw new WaitTimeoutError(`timed out waiting for ${opts.what}; still running: ${opts.describe()}`);
    await new Promise((r) => setTimeout(r, Math.min(interval, left)));
    interval = Math.min(max, Math.ceil(interval * 1.5));
  }
}

/** First poll interval: OCEANBASE_POLL_INTERVAL_MS (tests use a short one), default 1 s. */
export function pollIntervalMs(): number {
  const v = Number(process.env.OCEANBASE_POLL_INTERVAL_MS);
  return Number.isFinite(v) && v > 0 ? v : 1000;
}

export function deadlineIn(seconds: number): number {
  return Date.now() + seconds * 1000;
}
