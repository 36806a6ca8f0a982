// Pulumi starts the dynamic-provider host in a process group of its own (so that a terminal's Ctrl-C reaches the
// engine, which then stops its plugins in order). A `pulumi` killed alone (kill -9, an OOM kill of that process)
// leaves the host running, orphaned, for as long as its current operation takes: a create in the middle of a wait
// could still send its BACKUP after the next `pulumi up` had looked for the job, and start a second one. Nothing
// can record what an orphan does, so the host exits as soon as the engine that started it is gone.

import path = require("path");

const HOST_ENTRY = path.join("cmd", "dynamic-provider", "index.js");
let watching = false;

/** Inside Pulumi's dynamic-provider host (not in a test or program that loads the provider): exit when orphaned. */
export function exitWhenOrphaned(pollMs = 200): void {
  if (watching || !process.argv.some((a) => a.endsWith(HOST_ENTRY))) return;
  watching = true;
  const engine = process.ppid;
  setInterval(() => {
    if (process.ppid === engine) return;
    process.stderr.write(`oceanbase provider: the Pulumi engine that started this host (pid ${engine}) is gone; exiting so that nothing more is sent\n`);
    process.exit(1);
  }, pollMs).unref();
}
