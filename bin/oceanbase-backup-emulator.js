#!/usr/bin/env node
// The published package ships the compiled emulator in dist/.
require("../dist/emulator/cli.js");
