// schema.json is the single source of truth: it is a valid Pulumi package schema, everything the provider
// and SDK rely on is in it, and the generated code is up to date with it.

import assert = require("assert");
import fs = require("fs");
import path = require("path");
import Ajv2020 from "ajv/dist/2020";
import { generatedFiles } from "../../sdk/codegen/generate";
import type { PackageSchema } from "../../provider/schema";

const root = path.resolve(__dirname, "../..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")) as PackageSchema;

describe("schema.json", () => {
  it("validates against Pulumi's package metaschema (sdk/codegen/pulumi-package-metaschema.json)", function () {
    const metaPath = path.join(root, "sdk/codegen/pulumi-package-metaschema.json");
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(metaPath, "utf8")));
    const ok = validate(schema);
    assert.ok(ok, JSON.stringify(validate.errors, null, 1));
  });

  it("has what the provider relies on: tokens, dynamic names, descriptions, secrets", () => {
    for (const [token, r] of Object.entries(schema.resources).filter(([, r]) => !r.isComponent)) {
      assert.match(token, /^oceanbase-backup:index:[A-Z][A-Za-z]+$/);
      const dyn = r.language["x-dynamic"];
      assert.strictEqual(dyn.type, token.split(":")[2]);
      assert.strictEqual(dyn.module, "oceanbase");
      assert.ok(fs.existsSync(path.join(root, "provider", `${dyn.provider}.ts`)), `provider module ${dyn.provider}`);
      for (const [k, p] of [...Object.entries(r.inputProperties), ...Object.entries(r.properties)]) {
        assert.ok(p.description && p.description.length > 10, `${token}.${k} needs a description`);
      }
      for (const [k, p] of Object.entries(r.inputProperties)) {
        if (p.secret) assert.ok(r.properties[k]?.secret, `${k}: a secret input stays secret as an output`);
      }
    }
    assert.strictEqual(schema.config.variables.password.secret, true);
    assert.strictEqual(schema.config.variables.connections.secret, true);
  });

  it("the generated provider types and SDK are up to date (npm run codegen)", () => {
    for (const [file, text] of Object.entries(generatedFiles(schema))) {
      assert.strictEqual(fs.readFileSync(path.join(root, file), "utf8"), text, `${file} is stale: run npm run codegen`);
    }
  });
});
