// Reliability under faults and hostile input: connection failures, lost connections around BACKUP and CANCEL,
// a server restart during a wait, replies slower than the deadline, 9036 races, two jobs for one tenant, ten
// tenants in parallel, hostile text in every string input, and a secrets scan after every scenario. The suite
// ends with its figures: scenarios run, faults survived, inputs tried, jobs lost (must be 0).

import assert = require("assert");
import net = require("net");
import { EmulatorHandle } from "../../emulator";
import { stage2Hash } from "../../emulator/cluster";
import * as cleanup from "../../provider/backup-cleanup-policy";
import * as destination from "../../provider/backup-destination";
import * as job from "../../provider/backup-job";
import { setProviderConfig } from "../../provider/connection";
import * as archive from "../../provider/log-archive";
import type { BackupJobInputs, BackupJobOutputs } from "../../provider/types.generated";
import { fastEmulator, readyTenant, sleep, stopEmulator } from "../support/provider";

const figures = { scenarios: 0, faults: 0, inputs: 0, jobsLost: 0 };
const SECRETS = ["Sys-Pa55-rel", "T1-Pa55-rel", "Backup-Pw-rel", "AKID-REL-1", "SECRET-KEY-REL-1"];
const seenText: string[] = [];

/** Everything a user could see: error messages and outputs. Scanned for secrets after each scenario. */
function observe(v: unknown): void {
  seenText.push(typeof v === "string" ? v : v instanceof Error ? v.message : JSON.stringify(v));
}

function secretsScan(h?: EmulatorHandle): void {
  const text = seenText.join("\n") + (h ? JSON.stringify(h.statements()) : "");
  for (const s of SECRETS) assert.ok(!text.includes(s), `secret ${s.slice(0, 3)}… leaked`);
}

async function inputsOf(news: Record<string, unknown>): Promise<BackupJobInputs> {
  const r = await job.check({}, news);
  assert.deepStrictEqual(r.failures, []);
  return r.inputs as BackupJobInputs;
}

const backupStatements = (h: EmulatorHandle) => h.statements().filter((s) => /^ALTER SYSTEM BACKUP/.test(s.sql));

/** Restarts the server (down for `downMs`) the moment a statement matching `sent` arrives. */
function restartOnceSent(h: EmulatorHandle, sent: (sql: string) => boolean, downMs: number): Promise<void> {
  // decided inside the emulator as the statement arrives (it still runs, its reply is lost): a client that
  // reconnects at once must find the server down, whatever its speed
  return new Promise<void>((resolve) => {
    h.faults.dropOnStatement((sql) => {
      if (!sent(sql)) return false;
      void h.restart(downMs).then(resolve);
      return true;
    }, "after");
  });
}

/** Jobs the emulator holds that carry a provider marker but no resource identified (must be none). */
function countLost(h: EmulatorHandle, identified: Set<string>): number {
  const rows = h.sql(
    "SELECT TENANT_ID, JOB_ID, DESCRIPTION FROM oceanbase.CDB_OB_BACKUP_JOBS UNION ALL SELECT TENANT_ID, JOB_ID, DESCRIPTION FROM oceanbase.CDB_OB_BACKUP_JOB_HISTORY",
  );
  return rows.filter((r) => /\[pulumi:[0-9a-f]+\]/.test(String(r.DESCRIPTION)) && !identified.has(`${r.TENANT_ID}/${r.JOB_ID}`)).length;
}

function identifiedOf(outs: BackupJobOutputs, set: Set<string>): void {
  if (outs.sysJobId > 0) set.add(`1/${outs.sysJobId}`);
  for (const j of outs.jobs) set.add(`${j.tenantId}/${j.jobId}`);
}

