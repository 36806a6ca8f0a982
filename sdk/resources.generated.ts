// GENERATED from schema.json by `npm run codegen`. Do not edit.
import * as pulumi from "@pulumi/pulumi";
import * as backupJobProvider from "../provider/backup-job";
import type { BackupType, BackupJobState, ConnectionProfile, TenantBackupJob, SkippedTenant } from "../provider/types.generated";
export type { BackupType, BackupJobState, ConnectionProfile, TenantBackupJob, SkippedTenant };

/** The arguments of a BackupJob. */
export interface BackupJobArgs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. */
  connection?: pulumi.Input<string>;
  /** Tenants to back up (or cancel). Omitted: every user tenant when connected to sys, the tenant itself when connected to a user tenant. Connected to a user tenant, only that tenant may be named. */
  tenants?: pulumi.Input<pulumi.Input<string>[]>;
  /** FULL or INCREMENTAL. */
  backupType?: pulumi.Input<BackupType>;
  /** Back up the archive logs needed to restore the set too (`PLUS ARCHIVELOG`, OceanBase 4.2.0 and later). */
  plusArchivelog?: pulumi.Input<boolean>;
  /** Text stored with the job (`DESCRIPTION`). The provider appends a marker `[pulumi:<key>]` that lets it find the job again after a lost connection. */
  description?: pulumi.Input<string>;
  /** Encrypt the backup with this password (`SET ENCRYPTION ON IDENTIFIED BY … ONLY` on the same session as the BACKUP statement). If it cannot be applied the backup is not started. */
  backupPassword?: pulumi.Input<string>;
  /** `running` or `cancelled`; changing it is an in-place update. */
  state?: pulumi.Input<BackupJobState>;
  /** Wait until every job ends; fail the deployment if one FAILED or was cancelled outside Pulumi. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Deadline of every wait of this resource (completion, identification, cancel). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds?: pulumi.Input<number>;
  /** On delete, cancel a job of this resource that still runs (default). When false, delete only forgets it. */
  cancelOnDelete?: pulumi.Input<boolean>;
  /** Adopt an existing job instead of starting one: connected to sys, the sys job id (TENANT_ID 1 in CDB_OB_BACKUP_JOBS); connected to a user tenant, its own job id. */
  adoptJobId?: pulumi.Input<number>;
}

/** A data backup job of one or more tenants, with a desired state. Creating it in state `running` issues `ALTER SYSTEM BACKUP` (from sys: `BACKUP [INCREMENTAL] DATABASE` for every tenant or `BACKUP [INCREMENTAL] TENANT = a, b`; from a user tenant: `BACKUP [INCREMENTAL] DATABASE` for itself) and identifies exactly the jobs it started. Changing `state` to `cancelled` issues `ALTER SYSTEM CANCEL BACKUP` for the tenants whose job from this resource still runs. Creating it in state `cancelled` stops what is running for its tenants now. Refresh reads the live status; deleting it cancels a job that still runs (unless `cancelOnDelete` is false) and never deletes backup data. `pulumi import` does not work for dynamic providers: adopt an existing job with `adoptJobId`. */
export class BackupJob extends pulumi.dynamic.Resource {
  /** The connection profile used. */
  declare readonly connection: pulumi.Output<string | undefined>;
  /** The tenants as declared. */
  declare readonly tenants: pulumi.Output<string[] | undefined>;
  /** FULL or INCREMENTAL. */
  declare readonly backupType: pulumi.Output<BackupType>;
  /** Whether archive logs are backed up with the set. */
  declare readonly plusArchivelog: pulumi.Output<boolean>;
  /** The description as declared. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The backup password (secret). */
  declare readonly backupPassword: pulumi.Output<string | undefined>;
  /** The declared state. */
  declare readonly state: pulumi.Output<BackupJobState>;
  /** Whether create waits for completion. */
  declare readonly waitForCompletion: pulumi.Output<boolean>;
  /** Wait deadline in seconds. */
  declare readonly timeoutSeconds: pulumi.Output<number>;
  /** Whether delete cancels a running job. */
  declare readonly cancelOnDelete: pulumi.Output<boolean>;
  /** The adopted job id, if any. */
  declare readonly adoptJobId: pulumi.Output<number | undefined>;
  /** The tenant the provider logged in to (`sys` or a user tenant). */
  declare readonly connectedTenant: pulumi.Output<string>;
  /** Marker in the jobs' DESCRIPTION that identifies this resource's jobs. */
  declare readonly jobKey: pulumi.Output<string>;
  /** The sys (umbrella) job id when started from sys; 0 otherwise. */
  declare readonly sysJobId: pulumi.Output<number>;
  /** Per tenant: the job this resource started, adopted, or (created as `cancelled`) cancelled. */
  declare readonly jobs: pulumi.Output<TenantBackupJob[]>;
  /** Tenants OceanBase skipped when the backup was started from sys, with the reason. */
  declare readonly skippedTenants: pulumi.Output<SkippedTenant[]>;
  /** Overall status: RUNNING while any job is INIT or DOING, CANCELING, then COMPLETED (all completed), CANCELED (all cancelled), FAILED (any failed), or NONE (no job). */
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: BackupJobArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      connection: undefined,
      tenants: undefined,
      backupType: undefined,
      plusArchivelog: undefined,
      description: undefined,
      state: undefined,
      waitForCompletion: undefined,
      timeoutSeconds: undefined,
      cancelOnDelete: undefined,
      adoptJobId: undefined,
      connectedTenant: undefined,
      jobKey: undefined,
      sysJobId: undefined,
      jobs: undefined,
      skippedTenants: undefined,
      status: undefined,
      ...args,
      backupPassword: args.backupPassword === undefined ? undefined : pulumi.secret(args.backupPassword),
    };
    super(backupJobProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["backupPassword"] }), "oceanbase", "BackupJob");
  }
}
