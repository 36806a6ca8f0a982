// Timestamps without a SET per connection: the provider learns the tenant's time_zone once (in the identity
// query) and converts the views' strings itself when it is a fixed offset; only SYSTEM or a named zone makes each
// new connection send SET time_zone = '+00:00'. Checked against the emulator's clock in every login mode, and the
// statements each new connection sends are counted.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import * as job from "../../provider/backup-job";
import { ConnectionSettings, loginTenant } from "../../provider/connection";
import { fixedOffsetMinutes, isoTime } from "../../provider/ob";
import type { BackupJobInputs, BackupJobOutputs } from "../../provider/types.generated";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";

const LOGINS = [
  { label: "sys", connection: undefined, tenants: ["mysql_tenant"] },
  { label: "a MySQL-mode tenant admin", connection: "t1", tenants: undefined },
  { label: "an Oracle-mode tenant admin", connection: "ora", tenants: undefined },
] as const;

async function startJob(login: (typeof LOGINS)[number]): Promise<BackupJobOutputs> {
  const news: Record<string, unknown> = { description: "tz" };
  if (login.connection) news.connection = login.connection;
  if (login.tenants) news.tenants = [...login.tenants];
  const checked = await job.check({}, news);
  assert.deepStrictEqual(checked.failures, []);
  return (await job.create(checked.inputs as BackupJobInputs)).outs as BackupJobOutputs;
}

describe("session time zone: converted by the provider, not SET on every connection", function () {
  this.timeout(30000);

  for (const timeZone of ["+08:00", "-05:30", "+00:00", "SYSTEM"]) {
    describe(`tenant time_zone ${timeZone}`, () => {
      let h: EmulatorHandle;
      beforeEach(async () => {
        h = await fastEmulator({ timeZone });
        await readyTenant(h, "mysql_tenant");
        await readyTenant(h, "oracle_tenant");
        h.clearStatements();
      });
      afterEach(() => stopEmulator(h));

      for (const login of LOGINS) {
        it(`${login.label}: job times are the emulator's clock in UTC`, async () => {
          const before = Date.now();
          const outs = await startJob(login);
          const after = Date.now();
          assert.ok(outs.jobs.length > 0);
          for (const j of outs.jobs) {
            const t = Date.parse(j.startTime);
            assert.match(j.startTime, /Z$/);
            // an offset applied twice or not at all is hours away; Oracle mode's strings drop the fraction
            assert.ok(t >= before - 1000 && t <= after + 1000, `startTime ${j.startTime} outside ${new Date(before).toISOString()} … ${new Date(after).toISOString()}`);
          }
          const sets = h.statements().filter((s) => /^SET time_zone/i.test(s.sql));
          const connections = new Set(h.statements().map((s) => s.connectionId)).size;
          if (timeZone === "SYSTEM" && login.connection !== "ora") {
            // not a fixed offset: every connection the provider used is set to UTC first
            assert.strictEqual(sets.length, connections);
          } else {
            assert.deepStrictEqual(sets.map((s) => s.sql), []);
          }
        });
      }

      it("a login to sys learns mode, time zone, version and the tenant list in one statement", async () => {
        await startJob(LOGINS[0]);
        const first = h.statements()[0];
        assert.match(first.sql, /^SELECT @@ob_compatibility_mode AS COMPAT, OB_VERSION\(\) AS V, @@time_zone AS TZ, TENANT_ID, .* FROM oceanbase\.DBA_OB_TENANTS /);
        assert.ok(!h.statements().some((s) => /FROM DUAL$/.test(s.sql) && /@@ob_compatibility_mode/.test(s.sql)), "no separate identity query");
      });
    });
  }

  it("loginTenant finds the tenant in every login form, which decides the one-statement identification of sys", () => {
    const s = (user: string, tenant = "", cluster = ""): ConnectionSettings => ({
      host: "h", port: 2881, user, password: "", tenant, cluster, tls: false, tlsCa: "", tlsInsecure: false, connectTimeoutSeconds: 10,
    });
    assert.deepStrictEqual(
      [s("root"), s("root", "sys", "obcluster"), s("root", "shop"), s("root@SYS#obcluster"), s("obcluster:sys:root"), s("obcluster:shop:root"), s("a@b", "sys")].map(loginTenant),
      ["sys", "sys", "shop", "SYS", "sys", "shop", "b"],
    );
  });

  it("fixedOffsetMinutes reads OceanBase's forms and refuses what is not a fixed offset", () => {
    assert.deepStrictEqual(
      ["+8:00", "+08:00", "-05:30", "+00:00", "-0:00", "+14:00", "+14:01", "+5:60", "SYSTEM", "Asia/Shanghai", ""].map(fixedOffsetMinutes),
      [480, 480, -330, 0, 0, 840, null, null, null, null, null],
    );
  });

  it("isoTime converts across the date line and keeps the fraction as given", () => {
    assert.strictEqual(isoTime("2026-01-01 03:00:00.123456", 480), "2025-12-31T19:00:00.123456Z");
    assert.strictEqual(isoTime("2026-02-28 20:00:00", -330), "2026-03-01T01:30:00Z");
    assert.strictEqual(isoTime("2026-01-01 00:00:03.000000", 0), "2026-01-01T00:00:03.000000Z");
    assert.strictEqual(isoTime(null, 480), "");
    assert.strictEqual(isoTime("not a time", 480), "not a time");
    assert.strictEqual(isoTime("0000-00-00 00:00:00", 480), "0000-00-00 00:00:00");
  });
});
