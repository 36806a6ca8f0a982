// GENERATED from schema.json by `npm run codegen`. Do not edit.

/** One way to reach OceanBase. Unset fields fall back to the provider's top-level settings. */
export interface ConnectionProfile {
  /** Server or OBProxy host. */
  host?: string;
  /** MySQL-protocol port. */
  port?: number;
  /** Login user (may carry `@tenant` and `#cluster`). */
  user?: string;
  /** Password of the login. */
  password?: string;
  /** Tenant to log in to when `user` has no `@tenant` part. */
  tenant?: string;
  /** OBProxy cluster name. */
  cluster?: string;
  /** Require TLS. */
  tls?: boolean;
  /** PEM of the certificate authority to trust. */
  tlsCa?: string;
  /** Accept any server certificate (testing only). */
  tlsInsecure?: boolean;
}

/** Kind of data backup. */
export type BackupType = "FULL" | "INCREMENTAL";

/** Desired state of a backup job. */
export type BackupJobState = "running" | "cancelled";

/** One tenant's backup job, as OceanBase's JOBS and JOB_HISTORY views report it. */
export interface TenantBackupJob {
  /** Tenant name. */
  tenant: string;
  /** Tenant id. */
  tenantId: number;
  /** The tenant's job id (JOB_ID). */
  jobId: number;
  /** The backup set this job writes (BACKUP_SET_ID). */
  backupSetId: number;
  /** FULL or INC, as OceanBase recorded it. */
  backupType: string;
  /** The sys job that started it (0: started by the tenant itself). */
  initiatorJobId: number;
  /** INIT, DOING, COMPLETED, FAILED, CANCELING or CANCELED. */
  status: string;
  /** Start time, ISO 8601 in UTC. */
  startTime: string;
  /** End time, ISO 8601 in UTC; empty while running. */
  endTime: string;
  /** 0, or the OceanBase error code the job ended with: -4072 when cancelled. A cancel is told by this RESULT, never by the backup set's (a cancelled set is FAILED with RESULT 0). */
  result: number;
  /** OceanBase's comment, e.g. the failure's RootService trace. */
  comment: string;
  /** Percent of macro blocks backed up (0 to 100): from the job's task while the job is current, from its backup set once it is in history (OceanBase's task history shows every task at 100 %). */
  progress: number;
}

/** A tenant OceanBase did not back up, and why. */
export interface SkippedTenant {
  /** Tenant name. */
  tenant: string;
  /** Why it was skipped: no data backup destination, log archiving not DOING, tenant not NORMAL, or a backup already running. */
  reason: string;
}

/** What deleting the resource does to the tenant's setting. */
export type DestinationOnDelete = "restore" | "keep";

/** What deleting a LogArchive does. */
export type ArchiveOnDelete = "stop" | "keep";

/** Archive binding (`BINDING`). */
export type ArchiveBinding = "OPTIONAL" | "MANDATORY";

/** `LOG_ARCHIVE_DEST_STATE`. */
export type ArchiveDestState = "ENABLE" | "DEFER";

/** A cleanup (delete) job of the tenant. */
export interface CleanupJob {
  /** Job id (shared sequence with backup jobs). */
  jobId: number;
  /** E.g. DELETE OBSOLETE BACKUP. */
  type: string;
  /** INIT, DOING, COMPLETED, FAILED, CANCELING or CANCELED. */
  status: string;
  /** Backups that ended before this time (ISO 8601, UTC) are obsolete. */
  cutoff: string;
  /** Start time, ISO 8601 in UTC. */
  startTime: string;
  /** End time, ISO 8601 in UTC; empty while running. */
  endTime: string;
  /** Backup sets and pieces it deletes. */
  taskCount: number;
  /** 0 or an OceanBase error code. */
  result: number;
}

/** A backup set, as CDB/DBA_OB_BACKUP_SET_FILES report it. */
export interface BackupSet {
  /** Tenant name. */
  tenant: string;
  /** Backup set id. */
  backupSetId: number;
  /** FULL or INC. */
  backupType: string;
  /** The full set an incremental set depends on. */
  prevFullBackupSetId: number;
  /** DOING, SUCCESS or FAILED (a cancelled backup's set is FAILED too). */
  status: string;
  /** AVAILABLE, COPYING, INCOMPLETE, DELETING, EXPIRED, BROKEN or DELETED. */
  fileStatus: string;
  /** Start time, ISO 8601 in UTC. */
  startTime: string;
  /** End time, ISO 8601 in UTC; empty while running. */
  endTime: string;
  /** Destination path, without credentials. */
  path: string;
  /** Whether the set includes archive logs. */
  plusArchivelog: boolean;
  /** Whether the set is encrypted with a backup password. */
  encrypted: boolean;
}

