// The MySQL wire-protocol front end, built on mysql2's server side with the fixes its traps need
// (sequence ids, SET routed to stmt_prepare, unknown commands, SQLSTATE in error packets).

import { Socket } from "net";
import mysql = require("mysql2");
import { Cluster, Result, Session } from "./cluster";
import { newTraceId, presentError } from "./client-error";
import { ObError, OB } from "./errors";
import { Faults } from "./faults";
import { accounts, Account, findAccount, parseLoginName, verifyNativePassword } from "./logins";
import { redactStatement } from "./redact";
import type { WireType } from "./catalog";

export interface StatementRecord {
  seq: number;
  /** emulated clock, ms since the epoch */
  at: number;
  connectionId: number;
  user: string;
  tenant: string;
  /** the statement as received, with passwords and access keys replaced by *** */
  sql: string;
  /** MySQL errno when it failed */
  errno: number | null;
  message: string | null;
}

/** The part of mysql2's server-side connection this module uses. */
interface ServerConn {
  stream: Socket;
  sequenceId: number;
  connectionId: number;
  handlePacket(p: unknown): void;
  serverHandshake(args: Record<string, unknown>): void;
  writePacket(p: unknown): void;
  writeColumns(cols: unknown[]): void;
  writeTextRow(values: (string | null)[]): void;
  writeEof(warnings?: number, status?: number): void;
  writeOk(args?: { affectedRows?: number; serverStatus?: number }): void;
  on(event: string, fn: (...args: any[]) => void): void;
  listeners(event: string): unknown[];
}

interface PacketLike {
  sequenceId: number;
  buffer: Buffer;
  offset: number;
}

const T = mysql.Types as unknown as Record<string, number>;
const WIRE: Record<WireType, { type: number; length: number; charset: number; flags: number; decimals: number }> = {
  bigint: { type: T.LONGLONG, length: 20, charset: 63, flags: 128, decimals: 0 },
  ubigint: { type: T.LONGLONG, length: 20, charset: 63, flags: 128 | 32, decimals: 0 },
  varchar: { type: T.VAR_STRING, length: 16384, charset: 45, flags: 0, decimals: 0x1f },
  longtext: { type: T.BLOB, length: 0xffffffff, charset: 45, flags: 16, decimals: 0 },
  timestamp: { type: T.TIMESTAMP, length: 26, charset: 63, flags: 128, decimals: 6 },
  datetime: { type: T.DATETIME, length: 26, charset: 63, flags: 128, decimals: 6 },
  decimal: { type: T.NEWDECIMAL, length: 30, charset: 63, flags: 128, decimals: 4 },
};

const SERVER_STATUS_AUTOCOMMIT = 2;
// LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB | PROTOCOL_41 | TRANSACTIONS | SECURE_CONNECTION
// | MULTI_RESULTS | PLUGIN_AUTH | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_CLIENT_DATA
const CAPABILITIES = 1 | 2 | 4 | 8 | 512 | 8192 | 32768 | 131072 | 524288 | 1048576 | 2097152;
const COM_QUERY = 0x03;

function errPacket(errno: number, sqlState: string, message: string) {
  const msg = Buffer.from(message, "utf8");
  const buf = Buffer.alloc(13 + msg.length);
  buf[4] = 0xff;
  buf.writeUInt16LE(errno & 0xffff, 5);
  buf.write("#" + sqlState.padEnd(5, "0").slice(0, 5), 7, "ascii");
  msg.copy(buf, 13);
  return {
    buffer: buf,
    length: () => buf.length,
    writeHeader(seq: number) {
      buf.writeUIntLE(buf.length - 4, 0, 3);
      buf[3] = seq;
    },
  };
}

export class EmulatorServer {
  readonly faults = new Faults();
  readonly log: StatementRecord[] = [];
  private readonly server: ReturnType<typeof mysql.createServer>;
  private readonly sockets = new Set<Socket>();
  private readonly accounts: Account[];
  private nextConnectionId = 1;
  private seq = 0;
  private port = 0;

