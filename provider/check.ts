// check(): validate a resource's inputs against the JSON Schema derived from schema.json, all problems at
// once, each naming the property and the expected form; apply defaults. No database round trip, and values
// still unknown during preview are accepted as they are.

// a plain require: the module's own exports object, which Pulumi's serializer captures by reference
import Ajv2020 = require("ajv/dist/2020");
import type { ErrorObject, ValidateFunction } from "ajv";
import { parseBackupUri, URI_FORMS } from "./backup-uri";
import { inputDefaults, inputJsonSchema, resourceSpec } from "./schema";
import { parseObTimeString, PIECE_SWITCH_MAX_US, PIECE_SWITCH_MIN_US } from "./time-string";

/** Formats schema.json names in language["x-validation"], and what a failure says. */
const FORMATS: Record<string, { valid: (s: string) => boolean; reason: string }> = {
  "ob-backup-uri": { valid: (s) => !("error" in parseBackupUri(s)), reason: `must be a destination URI: ${URI_FORMS}` },
  "ob-time-string": {
    valid: (s) => parseObTimeString(s) !== null,
    reason: "must be a time in OceanBase's grammar: a whole number and an optional unit us, ms, s, m, h or d (e.g. 7d, 36h)",
  },
  // OceanBase stores the interval as its display, whole days truncated (reference §1.4): 36h would silently be
  // 1d, so only whole days are accepted
  "ob-piece-switch-interval": {
    valid: (s) => {
      const us = parseObTimeString(s);
      return us !== null && us >= PIECE_SWITCH_MIN_US && us <= PIECE_SWITCH_MAX_US && us % PIECE_SWITCH_MIN_US === 0;
    },
    reason: "must be a whole number of days from 1d to 7d in OceanBase's grammar (e.g. 1d, 48h, 7d): OceanBase keeps the interval in whole days, truncating (36h would be 1d)",
  },
};

/** Pulumi's marker for a value not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

interface Validators {
  byToken: Record<string, ValidateFunction>;
}

function validators(): Validators {
  const g = globalThis as unknown as { __pulumiOceanbaseBackupValidators?: Validators };
  g.__pulumiOceanbaseBackupValidators ??= { byToken: {} };
  return g.__pulumiOceanbaseBackupValidators;
}

function validatorFor(token: string): ValidateFunction {
  const v = validators();
  if (!v.byToken[token]) {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false, verbose: true });
    for (const [name, f] of Object.entries(FORMATS)) ajv.addFormat(name, { type: "string", validate: f.valid });
    v.byToken[token] = ajv.compile(inputJsonSchema(token));
  }
  return v.byToken[token];
}

/** Drops unknown values (anywhere) so they are neither validated nor reported missing. */
function withoutUnknowns(v: unknown): unknown {
  if (v === UNKNOWN) return undefined;
  if (Array.isArray(v)) return v.some((x) => x === UNKNOWN) ? undefined : v.map(withoutUnknowns);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = withoutUnknowns(x);
      if (y !== undefined) out[k] = y;
    }
    return out;
  }
  return v;
}

function describeError(token: string, e: ErrorObject): CheckFailure {
  const path = e.instancePath
    .split("/")
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
  const top = path.split(/[.[]/)[0];
  const spec = resourceSpec(token).inputProperties[top];
  const p = e.params as Record<string, unknown>;
  let reason: string;
  switch (e.keyword) {
    case "additionalProperties":
      return {
        property: String(p.additionalProperty),
        reason: `unknown property; expected one of: ${Object.keys(resourceSpec(token).inputProperties).join(", ")}`,
      };
    case "required":
      return { property: String(p.missingProperty), reason: "is required" };
    case "enum":
      reason = `must be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(", ")}`;
      break;
    case "pattern":
      reason = /tenants/.test(top)
        ? "must be a tenant name: letters, digits and _, starting with a letter or _, at most 128 characters"
        : /description|backupPassword/.test(top)
          ? "must not contain control characters (newline, tab, NUL …)"
          : `must match ${p.pattern}`;
      break;
    case "type": {
      const words: Record<string, string> = { integer: "a whole number", array: "a list", object: "an object", boolean: "true or false" };
      reason = `must be ${words[String(p.type)] ?? `a ${p.type}`}`;
      break;
    }
    case "format": {
      reason = FORMATS[String(p.format)]?.reason ?? `must be a ${p.format}`;
      // a URI's own parse error is more precise than the list of forms
      const value = String(e.data ?? "");
      const parsed = p.format === "ob-backup-uri" ? parseBackupUri(value) : null;
      if (parsed && "error" in parsed) reason = parsed.error;
      break;
    }
    case "minItems":
      reason = `must have at least ${p.limit} item${p.limit === 1 ? "" : "s"}`;
      break;
    case "maxItems":
      reason = `must have at most ${p.limit} items`;
      break;
    case "uniqueItems":
      reason = `must not repeat an item (items ${p.j} and ${p.i} are the same)`;
      break;
    case "minLength":
      reason = p.limit === 1 ? "must not be empty" : `must be at least ${p.limit} characters`;
      break;
    case "maxLength":
      reason = `must be at most ${p.limit} characters`;
      break;
    case "minimum":
      reason = `must be at least ${p.limit}`;
      break;
    case "maximum":
      reason = `must be at most ${p.limit}`;
      break;
    default:
      reason = e.message ?? "is not valid";
  }
  return { property: path || top, reason: spec?.description ? `${reason} (${firstSentence(spec.description)})` : reason };
}

function firstSentence(s: string): string {
  const i = s.indexOf(". ");
  return i < 0 ? s.replace(/\.$/, "") : s.slice(0, i);
}

export function checkInputs(token: string, news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const defaults = inputDefaults(token);
  const inputs: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(news)) if (v !== undefined && k !== "__provider") inputs[k] = v;
  const known = withoutUnknowns(inputs) as Record<string, unknown>;
  const validate = validatorFor(token);
  const failures = validate(known) ? [] : (validate.errors ?? []).map((e) => describeError(token, e));
  return { inputs, failures };
}
