// Backup destination URIs as reference §1.3 describes them, read by the emulator on its own (it is an
// independent oracle for the provider, so it keeps its own reading of the forms):
//   file:///abs/path                                  NFS; absolute, no '?'
//   oss://bucket/path?host=…&access_id=…&access_key=…
//   cos://bucket/path?host=…&access_id=…&access_key=…&appid=…
//   s3://bucket/path?host=…&access_id=…&access_key=…&s3_region=…
// plus an optional delete_mode=delete|tagging for object storage.

export type DestScheme = "file" | "oss" | "cos" | "s3";

export interface Destination {
  scheme: DestScheme;
  /** scheme://path with no query and no trailing '/': the directory the format file lives in */
  root: string;
  /** query parameters, keys lower-cased, in the order given */
  params: Map<string, string>;
}

const NEEDS: Record<Exclude<DestScheme, "file">, readonly string[]> = {
  oss: ["host", "access_id", "access_key"],
  cos: ["host", "access_id", "access_key", "appid"],
  s3: ["host", "access_id", "access_key", "s3_region"],
};

const SECRET_PARAMS = new Set(["access_id", "access_key"]);

/** The destination, or null when `uri` is not one of the forms above. */
export function readDestination(uri: string): Destination | null {
  const sep = uri.indexOf("://");
  if (sep <= 0) return null;
  const scheme = uri.slice(0, sep).toLowerCase();
  const rest = uri.slice(sep + 3);
  if (/[\s'\\]/.test(rest) || /[\u0000-\u001f\u007f]/.test(rest)) return null;
  const q = rest.indexOf("?");
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? null : rest.slice(q + 1);
  const root = `${scheme}://${path.replace(/\/+$/, "")}`;
  if (scheme === "file") {
    if (query !== null || !path.startsWith("/") || path.replace(/\/+$/, "") === "") return null;
    return { scheme, root, params: new Map() };
  }
  if (scheme !== "oss" && scheme !== "cos" && scheme !== "s3") return null;
  const bucket = path.split("/")[0];
  if (bucket === "") return null;
  const params = new Map<string, string>();
  for (const pair of (query ?? "").split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    if (eq <= 0) return null;
    params.set(pair.slice(0, eq).toLowerCase(), pair.slice(eq + 1));
  }
  if (NEEDS[scheme].some((k) => (params.get(k) ?? "") === "")) return null;
  const mode = params.get("delete_mode");
  if (mode !== undefined && mode !== "delete" && mode !== "tagging") return null;
  return { scheme, root, params };
}

/** The path the job, set and storage views show: the destination without its credentials (§2.1 PATH). */
export function pathWithoutCredentials(d: Destination): string {
  const kept = [...d.params].filter(([k]) => !SECRET_PARAMS.has(k)).map(([k, v]) => `${k}=${v}`);
  return kept.length === 0 ? d.root : `${d.root}?${kept.join("&")}`;
}