/** A tenant's log archiving, as DBA_OB_TENANTS and the ARCHIVELOG views report it. */
export interface ArchiveStatus {
  /** Tenant name. */
  tenant: string;
  /** ARCHIVELOG or NOARCHIVELOG. */
  logMode: string;
  /** Current archive round (0: none yet). */
  roundId: number;
  /** Round status: PREPARE, BEGINNING, DOING, INTERRUPTED, STOPPING, STOP, SUSPENDING, SUSPEND, or NONE. */
  status: string;
  /** Logs up to this time (ISO 8601, UTC) are archived; empty when none. */
  checkpointTime: string;
  /** Archive destination path, without credentials; empty when none. */
  path: string;
}

/** Desired state of a restore. */
export type RestoreState = "running" | "cancelled";

/** What deleting a TenantRestore does to the restored tenant. */
export type RestoreOnDelete = "drop" | "keep";

/** A resource unit config for the restored tenant's pool, created by the resource as `<tenantName>_restore_unit` (`CREATE RESOURCE UNIT`). */
export interface RestoreUnit {
  /** `MAX_CPU`: at least 1. */
  maxCpu: number;
  /** `MEMORY_SIZE`, e.g. `5G` (at least the cluster's `__min_full_resource_pool_memory`, 5G by default). */
  memorySize: string;
  /** `LOG_DISK_SIZE`, e.g. `15G`; default: three times the memory, as OceanBase computes it. */
  logDiskSize?: string;
}

/** BackupJob's inputs after check(): defaults applied. */
export interface BackupJobInputs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. */
  connection?: string;
  /** Tenants to back up (or cancel). Omitted: every user tenant when connected to sys, the tenant itself when connected to a user tenant. Connected to a user tenant, only that tenant may be named. */
  tenants?: string[];
  /** FULL or INCREMENTAL. */
  backupType: BackupType;
  /** Back up the archive logs needed to restore the set too (`PLUS ARCHIVELOG`, OceanBase 4.2.0 and later). */
  plusArchivelog: boolean;
  /** Text stored with the job (`DESCRIPTION`). The provider appends a marker `[pulumi:<key>]` that identifies the resource's jobs: derived from `resourceKey`, `generation` and the inputs that force a replacement, so that a retry after a lost connection or a run that died finds the job again. */
  description?: string;
  /** Encrypt the backup with this password (`SET ENCRYPTION ON IDENTIFIED BY … ONLY` on the same session as the BACKUP statement). If it cannot be applied the backup is not started. */
  backupPassword?: string;
  /** `running` or `cancelled`. `running` to `cancelled` is an in-place update that cancels this resource's jobs; `cancelled` to `running` replaces the resource, since a cancelled backup cannot resume: preview shows it as a replacement, and the new resource starts a new backup. */
  state: BackupJobState;
  /** Wait until every job ends; fail the deployment if one FAILED or was cancelled outside Pulumi. */
  waitForCompletion: boolean;
  /** Deadline of every wait of this resource (completion, identification, cancel). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds: number;
  /** On delete, cancel a job of this resource that still runs (default). When false, delete only forgets it. */
  cancelOnDelete: boolean;
  /** Adopt an existing job instead of starting one: connected to sys, the sys job id (TENANT_ID 1 in CDB_OB_BACKUP_JOBS); connected to a user tenant, its own job id. */
  adoptJobId?: number;
  /** Set by the SDK, do not set it yourself: a hash of the project, stack, resource type and name. With it the `[pulumi:<key>]` marker on the jobs' DESCRIPTION is derived rather than random, so that a create retried after `pulumi up` died (the state holds no resource) finds the job it had started before it sends anything, and adopts it instead of starting a second backup. Not compared by diff. */
  resourceKey?: string;
  /** Set by check, do not set it yourself: 0 for a resource new to the stack, one more than recorded for one the stack holds. Part of the derived marker, so a replacement never finds its predecessor's job. Not compared by diff. */
  generation?: number;
}

