// Test support for programs run under the real Pulumi CLI (`npm run pulumi-cli` builds it into .pulumi-cli/bin):
// an offline, throwaway environment per test (its own PULUMI_HOME, HOME and file backend, passphrase secrets, no
// update check, no plugin download), and the Automation API bound to that CLI for structured results.

import { spawn } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import type { Context } from "mocha";
import { findPulumiCli, offlineCliEnv } from "../../scripts/pulumi-cli-paths";

export const cliDir = findPulumiCli();
export const NO_CLI = "no Pulumi CLI: run `npm run pulumi-cli` (or put a release's pulumi on PATH)";

/** Skips the test, its reason in its title (the report shows it), when no CLI was built. */
export function requireCli(ctx: Context): string {
  if (!cliDir) {
    if (ctx.test) ctx.test.title += ` (skipped: ${NO_CLI})`;
    ctx.skip();
  }
  return cliDir!;
}

export interface CliSandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh PULUMI_HOME, HOME and local backend for one test. */
export function cliSandbox(passphrase = "test-passphrase"): CliSandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ob-pulumi-"));
  return { dir, env: offlineCliEnv(cliDir!, dir, passphrase) };
}

export interface ShellRun {
  code: number | null;
  output: string;
}

/**
 * Runs a script in bash as a person types it (errexit: the first failing command ends it), in its own process
 * group so that what it leaves in the background (`npm run emulator &`) is stopped with it.
 */
export function runShell(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ShellRun> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-e", "-c", script], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      output += `\n[test: killed after ${timeoutMs} ms]`;
      killGroup();
    }, timeoutMs);
    // what the script left in the background holds the output pipes open: stop it when bash itself exits
    let exitCode: number | null = null;
    child.on("exit", (code) => {
      exitCode = code;
      killGroup();
    });
    child.on("close", () => {
      clearTimeout(timer);
      resolve({ code: exitCode, output });
    });
  });
}

/** The fenced `sh` block under a README heading: the steps a person copies. */
export function readmeSteps(readme: string, heading: RegExp): string {
  const text = fs.readFileSync(readme, "utf8");
  const at = text.split("\n").findIndex((l) => /^#+ /.test(l) && heading.test(l));
  if (at < 0) throw new Error(`${readme}: no heading matching ${heading}`);
  const rest = text.split("\n").slice(at + 1).join("\n");
  const block = /```sh\n([\s\S]*?)```/.exec(rest);
  if (!block) throw new Error(`${readme}: no sh block after ${heading}`);
  return block[1];
}

/** The repository's files as a fresh clone has them (tracked and not ignored), copied into `to`. */
export async function copyCheckout(from: string, to: string): Promise<void> {
  const list = await new Promise<string>((resolve, reject) => {
    const git = spawn("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: from, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    git.stdout.on("data", (d: Buffer) => (out += d.toString()));
    git.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`git ls-files exited ${code}`))));
  });
  for (const f of list.split("\0").filter(Boolean)) {
    const src = path.join(from, f);
    if (!fs.existsSync(src)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.copyFileSync(src, path.join(to, f));
    fs.chmodSync(path.join(to, f), fs.statSync(src).mode);
  }
}
