// Test support for programs run as `pulumi up` runs them (engine/): each example installed in its own
// directory as its README says, a throwaway state file, and the emulator's address in the stack config.

import fs = require("fs");
import os = require("os");
import path = require("path");
import type { EmulatorHandle } from "../../emulator";
import { LocalEngine, RunResult } from "../../engine";
import { npmInstall } from "../../engine/install";

export const root = path.resolve(__dirname, "../..");
export const exampleDir = (name: string) => path.join(root, "examples", name);
export const EXAMPLES = ["cancel-backup", "tenant-policy", "pipeline", "restore-drill", "demo"];

// stack secrets and state are encrypted with it; the tests assert that no secret reaches a file in plaintext
process.env.PULUMI_CONFIG_PASSPHRASE ??= "test-passphrase";

let installed: Promise<void> | undefined;
/** `npm install` in every example (once per test process; skipped when already current). */
export function installExamples(): Promise<void> {
  // side by side: mostly waiting on npm's cache and the registry
  installed ??= Promise.all(EXAMPLES.map((e) => npmInstall(exampleDir(e)))).then(() => undefined);
  return installed;
}

export const tmpState = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ob-engine-")), "state.json");

export function emulatorConfig(h: EmulatorHandle, extra: Record<string, string> = {}): Record<string, string> {
  return { "oceanbase:host": h.host, "oceanbase:port": String(h.port), ...extra };
}

/** A copy of an example to run commands in (its stack file pointed at the emulator's port), node_modules linked. */
export function copyOfExample(name: string, port: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ob-cli-${name}-`));
  for (const f of fs.readdirSync(exampleDir(name))) {
    if (f === "node_modules" || f === ".pulumi-local" || /^Pulumi\.cli-/.test(f)) continue;
    fs.copyFileSync(path.join(exampleDir(name), f), path.join(dir, f));
  }
  fs.symlinkSync(path.join(exampleDir(name), "node_modules"), path.join(dir, "node_modules"), "dir");
  const stackFile = path.join(dir, "Pulumi.emulator.yaml");
  fs.writeFileSync(stackFile, fs.readFileSync(stackFile, "utf8").replace('oceanbase:port: "2881"', `oceanbase:port: "${port}"`));
  return dir;
}

export function engineFor(dir: string, config: Record<string, string>, secretKeys: string[] = [], stateFile = tmpState()): LocalEngine {
  return new LocalEngine({ dir, stack: "emulator", stateFile, config, secretKeys });
}

/** The ALTER SYSTEM statements the emulator received since `from`, marker keys folded. */
export const alters = (h: EmulatorHandle, from = 0) =>
  h
    .statements()
    .slice(from)
    .filter((s) => /^ALTER SYSTEM/.test(s.sql))
    .map((s) => `${s.tenant}: ${s.sql.replace(/\[pulumi:[0-9a-f]+\]/, "[pulumi:KEY]")}`);

export const ops = (r: RunResult) => r.steps.filter((s) => s.type.startsWith("pulumi-nodejs")).map((s) => s.op);

/** Fails mysql_tenant's backup job with -9080 as soon as it appears: a backup that fails after it was started. */
export async function failJobOnceStarted(h: EmulatorHandle): Promise<void> {
  const deadline = Date.now() + 60000;
  // a running one: an earlier job may still sit in JOBS, finished, until it moves to history
  while (h.sql("SELECT JOB_ID FROM oceanbase.CDB_OB_BACKUP_JOBS WHERE TENANT_ID = 1002 AND STATUS IN ('INIT', 'DOING')").length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  h.failJob("mysql_tenant", undefined, -9080);
}

/** A run that must succeed; on failure the assertion shows what a person would have seen. */
export function ok(r: RunResult): RunResult {
  if (r.errors.length || r.exitCode !== 0) throw new Error(`run failed (exit ${r.exitCode}):\n${r.output.join("\n")}`);
  return r;
}

/** A test project of test/engine (e.g. options-project) in a scratch directory, resolving packages through an installed example. */
export function fixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ob-${name}-`));
  const from = path.join(root, "test/engine", name);
  for (const f of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"]) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  fs.symlinkSync(path.join(exampleDir("cancel-backup"), "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** The resource-options fixture (test/engine/options-project). */
export const optionsFixture = () => fixture("options-project");
