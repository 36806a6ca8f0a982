// Each example's README steps, exactly as written, under the real Pulumi CLI: copied from the README's sh block
// and run in bash in a fresh copy of the checkout (as a fresh clone has it), with `pulumi` on PATH and a throwaway
// HOME, so `pulumi login --local` and the state stay in the test's own directory. The emulator the steps start
// (`npm run emulator -- --port 2881 &`) prints every statement it receives into the same stream as bash's trace of
// each command, so the statements each command sent are read from the output in order.

import assert = require("assert");
import fs = require("fs");
import path = require("path");
import { root } from "../support/projects";
import { cliSandbox, copyCheckout, readmeSteps, requireCli, runShell } from "../support/pulumi-cli";

const STEPS_HEADING = /Run it against the emulator|Step by step/;

interface Segment {
  command: string;
  lines: string[];
}

/** The output cut at each traced `pulumi …` command: what that command printed and what the emulator received. */
function segments(output: string): Segment[] {
  const out: Segment[] = [{ command: "(setup)", lines: [] }];
  for (const line of output.split("\n")) {
    const traced = /^\+ (pulumi .*)$/.exec(line);
    if (traced) out.push({ command: traced[1], lines: [] });
    else out[out.length - 1].lines.push(line);
  }
  return out;
}

/** Statements that change something, as the emulator logged them ("<time> [tenant] ALTER SYSTEM …"). */
// the CLI's progress dots may precede a line on the same row; statements the server refused are not changes
const alters = (s: Segment) =>
  s.lines
    .map((l) => /(?:^|\.)\d{4}-\d\d-\d\dT\S+Z \[(\w+)\] (ALTER SYSTEM.*)$/.exec(l))
    .filter((m) => m !== null && !/ {2}-> ERROR \d+: /.test(m[2]))
    .map((m) => `${m![1]}: ${m![2].replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")}`);

async function runReadme(example: string): Promise<Segment[]> {
  const steps = readmeSteps(path.join(root, "examples", example, "README.md"), STEPS_HEADING);
  const sandbox = cliSandbox();
  const checkout = path.join(sandbox.dir, "checkout");
  await copyCheckout(root, checkout);
  // -x traces each command; one stream keeps the trace and the emulator's log in the order they happened
  const run = await runShell(`exec 2>&1\nset -x\n${steps}`, checkout, { ...sandbox.env, OCEANBASE_POLL_INTERVAL_MS: "200" }, 900000);
  assert.strictEqual(run.code, 0, `the README's steps failed:\n${run.output.slice(-6000)}`);
  fs.rmSync(sandbox.dir, { recursive: true, force: true });
  return segments(run.output);
}

const find = (segs: Segment[], command: RegExp, nth = 0) => {
  const s = segs.filter((x) => command.test(x.command))[nth];
  assert.ok(s, `no command matching ${command} (#${nth}) in: ${segs.map((x) => x.command).join(" | ")}`);
  return s;
};
const text = (s: Segment) => s.lines.join("\n");

