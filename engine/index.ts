// A stand-in for the Pulumi CLI's engine, for machines without the CLI: `up`, `preview`, `refresh` and
// `destroy` of a Pulumi project directory. The program runs as `pulumi up` runs it (the project's own
// @pulumi/pulumi/cmd/run in a child process, talking gRPC to this engine), and dynamic resources go to Pulumi's
// real dynamic-provider host started in the program's directory. README.md says what of the engine it leaves out.

import path = require("path");
import { Deployment, Op, Step } from "./deployment";
import { MonitorServer, Severity } from "./monitor";
import { runProgram } from "./program";
import { loadProject, Project } from "./project";
import { ProviderHost } from "./provider-host";
import { passphrase } from "./secrets";
import { Props, SECRET_SIG, StackState, StateResource, UNKNOWN, unwrapSecrets } from "./state";

export type { Op, Step } from "./deployment";
export type { StateResource } from "./state";

export interface RunResult {
  steps: Step[];
  /** the stack's outputs (secrets in plaintext here, listed in secretOutputs; unknown ones as "<computed>") */
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  errors: string[];
  /** the program's exit code (0 for refresh and destroy, which run no program) */
  exitCode: number;
  /** everything a person watching `pulumi up` would see: steps, program and provider output, diagnostics */
  output: string[];
}

export interface EngineOptions {
  /** the project directory (Pulumi.yaml) */
  dir: string;
  /** default "emulator" */
  stack?: string;
  /** default <dir>/.pulumi-local/<stack>.json */
  stateFile?: string;
  /** config over the stack file's, "key" or "namespace:key" → value */
  config?: Record<string, string>;
  /** keys of `config` that are secrets */
  secretKeys?: string[];
  /** live output; default none */
  onLine?: (line: string) => void;
  /** benchmarks: when the provider host is spawned, ready (configured), and each Check is sent and answered */
  onTiming?: (event: TimingEvent, atMs: number) => void;
}

export type TimingEvent = "host-spawn" | "host-ready" | "check-sent" | "check-answered";

const SIGNS: Record<Op, string> = { create: "+", update: "~", replace: "+-", same: " ", delete: "-", refresh: "~", "read-gone": "-" };

export function describeStep(s: Step): string {
  return `  ${SIGNS[s.op]} ${s.op.padEnd(8)} ${s.type.split(":").pop()} ${s.name}${s.detail ? ` (${s.detail})` : ""}`;
}

/**
 * What `pulumi refresh` shows for a resource, as the CLI works it out: the diff an `up` of an unchanged program
 * would see right after (the provider's diff of what was read against the recorded inputs), named by the inputs
 * that the read changed. Undefined when nothing changed.
 */
async function refreshDiff(host: ProviderHost, r: StateResource, outs: Props, inputs: Props): Promise<string | undefined> {
  const d = await host.diff(r.urn, r.id, outs, r.inputs);
  if (d.changes !== "SOME") return undefined;
  const keys = [...new Set([...Object.keys(inputs), ...Object.keys(r.inputs)])].filter((k) => k !== "__provider" && JSON.stringify(inputs[k]) !== JSON.stringify(r.inputs[k]));
  return `diff: ${keys.map((k) => `~${k}`).join(",") || "outputs"}`;
}

export class LocalEngine {
  readonly dir: string;
  readonly stack: string;
  private readonly state: StackState;
  private overrides: Record<string, string>;
  private overrideSecrets: Set<string>;

  constructor(private readonly opts: EngineOptions) {
    this.dir = path.resolve(opts.dir);
    this.stack = opts.stack ?? "emulator";
    this.overrides = { ...(opts.config ?? {}) };
    this.overrideSecrets = new Set(opts.secretKeys ?? []);
    this.state = new StackState(opts.stateFile ?? path.join(this.dir, ".pulumi-local", `${this.stack}.json`), passphrase);
  }

  get stateFile(): string {
    return this.state.file;
  }

