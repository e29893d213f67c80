import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "../lib/fmt/duration.ts";

Deno.test("parseDuration() reads k6-style durations", () => {
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("30s"), 30_000);
  assert.equal(parseDuration("10m"), 600_000);
  assert.equal(parseDuration("2h"), 7_200_000);
  assert.equal(parseDuration("1d"), 86_400_000);
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("1.5s"), 1500);
  assert.equal(parseDuration("45"), 45_000);
});

Deno.test("parseDuration() rejects anything else, naming the value", () => {
  for (const bad of ["", "10x", "-5s", "s", "5 m", "1h junk"]) {
    assert.throws(() => parseDuration(bad), { message: new RegExp(`'${bad}'`) }, bad);
  }
});

Deno.test("formatDuration() prints short human durations", () => {
  assert.equal(formatDuration(250), "250ms");
  assert.equal(formatDuration(42_000), "42s");
  assert.equal(formatDuration(65_000), "1m 05s");
  assert.equal(formatDuration(3_900_000), "1h 05m");
  assert.equal(formatDuration(90_000_000), "1d 01h");
  assert.equal(formatDuration(-1), "-");
});
