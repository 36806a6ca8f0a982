// check() against a server (issue 17): tenant names that do not exist or are in the wrong case, and connection
// profiles that are not defined, are refused at preview, all at once, by a read-only lookup sent once per
// connection setting; messages name the property, repeat the value (secrets masked) and show the form in full.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import * as cleanup from "../../provider/backup-cleanup-policy";
import * as destination from "../../provider/backup-destination";
import * as job from "../../provider/backup-job";
import { closeAllPools, setProviderConfig } from "../../provider/connection";
import * as archive from "../../provider/log-archive";
import { SYS_IDENTITY_AND_TENANTS } from "../../provider/sql-text";
import { fastEmulator, PROFILES, stopEmulator } from "../support/provider";

describe("check against the server (issue 17)", () => {
  let h: EmulatorHandle;
  before(async () => {
    h = await fastEmulator();
  });
  after(() => stopEmulator(h));
  beforeEach(async () => {
    await closeAllPools();
  });

  const sent = (from: number) => h.statements().slice(from).map((s) => s.sql);

  it("a misspelled and a wrong-case tenant beside correct ones: refused, all at once, with one read-only SELECT", async () => {
    const from = h.statements().length;
    const results = await Promise.all([
      destination.check({}, { tenant: "mysql_tenant", uri: "file:///x/d" }),
      destination.check({}, { tenant: "mysql_tenat", uri: "file:///x/e" }),
      cleanup.check({}, { tenant: "MySQL_Tenant", recoveryWindow: "7d" }),
      archive.check({}, { tenant: "oracle_tenant", location: "file:///x/a" }),
      job.check({}, { tenants: ["mysql_tenant", "nope", "ORACLE_TENANT"] }),
    ]);
    const failures = results.map((r) => (r.failures ?? []).map((f) => `${f.property}: ${f.reason}`));
    const where = `root@sys at 127.0.0.1:${h.port}`;
    assert.deepStrictEqual(failures, [
      [],
      [`tenant: no user tenant named mysql_tenat in ${where} (tenants: mysql_tenant, oracle_tenant)`],
      [`tenant: no user tenant named MySQL_Tenant in ${where}: tenant names are case-sensitive, and it is spelled mysql_tenant (tenants: mysql_tenant, oracle_tenant)`],
      [],
      [
        `tenants[1]: no user tenant named nope in ${where} (tenants: mysql_tenant, oracle_tenant)`,
        `tenants[2]: no user tenant named ORACLE_TENANT in ${where}: tenant names are case-sensitive, and it is spelled oracle_tenant (tenants: mysql_tenant, oracle_tenant)`,
      ],
    ]);
    // five checks, one connection setting: one statement, and it only reads
    assert.deepStrictEqual(sent(from), [SYS_IDENTITY_AND_TENANTS]);
  });

  it("a name the recorded inputs already hold, on the same connection, is not looked up again: an unchanged preview sends nothing", async () => {
    const olds = { tenant: "mysql_tenant", uri: "file:///x/d" };
    const from = h.statements().length;
    assert.deepStrictEqual((await destination.check(olds, { tenant: "mysql_tenant", uri: "file:///x/e" })).failures, []);
    assert.deepStrictEqual(sent(from), []);
    // another tenant, or the same on another connection, is
    assert.strictEqual((await destination.check(olds, { tenant: "mysql_tenat", uri: "file:///x/e" })).failures?.length, 1);
    assert.strictEqual(sent(from).length, 1);
  });

  it("as a tenant's admin: another tenant's name, or its own in the wrong case, is refused", async () => {
    const r = await destination.check({}, { connection: "t1", tenant: "Mysql_tenant", uri: "file:///x/d" });
    assert.deepStrictEqual(
      (r.failures ?? []).map((f) => f.reason),
      [`connected to tenant mysql_tenant (root@mysql_tenant at 127.0.0.1:${h.port}), but names Mysql_tenant: tenant names are case-sensitive, write mysql_tenant`],
    );
    const other = await job.check({}, { connection: "t1", tenants: ["oracle_tenant"] });
    assert.match((other.failures ?? [])[0].reason, /can only configure or back up itself, but names oracle_tenant; connect to sys/);
    assert.deepStrictEqual((await job.check({}, { connection: "t1", tenants: ["mysql_tenant"] })).failures, []);
  });

  it("a connection profile is an own key of oceanbase:connections: constructor, __proto__, toString and a typo are refused", async () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "t2"]) {
      const r = await job.check({}, { connection: name });
      assert.deepStrictEqual(
        (r.failures ?? []).map((f) => `${f.property}: ${f.reason}`),
        [`connection: connection profile ${JSON.stringify(name)} is not defined in oceanbase:connections (defined: ${Object.keys(PROFILES).join(", ")}), got ${JSON.stringify(name)}`],
        name,
      );
      // and never reached at create either: refused before any statement
      const from = h.statements().length;
      await assert.rejects(job.create({ ...(r.inputs as Record<string, unknown>), connection: name } as never), /is not defined in oceanbase:connections/);
      assert.deepStrictEqual(sent(from), [], name);
    }
  });

  it("messages repeat the value and show the form in full; secrets are masked", async () => {
    const w = await cleanup.check({}, { tenant: "mysql_tenant", recoveryWindow: "7days" });
    assert.deepStrictEqual(w.failures, [
      {
        property: "recoveryWindow",
        reason: `must be a time in OceanBase's grammar: a whole number, then a unit us, ms, s, m, h or d (no unit means seconds), e.g. 7d or 36h; 0 keeps everything, got "7days"`,
      },
    ]);
    const u = await destination.check({}, { tenant: "mysql_tenant", uri: "oss://bkt/p?host=h&access_id=AKID-SECRET-1" });
    assert.strictEqual(u.failures?.length, 1);
    assert.strictEqual(u.failures?.[0].property, "uri");
    assert.match(u.failures?.[0].reason ?? "", /^an? .*needs access_key, got \[secret\]$|needs access_key, got \[secret\]$/);
    assert.ok(!JSON.stringify(u.failures).includes("AKID-SECRET-1"));
    const p = await job.check({}, { backupPassword: "bad\npw-SECRET" });
    assert.deepStrictEqual(p.failures, [{ property: "backupPassword", reason: "must not contain control characters (newline, tab, NUL …), got [secret]" }]);
  });

  it("a server that cannot be reached: preview works, and says once per setting that tenant names were not checked", async () => {
    setProviderConfig({ host: "127.0.0.1", port: 1, user: "root" });
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warned.push(m);
    try {
      assert.deepStrictEqual((await destination.check({}, { tenant: "mysql_tenat", uri: "file:///x/d" })).failures, []);
      assert.deepStrictEqual((await cleanup.check({}, { tenant: "mysql_tenat", recoveryWindow: "1d" })).failures, []);
    } finally {
      console.warn = warn;
      setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys", password: "", connections: PROFILES });
    }
    assert.deepStrictEqual(warned.length, 1);
    assert.match(warned[0], /tenant names were not checked against root@sys at 127\.0\.0\.1:1: cannot connect to root@sys at 127\.0\.0\.1:1: connection refused/);
  });
});
