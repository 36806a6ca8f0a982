// The emulator's own readings of the reference's grammars (it shares none with the provider, issue 10):
// time strings (§1.4 ObConfigTimeParser and convert_timestamp_to_timestr), destination URIs (§1.3), and the
// redaction of the statement log.

import assert = require("assert");
import { pathWithoutCredentials, readDestination } from "../../emulator/destination";
import { redactStatement } from "../../emulator/redact";
import { formatTimeString, parseTimeString } from "../../emulator/timestring";

describe("emulator: its own time strings, destinations and redaction", () => {
  it("§1.4 time strings: integer (strtol base 0) plus optional case-insensitive unit us|ms|s|m|h|d; none means seconds", () => {
    const cases: [string, number | null][] = [
      ["7d", 7 * 86400e6],
      ["7D", 7 * 86400e6],
      ["36h", 36 * 3600e6],
      ["90m", 90 * 60e6],
      ["120s", 120e6],
      ["120", 120e6],
      ["1500ms", 1.5e6],
      ["10us", 10],
      ["0", 0],
      ["0x10s", 16e6],
      ["010s", 8e6],
      ["1w", null],
      ["7 d", null],
      [" 7d", null],
      ["-1d", null],
      ["+1d", null],
      ["", null],
      ["d", null],
      ["08", null],
      ["0x", null],
      ["1.5h", null],
      ["1dd", null],
    ];
    for (const [text, us] of cases) assert.strictEqual(parseTimeString(text), us, JSON.stringify(text));
  });

  it("§1.4 shown in the largest whole unit, truncating: 48h -> 2d, 36h -> 1d, 90m -> 1h", () => {
    const cases: [number, string][] = [
      [48 * 3600e6, "2d"],
      [36 * 3600e6, "1d"],
      [7 * 86400e6, "7d"],
      [90 * 60e6, "1h"],
      [61e6, "1m"],
      [1500, "1ms"],
      [5, "5us"],
    ];
    for (const [us, text] of cases) assert.strictEqual(formatTimeString(us), text, String(us));
  });

  it("§1.3 destination URIs: file:// absolute without ?, oss/cos/s3 with the parameters each needs", () => {
    const ok = [
      "file:///backup/t1",
      "file:///backup/t1/",
      "oss://bucket/p?host=h&access_id=a&access_key=k",
      "oss://bucket/p?host=h&access_id=a&access_key=k&delete_mode=tagging",
      "cos://bucket/p?host=h&access_id=a&access_key=k&appid=1",
      "s3://bucket/p?host=h&access_id=a&access_key=k&s3_region=r",
    ];
    for (const u of ok) assert.ok(readDestination(u), u);
    const bad = [
      "file://relative/path",
      "file:///",
      "file:///backup?x=1",
      "/backup/t1",
      "nfs:///backup",
      "oss://bucket/p?host=h&access_id=a",
      "oss:///p?host=h&access_id=a&access_key=k",
      "cos://bucket/p?host=h&access_id=a&access_key=k",
      "s3://bucket/p?host=h&access_id=a&access_key=k",
      "oss://bucket/p?host=h&access_id=a&access_key=k&delete_mode=purge",
      "oss://bucket/p?host=h&access_id=a&access_key=",
      "file:///backup/it's",
    ];
    for (const u of bad) assert.strictEqual(readDestination(u), null, u);
    assert.strictEqual(readDestination("file:///backup/t1/")!.root, "file:///backup/t1");
    assert.strictEqual(
      pathWithoutCredentials(readDestination("OSS://bucket/p/?host=h&ACCESS_ID=a&access_key=k&delete_mode=delete")!),
      "oss://bucket/p?host=h&delete_mode=delete",
    );
  });

  it("redacts IDENTIFIED BY / ENCRYPTED BY literals (lists too) and storage credentials, and nothing else", () => {
    assert.strictEqual(redactStatement("SET ENCRYPTION ON IDENTIFIED BY 'p''w' ONLY"), "SET ENCRYPTION ON IDENTIFIED BY '***' ONLY");
    assert.strictEqual(redactStatement("set decryption identified by 'a', \"b\",'c'"), "set decryption identified by '***', '***','***'");
    assert.strictEqual(
      redactStatement("ALTER SYSTEM BACKUP KEY TO 'file:///k' ENCRYPTED BY 'kp'"),
      "ALTER SYSTEM BACKUP KEY TO 'file:///k' ENCRYPTED BY '***'",
    );
    assert.strictEqual(
      redactStatement("ALTER SYSTEM SET DATA_BACKUP_DEST = 'oss://b/p?host=h&access_id=AK&access_key=SK'"),
      "ALTER SYSTEM SET DATA_BACKUP_DEST = 'oss://b/p?host=h&access_id=***&access_key=***'",
    );
    // an unclosed quote: everything after BY goes
    assert.strictEqual(redactStatement("SET ENCRYPTION ON IDENTIFIED BY 'unterminated"), "SET ENCRYPTION ON IDENTIFIED BY ***");
    assert.strictEqual(redactStatement("SELECT 'by' FROM DUAL"), "SELECT 'by' FROM DUAL");
    // Oracle mode: a backslash is ordinary, so the literal ends at the second quote and nothing after it is lost
    assert.strictEqual(redactStatement(String.raw`SET ENCRYPTION ON IDENTIFIED BY 'p' ONLY`, true), "SET ENCRYPTION ON IDENTIFIED BY '***' ONLY");
    assert.strictEqual(redactStatement(`SET ENCRYPTION ON IDENTIFIED BY "pw" ONLY`, true), "SET ENCRYPTION ON IDENTIFIED BY '***' ONLY");
  });
});
