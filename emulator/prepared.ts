// Server-side prepared statements (COM_STMT_PREPARE / EXECUTE / SEND_LONG_DATA / RESET / CLOSE), as real
// clients such as obshell (Go driver, no interpolateParams) and mysql2's execute() use them.
//
// The emulator has no plan cache: EXECUTE puts each parameter into the statement text as a literal of the
// session's mode and runs that text like a COM_QUERY. Placeholders are found with the emulator's own lexer,
// so a `?` inside a string, a quoted name or a comment is never taken for one, and each value is quoted so
// that it can only ever be one literal. mysql2's server side parses EXECUTE packets by guessing at the
// parameter types (reference: testing notes, pitfall 4), so the packet is decoded here from the protocol.

import { LexError, tokenize } from "./lexer";

export interface PreparedStatement {
  id: number;
  sql: string;
  /** start/end offsets of each `?` in `sql` */
  placeholders: { start: number; end: number }[];
  /** parameter types from the last EXECUTE that sent them (new-params-bound flag 1), reused when it is 0 */
  types: { type: number; unsigned: boolean }[] | null;
  /** COM_STMT_SEND_LONG_DATA chunks per parameter, consumed by the next EXECUTE */
  longData: Map<number, Buffer[]>;
}

/** A decoded parameter value: null, a number as text, a string, or raw bytes. */
export type ParamValue = null | { kind: "number"; text: string } | { kind: "string"; text: string } | { kind: "bytes"; value: Buffer };

export class ProtocolError extends Error {}

/** The `?` placeholders of `sql`; throws LexError when the text does not tokenize (a 1064 at PREPARE). */
export function findPlaceholders(sql: string, oracle: boolean): { start: number; end: number }[] {
  return tokenize(sql, !oracle)
    .filter((t) => t.kind === "op" && t.value === "?")
    .map((t) => ({ start: t.start, end: t.end }));
}

/** Per-connection statement table. Ids start at 1 and are never reused on the connection. */
export class StatementTable {
  private readonly byId = new Map<number, PreparedStatement>();
  private nextId = 1;
  private lastId = 0;

  prepare(sql: string, oracle: boolean): PreparedStatement | LexError {
    let placeholders;
    try {
      placeholders = findPlaceholders(sql, oracle);
    } catch (e) {
      if (e instanceof LexError) return e;
      throw e;
    }
    const st: PreparedStatement = { id: this.nextId++, sql, placeholders, types: null, longData: new Map() };
    this.byId.set(st.id, st);
    this.lastId = st.id;
    return st;
  }

  /** 0xffffffff means "the statement prepared last" (MariaDB's pipelining convention). */
  get(id: number): PreparedStatement | undefined {
    return this.byId.get(id === 0xffffffff ? this.lastId : id);
  }

  close(id: number): void {
    this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }

  get size(): number {
    return this.byId.size;
  }
}

// protocol type codes (include/field_types.h)
const TYPE = {
  DECIMAL: 0, TINY: 1, SHORT: 2, LONG: 3, FLOAT: 4, DOUBLE: 5, NULL: 6, TIMESTAMP: 7, LONGLONG: 8, INT24: 9,
  DATE: 10, TIME: 11, DATETIME: 12, YEAR: 13,
} as const;

