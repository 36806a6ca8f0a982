// The provider as `pulumi up` runs it: Pulumi's real dynamic-provider host (engine/provider-host.ts) started in a
// project directory where `pulumi-oceanbase-backup` resolves, handed the serialized provider the SDK produces,
// configured with the stack config, and called over gRPC. Nothing of the provider runs in the bench's process,
// so no in-process cache can flatter a figure.

import path = require("path");
import * as pulumi from "@pulumi/pulumi";
import { npmInstall } from "../engine/install";
import { ProviderHost, Props } from "../engine/provider-host";

export type Module = "backup-job" | "backup-destination" | "backup-cleanup-policy" | "log-archive";

const TYPES: Record<Module, string> = {
  "backup-job": "BackupJob",
  "backup-destination": "BackupDestination",
  "backup-cleanup-policy": "BackupCleanupPolicy",
  "log-archive": "LogArchive",
};

/** A standalone example project: its own node_modules, `pulumi-oceanbase-backup` linked to this checkout. */
export const projectDir = path.resolve(__dirname, "..", "examples", "cancel-backup");

/** The text dynamic.Resource puts in `__provider`: the SDK's (built) provider stub, serialized as Pulumi does. */
async function serializedProvider(module: Module): Promise<string> {
  // the built SDK, as a program would import it: tsx's transpiled source could serialize differently
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { providerRef } = require(path.resolve(__dirname, "..", "dist", "sdk", "provider-ref")) as typeof import("../sdk/provider-ref");
  const provider = providerRef(module);
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

export interface HostOptions {
  /** stack config, "oceanbase:key" → value */
  config: Record<string, string>;
  /** extra environment for the host process (e.g. a preload through NODE_OPTIONS) */
  env?: Record<string, string>;
}

/** What bench/host-timing.js writes to the host's stderr for each call of the provider's functions. */
const TIMING = /^bench-timing \w+ ([\d.]+)$/;
/** …and for each gRPC handler of Pulumi's host, arrival to answer. */
const HANDLER_TIMING = /^bench-timing-handler \w+ ([\d.]+) \S+$/;

/** Cumulative ms inside the host's process: in the provider's functions, and in the host's handlers around them. */
export interface HostTimes {
  provider: number;
  handler: number;
}

export class BenchHost {
  private names = 0;
  /** ms spent inside the provider's functions in the host's process, all calls so far (host-timing.js) */
  private providerMs = 0;
  /** ms spent in the host's gRPC handlers (the provider's part included), all calls so far */
  private handlerMs = 0;
  /** calls sent, and timing lines received: one of each kind per call */
  private sent = 0;
  private timed = 0;
  private handled = 0;

  private constructor(
    readonly host: ProviderHost,
    private readonly providers: Record<Module, string>,
  ) {}

  static async start(opts: HostOptions): Promise<BenchHost> {
    await npmInstall(projectDir);
    const providers = {} as Record<Module, string>;
    for (const m of Object.keys(TYPES) as Module[]) providers[m] = await serializedProvider(m);
    let bench: BenchHost | undefined;
    const onLine = (line: string) => {
      const m = TIMING.exec(line);
      if (m && bench) {
        bench.providerMs += Number(m[1]);
        bench.timed++;
      }
      const hm = HANDLER_TIMING.exec(line);
      if (hm && bench) {
        bench.handlerMs += Number(hm[1]);
        bench.handled++;
      }
    };
    const preload = `--require ${JSON.stringify(path.join(__dirname, "host-timing.js"))}`;
    const env = { ...opts.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, opts.env?.NODE_OPTIONS, preload].filter(Boolean).join(" ") };
    const host = await withEnv(env, () => ProviderHost.start(projectDir, "bench", onLine));
    await host.configure(opts.config);
    bench = new BenchHost(host, providers);
    return bench;
  }

  /**
   * ms spent in the provider's functions, and in the host's handlers, inside the host so far. stderr arrives
   * apart from the gRPC answer, so it first waits (a second at most) for the lines of every call sent.
   */
  async providerTime(): Promise<HostTimes> {
    const missing = () => Math.max(this.sent - this.timed, this.sent - this.handled);
    for (let i = 0; missing() > 0 && i < 1000; i++) await new Promise((r) => setTimeout(r, 1));
    if (missing() > 0) throw new Error(`bench: ${missing()} calls' timing lines missing from the host`);
    return { provider: this.providerMs, handler: this.handlerMs };
  }

  urn(module: Module, name = `r${++this.names}`): string {
    return `urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource$oceanbase:${TYPES[module]}::${name}`;
  }

  private p(module: Module, props: Props): Props {
    return { ...props, __provider: this.providers[module] };
  }

  async check(module: Module, news: Props): Promise<Props> {
    this.sent++;
    const r = await this.host.check(this.urn(module, "check"), {}, this.p(module, news));
    if (r.failures.length) throw new Error(`check failed: ${JSON.stringify(r.failures)}`);
    return r.inputs;
  }

  create(module: Module, inputs: Props): Promise<{ id: string; outs: Props }> {
    this.sent++;
    return this.host.create(this.urn(module), this.p(module, inputs));
  }

  read(module: Module, id: string, outs: Props, inputs: Props = {}): Promise<{ id: string; outs: Props }> {
    this.sent++;
    return this.host.read(this.urn(module), id, this.p(module, outs), this.p(module, inputs));
  }

  update(module: Module, id: string, olds: Props, news: Props): Promise<Props> {
    this.sent++;
    return this.host.update(this.urn(module), id, this.p(module, olds), this.p(module, news));
  }

  delete(module: Module, id: string, outs: Props): Promise<void> {
    this.sent++;
    return this.host.delete(this.urn(module), id, this.p(module, outs));
  }

  stop(): Promise<void> {
    return this.host.stop();
  }
}

/** Stack config for a provider logged in to sys at the emulator. */
export function emulatorConfig(host: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return { "oceanbase:host": host, "oceanbase:port": String(port), "oceanbase:user": "root", "oceanbase:tenant": "sys", ...extra };
}

/** Runs `fn` with `env` set in this process (ProviderHost.start passes process.env to the host). */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
