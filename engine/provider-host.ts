// Pulumi's real dynamic-provider host (the project's node_modules/@pulumi/pulumi/cmd/dynamic-provider), started
// as a child process in the program's directory and driven over gRPC with the stubs that ship in the package, as
// the engine drives it.

import { ChildProcess, spawn } from "child_process";
import path = require("path");
import { grpc, structproto } from "./grpc-runtime";
import type { Props } from "./state";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const provproto = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const statusproto = require("@pulumi/pulumi/proto/status_pb");

export type { Props } from "./state";

export interface DiffAnswer {
  changes: "UNKNOWN" | "NONE" | "SOME";
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** the keys the provider says changed (`diffs`, and the top-level keys of `detailedDiff`): what `replaceOnChanges` matches */
  changedKeys: string[];
}

/** A provider error; `initFailed` carries the id and state of a resource created but not initialized. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly initFailed?: { id: string; properties: Props; reasons: string[] },
  ) {
    super(message);
  }
}

const S = (o: Props) => structproto.Struct.fromJavaScript(o);

/** The @pulumi/pulumi a program in `dir` resolves: the one its own node_modules holds. */
export function projectPulumiDir(dir: string): string {
  try {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
  } catch {
    throw new Error(`@pulumi/pulumi is not installed for the program in ${dir}: run npm install there first`);
  }
}

export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    readonly log: string[],
  ) {}

  /**
   * Starts the project's own host in the program's directory, where the serialized provider's require()s
   * resolve, as the engine does. The host is not connected to the engine (its engine address is never used), so
   * what providers log arrives on its stdout, which the CLI passes through to the user: `onLine` gets it.
   */
  static async start(cwd: string, project: string, onLine: (line: string) => void = () => undefined): Promise<ProviderHost> {
    const entry = path.join(projectPulumiDir(cwd), "cmd/dynamic-provider/index.js");
    const child = spawn(process.execPath, [entry, "127.0.0.1:1"], { cwd, env: { ...process.env, PULUMI_NODEJS_PROJECT: project, PULUMI_CONFIG: "{}" }, stdio: ["ignore", "pipe", "pipe"] });
    const log: string[] = [];
    const emit = (line: string) => {
      log.push(line);
      onLine(line);
    };
    const port = await new Promise<number>((resolve, reject) => {
      let buf = "";
      const timer = setTimeout(() => reject(new Error(`provider host did not start: ${buf}`)), 20000);
      child.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split("\n");
        buf = lines.pop() ?? "";
        for (const line of lines) {
          if (/^\d+$/.test(line.trim()) && !log.length) {
            clearTimeout(timer);
            resolve(Number(line.trim()));
            log.push(`host listening on ${line.trim()}`);
          } else if (line) emit(line);
        }
      });
      child.stderr!.on("data", (d: Buffer) => d.toString().split("\n").filter(Boolean).forEach(emit));
      child.once("exit", (code) => reject(new Error(`provider host exited with ${code}`)));
    });
    // error details (ErrorResourceInitFailed with the resource state) travel in trailers: allow more than 8 KiB
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.max_metadata_size": 4 * 1024 * 1024 });
    return new ProviderHost(child, client, log);
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
      this.client[method](req, (err: any, resp: T) => {
        if (!err) return resolve(resp);
        reject(new HostError(String(err.details || err.message || err.code), initFailure(err)));
      }),
    );
  }

  async configure(config: Record<string, string>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(S(config));
    const vars = req.getVariablesMap();
    for (const [k, v] of Object.entries(config)) vars.set(k, v);
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(S(olds));
    req.setNews(S(news));
    const resp: any = await this.call("check", req);
    return {
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffAnswer> {
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(S(olds));
    req.setNews(S(news));
    const resp: any = await this.call("diff", req);
    const changes = ["UNKNOWN", "NONE", "SOME"][resp.getChanges()] as DiffAnswer["changes"];
    const detailed = resp.getDetaileddiffMap().toArray().map(([k]: [string]) => k.split(/[.[]/)[0]);
    const changedKeys = [...new Set<string>([...resp.getDiffsList(), ...detailed])];
    return { changes, replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace(), changedKeys };
  }

  async create(urn: string, props: Props): Promise<{ id: string; outs: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(S(props));
    const resp: any = await this.call("create", req);
    return { id: resp.getId(), outs: resp.getProperties()?.toJavaScript() ?? {} };
  }

  async read(urn: string, id: string, props: Props, inputs: Props): Promise<{ id: string; outs: Props; inputs?: Props }> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(S(props));
    req.setInputs(S(inputs));
    const resp: any = await this.call("read", req);
    return { id: resp.getId(), outs: resp.getProperties()?.toJavaScript() ?? {}, inputs: resp.getInputs()?.toJavaScript() };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<Props> {
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(S(olds));
    req.setNews(S(news));
    const resp: any = await this.call("update", req);
    return resp.getProperties()?.toJavaScript() ?? {};
  }

  async delete(urn: string, id: string, props: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(S(props));
    await this.call("delete", req);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill();
      await exited;
    }
  }
}

/** ErrorResourceInitFailed packed in grpc-status-details-bin: a resource created but failed to initialize. */
function initFailure(err: any): HostError["initFailed"] {
  const bin = err?.metadata?.get?.("grpc-status-details-bin")?.[0];
  if (!bin) return undefined;
  const status = statusproto.Status.deserializeBinary(new Uint8Array(bin));
  for (const any of status.getDetailsList()) {
    if (!String(any.getTypeUrl()).endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
    const d = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return { id: d.getId(), properties: d.getProperties()?.toJavaScript() ?? {}, reasons: d.getReasonsList() };
  }
  return undefined;
}
