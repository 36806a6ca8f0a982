// Connection and OceanBase errors reach the user as messages that say what to do, keep OceanBase's code,
// name host and user, and never carry a password.

import assert = require("assert");
import net = require("net");
import { EmulatorHandle } from "../../emulator";
import mysql = require("mysql2/promise");
import * as provider from "../../provider/backup-job";
import * as destination from "../../provider/backup-destination";
import * as archive from "../../provider/log-archive";
import { setProviderConfig } from "../../provider/connection";
import { explain, obCode } from "../../provider/errors";
import type { BackupDestinationInputs, BackupDestinationOutputs, BackupJobInputs, LogArchiveInputs } from "../../provider/types.generated";
import { fastEmulator, PROFILES, sleep, stopEmulator } from "../support/provider";

const args = async (news: Record<string, unknown> = {}) => (await provider.check({}, news)).inputs as BackupJobInputs;

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe("provider errors", function () {
  this.timeout(20000);
  let h: EmulatorHandle;
  before(async () => {
    h = await fastEmulator({ sysPassword: "Right-Pa55" });
  });
  after(() => stopEmulator(h));

  it("connection refused names host and port and what to check", async () => {
    const port = await closedPort();
    setProviderConfig({ host: "127.0.0.1", port, user: "root", tenant: "sys", password: "Secret-1" });
    await assert.rejects(provider.create(await args()), (e: Error) => {
      assert.match(e.message, new RegExp(`connecting to OceanBase: cannot connect to root@sys at 127\\.0\\.0\\.1:${port}: connection refused\\. Is OceanBase \\(or OBProxy\\) running there\\? Check oceanbase:host and oceanbase:port`));
      assert.ok(!e.message.includes("Secret-1"));
      return true;
    });
  });

  it("a wrong password gets 1045 explained, without the password", async () => {
    setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys", password: "Wrong-Pa55" });
    await assert.rejects(provider.create(await args()), (e: Error) => {
      assert.match(e.message, /access denied for root@sys at 127\.0\.0\.1:\d+: check oceanbase:user and oceanbase:password \(or OCEANBASE_USER \/ OCEANBASE_PASSWORD\) \[OceanBase 1045: Access denied for user 'root'@'127\.0\.0\.1' \(using password: YES\)\]/);
      assert.ok(!/Wrong-Pa55|Right-Pa55/.test(e.message));
      return true;
    });
  });

  it("TLS required but not offered by the server", async () => {
    setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys", password: "Right-Pa55", tls: true });
    await assert.rejects(provider.create(await args()), /TLS is required \(oceanbase:tls\) but the server does not offer it \(root@sys at 127\.0\.0\.1:\d+\)/);
  });

  it("an undefined connection profile, and unreadable profiles, are named without leaking them", async () => {
    setProviderConfig({ host: h.host, port: h.port, user: "root", password: "Right-Pa55", connections: PROFILES });
    await assert.rejects(provider.create(await args({ connection: "nope" })), /connection profile "nope" is not defined in oceanbase:connections \(defined: t1, ora\)/);
    setProviderConfig({ host: h.host, port: h.port, connections: "{not json, password: Hidden-1" });
    await assert.rejects(provider.create(await args({ connection: "t1" })), (e: Error) => /must be a JSON object of named connection profiles/.test(e.message) && !e.message.includes("Hidden-1"));
  });

  it("the OceanBase code survives Oracle mode's ORA-00600 form", () => {
    const ora = { errno: 600, sqlState: "HY000", message: "ORA-00600: internal error code, arguments: -9036, Backup is in progress" };
    assert.strictEqual(obCode(ora), 9036);
    const e = explain(ora, { doing: "starting the backup", where: "SYS@oracle_tenant at h:1", tenant: "oracle_tenant" });
    assert.strictEqual(
      e.message,
      "starting the backup: a backup of tenant oracle_tenant is already in progress (or its finished job has not moved to history yet): wait for it, or cancel it [OceanBase 9036: ORA-00600: internal error code, arguments: -9036, Backup is in progress]",
    );
  });

  describe("OceanBase's error forms (reference §2.10): prefix ORA- or OBE-, with or without enable_rich_error_msg", () => {
    const TRACE = "[10.0.0.7:2882] [2026-01-01 08:00:00.123456] [YB420A000007-0005F1234567890A-0-0]";
    const ctx = { doing: "starting the backup", where: "w", tenant: "t" };
    // each case: the MySQL-mode error, then what an Oracle-mode tenant of each version sends for it
    const cases: { mysql: { errno: number; message: string }; internal: number; advice: RegExp }[] = [
      { mysql: { errno: 9036, message: "Backup is in progress" }, internal: 9036, advice: /a backup of tenant t is already in progress/ },
      { mysql: { errno: 9040, message: "backup can not start" }, internal: 9040, advice: /tenant t has no data backup destination: set DATA_BACKUP_DEST first/ },
      {
        mysql: { errno: 9040, message: "backup can not start, because log archive status is not doing." },
        internal: 9040,
        advice: /log archiving is not DOING for tenant t: enable LogArchive first/,
      },
      { mysql: { errno: 5160, message: "invalid tenant name specified in connection string" }, internal: 5160, advice: /tenant t does not exist: check the tenant names, which are case-sensitive/ },
      { mysql: { errno: 1235, message: "change archive dest when archive is running is not supported" }, internal: 4007, advice: /OceanBase does not support this here/ },
      { mysql: { errno: 1227, message: "Access denied" }, internal: 5036, advice: /this login lacks the ALTER SYSTEM privilege/ },
    ];
    for (const k of cases) {
      it(`${k.mysql.errno} ${k.mysql.message}`, () => {
        const plain = explain({ ...k.mysql, sqlState: "HY000" }, ctx);
        assert.match(plain.message, k.advice);
        assert.strictEqual(plain.obCode, k.mysql.errno);
        const advice = plain.message.slice(0, plain.message.indexOf(" [OceanBase"));
        const forms = [
          { errno: k.mysql.errno, message: `${k.mysql.message}\n${TRACE}` },
          { errno: 600, message: `ORA-00600: internal error code, arguments: -${k.internal}, ${k.mysql.message}` },
          { errno: 600, message: `OBE-00600: internal error code, arguments: -${k.internal}, ${k.mysql.message}` },
          { errno: 600, message: `OBE-00600: internal error code, arguments: -${k.internal}, ${k.mysql.message}\n${TRACE}` },
        ];
        for (const f of forms) {
          const e = explain({ ...f, sqlState: "HY000" }, ctx);
          assert.strictEqual(e.obCode, f.errno === 600 ? k.internal : k.mysql.errno, f.message);
          assert.strictEqual(obCode(f), e.obCode);
          // the same advice, the server's own line once, and the trace (when sent) once at the end, on one line
          assert.ok(e.message.startsWith(`${advice} [OceanBase ${e.obCode}: `), e.message);
          assert.strictEqual(e.message.split(k.mysql.message).length, 2, e.message);
          assert.ok(!e.message.includes("\n"), e.message);
          if (f.message.includes(TRACE)) {
            assert.ok(e.message.endsWith(`] (server trace ${TRACE})`), e.message);
            assert.strictEqual(e.message.split("YB420A000007").length, 2, e.message);
          } else assert.ok(!e.message.includes("server trace"), e.message);
        }
      });
    }

    it("an Oracle-mode parse error (ORA-00900) is explained as one", () => {
      const e = explain({ errno: 900, sqlState: "42000", message: "ORA-00900: You have an error in your SQL syntax; check the manual near 'LIMIT 1' at line 1" }, ctx);
      assert.match(e.message, /OceanBase could not parse a statement the provider sent/);
      assert.strictEqual(e.obCode, 900);
    });
  });

  it("9040 reasons map to the prerequisite to fix", () => {
    const cases: [string, RegExp][] = [
      ["backup can not start, because log archive status is not doing.", /log archiving is not DOING for tenant t: enable LogArchive first/],
      ["backup can not start", /tenant t has no data backup destination: set DATA_BACKUP_DEST first/],
      ["backup can not start, because backup dest is not set.", /tenant t has no data backup destination/],
      ["backup can not start, because tenant status is not normal.", /tenant t is not NORMAL/],
    ];
    for (const [msg, re] of cases) {
      const e = explain({ errno: 9040, sqlState: "HY000", message: msg }, { doing: "x", where: "w", tenant: "t" });
      assert.match(e.message, re);
      assert.ok(e.message.endsWith(`[OceanBase 9040: ${msg}]`));
    }
  });

  it("scrubs a known secret out of any message", () => {
    const e = explain({ errno: 1064, sqlState: "42000", message: "near 'IDENTIFIED BY 'p@ss' ONLY'" }, { doing: "x", where: "w", secrets: ["p@ss"] });
    assert.ok(!e.message.includes("p@ss"), e.message);
  });
});

