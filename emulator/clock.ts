// The emulator's notion of now. Under the real clock, time passes with the wall clock; under the manual
// clock only advance() moves it. Both add advance() offsets, so a test can skip a 30 s backup in one call.

export class EmulatorClock {
  private offsetMs = 0;

  /** wallStartMs: the wall-clock moment startMs stands for; building a cluster takes a while on a busy machine */
  constructor(
    readonly mode: "real" | "manual",
    private readonly startMs: number,
    private readonly wallStartMs: number,
  ) {}

  nowMs(): number {
    const passed = this.mode === "real" ? Date.now() - this.wallStartMs : 0;
    return this.startMs + passed + this.offsetMs;
  }

  nowUs(): number {
    return this.nowMs() * 1000;
  }

  /** Moves time forward; the caller runs the scheduler over the skipped span. */
  skip(ms: number): void {
    if (!(ms >= 0)) throw new Error(`advance takes a non-negative number of ms, got ${ms}`);
    this.offsetMs += ms;
  }
}
