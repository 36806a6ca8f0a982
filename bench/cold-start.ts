// Cold start through the program runner: `preview` of a one-resource program (examples/cancel-backup) by the
// engine stand-in, timing the provider host from its spawn to ready, and the first Check from sent to answered
// (the Check loads the provider module). The program's own start (ts-node) is not counted: the engine starts the
// host when the program registers its first resource, as the CLI starts a provider plugin. Against
// `node -e "require('@pulumi/pulumi')"` in the same directory, spawn to exit.

import { spawn } from "child_process";
import fs = require("fs");
import os = require("os");
import path = require("path");
import { LocalEngine, TimingEvent } from "../engine";
import { npmInstall } from "../engine/install";
import { projectDir } from "./host";
import { median, round } from "./measure";

export interface ColdStartResult {
  runs: number;
  /** host spawn → configured, plus the first Check sent → answered (medians) */
  hostReadyMs: number;
  firstCheckMs: number;
  hostToFirstCheckMs: number;
  /** host spawn → first Check answered, including the wait for the program to register its resource */
  wallToFirstCheckMs: number;
  requirePulumiMs: number;
  ratio: number;
  /** Pulumi's host alone (spawn to configured) against the bare require: the part no provider change can reach */
  hostAloneRatio: number;
}

async function onePreview(): Promise<{ ready: number; check: number; wall: number }> {
  const at: Partial<Record<TimingEvent, number>> = {};
  const state = fs.mkdtempSync(path.join(os.tmpdir(), "ob-bench-"));
  const engine = new LocalEngine({
    dir: projectDir,
    stateFile: path.join(state, "emulator.json"),
    onTiming: (e, ms) => void (at[e] ??= ms),
  });
  try {
    const r = await engine.preview();
    if (r.exitCode !== 0) throw new Error(`preview failed: ${r.errors.join("; ")}`);
  } finally {
    fs.rmSync(state, { recursive: true, force: true });
  }
  const need = (e: TimingEvent) => {
    if (at[e] === undefined) throw new Error(`cold start: no ${e} event`);
    return at[e]!;
  };
  return { ready: need("host-ready") - need("host-spawn"), check: need("check-answered") - need("check-sent"), wall: need("check-answered") - need("host-spawn") };
}

function requirePulumi(): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ["-e", "require('@pulumi/pulumi')"], { cwd: projectDir, stdio: "ignore" });
    c.once("exit", (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`require('@pulumi/pulumi') exited ${code}`))));
  });
}

export async function coldStart(runs = 3): Promise<ColdStartResult> {
  await npmInstall(projectDir);
  process.env.PULUMI_CONFIG_PASSPHRASE ??= "bench";
  const previews = [];
  const requires = [];
  // alternated, so that a burst of load on the shared machine hits both sides alike
  for (let i = 0; i < runs; i++) {
    requires.push(await requirePulumi());
    previews.push(await onePreview());
  }
  const hostReadyMs = median(previews.map((p) => p.ready));
  const firstCheckMs = median(previews.map((p) => p.check));
  const hostToFirstCheckMs = median(previews.map((p) => p.ready + p.check));
  const requirePulumiMs = median(requires);
  return {
    runs,
    hostReadyMs: round(hostReadyMs, 0),
    firstCheckMs: round(firstCheckMs, 0),
    hostToFirstCheckMs: round(hostToFirstCheckMs, 0),
    wallToFirstCheckMs: round(median(previews.map((p) => p.wall)), 0),
    requirePulumiMs: round(requirePulumiMs, 0),
    ratio: round(hostToFirstCheckMs / requirePulumiMs, 2),
    hostAloneRatio: round(hostReadyMs / requirePulumiMs, 2),
  };
}
