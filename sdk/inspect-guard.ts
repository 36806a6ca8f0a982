// Node 20.20 and 22.x (22.23 checked) colour `node_modules/<name>` in a stack line by looking for the separator
// after the name, and loop without end when there is none: a line ending in `node_modules/@scope/file.ts:1:2)`
// (or `node_modules/file.ts:1:2)`). That is how @pulumi/pulumi's own frames read once source-mapped (a TypeScript
// program: `…/@pulumi/resource.ts`), and the Pulumi program runner prints every unhandled program error with
// `util.inspect(err, { colors: true })`, so under the real CLI a program error thrown through Pulumi's code (a
// transformation that throws, say) spins at 100% CPU, growing one string until V8 gives up (about 50 s here),
// instead of failing the run at once.
//
// The runner holds its own copy of `util.inspect` (taken before the program loads), so replacing the function
// would not reach it; what inspect does honour is an object's `[util.inspect.custom]`. Errors get one that asks
// for the same formatting without colours when, and only when, colours are asked for and a stack line has that
// shape; otherwise it hands the error back to inspect's default formatting. The Node version is no guide (20.19
// and 24.22 are not affected, 20.20 and 22.23 are), the stack text is.

import util = require("util");

/** `node_modules/`, then a name (scoped or not) and no separator after it, to the end of a line. */
const LOOPING_LINE = /[/\\]node_modules[/\\](?:@[^/\\\n]*[/\\])?[^/\\\n]*$/m;

/** The error and what inspect also prints of it: its cause chain and an AggregateError's errors. */
function loops(err: unknown, seen = new Set<unknown>()): boolean {
  if (typeof err !== "object" || err === null || seen.has(err) || seen.size > 32) return false;
  seen.add(err);
  const e = err as { stack?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.stack === "string" && LOOPING_LINE.test(e.stack)) return true;
  if (loops(e.cause, seen)) return true;
  return Array.isArray(e.errors) && e.errors.some((x) => loops(x, seen));
}

const marker = Symbol.for("pulumi-oceanbase-backup.inspect-guard");

/** Installs the guard on Error.prototype once per process, however many copies of the SDK are loaded. */
export function installInspectGuard(): void {
  const proto = Error.prototype as unknown as Record<symbol, unknown>;
  if (proto[marker] || Object.prototype.hasOwnProperty.call(proto, util.inspect.custom)) return;
  Object.defineProperty(proto, marker, { value: true });
  Object.defineProperty(proto, util.inspect.custom, {
    configurable: true,
    writable: true,
    value: function (this: Error, _depth: number, options: util.InspectOptionsStylized, inspect: typeof util.inspect): unknown {
      // returning the value itself is inspect's signal to format it as if there were no custom hook
      if (!options?.colors || !loops(this)) return this;
      // the stylize inspect hands a hook colours; without it, and without colours, the line is left alone
      const { stylize: _colouring, ...plain } = options;
      return inspect(this, { ...plain, colors: false });
    },
  });
}
