// The notice-latency curve: a BackupJob created with waitForCompletion, for a job of 3 s, 60 s and 10 min, run in
// this process on the emulator's manual clock (test/support/manual-clock.ts): the provider's pauses jump the clock
// to their end and a poll takes no virtual time, so every gap below is the wait schedule's, exactly. Every figure
// is read on the emulator's clock from its statement log.

import { round } from "./measure";
import { pollsOf, waitOnManualClock } from "../test/support/manual-clock";

export interface CurvePoint {
  /** time waited when the poll ran, s (the first and last of merged rows) */
  elapsedS: number;
  untilS: number;
  /** worst notice latency for a job finishing just after a poll of the span: the longest gap to the next, s */
  gapS: number;
  /** the least bound over the span, s */
  boundS: number;
  holds: boolean;
  /** statements per minute over the span */
  perMinute: number;
}

export interface NoticeResult {
  label: string;
  jobMs: number;
  waitedMs: number;
  noticeMs: number;
  boundMs: number;
  noticeHolds: boolean;
  statements: number;
  polls: number;
  lastMinuteStatements: number;
  curve: CurvePoint[];
  curveHolds: boolean;
  /** one statement per poll, polls at least 10 s apart, from two minutes on (10% of the wait reaches 10 s at 100 s) */
  settledHolds: boolean;
}

const JOBS = [
  { label: "3 s job", jobMs: 3_000 },
  { label: "60 s job", jobMs: 60_000 },
  { label: "10 min job", jobMs: 600_000 },
];
const bound = (elapsedMs: number) => Math.max(1000, elapsedMs / 10);
const SETTLED_AFTER_MS = 120_000;

/** One row per gap between polls, consecutive rows merged while the gap stays within 10% and the verdict holds. */
function curveOf(ps: { at: number; statements: number }[], start: number): CurvePoint[] {
  const rows: { from: number; until: number; firstGap: number; maxGap: number; minBound: number; holds: boolean; spanMs: number; statements: number }[] = [];
  for (let i = 0; i + 1 < ps.length; i++) {
    const elapsed = ps[i].at - start;
    const gap = ps[i + 1].at - ps[i].at;
    const holds = gap <= bound(elapsed);
    const last = rows[rows.length - 1];
    if (last && Math.abs(gap - last.firstGap) <= last.firstGap / 10 && last.holds === holds) {
      last.until = elapsed;
      last.maxGap = Math.max(last.maxGap, gap);
      last.minBound = Math.min(last.minBound, bound(elapsed));
      last.spanMs += gap;
      last.statements += ps[i].statements;
      continue;
    }
    rows.push({ from: elapsed, until: elapsed, firstGap: gap, maxGap: gap, minBound: bound(elapsed), holds, spanMs: gap, statements: ps[i].statements });
  }
  return rows.map((r) => ({
    elapsedS: round(r.from / 1000, 1),
    untilS: round(r.until / 1000, 1),
    gapS: round(r.maxGap / 1000, 2),
    boundS: round(r.minBound / 1000, 2),
    holds: r.holds,
    perMinute: round((r.statements / r.spanMs) * 60_000, 1),
  }));
}

async function oneJob(label: string, jobMs: number): Promise<NoticeResult> {
  const w = await waitOnManualClock(jobMs);
  const ps = pollsOf(w.statements);
  const noticedAt = ps[ps.length - 1].at;
  const waitedMs = w.endedAt - w.startedAt;
  const noticeMs = noticedAt - w.endedAt;
  const curve = curveOf(ps, w.startedAt);
  const settled = ps.filter((p) => p.at - w.startedAt >= SETTLED_AFTER_MS);
  return {
    label, jobMs, waitedMs, noticeMs, boundMs: Math.round(bound(waitedMs)), noticeHolds: noticeMs >= 0 && noticeMs <= bound(waitedMs),
    statements: w.statements.length, polls: ps.length,
    lastMinuteStatements: w.statements.filter((s) => s.at > noticedAt - 60_000).length,
    curve, curveHolds: curve.every((p) => p.holds),
    settledHolds: settled.every((p, i) => p.statements === 1 && (i === 0 || p.at - settled[i - 1].at >= 10_000)),
  };
}

export async function noticeCurve(): Promise<NoticeResult[]> {
  const out: NoticeResult[] = [];
  for (const j of JOBS) out.push(await oneJob(j.label, j.jobMs));
  return out;
}
