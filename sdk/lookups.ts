// Lookup functions for programs: they read live state when the program runs, with the stack's `oceanbase`
// config (or OCEANBASE_* environment variables), like the resources do.

import * as pulumi from "@pulumi/pulumi";
import { setProviderConfig } from "../provider/connection";
import * as lookups from "../provider/lookups";
import type {
  GetArchiveStatusArgs,
  GetArchiveStatusResult,
  GetBackupJobsArgs,
  GetBackupJobsResult,
  GetBackupSetsArgs,
  GetBackupSetsResult,
} from "./resources.generated";

const PLAIN_KEYS = ["host", "port", "user", "tenant", "cluster", "tls", "tlsCa", "tlsInsecure", "connectTimeoutSeconds"];
const SECRET_KEYS = ["password", "connections"];

/** The program's `oceanbase` config, secrets read as secrets; the lookup's result carries none of them. */
function withProgramConfig<T>(run: () => Promise<T>): pulumi.Output<T> {
  const config = new pulumi.Config("oceanbase");
  const plain: Record<string, string> = {};
  for (const k of PLAIN_KEYS) {
    const v = config.get(k);
    if (v !== undefined) plain[k] = v;
  }
  const secrets = SECRET_KEYS.map((k) => config.getSecret(k) ?? pulumi.output(undefined));
  const result = pulumi.all(secrets).apply(async (values) => {
    const all: Record<string, string> = { ...plain };
    values.forEach((v, i) => {
      if (v !== undefined) all[SECRET_KEYS[i]] = v;
    });
    setProviderConfig(all);
    return run();
  });
  return pulumi.unsecret(result) as pulumi.Output<T>;
}

const asPromise = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

/** The tenant's backup jobs, running and historical, newest first. */
export function getBackupJobsOutput(args: GetBackupJobsArgs = {}): pulumi.Output<GetBackupJobsResult> {
  return withProgramConfig(async () => ({ jobs: await lookups.backupJobs(args) }));
}
export const getBackupJobs = (args: GetBackupJobsArgs = {}): Promise<GetBackupJobsResult> => asPromise(getBackupJobsOutput(args));

/** The tenant's backup sets, newest first. */
export function getBackupSetsOutput(args: GetBackupSetsArgs = {}): pulumi.Output<GetBackupSetsResult> {
  return withProgramConfig(async () => ({ sets: await lookups.backupSets(args) }));
}
export const getBackupSets = (args: GetBackupSetsArgs = {}): Promise<GetBackupSetsResult> => asPromise(getBackupSetsOutput(args));

/** The tenant's log archiving status. */
export function getArchiveStatusOutput(args: GetArchiveStatusArgs = {}): pulumi.Output<GetArchiveStatusResult> {
  return withProgramConfig(() => lookups.archiveStatus(args));
}
export const getArchiveStatus = (args: GetArchiveStatusArgs = {}): Promise<GetArchiveStatusResult> => asPromise(getArchiveStatusOutput(args));
