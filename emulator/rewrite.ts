// Turns a client's SELECT into SQLite text: resolves OceanBase schema names (oceanbase., SYS.) to the views of
// the session's mode, substitutes @@system and @user variables, keeps MySQL's column naming, and refuses names
// the tenant cannot see. It works on tokens, so string literals are never touched.

import { ObError, OB, parseError } from "./errors";
import type { Token } from "./lexer";
import type { Catalog, ViewInfo } from "./catalog";

export interface RewriteSession {
  oracle: boolean;
  isSys: boolean;
  database: string | null;
  sysVar(name: string): string | number | null | undefined;
  userVar(name: string): string | null | undefined;
}

export interface Rewritten {
  sql: string;
  views: ViewInfo[];
}

const SCHEMAS_MYSQL = new Set(["OCEANBASE"]);
const SCHEMAS_ORACLE = new Set(["SYS"]);
// the engine's own objects: inner tables, SQLite's catalog and its table-valued pragma functions
const HIDDEN = /^(_inner_|sqlite_|pragma_)|__ORA$/i;

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const literal = (v: string | number | null | undefined) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : quoteString(v);

export function rewriteSelect(sql: string, tokens: Token[], catalog: Catalog, s: RewriteSession): Rewritten {
  const out: string[] = [];
  const views: ViewInfo[] = [];
  const isOp = (t: Token | undefined, v: string) => t !== undefined && t.kind === "op" && t.value === v;
  const isName = (t: Token | undefined) => t !== undefined && (t.kind === "ident" || t.kind === "qident");
  const schemaName = (schema: string) => (s.oracle ? schema.toUpperCase() : schema);

  const notExist = (schema: string, name: string) =>
    new ObError(OB.TABLE_NOT_EXIST, s.oracle ? "ORA-00942: table or view does not exist" : `Table '${schema}.${name}' doesn't exist`);

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
  markSelectListAliases(sql, tokens, aliasAt, s.oracle);

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "eof") break;
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
        if (t.kind === "qident") out.push(quoteIdent(t.value));
        else out.push(t.value);
        break;
      }
    }
    const alias = aliasAt.get(i);
    if (alias !== undefined) out.push(`AS ${quoteIdent(alias)}`);
  }
  return { sql: out.join(" "), views };
}

const CLAUSE_END = new Set(["FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION", "INTO", "FETCH"]);
const NOT_ALIAS = new Set(["END", "NULL", "TRUE", "FALSE"]);

/**
 * MySQL names a result column by the select-list text as typed (Oracle mode: upper case); SQLite would give
 * plain column references their declared name. Items without an alias get one with the typed text.
 */
function markSelectListAliases(sql: string, tokens: Token[], aliasAt: Map<number, string>, oracle: boolean): void {
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
    if (item.length > 0 && !hasAlias(item) && !(item[item.length - 1].kind === "op" && item[item.length - 1].value === "*")) {
      const last = item[item.length - 1];
      const plainColumn = item.length === 1 || (item.length === 3 && item[1].kind === "op" && item[1].value === ".");
      let name: string;
      if (plainColumn && (last.kind === "ident" || last.kind === "qident")) {
        name = last.kind === "ident" && oracle ? last.value.toUpperCase() : last.value;
      } else if (item.length === 1 && last.kind === "string") {
        name = last.value; // MySQL names SELECT 'abc' "abc"
      } else {
        const text = sql.slice(item[0].start, last.end);
        name = oracle ? text.toUpperCase() : text;
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