class Reader {
  constructor(
    private readonly b: Buffer,
    public pos: number,
  ) {}
  need(n: number): void {
    if (this.pos + n > this.b.length) throw new ProtocolError("malformed COM_STMT_EXECUTE packet");
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.b.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.b.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  lenencInt(): number {
    const first = this.u8();
    if (first < 0xfb) return first;
    if (first === 0xfc) return this.u16();
    if (first === 0xfd) {
      this.need(3);
      const v = this.b.readUIntLE(this.pos, 3);
      this.pos += 3;
      return v;
    }
    if (first === 0xfe) {
      this.need(8);
      const v = Number(this.b.readBigUInt64LE(this.pos));
      this.pos += 8;
      return v;
    }
    throw new ProtocolError("malformed length in COM_STMT_EXECUTE packet");
  }
  atEnd(): boolean {
    return this.pos >= this.b.length;
  }
}

/** The statement id a COM_STMT_EXECUTE / CLOSE / RESET / SEND_LONG_DATA payload (after the command byte) names. */
export function statementIdOf(body: Buffer): number {
  if (body.length < 4) throw new ProtocolError("malformed statement command");
  return body.readUInt32LE(0);
}

/** COM_STMT_SEND_LONG_DATA: stmt id (4), param id (2), data. */
export function addLongData(st: PreparedStatement, body: Buffer): void {
  if (body.length < 6) return; // malformed: the protocol gives this command no reply, so there is nobody to tell
  const param = body.readUInt16LE(4);
  const chunks = st.longData.get(param) ?? [];
  chunks.push(Buffer.from(body.subarray(6)));
  st.longData.set(param, chunks);
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Decodes the parameters of a COM_STMT_EXECUTE payload (after the command byte) for `st`. */
export function decodeExecute(st: PreparedStatement, body: Buffer): ParamValue[] {
  const r = new Reader(body, 0);
  r.u32(); // statement id, already looked up
  r.u8(); // cursor flags: the emulator always answers with the whole result set
  r.u32(); // iteration count, always 1
  const n = st.placeholders.length;
  if (n === 0) return [];
  const nullBitmap = r.bytes(Math.floor((n + 7) / 8));
  const bound = r.atEnd() ? 0 : r.u8();
  if (bound === 1) {
    const types = [];
    for (let i = 0; i < n; i++) {
      const type = r.u8();
      const flags = r.u8();
      types.push({ type, unsigned: (flags & 0x80) !== 0 });
    }
    st.types = types;
  }
  if (!st.types) throw new ProtocolError("COM_STMT_EXECUTE sent no parameter types for a statement never executed before");
  const out: ParamValue[] = [];
  for (let i = 0; i < n; i++) {
    const long = st.longData.get(i);
    if (long) {
      out.push({ kind: "bytes", value: Buffer.concat(long) });
      continue;
    }
    if (nullBitmap[Math.floor(i / 8)] & (1 << i % 8)) {
      out.push(null);
      continue;
    }
    out.push(readValue(r, st.types[i].type, st.types[i].unsigned));
  }
  st.longData.clear();
  return out;
}

function readValue(r: Reader, type: number, unsigned: boolean): ParamValue {
  const num = (text: string): ParamValue => ({ kind: "number", text });
  switch (type) {
    case TYPE.NULL:
      return null;
    case TYPE.TINY: {
      const v = r.u8();
      return num(String(unsigned || v < 0x80 ? v : v - 0x100));
    }
    case TYPE.SHORT:
    case TYPE.YEAR: {
      const v = r.u16();
      return num(String(unsigned || v < 0x8000 ? v : v - 0x10000));
    }
    case TYPE.LONG:
    case TYPE.INT24: {
      const b = r.bytes(4);
      return num(String(unsigned ? b.readUInt32LE(0) : b.readInt32LE(0)));
    }
    case TYPE.LONGLONG: {
      const b = r.bytes(8);
      return num(String(unsigned ? b.readBigUInt64LE(0) : b.readBigInt64LE(0)));
    }
    case TYPE.FLOAT:
      return finite(r.bytes(4).readFloatLE(0));
    case TYPE.DOUBLE:
      return finite(r.bytes(8).readDoubleLE(0));
    case TYPE.DATE:
    case TYPE.DATETIME:
    case TYPE.TIMESTAMP: {
      const len = r.u8();
      const b = r.bytes(len);
      const y = len >= 4 ? b.readUInt16LE(0) : 0;
      const date = `${pad(y, 4)}-${pad(len >= 4 ? b[2] : 0)}-${pad(len >= 4 ? b[3] : 0)}`;
      if (type === TYPE.DATE && len <= 4) return { kind: "string", text: date };
      const time = `${pad(len >= 7 ? b[4] : 0)}:${pad(len >= 7 ? b[5] : 0)}:${pad(len >= 7 ? b[6] : 0)}`;
      const us = len >= 11 ? b.readUInt32LE(7) : 0;
      return { kind: "string", text: `${date} ${time}${us ? `.${pad(us, 6)}` : ""}` };
    }
    case TYPE.TIME: {
      const len = r.u8();
      const b = r.bytes(len);
      if (len === 0) return { kind: "string", text: "00:00:00" };
      const neg = b[0] === 1;
      const hours = b.readUInt32LE(1) * 24 + b[5];
      const us = len >= 12 ? b.readUInt32LE(9) : 0;
      return { kind: "string", text: `${neg ? "-" : ""}${pad(hours)}:${pad(b[6])}:${pad(b[7])}${us ? `.${pad(us, 6)}` : ""}` };
    }
    default: {
      // DECIMAL, NEWDECIMAL, VARCHAR, VAR_STRING, STRING, BLOBs, JSON, ENUM, SET, BIT, GEOMETRY: length-coded
      const v = r.bytes(r.lenencInt());
      if (type === TYPE.DECIMAL || type === 246) {
        const text = v.toString("ascii");
        return /^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? num(text) : { kind: "string", text };
      }
      return { kind: "bytes", value: Buffer.from(v) };
    }
  }
}

function finite(v: number): ParamValue {
  if (!Number.isFinite(v)) return null;
  return { kind: "number", text: String(v) };
}

/** A value as one SQL literal of the session's mode: MySQL mode escapes backslashes, Oracle mode does not. */
export function literal(v: ParamValue, oracle: boolean): string {
  if (v === null) return "NULL";
  // a space keeps `x-?` bound to -1 from reading as `x--1`, a comment to SQLite
  if (v.kind === "number") return v.text.startsWith("-") ? ` ${v.text}` : v.text;
  const text = v.kind === "string" ? v.text : v.value.toString("utf8");
  const body = oracle ? text.replace(/'/g, "''") : text.replace(/\\/g, "\\\\").replace(/'/g, "''").replace(/\0/g, "\\0");
  return `'${body}'`;
}

/** The statement text with each `?` replaced by its parameter's literal. */
export function bindParameters(st: PreparedStatement, values: ParamValue[], oracle: boolean): string {
  let out = "";
  let at = 0;
  st.placeholders.forEach((p, i) => {
    out += st.sql.slice(at, p.start) + literal(values[i] ?? null, oracle);
    at = p.end;
  });
  return out + st.sql.slice(at);
}
