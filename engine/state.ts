// The stack's state file: resources with their inputs, outputs and options, secret values encrypted (see
// secrets.ts), so the file never holds plaintext. Written after every step, as the CLI checkpoints.

import { randomBytes } from "crypto";
import fs = require("fs");
import path = require("path");
import { Crypter, crypterFor } from "./secrets";

export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

export interface StateResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  id: string;
  inputs: Props;
  outputs: Props;
  /** top-level keys whose values are secret */
  secretKeys: string[];
  dependencies: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  /** created, but the provider reported it failed to initialize; the next up updates it */
  initErrors?: string[];
}

interface StateFile {
  version: 2;
  salt: string;
  resources: StateResource[];
}

export class StackState {
  resources: StateResource[] = [];
  private salt = randomBytes(16).toString("hex");
  private crypter?: Crypter;

  constructor(
    readonly file: string,
    private readonly passphrase: () => string,
  ) {
    if (fs.existsSync(file)) {
      const raw = JSON.parse(fs.readFileSync(file, "utf8")) as StateFile;
      this.salt = raw.salt;
      this.resources = raw.resources.map((r) => ({ ...r, inputs: this.decrypt(r.inputs), outputs: this.decrypt(r.outputs) }));
    }
  }

  private c(): Crypter {
    this.crypter ??= crypterFor(Buffer.from(this.salt, "hex"), this.passphrase());
    return this.crypter;
  }

  private decrypt(p: Props): Props {
    const out: Props = {};
    for (const [k, v] of Object.entries(p)) {
      const o = v as Props | null;
      out[k] = o && typeof o === "object" && o[SIG] === SECRET_SIG && typeof o.ciphertext === "string" ? JSON.parse(this.c().decrypt(o.ciphertext)) : v;
    }
    return out;
  }

  private encrypt(p: Props, secretKeys: string[]): Props {
    return Object.fromEntries(
      Object.entries(p).map(([k, v]) => [k, secretKeys.includes(k) && v !== undefined ? { [SIG]: SECRET_SIG, ciphertext: this.c().encrypt(JSON.stringify(v)) } : v]),
    );
  }

  get(urn: string): StateResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  put(r: StateResource): void {
    const i = this.resources.findIndex((x) => x.urn === r.urn);
    if (i >= 0) this.resources[i] = r;
    else this.resources.push(r);
  }

  remove(urn: string): void {
    this.resources = this.resources.filter((r) => r.urn !== urn);
  }

  save(): void {
    const file: StateFile = {
      version: 2,
      salt: this.salt,
      resources: this.resources.map((r) => ({ ...r, inputs: this.encrypt(r.inputs, r.secretKeys), outputs: this.encrypt(r.outputs, r.secretKeys) })),
    };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(file, null, 2));
  }

  /** Dependents before what they depend on, children before parents: the order deletes must follow. */
  deleteOrder(subset: StateResource[] = this.resources): StateResource[] {
    const order: StateResource[] = [];
    const visited = new Set<string>();
    const byUrn = new Map(subset.map((r) => [r.urn, r]));
    const dependents = (urn: string) => subset.filter((r) => r.parent === urn || r.dependencies.includes(urn));
    const visit = (r: StateResource) => {
      if (visited.has(r.urn)) return;
      visited.add(r.urn);
      for (const d of dependents(r.urn)) visit(d);
      order.push(r);
    };
    for (const r of [...subset].reverse()) if (byUrn.has(r.urn)) visit(r);
    return order;
  }
}

/** The engine strips secret markers before it calls a provider that does not accept secrets. */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v && typeof v === "object") {
    const o = v as Props;
    if (o[SIG] === SECRET_SIG) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

export function isSecretWire(v: unknown): boolean {
  return !!v && typeof v === "object" && (v as Props)[SIG] === SECRET_SIG;
}
