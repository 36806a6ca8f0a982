// OceanBase's time strings (ObConfigTimeParser, reference §1.4), used by RECOVERY_WINDOW and
// PIECE_SWITCH_INTERVAL: a non-negative integer (strtol base 0: 0x.. hex, leading-0 octal), then an optional
// case-insensitive unit us | ms | s | m | h | d (none: seconds). Shared by check() and the emulator.

const UNIT_US: Record<string, number> = { us: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86400e6 };

/** Microseconds, or null when the text is not a time string (e.g. 1w, 7 d, -1d, ''). */
export function parseObTimeString(text: string): number | null {
  const m = /^(0[xX][0-9a-fA-F]+|[0-9]+)(us|ms|s|m|h|d)?$/i.exec(text);
  if (!m) return null;
  const digits = m[1];
  const n = /^0x/i.test(digits) ? parseInt(digits, 16) : digits.length > 1 && digits.startsWith("0") ? parseInt(digits, 8) : parseInt(digits, 10);
  if (!Number.isFinite(n)) return null;
  return n * UNIT_US[(m[2] ?? "s").toLowerCase()];
}

export const PIECE_SWITCH_MIN_US = 86400e6;
export const PIECE_SWITCH_MAX_US = 7 * 86400e6;

/** Two time strings that mean the same duration (7d and 168h), or the same text. */
export function sameDuration(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parseObTimeString(a);
  return x !== null && x === parseObTimeString(b);
}

/**
 * PIECE_SWITCH_INTERVAL of the ARCHIVELOG views: a bigint in microseconds on a real server (reference §2.7),
 * a number or digit string through mysql2; the older string form (`1d`), which some servers' docs show, is
 * still read. null when absent or unreadable.
 */
export function intervalFromView(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v !== "string" || v === "") return null;
  if (/^\d+$/.test(v)) return Number(v);
  return parseObTimeString(v);
}
