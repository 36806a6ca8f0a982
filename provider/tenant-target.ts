// The tenant a policy resource configures, from the login's point of view (reference §1.1): connected to sys,
// it must be named and statements carry `TENANT = <name>`; connected as a tenant's admin, it is that tenant
// and statements carry no TENANT clause. Views: CDB_ with TENANT_ID from sys, DBA_ otherwise.

import type { Connected } from "./connection";
import { ProviderError } from "./errors";
import * as ob from "./ob";

export interface Target {
  tenantId: number;
  tenantName: string;
  /** `TENANT = name` from sys, null from the tenant itself */
  clauseTenant: string | null;
}

/**
 * Tenant names are case-sensitive on the server (reference §0.1: `TENANT = MYSQL_TENANT` for mysql_tenant is
 * 5160), so a name is found only as the server spells it. A name that differs only in case gets an error that
 * says so here, at the lookup, rather than OceanBase's 5160 on some later statement.
 */
export function findTenant<T extends { tenantName: string }>(visible: T[], name: string): T | undefined {
  return visible.find((x) => x.tenantName === name);
}

/** Why `name` names none of `visible`, with the server's spelling when only the case differs. */
export function unknownTenant(name: string, visible: { tenantName: string }[], where: string): string {
  const spelled = visible.find((x) => x.tenantName.toLowerCase() === name.toLowerCase());
  const known = `tenants: ${visible.map((x) => x.tenantName).join(", ") || "none"}`;
  return spelled
    ? `no user tenant named ${name} in ${where}: tenant names are case-sensitive, and it is spelled ${spelled.tenantName} (${known})`
    : `no user tenant named ${name} in ${where} (${known})`;
}

export async function resolveTarget(c: Connected, declared: string | undefined, doing: string): Promise<Target> {
  if (!c.tenant.isSys) {
    if (declared !== undefined && declared !== c.tenant.tenantName) {
      const caseOnly = declared.toLowerCase() === c.tenant.tenantName.toLowerCase();
      throw new ProviderError(
        caseOnly
          ? `${doing}: connected to tenant ${c.tenant.tenantName}, but tenant is ${declared}: tenant names are case-sensitive, write ${c.tenant.tenantName}`
          : `${doing}: connected to tenant ${c.tenant.tenantName}, which can only configure itself, but tenant is ${declared}; connect to sys (root@sys) to configure other tenants`,
      );
    }
    return { tenantId: c.tenant.tenantId, tenantName: c.tenant.tenantName, clauseTenant: null };
  }
  if (declared === undefined) {
    throw new ProviderError(`${doing}: connected to sys, so tenant must name the tenant to configure`);
  }
  const visible = await ob.tenantsNaming(c, [declared]);
  const t = findTenant(visible, declared);
  if (!t) throw new ProviderError(`${doing}: ${unknownTenant(declared, visible, c.describe)}`);
  return { tenantId: t.tenantId, tenantName: t.tenantName, clauseTenant: t.tenantName };
}

/**
 * Connects and resolves the target. A tenant `recorded` in state (read, delete) is only used from sys: as the
 * tenant's admin the login itself says which tenant it is.
 */
export async function connectTo(
  connection: string | undefined,
  tenant: string | undefined,
  doing: string,
  recorded = false,
): Promise<{ c: Connected; t: Target }> {
  const c = await ob.connect(connection, doing);
  return { c, t: await resolveTarget(c, recorded && !c.tenant.isSys ? undefined : tenant, doing) };
}

/** `FROM <schema>.<CDB|DBA>_<view> WHERE …` for the target, and its numeric parameters. */
export function viewOf(c: Connected, t: Target, view: string): { from: string; where: string; params: number[] } {
  const schema = c.tenant.oracle ? "SYS" : "oceanbase";
  return c.tenant.isSys
    ? { from: `${schema}.CDB_${view}`, where: "TENANT_ID = ?", params: [t.tenantId] }
    : { from: `${schema}.DBA_${view}`, where: "1 = 1", params: [] };
}

/** The outputs every policy resource carries about its target. */
export function targetOutputs(c: Connected, t: Target): { tenant: string; tenantId: number; connectedTenant: string } {
  return { tenant: t.tenantName, tenantId: t.tenantId, connectedTenant: c.tenant.tenantName };
}
