// The SDK's guard against Node's endless colouring of a stack line ending in `node_modules/@scope/file` (see
// sdk/inspect-guard.ts), checked in a separate node process each: on an affected Node (20.20, 22.23) the loop
// cannot be interrupted from inside, so the child is killed when it has not answered in time.

import assert = require("assert");
import { execFile } from "child_process";
import path = require("path");

const sdk = path.resolve(__dirname, "../../dist/sdk");

/** What Pulumi's program runner does with an unhandled error, in a child that has loaded the built SDK first. */
function inspectInChild(body: string): Promise<{ out: string; killed: boolean; ms: number }> {
  const script = `require(${JSON.stringify(sdk)});\nconst util = require("util");\n${body}`;
  const started = Date.now();
  return new Promise((resolve) =>
    execFile(process.execPath, ["-e", script], { timeout: 8000, killSignal: "SIGKILL" }, (err, out) =>
      resolve({ out, killed: !!err && (err as NodeJS.ErrnoException & { killed?: boolean }).killed === true, ms: Date.now() - started }),
    ),
  );
}

const LOOPING_STACK = "Error: transformation refused\\n    at new Resource (/p/node_modules/@pulumi/resource.ts:478:26)\\n    at Object.<anonymous> (/p/index.ts:3:1)";

describe("the SDK's guard for util.inspect on Node 20.20 / 22.x", function () {
  this.timeout(20000);

  it("an error whose stack has a Pulumi frame as source-mapped is printed as cmd/run prints it, at once, without colours", async () => {
    const r = await inspectInChild(`const e = new Error("transformation refused"); e.stack = "${LOOPING_STACK}"; e.code = 7;
process.stdout.write(util.inspect(e, { colors: true }));`);
    assert.ok(!r.killed, `util.inspect did not return within 8 s on ${process.version}`);
    assert.match(r.out, /^Error: transformation refused\n {4}at new Resource \(\/p\/node_modules\/@pulumi\/resource\.ts:478:26\)/);
    assert.match(r.out, /code: 7/, "the error's own properties are still printed");
    assert.doesNotMatch(r.out, /\u001b\[/, "no colour codes");
  });

  it("and one whose last frame is a file directly under node_modules, unscoped", async () => {
    const r = await inspectInChild(`const e = new Error("unscoped"); e.stack = "Error: unscoped\\n    at f (/p/node_modules/lib.ts:1:2)";
process.stdout.write(util.inspect(e, { colors: true }));`);
    assert.ok(!r.killed, `util.inspect did not return within 8 s on ${process.version}`);
    assert.strictEqual(r.out, "Error: unscoped\n    at f (/p/node_modules/lib.ts:1:2)");
  });

  it("the same error as the cause of another, and inside an object", async () => {
    const r = await inspectInChild(`const inner = new Error("inner"); inner.stack = "${LOOPING_STACK}";
process.stdout.write(util.inspect(new Error("outer", { cause: inner }), { colors: true }) + "\\n---\\n" + util.inspect({ failed: inner }, { colors: true }));`);
    assert.ok(!r.killed, `util.inspect did not return within 8 s on ${process.version}`);
    const [outer, wrapped] = r.out.split("\n---\n");
    assert.match(outer, /^Error: outer/);
    assert.match(outer, /\[cause\]: Error: transformation refused/);
    assert.match(wrapped, /failed: Error: transformation refused/);
  });

  it("any other error keeps inspect's colours, and without colours asked for nothing changes", async () => {
    const r = await inspectInChild(`const e = new Error("plain"); e.stack = "Error: plain\\n    at f (/p/node_modules/@pulumi/pulumi/resource.js:1:2)\\n    at node:internal/main:1:1";
process.stdout.write(JSON.stringify([util.inspect(e, { colors: true }), util.inspect(e), util.inspect(e, { colors: false }) === util.inspect(e)]));`);
    const [coloured, plain, same] = JSON.parse(r.out) as [string, string, boolean];
    assert.match(coloured, /\u001b\[4m@pulumi\/pulumi\u001b\[24m/, "node_modules names underlined as Node does");
    assert.doesNotMatch(plain, /\u001b\[/);
    assert.ok(same);
  });
});
