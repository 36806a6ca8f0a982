// GENERATED from schema.json by `npm run codegen`. Do not edit.
import * as pulumi from "@pulumi/pulumi";
import { providerRef } from "./provider-ref";
import { resourceKeyOf } from "./resource-key";
import type { BackupType, BackupJobState, DestinationOnDelete, ArchiveOnDelete, ArchiveBinding, ArchiveDestState, RestoreState, RestoreOnDelete, ConnectionProfile, TenantBackupJob, SkippedTenant, CleanupJob, BackupSet, ArchiveStatus, RestoreUnit, GetBackupJobsArgs, GetBackupJobsResult, GetBackupSetsArgs, GetBackupSetsResult, GetArchiveStatusArgs, GetArchiveStatusResult } from "../provider/types.generated";
export type { BackupType, BackupJobState, DestinationOnDelete, ArchiveOnDelete, ArchiveBinding, ArchiveDestState, RestoreState, RestoreOnDelete, ConnectionProfile, TenantBackupJob, SkippedTenant, CleanupJob, BackupSet, ArchiveStatus, RestoreUnit, GetBackupJobsArgs, GetBackupJobsResult, GetBackupSetsArgs, GetBackupSetsResult, GetArchiveStatusArgs, GetArchiveStatusResult };

const backupJobProvider = providerRef("backup-job");
const backupDestinationProvider = providerRef("backup-destination");
const logArchiveProvider = providerRef("log-archive");
const backupCleanupPolicyProvider = providerRef("backup-cleanup-policy");
const tenantRestoreProvider = providerRef("tenant-restore");

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
  /** Text stored with the job (`DESCRIPTION`). The provider appends a marker `[pulumi:<key>]` that identifies the resource's jobs: derived from `resourceKey`, `generation` and the inputs that force a replacement, so that a retry after a lost connection or a run that died finds the job again. */
  description?: pulumi.Input<string>;
  /** Encrypt the backup with this password (`SET ENCRYPTION ON IDENTIFIED BY … ONLY` on the same session as the BACKUP statement). If it cannot be applied the backup is not started. */
  backupPassword?: pulumi.Input<string>;
  /** `running` or `cancelled`. `running` to `cancelled` is an in-place update that cancels this resource's jobs; `cancelled` to `running` replaces the resource, since a cancelled backup cannot resume: preview shows it as a replacement, and the new resource starts a new backup. */
  state?: pulumi.Input<BackupJobState>;
  /** Wait until every job ends; fail the deployment if one FAILED or was cancelled outside Pulumi. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Deadline of every wait of this resource (completion, identification, cancel). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds?: pulumi.Input<number>;
  /** On delete, cancel a job of this resource that still runs (default). When false, delete only forgets it. */
  cancelOnDelete?: pulumi.Input<boolean>;
  /** Adopt an existing job instead of starting one: connected to sys, the sys job id (TENANT_ID 1 in CDB_OB_BACKUP_JOBS); connected to a user tenant, its own job id. */
  adoptJobId?: pulumi.Input<number>;
  /** Set by the SDK, do not set it yourself: a hash of the project, stack, resource type and name. With it the `[pulumi:<key>]` marker on the jobs' DESCRIPTION is derived rather than random, so that a create retried after `pulumi up` died (the state holds no resource) finds the job it had started before it sends anything, and adopts it instead of starting a second backup. Not compared by diff. */
  resourceKey?: pulumi.Input<string>;
  /** Set by check, do not set it yourself: 0 for a resource new to the stack, one more than recorded for one the stack holds. Part of the derived marker, so a replacement never finds its predecessor's job. Not compared by diff. */
  generation?: pulumi.Input<number>;
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
  /** The declared state; after `pulumi refresh`, `cancelled` when the jobs were cancelled outside Pulumi (the refresh shows it as a change, and an `up` that still declares `running` replaces the job: a new backup). */
  declare readonly state: pulumi.Output<BackupJobState>;
  /** Whether create waits for completion. */
  declare readonly waitForCompletion: pulumi.Output<boolean>;
  /** Wait deadline in seconds. */
  declare readonly timeoutSeconds: pulumi.Output<number>;
  /** Whether delete cancels a running job. */
  declare readonly cancelOnDelete: pulumi.Output<boolean>;
  /** The adopted job id, if any. */
  declare readonly adoptJobId: pulumi.Output<number | undefined>;
  /** The SDK's key of the resource (project, stack, type and name, hashed). */
  declare readonly resourceKey: pulumi.Output<string | undefined>;
  /** The generation check gave the inputs (0: new to the stack). */
  declare readonly generation: pulumi.Output<number | undefined>;
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
      generation: undefined,
      connectedTenant: undefined,
      jobKey: undefined,
      sysJobId: undefined,
      jobs: undefined,
      skippedTenants: undefined,
      status: undefined,
      ...args,
      backupPassword: args.backupPassword === undefined ? undefined : pulumi.secret(args.backupPassword),
      resourceKey: args.resourceKey ?? resourceKeyOf("oceanbase-backup:index:BackupJob", name),
    };
    super(backupJobProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["backupPassword"] }), "oceanbase", "BackupJob");
  }
}

