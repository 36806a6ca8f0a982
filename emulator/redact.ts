// What the emulator writes to its statement log and prints: the statement with its secrets replaced by ***.
// Passwords are the string literals after IDENTIFIED BY / ENCRYPTED BY (SET ENCRYPTION, SET DECRYPTION,
// BACKUP KEY, §1.9); storage credentials are the access_id / access_key parameters of a destination (§1.3).

import { tokenize } from "./lexer";

const CREDENTIAL = /\b(access_id|access_key|secret_key|password)=[^&'"\s]*/gi;

/** The statement as it may be logged. */
export function redactStatement(sql: string): string {
  return maskPasswordLiterals(sql).replace(CREDENTIAL, (_m, key: string) => `${key}=***`);
}

function maskPasswordLiterals(sql: string): string {
  let tokens;
  try {
    tokens = tokenize(sql, true);
  } catch {
    // not lexable (e.g. an unclosed quote): nothing after a BY can be trusted to be harmless
    const by = /\b(IDENTIFIED|ENCRYPTED)\s+BY\b/i.exec(sql);
    return by ? `${sql.slice(0, by.index + by[0].length)} ***` : sql;
  }
  const spans: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const afterBy =
      t.kind === "string" &&
      i >= 2 &&
      tokens[i - 1].kind === "ident" &&
      tokens[i - 1].value.toUpperCase() === "BY" &&
      /^(IDENTIFIED|ENCRYPTED)$/i.test(tokens[i - 2].value);
    const inList = t.kind === "string" && spans.length > 0 && tokens[i - 1]?.value === "," && tokens[i - 2]?.end === spans[spans.length - 1][1];
    if (afterBy || inList) spans.push([t.start, t.end]);
  }
  let out = sql;
  for (const [start, end] of spans.reverse()) out = `${out.slice(0, start)}'***'${out.slice(end)}`;
  return out;
}
