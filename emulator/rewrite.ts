// Turns a client's SELECT into SQLite text: resolves OceanBase schema names (oceanbase., SYS.) to the views of
// the session's mode, substitutes @@system and @user variables, keeps MySQL's column naming, and refuses names
// the tenant cannot see. It works on tokens, so string literals are never touched.

import { ObError, OB, parseError } from "./errors";
import type { Token } from "./lexer";
import type { Catalog, ViewInfo } from "./catalog";
import { argumentCount, refuseMySqlisms } from "./oracle-dialect";

export interface RewriteSession {
  oracle: boolean;
  isSys: boolean;
  database: string | null;
  sysVar(name: string): string | number | null | undefined;
  userVar(name: string): string | null | undefined;
}

export interface NameUse {
  clause: string;
  quoted: boolean;
}

export interface Rewritten {
  sql: string;
  views: ViewInfo[];
  /** where each column name (lower case) is first used, in MySQL's words ('field list', …), and whether quoted */
  clauseOf: Map<string, NameUse>;
}

const SCHEMAS_MYSQL = new Set(["OCEANBASE"]);
const SCHEMAS_ORACLE = new Set(["SYS"]);
// the engine's own objects: inner tables, SQLite's catalog and its table-valued pragma functions
const HIDDEN = /^(_inner_|sqlite_|pragma_)|__ORA$/i;

// backticks, not double quotes: SQLite reads an unknown "name" as a string literal, `name` never
const quoteIdent = (s: string) => `\`${s.replace(/`/g, "``")}\``;
const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const literal = (v: string | number | null | undefined) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : quoteString(v);

/** Oracle-only functions, registered as ORA_<name><arity> so that a MySQL-mode query cannot call them. */
const ORACLE_FUNCTIONS: Record<string, number[]> = { TO_CHAR: [1, 2], TO_DATE: [1, 2] };

