// OceanBase's "Stop a backup job", declaratively. A backup job is declared `running`; changing `jobState` to
// `cancelled` and running `pulumi up` stops it, in each of the three ways the guide describes:
//   mode sys-all      from sys, every tenant            ALTER SYSTEM CANCEL BACKUP
//   mode sys-tenant   from sys, one tenant              ALTER SYSTEM CANCEL BACKUP TENANT = mysql_tenant
//   mode mysql-admin  as root@mysql_tenant, for itself  ALTER SYSTEM CANCEL BACKUP
//   mode oracle-admin as SYS@oracle_tenant, for itself  ALTER SYSTEM CANCEL BACKUP
import * as pulumi from "@pulumi/pulumi";
import * as ob from "pulumi-oceanbase-backup";

const config = new pulumi.Config();
const mode = config.get("mode") ?? "sys-all";
const state = config.get("jobState") === "cancelled" ? "cancelled" : "running";

const ways: Record<string, ob.BackupJobArgs> = {
  "sys-all": {},
  "sys-tenant": { tenants: ["mysql_tenant"] },
  "mysql-admin": { connection: "mysql_admin" },
  "oracle-admin": { connection: "oracle_admin" },
};
if (!ways[mode]) throw new Error(`mode must be one of ${Object.keys(ways).join(", ")}`);

const job = new ob.BackupJob(`backup-${mode}`, { ...ways[mode], description: `cancel-backup example (${mode})`, state });

export const jobStatus = job.status;
export const jobs = job.jobs.apply((js) => js.map((j) => `${j.tenant} job ${j.jobId}: ${j.status}`));
