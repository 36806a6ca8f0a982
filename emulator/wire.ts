// Raw MySQL packets the emulator builds itself, where mysql2's server side has no writer (or a wrong one):
// error packets with a SQLSTATE, column definitions, PREPARE_OK and binary-protocol rows.
// mysql2's own packet classes sit behind its `exports` map, so these are written from the protocol spec.

import mysql = require("mysql2");
import type { WireType } from "./catalog";

/** What mysql2's `conn.writePacket` needs: a buffer with 4 header bytes, its length, and a header writer. */
export interface RawPacket {
  buffer: Buffer;
  length(): number;
  writeHeader(seq: number): void;
}

export function rawPacket(payload: Buffer): RawPacket {
  const buf = Buffer.concat([Buffer.alloc(4), payload]);
  return {
    buffer: buf,
    length: () => buf.length,
    writeHeader(seq: number) {
      buf.writeUIntLE(buf.length - 4, 0, 3);
      buf[3] = seq & 0xff;
    },
  };
}

/** mysql2's writeError hard-codes SQLSTATE '_____'; this one carries the real one. */
export function errPacket(errno: number, sqlState: string, message: string): RawPacket {
  const head = Buffer.alloc(9);
  head[0] = 0xff;
  head.writeUInt16LE(errno & 0xffff, 1);
  head.write("#" + sqlState.padEnd(5, "0").slice(0, 5), 3, "ascii");
  return rawPacket(Buffer.concat([head, Buffer.from(message, "utf8")]));
}

/** Appends protocol integers and strings to a growing payload. */
export class PayloadWriter {
  private readonly parts: Buffer[] = [];

  int1(v: number): this {
    this.parts.push(Buffer.from([v & 0xff]));
    return this;
  }
  int2(v: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(v & 0xffff);
    this.parts.push(b);
    return this;
  }
  int4(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.parts.push(b);
    return this;
  }
  lenencInt(v: number): this {
    if (v < 251) return this.int1(v);
    if (v < 0x10000) return this.int1(0xfc).int2(v);
    if (v < 0x1000000) {
      const b = Buffer.alloc(4);
      b[0] = 0xfd;
      b.writeUIntLE(v, 1, 3);
      this.parts.push(b);
      return this;
    }
    const b = Buffer.alloc(9);
    b[0] = 0xfe;
    b.writeBigUInt64LE(BigInt(v), 1);
    this.parts.push(b);
    return this;
  }
  lenencString(s: string | Buffer): this {
    const b = typeof s === "string" ? Buffer.from(s, "utf8") : s;
    this.lenencInt(b.length);
    this.parts.push(b);
    return this;
  }
  bytes(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  payload(): Buffer {
    return Buffer.concat(this.parts);
  }
  packet(): RawPacket {
    return rawPacket(this.payload());
  }
}

const T = mysql.Types as unknown as Record<string, number>;

export interface WireColumn {
  type: number;
  length: number;
  charset: number;
  flags: number;
  decimals: number;
}

/** How each column type of the emulator's views goes on the wire (as OceanBase 4.x describes them). */
export const WIRE: Record<WireType, WireColumn> = {
  bigint: { type: T.LONGLONG, length: 20, charset: 63, flags: 128, decimals: 0 },
  ubigint: { type: T.LONGLONG, length: 20, charset: 63, flags: 128 | 32, decimals: 0 },
  varchar: { type: T.VAR_STRING, length: 16384, charset: 45, flags: 0, decimals: 0x1f },
  longtext: { type: T.BLOB, length: 0xffffffff, charset: 45, flags: 16, decimals: 0 },
  timestamp: { type: T.TIMESTAMP, length: 26, charset: 63, flags: 128, decimals: 6 },
  datetime: { type: T.DATETIME, length: 26, charset: 63, flags: 128, decimals: 6 },
  decimal: { type: T.NEWDECIMAL, length: 30, charset: 63, flags: 128, decimals: 4 },
};

/** A Protocol::ColumnDefinition41 packet. */
export function columnDefinition(name: string, w: WireColumn, schema = "oceanbase"): RawPacket {
  return new PayloadWriter()
    .lenencString("def")
    .lenencString(schema)
    .lenencString("")
    .lenencString("")
    .lenencString(name)
    .lenencString(name)
    .int1(0x0c)
    .int2(w.charset)
    .int4(w.length)
    .int1(w.type)
    .int2(w.flags)
    .int1(w.decimals)
    .int2(0)
    .packet();
}

/** The definition a prepared statement's `?` gets in PREPARE_OK (MySQL describes each as a VAR_STRING). */
export const PARAM_COLUMN: WireColumn = { type: T.VAR_STRING, length: 0, charset: 63, flags: 128, decimals: 0 };

const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/;

/** Whether `v` can be written in `type`'s binary form; a column where some value cannot is sent as text. */
export function fitsBinary(type: WireType, v: string): boolean {
  switch (type) {
    case "bigint":
      return /^-?[0-9]+$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n;
    case "ubigint":
      return /^[0-9]+$/.test(v) && BigInt(v) < 2n ** 64n;
    case "timestamp":
    case "datetime":
      return DATETIME_RE.test(v);
    default:
      return true;
  }
}

/** A binary-protocol result row (ProtocolBinary::ResultsetRow) for values already checked with fitsBinary. */
export function binaryRow(types: WireType[], values: (string | null)[]): RawPacket {
  const bitmap = Buffer.alloc(Math.floor((types.length + 7 + 2) / 8));
  const w = new PayloadWriter().int1(0x00);
  const body = new PayloadWriter();
  values.forEach((v, i) => {
    if (v === null) {
      bitmap[Math.floor((i + 2) / 8)] |= 1 << ((i + 2) % 8);
      return;
    }
    const t = types[i];
    if (t === "bigint" || t === "ubigint") {
      const b = Buffer.alloc(8);
      if (t === "ubigint") b.writeBigUInt64LE(BigInt(v));
      else b.writeBigInt64LE(BigInt(v));
      body.bytes(b);
    } else if (t === "timestamp" || t === "datetime") {
      const m = DATETIME_RE.exec(v)!;
      const us = m[7] ? Number(m[7].padEnd(6, "0")) : 0;
      const b = Buffer.alloc(12);
      b[0] = 11;
      b.writeUInt16LE(Number(m[1]), 1);
      b[3] = Number(m[2]);
      b[4] = Number(m[3]);
      b[5] = Number(m[4] ?? 0);
      b[6] = Number(m[5] ?? 0);
      b[7] = Number(m[6] ?? 0);
      b.writeUInt32LE(us, 8);
      body.bytes(b);
    } else {
      body.lenencString(v);
    }
  });
  return w.bytes(bitmap).bytes(body.payload()).packet();
}
