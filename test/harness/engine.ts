// A small stand-in for the Pulumi engine: runs a program with the real Node SDK runtime (its resource
// monitor replaced, the way pulumi.runtime.setMocks does), and sends each dynamic resource to the real
// dynamic-provider host over gRPC as `pulumi up` would: Check, then Diff, then Create / Update / replace, with
// the serialized provider and the engine's secret handling. See README.md for what it leaves out.

import fs = require("fs");
import Module = require("module");
import path = require("path");
import * as pulumi from "@pulumi/pulumi";
import { HostError, ProviderHost } from "./host";
import { isSecretWire, Props, SECRET_SIG, SIG, StackState, StateResource, UNKNOWN, unwrapSecrets } from "./state";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const settings = require("@pulumi/pulumi/runtime/settings");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));

const root = path.resolve(__dirname, "../..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));

export type Op = "create" | "update" | "replace" | "same" | "delete" | "refresh" | "read-gone";

export interface Step {
  op: Op;
  urn: string;
  type: string;
  name: string;
  detail?: string;
}

export interface RunResult {
  steps: Step[];
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  errors: string[];
}

const emptyResult = (): RunResult => ({ steps: [], outputs: {}, secretOutputs: [], errors: [] });

export interface HarnessOptions {
  /** directory with Pulumi.yaml (its `main`, default index.ts, is the program) and Pulumi.<stack>.yaml */
  programDir: string;
  stateFile: string;
  stack?: string;
  /** stack config, "namespace:key" → value (the example's Pulumi.<stack>.yaml is read first) */
  config?: Record<string, string>;
  /** config keys that are secrets */
  secretKeys?: string[];
  passphrase?: string;
}

/** The dynamic type token's schema outputs and secrets: "pulumi-nodejs:dynamic/oceanbase:BackupJob" → spec. */
function specOf(type: string): { outputs: string[]; secrets: string[] } {
  const t = type.split(":").pop();
  for (const r of Object.values(schema.resources) as any[]) {
    if (r.language?.["x-dynamic"]?.type === t) {
      return { outputs: Object.keys(r.properties), secrets: Object.entries(r.properties).filter(([, p]: any) => p.secret).map(([k]) => k) };
    }
  }
  return { outputs: [], secrets: [] };
}

function readYamlMap(file: string, section?: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  const out: Record<string, string> = {};
  let inSection = section === undefined;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (section === undefined && /^\s/.test(line)) continue; // top-level keys only
    if (section !== undefined && /^\S/.test(line)) inSection = line.trim() === `${section}:`;
    const m = /^\s*([A-Za-z0-9_.:-]+):\s*(.*?)\s*$/.exec(line);
    if (!inSection || !m || (section !== undefined && !/^\s/.test(line)) || m[2] === "") continue;
    out[m[1]] = m[2].replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
  }
  return out;
}

let aliasInstalled = false;
/** Programs import "pulumi-oceanbase-backup"; in this repository that is sdk/index.ts. */
function installPackageAlias(): void {
  if (aliasInstalled) return;
  aliasInstalled = true;
  const M = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === "pulumi-oceanbase-backup") return path.join(root, "sdk/index.ts");
    return original.call(this, request, ...rest);
  };
}

export class Harness {
  readonly project: string;
  readonly stack: string;
  config: Record<string, string>;
  readonly secretKeys: Set<string>;
  private readonly state: StackState;

  private constructor(
    private readonly opts: HarnessOptions,
    readonly host: ProviderHost,
  ) {
    const yaml = readYamlMap(path.join(opts.programDir, "Pulumi.yaml"));
    this.project = yaml.name ?? "program";
    this.stack = opts.stack ?? "emulator";
    this.config = { ...readYamlMap(path.join(opts.programDir, `Pulumi.${this.stack}.yaml`), "config"), ...(opts.config ?? {}) };
    this.secretKeys = new Set(opts.secretKeys ?? []);
    this.state = new StackState(opts.stateFile, opts.passphrase ?? process.env.PULUMI_CONFIG_PASSPHRASE ?? "harness-passphrase");
  }

  static async open(opts: HarnessOptions): Promise<Harness> {
    const h = new Harness(opts, await ProviderHost.start(root, "harness"));
    await h.host.configure(h.config);
    return h;
  }

