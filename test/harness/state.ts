// The harness's stack state file: resources with their inputs and outputs, secrets encrypted with a
// passphrase (AES-256-GCM, as Pulumi's passphrase secrets provider does) so the file never holds plaintext.

import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "crypto";
import fs = require("fs");

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
  initErrors?: string[];
}

interface StateFile {
  version: 1;
  salt: string;
  resources: StateResource[];
}

export class StackState {
  resources: StateResource[] = [];
  private salt = randomBytes(16).toString("hex");

  constructor(
    private readonly file: string,
    private readonly passphrase: string,
  ) {
    if (fs.existsSync(file)) {
      const raw = JSON.parse(fs.readFileSync(file, "utf8")) as StateFile;
      this.salt = raw.salt;
      this.resources = raw.resources.map((r) => ({ ...r, inputs: this.decrypt(r.inputs), outputs: this.decrypt(r.outputs) }));
    }
  }

  private key(): Buffer {
    return scryptSync(this.passphrase, Buffer.from(this.salt, "hex"), 32);
  }

  private encryptValue(v: unknown): Props {
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", this.key(), iv);
    const data = Buffer.concat([c.update(JSON.stringify(v), "utf8"), c.final()]);
    return { [SIG]: SECRET_SIG, ciphertext: `v1:${iv.toString("base64")}:${c.getAuthTag().toString("base64")}:${data.toString("base64")}` };
  }

  private decrypt(p: Props): Props {
    const out: Props = {};
    for (const [k, v] of Object.entries(p)) {
      const o = v as Props | null;
      if (o && typeof o === "object" && o[SIG] === SECRET_SIG && typeof o.ciphertext === "string") {
        const [, iv, tag, data] = o.ciphertext.split(":");
        const d = createDecipheriv("aes-256-gcm", this.key(), Buffer.from(iv, "base64"));
        d.setAuthTag(Buffer.from(tag, "base64"));
        out[k] = JSON.parse(Buffer.concat([d.update(Buffer.from(data, "base64")), d.final()]).toString("utf8"));
      } else out[k] = v;
    }
    return out;
  }

  private encrypt(p: Props, secretKeys: string[]): Props {
    return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, secretKeys.includes(k) && v !== undefined ? this.encryptValue(v) : v]));
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
      version: 1,
      salt: this.salt,
      resources: this.resources.map((r) => ({ ...r, inputs: this.encrypt(r.inputs, r.secretKeys), outputs: this.encrypt(r.outputs, r.secretKeys) })),
    };
    fs.writeFileSync(this.file, JSON.stringify(file, null, 2));
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