/** BackupJob's outputs (its state). */
export interface BackupJobOutputs {
  /** The connection profile used. */
  connection?: string;
  /** The tenants as declared. */
  tenants?: string[];
  /** FULL or INCREMENTAL. */
  backupType: BackupType;
  /** Whether archive logs are backed up with the set. */
  plusArchivelog: boolean;
  /** The description as declared. */
  description?: string;
  /** The backup password (secret). */
  backupPassword?: string;
  /** The declared state; after `pulumi refresh`, `cancelled` when the jobs were cancelled outside Pulumi (the refresh shows it as a change, and an `up` that still declares `running` replaces the job: a new backup). */
  state: BackupJobState;
  /** Whether create waits for completion. */
  waitForCompletion: boolean;
  /** Wait deadline in seconds. */
  timeoutSeconds: number;
  /** Whether delete cancels a running job. */
  cancelOnDelete: boolean;
  /** The adopted job id, if any. */
  adoptJobId?: number;
  /** The SDK's key of the resource (project, stack, type and name, hashed). */
  resourceKey?: string;
  /** The generation check gave the inputs (0: new to the stack). */
  generation?: number;
  /** The tenant the provider logged in to (`sys` or a user tenant). */
  connectedTenant: string;
  /** Marker in the jobs' DESCRIPTION that identifies this resource's jobs. */
  jobKey: string;
  /** The sys (umbrella) job id when started from sys; 0 otherwise. */
  sysJobId: number;
  /** Per tenant: the job this resource started, adopted, or (created as `cancelled`) cancelled. */
  jobs: TenantBackupJob[];
  /** Tenants OceanBase skipped when the backup was started from sys, with the reason. */
  skippedTenants: SkippedTenant[];
  /** Overall status: RUNNING while any job is INIT or DOING, CANCELING, then COMPLETED (all completed), CANCELED (all cancelled), FAILED (any failed), or NONE (no job). */
  status: string;
}

export const BackupJobToken = "oceanbase-backup:index:BackupJob";

/** BackupDestination's inputs after check(): defaults applied. */
export interface BackupDestinationInputs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. */
  connection?: string;
  /** The tenant to configure. Required when connected to sys (statements then carry `TENANT = <tenant>`); connected as a tenant's admin it may be omitted or must name that tenant. */
  tenant?: string;
  /** The destination: `file:///absolute/path` (NFS), `oss://bucket/path?host=…&access_id=…&access_key=…`, `cos://…&appid=…` or `s3://…&s3_region=…`, optionally `&delete_mode=delete|tagging`. Each tenant needs its own empty directory. */
  uri: string;
  /** `restore` (default) or `keep`. */
  onDelete: DestinationOnDelete;
  /** Deadline in seconds of every wait of this resource (e.g. archiving reaching DOING or STOP). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds: number;
}

/** BackupDestination's outputs (its state). */
export interface BackupDestinationOutputs {
  /** The connection profile used. */
  connection?: string;
  /** The tenant configured. */
  tenant: string;
  /** Its tenant id. */
  tenantId: number;
  /** The tenant the provider logged in to (`sys` or the tenant itself). */
  connectedTenant: string;
  /** The destination as set (secret). */
  uri: string;
  /** What delete does. */
  onDelete: DestinationOnDelete;
  /** Wait deadline in seconds. */
  timeoutSeconds: number;
  /** The destination without credentials, as backup jobs show it. */
  path: string;
  /** The destination's id in the BACKUP_STORAGE_INFO views. */
  destId: number;
  /** What the tenant had before this resource set it (empty: nothing), restored on delete. */
  previousUri: string;
}

export const BackupDestinationToken = "oceanbase-backup:index:BackupDestination";

