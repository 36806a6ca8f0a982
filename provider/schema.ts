// Everything the provider knows about a resource's inputs comes from schema.json: the JSON Schema that
// check() validates with, the defaults it applies, which changes replace, and which outputs are secret.

import { SCHEMA_TEXT } from "./schema.generated";

export interface PropertySpec {
  type?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec | boolean;
  $ref?: string;
  description?: string;
  default?: string | number | boolean;
  secret?: boolean;
  replaceOnChanges?: boolean;
  language?: { "x-validation"?: Record<string, unknown> };
}

interface TypeSpec {
  type: string;
  description?: string;
  properties?: Record<string, PropertySpec>;
  required?: string[];
  enum?: { value: string | number; description?: string }[];
}

export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
  properties: Record<string, PropertySpec>;
  required?: string[];
  isComponent?: boolean;
  /** resourceKey: the input the SDK fills with the resource's identity in the stack (sdk/resource-key.ts) */
  language: { "x-dynamic": { module: string; type: string; provider: string; resourceKey?: string } };
}

export interface FunctionSpec {
  description: string;
  inputs?: { properties?: Record<string, PropertySpec> };
  outputs: { $ref?: string; properties?: Record<string, PropertySpec>; required?: string[] };
}

export interface PackageSchema {
  name: string;
  config: { variables: Record<string, PropertySpec> };
  types: Record<string, TypeSpec>;
  resources: Record<string, ResourceSpec>;
  functions?: Record<string, FunctionSpec>;
}

/**
 * schema.json, parsed once per process. It travels as text: Pulumi's closure serializer cannot capture an
 * object with a `default` key holding a string (its import-star check runs `k in "FULL"` and throws).
 */
export function schema(): PackageSchema {
  const g = globalThis as unknown as { __pulumiOceanbaseBackupSchema?: PackageSchema };
  g.__pulumiOceanbaseBackupSchema ??= JSON.parse(SCHEMA_TEXT) as PackageSchema;
  return g.__pulumiOceanbaseBackupSchema;
}

export function resourceSpec(token: string): ResourceSpec {
  const r = schema().resources[token];
  if (!r) throw new Error(`schema.json has no resource ${token}`);
  return r;
}

/** The JSON Schema (draft 2020-12) of one Pulumi property, constraints from language["x-validation"]. */
function jsonSchemaOf(p: PropertySpec, types: PackageSchema["types"]): Record<string, unknown> {
  const extra = { ...(p.language?.["x-validation"] ?? {}) };
  let out: Record<string, unknown>;
  if (p.$ref) {
    const name = p.$ref.replace(/^#\/types\//, "");
    const t = types[name];
    if (!t) throw new Error(`schema.json: unknown type ${p.$ref}`);
    if (t.enum) out = { type: t.type, enum: t.enum.map((e) => e.value) };
    else out = objectSchema(t.properties ?? {}, t.required ?? [], types);
  } else if (p.type === "array") {
    const itemExtra = (extra.items as Record<string, unknown> | undefined) ?? {};
    delete extra.items;
    out = { type: "array", items: { ...jsonSchemaOf(p.items ?? { type: "string" }, types), ...itemExtra } };
  } else if (p.type === "object" && p.additionalProperties && typeof p.additionalProperties === "object") {
    out = { type: "object", additionalProperties: jsonSchemaOf(p.additionalProperties, types) };
  } else {
    out = { type: p.type };
  }
  return { ...out, ...extra };
}

function objectSchema(props: Record<string, PropertySpec>, required: string[], types: PackageSchema["types"]): Record<string, unknown> {
  return {
    type: "object",
    properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, jsonSchemaOf(v, types)])),
    required,
    additionalProperties: false,
  };
}

/**
 * The JSON Schema check() validates a resource's inputs against. Codegen compiles it from the schema.json it
 * is generating from (validators.generated.ts), which the parsed SCHEMA_TEXT may not be yet.
 */
export function inputJsonSchema(s: PackageSchema, token: string): Record<string, unknown> {
  const r = s.resources[token];
  if (!r) throw new Error(`schema.json has no resource ${token}`);
  return objectSchema(r.inputProperties, r.requiredInputs ?? [], s.types);
}

export function inputDefaults(token: string): Record<string, unknown> {
  const r = resourceSpec(token);
  return Object.fromEntries(
    Object.entries(r.inputProperties)
      .filter(([, p]) => p.default !== undefined)
      .map(([k, p]) => [k, p.default]),
  );
}

/** Inputs whose change replaces the resource (the engine's replaceOnChanges does not reach dynamic providers). */
export function replaceOnChanges(token: string): string[] {
  return Object.entries(resourceSpec(token).inputProperties)
    .filter(([, p]) => p.replaceOnChanges)
    .map(([k]) => k);
}