/** The arguments of a BackupDestination. */
export interface BackupDestinationArgs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. */
  connection?: pulumi.Input<string>;
  /** The tenant to configure. Required when connected to sys (statements then carry `TENANT = <tenant>`); connected as a tenant's admin it may be omitted or must name that tenant. */
  tenant?: pulumi.Input<string>;
  /** The destination: `file:///absolute/path` (NFS), `oss://bucket/path?host=…&access_id=…&access_key=…`, `cos://…&appid=…` or `s3://…&s3_region=…`, optionally `&delete_mode=delete|tagging`. Each tenant needs its own empty directory. */
  uri: pulumi.Input<string>;
  /** `restore` (default) or `keep`. */
  onDelete?: pulumi.Input<DestinationOnDelete>;
  /** Deadline in seconds of every wait of this resource (e.g. archiving reaching DOING or STOP). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds?: pulumi.Input<number>;
}

/** A tenant's data backup destination (`ALTER SYSTEM SET DATA_BACKUP_DEST`). The URI's access keys make it a secret; the path without credentials is an ordinary output. Refresh reads it back from the BACKUP_PARAMETER views and shows a change made outside Pulumi as drift, which the next `up` restores. OceanBase refuses a change while any backup job row of the tenant exists (9036); the provider waits while only finished jobs block. Delete restores the previous destination (or clears it) unless `onDelete` is `keep`. */
export class BackupDestination extends pulumi.dynamic.Resource {
  /** The connection profile used. */
  declare readonly connection: pulumi.Output<string | undefined>;
  /** The tenant configured. */
  declare readonly tenant: pulumi.Output<string>;
  /** Its tenant id. */
  declare readonly tenantId: pulumi.Output<number>;
  /** The tenant the provider logged in to (`sys` or the tenant itself). */
  declare readonly connectedTenant: pulumi.Output<string>;
  /** The destination as set (secret). */
  declare readonly uri: pulumi.Output<string>;
  /** What delete does. */
  declare readonly onDelete: pulumi.Output<DestinationOnDelete>;
  /** Wait deadline in seconds. */
  declare readonly timeoutSeconds: pulumi.Output<number>;
  /** The destination without credentials, as backup jobs show it. */
  declare readonly path: pulumi.Output<string>;
  /** The destination's id in the BACKUP_STORAGE_INFO views. */
  declare readonly destId: pulumi.Output<number>;
  /** What the tenant had before this resource set it (empty: nothing), restored on delete. */
  declare readonly previousUri: pulumi.Output<string>;

  constructor(name: string, args: BackupDestinationArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      connection: undefined,
      tenant: undefined,
      tenantId: undefined,
      connectedTenant: undefined,
      onDelete: undefined,
      timeoutSeconds: undefined,
      path: undefined,
      destId: undefined,
      previousUri: undefined,
      ...args,
      uri: args.uri === undefined ? undefined : pulumi.secret(args.uri),
    };
    super(backupDestinationProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["uri","previousUri"] }), "oceanbase", "BackupDestination");
  }
}

