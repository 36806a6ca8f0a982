// What the engine does with each resource a program registers, as `pulumi up` / `pulumi preview` do: Check,
// then Diff against the state, then Create, Update or replace on the provider host, honouring the resource
// options (protect, ignoreChanges, replaceOnChanges, deleteBeforeReplace, retainOnDelete, dependsOn, parent);
// and the deletes that follow (resources no longer declared, or all of them on destroy).

import type { ProviderHost } from "./provider-host";
import { HostError } from "./provider-host";
import type { Registration } from "./monitor";
import { isSecretWire, Props, SECRET_SIG, SIG, StackState, StateResource, unwrapSecrets } from "./state";

export type Op = "create" | "update" | "replace" | "same" | "delete" | "refresh" | "read-gone";

export interface Step {
  op: Op;
  urn: string;
  type: string;
  name: string;
  detail?: string;
}

export interface Reporter {
  step(s: Step): void;
  error(message: string): void;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type of a URN: `parentType$type` for a child of a component, the type alone otherwise. */
function qualifiedType(parentUrn: string, type: string): string {
  if (!parentUrn) return type;
  const parentType = parentUrn.split("::")[2] ?? "";
  return parentType === STACK_TYPE ? type : `${parentType}$${type}`;
}

const withoutProvider = (p: Props): Props => Object.fromEntries(Object.entries(p).filter(([k]) => k !== "__provider"));

/** ignoreChanges: the named properties (top level or dotted paths) keep their old input values. */
function applyIgnoreChanges(news: Props, olds: Props, paths: string[]): Props {
  const out = JSON.parse(JSON.stringify(news)) as Props;
  for (const p of paths) {
    const keys = p.split(".");
    let from: unknown = olds;
    let to: Props = out;
    for (const k of keys.slice(0, -1)) {
      from = (from as Props | undefined)?.[k];
      if (typeof to[k] !== "object" || to[k] === null) to[k] = {};
      to = to[k] as Props;
    }
    const last = keys[keys.length - 1];
    const old = (from as Props | undefined)?.[last];
    if (old === undefined) delete to[last];
    else to[last] = old;
  }
  return out;
}

export class Deployment {
  /** URNs the program registered in this run */
  readonly seen = new Set<string>();
  failed = false;

  constructor(
    private readonly state: StackState,
    private readonly host: () => Promise<ProviderHost>,
    private readonly stack: string,
    private readonly project: string,
    private readonly preview: boolean,
    private readonly report: Reporter,
  ) {}

  urnOf(r: { parent: string; type: string; name: string }): string {
    return `urn:pulumi:${this.stack}::${this.project}::${qualifiedType(r.parent, r.type)}::${r.name}`;
  }

  async register(reg: Registration): Promise<{ urn: string; id: string; outputs: Props }> {
    const urn = this.urnOf(reg);
    this.seen.add(urn);
    if (this.failed) throw new Error(`${reg.name}: not registered: the deployment stopped after an earlier error`);
    try {
      return await this.step(urn, reg);
    } catch (e) {
      this.failed = true;
      const message = `${reg.type} ${reg.name}: ${(e as Error).message}`;
      this.report.error(message);
      throw new Error(message);
    }
  }

  private async step(urn: string, reg: Registration): Promise<{ urn: string; id: string; outputs: Props }> {
    const { type, name } = reg;
    const old = this.state.get(urn);
    const base = { urn, type, name, parent: reg.parent, dependencies: reg.dependencies, protect: reg.protect, retainOnDelete: reg.retainOnDelete };
    const report = (op: Op, detail?: string) => this.report.step({ op, urn, type, name, ...(detail ? { detail } : {}) });
    if (!reg.custom) {
      // components and the stack: state only, their outputs arrive with RegisterResourceOutputs
      if (!this.preview) this.put({ ...base, custom: false, id: "", inputs: {}, outputs: old?.outputs ?? {}, secretKeys: old?.secretKeys ?? [] });
      return { urn, id: "", outputs: {} };
    }

    // the engine strips secret markers for a provider that does not accept secrets, and marks the outputs of
    // secret inputs secret, plus the resource's additionalSecretOutputs
    const secretKeys = [...new Set([...Object.keys(reg.inputs).filter((k) => isSecretWire(reg.inputs[k])), ...reg.additionalSecretOutputs])].filter(
      (k) => k !== "__provider",
    );
    let news = unwrapSecrets(reg.inputs) as Props;
    if (old && reg.ignoreChanges.length) news = applyIgnoreChanges(news, old.inputs, reg.ignoreChanges);
    const host = await this.host();
    const checked = await host.check(urn, old?.inputs ?? {}, news);
    if (checked.failures.length) throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
    const inputs = checked.inputs;
    const wrap = (outs: Props): Props =>
      Object.fromEntries(Object.entries(outs).map(([k, v]) => [k, secretKeys.includes(k) ? { [SIG]: SECRET_SIG, value: v } : v]));
    const record = (id: string, outputs: Props, initErrors?: string[]) =>
      this.put({ ...base, custom: true, id, inputs, outputs, secretKeys, ...(initErrors ? { initErrors } : {}) });
    const guarded = async <T>(fn: () => Promise<T>, idOnFailure?: string): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        // created but failed to initialize: recorded, and the error still fails the run
        if (e instanceof HostError && e.initFailed) record(e.initFailed.id || idOnFailure || "", e.initFailed.properties, e.initFailed.reasons);
        throw e;
      }
    };
    // a provider without preview support: the engine shows the inputs, every other output unknown
    const previewed = (id: string) => ({ urn, id, outputs: wrap(withoutProvider(inputs)) });

