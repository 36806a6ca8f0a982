// What a deployment pipeline runs before a release: make sure the tenant's backup policy is in place, take a
// full backup, wait for it, and fail the deployment if the backup fails.
import * as pulumi from "@pulumi/pulumi";
import * as ob from "pulumi-oceanbase-backup";

const config = new pulumi.Config();
const tenant = config.require("tenant");
const releaseId = config.require("releaseId");

const policy = new ob.TenantBackupPolicy(tenant, {
  tenant,
  dataBackupUri: config.getSecret("dataUri") ?? `file:///backup/${tenant}/data`,
  archiveLocation: config.getSecret("archiveUri") ?? `file:///backup/${tenant}/archive`,
  recoveryWindow: "14d",
});

// a new releaseId changes the description, which replaces the job: one full backup per release
const backup = new ob.BackupJob(
  "pre-release",
  {
    tenants: [policy.tenant], // an output: unknown during the first preview, known once the policy exists
    backupType: "FULL",
    description: `pre-release ${releaseId}`,
    waitForCompletion: true,
    timeoutSeconds: 6 * 3600,
    backupPassword: config.getSecret("backupPassword"),
  },
  { dependsOn: [policy] },
);

export const backupStatus = backup.status;
export const backupSet = backup.jobs.apply((js) => js.map((j) => ({ tenant: j.tenant, backupSetId: j.backupSetId, endTime: j.endTime })));

// Optional (`pulumi config set restoreDrill true`): fail the deployment if this backup does not restore. The
// backup is restored into a scratch tenant, waited for, and kept until the next release replaces it (a new
// backup, so a new drill) or `pulumi destroy` drops it.
const drill = config.getBoolean("restoreDrill")
  ? new ob.TenantRestore("restore-drill", {
      tenantName: `${tenant}_drill`,
      ...ob.restoreSourceOf(policy, backup),
      unit: { maxCpu: 1, memorySize: "5G" },
      description: `drill of pre-release ${releaseId}`,
      decryptionPasswords: config.getSecret("backupPassword")?.apply((p) => [p]),
      timeoutSeconds: 6 * 3600,
    })
  : undefined;
export const drillStatus = drill?.status ?? "not asked (restoreDrill)";
export const drillRestoredTo = drill?.restoredTo ?? "";