/** The arguments of a LogArchive. */
export interface LogArchiveArgs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. */
  connection?: pulumi.Input<string>;
  /** The tenant to configure. Required when connected to sys (statements then carry `TENANT = <tenant>`); connected as a tenant's admin it may be omitted or must name that tenant. */
  tenant?: pulumi.Input<string>;
  /** The archive destination URI (same forms as a data backup destination; a different directory). */
  location: pulumi.Input<string>;
  /** `OPTIONAL` (default) or `MANDATORY`. */
  binding?: pulumi.Input<ArchiveBinding>;
  /** How often a new archive piece starts, in OceanBase's time grammar, a whole number of days from 1d to 7d (e.g. `1d`, `48h`, `7d`): OceanBase keeps the interval in whole days, truncating (`36h` would be `1d`), so other values are refused. Compared as a duration: `48h` and the `2d` OceanBase shows are the same. */
  pieceSwitchInterval?: pulumi.Input<string>;
  /** `ENABLE` (default) or `DEFER` (suspend archiving). */
  destState?: pulumi.Input<ArchiveDestState>;
  /** Archiving on (`ARCHIVELOG`, default) or off (`NOARCHIVELOG`). */
  archiving?: pulumi.Input<boolean>;
  /** When archiving is on and ENABLEd, wait until the round is DOING (default), which a data backup needs. */
  waitForDoing?: pulumi.Input<boolean>;
  /** Let the provider stop archiving, wait for STOP, change the destination and start archiving again when `location`, `binding` or `pieceSwitchInterval` change while archiving runs. */
  allowRestartForDestinationChange?: pulumi.Input<boolean>;
  /** `stop` (default) or `keep`. */
  onDelete?: pulumi.Input<ArchiveOnDelete>;
  /** Deadline in seconds of every wait of this resource (e.g. archiving reaching DOING or STOP). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds?: pulumi.Input<number>;
}

/** A tenant's log archiving: the archive destination (`SET LOG_ARCHIVE_DEST = 'LOCATION=… BINDING=… PIECE_SWITCH_INTERVAL=…'`), its state (`LOG_ARCHIVE_DEST_STATE`), and archiving on or off (`ARCHIVELOG` / `NOARCHIVELOG`). Turning archiving on waits until the round is DOING, and fails clearly when it is INTERRUPTED. OceanBase refuses a destination change while archiving runs; with `allowRestartForDestinationChange` the provider follows the documented order (NOARCHIVELOG, wait for STOP, set, ARCHIVELOG), otherwise preview explains why the change needs it. Idempotent: the log mode is read before ARCHIVELOG / NOARCHIVELOG is sent. */
export class LogArchive extends pulumi.dynamic.Resource {
  /** The connection profile used. */
  declare readonly connection: pulumi.Output<string | undefined>;
  /** The tenant configured. */
  declare readonly tenant: pulumi.Output<string>;
  /** Its tenant id. */
  declare readonly tenantId: pulumi.Output<number>;
  /** The tenant the provider logged in to (`sys` or the tenant itself). */
  declare readonly connectedTenant: pulumi.Output<string>;
  /** The archive destination as set (secret). */
  declare readonly location: pulumi.Output<string>;
  /** Binding as OceanBase stores it. */
  declare readonly binding: pulumi.Output<ArchiveBinding>;
  /** Piece switch interval as set. */
  declare readonly pieceSwitchInterval: pulumi.Output<string>;
  /** Destination state as set. */
  declare readonly destState: pulumi.Output<ArchiveDestState>;
  /** Whether the tenant is in ARCHIVELOG mode. */
  declare readonly archiving: pulumi.Output<boolean>;
  /** Whether turning on waits for DOING. */
  declare readonly waitForDoing: pulumi.Output<boolean>;
  /** Whether destination changes may restart archiving. */
  declare readonly allowRestartForDestinationChange: pulumi.Output<boolean>;
  /** What delete does. */
  declare readonly onDelete: pulumi.Output<ArchiveOnDelete>;
  /** Wait deadline in seconds. */
  declare readonly timeoutSeconds: pulumi.Output<number>;
  /** The destination without credentials. */
  declare readonly path: pulumi.Output<string>;
  /** Current archive round (0: none). */
  declare readonly roundId: pulumi.Output<number>;
  /** PREPARE, BEGINNING, DOING, INTERRUPTED, STOPPING, STOP, SUSPENDING, SUSPEND, or NONE. */
  declare readonly roundStatus: pulumi.Output<string>;
  /** Logs up to this time (ISO 8601, UTC) are archived; empty when none. */
  declare readonly checkpointTime: pulumi.Output<string>;

