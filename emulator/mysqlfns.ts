// MySQL/OceanBase scalar functions that SQLite lacks and real clients use in their queries: obshell's
// archive-delay query is `truncate((time_to_usec(now()) - checkpoint_scn / 1000) / 1000000, 4)`.

const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?)?$/;

/** TIME_TO_USEC(datetime): µs since the epoch of a time string read in the session's time zone; NULL if unreadable. */
export function timeToUsec(v: unknown, tzOffsetMinutes: number): number | null {
  if (v === null || v === undefined) return null;
  const m = DATETIME.exec(String(v).trim());
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  const micro = m[7] ? Number(m[7].padEnd(6, "0")) : 0;
  return (ms - tzOffsetMinutes * 60_000) * 1000 + micro;
}

/** TRUNCATE(x, d): x cut (towards zero, not rounded) to d decimals; negative d zeroes digits left of the point. */
export function truncateNumber(x: unknown, d: unknown): number | null {
  if (x === null || x === undefined || d === null || d === undefined) return null;
  const n = Number(x);
  const places = Math.trunc(Number(d));
  if (!Number.isFinite(n) || !Number.isFinite(places)) return null;
  if (places < 0) {
    const f = 10 ** -places;
    return Math.trunc(n / f) * f;
  }
  // cut the decimal text rather than multiply, which would turn 1.2345 into 1.2344999…
  const text = n.toFixed(Math.min(100, places + 8));
  const dot = text.indexOf(".");
  return Number(places === 0 ? text.slice(0, dot) : text.slice(0, dot + 1 + places));
}
