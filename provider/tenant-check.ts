// check()'s look at the server: the connection profile a resource names, and the tenant names it declares,
// refused at preview rather than at the resource's first statement, when other resources of the run may
// already have changed things.
//
// Read-only and once per connection setting per process: the lookup is the login's identification (for sys,
// one SELECT of DBA_OB_TENANTS; for a user tenant's admin, its session identity and its own tenant row), which
// the resource's create reuses. Under Pulumi's CLI every check of a run happens in the one dynamic-provider
// host, so the run sends it once per setting. A server that cannot be reached does not fail the preview: it
// says, once per setting, that tenant names were not checked. Runtime state hangs off globalThis (see
// connection.ts).

import { CheckFailure, shownValue, UNKNOWN } from "./check";
import { ConnectionConfigError, ConnectionSettings, describeSettings, poolKey, resolveSettings } from "./connection";
import * as ob from "./ob";
import { log } from "./progress-log";
import { findTenant, unknownTenant } from "./tenant-target";

interface Visible {
  /** the tenant the login is in */
  own: { tenantId: number; tenantName: string; isSys: boolean };
  /** user tenants the login can see */
  tenants: { tenantId: number; tenantName: string }[];
}

type Lookup = Promise<Visible | { unreachable: string }>;

function lookups(): Record<string, Lookup> {
  const g = globalThis as unknown as { __pulumiOceanbaseBackupTenantChecks?: Record<string, Lookup> };
  return (g.__pulumiOceanbaseBackupTenantChecks ??= {});
}

/** Forgets the lookups (tests, which reuse one process for many emulators). */
export function forgetTenantChecks(): void {
  const g = globalThis as unknown as { __pulumiOceanbaseBackupTenantChecks?: Record<string, Lookup> };
  g.__pulumiOceanbaseBackupTenantChecks = {};
}

function lookup(profile: string | undefined, s: ConnectionSettings): Lookup {
  const key = poolKey(s);
  const all = lookups();
  all[key] ??= (async () => {
    try {
      const c = await ob.connect(profile, "checking tenant names");
      return { own: c.tenant, tenants: c.tenant.isSys ? await ob.tenantNames(c) : [{ tenantId: c.tenant.tenantId, tenantName: c.tenant.tenantName }] };
    } catch (e) {
      const why = (e as Error).message.replace(/^checking tenant names: /, "");
      log.warn(`tenant names were not checked against ${describeSettings(s)}: ${why}`);
      return { unreachable: why };
    }
  })();
  return all[key];
}

/** The declared tenant names of a resource, with the property each is in: `tenant`, or `tenants[i]`. */
function declared(news: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  if (typeof news.tenant === "string" && news.tenant !== UNKNOWN) out.push(["tenant", news.tenant]);
  if (Array.isArray(news.tenants)) {
    news.tenants.forEach((t, i) => {
      if (typeof t === "string" && t !== UNKNOWN) out.push([`tenants[${i}]`, t]);
    });
  }
  return out;
}

/**
 * Failures for a connection profile that is not defined and for tenant names the server does not know (or
 * knows in another case), all at once. Properties that already failed the schema's checks are not looked up,
 * nor names the resource's recorded inputs (`olds`) already held.
 */
export async function checkAgainstServer(news: Record<string, unknown>, failures: CheckFailure[], olds: Record<string, unknown> = {}): Promise<CheckFailure[]> {
  const failed = new Set(failures.map((f) => f.property));
  if (failed.has("connection") || news.connection === UNKNOWN) return [];
  const profile = typeof news.connection === "string" ? news.connection : undefined;
  let settings: ConnectionSettings;
  try {
    settings = resolveSettings(profile);
  } catch (e) {
    if (!(e instanceof ConnectionConfigError)) throw e;
    // top-level settings that do not parse are the create's to explain, with the setting's name
    if (profile === undefined) return [];
    // the profile name is no secret (it is in state); the profiles' text is never shown
    return [{ property: "connection", reason: `${e.message}, got ${shownValue(profile, false)}` }];
  }
  // a name the resource already had, on the same connection, was checked when it was created (and worked): a
  // preview of an unchanged program sends nothing
  const known = new Set(olds.connection === news.connection ? declared(olds).map(([, name]) => name) : []);
  const names = declared(news).filter(([property, name]) => !known.has(name) && !failed.has(property) && !failed.has(property.replace(/\[\d+\]$/, "")));
  if (names.length === 0) return [];
  const seen = await lookup(profile, settings);
  if ("unreachable" in seen) return [];
  const where = describeSettings(settings);
  const out: CheckFailure[] = [];
  for (const [property, name] of names) {
    if (!seen.own.isSys) {
      if (name === seen.own.tenantName) continue;
      const caseOnly = name.toLowerCase() === seen.own.tenantName.toLowerCase();
      out.push({
        property,
        reason: caseOnly
          ? `connected to tenant ${seen.own.tenantName} (${where}), but names ${name}: tenant names are case-sensitive, write ${seen.own.tenantName}`
          : `connected to tenant ${seen.own.tenantName} (${where}), which can only configure or back up itself, but names ${name}; connect to sys (root@sys) to name other tenants`,
      });
      continue;
    }
    if (!findTenant(seen.tenants, name)) out.push({ property, reason: unknownTenant(name, seen.tenants, where) });
  }
  return out;
}
