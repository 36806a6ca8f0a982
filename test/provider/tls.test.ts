// The provider over TLS against the emulator's TLS: a trusted CA connects, a wrong CA, a certificate for another
// host and a server without TLS fail with messages that name the setting to fix, tlsInsecure connects, and with
// `tls` set nothing of the login (user, password, auth token) crosses the wire before TLS is up.

import assert = require("assert");
import { createHash } from "crypto";
import net = require("net");
import { EmulatorHandle } from "../../emulator";
import { makeTlsMaterial } from "../../emulator/tls";
import * as provider from "../../provider/backup-job";
import { closeAllPools, openDedicated, resolveSettings, setProviderConfig } from "../../provider/connection";
import { connect, listTenants } from "../../provider/ob";
import type { BackupJobInputs } from "../../provider/types.generated";
import { fastEmulator, stopEmulator } from "../support/provider";

const PASSWORD = "Tls-Pa55-word";
const args = async () => (await provider.check({}, {})).inputs as BackupJobInputs;

/** A TCP relay that records every byte each side sends: the wire as an eavesdropper sees it. */
async function recordingRelay(target: number): Promise<{ port: number; toServer: () => Buffer; toClient: () => Buffer; close: () => Promise<void> }> {
  const up: Buffer[] = [];
  const down: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    client.on("data", (d) => {
      up.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on("data", (d) => {
      down.push(Buffer.from(d));
      client.write(d);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    toServer: () => Buffer.concat(up),
    toClient: () => Buffer.concat(down),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const sha1 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash("sha1")).digest();

/** The mysql_native_password token a client sends for `password` against the greeting's scramble. */
function nativeToken(greeting: Buffer, password: string): Buffer {
  // greeting packet: header(4) protocol(1) version NUL, thread id(4), scramble part 1 (8), filler, caps, …
  const versionEnd = greeting.indexOf(0, 5);
  const part1 = greeting.subarray(versionEnd + 5, versionEnd + 13);
  const part2Start = versionEnd + 13 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
  const part2 = greeting.subarray(part2Start, part2Start + 12);
  const stage1 = sha1(Buffer.from(password));
  const mask = sha1(Buffer.concat([part1, part2]), sha1(stage1));
  return Buffer.from(stage1.map((b, i) => b ^ mask[i]));
}

describe("provider over TLS", function () {
  this.timeout(20000);
  let h: EmulatorHandle;
  let plain: EmulatorHandle;
  before(async () => {
    h = await fastEmulator({ sysPassword: PASSWORD, tls: true });
    plain = await fastEmulator({ sysPassword: PASSWORD });
  });
  after(async () => {
    await stopEmulator(plain);
    await stopEmulator(h);
  });
  afterEach(() => closeAllPools());

  const configure = (e: EmulatorHandle, extra: Record<string, string | number | boolean>) =>
    setProviderConfig({ host: "127.0.0.1", port: e.port, user: "root", tenant: "sys", password: PASSWORD, ...extra });

  it("connects with tls and the emulator's CA in tlsCa, on pooled and dedicated connections", async () => {
    configure(h, { tls: true, tlsCa: h.tlsCa! });
    const c = await connect(undefined, "connecting");
    assert.deepStrictEqual((await listTenants(c)).map((t) => t.tenantName), ["mysql_tenant", "oracle_tenant"]);
    const d = await openDedicated(resolveSettings());
    const stream = (d as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream;
    assert.strictEqual(stream.encrypted, true);
    await d.end();
  });

  it("sends nothing of the login before TLS is up: only the 36-byte SSLRequest goes in plain text", async () => {
    const relay = await recordingRelay(h.port);
    try {
      configure(h, { port: relay.port, tls: true, tlsCa: h.tlsCa! });
      await listTenants(await connect(undefined, "connecting"));
      const sent = relay.toServer();
      // SSLRequest: length 32, sequence 1, capability flags with CLIENT_SSL (0x800); then a TLS handshake record
      assert.deepStrictEqual([sent.readUIntLE(0, 3), sent[3], (sent.readUInt32LE(4) & 0x800) !== 0], [32, 1, true]);
      assert.deepStrictEqual([sent[36], sent[37]], [0x16, 0x03], "the bytes after the SSLRequest are TLS");
      const token = nativeToken(relay.toClient(), PASSWORD);
      for (const secret of [Buffer.from(PASSWORD), Buffer.from("root@sys"), token]) {
        assert.strictEqual(sent.indexOf(secret), -1, "a login secret crossed the wire in plain text");
      }
    } finally {
      await relay.close();
    }
  });

  it("(control) without tls the same recording does show the login and its auth token", async () => {
    const relay = await recordingRelay(plain.port);
    try {
      configure(plain, { port: relay.port });
      await listTenants(await connect(undefined, "connecting"));
      const sent = relay.toServer();
      assert.notStrictEqual(sent.indexOf(Buffer.from("root@sys")), -1);
      assert.notStrictEqual(sent.indexOf(nativeToken(relay.toClient(), PASSWORD)), -1);
    } finally {
      await relay.close();
    }
  });

  it("a CA that did not sign the server's certificate fails, naming oceanbase:tlsCa", async () => {
    configure(h, { tls: true, tlsCa: makeTlsMaterial().caPem });
    await assert.rejects(provider.create(await args()), (e: Error) => {
      assert.match(e.message, /^connecting to OceanBase: TLS to root@sys at 127\.0\.0\.1:\d+ failed \(.*certificate.*\): set oceanbase:tlsCa to the PEM of the CA that signed the server's certificate/);
      assert.ok(!e.message.includes(PASSWORD));
      return true;
    });
  });

  it("an unreadable tlsCa fails, naming oceanbase:tlsCa", async () => {
    configure(h, { tls: true, tlsCa: "not a certificate" });
    await assert.rejects(provider.create(await args()), /set oceanbase:tlsCa to the PEM of the CA/);
  });

  it("a certificate made out for another host fails, naming oceanbase:host, for an IP host and a DNS host", async () => {
    const onlyLocalhost = await fastEmulator({ sysPassword: PASSWORD, tls: { serverNames: ["localhost"] } });
    const onlyIp = await fastEmulator({ sysPassword: PASSWORD, tls: { serverNames: ["127.0.0.1"] } });
    try {
      configure(onlyLocalhost, { tls: true, tlsCa: onlyLocalhost.tlsCa! });
      await assert.rejects(provider.create(await args()), (e: Error) => {
        assert.match(e.message, /^connecting to OceanBase: the TLS certificate of root@sys at 127\.0\.0\.1:\d+ is not made out for that host \(.*127\.0\.0\.1.*\): set oceanbase:host to a name or address the certificate lists/);
        return true;
      });
      configure(onlyIp, { host: "localhost", tls: true, tlsCa: onlyIp.tlsCa! });
      await assert.rejects(provider.create(await args()), /the TLS certificate of root@sys at localhost:\d+ is not made out for that host \(.*localhost.*\): set oceanbase:host/);
      // the right names connect
      configure(onlyLocalhost, { host: "localhost", tls: true, tlsCa: onlyLocalhost.tlsCa! });
      assert.strictEqual((await connect(undefined, "connecting")).tenant.tenantName, "sys");
      configure(onlyIp, { tls: true, tlsCa: onlyIp.tlsCa! });
      assert.strictEqual((await connect(undefined, "connecting")).tenant.tenantName, "sys");
    } finally {
      await closeAllPools();
      await onlyLocalhost.close();
      await onlyIp.close();
    }
  });

  it("tls against a server without TLS fails and does not fall back to plain text", async () => {
    const relay = await recordingRelay(plain.port);
    try {
      configure(plain, { port: relay.port, tls: true, tlsCa: h.tlsCa! });
      await assert.rejects(provider.create(await args()), /TLS is required \(oceanbase:tls\) but the server does not offer it \(root@sys at 127\.0\.0\.1:\d+\); the provider does not fall back to plain text/);
      assert.strictEqual(relay.toServer().indexOf(Buffer.from("root@sys")), -1, "no plain-text login was attempted");
    } finally {
      await relay.close();
    }
  });

  it("tlsInsecure connects over TLS without checking the CA or the names", async () => {
    configure(h, { tls: true, tlsInsecure: true, tlsCa: makeTlsMaterial(["elsewhere.test"]).caPem });
    const c = await connect(undefined, "connecting");
    assert.strictEqual(c.tenant.tenantName, "sys");
    const d = await openDedicated(resolveSettings());
    assert.strictEqual((d as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream.encrypted, true);
    await d.end();
  });
});