    if (!old) {
      report("create");
      if (this.preview) return previewed("");
      const r = await guarded(() => host.create(urn, inputs));
      record(r.id, r.outs);
      return { urn, id: r.id, outputs: wrap(r.outs) };
    }

    const d = await host.diff(urn, old.id, old.outputs, inputs);
    // As the CLI does: replaceOnChanges matches only the keys the provider reports changed. Pulumi's dynamic-provider
    // host reports none, so under both engines the option replaces nothing on a dynamic resource.
    const replaceByOption = reg.replaceOnChanges.includes("*") ? d.changedKeys : d.changedKeys.filter((k) => reg.replaceOnChanges.includes(k));
    const replaces = [...new Set([...d.replaces, ...(d.changes !== "NONE" ? replaceByOption : [])])];
    if (d.changes === "NONE" && replaces.length === 0 && !old.initErrors) {
      report("same");
      if (!this.preview) this.put({ ...old, ...base, inputs });
      return { urn, id: old.id, outputs: wrap(old.outputs) };
    }
    if (replaces.length > 0) {
      if (old.protect || reg.protect) throw new Error(`cannot replace ${urn}: the resource is protected (changed: ${replaces.join(", ")}); unprotect it first`);
      report("replace", replaces.join(", "));
      if (this.preview) return previewed(old.id);
      const deleteFirst = reg.deleteBeforeReplace ?? d.deleteBeforeReplace;
      const deleteOld = () => (old.retainOnDelete || reg.retainOnDelete ? Promise.resolve() : host.delete(urn, old.id, old.outputs));
      if (deleteFirst) {
        await deleteOld();
        this.state.remove(urn);
        this.state.save();
      }
      const r = await guarded(() => host.create(urn, inputs));
      if (!deleteFirst) await deleteOld();
      record(r.id, r.outs);
      return { urn, id: r.id, outputs: wrap(r.outs) };
    }
    report("update");
    if (this.preview) return previewed(old.id);
    const outs = await guarded(() => host.update(urn, old.id, old.outputs, inputs), old.id);
    record(old.id, outs);
    return { urn, id: old.id, outputs: wrap(outs) };
  }

  private put(r: StateResource): void {
    this.state.put(r);
    this.state.save();
  }

  /**
   * Deletes resources dependents first. A protected resource, or one whose delete fails, stays, and so does
   * everything it depends on; each is reported.
   */
  async deleteAll(resources: StateResource[]): Promise<void> {
    const kept: StateResource[] = [];
    for (const r of this.state.deleteOrder(resources)) {
      const needed = kept.find((k) => k.parent === r.urn || k.dependencies.includes(r.urn));
      if (needed) {
        kept.push(r);
        continue;
      }
      try {
        if (r.protect) {
          // the CLI begins the delete step, then refuses it: the step shows, as under `pulumi destroy`
          this.report.step({ op: "delete", urn: r.urn, type: r.type, name: r.name, detail: "protected: refused" });
          throw new Error(`cannot delete ${r.urn}: the resource is protected; unprotect it first`);
        }
        if (r.custom && !r.retainOnDelete) await (await this.host()).delete(r.urn, r.id, r.outputs);
        this.state.remove(r.urn);
        this.state.save();
        this.report.step({ op: "delete", urn: r.urn, type: r.type, name: r.name, ...(r.retainOnDelete ? { detail: "retained" } : {}) });
      } catch (e) {
        kept.push(r);
        this.failed = true;
        this.report.error(`${r.type} ${r.name}: ${(e as Error).message}`);
      }
    }
  }
}
