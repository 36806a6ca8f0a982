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