  /** The engine sends the provider the whole stack config, namespaces kept, on every run. */
  async setConfig(values: Record<string, string>): Promise<void> {
    this.config = { ...this.config, ...values };
    await this.host.configure(this.config);
  }

  resources(): StateResource[] {
    return this.state.resources.map((r) => ({ ...r }));
  }

  async close(): Promise<void> {
    await this.host.stop();
  }

  async up(): Promise<RunResult> {
    return this.run(false);
  }

  async preview(): Promise<RunResult> {
    return this.run(true);
  }

  /** Read every resource; an empty id means it is gone. */
  async refresh(): Promise<RunResult> {
    const result = emptyResult();
    for (const r of this.state.resources.filter((x) => x.custom)) {
      try {
        const read = await this.host.read(r.urn, r.id, r.outputs, r.inputs);
        if (!read.id) {
          this.state.remove(r.urn);
          result.steps.push({ op: "read-gone", urn: r.urn, type: r.type, name: r.name });
          continue;
        }
        this.state.put({ ...r, id: read.id, outputs: read.outs, inputs: read.inputs ?? r.inputs });
        result.steps.push({ op: "refresh", urn: r.urn, type: r.type, name: r.name });
      } catch (e) {
        result.errors.push(`${r.name}: ${(e as Error).message}`);
      }
    }
    this.state.save();
    return result;
  }

  async destroy(): Promise<RunResult> {
    const result = emptyResult();
    await this.deleteAll(this.state.resources, result);
    this.state.save();
    return result;
  }

  /** Deletes resources newest first, recording each step or error. */
  private async deleteAll(resources: StateResource[], result: RunResult): Promise<void> {
    for (const r of [...resources].reverse()) {
      try {
        if (r.custom) await this.host.delete(r.urn, r.id, r.outputs);
        this.state.remove(r.urn);
        result.steps.push({ op: "delete", urn: r.urn, type: r.type, name: r.name });
      } catch (e) {
        result.errors.push(`${r.name}: ${(e as Error).message}`);
      }
    }
  }

  private async run(preview: boolean): Promise<RunResult> {
    const result = emptyResult();
    const seen = new Set<string>();
    await pulumi.runtime.setMocks({ newResource: async () => ({ id: "", state: {} }), call: async (a) => a.inputs }, this.project, this.stack, preview);
    pulumi.runtime.setAllConfig(this.config, [...this.secretKeys]);
    const monitor = settings.getMonitor();
    monitor.registerResource = (req: any, callback: (err: unknown, resp?: unknown) => void) => {
      this.register(monitor, req, preview, seen, result).then(
        (resp) => callback(null, resp),
        (err) => {
          result.errors.push((err as Error).message);
          callback(err);
        },
      );
    };
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on("unhandledRejection", onRejection);
    try {
      installPackageAlias();
      const yaml = readYamlMap(path.join(this.opts.programDir, "Pulumi.yaml"));
      const main = path.resolve(this.opts.programDir, yaml.main ?? "index.ts");
      const mainDir = path.dirname(main);
      for (const k of Object.keys(require.cache)) if (k.startsWith(mainDir + path.sep)) delete require.cache[k];
      const exported = require(main) as Record<string, unknown>;
      await settings.waitForRPCs();
      // a failed resource's outputs never settle; like the engine, report no stack outputs then
      for (const [k, v] of result.errors.length ? [] : Object.entries(exported)) {
        if (pulumi.Output.isInstance(v)) {
          const o = v as pulumi.Output<unknown>;
          if (await pulumi.isSecret(o)) result.secretOutputs.push(k);
          // during preview an output may be unknown: its apply never runs
          const known = await (o as unknown as { isKnown: Promise<boolean> }).isKnown;
          result.outputs[k] = known ? await new Promise((resolve) => o.apply(resolve)) : "<computed>";
        } else result.outputs[k] = v;
      }
      await settings.waitForRPCs();
    } catch (e) {
      result.errors.push((e as Error).message);
    } finally {
      await new Promise((r) => setTimeout(r, 10));
      process.off("unhandledRejection", onRejection);
    }
    for (const e of rejections) if (!result.errors.includes((e as Error)?.message)) result.errors.push(String((e as Error)?.message ?? e));
    if (!preview && result.errors.length === 0) {
      // resources the program no longer declares are deleted, newest first
      await this.deleteAll(this.state.resources.filter((r) => !seen.has(r.urn)), result);
    }
    if (!preview) this.state.save();
    return result;
  }

