// The rich error messages option: OceanBase's enable_rich_error_msg appends "\n[ip:port] [timestamp] [trace_id]"
// to every error message (reference §2.10); clients that parse messages must tolerate it.

import assert = require("assert");
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import { connect, expectError, manualEmulator } from "../support/emulator";

/** "\n[127.0.0.1:port] [2026-01-01 08:00:00.000000] [Y…-…-0-0]" for an emulator on `port` at its start time. */
const suffix = (port: number) =>
  new RegExp(String.raw`\n\[127\.0\.0\.1:${port}\] \[2026-01-01 08:00:00\.000000\] \[(Y[0-9A-F]+-[0-9A-F]{16}-0-0)\]$`);

describe("§2.10 rich error messages (richErrorMessages / --rich-error-msg)", () => {
  let h: EmulatorHandle;
  before(async () => {
    h = await manualEmulator({ richErrorMessages: true });
  });
  after(async () => h.close());

  it("appends \\n[ip:port] [timestamp] [trace_id] to every error, after the message a plain server sends", async () => {
    const sys = await connect(h);
    const my = await connect(h, "root@mysql_tenant");
    const ora = await connect(h, "SYS@oracle_tenant");
    const traces: string[] = [];
    const check = async (p: Promise<unknown>, errno: number, sqlState: string, message: string) => {
      const re = new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${suffix(h.port).source}`);
      await expectError(p, errno, sqlState, re);
      await p.catch((e: Error) => traces.push(re.exec(e.message)![1]));
    };
    try {
      await check(my.query("ALTER SYSTEM BACKUP DATABASE"), 9040, "HY000", "backup can not start");
      await check(sys.query("ALTER SYSTEM BACKUP DATABASE TENANT = mysql_tenant"), 1064, "42000",
        "You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near 'TENANT = mysql_tenant' at line 1");
      await check(sys.query("ALTER SYSTEM ARCHIVELOG TENANT = nosuch"), 5160, "HY000", "invalid tenant name specified in connection string");
      await check(ora.query("ALTER SYSTEM BACKUP DATABASE"), 600, "HY000", "ORA-00600: internal error code, arguments: -9040, backup can not start");
      await check(ora.query("SELECT 1 FROM DUAL LIMIT 1"), 900, "42000",
        "ORA-00900: You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near 'LIMIT 1' at line 1");
      // a login refusal too
      await check(mysql.createConnection({ host: h.host, port: h.port, user: "root@nosuch", password: "" }), 5160, "HY000", "invalid tenant name specified in connection string");
      assert.strictEqual(new Set(traces).size, traces.length, `every error has its own trace id: ${traces.join(", ")}`);
      // successful statements are unchanged
      const [r] = await my.query("SELECT 1 AS x");
      assert.deepStrictEqual(r, [{ x: "1" }]);
    } finally {
      await Promise.all([sys.end(), my.end(), ora.end()]);
    }
  });

  it("is off by default: the message is exactly OceanBase's text", async () => {
    const plain = await manualEmulator();
    const c = await connect(plain, "root@mysql_tenant");
    try {
      await expectError(c.query("ALTER SYSTEM BACKUP DATABASE"), 9040, "HY000", "backup can not start");
    } finally {
      await c.end();
      await plain.close();
    }
  });
});
