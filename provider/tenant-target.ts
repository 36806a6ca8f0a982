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

export async function resolveTarget(c: Connected, declared: string | undefined, doing: string): Promise<Target> {
  if (!c.tenant.isSys) {
    if (declared !== undefined && declared.toLowerCase() !== c.tenant.tenantName.toLowerCase()) {
      throw new ProviderError(
        `${doing}: connected to tenant ${c.tenant.tenantName}, which can only configure itself, but tenant is ${declared}; connect to sys (root@sys) to configure other tenants`,
      );
    }
    return { tenantId: c.tenant.tenantId, tenantName: c.tenant.tenantName, clauseTenant: null };
  }
  if (declared === undefined) {
    throw new ProviderError(`${doing}: connected to sys, so tenant must name the tenant to configure`);
  }
  const t = (await ob.listTenants(c)).find((x) => x.tenantName.toLowerCase() === declared.toLowerCase());
  if (!t) throw new ProviderError(`${doing}: no user tenant named ${declared} in ${c.describe}`);
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
