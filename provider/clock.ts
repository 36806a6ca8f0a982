// The clock every wait reads and sleeps on: elapsed time, pauses between polls, deadlines.
//
// It exists so that a wait's schedule can be observed exactly. How soon a finished job is noticed and how often a
// long wait polls are the schedule's doing, and a 10-minute wait can neither be run in real time in a test nor read
// precisely off real timers. A test or benchmark installs a manual clock with useClock that jumps to the end of
// each pause; the provider itself never installs one, so under Pulumi it is always the real clock.
//
// Not for timers that coalesce work in real time (job-reads.ts's few-ms batching window): those measure the
// network, not the wait. The installed clock lives on globalThis, like connection.ts's state, because Pulumi may
// serialize this module by value, and so that a copy loaded twice (source and dist) still sees one clock.

export interface Clock {
  /** ms since the epoch */
  now(): number;
  /** resolves after `ms`; the caller has nothing else in progress meanwhile (a pause between polls) */
  sleep(ms: number): Promise<void>;
  /**
   * calls `fn` after `ms` unless the returned cancel is called first: a limit on something that is in progress
   * (a poll cut at the deadline). Kept apart from sleep because a manual clock moves time only for a sleep: a
   * limit running beside a poll must not make the poll's round trip cost virtual time.
   */
  after(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

const slot = () => globalThis as unknown as { __pulumiOceanbaseBackupClock?: Clock };

/** The clock waits use now. */
export function clock(): Clock {
  return slot().__pulumiOceanbaseBackupClock ?? realClock;
}

/** Installs `c` for every wait from now on (tests and the benchmark only); undefined puts the real clock back. */
export function useClock(c: Clock | undefined): void {
  slot().__pulumiOceanbaseBackupClock = c;
}
