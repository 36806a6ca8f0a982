// Secrets never leave in plaintext: statement logs, printed lines and error messages go through here.

const STRING = String.raw`'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"`;
const AFTER_IDENTIFIED = new RegExp(String.raw`(\b(?:IDENTIFIED|ENCRYPTED)\s+BY\s+)((?:${STRING})(?:\s*,\s*(?:${STRING}))*)`, "gi");
const CREDENTIAL = /(\b(?:access_key|access_id|secret_key|password)=)[^&'"\s]*/gi;

/** Replaces passwords (IDENTIFIED BY / ENCRYPTED BY) and storage credentials with ***. */
export function redactSql(sql: string): string {
  return sql
    .replace(AFTER_IDENTIFIED, (_m, head: string, list: string) => head + list.replace(new RegExp(STRING, "g"), "'***'"))
    .replace(CREDENTIAL, "$1***");
}

/** Removes known secret values (and their SQL-escaped forms) from any text, then applies redactSql. */
export function scrub(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, s.replace(/\\/g, "\\\\").replace(/'/g, "''"), s.replace(/'/g, "''"), encodeURIComponent(s)])) {
      out = out.split(form).join("***");
    }
  }
  return redactSql(out);
}
