// `pulumi-standin`, the CLI of the engine stand-in: the commands an example's README uses, run as written
// (stack init, config set [--secret], preview, up, refresh, destroy, stack output) in a copy of cancel-backup.

import assert = require("assert");
import fs = require("fs");
import os = require("os");
import path = require("path");
import yaml = require("js-yaml");
import { EmulatorHandle } from "../../emulator";
import { main } from "../../engine/cli";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";
import { alters, copyOfExample, exampleDir, installExamples } from "../support/projects";

/** The example in a scratch directory (its node_modules linked), pointed at this emulator's port. */
/** The `pulumi …` lines of the README's first sh block, each split into words the way the shell would. */
function readmeCommands(name: string): string[][] {
  const readme = fs.readFileSync(path.join(exampleDir(name), "README.md"), "utf8");
  const block = /```sh\n([\s\S]*?)```/.exec(readme)![1];
  return block
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l.startsWith("pulumi "))
    .map((l) => [...l.slice("pulumi ".length).matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]));
}

describe("pulumi-standin (the engine stand-in's CLI)", function () {
  this.timeout(300000);
  let h: EmulatorHandle;
  let ready: number;
  before(async function () {
    this.timeout(600000);
    await installExamples();
    h = await fastEmulator({ backupDurationMs: 180000 });
    await readyTenant(h, "mysql_tenant");
    ready = h.statements().length;
  });
  after(() => stopEmulator(h));

  it("runs cancel-backup's README steps as written: backup from sys for one tenant, a preview that sends nothing, the cancel, refresh, destroy", async () => {
    const dir = copyOfExample("cancel-backup", h.port);
    const commands = readmeCommands("cancel-backup");
    assert.deepStrictEqual(commands.map((c) => c[0]), ["login", "stack", "config", "up", "config", "preview", "up", "refresh", "destroy"]);
    const printed: string[][] = [];
    for (const words of commands) {
      const lines: string[] = [];
      const from = h.statements().length;
      const code = await main([...words, "--cwd", dir], (l) => lines.push(l));
      assert.strictEqual(code, 0, `pulumi ${words.join(" ")}:\n${lines.join("\n")}`);
      if (words[0] === "preview") assert.deepStrictEqual(h.statements().slice(from), [], "a preview sends no statement");
      printed.push(lines);
    }
    assert.deepStrictEqual(alters(h, ready), [
      "sys: ALTER SYSTEM BACKUP TENANT = mysql_tenant DESCRIPTION 'cancel-backup example (sys-tenant) [pulumi:KEY]'",
      "sys: ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant",
    ]);
    assert.ok(printed[6].some((l) => l.includes('jobStatus: "CANCELED"')), printed[6].join("\n"));
    const stack = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.emulator.yaml"), "utf8")) as { config: Record<string, unknown> };
    assert.strictEqual(stack.config["oceanbase-cancel-backup:mode"], "sys-tenant");
    assert.strictEqual(stack.config["oceanbase-cancel-backup:jobState"], "cancelled");
  });

  it("config set --secret keeps the value encrypted in the stack file and hands the program the plaintext", async () => {
    const dir = copyOfExample("cancel-backup", h.port);
    const noop = () => undefined;
    assert.strictEqual(await main(["stack", "init", "emulator", "--cwd", dir], noop), 0);
    assert.strictEqual(await main(["config", "set", "--secret", "oceanbase:password", "Not-In-Any-File-1", "--cwd", dir], noop), 0);
    const text = fs.readFileSync(path.join(dir, "Pulumi.emulator.yaml"), "utf8");
    assert.ok(!text.includes("Not-In-Any-File-1"));
    assert.match(text, /oceanbase:password:\n\s+secure: v1:/);
    assert.match(text, /^encryptionsalt: v1:/m);
    // the emulator's sys password is empty: a wrong one proves the program and provider got the decrypted value
    const lines: string[] = [];
    assert.strictEqual(await main(["up", "--yes", "--cwd", dir], (l) => lines.push(l)), 1);
    assert.match(lines.join("\n"), /access denied for .*check oceanbase:user and oceanbase:password/i);
    assert.ok(!lines.join("\n").includes("Not-In-Any-File-1"), "the password is not printed");
    const state = fs.readdirSync(path.join(dir, ".pulumi-local")).map((f) => fs.readFileSync(path.join(dir, ".pulumi-local", f), "utf8")).join("\n");
    assert.ok(!state.includes("Not-In-Any-File-1"));
  });
});
