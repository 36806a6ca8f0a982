// Generates the TypeScript types and resource classes of the SDK and the provider, and check()'s validators,
// from schema.json, so that nothing restates the schema by hand. `npm run codegen` writes them; a test fails
// when they are stale.

import fs = require("fs");
import path = require("path");
import { _ } from "ajv";
import Ajv2020 = require("ajv/dist/2020");
import standaloneCode = require("ajv/dist/standalone");
import { FORMATS } from "../../provider/formats";
import { inputJsonSchema, PackageSchema, PropertySpec, ResourceSpec } from "../../provider/schema";

const root = path.resolve(__dirname, "../..");
const HEADER = "// GENERATED from schema.json by `npm run codegen`. Do not edit.\n";

const typeName = (token: string) => token.split(":").pop() as string;

function tsType(p: PropertySpec, wrap: (t: string) => string = (t) => t): string {
  if (p.$ref) return wrap(typeName(p.$ref.replace(/^#\/types\//, "")));
  switch (p.type) {
    case "string":
      return wrap("string");
    case "integer":
    case "number":
      return wrap("number");
    case "boolean":
      return wrap("boolean");
    case "array":
      return wrap(`${tsType(p.items ?? { type: "string" }, wrap)}[]`);
    case "object":
      return wrap(`Record<string, ${typeof p.additionalProperties === "object" ? tsType(p.additionalProperties, wrap) : "unknown"}>`);
    default:
      return wrap("unknown");
  }
}

const doc = (text: string | undefined, indent = "  ") => (text ? `${indent}/** ${text.replace(/\*\//g, "*\\/")} */\n` : "");

function objectInterface(name: string, props: Record<string, PropertySpec>, required: (k: string) => boolean, wrap?: (t: string) => string, description?: string): string {
  let out = `${doc(description, "")}export interface ${name} {\n`;
  for (const [k, p] of Object.entries(props)) {
    out += doc(p.description);
    out += `  ${k}${required(k) ? "" : "?"}: ${tsType(p, wrap)};\n`;
  }
  return out + "}\n";
}

function sharedTypes(s: PackageSchema, wrap?: (t: string) => string, suffix = ""): string {
  let out = "";
  for (const [token, t] of Object.entries(s.types)) {
    const name = typeName(token);
    if (t.enum) {
      if (suffix) continue;
      out += `${doc(t.description, "")}export type ${name} = ${t.enum.map((e) => JSON.stringify(e.value)).join(" | ")};\n\n`;
    } else {
      const req = new Set(t.required ?? []);
      out += objectInterface(`${name}${suffix}`, t.properties ?? {}, (k) => req.has(k), wrap, t.description) + "\n";
    }
  }
  return out;
}

/** Plain types: what the provider receives after check() and returns as outputs. */
export function providerTypes(s: PackageSchema): string {
  let out = HEADER + "\n" + sharedTypes(s);
  for (const [token, r] of Object.entries(s.resources).filter(([, r]) => !r.isComponent)) {
    const name = typeName(token);
    const req = new Set(r.requiredInputs ?? []);
    const withDefault = new Set(Object.entries(r.inputProperties).filter(([, p]) => p.default !== undefined).map(([k]) => k));
    out += objectInterface(`${name}Inputs`, r.inputProperties, (k) => req.has(k) || withDefault.has(k), undefined, `${name}'s inputs after check(): defaults applied.`) + "\n";
    const outReq = new Set(r.required ?? []);
    out += objectInterface(`${name}Outputs`, r.properties, (k) => outReq.has(k), undefined, `${name}'s outputs (its state).`) + "\n";
    out += `export const ${name}Token = ${JSON.stringify(token)};\n\n`;
  }
  for (const [token, f] of Object.entries(s.functions ?? {})) {
    const name = typeName(token);
    const cap = name[0].toUpperCase() + name.slice(1);
    out += "\n" + objectInterface(`${cap}Args`, f.inputs?.properties ?? {}, () => false, undefined, `The arguments of ${name}.`);
    if (f.outputs.$ref) out += `\n/** The result of ${name}. */\nexport type ${cap}Result = ${typeName(f.outputs.$ref.replace(/^#\/types\//, ""))};\n`;
    else {
      const req = new Set(f.outputs.required ?? []);
      out += "\n" + objectInterface(`${cap}Result`, f.outputs.properties ?? {}, (k) => req.has(k), undefined, `The result of ${name}.`);
    }
  }
  return out;
}

function resourceClass(token: string, r: ResourceSpec): string {
  const name = typeName(token);
  const dyn = r.language["x-dynamic"];
  const req = new Set(r.requiredInputs ?? []);
  const secrets = Object.entries(r.properties).filter(([, p]) => p.secret).map(([k]) => k);
  const secretInputs = Object.entries(r.inputProperties).filter(([, p]) => p.secret).map(([k]) => k);
  const providerVar = `${dyn.provider.replace(/-(.)/g, (_m, c: string) => c.toUpperCase())}Provider`;
  let out = `const ${providerVar} = providerRef(${JSON.stringify(dyn.provider)});\n\n`;
  out += objectInterface(`${name}Args`, r.inputProperties, (k) => req.has(k), (t) => `pulumi.Input<${t}>`, `The arguments of a ${name}.`) + "\n";
  out += doc(r.description, "");
  out += `export class ${name} extends pulumi.dynamic.Resource {\n`;
  for (const [k, p] of Object.entries(r.properties)) {
    out += doc(p.description);
    out += `  declare readonly ${k}: pulumi.Output<${tsType(p)}${(r.required ?? []).includes(k) ? "" : " | undefined"}>;\n`;
  }
  out += `\n  constructor(name: string, args: ${name}Args${req.size ? "" : " = {}"}, opts?: pulumi.CustomResourceOptions) {\n`;
  out += `    const props: Record<string, unknown> = {\n`;
  for (const k of Object.keys(r.properties)) if (!secretInputs.includes(k) && !req.has(k) && k !== dyn.resourceKey) out += `      ${k}: undefined,\n`;
  out += `      ...args,\n`;
  for (const k of secretInputs) out += `      ${k}: args.${k} === undefined ? undefined : pulumi.secret(args.${k}),\n`;
  // the resource's identity in the stack, which the provider derives its job marker from (sdk/resource-key.ts)
  if (dyn.resourceKey) out += `      ${dyn.resourceKey}: args.${dyn.resourceKey} ?? resourceKeyOf(${JSON.stringify(token)}, name),\n`;
  out += `    };\n`;
  out += `    super(${providerVar}, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ${JSON.stringify(secrets)} }), ${JSON.stringify(dyn.module)}, ${JSON.stringify(dyn.type)});\n`;
  out += `  }\n}\n`;
  return out;
}

/** SDK: Input-typed Args, output-typed resource classes. */
export function sdkSource(s: PackageSchema): string {
  let out = HEADER + `import * as pulumi from "@pulumi/pulumi";\nimport { providerRef } from "./provider-ref";\nimport { resourceKeyOf } from "./resource-key";\n`;
  const classes = Object.entries(s.resources)
    .filter(([, r]) => !r.isComponent)
    .map(([t, r]) => resourceClass(t, r));
  const refs = classes.map((c) => c.split("\n")[0]).join("\n");
  const enums = Object.entries(s.types).filter(([, t]) => t.enum).map(([t]) => typeName(t));
  const objects = Object.entries(s.types).filter(([, t]) => !t.enum).map(([t]) => typeName(t));
  for (const token of Object.keys(s.functions ?? {})) {
    const cap = typeName(token)[0].toUpperCase() + typeName(token).slice(1);
    objects.push(`${cap}Args`, `${cap}Result`);
  }
  out += `import type { ${[...enums, ...objects].join(", ")} } from "../provider/types.generated";\n`;
  out += `export type { ${[...enums, ...objects].join(", ")} };\n\n${refs}\n\n`;
  out += classes.map((c) => c.split("\n").slice(2).join("\n")).join("\n");
  for (const [token, r] of Object.entries(s.resources).filter(([, r]) => r.isComponent)) {
    const name = typeName(token);
    const req = new Set(r.requiredInputs ?? []);
    out += "\n" + objectInterface(`${name}Args`, r.inputProperties, (k) => req.has(k), (t) => `pulumi.Input<${t}>`, `The arguments of a ${name}.`);
  }
  return out;
}

// ---- reference docs ------------------------------------------------------------------------------------------

function typeText(p: PropertySpec): string {
  if (p.$ref) return typeName(p.$ref.replace(/^#\/types\//, ""));
  if (p.type === "array") return `${typeText(p.items ?? { type: "string" })}[]`;
  if (p.type === "object") return `map of ${typeof p.additionalProperties === "object" ? typeText(p.additionalProperties) : "any"}`;
  return p.type ?? "any";
}

const cell = (t: string) => t.replace(/\|/g, "\\|").replace(/\n/g, " ");

function propertyTable(props: Record<string, PropertySpec>, required: Set<string>, inputs: boolean): string {
  const head = inputs ? "| Input | Type | Required / default | Notes | Description |\n|---|---|---|---|---|\n" : "| Output | Type | Notes | Description |\n|---|---|---|---|\n";
  return (
    head +
    Object.entries(props)
      .map(([k, p]) => {
        const notes = [p.secret ? "secret" : "", inputs && p.replaceOnChanges ? "replaces" : ""].filter(Boolean).join(", ");
        const req = required.has(k) ? "required" : p.default !== undefined ? `default \`${JSON.stringify(p.default)}\`` : "optional";
        return inputs
          ? `| \`${k}\` | ${cell(typeText(p))} | ${req} | ${notes} | ${cell(p.description ?? "")} |`
          : `| \`${k}\` | ${cell(typeText(p))} | ${notes} | ${cell(p.description ?? "")} |`;
      })
      .join("\n") +
    "\n"
  );
}

const LIMITS =
  "## Limits of dynamic providers\n\n" +
  "- `pulumi import` does not work for dynamic providers" +
  " (BackupJob adopts an existing job with `adoptJobId`; the policy resources adopt the tenant's current setting on create).\n" +
  "- `customTimeouts` never reach a dynamic provider: use `timeoutSeconds`.\n" +
  "- Preview shows no output values: outputs are known after `pulumi up`.\n";

function typesUsed(s: PackageSchema, props: Record<string, PropertySpec>): string[] {
  const out = new Set<string>();
  const walk = (p: PropertySpec) => {
    if (p.$ref) {
      const t = p.$ref.replace(/^#\/types\//, "");
      if (!out.has(t)) {
        out.add(t);
        for (const q of Object.values(s.types[t]?.properties ?? {})) walk(q);
      }
    }
    if (p.items) walk(p.items);
    if (typeof p.additionalProperties === "object") walk(p.additionalProperties);
  };
  Object.values(props).forEach(walk);
  return [...out];
}

function typeSections(s: PackageSchema, tokens: string[]): string {
  return tokens
    .map((t) => {
      const spec = s.types[t];
      const name = typeName(t);
      if (spec.enum) return `### ${name}\n\n${spec.description ?? ""}\n\n${spec.enum.map((e) => `- \`${e.value}\`: ${e.description ?? ""}`).join("\n")}\n`;
      return `### ${name}\n\n${spec.description ?? ""}\n\n${propertyTable(spec.properties ?? {}, new Set(spec.required ?? []), false)}`;
    })
    .join("\n");
}

function resourceDoc(s: PackageSchema, token: string, r: ResourceSpec): string {
  const name = typeName(token);
  const ex = (r.language as { "x-example"?: string })["x-example"];
  let out = `${HEADER.replace("// ", "<!-- ").replace(/\n$/, " -->\n")}\n# ${name}\n\n${r.description}\n\n`;
  if (ex) out += "## Example\n\n```ts\n" + ex + "\n```\n\n";
  out += "## Inputs\n\n" + propertyTable(r.inputProperties, new Set(r.requiredInputs ?? []), true) + "\n";
  out += "## Outputs\n\n" + propertyTable(r.properties, new Set(r.required ?? []), false) + "\n";
  const used = typesUsed(s, { ...r.inputProperties, ...r.properties });
  if (used.length) out += "## Types\n\n" + typeSections(s, used) + "\n";
  return out + LIMITS;
}

function functionDoc(s: PackageSchema, token: string): string {
  const f = (s.functions ?? {})[token];
  const name = typeName(token);
  const ex = (f as { language?: { "x-example"?: string } }).language?.["x-example"];
  let out = `${HEADER.replace("// ", "<!-- ").replace(/\n$/, " -->\n")}\n# ${name}\n\n${f.description} Also \`${name}Output\`, which returns an Output.\n\n`;
  if (ex) out += "## Example\n\n```ts\n" + ex + "\n```\n\n";
  out += "## Arguments\n\n" + propertyTable(f.inputs?.properties ?? {}, new Set(), true) + "\n";
  const result = f.outputs.$ref ? { result: { $ref: f.outputs.$ref, description: "The result." } } : (f.outputs.properties ?? {});
  out += "## Result\n\n" + propertyTable(result, new Set(), false) + "\n";
  const used = typesUsed(s, result);
  if (used.length) out += "## Types\n\n" + typeSections(s, used);
  return out;
}

export function docs(s: PackageSchema): Record<string, string> {
  const files: Record<string, string> = {};
  const index: string[] = [];
  for (const [token, r] of Object.entries(s.resources)) {
    files[`docs/reference/${typeName(token)}.md`] = resourceDoc(s, token, r);
    index.push(`- [${typeName(token)}](${typeName(token)}.md): ${r.description.split(". ")[0]}.`);
  }
  for (const token of Object.keys(s.functions ?? {})) {
    files[`docs/reference/${typeName(token)}.md`] = functionDoc(s, token);
    index.push(`- [${typeName(token)}](${typeName(token)}.md): ${(s.functions ?? {})[token].description}`);
  }
  const cfg = propertyTable(s.config.variables, new Set(), true);
  files["docs/reference/index.md"] =
    `${HEADER.replace("// ", "<!-- ").replace(/\n$/, " -->\n")}\n# pulumi-oceanbase-backup reference\n\n${index.join("\n")}\n\n## Provider configuration (namespace \`oceanbase\`)\n\n${cfg}\nEach setting falls back to the environment variable named in its default (e.g. \`OCEANBASE_PASSWORD\`).\n`;
  return files;
}

/**
 * check()'s validators, compiled by ajv here rather than in the provider host: loading ajv and compiling a
 * resource's schema cost the first Check about 90 ms (issue 11, cold start). The code ajv emits is untyped,
 * hence the file's @ts-nocheck; VALIDATORS is the typed way in. Formats are called in provider/formats.ts.
 */
export function validatorsSource(s: PackageSchema): string {
  const ajv = new Ajv2020.default({
    allErrors: true,
    strict: false,
    verbose: true,
    code: { source: true, esm: true, formats: _`require("./formats").FORMATS` },
  });
  for (const [name, f] of Object.entries(FORMATS)) ajv.addFormat(name, { type: f.type, validate: f.validate });
  const tokens = Object.keys(s.resources).filter((t) => !s.resources[t].isComponent);
  for (const t of tokens) ajv.addSchema(inputJsonSchema(s, t), typeName(t));
  const code = standaloneCode.default(ajv, Object.fromEntries(tokens.map((t) => [typeName(t), typeName(t)]))).replace(/^"use strict";/, "");
  return [
    HEADER.trimEnd(),
    "// @ts-nocheck",
    `import type { ValidateFunction } from "ajv";`,
    "",
    code,
    "",
    `/** Input validators (ajv, draft 2020-12, allErrors and verbose) by resource token. */`,
    `export const VALIDATORS: Record<string, ValidateFunction> = {`,
    ...tokens.map((t) => `  ${JSON.stringify(t)}: ${typeName(t)},`),
    `};`,
    "",
  ].join("\n");
}

export function generatedFiles(s: PackageSchema): Record<string, string> {
  return {
    ...docs(s),
    "provider/schema.generated.ts": `${HEADER}\nexport const SCHEMA_TEXT = ${JSON.stringify(JSON.stringify(s))};\n`,
    "provider/types.generated.ts": providerTypes(s),
    "provider/validators.generated.ts": validatorsSource(s),
    "sdk/resources.generated.ts": sdkSource(s),
  };
}

if (require.main === module) {
  const s = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")) as PackageSchema;
  for (const [file, text] of Object.entries(generatedFiles(s))) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
    process.stdout.write(`wrote ${file}\n`);
  }
}