  private async register(monitor: any, req: any, preview: boolean, seen: Set<string>, result: RunResult): Promise<unknown> {
    const type: string = req.getType();
    const name: string = req.getName();
    const urn: string = monitor.newUrn(req.getParent(), type, name);
    seen.add(urn);
    const respond = (id: string, wire: Props) => {
      monitor.resources.set(urn, { urn, id, state: wire });
      const resp = new resproto.RegisterResourceResponse();
      resp.setUrn(urn);
      resp.setId(id);
      resp.setObject(structproto.Struct.fromJavaScript(wire));
      return resp;
    };
    if (!req.getCustom()) {
      if (!preview) this.state.put({ urn, type, name, custom: false, parent: req.getParent(), id: "", inputs: {}, outputs: {}, secretKeys: [] });
      return respond("", {});
    }
    const wireInputs: Props = req.getObject()?.toJavaScript() ?? {};
    const secretInputs = Object.keys(wireInputs).filter((k) => isSecretWire(wireInputs[k]));
    const spec = specOf(type);
    // secrets by input name (annotateSecrets), plus additionalSecretOutputs
    const secretKeys = [...new Set([...secretInputs, ...req.getAdditionalsecretoutputsList(), ...spec.secrets])].filter((k) => k !== "__provider");
    const news = unwrapSecrets(wireInputs) as Props;
    const old = this.state.get(urn);
    const checked = await this.host.check(urn, old?.inputs ?? {}, news);
    if (checked.failures.length) {
      throw new Error(`${name}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const inputs = checked.inputs;
    const wrap = (outs: Props): Props =>
      Object.fromEntries(Object.entries(outs).map(([k, v]) => [k, secretKeys.includes(k) && v !== UNKNOWN ? { [SIG]: SECRET_SIG, value: v } : v]));
    const record = (id: string, outs: Props, initErrors?: string[]) => {
      this.state.put({ urn, type, name, custom: true, parent: req.getParent(), id, inputs, outputs: outs, secretKeys, ...(initErrors ? { initErrors } : {}) });
    };
    const unknownOutputs = () => {
      const outs: Props = { ...inputs };
      for (const k of spec.outputs) if (outs[k] === undefined) outs[k] = UNKNOWN;
      return outs;
    };
    const step = (op: Op, detail?: string) => result.steps.push({ op, urn, type, name, ...(detail ? { detail } : {}) });
    const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        // created but failed to initialize: the resource is recorded, and the error still fails the run
        if (e instanceof HostError && e.initFailed) record(e.initFailed.id, e.initFailed.properties, e.initFailed.reasons);
        throw new Error(`${name}: ${(e as Error).message}`);
      }
    };

    if (!old) {
      step("create");
      if (preview) return respond("", wrap(unknownOutputs()));
      const r = await guarded(() => this.host.create(urn, inputs));
      record(r.id, r.outs);
      return respond(r.id, wrap(r.outs));
    }
    const d = await this.host.diff(urn, old.id, old.outputs, inputs);
    if (d.changes === "NONE" && !old.initErrors) {
      step("same");
      if (!preview) record(old.id, old.outputs);
      return respond(old.id, wrap(old.outputs));
    }
    if (d.replaces.length > 0) {
      step("replace", d.replaces.join(", "));
      if (preview) return respond(old.id, wrap(unknownOutputs()));
      if (d.deleteBeforeReplace) await guarded(() => this.host.delete(urn, old.id, old.outputs));
      const r = await guarded(() => this.host.create(urn, inputs));
      if (!d.deleteBeforeReplace) await guarded(() => this.host.delete(urn, old.id, old.outputs));
      record(r.id, r.outs);
      return respond(r.id, wrap(r.outs));
    }
    step("update");
    if (preview) return respond(old.id, wrap(unknownOutputs()));
    const outs = await guarded(() => this.host.update(urn, old.id, old.outputs, inputs));
    record(old.id, outs);
    return respond(old.id, wrap(outs));
  }
}
