// TenantBackupPolicy: one tenant's whole backup policy as one object, composed of the three policy
// resources in the order of reference §5.2 (destination, cleanup policy, then archiving on and DOING).

import * as pulumi from "@pulumi/pulumi";
import { BackupCleanupPolicy, BackupDestination, LogArchive, TenantBackupPolicyArgs } from "./resources.generated";

export class TenantBackupPolicy extends pulumi.ComponentResource {
  readonly destination: BackupDestination;
  readonly cleanup: BackupCleanupPolicy | undefined;
  readonly archive: LogArchive;
  readonly tenant: pulumi.Output<string>;
  readonly dataBackupPath: pulumi.Output<string>;
  readonly archivePath: pulumi.Output<string>;
  readonly archiveStatus: pulumi.Output<string>;
  readonly cleanupEnabled: pulumi.Output<boolean>;
  readonly recoveryWindow: pulumi.Output<string>;

  constructor(name: string, args: TenantBackupPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oceanbase-backup:index:TenantBackupPolicy", name, {}, opts);
    const common = { connection: args.connection, tenant: args.tenant, timeoutSeconds: args.timeoutSeconds };
    this.destination = new BackupDestination(`${name}-destination`, { ...common, uri: args.dataBackupUri }, { parent: this });
    this.cleanup =
      args.recoveryWindow === undefined
        ? undefined
        : new BackupCleanupPolicy(
            `${name}-cleanup`,
            { connection: args.connection, tenant: args.tenant, recoveryWindow: args.recoveryWindow },
            { parent: this, dependsOn: [this.destination] },
          );
    this.archive = new LogArchive(
      `${name}-archive`,
      {
        ...common,
        location: args.archiveLocation,
        binding: args.binding,
        pieceSwitchInterval: args.pieceSwitchInterval,
        archiving: args.archiving,
        allowRestartForDestinationChange: args.allowRestartForDestinationChange,
      },
      { parent: this, dependsOn: this.cleanup ? [this.destination, this.cleanup] : [this.destination] },
    );
    this.tenant = this.destination.tenant;
    this.dataBackupPath = this.destination.path;
    this.archivePath = this.archive.path;
    this.archiveStatus = this.archive.roundStatus;
    this.cleanupEnabled = this.cleanup ? this.cleanup.enabled : pulumi.output(false);
    this.recoveryWindow = this.cleanup ? this.cleanup.recoveryWindow : pulumi.output("");
    this.registerOutputs({
      tenant: this.tenant,
      dataBackupPath: this.dataBackupPath,
      archivePath: this.archivePath,
      archiveStatus: this.archiveStatus,
      cleanupEnabled: this.cleanupEnabled,
      recoveryWindow: this.recoveryWindow,
    });
  }
}
