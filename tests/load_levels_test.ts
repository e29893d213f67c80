import assert from "node:assert/strict";
import { levelInterval, type LoadSignal, nextLoadLevel } from "../lib/load/load_levels.ts";

const healthy: LoadSignal = {
  requests: 500,
  average_ms: 0.1,
  p99_ms: 0.5,
  success_rate: 100,
  error_rate: 0,
};

Deno.test("levelInterval() gives the spec's ranges for the default base", () => {
  const base = { min: 50, max: 200 };
  assert.deepEqual(levelInterval(base, 1), { min: 50, max: 200 });
  assert.deepEqual(levelInterval(base, 2), { min: 35, max: 135 });
  assert.deepEqual(levelInterval(base, 3), { min: 20, max: 100 });
});

Deno.test("levelInterval() scales custom intervals by the same factors", () => {
  assert.deepEqual(levelInterval({ min: 10, max: 50 }, 2), { min: 7, max: 33.75 });
  assert.deepEqual(levelInterval({ min: 10, max: 50 }, 3), { min: 4, max: 25 });
  assert.deepEqual(levelInterval({ min: 0, max: 0 }, 3), { min: 0, max: 0 });
  // A fixed interval stays valid (min <= max) at every level.
  assert.deepEqual(levelInterval({ min: 100, max: 100 }, 2), { min: 67.5, max: 67.5 });
  assert.deepEqual(levelInterval({ min: 100, max: 100 }, 3), { min: 40, max: 50 });
});

Deno.test("nextLoadLevel() steps up when stable and again when very stable", () => {
  assert.equal(nextLoadLevel(1, healthy).level, 2);
  assert.match(nextLoadLevel(1, healthy).reason, /^stable: average 0.1 ms < 2 ms/);
  assert.equal(nextLoadLevel(2, healthy).level, 3);
  assert.equal(nextLoadLevel(3, healthy).level, 3);
  assert.equal(nextLoadLevel(3, healthy).reason, "");
});

Deno.test("nextLoadLevel() holds Level 2 when stable but not very stable", () => {
  assert.equal(nextLoadLevel(2, { ...healthy, average_ms: 1.5 }).level, 2);
  assert.equal(nextLoadLevel(2, { ...healthy, p99_ms: 8 }).level, 2);
  assert.equal(nextLoadLevel(2, { ...healthy, error_rate: 0.5 }).level, 2);
  assert.equal(nextLoadLevel(1, { ...healthy, average_ms: 3 }).level, 1);
});

Deno.test("nextLoadLevel() steps down one level on any degradation", () => {
  const slow = nextLoadLevel(3, { ...healthy, average_ms: 7 });
  assert.equal(slow.level, 2);
  assert.match(slow.reason, /average execution time 7 ms > 5 ms/);
  assert.equal(nextLoadLevel(2, { ...healthy, success_rate: 85, error_rate: 15 }).level, 1);
  assert.equal(nextLoadLevel(2, { ...healthy, error_rate: 6 }).level, 1);
  assert.equal(nextLoadLevel(1, { ...healthy, error_rate: 60 }).level, 1);
});

Deno.test("nextLoadLevel() ignores windows with too few requests", () => {
  assert.deepEqual(nextLoadLevel(1, { ...healthy, requests: 10 }), { level: 1, reason: "" });
  assert.deepEqual(nextLoadLevel(3, { ...healthy, requests: 10, average_ms: 50 }), {
    level: 3,
    reason: "",
  });
});