  constructor(name: string, args: LogArchiveArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      connection: undefined,
      tenant: undefined,
      tenantId: undefined,
      connectedTenant: undefined,
      binding: undefined,
      pieceSwitchInterval: undefined,
      destState: undefined,
      archiving: undefined,
      waitForDoing: undefined,
      allowRestartForDestinationChange: undefined,
      onDelete: undefined,
      timeoutSeconds: undefined,
      path: undefined,
      roundId: undefined,
      roundStatus: undefined,
      checkpointTime: undefined,
      ...args,
      location: args.location === undefined ? undefined : pulumi.secret(args.location),
    };
    super(logArchiveProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["location"] }), "oceanbase", "LogArchive");
  }
}

/** The arguments of a BackupCleanupPolicy. */
export interface BackupCleanupPolicyArgs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. */
  connection?: pulumi.Input<string>;
  /** The tenant to configure. Required when connected to sys (statements then carry `TENANT = <tenant>`); connected as a tenant's admin it may be omitted or must name that tenant. */
  tenant?: pulumi.Input<string>;
  /** How long backups stay restorable, in OceanBase's time grammar: a whole number, then a unit us, ms, s, m, h or d (no unit means seconds), e.g. `7d` or `36h`; `0` keeps everything. */
  recoveryWindow: pulumi.Input<string>;
  /** Whether the policy exists (default true). */
  enabled?: pulumi.Input<boolean>;
  /** When disabling (or deleting), also `CANCEL DELETE BACKUP` a cleanup that is running. */
  cancelRunningCleanupOnDisable?: pulumi.Input<boolean>;
}

/** Automatic cleanup of a tenant's obsolete backups: `ALTER SYSTEM ADD DELETE BACKUP POLICY 'default' RECOVERY_WINDOW '…'`. OceanBase then starts a DELETE OBSOLETE BACKUP job at its hourly cleanup trigger, which also clears the incomplete data of a cancelled backup: a cancel starts no cleanup itself, so that data is cleared within the hour after the cancel, not at once. A new window is DROP then ADD in one update (OceanBase has no in-place change). `enabled: false` drops the policy, and cancels a running cleanup when `cancelRunningCleanupOnDisable` is set. Delete drops the policy. */
export class BackupCleanupPolicy extends pulumi.dynamic.Resource {
  /** The connection profile used. */
  declare readonly connection: pulumi.Output<string | undefined>;
  /** The tenant configured. */
  declare readonly tenant: pulumi.Output<string>;
  /** Its tenant id. */
  declare readonly tenantId: pulumi.Output<number>;
  /** The tenant the provider logged in to (`sys` or the tenant itself). */
  declare readonly connectedTenant: pulumi.Output<string>;
  /** The recovery window as OceanBase shows it. */
  declare readonly recoveryWindow: pulumi.Output<string>;
  /** Whether the policy exists. */
  declare readonly enabled: pulumi.Output<boolean>;
  /** Whether disabling cancels a running cleanup. */
  declare readonly cancelRunningCleanupOnDisable: pulumi.Output<boolean>;
  /** Always `default`. */
  declare readonly policyName: pulumi.Output<string>;
  /** The newest cleanup job of the tenant, if any, as last read: by refresh and update (a create that adds the policy sends only the ADD, so it is known from the next refresh). OceanBase starts automatic cleanup only at its hourly trigger, so after a cancelled backup this shows the clearing job within the hour, not at once. */
  declare readonly lastCleanupJob: pulumi.Output<CleanupJob | undefined>;

  constructor(name: string, args: BackupCleanupPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      connection: undefined,
      tenant: undefined,
      tenantId: undefined,
      connectedTenant: undefined,
      enabled: undefined,
      cancelRunningCleanupOnDisable: undefined,
      policyName: undefined,
      lastCleanupJob: undefined,
      ...args,
    };
    super(backupCleanupPolicyProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: [] }), "oceanbase", "BackupCleanupPolicy");
  }
}