export function rewriteSelect(sql: string, tokens: Token[], catalog: Catalog, s: RewriteSession): Rewritten {
  if (s.oracle) refuseMySqlisms(sql, tokens);
  const out: string[] = [];
  const views: ViewInfo[] = [];
  const isOp = (t: Token | undefined, v: string) => t !== undefined && t.kind === "op" && t.value === v;
  const isName = (t: Token | undefined) => t !== undefined && (t.kind === "ident" || t.kind === "qident");
  const schemaName = (schema: string) => (s.oracle ? schema.toUpperCase() : schema);

  const notExist = (schema: string, name: string) =>
    new ObError(OB.TABLE_NOT_EXIST, `Table '${schema}.${name}' doesn't exist`);

  const resolveView = (schema: string | null, name: string, tok: Token): string | null => {
    const upper = name.toUpperCase();
    if (HIDDEN.test(name)) throw notExist(schema ?? s.database ?? "oceanbase", name);
    const v = catalog.views.get(upper);
    if (schema !== null) {
      const schemas = s.oracle ? SCHEMAS_ORACLE : SCHEMAS_MYSQL;
      if (!schemas.has(schema.toUpperCase())) return null; // another schema: left to SQLite (fails as unknown)
      if (!v) throw notExist(schemaName(schema), name);
    } else if (!v) {
      return null;
    } else if (!s.oracle) {
      if (s.database === null) throw new ObError(OB.ERR_NO_DB_SELECTED);
      if (s.database.toUpperCase() !== "OCEANBASE") throw notExist(s.database, name);
    }
    if (v.sysOnly && !s.isSys) throw notExist(schema ?? s.database ?? "SYS", name);
    const object = s.oracle ? v.oracleObject : v.mysqlObject;
    if (!object) throw notExist(schema ?? "SYS", name);
    views.push(v);
    void tok;
    return object;
  };

  // the top-level select list: plain column references get an alias so the client sees the name as typed
  // (MySQL mode) or upper-cased (Oracle mode), as OceanBase reports it, instead of SQLite's declared name
  const aliasAt = new Map<number, string>();
  const replaceAt = new Map<number, string>();
  markSelectListAliases(sql, tokens, aliasAt, replaceAt, s.oracle);
  const insertBefore = new Map<number, string>();
  if (s.oracle) rownumToLimit(tokens, replaceAt, insertBefore);
  const clauseOf = clauses(tokens);

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const inserted = insertBefore.get(i);
    if (inserted !== undefined) out.push(inserted);
    if (t.kind === "eof") break;
    const replaced = replaceAt.get(i);
    if (replaced !== undefined) {
      if (replaced !== "") out.push(replaced);
      continue;
    }
    if (isOp(t, ";")) throw parseError(sql.slice(t.start));
    switch (t.kind) {
      case "string":
        // SQLite would take a lone string in FROM for a table name; an expression it cannot be
        out.push(`CAST(${quoteString(t.value)} AS TEXT)`);
        break;
      case "number":
        out.push(t.value);
        break;
      case "sysvar": {
        const name = t.value.replace(/^(session|global|local)\./i, "");
        const v = s.sysVar(name.toLowerCase());
        if (v === undefined) throw new ObError(OB.ERR_UNKNOWN_SYS_VAR, `Unknown system variable '${name}'`);
        out.push(literal(v));
        break;
      }
      case "uservar":
        out.push(literal(s.userVar(t.value)));
        break;
      case "hint":
        break;
      case "op":
        // MySQL's `/` always divides exactly (7 / 2 = 3.5000); SQLite's divides integers as integers
        out.push(t.value === "&&" ? "AND" : t.value === "/" ? "* 1.0 /" : t.value);
        break;
      case "ident":
      case "qident": {
        // schema.object
        if (isOp(tokens[i + 1], ".") && isName(tokens[i + 2]) && !isOp(tokens[i + 3], ".")) {
          const obj = resolveView(t.value, tokens[i + 2].value, t);
          if (obj !== null) {
            out.push(quoteIdent(obj));
            i += 2;
            break;
          }
        }
        const prevDot = isOp(tokens[i - 1], ".");
        const nextParen = isOp(tokens[i + 1], "(");
        if (!prevDot && !nextParen) {
          const obj = resolveView(null, t.value, t);
          if (obj !== null) {
            out.push(quoteIdent(obj));
            break;
          }
        }
        if (HIDDEN.test(t.value)) throw notExist(s.database ?? (s.oracle ? "SYS" : "oceanbase"), t.value);
        const upper = t.value.toUpperCase();
        if (t.kind === "ident" && (upper === "CURRENT_TIMESTAMP" || upper === "LOCALTIMESTAMP") && !nextParen) {
          out.push("NOW()");
          break;
        }
        // Oracle: FETCH FIRST n ROWS ONLY → LIMIT n
        if (s.oracle && t.kind === "ident" && upper === "FETCH" && /^(FIRST|NEXT)$/i.test(tokens[i + 1]?.value ?? "")) {
          const n = tokens[i + 2];
          if (n?.kind === "number" && /^ROWS?$/i.test(tokens[i + 3]?.value ?? "") && /^ONLY$/i.test(tokens[i + 4]?.value ?? "")) {
            out.push(`LIMIT ${n.value}`);
            i += 4;
            break;
          }
        }
        if (s.oracle && t.kind === "ident" && !nextParen && !prevDot) {
          // Oracle pseudo-columns: SYSDATE / SYSTIMESTAMP take no parentheses; a ROWNUM that is not a WHERE limit
          // (rownumToLimit) numbers the rows
          if (upper === "SYSDATE" || upper === "SYSTIMESTAMP") {
            out.push("SYSDATE()");
            break;
          }
          if (upper === "ROWNUM") {
            out.push("ROW_NUMBER() OVER ()");
            break;
          }
        }
        if (s.oracle && t.kind === "ident" && nextParen && ORACLE_FUNCTIONS[upper] !== undefined) {
          const n = argumentCount(tokens, i + 1);
          if (!ORACLE_FUNCTIONS[upper].includes(n)) throw new ObError(OB.INVALID_ARGUMENT_NUM);
          out.push(`ORA_${upper}${n}`);
          break;
        }
        if (t.kind === "qident") out.push(quoteIdent(t.value));
        else out.push(t.value);
        break;
      }
    }
    const alias = aliasAt.get(i);
    if (alias !== undefined) out.push(`AS ${quoteIdent(alias)}`);
  }
  return { sql: out.join(" "), views, clauseOf };
}

const CLAUSE_WORDS: Record<string, string> = {
  SELECT: "field list",
  FROM: "from clause",
  WHERE: "where clause",
  ON: "on clause",
  GROUP: "group statement",
  HAVING: "having clause",
  ORDER: "order clause",
};

/** The clause each column name first appears in, for "Unknown column 'x' in 'where clause'" (§2.10). */
function clauses(tokens: Token[]): Map<string, NameUse> {
  const found = new Map<string, NameUse>();
  const stack: string[] = ["field list"];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "op" && t.value === "(") stack.push(stack[stack.length - 1]);
    else if (t.kind === "op" && t.value === ")") stack.length > 1 && stack.pop();
    else if (t.kind === "ident" && CLAUSE_WORDS[t.value.toUpperCase()] !== undefined) stack[stack.length - 1] = CLAUSE_WORDS[t.value.toUpperCase()];
    else if ((t.kind === "ident" || t.kind === "qident") && !found.has(t.value.toLowerCase())) {
      found.set(t.value.toLowerCase(), { clause: stack[stack.length - 1], quoted: t.kind === "qident" });
    }
  }
  return found;
}

/**
 * Oracle's `WHERE … ROWNUM <= n` (also `< n`, `= 1`) as an AND-term of a query block's WHERE becomes a LIMIT
 * at the end of that block; the term itself becomes `1 = 1` so the rest of the condition keeps its shape.
 * With an ORDER BY in the same block Oracle numbers rows before sorting, so it may return other rows than
 * the first n sorted ones; this picks the sorted ones (one of the answers Oracle may give).
 */
