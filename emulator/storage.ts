// Backup media as the emulator sees them: destination URIs (reference §1.3) and a simulated object store
// that remembers which tenant and purpose wrote the `format` file of each directory (9080 / 9081).

import { ObError, OB } from "./errors";

export interface ParsedDest {
  scheme: "file" | "oss" | "cos" | "s3";
  /** the URI without its query string */
  root: string;
  params: Map<string, string>;
}

const REQUIRED: Record<ParsedDest["scheme"], string[]> = {
  file: [],
  oss: ["host", "access_id", "access_key"],
  cos: ["host", "access_id", "access_key", "appid"],
  s3: ["host", "access_id", "access_key", "s3_region"],
};

/** Parses and checks a destination; throws 9026 "backup destination is not valid" when it is not one. */
export function parseDest(uri: string): ParsedDest {
  const m = /^(file|oss|cos|s3):\/\/([^?]*)(\?(.*))?$/i.exec(uri);
  const invalid = () => new ObError(OB.INVALID_BACKUP_DEST);
  if (!m) throw invalid();
  const scheme = m[1].toLowerCase() as ParsedDest["scheme"];
  const path = m[2];
  const params = new Map<string, string>();
  if (scheme === "file") {
    if (m[3] !== undefined || !path.startsWith("/") || path.length < 2) throw invalid();
  } else {
    if (!/^[^/]+/.test(path)) throw invalid();
    for (const kv of (m[4] ?? "").split("&")) {
      if (!kv) continue;
      const eq = kv.indexOf("=");
      if (eq <= 0) throw invalid();
      params.set(kv.slice(0, eq).toLowerCase(), kv.slice(eq + 1));
    }
    for (const key of REQUIRED[scheme]) if (!params.get(key)) throw invalid();
    const mode = params.get("delete_mode");
    if (mode !== undefined && mode !== "delete" && mode !== "tagging") throw invalid();
  }
  return { scheme, root: `${scheme}://${path.replace(/\/+$/, "")}`, params };
}

/** The path OceanBase shows in job and set views: no credentials (reference §2.1 PATH). */
export function publicPath(d: ParsedDest): string {
  if (d.scheme === "file") return d.root;
  const kept = [...d.params].filter(([k]) => k !== "access_id" && k !== "access_key");
  return kept.length ? `${d.root}?${kept.map(([k, v]) => `${k}=${v}`).join("&")}` : d.root;
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

  check(d: ParsedDest): void {
    for (const p of this.unreachable) {
      if (d.root.startsWith(p)) throw new ObError(OB.BACKUP_DEST_NOT_CONNECT);
    }
  }
}
