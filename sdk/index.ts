// What users import: typed resources generated from schema.json.
//
//   import * as ob from "pulumi-oceanbase-backup";
//   new ob.BackupJob("nightly", { tenants: ["mysql_tenant"], state: "running" });

export * from "./resources.generated";
