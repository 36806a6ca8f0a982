// Issue 11 (cold start): a Check loads only what checking needs. mysql2 waits for the first connection and
// ajv's compiler is never loaded in the provider (the validators are precompiled by codegen). Run in a fresh
// process, since this one has loaded both long ago.

import assert = require("assert");
import { execFile } from "child_process";
import path = require("path");

const root = path.resolve(__dirname, "../..");

const SCRIPT = `
const provider = require("./provider/backup-job");
// no tenant named: nothing to look up on the server (a named tenant is looked up, which loads mysql2: issue 17)
provider.check({}, { backupType: "INCREMENTAL", description: "cold" }).then((r) => {
  const loaded = Object.keys(require.cache).map((f) => f.split("node_modules/").pop());
  process.stdout.write(JSON.stringify({ failures: r.failures, loaded }));
});
`;

function loadedByOneCheck(): Promise<{ failures: unknown[]; loaded: string[] }> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["-r", "tsx/cjs", "-e", SCRIPT], { cwd: root, timeout: 60000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as { failures: unknown[]; loaded: string[] }),
    ),
  );
}

describe("cold start: what the first Check loads", function () {
  this.timeout(60000);

  it("checks without loading mysql2 or ajv's compiler", async () => {
    const { failures, loaded } = await loadedByOneCheck();
    assert.deepStrictEqual(failures, []);
    assert.ok(loaded.some((f) => /provider[/\\]validators\.generated/.test(f)), "the precompiled validators ran");
    assert.deepStrictEqual(loaded.filter((f) => /^mysql2[/\\]/.test(f)), [], "mysql2 is loaded by a check");
    // the standalone validators may use ajv's small runtime helpers (ajv/dist/runtime/…), nothing else of ajv
    assert.deepStrictEqual(loaded.filter((f) => /^ajv[/\\]/.test(f) && !/^ajv[/\\]dist[/\\]runtime[/\\]/.test(f)), [], "ajv is loaded by a check");
  });
});
