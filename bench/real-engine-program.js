// The program the real Pulumi CLI runs for the bench's real-engine figures (bench/real-engine.ts): one kind of
// resource, one per tenant in config `bench:tenants`, each registered only once the one before it is done
// (dependsOn), so that the engine works on one step at a time and every step's time is its own. Plain JavaScript:
// it is the engine that is timed, not ts-node compiling the program.
"use strict";
const pulumi = require("@pulumi/pulumi");
const ob = require("pulumi-oceanbase-backup");

const cfg = new pulumi.Config("bench");
const kind = cfg.require("kind");
const tenants = cfg.requireObject("tenants");
// a new path per run: a destination is new (read, SET, DEST_ID read) in every run, as in the stand-in's table
const tag = cfg.require("tag");

const make = {
  destination: (tenant, name, opts) => new ob.BackupDestination(name, { tenant, uri: `file:///bench/cli/${tag}/${tenant}` }, opts),
  policy: (tenant, name, opts) => new ob.BackupCleanupPolicy(name, { tenant, recoveryWindow: "7d" }, opts),
  archive: (tenant, name, opts) => new ob.LogArchive(name, { tenant, location: `file:///bench/cliarc/${tag}/${tenant}` }, opts),
  job: (tenant, name, opts) => new ob.BackupJob(name, { tenants: [tenant], timeoutSeconds: 60 }, opts),
};
if (!make[kind]) throw new Error(`bench:kind must be one of ${Object.keys(make).join(", ")}`);

let previous;
tenants.forEach((tenant, i) => {
  previous = make[kind](tenant, `${kind}-${i}`, previous ? { dependsOn: [previous] } : undefined);
});
