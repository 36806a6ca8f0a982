// The demo: one tenant's backup policy (destination, cleanup, log archive) and a backup job whose desired
// state comes from config, so the same program first runs the backup and then, with jobState=cancelled,
// stops it. `npm run demo` runs it against the embedded emulator; see examples/demo/README.md.
import * as pulumi from "@pulumi/pulumi";
import * as ob from "pulumi-oceanbase-backup";

const config = new pulumi.Config();
const tenant = config.get("tenant") ?? "mysql_tenant";

const policy = new ob.TenantBackupPolicy(tenant, {
  tenant,
  dataBackupUri: `file:///backup/${tenant}/data`,
  archiveLocation: `file:///backup/${tenant}/archive`,
  recoveryWindow: "7d",
});

const job = new ob.BackupJob(
  "demo-backup",
  {
    tenants: [tenant],
    description: "demo",
    state: config.get("jobState") === "cancelled" ? "cancelled" : "running",
  },
  { dependsOn: [policy] },
);

export const archiveStatus = policy.archiveStatus;
export const cleanup = policy.recoveryWindow;
export const backupStatus = job.status;
export const backupJobs = job.jobs.apply((js) => js.map((j) => `${j.tenant} job ${j.jobId} (set ${j.backupSetId}): ${j.status}, ${j.progress}%`));
