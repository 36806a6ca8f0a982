// The prepared-statement layer on its own: COM_STMT_EXECUTE packets built byte by byte as the protocol defines
// them (every parameter type a client may send, the NULL bitmap, types reused when not re-sent, long data),
// literals that stay one literal, and the replies to the commands that are not reached through mysql2.

import assert = require("assert");
import { handleCommand, COM, CommandHost, ConnState } from "../../emulator/commands";
import { bindParameters, decodeExecute, findPlaceholders, literal, ParamValue, StatementTable } from "../../emulator/prepared";
import { tokenize } from "../../emulator/lexer";
import type { Session } from "../../emulator/cluster";
import type { RawPacket } from "../../emulator/wire";

const u8 = (...b: number[]) => Buffer.from(b);
const i16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16LE(v);
  return b;
};
const i32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v);
  return b;
};
const u64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
};
const f64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b;
};
const f32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return b;
};
const lenenc = (s: string) => Buffer.concat([u8(Buffer.byteLength(s)), Buffer.from(s)]);

/** A COM_STMT_EXECUTE body (after the command byte) for statement `id`. */
function executeBody(id: number, nullBitmap: number[], types: [number, number][] | null, values: Buffer[]): Buffer {
  const head = Buffer.concat([i32(id), u8(0), i32(1)]);
  if (nullBitmap.length === 0) return head;
  const bound = types ? Buffer.concat([u8(1), ...types.map(([t, f]) => u8(t, f))]) : u8(0);
  return Buffer.concat([head, u8(...nullBitmap), bound, ...values]);
}