/** LogArchive's inputs after check(): defaults applied. */
export interface LogArchiveInputs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. */
  connection?: string;
  /** The tenant to configure. Required when connected to sys (statements then carry `TENANT = <tenant>`); connected as a tenant's admin it may be omitted or must name that tenant. */
  tenant?: string;
  /** The archive destination URI (same forms as a data backup destination; a different directory). */
  location: string;
  /** `OPTIONAL` (default) or `MANDATORY`. */
  binding: ArchiveBinding;
  /** How often a new archive piece starts, in OceanBase's time grammar, a whole number of days from 1d to 7d (e.g. `1d`, `48h`, `7d`): OceanBase keeps the interval in whole days, truncating (`36h` would be `1d`), so other values are refused. Compared as a duration: `48h` and the `2d` OceanBase shows are the same. */
  pieceSwitchInterval: string;
  /** `ENABLE` (default) or `DEFER` (suspend archiving). */
  destState: ArchiveDestState;
  /** Archiving on (`ARCHIVELOG`, default) or off (`NOARCHIVELOG`). */
  archiving: boolean;
  /** When archiving is on and ENABLEd, wait until the round is DOING (default), which a data backup needs. */
  waitForDoing: boolean;
  /** Let the provider stop archiving, wait for STOP, change the destination and start archiving again when `location`, `binding` or `pieceSwitchInterval` change while archiving runs. */
  allowRestartForDestinationChange: boolean;
  /** `stop` (default) or `keep`. */
  onDelete: ArchiveOnDelete;
  /** Deadline in seconds of every wait of this resource (e.g. archiving reaching DOING or STOP). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds: number;
}

/** LogArchive's outputs (its state). */
export interface LogArchiveOutputs {
  /** The connection profile used. */
  connection?: string;
  /** The tenant configured. */
  tenant: string;
  /** Its tenant id. */
  tenantId: number;
  /** The tenant the provider logged in to (`sys` or the tenant itself). */
  connectedTenant: string;
  /** The archive destination as set (secret). */
  location: string;
  /** Binding as OceanBase stores it. */
  binding: ArchiveBinding;
  /** Piece switch interval as set. */
  pieceSwitchInterval: string;
  /** Destination state as set. */
  destState: ArchiveDestState;
  /** Whether the tenant is in ARCHIVELOG mode. */
  archiving: boolean;
  /** Whether turning on waits for DOING. */
  waitForDoing: boolean;
  /** Whether destination changes may restart archiving. */
  allowRestartForDestinationChange: boolean;
  /** What delete does. */
  onDelete: ArchiveOnDelete;
  /** Wait deadline in seconds. */
  timeoutSeconds: number;
  /** The destination without credentials. */
  path: string;
  /** Current archive round (0: none). */
  roundId: number;
  /** PREPARE, BEGINNING, DOING, INTERRUPTED, STOPPING, STOP, SUSPENDING, SUSPEND, or NONE. */
  roundStatus: string;
  /** Logs up to this time (ISO 8601, UTC) are archived; empty when none. */
  checkpointTime: string;
}

export const LogArchiveToken = "oceanbase-backup:index:LogArchive";

/** BackupCleanupPolicy's inputs after check(): defaults applied. */
export interface BackupCleanupPolicyInputs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. */
  connection?: string;
  /** The tenant to configure. Required when connected to sys (statements then carry `TENANT = <tenant>`); connected as a tenant's admin it may be omitted or must name that tenant. */
  tenant?: string;
  /** How long backups stay restorable, in OceanBase's time grammar: a whole number, then a unit us, ms, s, m, h or d (no unit means seconds), e.g. `7d` or `36h`; `0` keeps everything. */
  recoveryWindow: string;
  /** Whether the policy exists (default true). */
  enabled: boolean;
  /** When disabling (or deleting), also `CANCEL DELETE BACKUP` a cleanup that is running. */
  cancelRunningCleanupOnDisable: boolean;
}

/** BackupCleanupPolicy's outputs (its state). */
export interface BackupCleanupPolicyOutputs {
  /** The connection profile used. */
  connection?: string;
  /** The tenant configured. */
  tenant: string;
  /** Its tenant id. */
  tenantId: number;
  /** The tenant the provider logged in to (`sys` or the tenant itself). */
  connectedTenant: string;
  /** The recovery window as OceanBase shows it. */
  recoveryWindow: string;
  /** Whether the policy exists. */
  enabled: boolean;
  /** Whether disabling cancels a running cleanup. */
  cancelRunningCleanupOnDisable: boolean;
  /** Always `default`. */
  policyName: string;
  /** The newest cleanup job of the tenant, if any, as last read: by refresh and update (a create that adds the policy sends only the ADD, so it is known from the next refresh). OceanBase starts automatic cleanup only at its hourly trigger, so after a cancelled backup this shows the clearing job within the hour, not at once. */
  lastCleanupJob?: CleanupJob;
}

export const BackupCleanupPolicyToken = "oceanbase-backup:index:BackupCleanupPolicy";

