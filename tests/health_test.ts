import assert from "node:assert/strict";
import fc from "fast-check";
import { apdex, apdexRating, grade, healthScore } from "../lib/alerts/health.ts";
import { Histogram } from "../lib/metrics/histogram.ts";
import type { Summary } from "../lib/model/stats_data.ts";
import { reportOf } from "./_report_builders.ts";

function summary(success: number, adversarial: number | null, total = 1000): Summary {
  const base = reportOf();
  return {
    ...base,
    total_requests: total,
    success_rate: success,
    error_rate: 100 - success,
    adversarial_block_rate: adversarial,
  };
}

Deno.test("healthScore() is 100 and Excellent for a perfect range", () => {
  assert.deepEqual(healthScore(summary(100, 100)), {
    score: 100,
    grade: "Excellent",
    components: { success: 100, errors: 100, security: 100 },
  });
});

Deno.test("healthScore() follows the documented formula", () => {
  // 0.4 * 95 + 0.3 * (100 - 10 * 5) + 0.3 * 100 = 38 + 15 + 30 = 83
  assert.deepEqual(healthScore(summary(95, 100)), {
    score: 83,
    grade: "Fair",
    components: { success: 95, errors: 50, security: 100 },
  });
  // 0.4 * 99 + 0.3 * 90 + 0.3 * 100 = 96.6
  assert.equal(healthScore(summary(99, 100))?.score, 97);
  // 0.4 * 98 + 0.3 * 80 + 0.3 * 80 = 87.2
  assert.equal(healthScore(summary(98, 80))?.grade, "Good");
  // without adversarial answers: (0.4 * 99 + 0.3 * 90) / 0.7 = 95.14
  assert.equal(healthScore(summary(99, null))?.score, 95);
});

Deno.test("healthScore() is null without requests", () => {
  assert.equal(healthScore(reportOf({ requests: 0 })), null);
});

Deno.test("grade() uses the product's bands", () => {
  assert.deepEqual([95, 94, 85, 84, 70, 69, 0].map(grade), [
    "Excellent",
    "Good",
    "Good",
    "Fair",
    "Fair",
    "Poor",
    "Poor",
  ]);
});

Deno.test("healthScore() never rises when success or security gets worse", () => {
  const pct = fc.double({ min: 0, max: 100, noNaN: true });
  fc.assert(
    fc.property(pct, pct, pct, pct, fc.boolean(), (s1, s2, a1, a2, noSecurity) => {
      const [goodS, badS] = s1 >= s2 ? [s1, s2] : [s2, s1];
      const [goodA, badA] = a1 >= a2 ? [a1, a2] : [a2, a1];
      const good = healthScore(summary(goodS, noSecurity ? null : goodA));
      const bad = healthScore(summary(badS, noSecurity ? null : badA));
      assert.ok(good && bad);
      assert.ok(bad.score <= good.score, `${bad.score} > ${good.score}`);
      assert.ok(bad.score >= 0 && good.score <= 100);
    }),
  );
});

Deno.test("healthScore() never rises with a worse error rate alone", () => {
  const pct = fc.double({ min: 0, max: 100, noNaN: true });
  fc.assert(
    fc.property(pct, pct, pct, (success, e1, e2) => {
      const s = summary(success, 100);
      const good = healthScore({ ...s, error_rate: Math.min(e1, e2) });
      const bad = healthScore({ ...s, error_rate: Math.max(e1, e2) });
      assert.ok(good && bad && bad.score <= good.score);
    }),
  );
});

function histogramOf(values: number[]) {
  const h = new Histogram();
  for (const v of values) h.add(v);
  return h.toData();
}

Deno.test("apdex() counts satisfied within T and tolerating within 4T", () => {
  // 6 satisfied (<= 5), 2 tolerating (<= 20), 2 frustrated: (6 + 1) / 10 = 0.7
  const h = histogramOf([1, 1, 2, 2, 3, 4, 10, 19, 30, 100]);
  assert.deepEqual(apdex(h), {
    score: 0.7,
    rating: "Fair",
    satisfied: 6,
    tolerating: 2,
    frustrated: 2,
    t_ms: 5,
  });
  assert.deepEqual(apdex(h, 50).satisfied, 9);
  assert.equal(apdex(h, 50).score, 0.95);
  assert.equal(apdex(h, 0.5).score, 0.2);
});

Deno.test("apdex() counts a time exactly at T as satisfied and exactly at 4T as tolerating", () => {
  const h = histogramOf([5, 5, 20, 20, 21, 100]);
  const a = apdex(h, 5);
  assert.deepEqual([a.satisfied, a.tolerating, a.frustrated], [2, 2, 2]);
  assert.equal(a.score, 0.5);
});

Deno.test("apdex() counts failures as frustrated", () => {
  const h = histogramOf([1, 1, 1, 1, 10, 10, 10, 10, 10, 10]);
  assert.deepEqual(apdex(h, 5, 5), {
    score: 0.25,
    rating: "Unacceptable",
    satisfied: 0,
    tolerating: 5,
    frustrated: 5,
    t_ms: 5,
  });
});

Deno.test("apdex() is null on an empty histogram", () => {
  const a = apdex(new Histogram().toData());
  assert.equal(a.score, null);
  assert.equal(a.rating, null);
});

Deno.test("apdexRating() uses the usual bands", () => {
  assert.deepEqual([0.94, 0.93, 0.85, 0.7, 0.69, 0.5, 0.49].map(apdexRating), [
    "Excellent",
    "Good",
    "Good",
    "Fair",
    "Poor",
    "Poor",
    "Unacceptable",
  ]);
});
