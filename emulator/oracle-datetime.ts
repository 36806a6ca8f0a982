// TO_CHAR and TO_DATE for Oracle-mode queries (§2.10). Dates travel through the emulator's SQL engine as
// 'YYYY-MM-DD HH:MM:SS[.ffffff]' text, so these convert between that form and a format model.

interface DateParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** fraction of a second as nine digits */
  frac: string;
}

// format elements, longest first so that HH24 wins over HH and YYYY over YY
const ELEMENT = /YYYY|YY|MM|DD|HH24|HH12|HH|MI|SS|FF[1-9]?|"[^"]*"|[\s\S]/gi;

const pad = (n: number, w: number) => String(n).padStart(w, "0");

function readDate(text: string): DateParts | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?$/.exec(text.trim());
  if (!m) return null;
  return { y: +m[1], mo: +m[2], d: +m[3], h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), frac: (m[7] ?? "").padEnd(9, "0") };
}

/** TO_CHAR(x [, fmt]): a date text rendered by the format model; anything else as its text. */
export function toChar(value: unknown, format: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (format === null || format === undefined) return text;
  const d = readDate(text);
  if (!d) return text;
  return String(format).replace(ELEMENT, (e) => {
    const u = e.toUpperCase();
    if (u === "YYYY") return pad(d.y, 4);
    if (u === "YY") return pad(d.y % 100, 2);
    if (u === "MM") return pad(d.mo, 2);
    if (u === "DD") return pad(d.d, 2);
    if (u === "HH24") return pad(d.h, 2);
    if (u === "HH" || u === "HH12") return pad(((d.h + 11) % 12) + 1, 2);
    if (u === "MI") return pad(d.mi, 2);
    if (u === "SS") return pad(d.s, 2);
    if (u.startsWith("FF")) return d.frac.slice(0, u.length === 3 ? Number(u[2]) : 6);
    if (e.startsWith('"')) return e.slice(1, -1);
    return e;
  });
}

/**
 * TO_DATE(text [, fmt]) as 'YYYY-MM-DD HH:MM:SS'. Without a format the text must already be in that form
 * (the format OceanBase's own view definitions rely on, §2.9). Text that does not match gives NULL: the
 * ORA-01861 an Oracle-mode server raises is not modelled.
 */
export function toDate(value: unknown, format: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  let parts: DateParts | null;
  if (format === null || format === undefined) parts = readDate(text);
  else parts = parseWithFormat(text, String(format));
  if (!parts) return null;
  return `${pad(parts.y, 4)}-${pad(parts.mo, 2)}-${pad(parts.d, 2)} ${pad(parts.h, 2)}:${pad(parts.mi, 2)}:${pad(parts.s, 2)}`;
}

function parseWithFormat(text: string, format: string): DateParts | null {
  const p: DateParts = { y: 1970, mo: 1, d: 1, h: 0, mi: 0, s: 0, frac: "000000000" };
  let pos = 0;
  const num = (max: number): number | null => {
    const m = new RegExp(`^\\d{1,${max}}`).exec(text.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return Number(m[0]);
  };
  for (const e of format.match(ELEMENT) ?? []) {
    const u = e.toUpperCase();
    const width = u === "YYYY" ? 4 : /^(YY|MM|DD|HH24|HH12|HH|MI|SS)$/.test(u) ? 2 : u.startsWith("FF") ? 9 : 0;
    if (width > 0) {
      const n = num(width);
      if (n === null) return null;
      if (u === "YYYY") p.y = n;
      else if (u === "YY") p.y = 2000 + n;
      else if (u === "MM") p.mo = n;
      else if (u === "DD") p.d = n;
      else if (u === "HH24" || u === "HH" || u === "HH12") p.h = n;
      else if (u === "MI") p.mi = n;
      else if (u === "SS") p.s = n;
      continue;
    }
    const literal = e.startsWith('"') ? e.slice(1, -1) : e;
    if (text.slice(pos, pos + literal.length) !== literal) return null;
    pos += literal.length;
  }
  if (pos !== text.length) return null;
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31 || p.h > 23 || p.mi > 59 || p.s > 59) return null;
  return p;
}
