// What the creates and updates of this run put in force or found in force, per tenant and setting, so that a
// delete later in the same run does not undo it. Pulumi runs one dynamic-provider host per `pulumi up`, and
// deletes the old half of a replacement after its new half is created: when the new half (of the same type or
// another, e.g. a TenantBackupPolicy taking over from a BackupDestination) wants the value the old one had, it
// finds it in force and sends nothing, and the old half's delete would then put back or drop what the new one
// relies on. Nothing on the server says which resource set a value, so this process remembers it.

import type { Connected } from "./connection";
import type { Target } from "./tenant-target";

export type Setting = "DATA_BACKUP_DEST" | "LOG_ARCHIVE_DEST" | "DELETE_POLICY";

interface Claim {
  value: string;
  /** a create found the value already in force (nothing sent) and took it over */
  tookOver: boolean;
}

/** the latest claim per tenant and setting: what this run last put in force there */
const latest = new Map<string, Claim>();

const keyOf = (c: Connected, t: Target, setting: Setting) => JSON.stringify([c.settings.host, c.settings.port, t.tenantId, setting]);

/** A create or update put `value` in force; `tookOver`: a create found it in force already. */
export function claim(c: Connected, t: Target, setting: Setting, value: string, tookOver: boolean): void {
  latest.set(keyOf(c, t, setting), { value, tookOver });
}

/**
 * Whether a delete of a resource whose value is `own` must leave the setting alone: the latest claim of this run
 * is of another value, or a create found this very value in force and took it over. Any other latest claim of
 * `own` is the resource's own create or update.
 */
export function claimedByAnother(c: Connected, t: Target, setting: Setting, own: string): boolean {
  const last = latest.get(keyOf(c, t, setting));
  return last !== undefined && (last.value !== own || last.tookOver);
}
