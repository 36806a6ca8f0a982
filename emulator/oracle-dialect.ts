// What an Oracle-mode tenant refuses in a query that a MySQL-mode one accepts (reference §2.10): LIMIT,
// SELECT without FROM, backtick identifiers and `AS` before a table alias are parse errors (ORA-00900);
// MySQL-only functions are unknown identifiers; CONCAT takes exactly two arguments.

import { ObError, OB, parseError } from "./errors";
import type { Token } from "./lexer";

/**
 * Functions OceanBase's MySQL mode has and its Oracle mode lacks (not in REG_OP_ORCL). The reference names
 * NOW, IFNULL and GROUP_CONCAT; the rest are MySQL date and control functions with Oracle counterparts.
 */
const MYSQL_ONLY_FUNCTIONS = new Set([
  "NOW", "IFNULL", "GROUP_CONCAT", "IF", "CURDATE", "CURTIME", "DATE_FORMAT", "STR_TO_DATE", "UNIX_TIMESTAMP",
  "DATABASE", "CONCAT_WS",
]);

const BLOCK_END = new Set(["UNION", "INTERSECT", "MINUS", "EXCEPT"]);
const FROM_END = new Set(["WHERE", "GROUP", "ORDER", "HAVING", "CONNECT", "START", "FETCH", "OFFSET", "FOR", "UNION", "INTERSECT", "MINUS", "EXCEPT", "ON", "USING"]);

const isKw = (t: Token | undefined, w: string) => t !== undefined && t.kind === "ident" && t.value.toUpperCase() === w;
const isOp = (t: Token | undefined, v: string) => t !== undefined && t.kind === "op" && t.value === v;

/** Throws the error an Oracle-mode tenant gives for the first MySQL-ism in the query; returns when there is none. */
export function refuseMySqlisms(sql: string, tokens: Token[]): void {
  const near = (t: Token) => {
    const line = sql.slice(0, t.start).split("\n").length;
    return parseError(t.kind === "eof" ? "" : sql.slice(t.start), line);
  };
  // parse errors first: the parser rejects the text before any name is resolved
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "qident" && t.quote === "`") throw near(t);
    // Oracle mode has no LIMIT (use FETCH FIRST n ROWS ONLY or ROWNUM)
    if (isKw(t, "LIMIT") && (tokens[i + 1]?.kind === "number" || isOp(tokens[i + 1], "?"))) throw near(t);
    if (isKw(t, "SELECT")) {
      const missing = missingFrom(tokens, i);
      if (missing !== null) throw near(missing);
    }
    if (isKw(t, "FROM") || isKw(t, "JOIN")) {
      const as = tableAliasWithAs(tokens, i + 1);
      if (as !== null) throw near(as);
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== "ident" || !isOp(tokens[i + 1], "(") || isOp(tokens[i - 1], ".")) continue;
    const name = t.value.toUpperCase();
    // which errno OceanBase sends here is unsettled in the reference (904, or 600 with -5055); 904 is Oracle's
    if (MYSQL_ONLY_FUNCTIONS.has(name)) throw new ObError(OB.ERR_BAD_FIELD, `Unknown column '${t.value}'`, `invalid identifier '${name}'`);
    if (name === "CONCAT" && argumentCount(tokens, i + 1) !== 2) throw new ObError(OB.INVALID_ARGUMENT_NUM);
  }
}

/** The token where a FROM was due when the SELECT at `at` has none in its own query block, else null. */
function missingFrom(tokens: Token[], at: number): Token | null {
  let depth = 0;
  for (let j = at + 1; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind === "eof") return t;
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")")) {
      if (depth === 0) return t;
      depth--;
    } else if (depth === 0 && isKw(t, "FROM")) return null;
    else if (depth === 0 && t.kind === "ident" && BLOCK_END.has(t.value.toUpperCase())) return t;
  }
  return null;
}

/**
 * Walks the table references after FROM or JOIN (`name`, `schema.name`, `( … )`, each with an optional alias,
 * separated by commas) and returns the AS token when one precedes a table alias.
 */
function tableAliasWithAs(tokens: Token[], from: number): Token | null {
  let i = from;
  for (;;) {
    const t = tokens[i];
    if (isOp(t, "(")) {
      let depth = 0;
      for (; i < tokens.length; i++) {
        if (isOp(tokens[i], "(")) depth++;
        else if (isOp(tokens[i], ")") && --depth === 0) break;
      }
      i++;
    } else if (t?.kind === "ident" || t?.kind === "qident") {
      i++;
      while (isOp(tokens[i], ".") && (tokens[i + 1]?.kind === "ident" || tokens[i + 1]?.kind === "qident")) i += 2;
    } else return null;
    if (isKw(tokens[i], "AS")) return tokens[i];
    const alias = tokens[i];
    if ((alias?.kind === "ident" && !FROM_END.has(alias.value.toUpperCase()) && !isJoinWord(alias)) || alias?.kind === "qident") i++;
    if (!isOp(tokens[i], ",")) return null;
    i++;
  }
}

const isJoinWord = (t: Token) => /^(JOIN|LEFT|RIGHT|INNER|OUTER|FULL|CROSS|NATURAL)$/i.test(t.value);

/** Top-level arguments of the call whose "(" is at `open`. */
export function argumentCount(tokens: Token[], open: number): number {
  let depth = 0;
  let count = 0;
  let sawToken = false;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (isOp(t, "(")) {
      if (depth++ === 0) continue;
    } else if (isOp(t, ")")) {
      if (--depth === 0) return sawToken ? count + 1 : 0;
    } else if (depth === 1 && isOp(t, ",")) {
      count++;
      continue;
    }
    if (depth >= 1) sawToken = true;
  }
  return count;
}
