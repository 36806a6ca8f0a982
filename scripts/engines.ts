// One face for the two engines a program can run under: the real Pulumi CLI (through Pulumi's own Automation
// API, `LocalWorkspace` on a project directory, so the program runs through the CLI's language host as
// `pulumi up` runs it) and our stand-in (`LocalEngine`). A differential test runs one scenario through both and
// compares what each step did; the demo runs under whichever is there.

import fs = require("fs");
import os = require("os");
import path = require("path");
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { LocalEngine, RunResult, Step } from "../engine";
import { offlineCliEnv } from "./pulumi-cli-paths";

export type Action = "up" | "preview" | "refresh" | "destroy";

export interface Outcome {
  /** `op name` per provider resource step, sorted: the order of parallel steps is not the engine's contract */
  ops: string[];
  /** the provider resources' steps in the order the engine began them, a replacement folded into one */
  steps: Step[];
  outputs: Record<string, unknown>;
  ok: boolean;
  errors: string[];
  /** what a person would have read */
  text: string;
}

export interface Engine {
  readonly kind: "pulumi" | "pulumi-standin";
  /** where the stack's state lives, for a person to look at */
  readonly stateLocation: string;
  run(action: Action): Promise<Outcome>;
  setConfig(values: Record<string, string>, secret?: boolean): Promise<void>;
  /** the stack's state as the engine stores it: for the plaintext-secret scan */
  stateText(): Promise<string>;
  /** removes what the run left (the state too, unless kept for a person to look at) */
  dispose(keepState?: boolean): Promise<void>;
}

const isProviderResource = (type: string) => type.startsWith("pulumi-nodejs");
const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** The CLI's replacement is three steps of one resource (create-replacement, replace, delete-replaced): one here. */
function foldSteps(steps: Step[]): Step[] {
  const byName = new Map<string, Step>();
  for (const s of steps) {
    const op: Step["op"] = /replace/.test(s.op) ? "replace" : s.op === "read-gone" ? "refresh" : s.op;
    if (byName.get(s.name)?.op !== "replace") byName.set(s.name, { ...s, op, detail: byName.get(s.name)?.detail ?? s.detail });
  }
  return [...byName.values()];
}

function outcome(steps: Step[], outputs: Record<string, unknown>, errors: string[], text: string): Outcome {
  const folded = foldSteps(steps.filter((s) => isProviderResource(s.type)));
  return { ops: folded.map((s) => `${s.op} ${s.name}`).sort(), steps: folded, outputs, ok: errors.length === 0, errors, text };
}

export class StandinEngine implements Engine {
  readonly kind = "pulumi-standin" as const;
  readonly stateLocation: string;
  private readonly engine: LocalEngine;
  constructor(dir: string, config: Record<string, string>, secretKeys: string[] = []) {
    this.stateLocation = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ob-standin-")), "state.json");
    this.engine = new LocalEngine({ dir, stack: "emulator", stateFile: this.stateLocation, config, secretKeys });
  }
  async run(action: Action): Promise<Outcome> {
    const r: RunResult = await this.engine[action]();
    const errors = r.errors.length ? r.errors : r.exitCode !== 0 ? [`the program exited with code ${r.exitCode}`] : [];
    return outcome(r.steps, r.outputs, errors, r.output.join("\n"));
  }
  async setConfig(values: Record<string, string>, secret = false): Promise<void> {
    this.engine.setConfig(values, secret);
  }
  async stateText(): Promise<string> {
    return fs.readFileSync(this.engine.stateFile, "utf8");
  }
  async dispose(keepState = false): Promise<void> {
    if (!keepState) fs.rmSync(path.dirname(this.engine.stateFile), { recursive: true, force: true });
  }
}

let stackCount = 0;

export class CliEngine implements Engine {
  readonly kind = "pulumi" as const;
  readonly stateLocation: string;
  private constructor(
    private readonly stack: Stack,
    private readonly sandbox: string,
    private readonly stackFile: string,
  ) {
    this.stateLocation = path.join(sandbox, "state");
  }

