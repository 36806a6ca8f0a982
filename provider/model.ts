// Rows of OceanBase's views as the provider uses them.

export type JobStatus = "INIT" | "DOING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED";

export const RUNNING_STATUSES: readonly string[] = ["INIT", "DOING"];
export const TERMINAL_STATUSES: readonly string[] = ["COMPLETED", "FAILED", "CANCELED"];

/** OB_CANCELED (-4072, "Operation canceled"). */
export const OB_CANCELED = -4072;

/**
 * Whether a job ended by a cancel. Told by the job's RESULT, never by its backup set's (a canceled set has RESULT
 * 0): a canceled job is CANCELED / -4072, and a sys job whose tenant job was canceled on its own ends FAILED /
 * -4072 (reference §0.2).
 */
export const endedByCancel = (j: { status: string; result: number }): boolean =>
  j.result === OB_CANCELED && (j.status === "CANCELED" || j.status === "FAILED");

export interface JobRow {
  tenantId: number;
  jobId: number;
  backupSetId: number;
  backupType: string;
  initiatorTenantId: number;
  initiatorJobId: number;
  executorTenantIds: number[];
  status: JobStatus;
  result: number;
  comment: string;
  description: string;
  /** ISO 8601, UTC */
  startTime: string;
  /** ISO 8601, UTC; "" while running */
  endTime: string;
  inHistory: boolean;
  /** percent of macro blocks done, from the job's task (0 without one) */
  progress: number;
}

export interface TenantRow {
  tenantId: number;
  tenantName: string;
  status: string;
  logMode: string;
  mode: "MYSQL" | "ORACLE";
}

export interface ReadinessRow {
  tenantId: number;
  tenantName: string;
  status: string;
  hasDestination: boolean;
  archiveStatus: string | null;
  blockingJobs: number;
}