describe("each example's README steps, as written, under the real Pulumi CLI", function () {
  this.timeout(900000);

  it("tenant-policy: up sets destination, cleanup policy and archiving for both tenants; the second up sends nothing; destroy turns archiving off", async function () {
    requireCli(this);
    const segs = await runReadme("tenant-policy");
    const up = find(segs, /^pulumi up/);
    assert.deepStrictEqual(alters(up).sort(), [
      "sys: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '3d' TENANT = oracle_tenant",
      "sys: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '7d' TENANT = mysql_tenant",
      "sys: ALTER SYSTEM ARCHIVELOG TENANT = mysql_tenant",
      "sys: ALTER SYSTEM ARCHIVELOG TENANT = oracle_tenant",
      "sys: ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/mysql_tenant/data' TENANT = mysql_tenant",
      "sys: ALTER SYSTEM SET DATA_BACKUP_DEST = 'file:///backup/oracle_tenant/data' TENANT = oracle_tenant",
      "sys: ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/mysql_tenant/archive BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d' TENANT = mysql_tenant",
      "sys: ALTER SYSTEM SET LOG_ARCHIVE_DEST = 'LOCATION=file:///backup/oracle_tenant/archive BINDING=OPTIONAL PIECE_SWITCH_INTERVAL=1d' TENANT = oracle_tenant",
    ]);
    assert.match(text(up), /"mysql_tenant: DOING"[\s\S]*"oracle_tenant: DOING"/);
    assert.match(text(up), /\+ 9 created/);
    const again = find(segs, /^pulumi up/, 1);
    assert.deepStrictEqual(alters(again), [], "nothing to change");
    assert.match(text(again), /9 unchanged/);
    const destroy = find(segs, /^pulumi destroy/);
    assert.ok(alters(destroy).includes("sys: ALTER SYSTEM NOARCHIVELOG TENANT = mysql_tenant"), text(destroy));
    assert.match(text(destroy), /- 9 deleted/);
  });

  it("cancel-backup: a backup from sys for one tenant, a preview of the flip that sends nothing, the cancel, refresh, destroy", async function () {
    requireCli(this);
    const segs = await runReadme("cancel-backup");
    const backup = find(segs, /^pulumi up/, 1);
    assert.deepStrictEqual(alters(backup), ["sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'cancel-backup example (sys-tenant) [pulumi:KEY]'"]);
    assert.match(text(backup), /jobStatus: "RUNNING"/);
    const preview = find(segs, /^pulumi preview/);
    assert.deepStrictEqual(alters(preview), [], "a preview sends no statement that changes anything");
    assert.match(text(preview), /~ 1 to update/);
    const cancel = find(segs, /^pulumi up/, 2);
    assert.deepStrictEqual(alters(cancel), ["sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"]);
    assert.match(text(cancel), /jobStatus: "RUNNING" => "CANCELED"/);
    assert.match(text(find(segs, /^pulumi refresh/)), /CANCELED/);
    const destroy = find(segs, /^pulumi destroy/);
    assert.deepStrictEqual(alters(destroy), [], "deleting a cancelled job sends nothing");
  });

  it("pipeline: preview sends nothing; up waits for the encrypted backup; the next release's backup; destroy", async function () {
    requireCli(this);
    const segs = await runReadme("pipeline");
    assert.deepStrictEqual(alters(find(segs, /^pulumi preview/)), []);
    const up = find(segs, /^pulumi up/);
    assert.match(text(up), /backupStatus\s*: "COMPLETED"/);
    assert.ok(up.lines.some((l) => l.endsWith("SET ENCRYPTION ON IDENTIFIED BY '***' ONLY")), "the backup password is applied, masked in the log");
    assert.ok(!segs.some((s) => text(s).includes("Backup-Pw-1") && !s.command.includes("config set")), "the backup password is printed nowhere but the command that sets it");
    const next = find(segs, /^pulumi up/, 1);
    assert.match(text(next), /backupStatus\s*: "COMPLETED"/);
    assert.strictEqual(alters(next).filter((a) => /ALTER SYSTEM BACKUP/.test(a)).length, 1, "one new backup for the new release");
    // the optional drill: the backup restored into a scratch tenant, with the backup's password, masked
    const drill = find(segs, /^pulumi up/, 2);
    assert.match(text(drill), /drillStatus\s*: (?:"not asked \(restoreDrill\)" => )?"SUCCESS"/);
    assert.deepStrictEqual(alters(drill).filter((a) => /RESTORE/.test(a)).map((a) => a.replace(/ DESCRIPTION.*/, "")), [
      "sys: ALTER SYSTEM RESTORE mysql_tenant_drill FROM 'file:///backup/mysql_tenant/data,file:///backup/mysql_tenant/archive' WITH 'pool_list=mysql_tenant_drill_restore_pool'",
    ]);
    assert.ok(drill.lines.some((l) => /SET DECRYPTION IDENTIFIED BY '\*\*\*'$/.test(l)), "the decryption password is applied, masked in the log");
    assert.ok(!segs.some((s) => text(s).includes("Backup-Pw-1") && !s.command.includes("config set")), "the backup password is printed nowhere but the command that sets it");
    assert.match(text(find(segs, /^pulumi destroy/)), /DROP TENANT mysql_tenant_drill FORCE/);
  });

  it("restore-drill: preview sends nothing; up backs up and restores into the scratch tenant, SUCCESS; it answers its admin; destroy drops it", async function () {
    requireCli(this);
    const segs = await runReadme("restore-drill");
    assert.deepStrictEqual(alters(find(segs, /^pulumi preview/)), []);
    const up = find(segs, /^pulumi up/);
    assert.match(text(up), /restoreStatus\s*: "SUCCESS"/);
    assert.match(text(up), /restoredTenant\s*: "mysql_tenant_drill \(TENANT_ID \d+, NORMAL, PRIMARY\)"/);
    assert.deepStrictEqual(alters(up).filter((a) => /RESTORE|ACTIVATE/.test(a)).map((a) => a.replace(/ DESCRIPTION.*/, "")), [
      "sys: ALTER SYSTEM RESTORE mysql_tenant_drill FROM 'file:///backup/mysql_tenant/data,file:///backup/mysql_tenant/archive' WITH 'pool_list=mysql_tenant_drill_restore_pool'",
      "sys: ALTER SYSTEM ACTIVATE STANDBY TENANT = mysql_tenant_drill",
    ]);
    assert.match(text(find(segs, /^pulumi stack output scratchAnswers/)), /logged in to mysql_tenant_drill/);
    const destroy = find(segs, /^pulumi destroy/);
    assert.match(text(destroy), /DROP TENANT mysql_tenant_drill FORCE/);
    assert.match(text(destroy), /DROP RESOURCE POOL IF EXISTS mysql_tenant_drill_restore_pool/);
  });

  it("demo: up, the flip to cancelled, refresh, destroy", async function () {
    requireCli(this);
    const segs = await runReadme("demo");
    assert.match(text(find(segs, /^pulumi up/)), /backupStatus\s*: "RUNNING"/);
    const flip = find(segs, /^pulumi up/, 1);
    assert.deepStrictEqual(alters(flip), ["sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant"]);
    assert.match(text(flip), /backupStatus\s*: "RUNNING" => "CANCELED"/);
  });
});
