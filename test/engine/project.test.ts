// Pulumi projects as the CLI reads them: every directory with a Pulumi.yaml runs its own program (never the
// library's entry point), and config comes from Pulumi.yaml, then Pulumi.<stack>.yaml with secrets decrypted.

import assert = require("assert");
import fs = require("fs");
import os = require("os");
import path = require("path");
import { loadProject, setStackConfig } from "../../engine/project";
import { root } from "../support/projects";

/** The program Pulumi's loader (cmd/run) runs for a project: Pulumi.yaml's main, else the nearest package.json's entry. */
function programOf(dir: string): string {
  const p = loadProject(dir, "emulator");
  if (p.main !== ".") return path.resolve(dir, p.main);
  for (let d = dir; ; d = path.dirname(d)) {
    const pkgFile = path.join(d, "package.json");
    if (fs.existsSync(pkgFile)) {
      const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string; exports?: unknown };
      const exp = typeof pkg.exports === "string" ? pkg.exports : undefined;
      return path.resolve(d, exp ?? pkg.main ?? "index.js");
    }
    if (path.dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}

describe("engine stand-in: projects", () => {
  it("no directory with a Pulumi.yaml runs the library's own entry point as its program", () => {
    const projects = [root, ...fs.readdirSync(path.join(root, "examples")).map((e) => path.join(root, "examples", e)), path.join(__dirname, "options-project")].filter((d) =>
      fs.existsSync(path.join(d, "Pulumi.yaml")),
    );
    assert.ok(projects.length >= 6, projects.join(", "));
    const library = path.join(root, "dist/sdk/index.js");
    for (const d of projects) {
      const program = programOf(d);
      assert.notStrictEqual(program, library, d);
      assert.ok(fs.existsSync(program), `${d}: its program ${program} exists`);
      if (d !== root) assert.ok(fs.existsSync(path.join(d, "package.json")) && fs.existsSync(path.join(d, "tsconfig.json")), `${d} is a standalone project`);
    }
    assert.strictEqual(programOf(root), path.join(root, "examples/demo/index.ts"), "the top-level Pulumi.yaml runs the demo");
  });

  it("reads project config, then the stack's (namespaced keys, JSON for objects, secure values decrypted)", () => {
    process.env.PULUMI_CONFIG_PASSPHRASE ??= "test-passphrase";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ob-project-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      "name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nconfig:\n  region: { default: one }\n  oceanbase:port: 2881\n",
    );
    fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), "config:\n  p:list: [1, 2]\n  oceanbase:port: '2883'\n");
    setStackConfig(dir, "s", "oceanbase:password", "Secret-Pw-5", true);
    setStackConfig(dir, "s", "mode", "fast", false);
    assert.ok(!fs.readFileSync(path.join(dir, "Pulumi.s.yaml"), "utf8").includes("Secret-Pw-5"));
    const p = loadProject(dir, "s");
    assert.deepStrictEqual(p.config, { "p:region": "one", "oceanbase:port": "2883", "p:list": "[1,2]", "oceanbase:password": "Secret-Pw-5", "p:mode": "fast" });
    assert.deepStrictEqual(p.secretKeys, ["oceanbase:password"]);
    assert.strictEqual(p.typescript, false);
    assert.strictEqual(p.main, ".");
    const saved = process.env.PULUMI_CONFIG_PASSPHRASE;
    process.env.PULUMI_CONFIG_PASSPHRASE = "another";
    try {
      assert.throws(() => loadProject(dir, "s"), /PULUMI_CONFIG_PASSPHRASE is not the passphrase this stack was created with/);
    } finally {
      process.env.PULUMI_CONFIG_PASSPHRASE = saved;
    }
  });
});
