// The emulator is an independent oracle for the provider (issue 10): neither side may reach into the other.
// Every import/require/export-from specifier of every source file is resolved and checked against the
// directory it lands in.

import assert = require("assert");
import fs = require("fs");
import path = require("path");

const ROOT = path.resolve(__dirname, "..");

/** Module specifiers in TypeScript/JavaScript source: import/export … from, import(…), require(…), import x = require(…). */
export function specifiers(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;'"]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\b(?:import|require)\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]);
  return found;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules") out.push(...sourceFiles(p));
    } else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The top-level directory (emulator, provider, sdk, …) a relative specifier of `file` resolves into. */
function topDirOf(file: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
  return target.split(path.sep)[0];
}

/** `from` files importing into any of `forbidden`, as "file -> specifier". */
function violations(from: string[], forbidden: string[]): string[] {
  const bad: string[] = [];
  for (const dir of from) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      for (const spec of specifiers(fs.readFileSync(file, "utf8"))) {
        const top = topDirOf(file, spec);
        if (top !== null && forbidden.includes(top)) bad.push(`${path.relative(ROOT, file)} -> ${spec}`);
      }
    }
  }
  return bad;
}

describe("architecture: the emulator is independent of the provider and SDK (issue 10)", () => {
  it("finds every form of module reference the check relies on", () => {
    const sample = [
      `import { a } from "../provider/x";`,
      `import type { B } from '../sdk/y';`,
      `export { c } from "./z";`,
      `export * from "../provider/w";`,
      `import d = require("../provider/v");`,
      `const e = require('../emulator/u');`,
      `const f = await import("../sdk/t");`,
      `import "../provider/side-effect";`,
      `import {\n  g,\n  h,\n} from "../provider/multi";`,
      `// import { no } from "../provider/commented";`,
    ].join("\n");
    assert.deepStrictEqual(specifiers(sample).sort(), [
      "../emulator/u",
      "../provider/multi",
      "../provider/side-effect",
      "../provider/v",
      "../provider/w",
      "../provider/x",
      "../sdk/t",
      "../sdk/y",
      "./z",
    ]);
    assert.strictEqual(topDirOf(path.join(ROOT, "emulator", "server.ts"), "../provider/redact"), "provider");
    assert.strictEqual(topDirOf(path.join(ROOT, "emulator", "server.ts"), "./errors"), "emulator");
    assert.strictEqual(topDirOf(path.join(ROOT, "emulator", "server.ts"), "mysql2"), null);
  });

  it("no file under emulator/ imports from provider/ or sdk/", () => {
    assert.deepStrictEqual(violations(["emulator"], ["provider", "sdk"]), []);
  });

  it("no file under provider/ or sdk/ imports from emulator/", () => {
    assert.deepStrictEqual(violations(["provider", "sdk"], ["emulator"]), []);
  });
});
