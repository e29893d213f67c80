import assert from "node:assert/strict";
import fc from "fast-check";
import { editDistance, nearestFlag } from "../lib/cli/nearest_flag.ts";

Deno.test("editDistance() counts insertions, deletions, substitutions and swaps as one each", () => {
  assert.equal(editDistance("duration", "duration"), 0);
  assert.equal(editDistance("durtion", "duration"), 1);
  assert.equal(editDistance("duraiton", "duration"), 1);
  assert.equal(editDistance("durationn", "duration"), 1);
  assert.equal(editDistance("dutation", "duration"), 1);
  assert.equal(editDistance("", "seed"), 4);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

Deno.test("editDistance() is symmetric and zero only for equal strings", () => {
  fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
    assert.equal(editDistance(a, b), editDistance(b, a));
    assert.equal(editDistance(a, b) === 0, a === b);
  }));
});

const KNOWN = ["max-requests", "duration", "seed", "help", "version", "kv", "file"];

Deno.test("nearestFlag() names the known flag within a small distance", () => {
  assert.equal(nearestFlag("--durtion", KNOWN), "--duration");
  assert.equal(nearestFlag("--max-reqests", KNOWN), "--max-requests");
  assert.equal(nearestFlag("--sed", KNOWN), "--seed");
  assert.equal(nearestFlag("--Seed", KNOWN), "--seed");
  assert.equal(nearestFlag("--fiel", KNOWN), "--file");
});

Deno.test("nearestFlag() stays silent when nothing is near or the flag is short", () => {
  assert.equal(nearestFlag("--bogus", KNOWN), null);
  assert.equal(nearestFlag("--frobnicate", KNOWN), null);
  assert.equal(nearestFlag("--vx", KNOWN), null);
  assert.equal(nearestFlag("-x", ["x"]), null);
  assert.equal(nearestFlag("--anything", []), null);
});