function rownumToLimit(tokens: Token[], replaceAt: Map<number, string>, insertBefore: Map<number, string>): void {
  const isOp = (t: Token | undefined, v: string) => t !== undefined && t.kind === "op" && t.value === v;
  const isKw = (t: Token | undefined, w: string) => t !== undefined && t.kind === "ident" && t.value.toUpperCase() === w;
  for (let i = 0; i < tokens.length; i++) {
    if (!isKw(tokens[i], "ROWNUM") || !(isKw(tokens[i - 1], "WHERE") || isKw(tokens[i - 1], "AND"))) continue;
    const op = tokens[i + 1];
    const n = tokens[i + 2];
    if (op?.kind !== "op" || n?.kind !== "number" || !/^[0-9]+$/.test(n.value)) continue;
    const after = tokens[i + 3];
    if (after !== undefined && !(after.kind === "eof" || isOp(after, ")") || isKw(after, "AND") || /^(ORDER|GROUP|UNION|FETCH)$/i.test(after.value))) continue;
    const v = Number(n.value);
    const limit = op.value === "<=" ? v : op.value === "<" ? v - 1 : op.value === "=" ? (v === 1 ? 1 : 0) : null;
    if (limit === null) continue;
    replaceAt.set(i, "1 = 1");
    replaceAt.set(i + 1, "");
    replaceAt.set(i + 2, "");
    let depth = 0;
    let j = i + 3;
    for (; j < tokens.length; j++) {
      const t = tokens[j];
      if (t.kind === "eof") break;
      if (isOp(t, "(")) depth++;
      else if (isOp(t, ")")) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && /^(UNION|INTERSECT|MINUS|EXCEPT)$/i.test(t.kind === "ident" ? t.value : "")) break;
    }
    insertBefore.set(j, `LIMIT ${Math.max(0, limit)}`);
  }
}

const CLAUSE_END = new Set(["FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION", "INTO", "FETCH"]);
const NOT_ALIAS = new Set(["END", "NULL", "TRUE", "FALSE"]);

/**
 * MySQL names a result column by the select-list text as typed (Oracle mode: upper case); SQLite would give
 * plain column references their declared name. Items without an alias get one with the typed text.
 */
function markSelectListAliases(
  sql: string,
  tokens: Token[],
  aliasAt: Map<number, string>,
  replaceAt: Map<number, string>,
  oracle: boolean,
): void {
  let i = 0;
  while (i < tokens.length && !(tokens[i].kind === "ident" && tokens[i].value.toUpperCase() === "SELECT")) {
    if (tokens[i].kind === "ident" && tokens[i].value.toUpperCase() === "WITH") return; // CTEs: SQLite naming
    i++;
  }
  i++;
  if (tokens[i]?.kind === "ident" && /^(DISTINCT|ALL)$/i.test(tokens[i].value)) i++;
  let itemStart = i;
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "op" && t.value === "(") depth++;
    else if (t.kind === "op" && t.value === ")") depth--;
    if (depth < 0) return;
    const atEnd =
      t.kind === "eof" || (depth === 0 && ((t.kind === "op" && t.value === ",") || (t.kind === "ident" && CLAUSE_END.has(t.value.toUpperCase()))));
    if (!atEnd) continue;
    const item = tokens.slice(itemStart, i);
    const aliased = item.length > 0 && hasAlias(item);
    if (aliased && oracle && item[item.length - 1].kind === "ident") {
      // Oracle mode upper-cases an unquoted alias; only a double-quoted one keeps its case (§2.10)
      replaceAt.set(itemStart + item.length - 1, quoteIdent(item[item.length - 1].value.toUpperCase()));
    }
    if (item.length > 0 && !aliased && !(item[item.length - 1].kind === "op" && item[item.length - 1].value === "*")) {
      const last = item[item.length - 1];
      const plainColumn = item.length === 1 || (item.length === 3 && item[1].kind === "op" && item[1].value === ".");
      let name: string;
      if (plainColumn && (last.kind === "ident" || last.kind === "qident")) {
        name = last.kind === "ident" && oracle ? last.value.toUpperCase() : last.value;
      } else if (oracle) {
        // the item's text, upper-cased, without its spaces: count( * ) → COUNT(*) (§2.10)
        name = sql.slice(item[0].start, last.end).replace(/\s+/g, "").toUpperCase();
      } else if (item.length === 1 && last.kind === "string") {
        name = last.value; // MySQL names SELECT 'abc' "abc"
      } else {
        name = sql.slice(item[0].start, last.end);
      }
      aliasAt.set(itemStart + item.length - 1, name);
    }
    if (t.kind !== "op" || t.value !== ",") return;
    itemStart = i + 1;
  }
}

function hasAlias(item: Token[]): boolean {
  if (item.length < 2) return false;
  const last = item[item.length - 1];
  const prev = item[item.length - 2];
  if (last.kind !== "ident" && last.kind !== "qident" && last.kind !== "string") return false;
  if (prev.kind === "ident" && prev.value.toUpperCase() === "AS") return true;
  if (last.kind === "ident" && NOT_ALIAS.has(last.value.toUpperCase())) return false;
  return prev.kind === "ident" || prev.kind === "qident" || prev.kind === "number" || prev.kind === "string" || (prev.kind === "op" && prev.value === ")");
}
