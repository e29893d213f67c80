import assert from "node:assert/strict";
import fc from "fast-check";
import { wilsonInterval } from "../lib/analysis/wilson_interval.ts";
import { leastSquares } from "../lib/analysis/least_squares.ts";
import { normalizeMessage } from "../lib/analysis/error_analysis.ts";

Deno.test("wilsonInterval() gives the textbook 95 % interval", () => {
  assert.deepEqual(wilsonInterval(0, 10), { k: 0, n: 10, rate: 0, low: 0, high: 27.75 });
  assert.deepEqual(wilsonInterval(5, 10), { k: 5, n: 10, rate: 50, low: 23.66, high: 76.34 });
  assert.deepEqual(wilsonInterval(10, 10), { k: 10, n: 10, rate: 100, low: 72.25, high: 100 });
  assert.equal(wilsonInterval(0, 0), null);
});

Deno.test("wilsonInterval() always holds the rate and stays within 0..100", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (n, p) => {
        const k = Math.round(p * n);
        const r = wilsonInterval(k, n)!;
        assert.ok(r.low >= 0 && r.high <= 100);
        assert.ok(r.low <= r.rate + 0.01 && r.rate <= r.high + 0.01);
      },
    ),
  );
});

Deno.test("wilsonInterval() narrows as the sample grows", () => {
  const small = wilsonInterval(9, 10)!;
  const large = wilsonInterval(900, 1000)!;
  assert.ok(large.high - large.low < small.high - small.low);
});

Deno.test("leastSquares() recovers a line and its slope error", () => {
  const fit = leastSquares([0, 1, 2, 3], [1, 3, 5, 7])!;
  assert.equal(fit.n, 4);
  assert.equal(fit.slope, 2);
  assert.equal(fit.intercept, 1);
  assert.equal(fit.slope_std_err, 0);
  const noisy = leastSquares([0, 1, 2, 3, 4], [1, 2, 1, 2, 1])!;
  assert.equal(noisy.slope, 0);
  assert.ok(noisy.slope_std_err > 0);
});

Deno.test("leastSquares() skips missing values and needs two distinct x", () => {
  const fit = leastSquares([0, 1, 2], [null, 2, 4])!;
  assert.equal(fit.slope, 2);
  assert.equal(leastSquares([0, 1], [null, 4]), null);
  assert.equal(leastSquares([3, 3, 3], [1, 2, 3]), null);
});

Deno.test("normalizeMessage() groups messages that differ only in numbers, ids and quoted values", () => {
  assert.equal(
    normalizeMessage("Request timed out after 5012 ms"),
    normalizeMessage("Request timed out after 5000 ms"),
  );
  assert.equal(
    normalizeMessage("Request timed out after 5012 ms"),
    "Request timed out after <n> ms",
  );
  assert.equal(
    normalizeMessage("bad field 'conf' for 3f2b8c9a-1d2e-4f5a-9b8c-7d6e5f4a3b2c at http://x/y"),
    "bad field '<str>' for <uuid> at <url>",
  );
  assert.equal(normalizeMessage("  many\n\tspaces  "), "many spaces");
});
