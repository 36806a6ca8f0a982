// TLS in the emulator: MySQL's in-band upgrade (SSLRequest), a CA and server certificate made at start, both
// client libraries over TLS in both protocols, and logins that must use TLS refused without it.

import assert = require("assert");
import { execFile, spawnSync } from "child_process";
import { X509Certificate } from "crypto";
import fs = require("fs");
import os = require("os");
import path = require("path");
import type { TLSSocket } from "tls";
import mysql = require("mysql2/promise");
import { EmulatorHandle } from "../../emulator";
import { makeTlsMaterial } from "../../emulator/tls";
import { COMBINATIONS, dbError, openClient } from "../support/clients";
import { manualEmulator } from "../support/emulator";

const MARIADB_CLI = spawnSync("mariadb", ["--version"], { encoding: "utf8" }).status === 0;

function mariadbCli(args: string[], password: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("mariadb", args, { env: { ...process.env, MYSQL_PWD: password }, timeout: 10000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === "number" ? code : 1, stdout, stderr });
    });
  });
}

function peerOf(c: mysql.Connection): TLSSocket {
  return (c as unknown as { connection: { stream: TLSSocket } }).connection.stream;
}

describe("emulator: TLS", () => {
  let h: EmulatorHandle;
  before(async () => {
    h = await manualEmulator({
      sysPassword: "sys-secret",
      tenants: [{ name: "mysql_tenant", password: "t1-secret" }],
      tls: { requireFor: ["root@mysql_tenant"] },
    });
  });
  after(() => h.close());

  it("makes a CA at start, exposes its PEM, and serves a certificate it signed for localhost and 127.0.0.1", async () => {
    assert.ok(h.tlsCa?.startsWith("-----BEGIN CERTIFICATE-----"));
    const ca = new X509Certificate(h.tlsCa!);
    assert.strictEqual(ca.ca, true);
    for (const host of ["localhost", "127.0.0.1"]) {
      const c = await mysql.createConnection({ host, port: h.port, user: "root@sys", password: "sys-secret", ssl: { ca: h.tlsCa!, verifyIdentity: true } });
      const sock = peerOf(c);
      assert.strictEqual(sock.encrypted, true);
      assert.match(sock.getProtocol() ?? "", /^TLSv1\.[23]$/);
      const cert = new X509Certificate(sock.getPeerCertificate(false).raw);
      assert.strictEqual(cert.subjectAltName, "DNS:localhost, IP Address:127.0.0.1");
      assert.ok(cert.verify(ca.publicKey), "the server certificate is signed by the exposed CA");
      assert.ok(cert.checkIP("127.0.0.1") && cert.checkHost("localhost"));
      await c.end();
    }
  });

  for (const { library, mode } of COMBINATIONS) {
    it(`runs statements over TLS with ${library} ${mode}()`, async () => {
      const c = await openClient(h, library, mode, "root@mysql_tenant", "t1-secret", { tlsCa: h.tlsCa! });
      assert.deepStrictEqual(await c.rows("SELECT ? AS v, TENANT_NAME FROM oceanbase.DBA_OB_TENANTS", ["over tls"]), [{ v: "over tls", TENANT_NAME: "mysql_tenant" }]);
      await c.end();
    });
  }

  it("refuses a login that must use TLS when it comes in plain text with 1045 / 28000; others may still log in plainly", async () => {
    for (const library of ["mysql2", "mariadb"] as const) {
      await assert.rejects(openClient(h, library, "query", "root@mysql_tenant", "t1-secret"), (e) => {
        const err = dbError(e);
        assert.deepStrictEqual([err.errno, err.sqlState, err.message], [1045, "28000", "Access denied for user 'root'@'127.0.0.1' (using password: YES)"], library);
        return true;
      });
    }
    const plain = await openClient(h, "mysql2", "execute", "root@sys", "sys-secret");
    assert.deepStrictEqual(await plain.rows("SELECT 1 AS one"), [{ one: "1" }]);
    await plain.end();
  });

  it("keeps idle connections, TLS and plain, open past mysql2's 10 s server-side connect timeout", async function () {
    this.timeout(25000);
    const secure = await mysql.createConnection({ host: "127.0.0.1", port: h.port, user: "root@sys", password: "sys-secret", ssl: { ca: h.tlsCa! } });
    const plain = await mysql.createConnection({ host: "127.0.0.1", port: h.port, user: "root@sys", password: "sys-secret" });
    await new Promise((r) => setTimeout(r, 10_500));
    for (const c of [secure, plain]) {
      assert.deepStrictEqual((await c.query("SELECT 1 AS one"))[0], [{ one: 1 }]);
      await c.end();
    }
  });

  it("drops a TLS connection on a fault as it drops a plain one: the client learns at once", async () => {
    const c = await mysql.createConnection({ host: "127.0.0.1", port: h.port, user: "root@sys", password: "sys-secret", ssl: { ca: h.tlsCa! } });
    h.faults.dropOnStatement((sql) => sql.includes("dropped here"), "after");
    await assert.rejects(c.query("SELECT 'dropped here'"), (e: { code?: string }) => e.code === "PROTOCOL_CONNECTION_LOST");
    c.destroy();
  });

  it("applies the TLS requirement to COM_CHANGE_USER as to a login", async () => {
    const plain = await mysql.createConnection({ host: "127.0.0.1", port: h.port, user: "root@sys", password: "sys-secret" });
    await assert.rejects(plain.changeUser({ user: "root@mysql_tenant", password: "t1-secret" }), (e: { errno?: number }) => e.errno === 1045);
    await plain.end().catch(() => undefined);
    const secure = await mysql.createConnection({ host: "127.0.0.1", port: h.port, user: "root@sys", password: "sys-secret", ssl: { ca: h.tlsCa!, verifyIdentity: true } });
    await secure.changeUser({ user: "root@mysql_tenant", password: "t1-secret" });
    assert.deepStrictEqual((await secure.query("SELECT USER() AS u"))[0], [{ u: "root@mysql_tenant" }]);
    await secure.end();
  });

  it("serves the stock mariadb command-line client over TLS with the CA verified, and refuses it without TLS", async function () {
    if (!MARIADB_CLI) {
      this.test!.title += " (skipped: no `mariadb` command-line client on PATH)";
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ob-emu-ca-"));
    const ca = path.join(dir, "ca.pem");
    fs.writeFileSync(ca, h.tlsCa!);
    try {
      const base = ["-h", "127.0.0.1", "-P", String(h.port), "-uroot@mysql_tenant", "--batch"];
      const ok = await mariadbCli([...base, `--ssl-ca=${ca}`, "--ssl-verify-server-cert", "-e", "SELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS"], "t1-secret");
      assert.deepStrictEqual([ok.code, ok.stdout], [0, "TENANT_NAME\nmysql_tenant\n"], ok.stderr);
      const refused = await mariadbCli([...base, "--skip-ssl", "-e", "SELECT 1"], "t1-secret");
      assert.match(refused.stderr, /ERROR 1045 \(28000\): Access denied for user 'root'@'127\.0\.0\.1' \(using password: YES\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails the TLS handshake of a client that trusts another CA, before any login", async () => {
    const other = makeTlsMaterial(["localhost", "127.0.0.1"]);
    h.clearStatements();
    await assert.rejects(
      mysql.createConnection({ host: "127.0.0.1", port: h.port, user: "root@sys", password: "sys-secret", ssl: { ca: other.caPem } }),
      (e: Error & { code?: string }) => e.code === "HANDSHAKE_SSL_ERROR" && /certificate/.test(e.message),
    );
    const c = await openClient(h, "mysql2", "query", "root@sys", "sys-secret", { tlsCa: h.tlsCa! });
    assert.deepStrictEqual(await c.rows("SELECT 5 AS five"), [{ five: "5" }], "the server goes on serving");
    await c.end();
  });

  it("makes the server certificate for the names asked for", async () => {
    const named = await manualEmulator({ tls: { serverNames: ["db.example.test", "10.1.2.3"] } });
    try {
      const c = await mysql.createConnection({ host: "127.0.0.1", port: named.port, user: "root@sys", ssl: { ca: named.tlsCa!, rejectUnauthorized: false } });
      const cert = new X509Certificate(peerOf(c).getPeerCertificate(false).raw);
      assert.strictEqual(cert.subjectAltName, "DNS:db.example.test, IP Address:10.1.2.3");
      await c.end();
    } finally {
      await named.close();
    }
  });

  it("offers no TLS unless asked: a client that requires it gets HANDSHAKE_NO_SSL_SUPPORT", async () => {
    const plain = await manualEmulator();
    try {
      assert.strictEqual(plain.tlsCa, null);
      await assert.rejects(
        mysql.createConnection({ host: "127.0.0.1", port: plain.port, user: "root@sys", ssl: { ca: h.tlsCa! } }),
        (e: Error & { code?: string }) => e.code === "HANDSHAKE_NO_SSL_SUPPORT",
      );
    } finally {
      await plain.close();
    }
  });
});
