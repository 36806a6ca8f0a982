// Where a TenantRestore reads its backup from, taken from a TenantBackupPolicy of the same stack: the
// destinations as the policy's resources hold them (secrets stay secrets), and, when a BackupJob is given, a
// dependency on it, so that a drill restores the backup the same `pulumi up` took.

import * as pulumi from "@pulumi/pulumi";
import type { BackupJob } from "./resources.generated";
import type { TenantBackupPolicy } from "./tenant-backup-policy";

export interface RestoreSource {
  dataBackupUri: pulumi.Output<string>;
  archiveLocation: pulumi.Output<string>;
}

export function restoreSourceOf(policy: TenantBackupPolicy, after?: BackupJob): RestoreSource {
  // the job's status is only waited for: an Output's resources are the restore's dependencies
  const gate = <T>(o: pulumi.Output<T>) => (after ? pulumi.all([o, after.status]).apply(([v]) => v) : o);
  return {
    dataBackupUri: gate(policy.destination.uri as pulumi.Output<string>),
    archiveLocation: gate(policy.archive.location as pulumi.Output<string>),
  };
}
