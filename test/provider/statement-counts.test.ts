// Round trips per operation (issue 11): the statements each operation sends, counted in the emulator's log after
// a warm-up operation (pool open, login identified), connected to sys for mysql_tenant and as its admin. Every
// read must be at its minimum (1), every write at most one above its minimum; the table is printed for the record.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import * as cleanup from "../../provider/backup-cleanup-policy";
import * as destination from "../../provider/backup-destination";
import * as job from "../../provider/backup-job";
import * as archive from "../../provider/log-archive";
import * as lookups from "../../provider/lookups";
import type {
  BackupCleanupPolicyOutputs,
  BackupDestinationOutputs,
  BackupJobInputs,
  BackupJobOutputs,
  LogArchiveOutputs,
} from "../../provider/types.generated";
import { closeAllPools, setProviderConfig } from "../../provider/connection";
import { fastEmulator, PROFILES, readyTenant, stopEmulator } from "../support/provider";
import { before, countStatements } from "../support/statement-count";

type Checkable = { check(o: Record<string, unknown>, n: Record<string, unknown>): Promise<{ inputs?: unknown; failures?: unknown[] }> };

async function inputs<T>(p: Checkable, news: Record<string, unknown>): Promise<T> {
  const r = await p.check({}, news);
  assert.deepStrictEqual(r.failures, []);
  return r.inputs as T;
}

/** operation → [statements, most allowed] */
const table: Record<string, [number, number]> = {};

function record(label: string, sql: string[], most: number): void {
  table[label] = [sql.length, most];
  if (process.env.COUNT_ONLY) return;
  assert.ok(sql.length <= most, `${label}: ${sql.length} statements, at most ${most} allowed:\n  ${sql.join("\n  ")}`);
}

const MODES = [
  { label: "from sys", connection: undefined as string | undefined, tenant: "mysql_tenant" as string | undefined },
  { label: "as the tenant admin", connection: "t1", tenant: undefined },
];

