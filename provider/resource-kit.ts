// What every resource module shares: check() and diff() derived from schema.json, the inputs kept in state,
// statements run with errors explained, and values made safe for the protobuf wire.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Connected } from "./connection";
import { explain } from "./errors";
import * as ob from "./ob";
import { replaceOnChanges, resourceSpec } from "./schema";

export function inputKeys(token: string): string[] {
  return Object.keys(resourceSpec(token).inputProperties);
}

/** Values compare as JSON; `normalize` may fold a property first (e.g. case). No perpetual diffs. */
export function diffResource(
  token: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  normalize: (key: string, v: unknown) => unknown = (_k, v) => v,
): dynamic.DiffResult {
  const same = (k: string) => JSON.stringify(normalize(k, olds[k]) ?? null) === JSON.stringify(normalize(k, news[k]) ?? null);
  const changed = inputKeys(token).filter((k) => !same(k));
  const replaceable = new Set(replaceOnChanges(token));
  return { changes: changed.length > 0, replaces: changed.filter((k) => replaceable.has(k)), deleteBeforeReplace: true };
}

/** Largest serialized provider kept in a resource's own values (a package installed in node_modules: a require stub). */
const SMALL_PROVIDER = 8 * 1024;

function keep(keys: Set<string>, bag: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(bag as Record<string, unknown>).filter(
      ([k, v]) => keys.has(k) || (k === "__provider" && typeof v === "string" && v.length <= SMALL_PROVIDER),
    ),
  );
}

/**
 * Only the schema's input keys. The host hands create and update the whole property bag, including the
 * serialized provider (`__provider`); serialized by value it is 100+ KB and must not be echoed into error details:
 * an init-failure's details travel in gRPC trailers, where that much text stalls the call. A small one (the
 * package installed from node_modules) is kept, so that a resource recorded by an init failure still carries
 * the provider its later read and delete need.
 */
export function declaredInputs<T>(token: string, bag: T): T {
  return keep(new Set(inputKeys(token)), bag) as T;
}

/** Only the schema's output keys, and a small `__provider` (see declaredInputs). */
export function declaredOutputs<T>(token: string, bag: T): T {
  return keep(new Set(Object.keys(resourceSpec(token).properties)), bag) as T;
}

/** The inputs part of a resource's state, for ReadResult.inputs (no spurious diffs after refresh). */
export function inputsOf(token: string, outs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of inputKeys(token)) if (outs[k] !== undefined) out[k] = outs[k];
  return out;
}

/** Values that survive the protobuf Struct: no undefined (it throws), nothing but JSON. */
export function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Runs one statement; an error is explained in terms of what was being done. */
export async function runStatement(c: Connected, sql: string, doing: string, tenant: string, secrets: string[] = []): Promise<void> {
  try {
    await ob.withConnection(c, (conn) => conn.query(sql));
  } catch (e) {
    ob.forgetTenantsOn5160(c, e);
    throw explain(e, { doing, where: c.describe, tenant, secrets: [c.settings.password, ...secrets] });
  }
}

/**
 * A tenant as diff compares it: an omitted tenant means the tenant the admin login is in (outputs always name
 * it), so declaring it or not is no change. Names compare exactly: the server's are case-sensitive (§0.1).
 */
export function sameTenant(olds: { connectedTenant?: string }, v: unknown): string | undefined {
  return typeof v === "string" ? v : olds.connectedTenant !== undefined && olds.connectedTenant !== "sys" ? olds.connectedTenant : undefined;
}

/**
 * diffResource for the resources that configure one tenant. A tenant written in another case is a change, but
 * an update, not a replace: it names no tenant, and the update's lookup says so, where a replace would first
 * delete what the resource configured.
 */
export function diffTenantResource(
  token: string,
  olds: Record<string, unknown> & { connectedTenant?: string },
  news: Record<string, unknown>,
  normalize: (key: string, v: unknown) => unknown = (_k, v) => v,
): dynamic.DiffResult {
  const d = diffResource(token, olds, news, (k, v) => (k === "tenant" ? sameTenant(olds, v) : normalize(k, v)));
  const was = sameTenant(olds, olds.tenant);
  const now = sameTenant(olds, news.tenant);
  if (was !== undefined && now !== undefined && was !== now && was.toLowerCase() === now.toLowerCase()) {
    return { ...d, replaces: (d.replaces ?? []).filter((k) => k !== "tenant") };
  }
  return d;
}