/** TenantRestore's inputs after check(): defaults applied. */
export interface TenantRestoreInputs {
  /** Name of a connection profile from `oceanbase:connections`; default: the provider's top-level connection settings. It must log in to the sys tenant: OceanBase runs restores from sys only. */
  connection?: string;
  /** The new tenant to restore into; it must not exist yet. Case-sensitive, as OceanBase's tenant names are. */
  tenantName: string;
  /** The data backup destination the backup sets are in: the source tenant's `DATA_BACKUP_DEST` (required unless adoptJobId is set; same forms as BackupDestination's `uri`). Use `restoreSourceOf(policy)` to take it from a TenantBackupPolicy of the same stack. */
  dataBackupUri?: string;
  /** The log archive destination of the source tenant (LogArchive's `location`). Needed for any point after the newest backup set; omitted, only a backup taken `PLUS ARCHIVELOG` can be restored, to its own end. */
  archiveLocation?: string;
  /** The point to restore to: `latest` (the newest archived log), a time `YYYY-MM-DD HH:MM:SS[.ffffff]` (OceanBase reads it in the time zone recorded in the backup, not the session's), or an SCN (digits). */
  until: string;
  /** Passwords of encrypted backup sets (`SET DECRYPTION IDENTIFIED BY`, on the same session as the RESTORE): the full backup's and the incremental ones'. */
  decryptionPasswords?: string[];
  /** An existing resource pool, not granted to any tenant, to restore onto (`pool_list`). Set this or `unit`. */
  pool?: string;
  /** Create a unit config and a pool for the restored tenant (`<tenantName>_restore_unit`, `<tenantName>_restore_pool`, one unit per zone); they are dropped with the tenant. Set this or `pool`. */
  unit?: RestoreUnit;
  /** The created pool's `ZONE_LIST`; default: every zone of the cluster (DBA_OB_ZONES). */
  zones?: string[];
  /** `primary_zone` of the restored tenant, e.g. `zone1` or `zone1;zone2,zone3`; default: the pools' zones. */
  primaryZone?: string;
  /** `concurrency` of the restore (0–100): a floor for the restored tenant's `ha_high_thread_score` while it restores. */
  concurrency?: number;
  /** Text stored with the restore job (`DESCRIPTION`). The provider appends a marker `[pulumi:<key>]` that identifies the resource's job, derived like BackupJob's, so that a retry after a run that died finds the restore it started and never sends a second one. */
  description?: string;
  /** `running` or `cancelled`. `running` to `cancelled` cancels the restore if it still runs (the tenant being restored is dropped, then the pool and unit this resource created); `cancelled` to `running` replaces the resource: a new restore. */
  state: RestoreState;
  /** Wait until the restore ends; fail the deployment (the resource recorded) if it FAILED or was cancelled outside Pulumi. */
  waitForCompletion: boolean;
  /** Deadline of every wait of this resource (the RESTORE statement itself blocks until the tenant is created, up to OceanBase's own 10 minutes). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds: number;
  /** Once the restore succeeded, make the restored tenant a primary (`ALTER SYSTEM ACTIVATE STANDBY TENANT = …`, then wait for TENANT_ROLE PRIMARY); false leaves it a standby. Needs waitForCompletion. A tenant once activated stays a primary. */
  activate: boolean;
  /** `drop` (default): deleting the resource drops the restored tenant and the pool and unit it created. `keep`: they stay. */
  onDelete: RestoreOnDelete;
  /** Adopt a restore that exists already instead of starting one: the JOB_ID of its sys row (TENANT_ID 1 in CDB_OB_RESTORE_PROGRESS or _HISTORY) restoring into `tenantName`. Then dataBackupUri is not needed and nothing is sent until a cancel or delete. */
  adoptJobId?: number;
  /** Set by the SDK, do not set it yourself: a hash of the project, stack, resource type and name, from which the restore job's `[pulumi:<key>]` marker is derived. Not compared by diff. */
  resourceKey?: string;
  /** Set by check, do not set it yourself: 0 for a resource new to the stack, one more than recorded for one the stack holds. Not compared by diff. */
  generation?: number;
}

