// The command line: --help documents every flag, the emulator runs in the foreground and prints each
// statement, bad flags are refused, and passwords given by environment never show.

import assert = require("assert");
import { ChildProcess, spawn, spawnSync } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import mysql = require("mysql2/promise");

const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const cli = path.join(root, "emulator/cli.ts");

function startCli(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(tsx, [cli, ...args], { cwd: root, env: { ...process.env, ...env } });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 15000);
    const poll = setInterval(() => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve({ child, port: Number(m[1]), output: () => out });
      }
    }, 50);
  });
}

describe("emulator: command line", () => {
  it("--help explains every flag", () => {
    const r = spawnSync(tsx, [cli, "--help"], { cwd: root, encoding: "utf8" });
    assert.strictEqual(r.status, 0);
    const flags = ["--port", "--host", "--tenant", "--password", "--version", "--edition", "--archive-start-ms", "--backup-ms", "--history-ms", "--cleanup-ms", "--cleanup-trigger-ms", "--restore-create-ms", "--restore-ms", "--time-zone", "--rich-error-msg", "--tls", "--tls-ca-out", "--tls-name", "--tls-require", "--quiet", "--help"];
    // one line per flag: every option line starts with its flag, and nothing else continues it
    const lines = r.stdout.slice(r.stdout.indexOf("Options")).split("\n").slice(1).filter((l) => l.trim() !== "");
    assert.deepStrictEqual(lines.map((l) => /^ {2}(--[a-z-]+)/.exec(l)?.[1]), flags);
    assert.match(r.stdout, /--cleanup-trigger-ms N +.*default 3600000, OceanBase's hourly trigger/);
  });

  it("refuses unknown flags and bad numbers with exit code 2", () => {
    const unknown = spawnSync(tsx, [cli, "--frobnicate"], { cwd: root, encoding: "utf8" });
    assert.strictEqual(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown option '--frobnicate'/);
    const bad = spawnSync(tsx, [cli, "--backup-ms", "soon"], { cwd: root, encoding: "utf8" });
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /--backup-ms takes a whole number/);
  });

  it("--rich-error-msg appends [ip:port] [timestamp] [trace_id] to error messages (§2.10)", async () => {
    const { child, port } = await startCli(["--port", "0", "--quiet", "--rich-error-msg"]);
    try {
      const c = await mysql.createConnection({ host: "127.0.0.1", port, user: "root@mysql_tenant" });
      await assert.rejects(
        c.query("ALTER SYSTEM BACKUP DATABASE"),
        (e: Error) => new RegExp(String.raw`^backup can not start\n\[127\.0\.0\.1:${port}\] \[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\] \[Y[0-9A-F]+-[0-9A-F]{16}-0-0\]$`).test(e.message),
      );
      await c.end();
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  });

  it("runs in the foreground, prints each statement, and keeps passwords out of its output", async () => {
    const { child, port, output } = await startCli(["--port", "0", "--tenant", "shop:mysql", "--tenant", "erp:oracle", "--backup-ms", "2000"], {
      OB_EMULATOR_PASSWORDS: "root@sys=S3cret-sys,root@shop=S3cret-shop",
    });
    try {
      assert.match(output(), /tenants: sys, shop \(MYSQL\), erp \(ORACLE\)/);
      const c = await mysql.createConnection({ host: "127.0.0.1", port, user: "root@shop", password: "S3cret-shop" });
      await c.query("SET ENCRYPTION ON IDENTIFIED BY 'backup-pw' ONLY");
      await assert.rejects(c.query("ALTER SYSTEM BACKUP DATABASE"), /backup can not start/);
      await c.end();
      await new Promise((r) => setTimeout(r, 100));
      assert.match(output(), /\[shop\] SET ENCRYPTION ON IDENTIFIED BY '\*\*\*' ONLY/);
      assert.match(output(), /\[shop\] ALTER SYSTEM BACKUP DATABASE {2}-> ERROR 9040: backup can not start/);
      assert.ok(!/S3cret|backup-pw/.test(output()), "a password reached the output");
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  });

  it("--tls-ca-out writes the CA; --tls-require refuses a plain login and admits one over TLS", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ob-emu-tls-"));
    const caFile = path.join(dir, "ca.pem");
    const { child, output } = await startCli(["--port", "0", "--quiet", "--tls-ca-out", caFile, "--tls-require", "root@sys"], { OB_EMULATOR_PASSWORDS: "root@sys=S3cret-sys" });
    try {
      const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(output())![1]);
      await new Promise((r) => setTimeout(r, 100));
      assert.match(output(), new RegExp(`TLS offered; CA certificate written to ${caFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      const ca = fs.readFileSync(caFile, "utf8");
      assert.match(ca, /^-----BEGIN CERTIFICATE-----/);
      await assert.rejects(mysql.createConnection({ host: "127.0.0.1", port, user: "root@sys", password: "S3cret-sys" }), (e: { errno?: number }) => e.errno === 1045);
      const c = await mysql.createConnection({ host: "127.0.0.1", port, user: "root@sys", password: "S3cret-sys", ssl: { ca, verifyIdentity: true } });
      assert.deepStrictEqual((await c.query("SELECT 1 AS one"))[0], [{ one: 1 }]);
      await c.end();
      assert.ok(!output().includes("S3cret"), "a password reached the output");
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--help lays out one line per flag", () => {
    const r = spawnSync(tsx, [cli, "--help"], { cwd: root, encoding: "utf8" });
    const options = r.stdout.slice(r.stdout.indexOf("Options:\n") + 9, r.stdout.indexOf("\n\n", r.stdout.indexOf("Options:")));
    for (const line of options.split("\n")) assert.match(line, /^ {2}--[a-z-]+( \S+)? +\S/, `an option line of its own: ${JSON.stringify(line)}`);
    assert.ok(r.stdout.split("\n").every((l) => l.length <= 110), "no line wraps on a 110-column terminal");
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`npm run emulator, killed by its PID with ${signal} (a client still connected): the port is free at once, no child left`, async () => {
      // npm → node (the script execs node with tsx's loader): no shell or tsx process in between to orphan
      const child = spawn("npm", ["run", "--silent", "emulator", "--", "--port", "0", "--quiet"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.stderr!.on("data", (d) => (out += d));
      const deadline = Date.now() + 20000;
      while (!/listening on 127\.0\.0\.1:(\d+)/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      assert.ok(port > 0, out);
      const c = await mysql.createConnection({ host: "127.0.0.1", port, user: "root@sys" });
      c.on("error", () => undefined);
      const children = spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      const t0 = Date.now();
      child.kill(signal);
      // free at once: nothing listens a moment later
      let free = false;
      while (!free && Date.now() - t0 < 1500) {
        free = await new Promise<boolean>((r) => {
          const s = require("net").connect(port, "127.0.0.1");
          s.on("connect", () => (s.destroy(), r(false)));
          s.on("error", () => r(true));
        });
        if (!free) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(free, `port ${port} still open ${Date.now() - t0} ms after ${signal}`);
      await exited;
      for (const pid of children) {
        assert.throws(() => process.kill(Number(pid), 0), `child ${pid} of npm left running`);
      }
      c.destroy();
    });
  }
});