/** The arguments of a TenantRestore. */
export interface TenantRestoreArgs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. It must log in to the sys tenant: OceanBase runs restores from sys only. */
  connection?: pulumi.Input<string>;
  /** The new tenant to restore into; it must not exist yet. Case-sensitive, as OceanBase's tenant names are. */
  tenantName: pulumi.Input<string>;
  /** The data backup destination the backup sets are in: the source tenant's `DATA_BACKUP_DEST` (required unless adoptJobId is set; same forms as BackupDestination's `uri`). Use `restoreSourceOf(policy)` to take it from a TenantBackupPolicy of the same stack. */
  dataBackupUri?: pulumi.Input<string>;
  /** The log archive destination of the source tenant (LogArchive's `location`). Needed for any point after the newest backup set; omitted, only a backup taken `PLUS ARCHIVELOG` can be restored, to its own end. */
  archiveLocation?: pulumi.Input<string>;
  /** The point to restore to: `latest` (the newest archived log), a time `YYYY-MM-DD HH:MM:SS[.ffffff]` (OceanBase reads it in the time zone recorded in the backup, not the session's), or an SCN (digits). */
  until?: pulumi.Input<string>;
  /** Passwords of encrypted backup sets (`SET DECRYPTION IDENTIFIED BY`, on the same session as the RESTORE): the full backup's and the incremental ones'. */
  decryptionPasswords?: pulumi.Input<pulumi.Input<string>[]>;
  /** An existing resource pool, not granted to any tenant, to restore onto (`pool_list`). Set this or `unit`. */
  pool?: pulumi.Input<string>;
  /** Create a unit config and a pool for the restored tenant (`<tenantName>_restore_unit`, `<tenantName>_restore_pool`, one unit per zone); they are dropped with the tenant. Set this or `pool`. */
  unit?: pulumi.Input<RestoreUnit>;
  /** The created pool's `ZONE_LIST`; default: every zone of the cluster (DBA_OB_ZONES). */
  zones?: pulumi.Input<pulumi.Input<string>[]>;
  /** `primary_zone` of the restored tenant, e.g. `zone1` or `zone1;zone2,zone3`; default: the pools' zones. */
  primaryZone?: pulumi.Input<string>;
  /** `concurrency` of the restore (0–100): a floor for the restored tenant's `ha_high_thread_score` while it restores. */
  concurrency?: pulumi.Input<number>;
  /** Text stored with the restore job (`DESCRIPTION`). The provider appends a marker `[pulumi:<key>]` that identifies the resource's job, derived like BackupJob's, so that a retry after a run that died finds the restore it started and never sends a second one. */
  description?: pulumi.Input<string>;
  /** `running` or `cancelled`. `running` to `cancelled` cancels the restore if it still runs (the tenant being restored is dropped, then the pool and unit this resource created); `cancelled` to `running` replaces the resource: a new restore. */
  state?: pulumi.Input<RestoreState>;
  /** Wait until the restore ends; fail the deployment (the resource recorded) if it FAILED or was cancelled outside Pulumi. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Deadline of every wait of this resource (the RESTORE statement itself blocks until the tenant is created, up to OceanBase's own 10 minutes). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Once the restore succeeded, make the restored tenant a primary (`ALTER SYSTEM ACTIVATE STANDBY TENANT = …`, then wait for TENANT_ROLE PRIMARY); false leaves it a standby. Needs waitForCompletion. A tenant once activated stays a primary. */
  activate?: pulumi.Input<boolean>;
  /** `drop` (default): deleting the resource drops the restored tenant and the pool and unit it created. `keep`: they stay. */
  onDelete?: pulumi.Input<RestoreOnDelete>;
  /** Adopt a restore that exists already instead of starting one: the JOB_ID of its sys row (TENANT_ID 1 in CDB_OB_RESTORE_PROGRESS or _HISTORY) restoring into `tenantName`. Then dataBackupUri is not needed and nothing is sent until a cancel or delete. */
  adoptJobId?: pulumi.Input<number>;
  /** Set by the SDK, do not set it yourself: a hash of the project, stack, resource type and name, from which the restore job's `[pulumi:<key>]` marker is derived. Not compared by diff. */
  resourceKey?: pulumi.Input<string>;
  /** Set by check, do not set it yourself: 0 for a resource new to the stack, one more than recorded for one the stack holds. Not compared by diff. */
  generation?: pulumi.Input<number>;
}

