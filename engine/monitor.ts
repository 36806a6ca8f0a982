// The two gRPC services a Pulumi program talks to, served on loopback: ResourceMonitor (resource
// registrations, stack outputs, shutdown) and Engine (log messages, the root resource). What a registration
// does is the deployment's business (deployment.ts); this module only speaks the protocol.

import { emptyproto, grpc, structproto } from "./grpc-runtime";
import type { Props } from "./state";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const resproto = require("@pulumi/pulumi/proto/resource_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const resgrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const engproto = require("@pulumi/pulumi/proto/engine_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const enggrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");

/** A RegisterResource request, decoded. */
export interface Registration {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: Props;
  dependencies: string[];
  additionalSecretOutputs: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  /** undefined: the user did not set it, so the provider's answer decides */
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
}

export type Severity = "debug" | "info" | "warning" | "error";

export interface MonitorHandlers {
  register(r: Registration): Promise<{ urn: string; id: string; outputs: Props }>;
  registerOutputs(urn: string, outputs: Props): void;
  log(severity: Severity, message: string, urn: string): void;
}

/** Features this engine implements; the SDK asks for each one (GetDeploymentInfo is left unimplemented). */
const FEATURES = new Set(["secrets"]);

const unimplemented = (name: string) => (_call: unknown, cb: (err: unknown) => void) =>
  cb({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not supported by this engine` });

export class MonitorServer {
  private constructor(
    private readonly server: any,
    readonly address: string,
  ) {}

  static async start(h: MonitorHandlers): Promise<MonitorServer> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 64 * 1024 * 1024 });
    let rootUrn = "";
    const monitor: Record<string, unknown> = {};
    for (const m of Object.keys(resgrpc.ResourceMonitorService)) monitor[m] = unimplemented(m);
    Object.assign(monitor, {
      supportsFeature(call: any, cb: any) {
        const resp = new resproto.SupportsFeatureResponse();
        resp.setHassupport(FEATURES.has(call.request.getId()));
        cb(null, resp);
      },
      registerResource(call: any, cb: any) {
        const req = call.request;
        const reg: Registration = {
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent(),
          custom: req.getCustom(),
          inputs: req.getObject()?.toJavaScript() ?? {},
          dependencies: req.getDependenciesList(),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          protect: req.getProtect(),
          retainOnDelete: req.getRetainondelete(),
          deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
          ignoreChanges: req.getIgnorechangesList(),
          replaceOnChanges: req.getReplaceonchangesList(),
        };
        h.register(reg).then(
          ({ urn, id, outputs }) => {
            const resp = new resproto.RegisterResourceResponse();
            resp.setUrn(urn);
            resp.setId(id);
            resp.setObject(structproto.Struct.fromJavaScript(outputs));
            cb(null, resp);
          },
          // the deployment has reported the step's error itself; like the CLI's resource monitor ("shut down while
          // waiting on step's done channel"), answer UNAVAILABLE, which the SDK takes as the engine stopping: it
          // does not print the same error again as an unhandled exception with a stack ("error serializing …")
          (e: Error) => cb({ code: grpc.status.UNAVAILABLE, details: e.message }),
        );
      },
      registerResourceOutputs(call: any, cb: any) {
        h.registerOutputs(call.request.getUrn(), call.request.getOutputs()?.toJavaScript() ?? {});
        cb(null, new emptyproto.Empty());
      },
      signalAndWaitForShutdown(_call: any, cb: any) {
        cb(null, new emptyproto.Empty());
      },
    });
    server.addService(resgrpc.ResourceMonitorService, monitor);

    const engine: Record<string, unknown> = {};
    for (const m of Object.keys(enggrpc.EngineService)) engine[m] = unimplemented(m);
    Object.assign(engine, {
      log(call: any, cb: any) {
        const sev = (["debug", "info", "warning", "error"] as Severity[])[call.request.getSeverity()] ?? "info";
        h.log(sev, call.request.getMessage(), call.request.getUrn());
        cb(null, new emptyproto.Empty());
      },
      getRootResource(_call: any, cb: any) {
        const resp = new engproto.GetRootResourceResponse();
        resp.setUrn(rootUrn);
        cb(null, resp);
      },
      setRootResource(call: any, cb: any) {
        rootUrn = call.request.getUrn();
        cb(null, new engproto.SetRootResourceResponse());
      },
      requirePulumiVersion(_call: any, cb: any) {
        cb(null, new engproto.RequirePulumiVersionResponse());
      },
    });
    server.addService(enggrpc.EngineService, engine);

    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
    );
    return new MonitorServer(server, `127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }
}
