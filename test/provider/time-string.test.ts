// OceanBase's time strings as the provider compares and reads them (reference §1.4, §2.7).

import assert = require("assert");
import { intervalFromView, sameDuration } from "../../provider/time-string";

describe("time strings", () => {
  it("compare as durations", () => {
    assert.ok(sameDuration("7d", "168h"));
    assert.ok(sameDuration("48h", "2d"));
    assert.ok(sameDuration("1d", "86400"));
    assert.ok(!sameDuration("36h", "1d"));
    assert.ok(!sameDuration("1w", "7d"), "a text that is no time string equals only itself");
    assert.ok(sameDuration("1w", "1w"));
  });

  it("PIECE_SWITCH_INTERVAL of the ARCHIVELOG views: a bigint in µs, or the older string form", () => {
    assert.strictEqual(intervalFromView("86400000000"), 86400e6);
    assert.strictEqual(intervalFromView(129600000000), 36 * 3600e6);
    assert.strictEqual(intervalFromView("1d"), 86400e6);
    assert.strictEqual(intervalFromView("36h"), 36 * 3600e6);
    assert.strictEqual(intervalFromView(null), null);
    assert.strictEqual(intervalFromView(""), null);
    assert.strictEqual(intervalFromView("soon"), null);
  });
});
