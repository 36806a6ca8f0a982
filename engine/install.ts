// A project's own node_modules, installed as its README says (`npm install` in the project directory), when
// they are missing or older than its package.json. The demo and the tests run programs only this way.

import { execFile } from "child_process";
import fs = require("fs");
import path = require("path");

export function needsInstall(dir: string): boolean {
  const marker = path.join(dir, "node_modules", ".package-lock.json");
  return !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(path.join(dir, "package.json")).mtimeMs;
}

export function npmInstall(dir: string, log: (line: string) => void = () => undefined): Promise<void> {
  if (!needsInstall(dir)) return Promise.resolve();
  log(`npm install in ${dir}`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  return new Promise((resolve, reject) =>
    execFile(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, timeout: 300000, maxBuffer: 16 * 1024 * 1024 }, (err, _out, stderr) =>
      err ? reject(new Error(`npm install in ${dir} failed: ${stderr.slice(-2000) || err.message}`)) : resolve(),
    ),
  );
}