  /** Config over the stack file's for the runs that follow, as `pulumi config set` would. */
  setConfig(values: Record<string, string>, secret = false): void {
    Object.assign(this.overrides, values);
    for (const k of Object.keys(values)) if (secret) this.overrideSecrets.add(k);
  }

  resources(): StateResource[] {
    return this.state.resources.map((r) => ({ ...r }));
  }

  project(): Project {
    // before anything is sent: a resource created whose state cannot be written would be lost
    passphrase();
    const p = loadProject(this.dir, this.stack);
    for (const [k, v] of Object.entries(this.overrides)) {
      const key = k.includes(":") ? k : `${p.name}:${k}`;
      p.config[key] = v;
      if (this.overrideSecrets.has(k) && !p.secretKeys.includes(key)) p.secretKeys.push(key);
    }
    return p;
  }

  up(): Promise<RunResult> {
    return this.run(false);
  }

  preview(): Promise<RunResult> {
    return this.run(true);
  }

  /** Reads every resource from its provider, as `pulumi refresh` does (the program does not run). */
  async refresh(): Promise<RunResult> {
    return this.withoutProgram(async (_deployment, host, result) => {
      for (const r of this.state.resources.filter((x) => x.custom)) {
        try {
          const read = await (await host()).read(r.urn, r.id, r.outputs, r.inputs);
          if (!read.id) {
            this.state.remove(r.urn);
            result.step({ op: "read-gone", urn: r.urn, type: r.type, name: r.name });
          } else {
            const inputs = read.inputs ?? r.inputs;
            this.state.put({ ...r, id: read.id, outputs: read.outs, inputs });
            result.step({ op: "refresh", urn: r.urn, type: r.type, name: r.name, detail: await refreshDiff(await host(), r, read.outs, inputs) });
          }
          this.state.save();
        } catch (e) {
          result.error(`${r.type} ${r.name}: ${(e as Error).message}`);
        }
      }
    });
  }

  /** Deletes every resource, dependents first, as `pulumi destroy` does. */
  async destroy(): Promise<RunResult> {
    return this.withoutProgram((deployment) => deployment.deleteAll(this.state.resources));
  }

  private newResult(): RunResult & { step(s: Step): void; error(m: string): void; line(l: string): void } {
    const result: RunResult = { steps: [], outputs: {}, secretOutputs: [], errors: [], exitCode: 0, output: [] };
    const line = (l: string) => {
      result.output.push(l);
      this.opts.onLine?.(l);
    };
    return Object.assign(result, {
      line,
      step: (s: Step) => {
        result.steps.push(s);
        line(describeStep(s));
      },
      error: (m: string) => {
        result.errors.push(m);
        line(`error: ${m}`);
      },
    });
  }

  /** The provider host, started on first use and configured with the whole stack config, as the engine does. */
  private lazyHost(project: Project, line: (l: string) => void): { get: () => Promise<ProviderHost>; stop: () => Promise<void> } {
    let started: Promise<ProviderHost> | undefined;
    return {
      get: () =>
        (started ??= (async () => {
          this.opts.onTiming?.("host-spawn", performance.now());
          const host = await ProviderHost.start(project.dir, project.name, line);
          await host.configure(project.config);
          this.opts.onTiming?.("host-ready", performance.now());
          if (this.opts.onTiming) timeChecks(host, this.opts.onTiming);
          return host;
        })()),
      stop: async () => {
        if (started) await (await started.catch(() => undefined))?.stop();
      },
    };
  }

  private async withoutProgram(
    body: (d: Deployment, host: () => Promise<ProviderHost>, result: ReturnType<LocalEngine["newResult"]>) => Promise<void>,
  ): Promise<RunResult> {
    const result = this.newResult();
    const project = this.project();
    const host = this.lazyHost(project, result.line);
    const deployment = new Deployment(this.state, host.get, this.stack, project.name, false, result);
    try {
      await body(deployment, host.get, result);
    } finally {
      await host.stop();
      this.state.save();
    }
    return strip(result);
  }

