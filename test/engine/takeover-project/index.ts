// One tenant's backup policy, first as three resources of their own, then (config owner=policy) as one
// TenantBackupPolicy with the very same values: Pulumi creates the new ones, then deletes the old ones, in one
// run. The old ones' deletes must not undo what the new ones took over.
import * as pulumi from "@pulumi/pulumi";
import * as ob from "pulumi-oceanbase-backup";

const c = new pulumi.Config();
const tenant = "mysql_tenant";
const values = { dataBackupUri: "file:///takeover/data", archiveLocation: "file:///takeover/archive", recoveryWindow: "7d" };

if (c.get("owner") === "policy") {
  new ob.TenantBackupPolicy("mysql", { tenant, ...values });
} else {
  const dest = new ob.BackupDestination("dest", { tenant, uri: values.dataBackupUri });
  new ob.BackupCleanupPolicy("cleanup", { tenant, recoveryWindow: values.recoveryWindow }, { dependsOn: [dest] });
  new ob.LogArchive("archive", { tenant, location: values.archiveLocation }, { dependsOn: [dest] });
}
