// check(): every bad input class is reported at preview time, all at once, naming the property and the
// expected form, with no database round trip; unknown values are tolerated; defaults are applied.

import assert = require("assert");
import * as provider from "../../provider/backup-job";
import { UNKNOWN } from "../../provider/check";
import { closeAllPools, setProviderConfig } from "../../provider/connection";
import { closedPort } from "../support/provider";

const failures = async (news: Record<string, unknown>) => (await provider.check({}, news)).failures ?? [];

describe("BackupJob: check", () => {
  // no server: the schema's checks alone (a server on the default port, say another developer's emulator,
  // must not answer the tenant lookups of these cases)
  before(async () => {
    await closeAllPools();
    setProviderConfig({ host: "127.0.0.1", port: await closedPort() });
  });
  it("applies schema defaults", async () => {
    const r = await provider.check({}, {});
    assert.deepStrictEqual(r.failures, []);
    assert.deepStrictEqual(r.inputs, { backupType: "FULL", plusArchivelog: false, state: "running", waitForCompletion: false, timeoutSeconds: 3600, cancelOnDelete: true, generation: 0 });
  });

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["tenant name with a quote", { tenants: ["a'b"] }, "tenants[0]", /must be a tenant name: letters, digits and _/],
    ["tenant name with a space and comment", { tenants: ["t1 -- x"] }, "tenants[0]", /must be a tenant name/],
    ["tenant name starting with a digit", { tenants: ["1abc"] }, "tenants[0]", /must be a tenant name/],
    ["tenant name too long", { tenants: ["a".repeat(129)] }, "tenants[0]", /must be a tenant name/],
    ["empty tenant list", { tenants: [] }, "tenants", /must have at least 1 item/],
    ["duplicate tenants", { tenants: ["a", "a"] }, "tenants", /must not repeat an item/],
    ["tenants not a list", { tenants: "a,b" }, "tenants", /must be a list/],
    ["unknown backup type", { backupType: "DIFFERENTIAL" }, "backupType", /must be one of "FULL", "INCREMENTAL"/],
    ["unknown state", { state: "stopped" }, "state", /must be one of "running", "cancelled"/],
    ["description with a newline", { description: "a\nb" }, "description", /must not contain control characters/],
    ["description with NUL", { description: "a\u0000b" }, "description", /must not contain control characters/],
    ["description too long", { description: "x".repeat(1001) }, "description", /must be at most 1000 characters/],
    ["empty backup password", { backupPassword: "" }, "backupPassword", /must not be empty/],
    ["timeout zero", { timeoutSeconds: 0 }, "timeoutSeconds", /must be at least 1/],
    ["timeout not whole", { timeoutSeconds: 1.5 }, "timeoutSeconds", /must be a whole number/],
    ["plusArchivelog as string", { plusArchivelog: "yes" }, "plusArchivelog", /must be true or false/],
    ["bad connection profile name", { connection: "a b" }, "connection", /^must be a connection profile name: letters, digits, _, \. and -, 1 to 64 characters, got "a b"$/],
    ["adopt id zero", { adoptJobId: 0 }, "adoptJobId", /must be at least 1/],
    ["unknown property", { tenant: "x" }, "tenant", /unknown property; expected one of: connection, tenants, backupType/],
  ];
  for (const [label, news, property, reason] of cases) {
    it(`rejects ${label} on ${property}`, async () => {
      const f = await failures(news);
      const hit = f.find((x) => x.property === property);
      assert.ok(hit, `no failure on ${property}: ${JSON.stringify(f)}`);
      assert.match(hit.reason, reason);
    });
  }

  it("reports every problem at once", async () => {
    const f = await failures({ tenants: ["ok", "bad name"], backupType: "X", timeoutSeconds: -1, description: "a\tb" });
    assert.deepStrictEqual(f.map((x) => x.property).sort(), ["backupType", "description", "tenants[1]", "timeoutSeconds"]);
  });

  it("tolerates values unknown during preview, at any depth", async () => {
    assert.deepStrictEqual(await failures({ tenants: UNKNOWN, description: UNKNOWN, backupPassword: UNKNOWN }), []);
    assert.deepStrictEqual(await failures({ tenants: ["a", UNKNOWN] }), []);
    const r = await provider.check({}, { description: UNKNOWN });
    assert.strictEqual((r.inputs as Record<string, unknown>).description, UNKNOWN);
  });

  it("needs no database: with no server to ask, check passes and warns once that tenant names were not checked", async () => {
    await closeAllPools(); // the cases above looked already
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warned.push(m);
    try {
      assert.deepStrictEqual((await provider.check({}, { tenants: ["mysql_tenant"] })).failures, []);
      assert.deepStrictEqual((await provider.check({}, { tenants: ["oracle_tenant"] })).failures, []);
    } finally {
      console.warn = warn;
    }
    assert.strictEqual(warned.length, 1, warned.join("\n"));
    assert.match(warned[0], /^warning: \[runtime\] tenant names were not checked against root@sys at 127\.0\.0\.1:\d+: cannot connect/);
  });

  it("refuses a password on an adopted job", async () => {
    const f = await failures({ adoptJobId: 3, backupPassword: "x" });
    assert.deepStrictEqual(f.map((x) => x.property), ["backupPassword"]);
  });
});
