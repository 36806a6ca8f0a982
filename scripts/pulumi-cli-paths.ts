// Where `npm run pulumi-cli` puts the real Pulumi CLI, and how a test or the demo finds a `pulumi` to run.
// Kept apart from the build so that finding the CLI loads nothing of the build.

import fs = require("fs");
import os = require("os");
import path = require("path");

/** The release built; @pulumi/pulumi in package.json must not be newer. */
export const PULUMI_CLI_VERSION = "3.276.0";

const root = path.resolve(__dirname, "..");

export function pulumiCliBin(): string {
  return process.env.PULUMI_CLI_DIR ? path.resolve(process.env.PULUMI_CLI_DIR) : path.join(root, ".pulumi-cli", "bin");
}

const executable = (f: string) => {
  try {
    fs.accessSync(f, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The directory of a usable `pulumi` with its Node.js language host and dynamic-provider plugin beside it: the
 * one `npm run pulumi-cli` built, else one on PATH. Undefined when there is none.
 */
export function findPulumiCli(): string | undefined {
  const dirs = [pulumiCliBin(), ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  return dirs.find((d) => executable(path.join(d, "pulumi")) && executable(path.join(d, "pulumi-language-nodejs")));
}

/**
 * The environment for running `cli` offline in a throwaway directory of its own: its own PULUMI_HOME, HOME and
 * file backend, passphrase secrets, no update check, no plugin download. npm keeps the machine's cache.
 */
export function offlineCliEnv(cli: string, dir: string, passphrase: string): NodeJS.ProcessEnv {
  for (const d of ["home", "pulumi-home", "state"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
  return {
    ...process.env,
    PATH: `${cli}${path.delimiter}${process.env.PATH ?? ""}`,
    HOME: path.join(dir, "home"),
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), ".npm"),
    PULUMI_HOME: path.join(dir, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
}
