// The notice-latency curve: a BackupJob created with waitForCompletion, for a job of 3 s, 60 s and 10 min on the
// emulator's manual clock, through the provider host. The host's clock runs `speed` times the real one (the
// scaled-clock.js preload) and this process advances the emulator's clock in step, so the provider's own wait
// schedule plays out in seconds. Every figure is read on the emulator's clock from its statement log.

import path = require("path");
import mysql = require("mysql2/promise");
import { startEmulator, StatementRecord } from "../emulator";
import { BenchHost, emulatorConfig } from "./host";
import { round } from "./measure";

export interface CurvePoint {
  /** time waited when the poll ran, s (the first and last of merged rows) */
  elapsedS: number;
  untilS: number;
  /** worst notice latency for a job finishing just after this poll: the gap to the next, s */
  gapS: number;
  boundS: number;
  holds: boolean;
  /** statements per minute over the span */
  perMinute: number;
}

export interface NoticeResult {
  label: string;
  jobMs: number;
  speed: number;
  /** emulator clock steps the bench advances by: the resolution of every figure here */
  stepMs: number;
  waitedMs: number;
  noticeMs: number;
  boundMs: number;
  noticeHolds: boolean;
  statements: number;
  polls: number;
  lastMinuteStatements: number;
  curve: CurvePoint[];
  curveHolds: boolean;
  settledHolds: boolean;
}

const JOBS = [
  { label: "3 s job", jobMs: 3_000, speed: 1 },
  { label: "60 s job", jobMs: 60_000, speed: 10 },
  { label: "10 min job", jobMs: 600_000, speed: 20 },
];
const TICK_REAL_MS = 10;
const bound = (elapsedMs: number) => Math.max(1000, elapsedMs / 10);

/**
 * Statements grouped into polls: a new poll where the clock moved on by more than `gapMs`. On a scaled clock a
 * slow poll's statements can land steps apart; a "poll" much closer to the one before than that one was to its
 * predecessor is such a straggler (the provider's intervals never shrink like that) and is merged back.
 */
function polls(log: StatementRecord[], gapMs: number): { at: number; statements: number }[] {
  const out: { at: number; statements: number }[] = [];
  for (const s of log) {
    const last = out[out.length - 1];
    const prevGap = out.length >= 2 ? last.at - out[out.length - 2].at : 0;
    const gap = last ? s.at - last.at : Infinity;
    if (last && (gap <= gapMs || (gap < 1000 && gap < 0.4 * prevGap))) last.statements++;
    else out.push({ at: s.at, statements: 1 });
  }
  return out;
}

/** Consecutive polls with the same gap and verdict merged into one row. */
function curveOf(ps: { at: number; statements: number }[], start: number): CurvePoint[] {
  const rows: (CurvePoint & { spanMs: number; statements: number })[] = [];
  for (let i = 0; i + 1 < ps.length; i++) {
    const elapsed = ps[i].at - start;
    const gap = ps[i + 1].at - ps[i].at;
    const holds = gap <= bound(elapsed);
    const last = rows[rows.length - 1];
    if (last && Math.abs(last.gapS - gap / 1000) <= Math.max(0.3, last.gapS / 10) && last.holds === holds) {
      last.spanMs += gap;
      last.untilS = round(elapsed / 1000, 1);
      last.statements += ps[i].statements;
      last.boundS = Math.min(last.boundS, round(bound(elapsed) / 1000, 1));
      continue;
    }
    rows.push({ elapsedS: round(elapsed / 1000, 1), untilS: round(elapsed / 1000, 1), gapS: round(gap / 1000, 1), boundS: round(bound(elapsed) / 1000, 1), holds, perMinute: 0, spanMs: gap, statements: ps[i].statements });
  }
  return rows.map((r) => ({ elapsedS: r.elapsedS, untilS: r.untilS, gapS: r.gapS, boundS: r.boundS, holds: r.holds, perMinute: round((r.statements / r.spanMs) * 60_000, 1) }));
}

async function oneJob(label: string, jobMs: number, speed: number): Promise<NoticeResult> {
  const h = await startEmulator({ clock: "manual", backupDurationMs: jobMs, historyDelayMs: 10 });
  const sys = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys" });
  await sys.query(`ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///n/data' TENANT = mysql_tenant`);
  await sys.query(`ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///n/archive' TENANT = mysql_tenant`);
  await sys.query(`ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant`);
  await sys.end();
  h.advance(5000);
  const real0 = Date.now();
  const virtual0 = h.now();
  // the emulator's clock follows the host's: virtual0 + real time elapsed × speed
  const driver = setInterval(() => {
    const target = virtual0 + (Date.now() - real0) * speed;
    if (target > h.now()) h.advance(target - h.now());
  }, TICK_REAL_MS);
  const env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(__dirname, "scaled-clock.js")}`, BENCH_CLOCK_SPEED: String(speed), BENCH_CLOCK_REAL0: String(real0), BENCH_CLOCK_VIRTUAL0: String(virtual0) };
  const host = await BenchHost.start({ config: emulatorConfig(h.host, h.port), env });
  try {
    const inputs = await host.check("backup-job", { tenants: ["mysql_tenant"], waitForCompletion: true, timeoutSeconds: 3 * jobMs / 1000 + 600 });
    await host.read("backup-job", "warm", { ...inputs, connectedTenant: "sys", jobKey: "", sysJobId: 0, skippedTenants: [], status: "RUNNING", jobs: [] }).catch(() => undefined);
    const before = h.statements().length;
    const created = await host.create("backup-job", inputs);
    const log = h.statements().slice(before);
    const start = log.find((s) => /^ALTER SYSTEM BACKUP/.test(s.sql))?.at ?? log[0].at;
    const end = Date.parse(String((created.outs.jobs as { endTime: string }[])[0].endTime));
    const noticedAt = log[log.length - 1].at;
    const stepMs = TICK_REAL_MS * speed;
    // a poll's statements may straddle a clock step or two; polls themselves are at least ~1 s apart
    const ps = polls(log.filter((s) => s.at >= start), Math.max(300, 2.5 * stepMs));
    const curve = curveOf(ps, start);
    const waitedMs = end - start;
    const noticeMs = Math.max(0, noticedAt - end);
    return {
      label, jobMs, speed, stepMs, waitedMs, noticeMs, boundMs: bound(waitedMs), noticeHolds: noticeMs <= bound(waitedMs),
      statements: log.length, polls: ps.length,
      lastMinuteStatements: log.filter((s) => s.at > noticedAt - 60_000).length,
      curve, curveHolds: curve.every((p) => p.holds),
      // a long wait settles at one statement per 10 s: judged on the minutes after the first
      settledHolds: log.filter((s) => s.at - start > 60_000).length <= Math.max(0, Math.ceil((noticedAt - start - 60_000) / 10_000)) + 1,
    };
  } finally {
    clearInterval(driver);
    await host.stop();
    await h.close();
  }
}

export async function noticeCurve(): Promise<NoticeResult[]> {
  const out: NoticeResult[] = [];
  for (const j of JOBS) out.push(await oneJob(j.label, j.jobMs, j.speed));
  return out;
}
