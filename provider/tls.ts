// How the provider's TLS settings reach mysql2, and the certificate-name check mysql2 leaves out.
//
// mysql2 (3.24) checks the server certificate's names only when `ssl.verifyIdentity` is set, and then only
// for a DNS host name: for an IP address it passes no servername, so Node falls back to checking "localhost"
// (a certificate for localhost passes for any IP, one for the right IP fails). So a DNS host is checked by
// mysql2 and an IP host here, right after the TLS handshake and before any statement runs.

import { isIP } from "net";
import { checkServerIdentity, PeerCertificate } from "tls";
import type { SslOptions } from "mysql2";

export interface TlsSettings {
  host: string;
  tls: boolean;
  tlsCa: string;
  tlsInsecure: boolean;
}

/** mysql2's `ssl` option: none without `tls`; with it, no fallback to plain text (mysql2 refuses then). */
export function sslOptions(s: TlsSettings): SslOptions | undefined {
  if (!s.tls) return undefined;
  return {
    ca: s.tlsCa || undefined,
    rejectUnauthorized: !s.tlsInsecure,
    verifyIdentity: !s.tlsInsecure && isIP(s.host) === 0,
  };
}

interface WithStream {
  connection?: { stream?: { getPeerCertificate?: (detailed: boolean) => PeerCertificate } };
  destroy?: () => void;
}

/**
 * For an IP host with verification on: throws (code ERR_TLS_CERT_ALTNAME_INVALID, as Node's own check) when the
 * certificate does not list the IP, after closing the connection so that a pool never hands it out again.
 */
export function verifyPeerIdentity(s: TlsSettings, conn: unknown): void {
  if (!s.tls || s.tlsInsecure || isIP(s.host) === 0) return;
  const c = conn as WithStream;
  const cert = c.connection?.stream?.getPeerCertificate?.(false);
  const err = cert && Object.keys(cert).length > 0 ? checkServerIdentity(s.host, cert) : new Error("the server presented no certificate");
  if (!err) return;
  c.destroy?.();
  throw Object.assign(new Error(err.message), { code: "ERR_TLS_CERT_ALTNAME_INVALID" });
}