  private async run(preview: boolean): Promise<RunResult> {
    const result = this.newResult();
    const project = this.project();
    const host = this.lazyHost(project, result.line);
    const deployment = new Deployment(this.state, host.get, this.stack, project.name, preview, result);
    // the host starts at the first resource that needs it, as the CLI starts a provider plugin: not while the
    // program loads, where the two would share the CPU
    let stackOutputs: Props | undefined;
    let stackUrn = "";
    const monitor = await MonitorServer.start({
      register: async (reg) => {
        const r = await deployment.register(reg);
        if (reg.type === "pulumi:pulumi:Stack") stackUrn = r.urn;
        return r;
      },
      registerOutputs: (urn, outputs) => {
        if (urn === stackUrn) stackOutputs = outputs;
      },
      log: (severity: Severity, message: string) => {
        // after a failed step the monitor answers UNAVAILABLE (monitor.ts) and the SDK closes its channel; what
        // the program then reports is that consequence, not a second error: the step's own was reported once
        if (severity === "error" && deployment.failed && /Resource monitor is terminating|Channel has been shut down/.test(message)) return;
        if (severity === "error") result.error(message);
        else if (severity !== "debug") result.line(`${severity}: ${message}`);
      },
    });
    try {
      result.exitCode = await runProgram({
        project,
        stack: this.stack,
        monitor: monitor.address,
        engine: monitor.address,
        preview,
        onLine: (_stream, l) => result.line(l),
      });
      if (result.exitCode !== 0 && result.errors.length === 0) result.error(`the program exited with code ${result.exitCode}`);
      if (result.exitCode === 0 && !deployment.failed) {
        if (!preview) await deployment.deleteAll(this.state.resources.filter((r) => !deployment.seen.has(r.urn)));
        else for (const r of this.state.resources.filter((x) => !deployment.seen.has(x.urn))) result.step({ op: "delete", urn: r.urn, type: r.type, name: r.name });
        if (stackOutputs) this.recordStackOutputs(stackUrn, stackOutputs, result, preview);
      }
    } finally {
      await monitor.stop();
      await host.stop();
      if (!preview) this.state.save();
    }
    if (deployment.failed && result.exitCode === 0) result.exitCode = 1;
    return strip(result);
  }

  private recordStackOutputs(urn: string, wire: Props, result: RunResult, preview: boolean): void {
    const secretKeys: string[] = [];
    const plain: Props = {};
    for (const [k, v] of Object.entries(wire)) {
      if (JSON.stringify(v).includes(SECRET_SIG)) secretKeys.push(k);
      plain[k] = showUnknowns(unwrapSecrets(v));
      result.outputs[k] = plain[k];
    }
    result.secretOutputs.push(...secretKeys);
    const stack = this.state.get(urn);
    if (stack && !preview) {
      this.state.put({ ...stack, outputs: plain, secretKeys });
      this.state.save();
    }
  }
}

/** Reports when each Check is sent and answered (the host's own method, wrapped on this instance only). */
function timeChecks(host: ProviderHost, onTiming: NonNullable<EngineOptions["onTiming"]>): void {
  const check = host.check.bind(host);
  host.check = async (...args) => {
    onTiming("check-sent", performance.now());
    const r = await check(...args);
    onTiming("check-answered", performance.now());
    return r;
  };
}

function showUnknowns(v: unknown): unknown {
  if (v === UNKNOWN) return "<computed>";
  if (Array.isArray(v)) return v.map(showUnknowns);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as Props).map(([k, x]) => [k, showUnknowns(x)]));
  return v;
}

function strip(r: RunResult): RunResult {
  return { steps: r.steps, outputs: r.outputs, secretOutputs: r.secretOutputs, errors: r.errors, exitCode: r.exitCode, output: r.output };
}