/** TenantRestore's outputs (its state). */
export interface TenantRestoreOutputs {
  /** The connection profile used. */
  connection?: string;
  /** The restored tenant. */
  tenantName: string;
  /** The data backup destination (secret). */
  dataBackupUri?: string;
  /** The archive destination (secret). */
  archiveLocation?: string;
  /** The point asked for. */
  until: string;
  /** The decryption passwords (secret). */
  decryptionPasswords?: string[];
  /** The existing pool, if one was named. */
  pool?: string;
  /** The unit config asked for, if any. */
  unit?: RestoreUnit;
  /** The zones declared for the created pool. */
  zones?: string[];
  /** The primary zone asked for. */
  primaryZone?: string;
  /** The restore concurrency asked for. */
  concurrency?: number;
  /** The description as declared. */
  description?: string;
  /** The declared state; after `pulumi refresh`, `cancelled` when the restore was cancelled outside Pulumi (an `up` that still declares `running` then replaces it: a new restore). */
  state: RestoreState;
  /** Whether create waits for the end. */
  waitForCompletion: boolean;
  /** Wait deadline in seconds. */
  timeoutSeconds: number;
  /** Whether the restored tenant is made a primary. */
  activate: boolean;
  /** What delete does. */
  onDelete: RestoreOnDelete;
  /** The adopted restore's JOB_ID, if any. */
  adoptJobId?: number;
  /** The SDK's key of the resource. */
  resourceKey?: string;
  /** The generation check gave the inputs. */
  generation?: number;
  /** Marker in the restore job's DESCRIPTION that identifies this resource's restore. */
  jobKey: string;
  /** JOB_ID of the restore (the sys row, TENANT_ID 1, of CDB_OB_RESTORE_PROGRESS / _HISTORY); 0 while not identified. */
  jobId: number;
  /** PENDING (the RESTORE was sent, its job not identified yet), RESTORING, SUCCESS, FAIL, or CANCELED (cancelled by this resource, or outside Pulumi). */
  status: string;
  /** OceanBase's own status of the restore: CREATE_TENANT, WAIT_TENANT_RESTORE_FINISH or the tenant job's (RESTORING, UPGRADE, …) while it runs; SUCCESS or FAIL from CDB_OB_RESTORE_HISTORY. */
  restoreStatus: string;
  /** TENANT_ID of the restored tenant; 0 before OceanBase created it. Delete drops only the tenant with this id. */
  restoredTenantId: number;
  /** The restored tenant's STATUS in DBA_OB_TENANTS (RESTORE, NORMAL), or DROPPED. */
  tenantStatus: string;
  /** The restored tenant's TENANT_ROLE (RESTORE, STANDBY, PRIMARY). */
  tenantRole: string;
  /** The SCN restored to (RESTORE_SCN), as a decimal string. */
  restoreScn: string;
  /** The point restored to (RESTORE_SCN_DISPLAY), ISO 8601 in UTC. */
  restoredTo: string;
  /** The backup sets the restore used (BACKUP_SET_LIST), paths without credentials. */
  backupSets: string[];
  /** The archive pieces the restore used (BACKUP_PIECE_LIST), paths without credentials. */
  backupPieces: string[];
  /** Bytes to restore (TOTAL_BYTES of the tenant's job). */
  totalBytes: number;
  /** Bytes restored so far (FINISH_BYTES). */
  finishBytes: number;
  /** Percent restored: FINISH_BYTES / TOTAL_BYTES; 100 on SUCCESS. */
  progress: number;
  /** OceanBase's COMMENT of a failed restore. */
  comment: string;
  /** The pool this resource created (`unit` given), or empty. */
  createdPool: string;
  /** The unit config this resource created (`unit` given), or empty. */
  createdUnit: string;
  /** When the restore started (START_TIMESTAMP), ISO 8601 in UTC. */
  startTime: string;
  /** When it ended (FINISH_TIMESTAMP), ISO 8601 in UTC; empty while it runs. */
  finishTime: string;
  /** The tenant the provider logged in to (always `sys`). */
  connectedTenant: string;
}

export const TenantRestoreToken = "oceanbase-backup:index:TenantRestore";


/** The arguments of getBackupJobs. */
export interface GetBackupJobsArgs {
  /** Name of a connection profile from `oceanbase:connections`. */
  connection?: string;
  /** The tenant (required when connected to sys). */
  tenant?: string;
}

/** The result of getBackupJobs. */
export interface GetBackupJobsResult {
  /** The jobs. */
  jobs: TenantBackupJob[];
}

/** The arguments of getBackupSets. */
export interface GetBackupSetsArgs {
  /** Name of a connection profile from `oceanbase:connections`. */
  connection?: string;
  /** The tenant (required when connected to sys). */
  tenant?: string;
}

/** The result of getBackupSets. */
export interface GetBackupSetsResult {
  /** The sets. */
  sets: BackupSet[];
}

/** The arguments of getArchiveStatus. */
export interface GetArchiveStatusArgs {
  /** Name of a connection profile from `oceanbase:connections`. */
  connection?: string;
  /** The tenant (required when connected to sys). */
  tenant?: string;
}

/** The result of getArchiveStatus. */
export type GetArchiveStatusResult = ArchiveStatus;
