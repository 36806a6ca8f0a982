// The resource options users put on these resources, through the engine stand-in as `pulumi up` and
// `pulumi destroy` treat them: parent components (URNs), protect, ignoreChanges, dependsOn (delete order),
// replaceOnChanges with deleteBeforeReplace, retainOnDelete.

import assert = require("assert");
import { EmulatorHandle } from "../../emulator";
import { fastEmulator, stopEmulator } from "../support/provider";
import { alters, emulatorConfig, engineFor, installExamples, ok, ops, optionsFixture } from "../support/projects";

describe("engine stand-in: resource options", function () {
  this.timeout(300000);
  let h: EmulatorHandle;
  before(async function () {
    this.timeout(600000);
    await installExamples();
    h = await fastEmulator();
  });
  after(() => stopEmulator(h));

  it("parent, protect, ignoreChanges, dependsOn, replaceOnChanges + deleteBeforeReplace, retainOnDelete", async () => {
    const e = engineFor(optionsFixture(), emulatorConfig(h));
    const up = ok(await e.up());
    assert.deepStrictEqual(ops(up), ["create", "create"]);
    const byName = (n: string) => e.resources().find((r) => r.name === n)!;
    // a child's URN carries its parent component's type
    assert.strictEqual(byName("dest").urn, "urn:pulumi:emulator::engine-options::test:index:Group$pulumi-nodejs:dynamic/oceanbase:BackupDestination::dest");
    assert.strictEqual(byName("dest").parent, byName("group").urn);
    assert.strictEqual(byName("dest").protect, true);
    assert.ok(byName("cleanup").dependencies.includes(byName("dest").urn), "dependsOn recorded");

    // a new window: an update, as under the CLI, although the program asks replaceOnChanges for it (the option
    // matches only keys a provider reports changed, and Pulumi's dynamic-provider host reports none); the update
    // drops the old policy, then adds the new one. A new uri is ignored (ignoreChanges): nothing is sent for it
    e.setConfig({ window: "3d", uri: "file:///options/elsewhere", ignoreUri: "true" });
    let from = h.statements().length;
    const replaced = ok(await e.up());
    assert.deepStrictEqual(
      replaced.steps.filter((s) => s.type.startsWith("pulumi-nodejs")).map((s) => `${s.op} ${s.name}${s.detail ? ` (${s.detail})` : ""}`),
      ["same dest", "update cleanup"],
    );
    assert.deepStrictEqual(alters(h, from), [
      "sys: ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = mysql_tenant",
      "sys: ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '3d' TENANT = mysql_tenant",
    ]);
    assert.strictEqual(replaced.outputs.path, "file:///options/data", "the ignored uri kept its old value");

    // destroy: the protected destination stays, and so does its parent; its dependent is deleted first
    from = h.statements().length;
    const blocked = await e.destroy();
    assert.match(blocked.errors.join("\n"), /cannot delete urn:pulumi:emulator::engine-options::.*::dest: the resource is protected/);
    assert.deepStrictEqual(ops(blocked), ["delete", "delete"], "the protected one's delete begins, then is refused, as under the CLI");
    assert.deepStrictEqual(alters(h, from), ["sys: ALTER SYSTEM DROP DELETE BACKUP POLICY 'default' TENANT = mysql_tenant"]);
    assert.deepStrictEqual(e.resources().map((r) => r.name).sort(), ["dest", "engine-options-emulator", "group"]);

    // unprotect; keep the cleanup policy when it leaves the program (retainOnDelete), then drop it from the program
    e.setConfig({ protect: "false", retain: "true" });
    ok(await e.up());
    assert.strictEqual(byName("dest").protect, false);
    e.setConfig({ cleanup: "off" });
    from = h.statements().length;
    const removed = ok(await e.up());
    assert.deepStrictEqual(
      removed.steps.filter((s) => s.type.startsWith("pulumi-nodejs")).map((s) => `${s.op} ${s.name}${s.detail ? ` (${s.detail})` : ""}`),
      ["same dest", "delete cleanup (retained)"],
    );
    assert.ok(!alters(h, from).some((s) => /DELETE BACKUP POLICY/.test(s)), "a retained resource is not deleted");
    assert.deepStrictEqual(h.sql("SELECT RECOVERY_WINDOW FROM oceanbase.CDB_OB_BACKUP_DELETE_POLICY WHERE TENANT_ID = 1002"), [{ RECOVERY_WINDOW: "3d" }]);
    const destroyed = ok(await e.destroy());
    assert.deepStrictEqual(destroyed.steps.map((s) => s.name), ["dest", "group", "engine-options-emulator"]);
    assert.deepStrictEqual(e.resources(), []);
  });
});
