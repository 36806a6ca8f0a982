// Fault injection for tests: refuse or drop connections, delay replies, fail or drop on chosen statements.

export type StatementMatch = string | RegExp | ((sql: string) => boolean);

export interface InjectedError {
  errno: number;
  sqlState?: string;
  message: string;
}

interface Rule<T> {
  match: StatementMatch;
  remaining: number;
  value: T;
}

const matches = (m: StatementMatch, sql: string): boolean =>
  typeof m === "string" ? sql.toLowerCase().includes(m.toLowerCase()) : m instanceof RegExp ? m.test(sql) : m(sql);

function take<T>(rules: Rule<T>[], sql: string): T | undefined {
  const i = rules.findIndex((r) => matches(r.match, sql));
  if (i < 0) return undefined;
  const r = rules[i];
  if (--r.remaining <= 0) rules.splice(i, 1);
  return r.value;
}

export class Faults {
  private readonly failures: Rule<InjectedError>[] = [];
  private readonly drops: Rule<"before" | "after">[] = [];
  private readonly delays: Rule<number>[] = [];
  /** connections still to be dropped right after they are accepted */
  dropConnections = 0;
  /**
   * Added to every reply (the greeting, the login's OK or error, every statement's result): a network's round
   * trip, so that benchmarks see what a client waits for on a real network. 0: none.
   */
  roundTripMs = 0;

  /** The next `times` statements matching `match` fail with `error` instead of running. */
  failNext(match: StatementMatch, error: InjectedError, times = 1): void {
    this.failures.push({ match, remaining: times, value: error });
  }

  /**
   * The next statement matching `match` loses its connection: before it runs ("before"), or after it ran
   * but before the reply is written ("after": the client cannot know whether it took effect).
   */
  dropOnStatement(match: StatementMatch, when: "before" | "after" = "before"): void {
    this.drops.push({ match, remaining: 1, value: when });
  }

  /** The next `count` connections are closed as soon as they are accepted. */
  dropNextConnection(count = 1): void {
    this.dropConnections += count;
  }

  /** Replies to matching statements (default: all) are delayed by `ms`, `times` times (default: until cleared). */
  delayReplies(ms: number, match: StatementMatch = () => true, times = Number.POSITIVE_INFINITY): void {
    this.delays.push({ match, remaining: times, value: ms });
  }

  clear(): void {
    this.failures.length = 0;
    this.drops.length = 0;
    this.delays.length = 0;
    this.dropConnections = 0;
    this.roundTripMs = 0;
  }

  takeFailure(sql: string): InjectedError | undefined {
    return take(this.failures, sql);
  }

  takeDrop(sql: string): "before" | "after" | undefined {
    return take(this.drops, sql);
  }

  /** The delay before the reply to `sql`: a matching delayReplies rule's, plus the round trip. */
  takeDelay(sql: string): number {
    return (take(this.delays, sql) ?? 0) + this.roundTripMs;
  }
}
