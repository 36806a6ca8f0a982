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
import { COM, CommandHost, ConnState, handleCommand, handledHere } from "./commands";
import { StatementTable } from "./prepared";
import { CLIENT_SSL, offerTls, TlsMaterial } from "./tls";
import { binaryRow, errPacket, fitsBinary, WIRE } from "./wire";

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
  clientHelloReply?: { clientFlags?: number };
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
  end: number;
}

const SERVER_STATUS_AUTOCOMMIT = 2;
// LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB | PROTOCOL_41 | TRANSACTIONS | SECURE_CONNECTION
// | MULTI_RESULTS | PLUGIN_AUTH | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_CLIENT_DATA
const CAPABILITIES = 1 | 2 | 4 | 8 | 512 | 8192 | 32768 | 131072 | 524288 | 1048576 | 2097152;

export class EmulatorServer {
  readonly faults = new Faults();
  readonly log: StatementRecord[] = [];
  private readonly server: ReturnType<typeof mysql.createServer>;
  private readonly sockets = new Set<Socket>();
  private readonly accounts: Account[];
  private nextConnectionId = 1;
  private seq = 0;
  private port = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly tls: TlsMaterial | null = null,
  ) {
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
    const raw = conn.stream;
    raw.setNoDelay(true); // small replies must not wait for Nagle's algorithm
    this.sockets.add(raw);
    raw.on("close", () => this.sockets.delete(raw));
    if (this.faults.dropConnections > 0) {
      this.faults.dropConnections--;
      raw.destroy();
      return;
    }
    const state: ConnState = { session: null, secure: false, scramble: Buffer.alloc(0), statements: new StatementTable() };
    const host = this.commandHost(conn, state);
    let lastCommand = -1;
    const handle = conn.handlePacket;
    conn.handlePacket = function (p: unknown) {
      const packet = p as PacketLike | null;
      // mysql2's server never resets its sequence id on a new command
      if (packet && packet.sequenceId === 0) {
        this.sequenceId = 0;
        lastCommand = packet.buffer[packet.offset];
        if (state.session && handledHere(lastCommand)) {
          this.sequenceId = 1;
          handleCommand(host, state, lastCommand, packet.buffer.subarray(packet.offset + 1, packet.end));
          return;
        }
      }
      return handle.call(this, p);
    };
    const id = this.nextConnectionId++;
    if (this.tls) offerTls(conn, this.tls, () => (state.secure = true));
    // the greeting and the login's answer each cost the client a round trip, as on a real network
    this.afterRoundTrip(() =>
      conn.serverHandshake({
        protocolVersion: 10,
        serverVersion: this.cluster.versionText,
        connectionId: id,
        statusFlags: SERVER_STATUS_AUTOCOMMIT,
        characterSet: 45,
        capabilityFlags: CAPABILITIES | (this.tls ? CLIENT_SSL : 0),
        authCallback: (info: { user: string; database: string; authPluginData1: Buffer; authPluginData2: Buffer; authToken: Buffer }, cb: (err: null) => void) => {
          state.scramble = Buffer.concat([info.authPluginData1, info.authPluginData2]);
          const result = this.authenticate(id, info.user, info.database, state.scramble, info.authToken, state.secure);
          this.afterRoundTrip(() => {
            if (conn.stream.destroyed) return;
            if (result instanceof ObError) {
              const e = this.presented(null, result);
              conn.writePacket(errPacket(e.errno, e.sqlState, e.message));
              conn.stream.end();
              return;
            }
            state.session = result;
            cb(null);
          });
        },
      }),
    );
    const onQuery = (sql: string) => {
      if (!state.session) return;
      void this.query(conn, state.session, sql, false);
    };
    conn.on("query", onQuery);
    // mysql2 routes COM_QUERY texts starting with "SET " or "PREPARE " here, and "EXECUTE " to stmt_execute;
    // the binary protocol's COM_STMT_* never reach these listeners (handleCommand takes them first)
    conn.on("stmt_prepare", (sql: string) => {
      if (lastCommand === COM.QUERY) onQuery(sql);
    });
    conn.on("stmt_execute", (...args: unknown[]) => {
      if (lastCommand === COM.QUERY && typeof args[4] === "string") onQuery(args[4]);
    });
    conn.on("init_db", (db: string) => {
      if (!state.session) return;
      void this.query(conn, state.session, `USE \`${db.replace(/`/g, "``")}\``, false);
    });
    conn.on("packet", (_p: unknown, known: boolean, code: number) => {
      if (!known && !handledHere(code)) this.afterRoundTrip(() => conn.writePacket(errPacket(1047, "08S01", "Unknown command")));
    });
  }

  /** Runs `write` after the configured round trip (faults.roundTripMs), at once when there is none. */
  private afterRoundTrip(write: () => void): void {
    const ms = this.faults.roundTripMs;
    if (ms > 0) setTimeout(write, ms);
    else write();
  }

  private commandHost(conn: ServerConn, state: ConnState): CommandHost {
    return {
      // replies in order, each after the configured round trip (timers of one delay fire in order)
      writePacket: (p) => this.afterRoundTrip(() => conn.writePacket(p)),
      present: (s, e) => this.presented(s, e),
      writeOk: () => this.afterRoundTrip(() => conn.writeOk({ affectedRows: 0, serverStatus: SERVER_STATUS_AUTOCOMMIT })),
      run: (session, sql, binary) => void this.query(conn, session, sql, binary),
      authenticate: (user, database, scramble, token, secure) => this.authenticate(state.session?.id ?? 0, user, database, scramble, token, secure),
      resetSession: (s) => ({ ...this.newSession(s.id, s), database: s.database }),
      clientFlags: () => conn.clientHelloReply?.clientFlags ?? 0,
      end: () => conn.stream.end(),
    };
  }

  /** Whether this login must come over TLS (EmulatorOptions.tls.requireFor). */
  private tlsRequired(user: string, tenant: string, oracle: boolean): boolean {
    const list = this.cluster.options.tls?.requireFor ?? [];
    return list.some((entry) => {
      if (entry === "*") return true;
      const at = entry.lastIndexOf("@");
      const u = at >= 0 ? entry.slice(0, at) : entry;
      const t = at >= 0 ? entry.slice(at + 1) : "sys";
      return t.toLowerCase() === tenant.toLowerCase() && (oracle ? u.toUpperCase() === user.toUpperCase() : u === user);
    });
  }

  private authenticate(connectionId: number, user: string, database: string, scramble: Buffer, token: Buffer, secure: boolean): Session | ObError {
    const login = parseLoginName(user ?? "");
    const tenant = this.cluster.systemContext(() => this.cluster.tenantByName(login.tenant));
    if (!tenant || tenant.type === "META") return new ObError(OB.ERR_INVALID_TENANT_NAME);
    const oracle = tenant.mode === "ORACLE";
    // a restored tenant is a physical copy: it has the source tenant's users and passwords (restore research §4.1)
    const account = findAccount(this.accounts, tenant.accountTenant, login.user, oracle);
    const usingPw = token && token.length > 0 ? "YES" : "NO";
    const denied = () => new ObError(OB.ACCESS_DENIED, `Access denied for user '${login.user}'@'127.0.0.1' (using password: ${usingPw})`);
    if (!account || !verifyNativePassword(account.password, scramble, token ?? Buffer.alloc(0))) return denied();
    // MySQL refuses a REQUIRE SSL account that logs in without TLS with the same 1045 as a wrong password
    if (!secure && this.tlsRequired(account.user, tenant.accountTenant, oracle)) return denied();
    const s = this.newSession(connectionId, {
      user: oracle ? account.user.toUpperCase() : account.user,
      tenantId: tenant.id,
      tenantName: tenant.name,
      oracle,
      alterSystem: account.alterSystem,
    });
    if (database) {
      try {
        this.cluster.execute(s, `USE \`${database.replace(/`/g, "``")}\``);
      } catch (e) {
        return e instanceof ObError ? e : new ObError(OB.ERR_UNEXPECTED);
      }
    }
    return s;
  }

  /** A session as a fresh login has it: no variables, no backup password, the default time zone. */
  private newSession(id: number, who: Pick<Session, "user" | "tenantId" | "tenantName" | "oracle" | "alterSystem">): Session {
    return {
      id,
      user: who.user,
      tenantId: who.tenantId,
      tenantName: who.tenantName,
      oracle: who.oracle,
      alterSystem: who.alterSystem,
      database: who.oracle ? "SYS" : null,
      vars: new Map(),
      userVars: new Map(),
      decryption: [],
      tzOffset: this.cluster.context(null).tzOffsetMinutes,
    };
  }

  private async query(conn: ServerConn, s: Session, sql: string, binary: boolean): Promise<void> {
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
    let result: Exclude<Result, { kind: "pending" }> | ObError;
    const injected = this.faults.takeFailure(sql);
    if (injected) {
      result = new ObError(
        { obCode: -injected.errno, mysqlErrno: injected.errno, sqlState: injected.sqlState ?? "HY000", message: injected.message },
        injected.message,
      );
    } else {
      try {
        const r = this.cluster.execute(s, sql);
        result = r.kind === "pending" ? await this.waitFor(conn, r.poll) : r;
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
    this.reply(conn, result, binary);
  }

  /**
   * A blocking statement: polls on the real clock (often enough for the fastest scheduler) until it has a
   * result. Other connections go on meanwhile; a client that goes away ends the wait.
   */
  private async waitFor(conn: ServerConn, poll: Extract<Result, { kind: "pending" }>["poll"]): Promise<Exclude<Result, { kind: "pending" }> | ObError> {
    for (;;) {
      try {
        const r = this.cluster.systemContext(poll);
        if (r) return r;
      } catch (e) {
        return e instanceof ObError ? e : new ObError(OB.ERR_UNEXPECTED, `Internal error: ${(e as Error).message}`);
      }
      if (conn.stream.destroyed) return new ObError(OB.ERR_UNEXPECTED, "client went away");
      await new Promise((r) => setTimeout(r, Math.min(20, this.cluster.options.tickMs)));
    }
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

  /** Sends a result: OK, error, or a result set in the text protocol (COM_QUERY) or binary one (COM_STMT_EXECUTE). */
  private reply(conn: ServerConn, result: Exclude<Result, { kind: "pending" }> | ObError, binary: boolean): void {
    if (result instanceof ObError) {
      conn.writePacket(errPacket(result.errno, result.sqlState, result.message));
      return;
    }
    if (result.kind === "ok") {
      conn.writeOk({ affectedRows: result.affectedRows, serverStatus: SERVER_STATUS_AUTOCOMMIT });
      return;
    }
    // a binary row must match its column's type; a column with a value that does not fit is described as text
    const types: WireType[] = result.columns.map((c, i) =>
      binary && !result.rows.every((r) => r[i] === null || fitsBinary(c.type, r[i] as string)) ? "varchar" : c.type,
    );
    conn.writeColumns(
      result.columns.map((c, i) => {
        const w = WIRE[types[i]];
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
    for (const row of result.rows) {
      if (binary) conn.writePacket(binaryRow(types, row));
      else conn.writeTextRow(row);
    }
    conn.writeEof(0, SERVER_STATUS_AUTOCOMMIT);
  }
}
