// Resource options as users put them on these resources: a parent component, protect, ignoreChanges,
// dependsOn, replaceOnChanges with deleteBeforeReplace, retainOnDelete. Config toggles each one, and can drop
// the cleanup policy from the program.
import * as pulumi from "@pulumi/pulumi";
import * as ob from "pulumi-oceanbase-backup";

const c = new pulumi.Config();

class Group extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Group", name, {});
    this.registerOutputs({});
  }
}
const group = new Group("group");

const dest = new ob.BackupDestination(
  "dest",
  { tenant: "mysql_tenant", uri: c.get("uri") ?? "file:///options/data" },
  { parent: group, protect: c.getBoolean("protect") ?? true, ignoreChanges: c.getBoolean("ignoreUri") ? ["uri"] : [] },
);

if (c.get("cleanup") !== "off") {
  new ob.BackupCleanupPolicy(
    "cleanup",
    { tenant: "mysql_tenant", recoveryWindow: c.get("window") ?? "7d" },
    { dependsOn: [dest], replaceOnChanges: ["recoveryWindow"], deleteBeforeReplace: true, retainOnDelete: c.getBoolean("retain") ?? false },
  );
}

export const path = dest.path;
