// The poll schedule of every wait (issue 11 item 4): a finished job is noticed within max(1 s, 10% of the time
// waited so far), and a long wait settles at no more than one statement every 10 s.

import assert = require("assert");
import { pollDelayMs } from "../../provider/wait";

/** The times (ms into the wait) at which polls are sent, until `untilMs`. */
function pollTimes(untilMs: number): number[] {
  const at = [0];
  while (at[at.length - 1] < untilMs) at.push(at[at.length - 1] + pollDelayMs(at[at.length - 1]));
  return at;
}

describe("poll schedule", () => {
  const polls = pollTimes(10 * 60_000 + 60_000);

  it("notices a job that finishes at any moment within max(1 s, 10% of the time waited)", () => {
    // the worst case: the job finishes just after a poll, and is seen by the next one
    for (let i = 0; i + 1 < polls.length; i++) {
      const finished = polls[i] + 1;
      const noticed = polls[i + 1];
      // the poll itself takes a round trip; the schedule keeps a tenth of the bound for it
      const bound = 0.9 * Math.max(1000, 0.1 * finished);
      assert.ok(noticed - finished <= bound, `finished at ${finished} ms, noticed at ${noticed} ms: ${noticed - finished} ms > ${bound} ms`);
    }
  });

  it("settles at one statement every 10 s, never more often once the wait is long", () => {
    for (let i = 0; i + 1 < polls.length; i++) assert.ok(polls[i + 1] - polls[i] <= 10_000, "never slower than every 10 s");
    const late = polls.filter((t) => t >= 112_000);
    for (let i = 0; i + 1 < late.length; i++) assert.strictEqual(late[i + 1] - late[i], 10_000, `at ${late[i]} ms`);
    const lastMinute = polls.filter((t) => t >= 9 * 60_000 && t < 10 * 60_000);
    assert.ok(lastMinute.length <= 6, `${lastMinute.length} statements in the tenth minute`);
  });

  it("the curve for a 3 s, 60 s and 10 min job: statements sent and the latency of noticing the end", () => {
    const curve = [3_000, 60_000, 600_000].map((job) => {
      const sent = polls.filter((t) => t < job).length + 1;
      const noticed = polls.find((t) => t >= job) as number;
      return { job, sent, latency: noticed - job };
    });
    // a 3 s job: a poll every 0.9 s; 60 s: ~33 polls; 10 min: under 90 polls (vs 600 at a fixed 1 s)
    assert.deepStrictEqual(curve.map((c) => c.latency <= Math.max(1000, c.job / 10)), [true, true, true]);
    assert.ok(curve[0].sent <= 5 && curve[1].sent <= 35 && curve[2].sent <= 90, JSON.stringify(curve));
  });

  it("honours a short test floor (OCEANBASE_POLL_INTERVAL_MS) and a caller's ceiling", () => {
    assert.strictEqual(pollDelayMs(0, 40), 40);
    assert.strictEqual(pollDelayMs(5_000, 40), 450);
    assert.strictEqual(pollDelayMs(5_000, 40, 200), 200);
    assert.strictEqual(pollDelayMs(10 * 60_000), 10_000);
  });
});
