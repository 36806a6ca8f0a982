// One TenantBackupPolicy per tenant, from one list in config: destination, automatic cleanup, log archive.
import * as pulumi from "@pulumi/pulumi";
import * as ob from "pulumi-oceanbase-backup";

interface TenantConfig {
  name: string;
  /** data backup destination; with object storage it carries access keys, so keep the list a secret */
  dataUri: string;
  archiveUri: string;
  recoveryWindow?: string;
}

const config = new pulumi.Config();
const tenants = config.requireObject<TenantConfig[]>("tenants");

const policies = tenants.map(
  (t) =>
    new ob.TenantBackupPolicy(t.name, {
      tenant: t.name,
      dataBackupUri: pulumi.secret(t.dataUri),
      archiveLocation: pulumi.secret(t.archiveUri),
      recoveryWindow: t.recoveryWindow,
    }),
);

export const archive = pulumi.all(policies.map((p) => pulumi.all([p.tenant, p.archiveStatus]))).apply((rows) => rows.map(([t, s]) => `${t}: ${s}`));
export const cleanup = pulumi.all(policies.map((p) => pulumi.all([p.tenant, p.recoveryWindow]))).apply((rows) => rows.map(([t, w]) => `${t}: ${w || "off"}`));
