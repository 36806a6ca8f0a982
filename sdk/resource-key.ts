// The key a BackupJob's jobs are found by after `pulumi up` died before its create returned (issue 17): what
// identifies the resource in the stack, known to the program before it registers anything, and the same in
// the run that retries. The provider hashes it with the inputs that force a replacement and the generation
// its check gives into the `[pulumi:<key>]` marker on the job's DESCRIPTION (provider/backup-job.ts markerKey).

import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** sha256 of the project, stack, resource type and name (a URN's identity, bar parent types), 32 hex digits. */
export function resourceKeyOf(token: string, name: string): string {
  return createHash("sha256").update(JSON.stringify([pulumi.getProject(), pulumi.getStack(), token, name])).digest("hex").slice(0, 32);
}
