// The real clock must read as the wall clock from the moment the options were resolved: building the cluster's
// SQL engine can take a second on a busy two-core machine, and a clock started after it ran behind by that much.

import assert = require("assert");
import { EmulatorClock } from "../../emulator/clock";

describe("emulator clock", () => {
  it("real mode counts from the wall-clock moment its start stands for, not from when it was built", () => {
    const resolvedAt = Date.now() - 1500; // as if the cluster took 1.5 s to build
    const clock = new EmulatorClock("real", resolvedAt, resolvedAt);
    const drift = Date.now() - clock.nowMs();
    assert.ok(Math.abs(drift) <= 5, `real clock is ${drift} ms behind the wall clock`);
  });

  it("an explicit start is kept, and both modes add what skip() moved", () => {
    const real = new EmulatorClock("real", 1_000_000, Date.now());
    const manual = new EmulatorClock("manual", 1_000_000, Date.now() - 10_000);
    real.skip(250);
    manual.skip(250);
    assert.ok(real.nowMs() >= 1_000_250 && real.nowMs() < 1_000_300, String(real.nowMs()));
    assert.strictEqual(manual.nowMs(), 1_000_250);
    assert.throws(() => manual.skip(-1), /non-negative/);
  });
});
