// Backup and archive destination URIs (reference §1.3): file:// (NFS), oss://, cos://, s3://, with the
// parameters each needs. Shared by the provider's check() and the emulator, so both accept the same forms.

export type Scheme = "file" | "oss" | "cos" | "s3";

export interface ParsedUri {
  scheme: Scheme;
  /** the URI without its query string or trailing slashes */
  root: string;
  params: Map<string, string>;
}

const REQUIRED: Record<Scheme, string[]> = {
  file: [],
  oss: ["host", "access_id", "access_key"],
  cos: ["host", "access_id", "access_key", "appid"],
  s3: ["host", "access_id", "access_key", "s3_region"],
};

export const URI_FORMS =
  "file:///absolute/path, oss://bucket/path?host=…&access_id=…&access_key=…, cos://bucket/path?host=…&access_id=…&access_key=…&appid=…, or s3://bucket/path?host=…&access_id=…&access_key=…&s3_region=…";

/** Parses a destination; returns the reason it is not one instead of throwing. */
export function parseBackupUri(uri: string): ParsedUri | { error: string } {
  const m = /^(file|oss|cos|s3):\/\/([^?\s]*)(\?(\S*))?$/i.exec(uri);
  if (!m) return { error: `must be a destination URI: ${URI_FORMS}` };
  const scheme = m[1].toLowerCase() as Scheme;
  const path = m[2];
  const params = new Map<string, string>();
  if (scheme === "file") {
    if (m[3] !== undefined) return { error: "a file:// destination takes no ?parameters" };
    if (!path.startsWith("/") || path.length < 2) return { error: "a file:// destination needs an absolute path: file:///absolute/path" };
  } else {
    if (!/^[^/]+/.test(path)) return { error: `a ${scheme}:// destination needs a bucket: ${scheme}://bucket/path?…` };
    for (const kv of (m[4] ?? "").split("&")) {
      if (!kv) continue;
      const eq = kv.indexOf("=");
      if (eq <= 0) return { error: "every ?parameter must be key=value" };
      params.set(kv.slice(0, eq).toLowerCase(), kv.slice(eq + 1));
    }
    const missing = REQUIRED[scheme].filter((k) => !params.get(k));
    if (missing.length) return { error: `a ${scheme}:// destination needs ${missing.join(", ")}` };
    const mode = params.get("delete_mode");
    if (mode !== undefined && mode !== "delete" && mode !== "tagging") return { error: "delete_mode must be delete or tagging" };
  }
  if (/['\\\u0000-\u001f\u007f]/.test(uri)) return { error: "must not contain quotes, backslashes or control characters" };
  return { scheme, root: `${scheme}://${path.replace(/\/+$/, "")}`, params };
}

/** The path OceanBase shows in job and set views: no credentials (reference §2.1 PATH). */
export function publicPath(d: ParsedUri): string {
  if (d.scheme === "file") return d.root;
  const kept = [...d.params].filter(([k]) => k !== "access_id" && k !== "access_key");
  return kept.length ? `${d.root}?${kept.map(([k, v]) => `${k}=${v}`).join("&")}` : d.root;
}

/** The public path of a destination as OceanBase stores it, or "" when there is none (or it is not a URI). */
export function publicPathOf(uri: string): string {
  const parsed = parseBackupUri(uri);
  return "error" in parsed ? "" : publicPath(parsed);
}
