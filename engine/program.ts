// Starts a Pulumi program the way the Node.js language host does: the project's own
// node_modules/@pulumi/pulumi/cmd/run in a child process, with the flags and environment the host passes.

import { spawn } from "child_process";
import fs = require("fs");
import path = require("path");
import { projectPulumiDir } from "./provider-host";
import type { Project } from "./project";

export interface ProgramRun {
  project: Project;
  stack: string;
  monitor: string;
  engine: string;
  preview: boolean;
  onLine: (stream: "stdout" | "stderr", line: string) => void;
}

/** The compiled preload: beside this module in the package, or in dist/ when the engine runs from its sources. */
function preloadPath(): string {
  const here = path.join(__dirname, "program-preload.js");
  return fs.existsSync(here) ? here : path.join(__dirname, "../dist/engine/program-preload.js");
}

export function runProgram(r: ProgramRun): Promise<number> {
  const { project } = r;
  const entry = path.join(projectPulumiDir(project.dir), "cmd/run/index.js");
  const args = [
    "--require",
    preloadPath(),
    entry,
    `--monitor=${r.monitor}`,
    `--engine=${r.engine}`,
    `--project=${project.name}`,
    `--stack=${r.stack}`,
    "--organization=organization",
    `--root-directory=${project.dir}`,
    `--pwd=${project.dir}`,
    "--parallel=16",
    ...(r.preview ? ["--dry-run"] : []),
    project.main,
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(project.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(project.secretKeys),
    PULUMI_NODEJS_TYPESCRIPT: String(project.typescript),
    ...(project.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: project.tsconfig } : {}),
    ...(project.transpileOnly ? { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } : {}),
  };
  // a program inherits nothing of the engine's own module loading (e.g. a test runner's TypeScript hooks)
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, args, { cwd: project.dir, env, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of ["stdout", "stderr"] as const) {
    let buf = "";
    child[stream].on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) r.onLine(stream, line);
    });
    child[stream].on("end", () => buf && r.onLine(stream, buf));
  }
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
