// OceanBase's configuration time strings, written from reference §1.4 (ObConfigTimeParser::get and
// convert_timestamp_to_timestr) for the emulator alone: the emulator is an oracle for the provider, so it
// must not share the provider's reading of the grammar.

/** Microseconds per unit; a bare number means seconds. */
const UNITS: readonly (readonly [string, number])[] = [
  ["d", 86_400_000_000],
  ["h", 3_600_000_000],
  ["m", 60_000_000],
  ["s", 1_000_000],
  ["ms", 1_000],
  ["us", 1],
];

/**
 * strtol(text, &end, 0) as C does it for what the grammar allows: "0x" then hex digits, a leading "0" then
 * octal digits, else decimal. Returns the number and where the digits stop, or null when no digit was read.
 * Signs and leading blanks, which strtol would skip, are left out: the reference counts "-1d" and " 7d" invalid.
 */
function strtol0(text: string): { value: number; end: number } | null {
  let base = 10;
  let i = 0;
  if (/^0[xX][0-9a-fA-F]/.test(text)) {
    base = 16;
    i = 2;
  } else if (text.startsWith("0")) {
    base = 8;
  }
  const digit = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  while (i < text.length && digit.test(text[i])) i++;
  if (i === start) return null;
  return { value: parseInt(text.slice(start, i), base), end: i };
}

/** Microseconds, or null when `text` is not a time string (e.g. `1w`, `7 d`, `-1d`, ``). */
export function parseTimeString(text: string): number | null {
  const n = strtol0(text);
  if (n === null || !Number.isSafeInteger(n.value)) return null;
  const unit = text.slice(n.end).toLowerCase();
  if (unit === "") return n.value * 1_000_000;
  const found = UNITS.find(([u]) => u === unit);
  return found ? n.value * found[1] : null;
}

/** The largest unit the value reaches, truncating (`48h` → `2d`, `36h` → `1d`), as the ARCHIVE_DEST rows show it. */
export function formatTimeString(us: number): string {
  for (const [unit, size] of UNITS) {
    if (us >= size) return `${Math.floor(us / size)}${unit}`;
  }
  return "0us";
}

export const ONE_MINUTE_US = 60_000_000;
export const ONE_DAY_US = 86_400_000_000;