describe("statements per operation (issue 11)", function () {
  this.timeout(30000);
  let h: EmulatorHandle;
  beforeEach(async () => {
    h = await fastEmulator({ users: [{ tenant: "sys", user: "ops" }], backupDurationMs: 20_000 });
  });
  afterEach(() => stopEmulator(h));
  after(() => {
    const rows = Object.entries(table).map(([op, [n, most]]) => `| ${op} | ${n} | ${most} |`);
    console.log(["| operation | statements | at most |", "|---|---:|---:|", ...rows].join("\n"));
  });

  for (const m of MODES) {
    const base = { connection: m.connection, tenant: m.tenant };

    it(`BackupDestination and BackupCleanupPolicy ${m.label}`, async () => {
      const dArgs = await inputs<Record<string, unknown>>(destination, { ...base, uri: "file:///count/d1" });
      await destination.create(await inputs(destination, { ...base, uri: "file:///count/warm" })); // warm-up
      const created = await countStatements(h, () => destination.create(dArgs as never));
      record(`BackupDestination create ${m.label}`, created.sql, 3);
      const outs = created.result.outs as BackupDestinationOutputs;
      record(`BackupDestination read ${m.label}`, (await countStatements(h, () => destination.read(created.result.id, outs))).sql, 1);
      record(`BackupDestination delete ${m.label}`, (await countStatements(h, () => destination.delete(created.result.id, outs))).sql, 2); // the read: is its value still in force (issue 17)

      const pArgs = await inputs<Record<string, unknown>>(cleanup, { ...base, recoveryWindow: "7d" });
      const pc = await countStatements(h, () => cleanup.create(pArgs as never));
      record(`BackupCleanupPolicy create ${m.label}`, pc.sql, 1);
      const pOuts = pc.result.outs as BackupCleanupPolicyOutputs;
      record(`BackupCleanupPolicy read ${m.label}`, (await countStatements(h, () => cleanup.read(pc.result.id, pOuts))).sql, 1);
      record(`BackupCleanupPolicy delete ${m.label}`, (await countStatements(h, () => cleanup.delete(pc.result.id, pOuts))).sql, 2);
    });

    it(`LogArchive ${m.label}`, async () => {
      await destination.create(await inputs(destination, { ...base, uri: "file:///count/warm" })); // warm-up
      const aArgs = await inputs<Record<string, unknown>>(archive, { ...base, location: "file:///count/arch", waitForDoing: false });
      const ac = await countStatements(h, () => archive.create(aArgs as never));
      // read the state, SET LOG_ARCHIVE_DEST, ARCHIVELOG: one read kept (the log mode decides ARCHIVELOG, §5.2)
      record(`LogArchive create (no wait) ${m.label}`, ac.sql, 4);
      const aOuts = ac.result.outs as LogArchiveOutputs;
      record(`LogArchive read ${m.label}`, (await countStatements(h, () => archive.read(ac.result.id, aOuts))).sql, 1);
      const status = await countStatements(h, () => lookups.archiveStatus({ connection: m.connection, tenant: m.tenant }));
      record(`getArchiveStatus lookup ${m.label}`, status.sql, 1);
      assert.strictEqual(status.result.logMode, "ARCHIVELOG");
      assert.strictEqual(status.result.path, "file:///count/arch");
    });

    it(`BackupJob create, read and cancel ${m.label}`, async () => {
      await readyTenant(h, "mysql_tenant");
      await destination.read("warm", { ...(base as object), tenant: "mysql_tenant", uri: "", previousUri: "" } as never); // warm-up
      const args = await inputs<BackupJobInputs>(job, { connection: m.connection, tenants: m.tenant ? [m.tenant] : undefined });
      const created = await countStatements(h, () => job.create(args));
      // readiness (kept: says why a tenant cannot start), BACKUP, find the job by its marker; from sys the
      // tenant jobs appear a moment after the statement (§1.6), so one more look usually finds them
      // a poll repeated while the sys job is INIT is the server's pace, not the provider's: reported apart
      const own = created.sql.filter((q, i) => i === 0 || q !== created.sql[i - 1]);
      record(`BackupJob create ${m.label} (+${created.sql.length - own.length} repeated polls while the sys job is INIT)`, own, m.connection ? 3 : 4);
      const outs = created.result.outs as BackupJobOutputs;
      record(`BackupJob read ${m.label}`, (await countStatements(h, () => job.read(created.result.id, outs))).sql, 1);
      const cancelled = await countStatements(h, () => job.update(created.result.id, outs, { ...args, state: "cancelled" }));
      assert.ok(cancelled.sql.some((s) => /CANCEL BACKUP/.test(s)), "a CANCEL was sent");
      // the jobs and the foreign-job check in one statement, then the CANCEL
      record(`BackupJob cancel: statements before the CANCEL ${m.label}`, before(cancelled.sql, /CANCEL BACKUP/), 1);
    });
  }

  it("refresh of many jobs at once: one statement", async () => {
    await readyTenant(h, "mysql_tenant");
    const args = await inputs<BackupJobInputs>(job, { tenants: ["mysql_tenant"] });
    const sysJob = (await job.create(args)).outs as BackupJobOutputs;
    const own = (await job.create(await inputs<BackupJobInputs>(job, { connection: "t1" }))).outs as BackupJobOutputs;
    const props = [sysJob, own, sysJob, own, sysJob, own, sysJob, own, sysJob, own, sysJob, own];
    const n = await countStatements(h, () => Promise.all(props.map((p, i) => job.read(`r${i}`, p))));
    // one per connection settings (sys and the tenant admin)
    record("BackupJob refresh of 12 resources (2 logins) at once", n.sql, 2);
    for (const [i, r] of n.result.entries()) assert.deepStrictEqual((r.props as BackupJobOutputs).jobs.map((j) => j.jobId), props[i].jobs.map((j) => j.jobId));
  });

  it("refresh of 1,000 jobs across 10 tenants, 10 reads at a time: at most 30 statements", async () => {
    await readyTenant(h, "mysql_tenant");
    const real = (await job.create(await inputs<BackupJobInputs>(job, { tenants: ["mysql_tenant"] }))).outs as BackupJobOutputs;
    // 100 sys resources with a tenant job in each of 10 tenants; ids past the emulator's are reported gone ({}),
    // which costs the same statement as a live one
    const props: BackupJobOutputs[] = Array.from({ length: 100 }, (_, i) => ({
      ...real,
      sysJobId: 100 + i,
      jobs: Array.from({ length: 10 }, (_, k) => ({ ...real.jobs[0], tenant: `tenant${k}`, tenantId: 1002 + 2 * k, jobId: 1000 + i * 10 + k })),
    }));
    props[0] = real;
    const results: unknown[] = [];
    const n = await countStatements(h, async () => {
      let next = 0;
      const worker = async () => {
        while (next < props.length) {
          const i = next++;
          results[i] = await job.read(`r${i}`, props[i]);
        }
      };
      await Promise.all(Array.from({ length: 10 }, worker));
    });
    record("BackupJob refresh of 1,000 jobs (100 resources, 10 tenants), 10 at a time", n.sql, 30);
    assert.deepStrictEqual(((results[0] as { props: BackupJobOutputs }).props.jobs).map((j) => j.jobId), real.jobs.map((j) => j.jobId));
    assert.deepStrictEqual(results[1], {}, "a resource whose jobs are gone reads as gone");
  });

  for (const [login, profile] of [
    ["sys", undefined],
    ["a MySQL-mode tenant admin", "t1"],
  ] as const) {
    it(`session setup, ${login}: the login identified once per settings, nothing sent per new pooled connection`, async () => {
      const pArgs = await inputs<Record<string, unknown>>(cleanup, { tenant: "mysql_tenant", recoveryWindow: "7d", ...(profile ? { connection: profile } : {}) });
      const created = await cleanup.create(pArgs as never);
      await closeAllPools(); // a cold provider process: no pool, nothing known about the login
      setProviderConfig({ host: h.host, port: h.port, user: "root", tenant: "sys", password: "", connections: PROFILES });
      const from = h.statements().length;
      // twenty reads at once, as a refresh starts them: several new pooled connections, one identification
      await Promise.all(Array.from({ length: 20 }, () => cleanup.read(created.id, created.outs as BackupCleanupPolicyOutputs)));
      const sent = h.statements().slice(from).filter((r) => r.user !== "ops");
      const identity = sent.filter((r) => /@@ob_compatibility_mode/.test(r.sql));
      const tenantLists = sent.filter((r) => /FROM oceanbase\.DBA_OB_TENANTS WHERE TENANT_TYPE <> 'META'/.test(r.sql));
      assert.strictEqual(identity.length, 1, "the login is identified once, not once per concurrent read");
      assert.strictEqual(tenantLists.length, 1, "the tenant list is read once");
      // sys is always in MySQL mode, so its identity and tenant list are one statement; another login's mode
      // decides where the list is, so it takes two
      assert.strictEqual(identity[0] === tenantLists[0], !profile);
      // the emulator's time_zone is OceanBase's default +08:00, a fixed offset: no SET on any connection
      assert.deepStrictEqual(sent.filter((r) => /^SET /i.test(r.sql)).map((r) => r.sql), []);
      const connections = new Set(sent.map((r) => r.connectionId));
      const setup = new Set([...identity, ...tenantLists]).size;
      assert.strictEqual(sent.length - setup, 20, "and one statement per read");
      table[`cold start, ${login}: 20 concurrent BackupCleanupPolicy reads (${connections.size} new connections)`] = [sent.length, 20 + setup];
    });
  }
});
