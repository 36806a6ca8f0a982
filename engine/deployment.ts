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

/** A registration after the deployment bailed: refused, and not reported again (the first error was). */
class NotRegistered extends Error {}

/** Check failures, each reported on its own in the CLI's words (one diagnostic per failure). */
class CheckFailed extends Error {
  constructor(readonly diagnostics: string[]) {
    super(diagnostics.join("; "));
  }
}

/** A property value as the CLI prints it in a check failure (Go's PropertyValue.RedactSecrets). */
function renderValue(v: unknown, secret: boolean): string {
  const inner = (x: unknown): string =>
    x === undefined || x === null ? "<nil>" : Array.isArray(x) ? `[${x.map((e) => `{${inner(e)}}`).join(" ")}]` : typeof x === "object" ? JSON.stringify(x) : String(x);
  return `{${secret ? "[secret]" : inner(v)}}`;
}

export class Deployment {
  /** URNs the program registered in this run */
  readonly seen = new Set<string>();
  failed = false;
  private generating: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: StackState,
    private readonly host: () => Promise<ProviderHost>,
    private readonly stack: string,
    private readonly project: string,
    private readonly preview: boolean,
    private readonly report: Reporter,
  ) {}

  /** One step generation at a time, in the order registrations arrive. */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.generating.then(fn);
    this.generating = run.catch(() => undefined);
    return run;
  }

  urnOf(r: { parent: string; type: string; name: string }): string {
    return `urn:pulumi:${this.stack}::${this.project}::${qualifiedType(r.parent, r.type)}::${r.name}`;
  }

  async register(reg: Registration): Promise<{ urn: string; id: string; outputs: Props }> {
    const urn = this.urnOf(reg);
    this.seen.add(urn);
    try {
      return await this.step(urn, reg);
    } catch (e) {
      if (e instanceof NotRegistered) throw e;
      this.failed = true;
      if (e instanceof CheckFailed) {
        for (const d of e.diagnostics) this.report.error(d);
        throw e;
      }
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
    // The CLI generates steps (Check, then Diff) one registration at a time and bails at the first invalid
    // resource, in preview too; only the steps themselves run in parallel. So a preview reports one resource's
    // check failures (all of that resource's at once), not every resource's.
    const { inputs, d } = await this.serially(async () => {
      if (this.failed) throw new NotRegistered(`${reg.name}: not registered: the deployment stopped after an earlier error`);
      const checked = await host.check(urn, old?.inputs ?? {}, news);
      if (checked.failures.length) {
        this.failed = true;
        throw new CheckFailed(
          checked.failures.map((f) =>
            f.property
              ? `${type} resource '${name}': property ${f.property} value ${renderValue(news[f.property], secretKeys.includes(f.property))} has a problem: ${f.reason}`
              : `${type} resource '${name}' has a problem: ${f.reason}`,
          ),
        );
      }
      return { inputs: checked.inputs, d: old ? await host.diff(urn, old.id, old.outputs, checked.inputs) : undefined };
    });
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

    if (!d) throw new Error(`${urn}: no diff for a recorded resource`);
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
