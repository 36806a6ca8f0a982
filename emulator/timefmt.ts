// Time strings and time rendering shared by the statements and the views.


/** "+08:00" / "-05:30" / "SYSTEM" → offset minutes; null when not understood. */
export function parseTimeZone(tz: string): number | null {
  const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(tz.trim());
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (minutes > 14 * 60) return null;
  return m[1] === "-" ? -minutes : minutes;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Microseconds since the epoch as "YYYY-MM-DD HH:MM:SS.ffffff" at a fixed offset. */
export function formatUsec(us: number, offsetMinutes: number, fraction = true): string {
  const ms = Math.floor(us / 1000);
  const d = new Date(ms + offsetMinutes * 60_000);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (!fraction) return base;
  const micro = ((us % 1_000_000) + 1_000_000) % 1_000_000;
  return `${base}.${pad(micro, 6)}`;
}

/** 15.00GB style, as the archive views show byte counts (reference §2.7). */
export function bytesDisplay(n: number): string {
  const units = ["MB", "GB", "TB", "PB"];
  let v = n / (1024 * 1024);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}