  constructor(private readonly cluster: Cluster) {
    this.accounts = accounts(cluster.options);
    this.server = mysql.createServer((c: unknown) => this.accept(c as ServerConn));
  }

  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const inner = (this.server as unknown as { _server: import("net").Server })._server;
      inner.once("error", reject);
      (this.server as unknown as { listen(p: number, h: string, cb: () => void): void }).listen(port, host, () => {
        inner.off("error", reject);
        resolve();
      });
    });
    const inner = (this.server as unknown as { _server: import("net").Server })._server;
    this.port = (inner.address() as import("net").AddressInfo).port;
    return this.port;
  }

  /** Stops listening and drops every open connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const inner = (this.server as unknown as { _server: import("net").Server })._server;
    if (!inner.listening) return;
    await new Promise<void>((resolve) => inner.close(() => resolve()));
  }

  dropAllConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private accept(conn: ServerConn): void {
    conn.on("error", () => {}); // a client that vanishes must not kill the process
    conn.stream.setNoDelay(true); // small replies must not wait for Nagle's algorithm
    this.sockets.add(conn.stream);
    conn.stream.on("close", () => this.sockets.delete(conn.stream));
    if (this.faults.dropConnections > 0) {
      this.faults.dropConnections--;
      conn.stream.destroy();
      return;
    }
    let lastCommand = -1;
    const handle = conn.handlePacket;
    conn.handlePacket = function (p: unknown) {
      const packet = p as PacketLike | null;
      // mysql2's server never resets its sequence id on a new command
      if (packet && packet.sequenceId === 0) {
        this.sequenceId = 0;
        lastCommand = packet.buffer[packet.offset];
      }
      return handle.call(this, p);
    };
    const id = this.nextConnectionId++;
    let session: Session | null = null;
    // the greeting and the login's answer each cost the client a round trip, as on a real network
    this.afterRoundTrip(() =>
      conn.serverHandshake({
        protocolVersion: 10,
        serverVersion: this.cluster.versionText,
        connectionId: id,
        statusFlags: SERVER_STATUS_AUTOCOMMIT,
        characterSet: 45,
        capabilityFlags: CAPABILITIES,
        authCallback: (info: { user: string; database: string; authPluginData1: Buffer; authPluginData2: Buffer; authToken: Buffer }, cb: (err: null) => void) => {
          const result = this.authenticate(id, info);
          this.afterRoundTrip(() => {
            if (conn.stream.destroyed) return;
            if (result instanceof ObError) {
              const e = this.presented(null, result);
              conn.writePacket(errPacket(e.errno, e.sqlState, e.message));
              conn.stream.end();
              return;
            }
            session = result;
            cb(null);
          });
        },
      }),
    );
    const onQuery = (sql: string) => {
      if (!session) return;
      void this.query(conn, session, sql);
    };
    conn.on("query", onQuery);
    conn.on("stmt_prepare", (sql: string) => {
      // mysql2 routes COM_QUERY texts starting with "SET " here
      if (lastCommand === COM_QUERY) onQuery(sql);
      else this.afterRoundTrip(() => conn.writePacket(errPacket(1295, "HY000", "This command is not supported in the prepared statement protocol yet")));
    });
    conn.on("stmt_execute", (...args: unknown[]) => {
      if (lastCommand === COM_QUERY && typeof args[4] === "string") onQuery(args[4]);
      else this.afterRoundTrip(() => conn.writePacket(errPacket(1295, "HY000", "This command is not supported in the prepared statement protocol yet")));
    });
    conn.on("init_db", (db: string) => {
      if (!session) return;
      void this.query(conn, session, `USE \`${db.replace(/`/g, "``")}\``);
    });
    conn.on("packet", (_p: unknown, known: boolean, code: number) => {
      // COM_STMT_CLOSE (25) and COM_STMT_SEND_LONG_DATA (24) get no reply; other unknown commands get an error
      if (!known && code !== 24 && code !== 25) this.afterRoundTrip(() => conn.writePacket(errPacket(1047, "08S01", "Unknown command")));
    });
  }

  /** Runs `write` after the configured round trip (faults.roundTripMs), at once when there is none. */
  private afterRoundTrip(write: () => void): void {
    const ms = this.faults.roundTripMs;
    if (ms > 0) setTimeout(write, ms);
    else write();
  }

  private authenticate(
    connectionId: number,
    info: { user: string; database: string; authPluginData1: Buffer; authPluginData2: Buffer; authToken: Buffer },
  ): Session | ObError {
    const login = parseLoginName(info.user ?? "");
    const tenant = this.cluster.systemContext(() => this.cluster.tenantByName(login.tenant));
    if (!tenant || tenant.type === "META") return new ObError(OB.ERR_INVALID_TENANT_NAME);
    const oracle = tenant.mode === "ORACLE";
    const account = findAccount(this.accounts, tenant.name, login.user, oracle);
    const scramble = Buffer.concat([info.authPluginData1, info.authPluginData2]);
    if (!account || !verifyNativePassword(account.password, scramble, info.authToken ?? Buffer.alloc(0))) {
      const usingPw = info.authToken && info.authToken.length > 0 ? "YES" : "NO";
      return new ObError(OB.ACCESS_DENIED, `Access denied for user '${login.user}'@'127.0.0.1' (using password: ${usingPw})`);
    }
    const tz = this.cluster.context(null).tzOffsetMinutes;
    const s: Session = {
      id: connectionId,
      user: oracle ? account.user.toUpperCase() : account.user,
      tenantId: tenant.id,
      tenantName: tenant.name,
      oracle,
      alterSystem: account.alterSystem,
      database: oracle ? "SYS" : null,
      vars: new Map(),
      userVars: new Map(),
      decryption: [],
      tzOffset: tz,
    };
    if (info.database) {
      try {
        this.cluster.execute(s, `USE \`${info.database.replace(/`/g, "``")}\``);
      } catch (e) {
        return e instanceof ObError ? e : new ObError(OB.ERR_UNEXPECTED);
      }
    }
    return s;
  }

  private async query(conn: ServerConn, s: Session, sql: string): Promise<void> {
    const record: StatementRecord = {
      seq: ++this.seq,
      at: this.cluster.clock.nowMs(),
      connectionId: s.id,
      user: s.user,
      tenant: s.tenantName,
      sql: redactStatement(sql, s.oracle),
      errno: null,
      message: null,
    };
    this.log.push(record);
    const drop = this.faults.takeDrop(sql);
    if (drop === "before") {
      record.errno = -1;
      record.message = "connection dropped by fault injection before the statement ran";
      conn.stream.destroy();
      return;
    }
    let result: Result | ObError;
    const injected = this.faults.takeFailure(sql);
    if (injected) {
      result = new ObError(
        { obCode: -injected.errno, mysqlErrno: injected.errno, sqlState: injected.sqlState ?? "HY000", message: injected.message },
        injected.message,
      );
    } else {
      try {
        result = this.cluster.execute(s, sql);
      } catch (e) {
        result = e instanceof ObError ? e : new ObError(OB.ERR_UNEXPECTED, `Internal error: ${(e as Error).message}`);
      }
    }
    if (result instanceof ObError) {
      const err = this.presented(s, result);
      record.errno = err.errno;
      record.message = err.message;
      result = err;
    }
    this.cluster.options.onStatement?.(
      `[${s.tenantName}] ${record.sql}${record.errno !== null ? `  -> ERROR ${record.errno}: ${record.message}` : ""}`,
    );
    if (drop === "after") {
      conn.stream.destroy();
      return;
    }
    const delay = this.faults.takeDelay(sql);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (conn.stream.destroyed) return;
    this.reply(conn, result);
  }

  /** The error as this session's client sees it: Oracle-mode codes and prefix, the rich-message suffix. */
  private presented(s: Session | null, e: ObError): ObError {
    const o = this.cluster.options;
    const nowUs = this.cluster.nowUs();
    const c = presentError(e, {
      oracle: s?.oracle ?? false,
      oraclePrefix: this.cluster.version.oraclePrefix,
      rich: o.richErrorMessages
        ? { address: `${o.host}:${this.port}`, nowUs, tzOffsetMinutes: this.cluster.context(null).tzOffsetMinutes, traceId: newTraceId(o.host, this.port, nowUs) }
        : null,
    });
    return new ObError({ obCode: e.obCode, mysqlErrno: c.errno, sqlState: c.sqlState, message: c.message });
  }

  private reply(conn: ServerConn, result: Result | ObError): void {
    if (result instanceof ObError) {
      conn.writePacket(errPacket(result.errno, result.sqlState, result.message));
      return;
    }
    if (result.kind === "ok") {
      conn.writeOk({ affectedRows: result.affectedRows, serverStatus: SERVER_STATUS_AUTOCOMMIT });
      return;
    }
    conn.writeColumns(
      result.columns.map((c) => {
        const w = WIRE[c.type];
        return {
          catalog: "def",
          schema: "oceanbase",
          table: "",
          orgTable: "",
          name: c.name,
          orgName: c.name,
          characterSet: w.charset,
          columnLength: w.length,
          columnType: w.type,
          flags: w.flags,
          decimals: w.decimals,
        };
      }),
    );
    for (const row of result.rows) conn.writeTextRow(row);
    conn.writeEof(0, SERVER_STATUS_AUTOCOMMIT);
  }
}