/** A physical restore of a tenant's backup into a new tenant, with a desired state: the restore drill that proves a backup restores, or the restore on the bad day. Creating it issues `ALTER SYSTEM RESTORE <tenantName> FROM '<data>,<archive>' [UNTIL TIME = … | UNTIL SCN = …] WITH 'pool_list=…'` from sys (after `SET DECRYPTION` for encrypted sets, on the same session), onto an existing free pool or a unit and pool it creates; it waits for SUCCESS and makes the tenant a primary (`activate`). Changing `state` to `cancelled` issues `ALTER SYSTEM CANCEL RESTORE`, which drops the tenant being restored. Deleting it drops the restored tenant (`onDelete: drop`, only the tenant it restored, by TENANT_ID) and the pool and unit it created. Refresh reads the live status, progress and tenant. A restore is never sent twice: its job carries a derived marker that a retry looks for first. */
export class TenantRestore extends pulumi.dynamic.Resource {
  /** The connection profile used. */
  declare readonly connection: pulumi.Output<string | undefined>;
  /** The restored tenant. */
  declare readonly tenantName: pulumi.Output<string>;
  /** The data backup destination (secret). */
  declare readonly dataBackupUri: pulumi.Output<string | undefined>;
  /** The archive destination (secret). */
  declare readonly archiveLocation: pulumi.Output<string | undefined>;
  /** The point asked for. */
  declare readonly until: pulumi.Output<string>;
  /** The decryption passwords (secret). */
  declare readonly decryptionPasswords: pulumi.Output<string[] | undefined>;
  /** The existing pool, if one was named. */
  declare readonly pool: pulumi.Output<string | undefined>;
  /** The unit config asked for, if any. */
  declare readonly unit: pulumi.Output<RestoreUnit | undefined>;
  /** The zones declared for the created pool. */
  declare readonly zones: pulumi.Output<string[] | undefined>;
  /** The primary zone asked for. */
  declare readonly primaryZone: pulumi.Output<string | undefined>;
  /** The restore concurrency asked for. */
  declare readonly concurrency: pulumi.Output<number | undefined>;
  /** The description as declared. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The declared state; after `pulumi refresh`, `cancelled` when the restore was cancelled outside Pulumi (an `up` that still declares `running` then replaces it: a new restore). */
  declare readonly state: pulumi.Output<RestoreState>;
  /** Whether create waits for the end. */
  declare readonly waitForCompletion: pulumi.Output<boolean>;
  /** Wait deadline in seconds. */
  declare readonly timeoutSeconds: pulumi.Output<number>;
  /** Whether the restored tenant is made a primary. */
  declare readonly activate: pulumi.Output<boolean>;
  /** What delete does. */
  declare readonly onDelete: pulumi.Output<RestoreOnDelete>;
  /** The adopted restore's JOB_ID, if any. */
  declare readonly adoptJobId: pulumi.Output<number | undefined>;
  /** The SDK's key of the resource. */
  declare readonly resourceKey: pulumi.Output<string | undefined>;
  /** The generation check gave the inputs. */
  declare readonly generation: pulumi.Output<number | undefined>;
  /** Marker in the restore job's DESCRIPTION that identifies this resource's restore. */
  declare readonly jobKey: pulumi.Output<string>;
  /** JOB_ID of the restore (the sys row, TENANT_ID 1, of CDB_OB_RESTORE_PROGRESS / _HISTORY); 0 while not identified. */
  declare readonly jobId: pulumi.Output<number>;
  /** PENDING (the RESTORE was sent, its job not identified yet), RESTORING, SUCCESS, FAIL, or CANCELED (cancelled by this resource, or outside Pulumi). */
  declare readonly status: pulumi.Output<string>;
  /** OceanBase's own status of the restore: CREATE_TENANT, WAIT_TENANT_RESTORE_FINISH or the tenant job's (RESTORING, UPGRADE, …) while it runs; SUCCESS or FAIL from CDB_OB_RESTORE_HISTORY. */
  declare readonly restoreStatus: pulumi.Output<string>;
  /** TENANT_ID of the restored tenant; 0 before OceanBase created it. Delete drops only the tenant with this id. */
  declare readonly restoredTenantId: pulumi.Output<number>;
  /** The restored tenant's STATUS in DBA_OB_TENANTS (RESTORE, NORMAL), or DROPPED. */
  declare readonly tenantStatus: pulumi.Output<string>;
  /** The restored tenant's TENANT_ROLE (RESTORE, STANDBY, PRIMARY). */
  declare readonly tenantRole: pulumi.Output<string>;
  /** The SCN restored to (RESTORE_SCN), as a decimal string. */
  declare readonly restoreScn: pulumi.Output<string>;
  /** The point restored to (RESTORE_SCN_DISPLAY), ISO 8601 in UTC. */
  declare readonly restoredTo: pulumi.Output<string>;
  /** The backup sets the restore used (BACKUP_SET_LIST), paths without credentials. */
  declare readonly backupSets: pulumi.Output<string[]>;
  /** The archive pieces the restore used (BACKUP_PIECE_LIST), paths without credentials. */
  declare readonly backupPieces: pulumi.Output<string[]>;
  /** Bytes to restore (TOTAL_BYTES of the tenant's job). */
  declare readonly totalBytes: pulumi.Output<number>;
  /** Bytes restored so far (FINISH_BYTES). */
  declare readonly finishBytes: pulumi.Output<number>;
  /** Percent restored: FINISH_BYTES / TOTAL_BYTES; 100 on SUCCESS. */
  declare readonly progress: pulumi.Output<number>;
  /** OceanBase's COMMENT of a failed restore. */
  declare readonly comment: pulumi.Output<string>;
  /** The pool this resource created (`unit` given), or empty. */
  declare readonly createdPool: pulumi.Output<string>;
  /** The unit config this resource created (`unit` given), or empty. */
  declare readonly createdUnit: pulumi.Output<string>;
  /** When the restore started (START_TIMESTAMP), ISO 8601 in UTC. */
  declare readonly startTime: pulumi.Output<string>;
  /** When it ended (FINISH_TIMESTAMP), ISO 8601 in UTC; empty while it runs. */
  declare readonly finishTime: pulumi.Output<string>;
  /** The tenant the provider logged in to (always `sys`). */
  declare readonly connectedTenant: pulumi.Output<string>;

