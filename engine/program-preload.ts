// Preloaded into the program's process (node --require). Node 20.20's util.inspect never returns when it
// colours a stack line in which `node_modules/@scope/…` has no '/' after the file name, and that is exactly how
// Pulumi's own frames look once source-mapped (`…/node_modules/@pulumi/resource.ts:605:13`); cmd/run formats
// every unhandled program error with `util.inspect(err, { colors: true })`, so a failed resource would hang
// the program at 100% CPU instead of failing the run. The output goes to the engine, not a terminal: colours
// are dropped, nothing else changes.

import util = require("util");

const original = util.inspect;
const withoutColors = function (this: unknown, value: unknown, options?: unknown, ...rest: unknown[]): string {
  const opts = options && typeof options === "object" ? { ...(options as object), colors: false } : options;
  return (original as (...a: unknown[]) => string).call(this, value, opts, ...rest);
};
for (const key of Reflect.ownKeys(original)) {
  if (key === "length" || key === "name" || key === "prototype") continue;
  Object.defineProperty(withoutColors, key, Object.getOwnPropertyDescriptor(original, key)!);
}
util.inspect = withoutColors as typeof util.inspect;
