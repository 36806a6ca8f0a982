// Fault injection: each fault the handle offers does what it says, and the emulator survives it.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import { Conn, connect, expectError, manualEmulator, prepareTenant, rows } from "../support/emulator";

describe("emulator: fault injection", () => {
  let h: EmulatorHandle;
  let sys: Conn;
  before(async () => {
    h = await manualEmulator();
    sys = await connect(h);
    await prepareTenant(h, sys, "mysql_tenant");
  });
  after(async () => {
    await sys.end().catch(() => undefined);
    await h.close();
  });
  afterEach(() => h.faults.clear());

  it("fails the next matching statement with the given error, once", async () => {
    h.faults.failNext(/CANCEL BACKUP/i, { errno: 9036, sqlState: "HY000", message: "Backup is in progress" });
    await expectError(sys.query("ALTER SYSTEM CANCEL BACKUP"), 9036, "HY000", "Backup is in progress");
    await sys.query("ALTER SYSTEM CANCEL BACKUP");
    const log = h.statements().filter((s) => s.sql === "ALTER SYSTEM CANCEL BACKUP");
    assert.deepStrictEqual(log.slice(-2).map((s) => s.errno), [9036, null]);
  });

  it("drops the connection before a statement runs: nothing happens", async () => {
    const c = await connect(h, "root@mysql_tenant");
    h.faults.dropOnStatement("BACKUP DATABASE", "before");
    await assert.rejects(c.query("ALTER SYSTEM BACKUP DATABASE"), /closed|ECONNRESET|PROTOCOL_CONNECTION_LOST/);
    assert.deepStrictEqual(await rows(sys, "SELECT * FROM oceanbase.CDB_OB_BACKUP_JOBS"), []);
  });

  it("drops the connection after a statement ran: the client errs, but the job exists", async () => {
    const c = await connect(h, "root@mysql_tenant");
    h.faults.dropOnStatement("BACKUP DATABASE", "after");
    await assert.rejects(c.query("ALTER SYSTEM BACKUP DATABASE"), /closed|ECONNRESET|PROTOCOL_CONNECTION_LOST/);
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID, STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS"), [{ TENANT_ID: "1002", STATUS: "INIT" }]);
    await sys.query("ALTER SYSTEM CANCEL BACKUP");
    h.advance(5000);
  });

  it("drops the next connection at accept", async () => {
    h.faults.dropNextConnection();
    await assert.rejects(connect(h), /closed|ECONNRESET|PROTOCOL_CONNECTION_LOST|handshake/i);
    const c = await connect(h);
    assert.deepStrictEqual(await rows(c, "SELECT 1 AS x"), [{ x: "1" }]);
    await c.end();
  });

  it("delays replies to matching statements", async () => {
    h.faults.delayReplies(300, /SELECT 'slow'/, 1);
    const t0 = Date.now();
    await sys.query("SELECT 'slow'");
    const slow = Date.now() - t0;
    const t1 = Date.now();
    await sys.query("SELECT 'slow'");
    assert.ok(slow >= 290, `delayed reply took ${slow} ms`);
    assert.ok(Date.now() - t1 < 290, "only the first reply is delayed");
  });

  it("adds the round trip to every reply: the greeting, the login's answer, each statement's result", async () => {
    h.faults.roundTripMs = 150;
    const t0 = Date.now();
    const c = await connect(h, "root@mysql_tenant");
    const login = Date.now() - t0;
    const t1 = Date.now();
    await c.query("SELECT 1");
    const query = Date.now() - t1;
    h.faults.roundTripMs = 0;
    await c.end();
    // lower bounds only: a loaded machine may be slower, never faster
    assert.ok(login >= 290, `login took ${login} ms: greeting and OK should each wait 150 ms`);
    assert.ok(query >= 145, `a statement took ${query} ms`);
    await assert.rejects(connect(h, "nobody@mysql_tenant"), /Access denied/);
  });

  it("restarts: connections drop, state survives, new connections work after the downtime", async () => {
    await sys.query("ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '3d' TENANT = mysql_tenant");
    const restarting = h.restart(200);
    await assert.rejects(sys.query("SELECT 1"));
    await restarting;
    sys = await connect(h);
    assert.deepStrictEqual(await rows(sys, "SELECT TENANT_ID, RECOVERY_WINDOW FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY"), [
      { TENANT_ID: "1002", RECOVERY_WINDOW: "3d" },
    ]);
  });

  it("redacts passwords and access keys in the statement log", async () => {
    const c = await connect(h, "root@mysql_tenant");
    await c.query("SET ENCRYPTION ON IDENTIFIED BY 'Backup-Pa55' ONLY");
    await c.query("ALTER SYSTEM SET DATA_BACKUP_DEST = 'oss://bucket/p?host=h&access_id=AKID123&access_key=SECRETKEY'");
    await c.end();
    const text = JSON.stringify(h.statements());
    assert.ok(!text.includes("Backup-Pa55"), "backup password in the log");
    assert.ok(!text.includes("SECRETKEY") && !text.includes("AKID123"), "access key in the log");
    assert.match(text, /IDENTIFIED BY '\*\*\*' ONLY/);
    assert.match(text, /access_key=\*\*\*/);
  });
});