  constructor(name: string, args: TenantRestoreArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      connection: undefined,
      until: undefined,
      pool: undefined,
      unit: undefined,
      zones: undefined,
      primaryZone: undefined,
      concurrency: undefined,
      description: undefined,
      state: undefined,
      waitForCompletion: undefined,
      timeoutSeconds: undefined,
      activate: undefined,
      onDelete: undefined,
      adoptJobId: undefined,
      generation: undefined,
      jobKey: undefined,
      jobId: undefined,
      status: undefined,
      restoreStatus: undefined,
      restoredTenantId: undefined,
      tenantStatus: undefined,
      tenantRole: undefined,
      restoreScn: undefined,
      restoredTo: undefined,
      backupSets: undefined,
      backupPieces: undefined,
      totalBytes: undefined,
      finishBytes: undefined,
      progress: undefined,
      comment: undefined,
      createdPool: undefined,
      createdUnit: undefined,
      startTime: undefined,
      finishTime: undefined,
      connectedTenant: undefined,
      ...args,
      dataBackupUri: args.dataBackupUri === undefined ? undefined : pulumi.secret(args.dataBackupUri),
      archiveLocation: args.archiveLocation === undefined ? undefined : pulumi.secret(args.archiveLocation),
      decryptionPasswords: args.decryptionPasswords === undefined ? undefined : pulumi.secret(args.decryptionPasswords),
      resourceKey: args.resourceKey ?? resourceKeyOf("oceanbase-backup:index:TenantRestore", name),
    };
    super(tenantRestoreProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["dataBackupUri","archiveLocation","decryptionPasswords"] }), "oceanbase", "TenantRestore");
  }
}

/** The arguments of a TenantBackupPolicy. */
export interface TenantBackupPolicyArgs {
  /** Name of a connection profile from `oceanbase:connections`. */
  connection?: pulumi.Input<string>;
  /** The tenant (required when connected to sys). */
  tenant?: pulumi.Input<string>;
  /** The data backup destination URI. */
  dataBackupUri: pulumi.Input<string>;
  /** The log archive destination URI. */
  archiveLocation: pulumi.Input<string>;
  /** Archive binding. */
  binding?: pulumi.Input<ArchiveBinding>;
  /** Archive piece switch interval (1d..7d). */
  pieceSwitchInterval?: pulumi.Input<string>;
  /** Archiving on (default) or off. */
  archiving?: pulumi.Input<boolean>;
  /** Recovery window of automatic cleanup (e.g. `7d`); omit to leave cleanup off. */
  recoveryWindow?: pulumi.Input<string>;
  /** Passed to the LogArchive. */
  allowRestartForDestinationChange?: pulumi.Input<boolean>;
  /** Wait deadline of each part. */
  timeoutSeconds?: pulumi.Input<number>;
}
