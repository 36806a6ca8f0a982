// BackupDestination, LogArchive and BackupCleanupPolicy: create, update, refresh with drift, delete and bad
// inputs, connected to sys (tenant named) and as the tenant's admin in MySQL and Oracle mode.

import assert = require("assert");
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import * as cleanup from "../../provider/backup-cleanup-policy";
import * as destination from "../../provider/backup-destination";
import * as archive from "../../provider/log-archive";
import type {
  BackupCleanupPolicyInputs,
  BackupCleanupPolicyOutputs,
  BackupDestinationInputs,
  BackupDestinationOutputs,
  LogArchiveInputs,
  LogArchiveOutputs,
} from "../../provider/types.generated";
import { fastEmulator, sleep, stopEmulator } from "../support/provider";

type Provider = { check(o: Record<string, unknown>, n: Record<string, unknown>): Promise<{ inputs?: unknown; failures?: { property: string; reason: string }[] }> };

async function inputs<T>(p: Provider, news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<T> {
  const r = await p.check(olds, news);
  assert.deepStrictEqual(r.failures, []);
  return r.inputs as T;
}

/** Inputs check() refuses for their tenant name (issue 17): its reason, and the inputs for a create that skips check. */
async function refused<T>(p: Provider, news: Record<string, unknown>, reason: RegExp): Promise<T> {
  const r = await p.check({}, news);
  assert.strictEqual(r.failures?.length, 1, JSON.stringify(r.failures));
  assert.match(r.failures[0].reason, reason);
  return r.inputs as T;
}

const adminStatements = (h: EmulatorHandle) =>
  h
    .statements()
    .filter((s) => /^ALTER SYSTEM/i.test(s.sql) && s.user !== "ops")
    .map((s) => `${s.tenant}: ${s.sql}${s.errno !== null ? ` -> ${s.errno}` : ""}`);

const MODES = [
  { label: "connected to sys", connection: undefined, tenant: "mysql_tenant", via: "sys", clause: " TENANT = mysql_tenant", schema: "oceanbase", duplicate: 1062 },
  { label: "as the MySQL-mode tenant admin", connection: "t1", tenant: "mysql_tenant", via: "mysql_tenant", clause: "", schema: "oceanbase", duplicate: 1062 },
  { label: "as the Oracle-mode SYS admin", connection: "ora", tenant: "oracle_tenant", via: "oracle_tenant", clause: "", schema: "SYS", duplicate: 1 },
];

async function outside(h: EmulatorHandle, sql: string): Promise<void> {
  // an operator's own login, so that the statements the provider sent can be told apart
  const c = await mysql.createConnection({ host: h.host, port: h.port, user: "ops@sys", password: "" });
  await c.query(sql);
  await c.end();
}

for (const m of MODES) {
  const base = { connection: m.connection, tenant: m.connection ? undefined : m.tenant };
  const viewRows = (h: EmulatorHandle, sql: string) => h.sql(sql.replace(/\$S/g, m.schema), m.tenant);

  describe(`BackupDestination ${m.label}`, function () {
    this.timeout(20000);
    let h: EmulatorHandle;
    beforeEach(async () => {
      h = await fastEmulator({ users: [{ tenant: "sys", user: "ops" }] });
    });
    afterEach(() => stopEmulator(h));

    it("sets, reads back, shows drift, restores it, and puts back the previous value on delete", async () => {
      const args = await inputs<BackupDestinationInputs>(destination, { ...base, uri: `file:///b/${m.tenant}/one` });
      const created = await destination.create(args);
      const outs = created.outs as BackupDestinationOutputs;
      assert.strictEqual(created.id, `${m.tenant}/data_backup_dest`);
      assert.deepStrictEqual([outs.tenant, outs.connectedTenant, outs.uri, outs.path, outs.previousUri], [m.tenant, m.via, `file:///b/${m.tenant}/one`, `file:///b/${m.tenant}/one`, ""]);
      assert.ok(outs.destId > 1000);
      // someone changes it outside Pulumi: refresh reports it, the next up restores it
      await outside(h, `ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///b/${m.tenant}/elsewhere' TENANT = ${m.tenant}`);
      const refreshed = (await destination.read(created.id, outs)).props as BackupDestinationOutputs;
      assert.strictEqual(refreshed.uri, `file:///b/${m.tenant}/elsewhere`);
      const d = await destination.diff(created.id, refreshed, args);
      assert.deepStrictEqual([d.changes, d.replaces], [true, []]);
      const restored = (await destination.update(created.id, refreshed, args)).outs as BackupDestinationOutputs;
      assert.strictEqual(restored.uri, `file:///b/${m.tenant}/one`);
      assert.deepStrictEqual(await destination.diff(created.id, restored, args), { changes: false, replaces: [], deleteBeforeReplace: true });
      await destination.delete(created.id, restored);
      assert.deepStrictEqual(viewRows(h, "SELECT VALUE FROM $S.DBA_OB_BACKUP_PARAMETER WHERE NAME = 'data_backup_dest'"), [{ VALUE: "" }]);
      assert.deepStrictEqual(adminStatements(h).filter((s) => s.startsWith(`${m.via}:`)), [
        `${m.via}: ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///b/${m.tenant}/one'${m.clause}`,
        `${m.via}: ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///b/${m.tenant}/one'${m.clause}`,
        `${m.via}: ALTER SYSTEM SET DATA_BACKUP_DEST = ''${m.clause}`,
      ]);
    });

    it("explains 9036 when a running backup blocks a change", async () => {
      const args = await inputs<BackupDestinationInputs>(destination, { ...base, uri: `file:///b/${m.tenant}/one` });
      const created = await destination.create(args);
      await outside(h, `ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///b/${m.tenant}/arch' TENANT = ${m.tenant}`);
      await outside(h, `ALTER SYSTEM ARCHIVELOG TENANT = ${m.tenant}`);
      await sleep(300);
      await outside(h, `ALTER SYSTEM BACKUP TENANT = ${m.tenant}`);
      await sleep(100);
      const moved = await inputs<BackupDestinationInputs>(destination, { ...base, uri: `file:///b/${m.tenant}/two` });
      await assert.rejects(
        destination.update(created.id, created.outs as BackupDestinationOutputs, moved),
        new RegExp(`tenant ${m.tenant} has a backup job \\(OceanBase refuses DATA_BACKUP_DEST changes while any job row exists, 9036\\)`),
      );
    });

    it("delete reads the value in force and puts the previous one back over its own only; with the previous value already back (a job running) it sends nothing; otherwise an error stands", async () => {
      const args = await inputs<BackupDestinationInputs>(destination, { ...base, uri: `file:///b/${m.tenant}/one` });
      const outs = (await destination.create(args)).outs as BackupDestinationOutputs;
      h.clearStatements();
      await destination.delete("d", outs);
      // one read (is this resource's destination still in force? issue 17), then the SET
      assert.deepStrictEqual(adminStatements(h), [`${m.via}: ALTER SYSTEM SET DATA_BACKUP_DEST = ''${m.clause}`]);
      assert.strictEqual(h.statements().filter((s) => /^SELECT/.test(s.sql) && s.user !== "ops").length, 1);

      // the previous value is back (put back outside), and a running backup makes every SET fail with 9036
      const again = (await destination.create(args)).outs as BackupDestinationOutputs;
      await outside(h, `ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///b/${m.tenant}/arch' TENANT = ${m.tenant}`);
      await outside(h, `ALTER SYSTEM ARCHIVELOG TENANT = ${m.tenant}`);
      await sleep(300);
      await outside(h, `ALTER SYSTEM BACKUP TENANT = ${m.tenant}`);
      await sleep(100);
      h.faults.failNext(/SET DATA_BACKUP_DEST/, { errno: 9036, message: "backup job is running, the operation is not allowed" }, 100);
      const wanted = { ...again, previousUri: `file:///b/${m.tenant}/one` };
      await destination.delete("d", wanted);
      // and with another value in force, the failure is the delete's
      await assert.rejects(destination.delete("d", { ...again, previousUri: `file:///b/${m.tenant}/other` }), /9036/);
      h.faults.clear();
    });
  });

  describe(`LogArchive ${m.label}`, function () {
    this.timeout(20000);
    let h: EmulatorHandle;
    beforeEach(async () => {
      h = await fastEmulator({ users: [{ tenant: "sys", user: "ops" }] });
    });
    afterEach(() => stopEmulator(h));

    it("sets the destination, turns archiving on, waits for DOING, defers, and stops on delete", async () => {
      const args = await inputs<LogArchiveInputs>(archive, { ...base, location: `file:///a/${m.tenant}`, pieceSwitchInterval: "2d", binding: "MANDATORY" });
      const created = await archive.create(args);
      const outs = created.outs as LogArchiveOutputs;
      assert.deepStrictEqual([outs.archiving, outs.roundStatus, outs.roundId, outs.binding, outs.pieceSwitchInterval, outs.destState], [true, "DOING", 1, "MANDATORY", "2d", "ENABLE"]);
      assert.match(outs.checkpointTime, /^\d{4}-\d\d-\d\dT/);
      const deferred = await inputs<LogArchiveInputs>(archive, { ...base, location: `file:///a/${m.tenant}`, pieceSwitchInterval: "2d", binding: "MANDATORY", destState: "DEFER" }, args as never);
      const d = await archive.diff(created.id, outs, deferred);
      assert.deepStrictEqual([d.changes, d.replaces], [true, []]);
      const u = (await archive.update(created.id, outs, deferred)).outs as LogArchiveOutputs;
      assert.strictEqual(u.destState, "DEFER");
      await sleep(800);
      const r = (await archive.read(created.id, u)).props as LogArchiveOutputs;
      assert.strictEqual(r.roundStatus, "SUSPEND");
      await archive.delete(created.id, r);
      const mode = m.schema === "SYS" ? "SYS" : "oceanbase";
      assert.deepStrictEqual(h.sql(`SELECT LOG_MODE FROM ${mode}.DBA_OB_TENANTS`, m.tenant), [{ LOG_MODE: "NOARCHIVELOG" }]);
      assert.deepStrictEqual(adminStatements(h).filter((s) => s.startsWith(`${m.via}:`)), [
        `${m.via}: ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///a/${m.tenant} BINDING=MANDATORY PIECE_SWITCH_INTERVAL=2d'${m.clause}`,
        `${m.via}: ALTER SYSTEM ARCHIVELOG${m.clause}`,
        `${m.via}: ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER'${m.clause}`,
        `${m.via}: ALTER SYSTEM NOARCHIVELOG${m.clause}`,
      ]);
    });

    it("is idempotent: creating over a tenant already archiving there sends nothing (no 9091)", async () => {
      await outside(h, `ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///a/${m.tenant} BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d' TENANT = ${m.tenant}`);
      await outside(h, `ALTER SYSTEM ARCHIVELOG TENANT = ${m.tenant}`);
      h.clearStatements();
      const outs = (await archive.create(await inputs<LogArchiveInputs>(archive, { ...base, location: `file:///a/${m.tenant}` }))).outs as LogArchiveOutputs;
      assert.strictEqual(outs.roundStatus, "DOING");
      assert.deepStrictEqual(adminStatements(h), []);
    });

    it("a destination change while archiving: refused at preview unless allowed; allowed, it restarts in the documented order", async () => {
      const args = await inputs<LogArchiveInputs>(archive, { ...base, location: `file:///a/${m.tenant}` });
      const created = await archive.create(args);
      const refused = await archive.check(args as never, { ...base, location: `file:///a/${m.tenant}-2` });
      assert.strictEqual(refused.failures?.[0].property, "location");
      assert.match(refused.failures?.[0].reason ?? "", /needs archiving stopped first \(OceanBase refuses it while a round runs\): set allowRestartForDestinationChange: true/);
      h.clearStatements();
      const moved = await inputs<LogArchiveInputs>(archive, { ...base, location: `file:///a/${m.tenant}-2`, allowRestartForDestinationChange: true }, args as never);
      const outs = (await archive.update(created.id, created.outs as LogArchiveOutputs, moved)).outs as LogArchiveOutputs;
      assert.deepStrictEqual([outs.path, outs.roundStatus, outs.roundId], [`file:///a/${m.tenant}-2`, "DOING", 2]);
      assert.deepStrictEqual(adminStatements(h), [
        `${m.via}: ALTER SYSTEM NOARCHIVELOG${m.clause}`,
        `${m.via}: ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///a/${m.tenant}-2 BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d'${m.clause}`,
        `${m.via}: ALTER SYSTEM ARCHIVELOG${m.clause}`,
      ]);
    });

    it("compares piece switch intervals as durations: 48h is 2d (as a real server shows it, reference §1.4), in check, diff and read", async () => {
      const location = `file:///a/${m.tenant}`;
      const args = await inputs<LogArchiveInputs>(archive, { ...base, location, pieceSwitchInterval: "48h" });
      const created = await archive.create(args);
      const outs = created.outs as LogArchiveOutputs;
      assert.strictEqual(outs.pieceSwitchInterval, "48h");
      // the server's own spelling: 2d on OceanBase (normalised), 48h on a server that keeps the text
      const shown = viewRows(h, "SELECT VALUE FROM $S.DBA_OB_ARCHIVE_DEST WHERE NAME = 'piece_switch_interval'");
      assert.ok(["2d", "48h"].includes(String(shown[0]?.VALUE)), JSON.stringify(shown));
      const r = (await archive.read(created.id, outs)).props as LogArchiveOutputs;
      assert.strictEqual(r.pieceSwitchInterval, "48h");
      for (const same of ["48h", "2d", "172800s"]) {
        // archiving is on: a real change would need allowRestartForDestinationChange; the same duration does not
        assert.deepStrictEqual((await archive.check(r as never, { ...base, location, pieceSwitchInterval: same })).failures, [], same);
        const n = await inputs<LogArchiveInputs>(archive, { ...base, location, pieceSwitchInterval: same }, args as never);
        assert.strictEqual((await archive.diff(created.id, r, n)).changes, false, same);
      }
      const three = await inputs<LogArchiveInputs>(archive, { ...base, location, pieceSwitchInterval: "3d", allowRestartForDestinationChange: true }, args as never);
      assert.strictEqual((await archive.diff(created.id, r, three)).changes, true);
      // respelled: nothing is sent, and the outputs take the new spelling
      h.clearStatements();
      const twoDays = await inputs<LogArchiveInputs>(archive, { ...base, location, pieceSwitchInterval: "2d" }, args as never);
      const u = (await archive.update(created.id, r, twoDays)).outs as LogArchiveOutputs;
      assert.strictEqual(u.pieceSwitchInterval, "2d");
      assert.deepStrictEqual(adminStatements(h), []);
    });

    it("reads the running round's PIECE_SWITCH_INTERVAL as a bigint in µs (reference §2.7): creating over it sends nothing", async () => {
      const location = `file:///a/${m.tenant}`;
      const args = await inputs<LogArchiveInputs>(archive, { ...base, location, pieceSwitchInterval: "48h" });
      await archive.create(args);
      const round = viewRows(h, "SELECT PIECE_SWITCH_INTERVAL FROM $S.DBA_OB_ARCHIVELOG WHERE DEST_NO = 0");
      assert.deepStrictEqual(round.map((r) => String(r.PIECE_SWITCH_INTERVAL)), ["172800000000"]);
      h.clearStatements();
      for (const same of ["2d", "48h"]) {
        const again = (await archive.create(await inputs<LogArchiveInputs>(archive, { ...base, location, pieceSwitchInterval: same }))).outs as LogArchiveOutputs;
        assert.deepStrictEqual([again.pieceSwitchInterval, again.roundStatus], [same, "DOING"]);
      }
      assert.deepStrictEqual(adminStatements(h), []);
      // another duration over a running round is a destination change, refused without allowRestartForDestinationChange
      await assert.rejects(
        archive.create(await inputs<LogArchiveInputs>(archive, { ...base, location, pieceSwitchInterval: "3d" })),
        new RegExp(`tenant ${m.tenant} is archiving \\(round 1 DOING\\) to another destination`),
      );
    });

    it("keeps a declared DEFER across a destination change (every SET LOG_ARCHIVE_DEST resets the state to ENABLE, reference §1.4)", async () => {
      const args = await inputs<LogArchiveInputs>(archive, { ...base, location: `file:///a/${m.tenant}`, destState: "DEFER", archiving: false });
      const created = await archive.create(args);
      assert.strictEqual((created.outs as LogArchiveOutputs).destState, "DEFER");
      h.clearStatements();
      const moved = await inputs<LogArchiveInputs>(archive, { ...base, location: `file:///a/${m.tenant}-2`, destState: "DEFER", archiving: false }, args as never);
      const u = (await archive.update(created.id, created.outs as LogArchiveOutputs, moved)).outs as LogArchiveOutputs;
      assert.deepStrictEqual([u.path, u.destState], [`file:///a/${m.tenant}-2`, "DEFER"]);
      assert.deepStrictEqual(viewRows(h, "SELECT VALUE FROM $S.DBA_OB_ARCHIVE_DEST WHERE NAME = 'state'"), [{ VALUE: "DEFER" }]);
      assert.deepStrictEqual(adminStatements(h), [
        `${m.via}: ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///a/${m.tenant}-2 BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d'${m.clause}`,
        `${m.via}: ALTER SYSTEM SET LOG_ARCHIVE_DEST_STATE = 'DEFER'${m.clause}`,
      ]);
      const r = (await archive.read(created.id, u)).props as LogArchiveOutputs;
      assert.strictEqual((await archive.diff(created.id, r, moved)).changes, false);
    });

    it("reports drift (archiving turned off outside Pulumi) and fails clearly when the round is INTERRUPTED", async () => {
      const args = await inputs<LogArchiveInputs>(archive, { ...base, location: `file:///a/${m.tenant}` });
      const created = await archive.create(args);
      await outside(h, `ALTER SYSTEM NOARCHIVELOG TENANT = ${m.tenant}`);
      await sleep(1200);
      const r = (await archive.read(created.id, created.outs as LogArchiveOutputs)).props as LogArchiveOutputs;
      assert.deepStrictEqual([r.archiving, r.roundStatus], [false, "STOP"]);
      assert.strictEqual((await archive.diff(created.id, r, args)).changes, true);
      const again = (await archive.update(created.id, r, args)).outs as LogArchiveOutputs;
      assert.deepStrictEqual([again.archiving, again.roundStatus], [true, "DOING"]);
      h.interruptArchive(m.tenant);
      await assert.rejects(archive.update(created.id, again, args), new RegExp(`log archiving of tenant ${m.tenant} is INTERRUPTED`));
    });
  });

  describe(`BackupCleanupPolicy ${m.label}`, function () {
    this.timeout(20000);
    let h: EmulatorHandle;
    beforeEach(async () => {
      h = await fastEmulator({ users: [{ tenant: "sys", user: "ops" }] });
    });
    afterEach(() => stopEmulator(h));

    it("compares recovery windows as durations: a policy of 168h set outside is the declared 7d, in apply, read and diff", async () => {
      await outside(h, `ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '168h' TENANT = ${m.tenant}`);
      h.clearStatements();
      const args = await inputs<BackupCleanupPolicyInputs>(cleanup, { ...base, recoveryWindow: "7d" });
      const created = await cleanup.create(args);
      // a create tries ADD alone first; its failure (the policy exists) brings the read, and 168h is 7d: no DROP
      assert.deepStrictEqual(adminStatements(h), [`${m.via}: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'${m.clause} -> ${m.duplicate}`]);
      const outs = created.outs as BackupCleanupPolicyOutputs;
      assert.deepStrictEqual([outs.enabled, outs.recoveryWindow], [true, "7d"]);
      const r = (await cleanup.read(created.id, outs)).props as BackupCleanupPolicyOutputs;
      assert.strictEqual(r.recoveryWindow, "7d");
      assert.strictEqual((await cleanup.diff(created.id, r, args)).changes, false);
      // a different duration set outside is drift, in the server's spelling
      await outside(h, `ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = ${m.tenant}`);
      await outside(h, `ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '36h' TENANT = ${m.tenant}`);
      const drift = (await cleanup.read(created.id, r)).props as BackupCleanupPolicyOutputs;
      assert.strictEqual(drift.recoveryWindow, "36h");
      assert.strictEqual((await cleanup.diff(created.id, drift, args)).changes, true);
    });

    it("adds, changes the window by DROP then ADD, restores a dropped policy, disables and deletes", async () => {
      const args = await inputs<BackupCleanupPolicyInputs>(cleanup, { ...base, recoveryWindow: "7d" });
      const created = await cleanup.create(args);
      const outs = created.outs as BackupCleanupPolicyOutputs;
      assert.deepStrictEqual([outs.enabled, outs.recoveryWindow, outs.policyName], [true, "7d", "default"]);
      // 168h is the same window: no diff, nothing sent
      const same = await inputs<BackupCleanupPolicyInputs>(cleanup, { ...base, recoveryWindow: "168h" });
      assert.strictEqual((await cleanup.diff(created.id, outs, same)).changes, false);
      const three = await inputs<BackupCleanupPolicyInputs>(cleanup, { ...base, recoveryWindow: "3d" });
      const changed = (await cleanup.update(created.id, outs, three)).outs as BackupCleanupPolicyOutputs;
      assert.strictEqual(changed.recoveryWindow, "3d");
      await outside(h, `ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = ${m.tenant}`);
      const drift = (await cleanup.read(created.id, changed)).props as BackupCleanupPolicyOutputs;
      assert.strictEqual(drift.enabled, false);
      assert.strictEqual((await cleanup.diff(created.id, drift, three)).changes, true);
      const back = (await cleanup.update(created.id, drift, three)).outs as BackupCleanupPolicyOutputs;
      assert.strictEqual(back.enabled, true);
      const off = await inputs<BackupCleanupPolicyInputs>(cleanup, { ...base, recoveryWindow: "3d", enabled: false, cancelRunningCleanupOnDisable: true });
      const disabled = (await cleanup.update(created.id, back, off)).outs as BackupCleanupPolicyOutputs;
      assert.strictEqual(disabled.enabled, false);
      await cleanup.delete(created.id, disabled);
      assert.deepStrictEqual(adminStatements(h).filter((s) => s.startsWith(`${m.via}:`)), [
        `${m.via}: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'${m.clause}`,
        `${m.via}: ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'${m.clause}`,
        `${m.via}: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '3d'${m.clause}`,
        `${m.via}: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '3d'${m.clause}`,
        `${m.via}: ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'${m.clause}`,
        `${m.via}: ALTER SYSTEM CANCEL DELETE BACKUP${m.clause}`,
        // delete: DROP needs no read first (dropping a missing policy is OK, table 4.2 #27)
        `${m.via}: ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'${m.clause}`,
        `${m.via}: ALTER SYSTEM CANCEL DELETE BACKUP${m.clause}`,
      ]);
    });

    it("a create sends ADD alone; over a policy with another window it adopts it by DROP then ADD; any other ADD failure stands", async () => {
      const args = await inputs<BackupCleanupPolicyInputs>(cleanup, { ...base, recoveryWindow: "7d" });
      h.clearStatements();
      const first = await cleanup.create(args);
      assert.deepStrictEqual(
        // this emulator is new to the provider: its once-per-settings session setup is not the create's
        h.statements().filter((s) => s.user !== "ops" && !/^(SET time_zone|SELECT @@ob_compatibility_mode|SELECT TENANT_ID, TENANT_NAME)/.test(s.sql)).map((s) => s.sql),
        [`ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'${m.clause}`],
      );
      assert.deepStrictEqual([(first.outs as BackupCleanupPolicyOutputs).enabled, (first.outs as BackupCleanupPolicyOutputs).recoveryWindow], [true, "7d"]);

      await outside(h, `ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = ${m.tenant}`);
      await outside(h, `ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '3d' TENANT = ${m.tenant}`);
      h.clearStatements();
      const adopted = (await cleanup.create(args)).outs as BackupCleanupPolicyOutputs;
      assert.deepStrictEqual(adminStatements(h), [
        `${m.via}: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'${m.clause} -> ${m.duplicate}`,
        `${m.via}: ALTER SYSTEM DROP DELETE BACKUP POLICY 'default'${m.clause}`,
        `${m.via}: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d'${m.clause}`,
      ]);
      assert.strictEqual(adopted.recoveryWindow, "7d");
      assert.strictEqual(viewRows(h, `SELECT RECOVERY_WINDOW FROM $S.DBA_OB_BACKUP_DELETE_POLICY`)[0]?.RECOVERY_WINDOW, "7d");

      // no policy, and ADD fails for a reason of its own: that error is the create's, named as OceanBase gave it
      await outside(h, `ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = ${m.tenant}`);
      h.faults.failNext(/ADD DELETE BACKUP POLICY/, { errno: 4016, message: "Internal error" });
      await assert.rejects(cleanup.create(args), (e: Error) => /Internal error/.test(e.message) && /4016|-4016/.test(e.message));
      assert.strictEqual(viewRows(h, `SELECT COUNT(*) AS N FROM $S.DBA_OB_BACKUP_DELETE_POLICY`)[0]?.N, "0");
    });
  });
}

describe("policy resources: bad inputs and targeting", () => {
  const cases: [string, Provider, Record<string, unknown>, string, RegExp][] = [
    ["a URI that is no URI", destination, { uri: "backup-bucket/x" }, "uri", /must be a destination URI: file:\/\/\/absolute\/path, oss:/],
    ["a relative file path", destination, { uri: "file://relative/x" }, "uri", /a file:\/\/ destination needs an absolute path/],
    ["an oss URI without keys", destination, { uri: "oss://bucket/x?host=h" }, "uri", /a oss:\/\/ destination needs access_id, access_key/],
    ["an s3 URI without region", destination, { uri: "s3://b/x?host=h&access_id=a&access_key=k" }, "uri", /needs s3_region/],
    ["a URI with a quote", destination, { uri: "file:///x'; DROP" }, "uri", /must (be a destination URI|not contain quotes)/],
    ["a missing URI", destination, {}, "uri", /is required/],
    ["a bad tenant name", destination, { uri: "file:///x", tenant: "a b" }, "tenant", /must match|tenant/],
    ["a bad onDelete", destination, { uri: "file:///x", onDelete: "wipe" }, "onDelete", /must be one of "restore", "keep"/],
    ["a piece switch interval of 12h", archive, { location: "file:///a", pieceSwitchInterval: "12h" }, "pieceSwitchInterval", /must be a whole number of days from 1d to 7d/],
    ["a piece switch interval of 8d", archive, { location: "file:///a", pieceSwitchInterval: "8d" }, "pieceSwitchInterval", /must be a whole number of days from 1d to 7d/],
    // OceanBase would store 36h as 1d (reference §1.4): refused rather than silently truncated
    ["a piece switch interval of 36h", archive, { location: "file:///a", pieceSwitchInterval: "36h" }, "pieceSwitchInterval", /whole number of days .*truncating \(36h would be 1d\)/],
    ["a binding of maybe", archive, { location: "file:///a", binding: "maybe" }, "binding", /must be one of "OPTIONAL", "MANDATORY"/],
    ["a recovery window of 1w", cleanup, { recoveryWindow: "1w" }, "recoveryWindow", /must be a time in OceanBase's grammar/],
    ["a recovery window of -1d", cleanup, { recoveryWindow: "-1d" }, "recoveryWindow", /must be a time in OceanBase's grammar/],
    ["a recovery window with a space", cleanup, { recoveryWindow: "7 d" }, "recoveryWindow", /must be a time in OceanBase's grammar/],
  ];
  for (const [label, p, news, property, reason] of cases) {
    it(`rejects ${label} (${property})`, async () => {
      const f = (await p.check({}, news)).failures ?? [];
      const hit = f.find((x) => x.property === property);
      assert.ok(hit, JSON.stringify(f));
      assert.match(hit.reason, reason);
      assert.ok(!/DROP/.test(hit.reason), "the value is not echoed");
    });
  }

  it("accepts OceanBase's time grammar: 0, 7d, 36h, 0x10s, 30m", async () => {
    for (const w of ["0", "7d", "36h", "0x10s", "30m", "90S"]) assert.deepStrictEqual((await cleanup.check({}, { recoveryWindow: w })).failures, [], w);
  });

  describe("targeting", function () {
    this.timeout(20000);
    let h: EmulatorHandle;
    before(async () => {
      h = await fastEmulator();
    });
    after(() => stopEmulator(h));

    it("connected to sys, the tenant must be named; a tenant admin cannot configure another tenant", async () => {
      await assert.rejects(destination.create(await inputs(destination, { uri: "file:///x" })), /connected to sys, so tenant must name the tenant to configure/);
      await assert.rejects(
        cleanup.create(await refused(cleanup, { connection: "t1", tenant: "oracle_tenant", recoveryWindow: "1d" }, /which can only configure or back up itself, but names oracle_tenant/)),
        /connected to tenant mysql_tenant, which can only configure itself, but tenant is oracle_tenant/,
      );
      await assert.rejects(archive.create(await refused(archive, { tenant: "nosuch", location: "file:///a/x" }, /^no user tenant named nosuch/)), /no user tenant named nosuch/);
    });

    it("tenant names are case-sensitive (reference §0.1): the wrong case is refused at the lookup, naming the tenants", async () => {
      h.clearStatements();
      await assert.rejects(
        destination.create(await refused(destination, { tenant: "MYSQL_TENANT", uri: "file:///x" }, /it is spelled mysql_tenant/)),
        /setting the data backup destination of MYSQL_TENANT: no user tenant named MYSQL_TENANT in root@sys at [^:]+:\d+: tenant names are case-sensitive, and it is spelled mysql_tenant \(tenants: mysql_tenant, oracle_tenant\)/,
      );
      await assert.rejects(
        cleanup.create(await refused(cleanup, { connection: "t1", tenant: "Mysql_Tenant", recoveryWindow: "1d" }, /write mysql_tenant/)),
        /connected to tenant mysql_tenant, but tenant is Mysql_Tenant: tenant names are case-sensitive, write mysql_tenant/,
      );
      assert.deepStrictEqual(h.statements().filter((s) => /^ALTER SYSTEM/i.test(s.sql)), []);
      // outputs carry the server's spelling; writing it in another case later is an update (never a replace,
      // which would delete first), and the update's lookup says what is wrong
      const args = await inputs<BackupCleanupPolicyInputs>(cleanup, { tenant: "mysql_tenant", recoveryWindow: "1d" });
      const created = await cleanup.create(args);
      const outs = created.outs as BackupCleanupPolicyOutputs;
      assert.strictEqual(outs.tenant, "mysql_tenant");
      const shouted = await refused<BackupCleanupPolicyInputs>(cleanup, { tenant: "MYSQL_TENANT", recoveryWindow: "1d" }, /it is spelled mysql_tenant/);
      assert.deepStrictEqual(await cleanup.diff(created.id, outs, shouted), { changes: true, replaces: [], deleteBeforeReplace: true });
      await assert.rejects(cleanup.update(created.id, outs, shouted), /no user tenant named MYSQL_TENANT .*it is spelled mysql_tenant/);
      // another tenant altogether still replaces
      const other = await inputs<BackupCleanupPolicyInputs>(cleanup, { tenant: "oracle_tenant", recoveryWindow: "1d" });
      assert.deepStrictEqual((await cleanup.diff(created.id, outs, other)).replaces, ["tenant"]);
      await cleanup.delete(created.id, outs);
    });
  });
});
