// TLS for the emulator: a CA and a server certificate made at start (Node's crypto makes the keys; it cannot
// make X.509 certificates, so node-forge signs them), and MySQL's in-band upgrade on the server side, which
// mysql2's server lacks: the client answers the greeting with a 32-byte SSLRequest (capability CLIENT_SSL),
// starts TLS on the same socket, and only then sends its handshake response with the user and auth token.

import { generateKeyPairSync, randomBytes } from "crypto";
import { isIP, Socket } from "net";
import { Duplex } from "stream";
import { createSecureContext, SecureContext, TLSSocket } from "tls";
import forge = require("node-forge");

export const CLIENT_SSL = 0x800;

export interface TlsMaterial {
  /** PEM of the CA that signed the server certificate: what a client trusts */
  caPem: string;
  certPem: string;
  keyPem: string;
  /** the DNS names and IP addresses the server certificate is valid for */
  names: string[];
  context: SecureContext;
}

function rsaKeys(): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  // Node makes the key in native code (forge's pure-JS RSA key generation takes seconds)
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function serial(): string {
  // positive (high bit clear) and unique enough that a client's certificate cache never confuses two runs
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString("hex");
}

/** Makes a fresh CA and a server certificate for `names` (default: localhost and 127.0.0.1), valid for a year. */
export function makeTlsMaterial(names: string[] = ["localhost", "127.0.0.1"]): TlsMaterial {
  if (names.length === 0) throw new Error("tls.serverNames must name at least one host name or IP address");
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);

  /** A certificate for `publicKey`, valid from an hour ago for a year, to be named and signed by the caller. */
  const certificateFor = (publicKey: forge.pki.PublicKey) => {
    const c = forge.pki.createCertificate();
    c.publicKey = publicKey;
    c.serialNumber = serial();
    c.validity.notBefore = notBefore;
    c.validity.notAfter = notAfter;
    return c;
  };

  const ca = rsaKeys();
  const caCert = certificateFor(ca.publicKey);
  const caName = [{ name: "commonName", value: "OceanBase backup emulator CA" }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  caCert.sign(ca.forgeKey, forge.md.sha256.create());

  const server = rsaKeys();
  const cert = certificateFor(server.publicKey);
  cert.setSubject([{ name: "commonName", value: names[0] }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    // 7 = iPAddress, 2 = dNSName (RFC 5280 GeneralName)
    { name: "subjectAltName", altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.forgeKey, forge.md.sha256.create());

  const caPem = forge.pki.certificateToPem(caCert);
  const certPem = forge.pki.certificateToPem(cert);
  return { caPem, certPem, keyPem: server.pem, names: [...names], context: createSecureContext({ key: server.pem, cert: certPem }) };
}

/** The part of mysql2's server-side connection the upgrade rewires. */
export interface UpgradableConn {
  stream: Socket;
  sequenceId: number;
}

/**
 * Takes the socket's first packet from mysql2 before it parses it. An SSLRequest (payload of 32 bytes, sequence
 * id 1, CLIENT_SSL set) turns the socket into a TLS server socket whose plaintext feeds mysql2's packet parser;
 * anything else goes to mysql2 unchanged. `onSecure` runs once TLS is up.
 */
export function offerTls(conn: UpgradableConn, tls: TlsMaterial, onSecure: () => void): void {
  const raw = conn.stream;
  // mysql2's own 'data' listener feeds its packet parser and, on the first bytes, clears the 10 s connect
  // timeout of a server-side connection (which would otherwise close it): every byte still goes through it
  const mysql2Listeners = raw.listeners("data") as ((chunk: Buffer) => void)[];
  const toMysql2 = (chunk: Buffer) => {
    for (const l of mysql2Listeners) l.call(raw, chunk);
  };
  for (const l of mysql2Listeners) raw.off("data", l);
  let pending = Buffer.alloc(0);
  const sniff = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (pending.length < 4) return;
    const len = pending.readUIntLE(0, 3);
    const isSslRequest = len === 32 && pending[3] === 1;
    if (isSslRequest && pending.length < 36) return;
    raw.off("data", sniff);
    if (!isSslRequest || (pending.readUInt32LE(4) & CLIENT_SSL) === 0) {
      // a plain login: give mysql2 back its socket and the bytes read so far
      for (const l of mysql2Listeners) raw.on("data", l);
      toMysql2(pending);
      return;
    }
    // The client sends its TLS ClientHello right behind the SSLRequest, often in the same TCP chunk. The TLS
    // socket reads through a plain Duplex fed from the socket's 'data' events, so those bytes are not lost
    // (a TLSSocket over a net.Socket reads its handle directly and never sees bytes already read).
    const pipe = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        raw.write(chunk, cb);
      },
      final(cb) {
        raw.end();
        cb();
      },
    });
    if (pending.length > 36) pipe.push(pending.subarray(36));
    raw.on("data", (d: Buffer) => pipe.push(d));
    raw.on("end", () => pipe.push(null));
    raw.on("close", () => pipe.destroy());
    const secure = new TLSSocket(pipe as unknown as Socket, { isServer: true, secureContext: tls.context });
    // a failed TLS handshake (e.g. a client that rejects the CA) ends the connection, and so does destroying the
    // TLS side (fault injection drops connections through conn.stream, which is now this socket)
    secure.on("error", () => raw.destroy());
    secure.on("close", () => raw.destroy());
    secure.once("secure", onSecure);
    secure.on("data", toMysql2);
    conn.stream = secure as unknown as Socket;
    // the SSLRequest took sequence id 1; the handshake response inside TLS comes with 2
    conn.sequenceId = 2;
  };
  raw.on("data", sniff);
}
