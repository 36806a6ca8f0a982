// The provider reaches Pulumi's host as serialized text. Serialize it the way dynamic.Resource does, load
// the text in a fresh node process (as the host does, with require-from-string, cwd at the project root),
// configure it as the host would, and run check and create against the emulator.

import assert = require("assert");
import { execFile } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import * as pulumi from "@pulumi/pulumi";
import { EmulatorHandle } from "../../emulator";
import * as provider from "../../provider/backup-job";
import { fastEmulator, readyTenant, stopEmulator } from "../support/provider";

const root = path.resolve(__dirname, "../..");

const LOADER = `
const text = require("fs").readFileSync(process.argv[1], "utf8");
const provider = require("require-from-string")(text).handler();
const config = JSON.parse(process.env.SERIALIZED_CONFIG);
(async () => {
  await provider.configure({ config: { get: (k) => config[k] } });
  const checked = await provider.check({}, { connection: process.env.SERIALIZED_CONNECTION, description: "from serialized text" });
  if (checked.failures.length) throw new Error(JSON.stringify(checked.failures));
  const r = await provider.create(checked.inputs);
  process.stdout.write(JSON.stringify({ id: r.id, status: r.outs.status, jobs: r.outs.jobs.map((j) => j.jobId) }));
  process.exit(0);
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

describe("BackupJob provider: serialization", function () {
  this.timeout(60000);
  let h: EmulatorHandle;
  before(async () => {
    h = await fastEmulator();
    await readyTenant(h, "mysql_tenant");
    await readyTenant(h, "oracle_tenant");
  });
  after(() => stopEmulator(h));

  for (const [connection, tenant, login] of [["t1", "mysql_tenant", "root@mysql_tenant"], ["ora", "oracle_tenant", "SYS@oracle_tenant"]]) {
    // Oracle mode takes other paths (e.g. sql.ts column() quoting), whose module-level values must survive too
    it(`serializes with pulumi.runtime.serializeFunction, requiring only packages, and runs create in a fresh process (${login})`, async () => {
      const { text, containsSecrets } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
      assert.strictEqual(containsSecrets, false);
      assert.match(text, /^exports\.handler = __f0;/);
      const requires = [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1].split("/")[0].replace(/\.js$/, "")))].sort();
      // packages the provider depends on, and Node built-ins (crypto; net and tls for the certificate-name check)
      for (const r of requires) assert.ok(["@pulumi", "ajv", "crypto", "mysql2", "net", "tls"].includes(r), `unexpected require of ${r}`);
      assert.ok(!text.includes(h.options.host + ":" + h.port), "no captured connection settings");

      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ob-ser-")), "provider.js");
      fs.writeFileSync(file, text);
      const config = {
        "oceanbase:host": h.host,
        "oceanbase:port": String(h.port),
        "oceanbase:user": "root",
        "oceanbase:tenant": "sys",
        "oceanbase:connections": JSON.stringify({ t1: { user: "root@mysql_tenant" }, ora: { user: "SYS@oracle_tenant" } }),
      };
      const env = { ...process.env, SERIALIZED_CONFIG: JSON.stringify(config), SERIALIZED_CONNECTION: connection };
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ["-e", LOADER, file], { cwd: root, env, timeout: 30000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      const r = JSON.parse(out.slice(out.indexOf("{")));
      assert.deepStrictEqual(r, { id: `${tenant}/1`, status: "RUNNING", jobs: [1] });
      assert.ok(h.statements().some((s) => s.tenant === tenant && /^ALTER SYSTEM BACKUP DATABASE DESCRIPTION 'from serialized text \[pulumi:[0-9a-f]{12}\]'$/.test(s.sql)));
    });
  }
});

describe("resource kit: what of the host's property bag is kept", () => {
  // a package installed from node_modules serializes to a small require stub; by value it is 100+ KB
  const { declaredInputs, declaredOutputs } = require("../../provider/resource-kit") as typeof import("../../provider/resource-kit");
  const token = "oceanbase-backup:index:BackupJob";

  it("drops unknown keys and a large __provider, keeps a small one", () => {
    const small = 'exports.handler = __f0; function __f0() { return require("pulumi-oceanbase-backup/dist/provider/backup-job.js"); }';
    assert.deepStrictEqual(declaredInputs(token, { tenants: ["a"], junk: 1, __provider: small }), { tenants: ["a"], __provider: small });
    assert.deepStrictEqual(declaredInputs(token, { tenants: ["a"], __provider: "x".repeat(200_000) }), { tenants: ["a"] });
    assert.deepStrictEqual(declaredOutputs(token, { status: "RUNNING", jobs: [], junk: 2, __provider: small }), { status: "RUNNING", jobs: [], __provider: small });
  });
});
