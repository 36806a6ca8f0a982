// `pulumi-standin`: the Pulumi CLI's everyday commands for a machine without the CLI, on this package's engine
// stand-in. Run it in a project directory (Pulumi.yaml), as you would run `pulumi`.

import fs = require("fs");
import path = require("path");
import { LocalEngine } from "./index";
import { setStackConfig, stackFileOf } from "./project";

const USAGE = `usage: pulumi-standin <command> [options]

commands (as the Pulumi CLI's):
  login --local               accepted: the stand-in's state is always local (.pulumi-local in the project)
  stack init NAME             create the stack's Pulumi.NAME.yaml if missing and select it
  stack select NAME           select a stack
  stack output [NAME]         the last up's stack outputs (secrets shown as [secret])
  config set KEY VALUE        set stack config (--secret to encrypt it with PULUMI_CONFIG_PASSPHRASE)
  preview                     Check and Diff only: what up would do, with no change made
  up [--yes] [--skip-preview] preview first (a failed preview changes nothing), then apply the program's changes
  refresh [--yes]             read every resource's live state
  destroy [--yes]             delete every resource

options:
  -s, --stack NAME            the stack (default: the selected one, else "emulator")
  -C, --cwd DIR               the project directory (default: .)
  -c, --config KEY=VALUE      config for this run only (repeatable)

State lives in .pulumi-local/<stack>.json in the project, secrets encrypted with PULUMI_CONFIG_PASSPHRASE.`;

function parse(argv: string[]): { words: string[]; stack?: string; cwd: string; config: Record<string, string>; secret: boolean; skipPreview: boolean } {
  const out = { words: [] as string[], stack: undefined as string | undefined, cwd: ".", config: {} as Record<string, string>, secret: false, skipPreview: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "-s" || a === "--stack") out.stack = value();
    else if (a === "-C" || a === "--cwd") out.cwd = value();
    else if (a === "-c" || a === "--config") {
      const [k, ...v] = value().split("=");
      out.config[k] = v.join("=");
    } else if (a === "--secret") out.secret = true;
    else if (a === "--skip-preview") out.skipPreview = true;
    else if (a === "--yes" || a === "-y" || a === "--local" || a === "--non-interactive") continue;
    else if (a === "-h" || a === "--help") out.words.unshift("help");
    else if (a.startsWith("-")) throw new Error(`unknown option ${a}`);
    else out.words.push(a);
  }
  return out;
}

const selectedFile = (dir: string) => path.join(dir, ".pulumi-local", "selected-stack");

function selectStack(dir: string, name: string): void {
  fs.mkdirSync(path.dirname(selectedFile(dir)), { recursive: true });
  fs.writeFileSync(selectedFile(dir), `${name}\n`);
}

export async function main(argv: string[], print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const a = parse(argv);
  const dir = path.resolve(a.cwd);
  const stack = a.stack ?? (fs.existsSync(selectedFile(dir)) ? fs.readFileSync(selectedFile(dir), "utf8").trim() : "emulator");
  const [cmd, sub, ...rest] = a.words;
  if (!cmd || cmd === "help") {
    print(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === "login") {
    // the README's steps are the CLI's; this stand-in keeps every stack's state in the project already
    print(`Logged in to the stand-in's local state (${path.join(dir, ".pulumi-local")})`);
    return 0;
  }
  if (cmd === "stack" && (sub === "init" || sub === "select")) {
    const name = rest[0] ?? a.stack;
    if (!name) throw new Error(`stack ${sub} needs a NAME`);
    if (sub === "init" && !fs.existsSync(stackFileOf(dir, name))) fs.writeFileSync(stackFileOf(dir, name), "config: {}\n");
    if (sub === "select" && !fs.existsSync(stackFileOf(dir, name))) throw new Error(`no stack ${name} (${stackFileOf(dir, name)} is missing)`);
    selectStack(dir, name);
    print(`Current stack is ${name}`);
    return 0;
  }
  if (cmd === "config" && sub === "set") {
    const [key, value] = rest;
    if (key === undefined || value === undefined) throw new Error("config set needs KEY and VALUE");
    setStackConfig(dir, stack, key, value, a.secret);
    return 0;
  }
  const engine = new LocalEngine({ dir, stack, config: a.config, onLine: print });
  if (cmd === "stack" && sub === "output") {
    const stackRes = engine.resources().find((r) => r.type === "pulumi:pulumi:Stack");
    const outs = stackRes?.outputs ?? {};
    const shown = (k: string) => (stackRes?.secretKeys.includes(k) ? "[secret]" : JSON.stringify(outs[k]));
    if (rest[0]) print(shown(rest[0]));
    else for (const k of Object.keys(outs)) print(`${k}: ${shown(k)}`);
    return 0;
  }
  const run = { up: () => engine.up(), preview: () => engine.preview(), refresh: () => engine.refresh(), destroy: () => engine.destroy() }[cmd];
  if (!run) throw new Error(`unknown command ${cmd} (try --help)`);
  print(`${cmd === "preview" ? "Previewing update" : cmd === "up" ? "Updating" : cmd === "refresh" ? "Refreshing" : "Destroying"} (${stack}) in ${dir}`);
  if (cmd === "up" && !a.skipPreview) {
    // as `pulumi up` does: a preview first, so that a bad input or a misspelled tenant stops the run before any
    // resource changed
    print(`Previewing update (${stack}) in ${dir}`);
    const previewed = await engine.preview();
    if (previewed.errors.length || previewed.exitCode) {
      print(`${previewed.errors.length} error(s) in the preview; nothing was changed`);
      return 1;
    }
  }
  const result = await run();
  const outs = Object.entries(result.outputs);
  if (outs.length) {
    print("Outputs:");
    for (const [k, v] of outs) print(`    ${k}: ${result.secretOutputs.includes(k) ? "[secret]" : JSON.stringify(v)}`);
  }
  const counts = new Map<string, number>();
  for (const s of result.steps) counts.set(s.op, (counts.get(s.op) ?? 0) + 1);
  print(`Resources: ${[...counts].map(([op, n]) => `${n} ${op}`).join(", ") || "none"}`);
  if (result.errors.length) print(`${result.errors.length} error(s); see above`);
  return result.errors.length || result.exitCode ? 1 : 0;
}

export function runCli(): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exit(2);
    },
  );
}

if (require.main === module) runCli();