describe("emulator: prepared statements (packets)", () => {
  it("finds placeholders only outside strings, quoted names and comments", () => {
    const sql = "SELECT ?, '?', \"?\", `?`, ? /* ? */ -- ?\n, ?";
    assert.deepStrictEqual(findPlaceholders(sql, false).map((p) => sql[p.start]), ["?", "?", "?"]);
    assert.strictEqual(findPlaceholders(sql, false).length, 3);
  });

  it("decodes every binary parameter type, signed and unsigned, and the NULL bitmap", () => {
    const t = new StatementTable();
    const st = t.prepare("SELECT ?,?,?,?,?,?,?,?,?,?,?,?", false);
    if (!("placeholders" in st)) throw st;
    const types: [number, number][] = [
      [1, 0], // TINY -5
      [1, 0x80], // TINY unsigned 250
      [2, 0], // SHORT -300
      [3, 0], // LONG -70000
      [8, 0x80], // LONGLONG unsigned 2^64-1
      [5, 0], // DOUBLE 1.5
      [4, 0], // FLOAT 0.25
      [12, 0], // DATETIME with microseconds
      [10, 0], // DATE
      [11, 0], // TIME, negative, with days
      [253, 0], // VAR_STRING
      [6, 0], // NULL (also flagged in the bitmap)
    ];
    const values = [
      u8(0xfb),
      u8(250),
      i16(-300),
      i32(-70000),
      u64(2n ** 64n - 1n),
      f64(1.5),
      f32(0.25),
      Buffer.concat([u8(11), i16(2026), u8(1, 2, 3, 4, 5), i32(678)]),
      Buffer.concat([u8(4), i16(2026), u8(12, 31)]),
      Buffer.concat([u8(8), u8(1), i32(1), u8(2, 3, 4)]),
      lenenc("a'b"),
    ];
    const out = decodeExecute(st, executeBody(st.id, [0, 0x08], types, values));
    assert.deepStrictEqual(out, [
      { kind: "number", text: "-5" },
      { kind: "number", text: "250" },
      { kind: "number", text: "-300" },
      { kind: "number", text: "-70000" },
      { kind: "number", text: "18446744073709551615" },
      { kind: "number", text: "1.5" },
      { kind: "number", text: "0.25" },
      { kind: "string", text: "2026-01-02 03:04:05.000678" },
      { kind: "string", text: "2026-12-31" },
      { kind: "string", text: "-26:03:04" },
      { kind: "bytes", value: Buffer.from("a'b") },
      null,
    ]);
  });

  it("reuses the last types when EXECUTE does not send them again, and takes long data for a parameter", () => {
    const t = new StatementTable();
    const st = t.prepare("SELECT ?, ?", false);
    if (!("placeholders" in st)) throw st;
    decodeExecute(st, executeBody(st.id, [0], [[8, 0], [253, 0]], [u64(1n), lenenc("x")]));
    assert.deepStrictEqual(decodeExecute(st, executeBody(st.id, [0], null, [u64(2n), lenenc("y")])), [
      { kind: "number", text: "2" },
      { kind: "bytes", value: Buffer.from("y") },
    ]);
    st.longData.set(1, [Buffer.from("long "), Buffer.from("text")]);
    assert.deepStrictEqual(decodeExecute(st, executeBody(st.id, [0], null, [u64(3n)]))[1], { kind: "bytes", value: Buffer.from("long text") });
    assert.strictEqual(st.longData.size, 0, "long data is used once");
  });

  it("makes each value exactly one literal of the mode, read back unchanged by the emulator's own lexer", () => {
    const values = ["plain", "it's", "a\\'b", "\\", "x' OR '1'='1", "--", "?", "\0nul", "漢字"];
    for (const oracle of [false, true]) {
      for (const v of values) {
        const lit = literal({ kind: "string", text: v }, oracle);
        const toks = tokenize(lit, !oracle).filter((tk) => tk.kind !== "eof");
        assert.deepStrictEqual(
          toks.map((tk) => [tk.kind, tk.value]),
          [["string", v]],
          `${oracle ? "Oracle" : "MySQL"} ${JSON.stringify(v)} → ${lit}`,
        );
      }
    }
    const st = new StatementTable().prepare("SELECT x-?, ?", false);
    if (!("placeholders" in st)) throw st;
    const bound = bindParameters(st, [{ kind: "number", text: "-1" }, null] as ParamValue[], false);
    assert.strictEqual(bound, "SELECT x- -1, NULL");
  });

  describe("commands not reached through mysql2", () => {
    const session = { id: 7, oracle: false } as Session;
    function harness() {
      const sent: Buffer[] = [];
      const ran: string[] = [];
      const host: CommandHost = {
        writePacket: (p: RawPacket) => sent.push(p.buffer.subarray(4)),
        present: (_s, e) => e,
        writeOk: () => sent.push(u8(0)),
        run: (_s, sql) => ran.push(sql),
        authenticate: () => session,
        resetSession: (s) => s,
        clientFlags: () => 0x8000,
        end: () => undefined,
      };
      const state: ConnState = { session, secure: false, scramble: Buffer.alloc(20), statements: new StatementTable() };
      return { host, state, sent, ran };
    }
    const errnoOf = (b: Buffer) => (b[0] === 0xff ? b.readUInt16LE(1) : 0);

    it("PREPARE_OK carries the id and the parameter count; EXECUTE runs the bound text; CLOSE and LONG_DATA answer nothing", () => {
      const { host, state, sent, ran } = harness();
      handleCommand(host, state, COM.STMT_PREPARE, Buffer.from("SELECT ? AS a, '?' AS b"));
      assert.deepStrictEqual([sent[0][0], sent[0].readUInt32LE(1), sent[0].readUInt16LE(5), sent[0].readUInt16LE(7)], [0, 1, 0, 1]);
      assert.strictEqual(sent.length, 3, "PREPARE_OK, one parameter definition, EOF");
      handleCommand(host, state, COM.STMT_EXECUTE, executeBody(1, [0], [[253, 0]], [lenenc("v")]));
      assert.deepStrictEqual(ran, ["SELECT 'v' AS a, '?' AS b"]);
      const before = sent.length;
      handleCommand(host, state, COM.STMT_SEND_LONG_DATA, Buffer.concat([i32(1), i16(0), Buffer.from("data")]));
      handleCommand(host, state, COM.STMT_CLOSE, i32(1));
      assert.strictEqual(sent.length, before, "no reply to SEND_LONG_DATA or CLOSE");
      handleCommand(host, state, COM.STMT_EXECUTE, executeBody(1, [0], [[253, 0]], [lenenc("v")]));
      assert.strictEqual(errnoOf(sent[sent.length - 1]), 1243);
    });

    it("STMT_RESET answers OK for a known statement and 1243 for an unknown one; a malformed EXECUTE is an error, not a hang", () => {
      const { host, state, sent } = harness();
      handleCommand(host, state, COM.STMT_PREPARE, Buffer.from("SELECT ?"));
      handleCommand(host, state, COM.STMT_RESET, i32(1));
      assert.deepStrictEqual(sent[sent.length - 1], u8(0));
      handleCommand(host, state, COM.STMT_RESET, i32(99));
      assert.strictEqual(errnoOf(sent[sent.length - 1]), 1243);
      handleCommand(host, state, COM.STMT_EXECUTE, Buffer.concat([i32(1), u8(0), i32(1), u8(0), u8(1), u8(8)]));
      assert.strictEqual(errnoOf(sent[sent.length - 1]), 1835);
      handleCommand(host, state, COM.STMT_PREPARE, Buffer.from("SELECT 'open"));
      assert.strictEqual(errnoOf(sent[sent.length - 1]), 1064);
    });
  });
});
