// Backup media as the emulator sees them: destination URIs (reference §1.3) and a simulated object store
// that remembers which tenant and purpose wrote the `format` file of each directory (9080 / 9081).

import { Destination, pathWithoutCredentials, readDestination } from "./destination";
import { ObError, OB } from "./errors";

export type ParsedDest = Destination;
export const publicPath = pathWithoutCredentials;

/** Parses and checks a destination; throws 9026 "backup destination is not valid" when it is not one. */
export function parseDest(uri: string): ParsedDest {
  const d = readDestination(uri);
  if (d === null) throw new ObError(OB.INVALID_BACKUP_DEST);
  return d;
}

interface FormatFile {
  tenantId: number;
  purpose: "data" | "archive";
}

/** Directories the emulator's "media" hold, keyed by root path. */
export class SimulatedStorage {
  private readonly formats = new Map<string, FormatFile>();
  private readonly foreign = new Set<string>();
  private readonly unreachable = new Set<string>();

  /** A directory holding files but no format file of ours (answers 9080 on use). */
  putForeignFiles(root: string): void {
    this.foreign.add(root.replace(/\/+$/, ""));
  }

  /** Every destination under this prefix fails to connect (9070). */
  makeUnreachable(prefix: string): void {
    this.unreachable.add(prefix);
  }

  makeReachable(prefix: string): void {
    this.unreachable.delete(prefix);
  }

  /** check_dest_validity then write the format file (reference §1.3 steps 3–4). */
  claim(d: ParsedDest, tenantId: number, purpose: FormatFile["purpose"]): void {
    this.check(d);
    const existing = this.formats.get(d.root);
    if (existing) {
      if (existing.tenantId !== tenantId || existing.purpose !== purpose) {
        throw new ObError(OB.BACKUP_FORMAT_FILE_NOT_MATCH, "format file does not match, try to set a new directory.");
      }
      return;
    }
    if (this.foreign.has(d.root)) {
      throw new ObError(OB.BACKUP_FORMAT_FILE_NOT_EXIST, "format file does not exist, try to set a new directory.");
    }
    this.formats.set(d.root, { tenantId, purpose });
  }

  /** What wrote the format file of this directory, if anything did (a restore reads it, restore research §1.1.2). */
  formatOf(d: ParsedDest): Readonly<FormatFile> | undefined {
    this.check(d);
    return this.formats.get(d.root);
  }

  check(d: ParsedDest): void {
    for (const p of this.unreachable) {
      if (d.root.startsWith(p)) throw new ObError(OB.BACKUP_DEST_NOT_CONNECT);
    }
  }
}
