// A restore drill: a backup that has never been restored is a hope. Back the tenant up, restore that backup into
// a scratch tenant, wait for SUCCESS, show the scratch tenant is there and answers, and drop it on destroy.
import * as pulumi from "@pulumi/pulumi";
import * as ob from "pulumi-oceanbase-backup";

const config = new pulumi.Config();
const tenant = config.require("tenant");
const scratch = config.get("scratchTenant") ?? `${tenant}_drill`;

const policy = new ob.TenantBackupPolicy(tenant, {
  tenant,
  dataBackupUri: config.getSecret("dataUri") ?? `file:///backup/${tenant}/data`,
  archiveLocation: config.getSecret("archiveUri") ?? `file:///backup/${tenant}/archive`,
});

const backup = new ob.BackupJob("drill-backup", { tenants: [policy.tenant], description: "restore drill", waitForCompletion: true }, { dependsOn: [policy] });

// the backup this run took, restored to the newest archived log, onto a unit and pool made for the drill;
// `pulumi destroy` drops the scratch tenant, then its pool and unit
const drill = new ob.TenantRestore("drill", {
  tenantName: scratch,
  ...ob.restoreSourceOf(policy, backup),
  until: config.get("until") ?? "latest",
  unit: { maxCpu: 1, memorySize: "5G" },
  // `pulumi config set state cancelled` stops a restore that still runs (CANCEL RESTORE drops the scratch tenant);
  // `pulumi config set wait false` returns as soon as OceanBase created the tenant
  state: config.get("state") === "cancelled" ? "cancelled" : "running",
  waitForCompletion: config.getBoolean("wait") ?? true,
  activate: config.getBoolean("wait") ?? true,
  timeoutSeconds: 4 * 3600,
});

export const restoreStatus = drill.status;
export const restoredTenant = pulumi.interpolate`${drill.tenantName} (TENANT_ID ${drill.restoredTenantId}, ${drill.tenantStatus}, ${drill.tenantRole})`;
export const restoredTo = drill.restoredTo;
export const backupSets = drill.backupSets;
// read back from inside the scratch tenant, logged in as its own admin (a restore copies the source's users and
// passwords). Asked only once the restore exists: at the first preview its status is not known yet.
export const scratchAnswers = drill.tenantStatus.apply((s) =>
  s === "NORMAL" ? ob.getArchiveStatus({ connection: "scratch_admin" }).then((a) => `logged in to ${a.tenant}: ${a.logMode}`) : `not restored (${s})`,
);
