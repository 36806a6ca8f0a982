// Every statement the provider sends to an Oracle-mode tenant keeps to the dialect an Oracle-mode OceanBase
// accepts (reference §2.10): each resource's whole life and each lookup run as SYS@oracle_tenant, and what the
// emulator received is checked statement by statement. The checker is tested on statements that break it.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import * as job from "../../provider/backup-job";
import * as cleanup from "../../provider/backup-cleanup-policy";
import * as destination from "../../provider/backup-destination";
import * as archive from "../../provider/log-archive";
import * as lookups from "../../provider/lookups";
import { column } from "../../provider/sql";
import type {
  BackupCleanupPolicyOutputs,
  BackupDestinationOutputs,
  BackupJobOutputs,
  LogArchiveOutputs,
} from "../../provider/types.generated";
import { fastEmulator, sleep, stopEmulator } from "../support/provider";

/** String literals out of the way ('' escapes a quote; a backslash is an ordinary character in Oracle mode). */
const withoutStrings = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, "''");

/** Index of the parenthesis that closes the one at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) return i;
  }
  return s.length;
}

/** What §2.10 says an Oracle-mode tenant refuses (or reads differently), found in one statement. */
function dialectProblems(sql: string): string[] {
  const s = withoutStrings(sql);
  const u = s.toUpperCase();
  const out: string[] = [];
  if (/\bLIMIT\b/.test(u)) out.push("LIMIT (use FETCH FIRST n ROWS ONLY or ROWNUM)");
  if (s.includes("`")) out.push("a backtick");
  for (const q of s.match(/"[^"]*"/g) ?? []) if (!/^"[A-Z_][A-Z0-9_]*"$/.test(q)) out.push(`a double-quoted string ${q}`);
  for (const f of u.match(/\b(NOW|IFNULL|GROUP_CONCAT)\s*\(/g) ?? []) out.push(`MySQL-only ${f.replace(/\s*\($/, "")}()`);
  for (let i = u.indexOf("CONCAT("); i >= 0; i = u.indexOf("CONCAT(", i + 1)) {
    const open = i + "CONCAT".length;
    const inner = u.slice(open + 1, closing(u, open));
    let depth = 0;
    let commas = 0;
    for (const ch of inner) {
      if (ch === "(") depth++;
      else if (ch === ")") depth--;
      else if (ch === "," && depth === 0) commas++;
    }
    if (commas !== 1) out.push(`CONCAT with ${commas + 1} arguments`);
  }
  if (/^\s*SELECT\b/.test(u) && (u.match(/\bSELECT\b/g) ?? []).length > (u.match(/\bFROM\b/g) ?? []).length) out.push("a SELECT without FROM (use FROM DUAL)");
  if (/\b(FROM|JOIN)\s+[A-Z0-9_$.]+\s+AS\s+[A-Z_]/.test(u)) out.push("AS before a table alias");
  for (let i = u.indexOf("("); i >= 0; i = u.indexOf("(", i + 1)) {
    if (/\b(FROM|JOIN)\s*$/.test(u.slice(0, i)) && /^\)\s+AS\s+[A-Z_]/.test(u.slice(closing(u, i)))) out.push("AS before an inline view's alias");
  }
  if (/^\s*SELECT\b/.test(u) && /(?<!")\bCOMMENT\b(?!")/.test(u)) out.push("COMMENT unquoted (an Oracle reserved word)");
  for (const m of s.matchAll(/\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/gi)) {
    if (/[a-z]/.test(m[1])) out.push(`the alias ${m[1]}, which Oracle mode labels ${m[1].toUpperCase()}`);
  }
  return out;
}

describe("Oracle-mode dialect (reference §2.10)", () => {
  it("the checker finds each thing an Oracle-mode tenant refuses", () => {
    const bad: [string, RegExp][] = [
      ["SELECT JOB_ID FROM SYS.DBA_OB_BACKUP_JOBS ORDER BY JOB_ID DESC LIMIT 1", /LIMIT/],
      ["SELECT 1", /without FROM/],
      ["SELECT (SELECT 1) AS X FROM DUAL", /without FROM/],
      ["SELECT `JOB_ID` FROM SYS.DBA_OB_BACKUP_JOBS", /backtick/],
      ['SELECT JOB_ID FROM SYS.DBA_OB_BACKUP_JOBS WHERE DESCRIPTION = "x"', /double-quoted string "x"/],
      ["SELECT NOW() AS T FROM DUAL", /MySQL-only NOW/],
      ["SELECT IFNULL(RESULT, 0) AS R FROM SYS.DBA_OB_BACKUP_JOBS", /MySQL-only IFNULL/],
      ["SELECT GROUP_CONCAT(JOB_ID) AS G FROM SYS.DBA_OB_BACKUP_JOBS", /MySQL-only GROUP_CONCAT/],
      ["SELECT CONCAT('a', 'b', 'c') AS C FROM DUAL", /CONCAT with 3 arguments/],
      ["SELECT J.JOB_ID FROM SYS.DBA_OB_BACKUP_JOBS AS J", /AS before a table alias/],
      ["SELECT J.JOB_ID FROM (SELECT JOB_ID FROM SYS.DBA_OB_BACKUP_JOBS) AS J", /AS before an inline view's alias/],
      ["SELECT JOB_ID, COMMENT FROM SYS.DBA_OB_BACKUP_JOBS", /COMMENT unquoted/],
      ["SELECT COUNT(*) AS n FROM SYS.DBA_OB_BACKUP_JOBS", /the alias n, which Oracle mode labels N/],
    ];
    for (const [sql, problem] of bad) assert.match(dialectProblems(sql).join("; "), problem, sql);
    const good = [
      "SELECT @@ob_compatibility_mode AS COMPAT FROM DUAL",
      `SELECT J.*, COALESCE(T.X, 0) AS MBC FROM (SELECT JOB_ID, "COMMENT" FROM SYS.DBA_OB_BACKUP_JOBS) J LEFT JOIN SYS.DBA_OB_BACKUP_TASKS T ON T.JOB_ID = J.JOB_ID`,
      "SELECT CONCAT('a', CONCAT('b', 'c')) AS C FROM DUAL",
      "SELECT JOB_ID FROM SYS.DBA_OB_BACKUP_JOBS WHERE DESCRIPTION LIKE '%LIMIT 1 \"x\" `y` NOW()%' FETCH FIRST 1 ROWS ONLY",
      "ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///a BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d'",
    ];
    for (const sql of good) assert.deepStrictEqual(dialectProblems(sql), [], sql);
  });

  it("column(): Oracle reserved words are double-quoted in Oracle mode only, and only upper-case names pass", () => {
    assert.strictEqual(column("COMMENT", "oracle"), '"COMMENT"');
    assert.strictEqual(column("COMMENT", "mysql"), "COMMENT");
    assert.strictEqual(column("JOB_ID", "oracle"), "JOB_ID");
    assert.throws(() => column("job_id", "oracle"), /not an upper-case column name/);
    assert.throws(() => column('X" OR "1', "oracle"), /not an upper-case column name/);
  });

  describe("what the provider sends as SYS@oracle_tenant", function () {
    this.timeout(30000);
    let h: EmulatorHandle;
    before(async () => {
      h = await fastEmulator();
    });
    after(() => stopEmulator(h));

    it("every resource's whole life and every lookup keep to the dialect, and none fails", async () => {
      const ora = { connection: "ora" };
      const inputs = async (p: { check(o: Record<string, unknown>, n: Record<string, unknown>): Promise<{ inputs?: unknown }> }, news: Record<string, unknown>) =>
        (await p.check({}, { ...ora, ...news })).inputs as never;

      const d = await destination.create(await inputs(destination, { uri: "file:///b/ora/data" }));
      const dOuts = (await destination.read(d.id, d.outs as BackupDestinationOutputs)).props as BackupDestinationOutputs;

      const a = await archive.create(await inputs(archive, { location: "file:///b/ora/arch", pieceSwitchInterval: "2d" }));
      const aOuts = (await archive.read(a.id, a.outs as LogArchiveOutputs)).props as LogArchiveOutputs;

      const p = await cleanup.create(await inputs(cleanup, { recoveryWindow: "7d" }));
      const pOuts = (await cleanup.update(p.id, p.outs as BackupCleanupPolicyOutputs, await inputs(cleanup, { recoveryWindow: "3d" }))).outs as BackupCleanupPolicyOutputs;
      await cleanup.read(p.id, pOuts);

      const j = await job.create(await inputs(job, { description: "o'clock \\ backup", backupPassword: "Pa'ss\\1" }));
      const jOuts = j.outs as BackupJobOutputs;
      assert.strictEqual(jOuts.jobs.length, 1);
      await job.read(j.id, jOuts);
      const cancelled = (await job.update(j.id, jOuts, await inputs(job, { description: "o'clock \\ backup", backupPassword: "Pa'ss\\1", state: "cancelled" }))).outs as BackupJobOutputs;
      assert.strictEqual(cancelled.status, "CANCELED");
      await sleep(400);
      const again = await job.create(await inputs(job, { backupType: "INCREMENTAL", plusArchivelog: true, waitForCompletion: true }));
      assert.strictEqual((again.outs as BackupJobOutputs).status, "COMPLETED");
      await job.create(await inputs(job, { state: "cancelled" }));

      assert.ok((await lookups.backupJobs(ora)).length >= 2);
      assert.ok((await lookups.backupSets(ora)).length >= 1);
      assert.strictEqual((await lookups.archiveStatus(ora)).status, "DOING");

      await cleanup.delete(p.id, pOuts);
      await archive.delete(a.id, aOuts);
      await destination.delete(d.id, dOuts);

      const sent = h.statements().filter((s) => s.tenant === "oracle_tenant");
      assert.ok(sent.length > 30, `only ${sent.length} statements`);
      assert.ok(sent.some((s) => /"COMMENT"/.test(s.sql)), "the job columns were read");
      assert.deepStrictEqual(sent.filter((s) => s.errno !== null).map((s) => `${s.sql} -> ${s.errno} ${s.message}`), []);
      const problems = sent.flatMap((s) => dialectProblems(s.sql).map((p) => `${p}: ${s.sql}`));
      assert.deepStrictEqual(problems, []);
    });
  });
});
