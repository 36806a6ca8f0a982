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
  /** 0, or the OceanBase error code the job ended with (-4072 when cancelled). */
  result: number;
  /** OceanBase's comment, e.g. the failure's RootService trace. */
  comment: string;
  /** Percent of macro blocks backed up (0 to 100). */
  progress: number;
}

/** A tenant OceanBase did not back up, and why. */
export interface SkippedTenant {
  /** Tenant name. */
  tenant: string;
  /** Why it was skipped: no data backup destination, log archiving not DOING, tenant not NORMAL, or a backup already running. */
  reason: string;
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
  /** Text stored with the job (`DESCRIPTION`). The provider appends a marker `[pulumi:<key>]` that lets it find the job again after a lost connection. */
  description?: string;
  /** Encrypt the backup with this password (`SET ENCRYPTION ON IDENTIFIED BY … ONLY` on the same session as the BACKUP statement). If it cannot be applied the backup is not started. */
  backupPassword?: string;
  /** `running` or `cancelled`; changing it is an in-place update. */
  state: BackupJobState;
  /** Wait until every job ends; fail the deployment if one FAILED or was cancelled outside Pulumi. */
  waitForCompletion: boolean;
  /** Deadline of every wait of this resource (completion, identification, cancel). Pulumi's customTimeouts do not reach dynamic providers. */
  timeoutSeconds: number;
  /** On delete, cancel a job of this resource that still runs (default). When false, delete only forgets it. */
  cancelOnDelete: boolean;
  /** Adopt an existing job instead of starting one: connected to sys, the sys job id (TENANT_ID 1 in CDB_OB_BACKUP_JOBS); connected to a user tenant, its own job id. */
  adoptJobId?: number;
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
  /** The declared state. */
  state: BackupJobState;
  /** Whether create waits for completion. */
  waitForCompletion: boolean;
  /** Wait deadline in seconds. */
  timeoutSeconds: number;
  /** Whether delete cancels a running job. */
  cancelOnDelete: boolean;
  /** The adopted job id, if any. */
  adoptJobId?: number;
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

