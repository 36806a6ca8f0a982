// Preloaded into the provider host by the notice-latency bench (NODE_OPTIONS=--require): the process's clock runs
// BENCH_CLOCK_SPEED times faster than the real one, Date.now() reading the emulator's manual clock (which the
// bench advances in step) and timers firing after 1/speed of their delay. The provider's waits use Date.now() and
// setTimeout and offer no clock hook, so a 10-minute wait can only be observed in seconds this way.
"use strict";
const speed = Number(process.env.BENCH_CLOCK_SPEED || "1");
const real0 = Number(process.env.BENCH_CLOCK_REAL0);
const virtual0 = Number(process.env.BENCH_CLOCK_VIRTUAL0);
if (speed > 0 && Number.isFinite(real0) && Number.isFinite(virtual0)) {
  const realNow = Date.now;
  Date.now = () => Math.floor(virtual0 + (realNow() - real0) * speed);
  const realSetTimeout = global.setTimeout;
  global.setTimeout = Object.assign(
    (fn, ms, ...args) => realSetTimeout(fn, Math.max(0, (Number(ms) || 0) / speed), ...args),
    realSetTimeout,
  );
}
