// Mocha's spec output, then the plain "N passed, N failed" line CI reads (it does not parse mocha's summary).
// With OB_SUMMARY_FILE set the same counts also go to that file as "passed failed skipped": .ci/run adds up
// its runs from those files rather than from output that other programs also write to.
const fs = require("fs");
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once("end", () => {
      const s = runner.stats;
      const skipped = s.pending ? `, ${s.pending} skipped` : "";
      process.stdout.write(`\n${s.passes} passed, ${s.failures} failed${skipped}\n`);
      if (process.env.OB_SUMMARY_FILE) fs.writeFileSync(process.env.OB_SUMMARY_FILE, `${s.passes} ${s.failures} ${s.pending}\n`);
    });
  }
}

module.exports = SummaryReporter;
