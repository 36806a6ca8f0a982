// A Pulumi project as the CLI reads it: Pulumi.yaml (name, runtime options, main, project-level config) and the
// stack's Pulumi.<stack>.yaml (config, with `secure:` values encrypted by the stack's passphrase).

import fs = require("fs");
import path = require("path");
import yaml = require("js-yaml");
import { passphraseCrypter, Crypter } from "./secrets";

export interface Project {
  name: string;
  dir: string;
  /** Pulumi.yaml's `main`, or "." (the loader then takes the entry point of the nearest package.json) */
  main: string;
  typescript: boolean;
  tsconfig?: string;
  transpileOnly: boolean;
  /** namespaced keys ("oceanbase:host", "<project>:jobState") → string values, as PULUMI_CONFIG carries them */
  config: Record<string, string>;
  secretKeys: string[];
  stackFile: string;
}

type YamlMap = Record<string, unknown>;

function readYaml(file: string): YamlMap {
  if (!fs.existsSync(file)) return {};
  const doc = yaml.load(fs.readFileSync(file, "utf8"));
  return doc && typeof doc === "object" ? (doc as YamlMap) : {};
}

/** Config values travel as strings; objects and arrays as JSON text. */
function configText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function qualifyKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

export function stackFileOf(dir: string, stack: string): string {
  return path.join(dir, `Pulumi.${stack}.yaml`);
}

export function loadProject(dir: string, stack: string, crypter: () => Crypter = () => passphraseCrypter(stackFileOf(dir, stack))): Project {
  const projectFile = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(projectFile)) throw new Error(`no Pulumi.yaml in ${dir}: run this in a Pulumi project directory`);
  const p = readYaml(projectFile);
  const name = String(p.name ?? "");
  if (!name) throw new Error(`${projectFile}: 'name' is required`);
  const runtime = (typeof p.runtime === "object" && p.runtime ? p.runtime : { name: p.runtime }) as YamlMap;
  if (runtime.name !== "nodejs") throw new Error(`${projectFile}: runtime must be nodejs (found ${String(runtime.name)})`);
  const options = (runtime.options ?? {}) as YamlMap;

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  // project-level config: `key: value` or `key: { default: value }`
  for (const [k, v] of Object.entries((p.config ?? {}) as YamlMap)) {
    const value = v && typeof v === "object" && !Array.isArray(v) && "default" in (v as YamlMap) ? (v as YamlMap).default : v;
    if (value !== undefined && value !== null) config[qualifyKey(name, k)] = configText(value);
  }
  const stackFile = stackFileOf(dir, stack);
  const stackConfig = (readYaml(stackFile).config ?? {}) as YamlMap;
  for (const [k, v] of Object.entries(stackConfig)) {
    const key = qualifyKey(name, k);
    if (v && typeof v === "object" && !Array.isArray(v) && typeof (v as YamlMap).secure === "string") {
      config[key] = crypter().decrypt((v as YamlMap).secure as string);
      secretKeys.push(key);
    } else config[key] = configText(v);
  }
  return {
    name,
    dir,
    main: typeof p.main === "string" && p.main ? p.main : ".",
    typescript: options.typescript !== false,
    tsconfig: typeof options.tsconfig === "string" ? options.tsconfig : undefined,
    transpileOnly: options.transpileOnly === true,
    config,
    secretKeys,
    stackFile,
  };
}

/** `pulumi config set [--secret] key value`: writes the stack file, a secret encrypted with the passphrase. */
export function setStackConfig(dir: string, stack: string, key: string, value: string, secret: boolean): void {
  const file = stackFileOf(dir, stack);
  // first, so that a salt it adds to the stack file is in what is read back below
  const crypter = secret ? passphraseCrypter(file) : undefined;
  const doc = readYaml(file);
  const name = String(readYaml(path.join(dir, "Pulumi.yaml")).name ?? "");
  const config = ((doc.config as YamlMap) ?? {}) as YamlMap;
  const k = key.includes(":") ? key : `${name}:${key}`;
  config[k] = crypter ? { secure: crypter.encrypt(value) } : value;
  doc.config = config;
  fs.writeFileSync(file, yaml.dump(doc, { lineWidth: 200 }));
}