describe("provider errors from OceanBase 4.3.5 with enable_rich_error_msg (reference §2.10)", function () {
  this.timeout(20000);
  let h: EmulatorHandle;
  beforeEach(async () => {
    h = await fastEmulator({ version: "4.3.5.0", richErrorMessages: true });
  });
  afterEach(() => stopEmulator(h));

  async function asSys(sql: string): Promise<void> {
    const c = await mysql.createConnection({ host: h.host, port: h.port, user: "root@sys", password: "" });
    await c.query(sql);
    await c.end();
  }

  // the same refusal in each mode: a directory another tenant's archive already owns (9081)
  for (const [connection, tenant] of [["t1", "mysql_tenant"], ["ora", "oracle_tenant"]]) {
    it(`${tenant}: the code survives the OBE- prefix and the suffix, the advice is the same, the trace shows once`, async () => {
      await asSys("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///a/taken' TENANT = " + (tenant === "mysql_tenant" ? "oracle_tenant" : "mysql_tenant"));
      const news = (await archive.check({}, { connection, location: "file:///a/taken", archiving: false })).inputs as LogArchiveInputs;
      await assert.rejects(archive.create(news), (e: Error & { obCode?: number }) => {
        assert.strictEqual(e.obCode, 9081, e.message);
        const head = `configuring log archiving: OceanBase refused the statement [OceanBase 9081: `;
        assert.ok(e.message.startsWith(head), e.message);
        assert.match(e.message, tenant === "oracle_tenant" ? /\[OceanBase 9081: OBE-00600: internal error code, arguments: -9081, format file does not match, try to set a new directory\.\]/ : /\[OceanBase 9081: format file does not match, try to set a new directory\.\]/);
        assert.match(e.message, / \(server trace \[[\d.]+:\d+\] \[[^\]]+\] \[Y[0-9A-F]+-[0-9A-F]{16}-0-0\]\)$/);
        assert.strictEqual(e.message.split("server trace").length, 2, e.message);
        assert.ok(!e.message.includes("\n"), e.message);
        return true;
      });
    });
  }

  it("Oracle mode: 9036 under OBE- and the suffix still gets BackupDestination's own explanation", async () => {
    const base = { connection: "ora" };
    const created = await destination.create((await destination.check({}, { ...base, uri: "file:///b/ora/one" })).inputs as BackupDestinationInputs);
    await asSys("ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///b/ora/arch' TENANT = oracle_tenant");
    await asSys("ALTER SYSTEM ARCHIVELOG TENANT = oracle_tenant");
    await sleep(300);
    await asSys("ALTER SYSTEM BACKUP TENANT = oracle_tenant");
    await sleep(100);
    const moved = (await destination.check({}, { ...base, uri: "file:///b/ora/two" })).inputs as BackupDestinationInputs;
    await assert.rejects(
      destination.update(created.id, created.outs as BackupDestinationOutputs, moved),
      /tenant oracle_tenant has a backup job \(OceanBase refuses DATA_BACKUP_DEST changes while any job row exists, 9036\)/,
    );
  });
});
