// Secrets at rest, as Pulumi's passphrase secrets provider keeps them: AES-256-GCM with a key derived from
// PULUMI_CONFIG_PASSPHRASE and a per-stack salt, so neither the stack file nor the state holds plaintext.

import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "crypto";
import fs = require("fs");
import yaml = require("js-yaml");

export interface Crypter {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

export function passphrase(): string {
  const p = process.env.PULUMI_CONFIG_PASSPHRASE;
  if (p === undefined) {
    throw new Error("PULUMI_CONFIG_PASSPHRASE is not set: it encrypts this stack's secrets (export PULUMI_CONFIG_PASSPHRASE=… first)");
  }
  return p;
}

export function crypterFor(salt: Buffer, pass: string = passphrase()): Crypter {
  const key = scryptSync(pass, salt, 32);
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      const data = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
      return `v1:${iv.toString("base64")}:${c.getAuthTag().toString("base64")}:${data.toString("base64")}`;
    },
    decrypt(ciphertext) {
      const [version, iv, tag, data] = ciphertext.split(":");
      if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("not a ciphertext this engine wrote");
      const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
      d.setAuthTag(Buffer.from(tag, "base64"));
      try {
        return Buffer.concat([d.update(Buffer.from(data, "base64")), d.final()]).toString("utf8");
      } catch {
        throw new Error("cannot decrypt a secret: PULUMI_CONFIG_PASSPHRASE is not the passphrase this stack was created with");
      }
    },
  };
}

/** The stack file's `encryptionsalt` (created on first use), as `pulumi stack init` writes it. */
export function passphraseCrypter(stackFile: string): Crypter {
  const doc = (fs.existsSync(stackFile) ? (yaml.load(fs.readFileSync(stackFile, "utf8")) as Record<string, unknown>) : null) ?? {};
  let salt = typeof doc.encryptionsalt === "string" ? doc.encryptionsalt : "";
  if (!salt.startsWith("v1:")) {
    salt = `v1:${randomBytes(16).toString("base64")}`;
    fs.writeFileSync(stackFile, yaml.dump({ encryptionsalt: salt, ...doc }, { lineWidth: 200 }));
  }
  return crypterFor(Buffer.from(salt.slice(3), "base64"));
}