  /**
   * A new stack of the project in `dir`, run by the CLI in `cli` (a directory holding `pulumi` and its plugins),
   * on a throwaway local backend, its config set (secrets encrypted with the passphrase).
   */
  static async create(cli: string, dir: string, config: Record<string, string>, secretKeys: string[] = [], passphrase = "test-passphrase"): Promise<CliEngine> {
    // loaded when a CLI stack is made: the stand-in's users never pay for it
    const auto = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
    const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "ob-pulumi-"));
    const env = offlineCliEnv(cli, sandbox, passphrase);
    const envVars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    const pulumiCommand = await auto.PulumiCommand.get({ root: path.dirname(cli), skipVersionCheck: true });
    // a stack name of its own: its Pulumi.<stack>.yaml is written in the project and removed by dispose()
    const stackName = `cli-${process.pid}-${++stackCount}`;
    const stack = await auto.LocalWorkspace.createStack({ stackName, workDir: dir }, { envVars, pulumiCommand, pulumiHome: env.PULUMI_HOME });
    const e = new CliEngine(stack, sandbox, path.join(dir, `Pulumi.${stackName}.yaml`));
    // the stand-in runs the project's `emulator` stack: start from the same stack config (its plain values)
    const emulatorStack = path.join(dir, "Pulumi.emulator.yaml");
    if (fs.existsSync(emulatorStack)) {
      const yaml = require("js-yaml") as typeof import("js-yaml");
      const seeded = ((yaml.load(fs.readFileSync(emulatorStack, "utf8")) as { config?: Record<string, unknown> })?.config ?? {});
      const plain = Object.entries(seeded).filter((kv): kv is [string, string] => typeof kv[1] === "string");
      await stack.setAllConfig(Object.fromEntries(plain.map(([k, v]) => [k, { value: v }])));
    }
    await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v, secret: secretKeys.includes(k) }])));
    return e;
  }

  async run(action: Action): Promise<Outcome> {
    const events: EngineEvent[] = [];
    const printed: string[] = [];
    const opts = { onEvent: (e: EngineEvent) => events.push(e), onOutput: (l: string) => printed.push(l) };
    const errors: string[] = [];
    let outputs: Record<string, unknown> = {};
    try {
      if (action === "up") outputs = plainOutputs((await this.stack.up(opts)).outputs);
      else if (action === "preview") await this.stack.preview(opts);
      else if (action === "refresh") await this.stack.refresh(opts);
      else await this.stack.destroy(opts);
    } catch (e) {
      // the engine's diagnostics are what the CLI printed as errors; the command's own failure says no more
      const diagnostics = events.map((x) => x.diagnosticEvent).filter((d) => d !== undefined && d.severity === "error" && !d.ephemeral);
      errors.push(...(diagnostics.length ? diagnostics.map((d) => d!.message.trim()) : [e instanceof Error ? e.message : String(e)]));
      printed.push(e instanceof Error ? e.message : String(e));
    }
    if (action !== "up" || errors.length) outputs = plainOutputs(await this.stack.outputs());
    const steps = events
      .map((e) => e.resourcePreEvent?.metadata)
      .filter((m) => m !== undefined)
      .map((m) => ({ op: m!.op as Step["op"], urn: m!.urn, type: m!.type, name: nameOf(m!.urn), detail: m!.diffs?.length ? m!.diffs.join(", ") : undefined }));
    return outcome(steps, outputs, errors, printed.join(""));
  }

  async setConfig(values: Record<string, string>, secret = false): Promise<void> {
    await this.stack.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, secret }])));
  }

  async stateText(): Promise<string> {
    return JSON.stringify(await this.stack.exportStack());
  }

  async dispose(keepState = false): Promise<void> {
    fs.rmSync(this.stackFile, { force: true });
    if (!keepState) fs.rmSync(this.sandbox, { recursive: true, force: true });
  }
}

function plainOutputs(out: Record<string, { value: unknown }>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
}
