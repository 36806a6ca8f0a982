// check(): validate a resource's inputs against the JSON Schema derived from schema.json, all problems at
// once, each naming the property and the expected form; apply defaults. No database round trip, and values
// still unknown during preview are accepted as they are.

import type { ErrorObject, ValidateFunction } from "ajv";
import { parseBackupUri } from "./backup-uri";
import { FORMATS } from "./formats";
import { inputDefaults, resourceSpec } from "./schema";
import { VALIDATORS } from "./validators.generated";

/** Pulumi's marker for a value not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

function validatorFor(token: string): ValidateFunction {
  const v = VALIDATORS[token];
  if (!v) throw new Error(`no input validator for ${token}: run npm run codegen`);
  return v;
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

/** How a value a check refused is repeated in its message: secrets masked, a long value abbreviated (and said so). */
export function shownValue(v: unknown, secret: boolean): string {
  if (secret) return "[secret]";
  const text = JSON.stringify(v) ?? String(v);
  return text.length <= 80 ? text : `${text.slice(0, 60)}… (${text.length} characters)`;
}

/** Pattern rules in words, by property: the regular expression itself is no help to a person. */
const PATTERN_RULES: Record<string, string> = {
  tenants: "must be a tenant name: letters, digits and _, starting with a letter or _, at most 128 characters",
  tenant: "must be a tenant name: letters, digits and _, starting with a letter or _, at most 128 characters",
  connection: "must be a connection profile name: letters, digits, _, . and -, 1 to 64 characters",
  description: "must not contain control characters (newline, tab, NUL …)",
  backupPassword: "must not contain control characters (newline, tab, NUL …)",
};

/**
 * One failure: `property`, and as reason the rule in full, then the value it got (secrets masked). One wording
 * per rule, the same whichever property it is on; nothing is cut from it.
 */
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
  const got = (v: unknown) => `, got ${shownValue(v, spec?.secret === true)}`;
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
      reason = PATTERN_RULES[top] ?? `must match the pattern ${p.pattern}`;
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
  // a long value's length is the point of a maxLength failure: say it rather than show the text
  const tail = e.keyword === "maxLength" && typeof e.data === "string" && spec?.secret !== true ? `, got ${e.data.length} characters` : got(e.data);
  return { property: path || top, reason: `${reason}${tail}` };
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
