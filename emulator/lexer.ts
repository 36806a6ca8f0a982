// A MySQL-flavoured SQL tokenizer. It keeps each token's source span so that parse errors can quote
// the text "near" the failure the way OceanBase does, and so that SELECTs can be rewritten token by token.

export type TokenKind = "ident" | "qident" | "string" | "number" | "sysvar" | "uservar" | "op" | "hint" | "eof";

export interface Token {
  kind: TokenKind;
  /** Identifier text (unquoted), string value (unescaped), number text, operator text. */
  value: string;
  start: number;
  end: number;
  /** how a qident was quoted: backticks (MySQL) or double quotes (Oracle mode) */
  quote?: "`" | '"';
}

export class LexError extends Error {
  constructor(readonly offset: number) {
    super("lexical error");
  }
}

const isIdentStart = (c: string) => /[A-Za-z_$\u0080-\uffff]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", "0": "\0", Z: "\x1a" };

/**
 * Tokenizes `sql`. `backslashEscapes` follows MySQL mode (true) or Oracle mode (false) string rules.
 * Comments are dropped, except optimizer hints (slash-star-plus), which become a `hint` token.
 */
export function tokenize(sql: string, backslashEscapes = true): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "#" || (c === "-" && sql[i + 1] === "-" && (i + 2 >= n || /\s/.test(sql[i + 2])))) {
      while (i < n && sql[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      if (close < 0) throw new LexError(i);
      if (sql[i + 2] === "+") out.push({ kind: "hint", value: sql.slice(i + 3, close), start: i, end: close + 2 });
      i = close + 2;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"') {
      // In MySQL mode a double-quoted text is a string; in Oracle mode it is a quoted identifier.
      const quote = c;
      let value = "";
      i++;
      for (;;) {
        if (i >= n) throw new LexError(start);
        const d = sql[i];
        if (d === "\\" && backslashEscapes) {
          const e = sql[i + 1];
          if (e === undefined) throw new LexError(start);
          value += ESCAPES[e] ?? e;
          i += 2;
          continue;
        }
        if (d === quote) {
          if (sql[i + 1] === quote) {
            value += quote;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += d;
        i++;
      }
      const kind: TokenKind = quote === '"' && !backslashEscapes ? "qident" : "string";
      out.push(kind === "qident" ? { kind, value, start, end: i, quote: '"' } : { kind, value, start, end: i });
      continue;
    }
    if (c === "`") {
      let value = "";
      i++;
      for (;;) {
        if (i >= n) throw new LexError(start);
        if (sql[i] === "`") {
          if (sql[i + 1] === "`") {
            value += "`";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += sql[i++];
      }
      out.push({ kind: "qident", value, start, end: i, quote: "`" });
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      if (c === "0" && (sql[i + 1] === "x" || sql[i + 1] === "X")) {
        i += 2;
        while (i < n && /[0-9a-fA-F]/.test(sql[i])) i++;
      } else {
        while (i < n && /[0-9]/.test(sql[i])) i++;
        if (sql[i] === "." && /[0-9]/.test(sql[i + 1] ?? "")) {
          i++;
          while (i < n && /[0-9]/.test(sql[i])) i++;
        }
        if ((sql[i] === "e" || sql[i] === "E") && /[-+0-9]/.test(sql[i + 1] ?? "")) {
          i += 2;
          while (i < n && /[0-9]/.test(sql[i])) i++;
        }
      }
      if (i < n && isIdentStart(sql[i])) {
        // e.g. 1d or 7days: an identifier starting with digits
        while (i < n && isIdentPart(sql[i])) i++;
        out.push({ kind: "ident", value: sql.slice(start, i), start, end: i });
      } else {
        out.push({ kind: "number", value: sql.slice(start, i), start, end: i });
      }
      continue;
    }
    if (c === "@") {
      if (sql[i + 1] === "@") {
        i += 2;
        while (i < n && (isIdentPart(sql[i]) || sql[i] === ".")) i++;
        out.push({ kind: "sysvar", value: sql.slice(start + 2, i), start, end: i });
      } else {
        i++;
        while (i < n && isIdentPart(sql[i])) i++;
        out.push({ kind: "uservar", value: sql.slice(start + 1, i), start, end: i });
      }
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(sql[i])) i++;
      out.push({ kind: "ident", value: sql.slice(start, i), start, end: i });
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (["<=", ">=", "<>", "!=", "||", "&&", ":=", "<<", ">>"].includes(two)) {
      out.push({ kind: "op", value: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if ("(),.;=<>+-*/%!~^&|?:[]{}".includes(c)) {
      out.push({ kind: "op", value: c, start, end: i + 1 });
      i++;
      continue;
    }
    throw new LexError(i);
  }
  out.push({ kind: "eof", value: "", start: n, end: n });
  return out;
}
