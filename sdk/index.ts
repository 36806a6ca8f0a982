// What users import: the typed resources generated from schema.json, the TenantBackupPolicy component, and
// lookup functions.
//
//   import * as ob from "pulumi-oceanbase-backup";
//   new ob.TenantBackupPolicy("shop", { tenant: "shop", dataBackupUri: "file:///backup/shop/data", … });
//   new ob.BackupJob("nightly", { tenants: ["shop"], state: "running" });

export * from "./resources.generated";
export * from "./tenant-backup-policy";
export * from "./lookups";
export * from "./restore-source";

import { installInspectGuard } from "./inspect-guard";
// at import, before the program can fail: see inspect-guard.ts
installInspectGuard();
