// What the emulator writes to its statement log and prints: the statement with its secrets replaced by ***.
// Passwords are the string literals after IDENTIFIED BY / ENCRYPTED BY (SET ENCRYPTION, SET DECRYPTION,
// BACKUP KEY, §1.9); storage credentials are the access_id / access_key parameters of a destination (§1.3).

import { tokenize } from "./lexer";

const CREDENTIAL = /\b(access_id|access_key|secret_key|password)=[^&'"\s]*/gi;

/** The statement as it may be logged; `oracle`: read string literals as an Oracle-mode tenant does (§2.10). */
export function redactStatement(sql: string, oracle = false): string {
  return maskPasswordLiterals(sql, oracle).replace(CREDENTIAL, (_m, key: string) => `${key}=***`);
}

function maskPasswordLiterals(sql: string, oracle: boolean): string {
  let tokens;
  try {
    tokens = tokenize(sql, !oracle);
  } catch {
    // not lexable (e.g. an unclosed quote): nothing after a BY can be trusted to be harmless
    const by = /\b(IDENTIFIED|ENCRYPTED)\s+BY\b/i.exec(sql);
    return by ? `${sql.slice(0, by.index + by[0].length)} ***` : sql;
  }
  const spans: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // in Oracle mode a double-quoted password lexes as an identifier; it is masked all the same
    const literal = t.kind === "string" || (t.kind === "qident" && t.quote === '"');
    const afterBy =
      literal &&
      i >= 2 &&
      tokens[i - 1].kind === "ident" &&
      tokens[i - 1].value.toUpperCase() === "BY" &&
      /^(IDENTIFIED|ENCRYPTED)$/i.test(tokens[i - 2].value);
    const inList = literal && spans.length > 0 && tokens[i - 1]?.value === "," && tokens[i - 2]?.end === spans[spans.length - 1][1];
    if (afterBy || inList) spans.push([t.start, t.end]);
  }
  let out = sql;
  for (const [start, end] of spans.reverse()) out = `${out.slice(0, start)}'***'${out.slice(end)}`;
  return out;
}