describe("reliability", function () {
  this.timeout(60000);
  after(() => {
    process.stdout.write(
      `\n    reliability figures: ${figures.scenarios} scenarios run, ${figures.faults} faults survived, ${figures.inputs} hostile inputs tried, ${figures.jobsLost} jobs lost\n`,
    );
    assert.strictEqual(figures.jobsLost, 0);
  });

  describe("connection failures, for every resource", () => {
    let h: EmulatorHandle;
    let closedPort: number;
    before(async () => {
      h = await fastEmulator({ sysPassword: "Sys-Pa55-rel" });
      const s = net.createServer();
      await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
      closedPort = (s.address() as net.AddressInfo).port;
      await new Promise((r) => s.close(r));
    });
    after(() => stopEmulator(h));
    const resources: [string, () => Promise<unknown>][] = [
      ["BackupJob", async () => job.create(await inputsOf({ tenants: ["mysql_tenant"] }))],
      ["BackupDestination", async () => destination.create((await destination.check({}, { tenant: "mysql_tenant", uri: "file:///r/d" })).inputs as never)],
      ["LogArchive", async () => archive.create((await archive.check({}, { tenant: "mysql_tenant", location: "file:///r/a" })).inputs as never)],
      ["BackupCleanupPolicy", async () => cleanup.create((await cleanup.check({}, { tenant: "mysql_tenant", recoveryWindow: "1d" })).inputs as never)],
    ];
    for (const [name, create] of resources) {
      it(`${name}: refused, wrong password, TLS refused — each named with host and user, no secret`, async () => {
        const cases: [Record<string, unknown>, RegExp][] = [
          [{ host: "127.0.0.1", port: closedPort, user: "root", password: "Sys-Pa55-rel" }, new RegExp(`cannot connect to root@sys at 127\\.0\\.0\\.1:${closedPort}: connection refused`)],
          [{ host: h.host, port: h.port, user: "root", password: "T1-Pa55-rel" }, new RegExp(`access denied for root@sys at 127\\.0\\.0\\.1:${h.port}`)],
          [{ host: h.host, port: h.port, user: "root", password: "Sys-Pa55-rel", tls: true }, new RegExp(`TLS is required \\(oceanbase:tls\\) but the server does not offer it \\(root@sys at 127\\.0\\.0\\.1:${h.port}\\)`)],
        ];
        for (const [config, message] of cases) {
          setProviderConfig(config as Record<string, string>);
          await assert.rejects(create(), (e: Error) => {
            observe(e);
            return message.test(e.message);
          });
          figures.faults++;
          figures.scenarios++;
        }
        secretsScan();
      });
    }
  });

  describe("lost connections, restarts, slow replies, races", () => {
    let h: EmulatorHandle;
    const identified = new Set<string>();
    beforeEach(async () => {
      h = await fastEmulator({ backupDurationMs: 2000, sysPassword: "Sys-Pa55-rel" });
      setProviderConfig({ host: h.host, port: h.port, user: "root", password: "Sys-Pa55-rel", connections: { t1: { user: "root@mysql_tenant", password: "" } } });
      await readyTenant(h, "mysql_tenant");
      identified.clear();
    });
    afterEach(async () => {
      figures.jobsLost += countLost(h, identified);
      secretsScan(h);
      figures.scenarios++;
      await stopEmulator(h);
    });

    it("BACKUP sent, then the server is unreachable past the deadline: recorded as pending, found by the next update, never started twice", async () => {
      const restarting = restartOnceSent(h, (sql) => /^ALTER SYSTEM BACKUP/.test(sql), 2500);
      const args = await inputsOf({ tenants: ["mysql_tenant"], timeoutSeconds: 1 });
      let pending: BackupJobOutputs | undefined;
      await assert.rejects(job.create(args), (e: Error & { id?: string; properties?: BackupJobOutputs }) => {
        observe(e);
        pending = e.properties;
        return /^pending\//.test(e.id ?? "") && /the backup may have started/.test(e.message);
      });
      await restarting;
      assert.strictEqual(pending?.status, "PENDING");
      assert.strictEqual((await job.diff("x", pending as BackupJobOutputs, args)).changes, true, "a pending job is looked for again");
      const outs = (await job.update("x", pending as BackupJobOutputs, args)).outs as BackupJobOutputs;
      observe(outs);
      identifiedOf(outs, identified);
      assert.strictEqual(outs.sysJobId, 1);
      assert.deepStrictEqual(outs.jobs.map((j) => j.tenant), ["mysql_tenant"]);
      assert.strictEqual(backupStatements(h).length, 1, "one BACKUP statement in all");
      figures.faults += 2;
    });

    it("the sys job found, then the server unreachable past the deadline while its tenant jobs are awaited: recorded as pending, found by the next update, never started twice", async () => {
      // a sys job that stays INIT for up to a second, so that its tenant jobs are waited for
      await stopEmulator(h);
      h = await fastEmulator({ backupDurationMs: 2000, sysPassword: "Sys-Pa55-rel", tickMs: 1000 });
      setProviderConfig({ host: h.host, port: h.port, user: "root", password: "Sys-Pa55-rel", connections: { t1: { user: "root@mysql_tenant", password: "" } } });
      await readyTenant(h, "mysql_tenant");
      const awaitingChildren = (sql: string) => /INITIATOR_JOB_ID = /.test(sql) && /TENANT_ID = 1 AND JOB_ID = /.test(sql);
      const restarting = restartOnceSent(h, awaitingChildren, 2500);
      const args = await inputsOf({ tenants: ["mysql_tenant"], timeoutSeconds: 1 });
      let pending: BackupJobOutputs | undefined;
      await assert.rejects(job.create(args), (e: Error & { id?: string; properties?: BackupJobOutputs }) => {
        observe(e);
        pending = e.properties;
        return /^pending\//.test(e.id ?? "") && /the backup runs, and the next update looks for its jobs again/.test(e.message) && /ECONNREFUSED|connection/i.test(e.message);
      });
      await restarting;
      assert.strictEqual(pending?.status, "PENDING");
      const outs = (await job.update("x", pending as BackupJobOutputs, args)).outs as BackupJobOutputs;
      observe(outs);
      identifiedOf(outs, identified);
      assert.ok(outs.sysJobId > 0);
      assert.deepStrictEqual(outs.jobs.map((j) => j.tenant), ["mysql_tenant"]);
      assert.strictEqual(backupStatements(h).length, 1, "one BACKUP statement in all");
      figures.faults += 1;
    });

    it("waiting for completion, the server unreachable past the deadline: the known jobs are recorded, not lost", async () => {
      const args = await inputsOf({ connection: "t1", waitForCompletion: true, timeoutSeconds: 1 });
      const restarting = restartOnceSent(h, (sql) => /JOB_ID IN \(/.test(sql), 2000);
      let recorded: BackupJobOutputs | undefined;
      await assert.rejects(job.create(args), (e: Error & { id?: string; properties?: BackupJobOutputs }) => {
        observe(e);
        recorded = e.properties;
        return /^mysql_tenant\/\d+$/.test(e.id ?? "") && /waiting for the backup to complete/.test(e.message);
      });
      await restarting;
      identifiedOf(recorded as BackupJobOutputs, identified);
      assert.deepStrictEqual(recorded?.jobs.map((j) => j.tenant), ["mysql_tenant"]);
      assert.strictEqual(backupStatements(h).length, 1);
      figures.faults += 1;
    });

    it("CANCEL sent, then the connection drops: the next update waits for it and sends no second CANCEL", async () => {
      const args = await inputsOf({ connection: "t1" });
      const created = await job.create(args);
      identifiedOf(created.outs as BackupJobOutputs, identified);
      h.faults.dropOnStatement("ALTER SYSTEM CANCEL BACKUP", "after");
      await assert.rejects(job.update(created.id, created.outs as BackupJobOutputs, { ...args, state: "cancelled" }), (e: Error) => {
        observe(e);
        return /connection .* was lost/.test(e.message);
      });
      const outs = (await job.update(created.id, created.outs as BackupJobOutputs, { ...args, state: "cancelled" })).outs as BackupJobOutputs;
      assert.deepStrictEqual(outs.jobs.map((j) => j.status), ["CANCELED"]);
      assert.strictEqual(h.statements().filter((s) => /CANCEL BACKUP/.test(s.sql)).length, 1);
      figures.faults++;
    });

    it("the server restarts while a resource waits for completion: the wait goes on and ends COMPLETED", async () => {
      const p = job.create(await inputsOf({ connection: "t1", waitForCompletion: true, timeoutSeconds: 20 }));
      await sleep(600);
      await h.restart(400);
      const outs = (await p).outs as BackupJobOutputs;
      identifiedOf(outs, identified);
      assert.strictEqual(outs.status, "COMPLETED");
      figures.faults++;
    });

    it("replies slower than the deadline: the wait ends at the deadline, naming what still runs", async () => {
      const args = await inputsOf({ connection: "t1", waitForCompletion: true, timeoutSeconds: 1 });
      h.faults.delayReplies(4000, /DBA_OB_BACKUP_JOBS WHERE JOB_ID = /);
      const t0 = Date.now();
      await assert.rejects(job.create(args), (e: Error & { properties?: BackupJobOutputs }) => {
        observe(e);
        if (e.properties) identifiedOf(e.properties, identified);
        return /timed out waiting for the backup to complete; still running: mysql_tenant job 1/.test(e.message);
      });
      assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
      h.faults.clear();
      figures.faults++;
    });

    it("9036 races: a backup right after the last one finished is retried until the old row moves to history", async () => {
      const args = await inputsOf({ connection: "t1" });
      for (let i = 0; i < 3; i++) {
        const outs = (await job.create(args)).outs as BackupJobOutputs;
        identifiedOf(outs, identified);
        h.finishJob("mysql_tenant");
        await sleep(40);
      }
      const sent = backupStatements(h);
      assert.strictEqual(sent.filter((s) => s.errno === null).length, 3);
      figures.faults += sent.filter((s) => s.errno === 9036).length;
    });

    it("two BackupJobs for one tenant in one update: the second gets a clear error, the first is intact", async () => {
      const args = await inputsOf({ tenants: ["mysql_tenant"] });
      const results = await Promise.allSettled([job.create(args), job.create(args)]);
      const ok = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ outs: BackupJobOutputs }>[];
      const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      assert.strictEqual(ok.length, 1);
      assert.strictEqual(failed.length, 1);
      const reason = failed[0].reason as Error & { properties?: BackupJobOutputs };
      observe(reason);
      // refused up front (9036), or, when both statements raced past the check, its tenant job never started
      assert.match(reason.message, /already in progress|a backup of it started from sys \(sys job \d+, its job \d+\) is already running/);
      if (reason.properties) identifiedOf(reason.properties, identified);
      identifiedOf(ok[0].value.outs, identified);
      const rows = h.sql("SELECT STATUS FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002");
      assert.strictEqual(rows.length, 1);
      assert.match(String(rows[0].STATUS), /^(INIT|DOING)$/);
    });
  });

  describe("ten tenants in parallel", () => {
    it("ten BackupJobs at once, each identifying exactly its own tenant's job", async () => {
      const tenants = Array.from({ length: 10 }, (_, i) => ({ name: `t${i}`, mode: "MYSQL" as const }));
      const h = await fastEmulator({ tenants, backupDurationMs: 3000 });
      try {
        await Promise.all(tenants.map((t) => readyTenant(h, t.name)));
        const results = await Promise.all(tenants.map(async (t) => (await job.create(await inputsOf({ tenants: [t.name] }))).outs as BackupJobOutputs));
        const identified = new Set<string>();
        results.forEach((outs, i) => {
          identifiedOf(outs, identified);
          assert.deepStrictEqual(outs.jobs.map((j) => j.tenant), [`t${i}`]);
        });
        assert.strictEqual(new Set(results.map((r) => r.sysJobId)).size, 10, "ten distinct sys jobs");
        figures.jobsLost += countLost(h, identified);
        figures.scenarios++;
      } finally {
        await stopEmulator(h);
      }
    });
  });

  describe("hostile input in every string input", () => {
    const HOSTILE = [
      "it's",
      'a "quoted" word',
      "back\\slash",
      "trailing \\",
      "semi; colon",
      "x'; ALTER SYSTEM NOARCHIVELOG; --",
      "-- comment",
      "/* comment */",
      "# hash",
      "new\nline",
      "nul\u0000char",
      "tab\there",
      "long " + "x".repeat(5000),
      "non-ASCII: 备份 ☃ é",
      "`backtick`",
      "%s %d ${x}",
    ];
    let h: EmulatorHandle;
    before(async () => {
      h = await fastEmulator({ backupDurationMs: 60000 });
      setProviderConfig({ host: h.host, port: h.port, user: "root", connections: { t1: { user: "root@mysql_tenant" }, ora: { user: "SYS@oracle_tenant" } } });
      await readyTenant(h, "mysql_tenant");
      await readyTenant(h, "oracle_tenant");
    });
    after(() => stopEmulator(h));

    /** Every statement the emulator ran after `from` must be one of the expected kinds; none may have failed to parse. */
    function onlyExpectedStatements(from: number): void {
      for (const s of h.statements().slice(from)) {
        assert.notStrictEqual(s.errno, 1064, `a statement did not parse: ${s.sql.slice(0, 120)}`);
        assert.match(s.sql, /^(SELECT|SET time_zone|SET ENCRYPTION|ALTER SYSTEM (BACKUP|CANCEL BACKUP|SET (DATA_BACKUP_DEST|LOG_ARCHIVE_DEST(_STATE)?)|ADD DELETE|DROP DELETE|ARCHIVELOG|NOARCHIVELOG))\b/, s.sql.slice(0, 120));
      }
    }

    for (const [label, profile, schema, tenant] of [
      ["MySQL mode", "t1", "oceanbase", "mysql_tenant"],
      ["Oracle mode", "ora", "SYS", "oracle_tenant"],
    ] as const) {
      it(`description and backup password (${label}): refused at check, or stored exactly as one quoted literal`, async () => {
        for (const text of HOSTILE) {
          figures.inputs++;
          const r = await job.check({}, { connection: profile, description: text, backupPassword: text });
          if ((r.failures ?? []).length > 0) {
            assert.ok(/[\u0000-\u001f]/.test(text) || text.length > 1000, `refused without reason: ${JSON.stringify(text.slice(0, 30))}`);
            continue;
          }
          const from = h.statements().length;
          const created = await job.create(r.inputs as BackupJobInputs);
          const outs = created.outs as BackupJobOutputs;
          const row = h.sql(`SELECT DESCRIPTION, ENCRYPTION_MODE, PASSWD FROM ${schema}.DBA_OB_BACKUP_JOBS WHERE JOB_ID = ${outs.jobs[0].jobId}`, tenant)[0];
          assert.strictEqual(row.DESCRIPTION, `${text} [pulumi:${outs.jobKey}]`);
          assert.strictEqual(row.PASSWD, stage2Hash(text), "the password arrived intact");
          onlyExpectedStatements(from);
          await job.update(created.id, outs, { ...(r.inputs as BackupJobInputs), state: "cancelled" });
          await sleep(400);
        }
        figures.scenarios++;
      });
    }

    it("tenant names, URIs, recovery windows, intervals and profile names: refused at check, with no database round trip", async () => {
      const before = h.statements().length;
      for (const text of HOSTILE) {
        const tries: [string, () => Promise<{ failures?: unknown[] }>][] = [
          ["tenants", () => job.check({}, { tenants: [text] })],
          ["tenant", () => cleanup.check({}, { tenant: text, recoveryWindow: "1d" })],
          ["uri", () => destination.check({}, { uri: `file:///x/${text}` })],
          ["location", () => archive.check({}, { location: `oss://b/${text}?host=h&access_id=a&access_key=k` })],
          ["recoveryWindow", () => cleanup.check({}, { recoveryWindow: text })],
          ["pieceSwitchInterval", () => archive.check({}, { location: "file:///a", pieceSwitchInterval: text })],
          ["connection", () => job.check({}, { connection: text })],
        ];
        for (const [field, run] of tries) {
          figures.inputs++;
          const r = await run();
          // a URI may hold characters harmless inside one quoted literal (e.g. a backtick); nothing else may pass
          const mustRefuse = field !== "uri" && field !== "location" ? true : /['\\\s\u0000-\u001f]/.test(text);
          if (mustRefuse) assert.ok((r.failures ?? []).length > 0, `${field} accepted: ${JSON.stringify(text.slice(0, 30))}`);
        }
      }
      assert.strictEqual(h.statements().length, before, "check never touches the database");
      figures.scenarios++;
    });

    it("a destination URI with access keys: set as one literal, shown without keys, never in an error or log", async () => {
      const uri = "oss://bkt/rel/x?host=oss.example.com&access_id=AKID-REL-1&access_key=SECRET-KEY-REL-1";
      figures.inputs++;
      const r = await destination.check({}, { connection: "t1", uri });
      assert.deepStrictEqual(r.failures, []);
      const from = h.statements().length;
      const created = await destination.create(r.inputs as never);
      const outs = created.outs as { path: string };
      observe({ ...outs, uri: undefined, previousUri: undefined });
      assert.strictEqual(outs.path, "oss://bkt/rel/x?host=oss.example.com");
      onlyExpectedStatements(from);
      secretsScan(h);
      figures.scenarios++;
    });
  });
});
