// Secrets never leave the emulator in plaintext: statement logs and printed lines go through here.

const STRING = String.raw`'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"`;
const AFTER_IDENTIFIED = new RegExp(String.raw`(\b(?:IDENTIFIED|ENCRYPTED)\s+BY\s+)((?:${STRING})(?:\s*,\s*(?:${STRING}))*)`, "gi");
const CREDENTIAL = /(\b(?:access_key|access_id|secret_key|password)=)[^&'"\s]*/gi;

/** Replaces passwords (IDENTIFIED BY / ENCRYPTED BY) and storage credentials with ***. */
export function redactSql(sql: string): string {
  return sql
    .replace(AFTER_IDENTIFIED, (_m, head: string, list: string) => head + list.replace(new RegExp(STRING, "g"), "'***'"))
    .replace(CREDENTIAL, "$1***");
}
