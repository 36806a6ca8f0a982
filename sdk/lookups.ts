// Lookup functions for programs: they read live state when the program runs, with the stack's `oceanbase`
// config (or OCEANBASE_* environment variables), like the resources do.

import * as pulumi from "@pulumi/pulumi";
import { closeAllPools, setProviderConfig } from "../provider/connection";
import * as lookups from "../provider/lookups";
import type {
  GetArchiveStatusArgs,
  GetArchiveStatusResult,
  GetBackupJobsArgs,
  GetBackupJobsResult,
  GetBackupSetsArgs,
  GetBackupSetsResult,
} from "./resources.generated";

const KEYS = ["host", "port", "user", "password", "tenant", "cluster", "tls", "tlsCa", "tlsInsecure", "connectTimeoutSeconds", "connections"];

let inFlight = 0;

/**
 * Runs a lookup with the program's `oceanbase` config. Read through the runtime's raw config, so that a
 * failure rejects the promise (an Output built from secret config would hang on error) and the result is not
 * tainted as secret: it carries no credential.
 */
async function withProgramConfig<T>(run: () => Promise<T>): Promise<T> {
  const values: Record<string, string> = {};
  for (const k of KEYS) {
    const v = pulumi.runtime.getConfig(`oceanbase:${k}`);
    if (v !== undefined) values[k] = v;
  }
  setProviderConfig(values);
  inFlight++;
  try {
    return await run();
  } finally {
    // the program's process ends only when nothing holds its event loop: an idle pooled connection would keep
    // it (and `pulumi up`) waiting forever, so the pools close once no lookup runs
    if (--inFlight === 0) await closeAllPools();
  }
}

/** The tenant's backup jobs, running and historical, newest first. */
export const getBackupJobs = (args: GetBackupJobsArgs = {}): Promise<GetBackupJobsResult> =>
  withProgramConfig(async () => ({ jobs: await lookups.backupJobs(args) }));
export const getBackupJobsOutput = (args: GetBackupJobsArgs = {}): pulumi.Output<GetBackupJobsResult> => pulumi.output(getBackupJobs(args));

/** The tenant's backup sets, newest first. */
export const getBackupSets = (args: GetBackupSetsArgs = {}): Promise<GetBackupSetsResult> =>
  withProgramConfig(async () => ({ sets: await lookups.backupSets(args) }));
export const getBackupSetsOutput = (args: GetBackupSetsArgs = {}): pulumi.Output<GetBackupSetsResult> => pulumi.output(getBackupSets(args));

/** The tenant's log archiving status. */
export const getArchiveStatus = (args: GetArchiveStatusArgs = {}): Promise<GetArchiveStatusResult> =>
  withProgramConfig(() => lookups.archiveStatus(args));
export const getArchiveStatusOutput = (args: GetArchiveStatusArgs = {}): pulumi.Output<GetArchiveStatusResult> => pulumi.output(getArchiveStatus(args));
