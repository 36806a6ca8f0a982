#!/usr/bin/env node
// The engine stand-in's CLI (see engine/README.md); the published package ships it compiled in dist/.
require("../dist/engine/cli.js").runCli();
