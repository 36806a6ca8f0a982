// `npm run pulumi-cli`: builds the real Pulumi CLI from the Go module proxy into .pulumi-cli/bin (git-ignored):
// `pulumi` (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at PULUMI_CLI_VERSION, its version stamped), our
// `pulumi-language-nodejs` (scripts/pulumi-cli/language-nodejs: the release's own is not served by the proxy) and
// the `pulumi-resource-pulumi-nodejs` plugin for dynamic resources. A finished build is reused. The last line
// printed is the directory holding the three programs.

import { spawn } from "child_process";
import crypto = require("crypto");
import fs = require("fs");
import path = require("path");
import { PULUMI_CLI_VERSION, pulumiCliBin } from "./pulumi-cli-paths";

const root = path.resolve(__dirname, "..");
const moduleDir = path.join(root, "scripts/pulumi-cli");
const stampFile = () => path.join(pulumiCliBin(), ".build-stamp");
const PROGRAMS = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

/** What the build is made of: a change to any of it makes a new build. */
function buildStamp(): string {
  const h = crypto.createHash("sha256").update(PULUMI_CLI_VERSION);
  for (const f of ["go.mod", "go.sum", "language-nodejs/main.go", "pulumi-resource-pulumi-nodejs"]) h.update(fs.readFileSync(path.join(moduleDir, f)));
  return h.digest("hex");
}

export function finishedBuild(): boolean {
  const bin = pulumiCliBin();
  return PROGRAMS.every((p) => fs.existsSync(path.join(bin, p))) && fs.existsSync(stampFile()) && fs.readFileSync(stampFile(), "utf8") === buildStamp();
}

const say = (line: string) => process.stderr.write(`pulumi-cli: ${line}\n`);

class BuildError extends Error {}

/** Runs go with its output read line by line; the lines are what tells which module could not be had. */
function go(args: string[], onLine: (line: string) => void): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ""} -buildvcs=false -mod=readonly`.trim(), GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" };
    const child = spawn("go", args, { cwd: moduleDir, env, stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    let rest = "";
    const take = (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split("\n");
      rest = parts.pop() ?? "";
      for (const l of parts) {
        lines.push(l);
        onLine(l);
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (e) => reject(new BuildError(`cannot run go (${e.message}): install Go 1.26 or later and put it on PATH`)));
    child.on("close", (code) => {
      if (rest) lines.push(rest);
      if (code === 0) resolve(lines);
      else reject(new BuildError(explainGoFailure(args, lines)));
    });
  });
}

/** Names the module that could not be had, from go's own words. */
export function explainGoFailure(args: string[], lines: string[]): string {
  const refused = lines.map((l) => /([\w./~-]+)@(v[\w.+-]+): .*?(\d{3} [A-Za-z ]+|not found|invalid version|unknown revision)/.exec(l)).find(Boolean);
  if (refused) return `the Go module ${refused[1]}@${refused[2]} could not be had (${refused[3].trim()}); is the Go module proxy reachable? (GOPROXY=${process.env.GOPROXY ?? "default"})`;
  const tail = lines.filter((l) => l.trim()).slice(-8).join("\n");
  return `go ${args.join(" ")} failed:\n${tail}`;
}

async function download(): Promise<void> {
  say("downloading the Go modules (first run: about 1.6 GB into the Go module cache)");
  let n = 0;
  await go(["mod", "download", "-x"], (l) => {
    // -x prints each fetch; a count every 25 modules shows progress without a wall of URLs
    if (/^# get .*\.zip$/.test(l) && ++n % 25 === 0) say(`  ${n} module archives fetched`);
  });
  say(n ? `  ${n} module archives fetched` : "  every module was already in the cache");
}

async function build(target: string, out: string): Promise<void> {
  say(`compiling ${target} (first run: a few minutes on 2 cores)`);
  let n = 0;
  const started = Date.now();
  await go(["build", "-v", "-trimpath", "-ldflags", `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_CLI_VERSION}`, "-o", out, target], (l) => {
    if (/^[\w.-]+(\/[\w.~-]+)+$/.test(l) && ++n % 100 === 0) say(`  ${n} packages compiled (${Math.round((Date.now() - started) / 1000)} s)`);
  });
}

export async function buildPulumiCli(): Promise<string> {
  const bin = pulumiCliBin();
  if (finishedBuild()) {
    say(`reusing the finished build of Pulumi v${PULUMI_CLI_VERSION}`);
    return bin;
  }
  const started = Date.now();
  fs.mkdirSync(bin, { recursive: true });
  fs.rmSync(stampFile(), { force: true });
  await download();
  await build("github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", path.join(bin, "pulumi"));
  await build("./language-nodejs", path.join(bin, "pulumi-language-nodejs"));
  fs.copyFileSync(path.join(moduleDir, "pulumi-resource-pulumi-nodejs"), path.join(bin, "pulumi-resource-pulumi-nodejs"));
  fs.chmodSync(path.join(bin, "pulumi-resource-pulumi-nodejs"), 0o755);
  fs.writeFileSync(stampFile(), buildStamp());
  const size = PROGRAMS.reduce((s, p) => s + fs.statSync(path.join(bin, p)).size, 0);
  say(`built Pulumi v${PULUMI_CLI_VERSION} in ${Math.round((Date.now() - started) / 1000)} s (${(size / 1e6).toFixed(0)} MB)`);
  return bin;
}

if (require.main === module) {
  buildPulumiCli().then(
    (bin) => process.stdout.write(`${bin}\n`),
    (e: unknown) => {
      say(e instanceof BuildError ? e.message : String(e));
      process.exit(1);
    },
  );
}
