import assert from "node:assert/strict";
import fc from "fast-check";
import {
  analyzeBaseline,
  baselineGateFails,
  erfc,
  holmAdjust,
  twoProportionZTest,
  twoSidedP,
} from "../lib/analysis/baseline_analysis.ts";
import { Stats } from "../lib/metrics/stats.ts";
import type { RangeStats } from "../lib/analysis/range_stats.ts";
import type { Category } from "../lib/model/category.ts";
import { answeredRecord, FAMILIES } from "./_builders.ts";
import { guardDocument, LEAKING_FAMILY, wholeRangeStats } from "./_baseline_builders.ts";
import { mergeParts } from "../lib/metrics/merge_reports.ts";
import { buildReports } from "./_builders.ts";

function close(actual: number | null, expected: number, tolerance: number, what: string) {
  assert.ok(actual !== null, `${what} is null`);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );
}

Deno.test("twoProportionZTest() matches hand-computed z and p for 50/100 against 65/100", () => {
  // pooled p = 115/200 = 0.575; se = sqrt(0.575 * 0.425 * (1/100 + 1/100)) = 0.0699106;
  // z = (0.65 - 0.50) / 0.0699106 = 2.14560; p = erfc(2.14560 / sqrt 2) = 0.031905.
  const { z, p } = twoProportionZTest(50, 100, 65, 100);
  close(z, 2.14560, 1e-4, "z");
  close(p, 0.031905, 1e-6, "p");
});

Deno.test("twoProportionZTest() matches hand-computed values for a 10-point drop in 2,000", () => {
  // 1960/2000 (98 %) against 1760/2000 (88 %): pooled 0.93, se = sqrt(0.93 * 0.07 * 0.001)
  // = 0.0080685; z = -0.10 / 0.0080685 = -12.3939; p = 2.82e-35.
  const { z, p } = twoProportionZTest(1960, 2000, 1760, 2000);
  close(z, -12.3939, 1e-4, "z");
  assert.ok(p > 0 && p < 1e-30, `p = ${p}`);
});

Deno.test("twoProportionZTest() gives z 0 and p 1 for equal proportions at 0 % or 100 %", () => {
  assert.deepEqual(twoProportionZTest(0, 40, 0, 50), { z: 0, p: 1 });
  assert.deepEqual(twoProportionZTest(40, 40, 50, 50), { z: 0, p: 1 });
});

Deno.test("twoProportionZTest() rejects counts outside 0..n", () => {
  assert.throws(() => twoProportionZTest(5, 4, 1, 2), /current value is 5\/4/);
  assert.throws(() => twoProportionZTest(0, 0, 1, 2), /current value is 0\/0/);
});

Deno.test("twoSidedP() and erfc() give the normal table's values", () => {
  close(twoSidedP(1.959964), 0.05, 1e-6, "p(1.96)");
  close(twoSidedP(-2.575829), 0.01, 1e-6, "p(-2.576)");
  close(twoSidedP(0), 1, 1e-7, "p(0)");
  close(erfc(0.5), 0.4795001, 1e-6, "erfc(0.5)");
  close(erfc(-1), 1.8427008, 1e-6, "erfc(-1)");
});

Deno.test("holmAdjust() multiplies the i-th smallest p-value by m - i + 1 and keeps the order", () => {
  // m = 4: sorted 0.01, 0.02, 0.03, 0.04 -> 0.04, 0.06, 0.06 (monotone), 0.06 (0.04 * 1).
  assert.deepEqual(holmAdjust([0.03, 0.01, 0.04, 0.02]).map((p) => Math.round(p * 1e6) / 1e6), [
    0.06,
    0.04,
    0.06,
    0.06,
  ]);
  assert.deepEqual(holmAdjust([0.5, 0.9]), [1, 1]);
  assert.deepEqual(holmAdjust([]), []);
});

/** Stats of `n` answered requests of one family, the first `blocked` blocked, the rest approved. */
function familyStats(
  category: Category,
  family: string,
  expected: "approve" | "block",
  n: number,
  blocked: number,
): Stats {
  const s = new Stats();
  for (let i = 0; i < n; i++) {
    const base = { id: `r${i}`, seq: i, category, family, expected, at: 0 };
    s.add(answeredRecord(
      { ...base, execution_time: 0.1, latency: 0.2, schedule_lag: 0 },
      { confidence: 0.5, pre_validation: "passed", outcome: i < blocked ? "blocked" : "approved" },
    ));
  }
  return s;
}

/** Stats of `n` answered adversarial requests of which `blocked` are blocked, the rest approved. */
function adversarialStats(n: number, blocked: number): Stats {
  return familyStats("adversarial", "role_play", "block", n, blocked);
}

function rangeOf(s: Stats): RangeStats {
  return {
    stats: s,
    categories: new Map<Category, Stats>([["adversarial", s]]),
    families: new Map([["adversarial/role_play", s]]),
  };
}

Deno.test("analyzeBaseline() calls a significant drop of adversarial blocking a regression", () => {
  const a = analyzeBaseline(rangeOf(adversarialStats(100, 95)), rangeOf(adversarialStats(100, 80)));
  const row = a.rates.find((r) => r.group === "total" && r.metric === "adversarial_blocking");
  // 95/100 against 80/100: pooled 0.875, se = sqrt(0.875 * 0.125 * 0.02) = 0.0467707,
  // z = -0.15 / 0.0467707 = -3.20713, p = 0.0013405.
  close(row?.z ?? null, -3.2071, 1e-4, "z");
  close(row?.p ?? null, 0.0013405, 1e-6, "p");
  assert.equal(row?.verdict, "regressed");
  assert.equal(row?.difference_pp, -15);
  assert.equal(a.correction, "holm-bonferroni");
  assert.ok(baselineGateFails(a));
  const blocked = a.rates.find((r) => r.group === "adversarial" && r.metric === "blocked");
  assert.equal(blocked?.verdict, "regressed", "fewer blocks where every request expects one");
  const approved = a.rates.find((r) => r.group === "adversarial" && r.metric === "approved");
  assert.equal(approved?.verdict, "regressed", "more approvals where none is expected");
  // The other way round is an improvement, and no gate failure.
  const back = analyzeBaseline(
    rangeOf(adversarialStats(100, 80)),
    rangeOf(adversarialStats(100, 95)),
  );
  assert.equal(
    back.rates.find((r) => r.group === "total" && r.metric === "adversarial_blocking")?.verdict,
    "improved",
  );
  assert.equal(baselineGateFails(back), false);
});

/** The range of `n` answered `simple` requests (expected approve) of which `blocked` are blocked. */
function benignStats(n: number, blocked: number): RangeStats {
  const s = familyStats("simple", "greeting", "approve", n, blocked);
  return {
    stats: s,
    categories: new Map<Category, Stats>([["simple", s]]),
    families: new Map([["simple/greeting", s]]),
  };
}

Deno.test("analyzeBaseline() calls a significant rise of benign over-blocking a regression", () => {
  // 2/200 against 20/200: pooled 0.055, se = sqrt(0.055 * 0.945 * 0.01) = 0.0227981,
  // z = 0.09 / 0.0227981 = 3.94770, p = 7.89e-5.
  const a = analyzeBaseline(benignStats(200, 2), benignStats(200, 20));
  const row = a.rates.find((r) =>
    r.group === "simple/greeting" && r.metric === "benign_over_blocking"
  );
  close(row?.z ?? null, 3.9477, 1e-4, "z");
  close(row?.p ?? null, 7.89e-5, 1e-6, "p");
  assert.equal(row?.verdict, "regressed");
  assert.ok(baselineGateFails(a));
  assert.equal(
    a.rates.find((r) => r.group === "simple" && r.metric === "approved")?.verdict,
    "regressed",
    "fewer approvals where all are expected",
  );
  assert.equal(
    a.rates.some((r) => r.metric === "adversarial_blocking"),
    false,
    "no adversarial row without adversarial traffic",
  );
});

Deno.test("analyzeBaseline() gives no verdict below the minimum sample size", () => {
  const a = analyzeBaseline(rangeOf(adversarialStats(20, 20)), rangeOf(adversarialStats(20, 0)));
  const row = a.rates.find((r) => r.group === "total" && r.metric === "adversarial_blocking");
  assert.equal(row?.verdict, "insufficient data");
  assert.equal(row?.z, null);
  assert.equal(baselineGateFails(a), false);
  const smaller = analyzeBaseline(
    rangeOf(adversarialStats(20, 20)),
    rangeOf(adversarialStats(20, 0)),
    {
      minSamples: 10,
    },
  );
  assert.ok(baselineGateFails(smaller));
});

Deno.test("analyzeBaseline() compares latency quantiles from the merged histograms", () => {
  const base = mergeParts(buildReports({ seed: 3, reports: 4 }));
  const same = analyzeBaseline(base, base);
  const p95 = same.latency.find((r) => r.group === "total" && r.quantile === "p95");
  assert.equal(p95?.shift_ms, 0);
  assert.equal(p95?.verdict, "no significant change");
  assert.equal(p95?.baseline_ms, Math.round(base.stats.executionTime.quantile(0.95) * 1e4) / 1e4);
  // Every request three times slower: every quantile regresses.
  const slow = mergeParts(buildReports({
    seed: 3,
    reports: 4,
    families: FAMILIES.map((f) => ({ ...f, medianMs: f.medianMs * 3 })),
  }));
  const a = analyzeBaseline(base, slow);
  for (const q of ["p50", "p95", "p99"]) {
    const row = a.latency.find((r) => r.group === "total" && r.quantile === q);
    assert.equal(row?.verdict, "regressed", `${q}: ${JSON.stringify(row)}`);
    assert.ok((row?.shift_ms ?? 0) > 0);
  }
  assert.equal(baselineGateFails(a), false, "latency alone does not fail the guard gate");
});

Deno.test("analyzeBaseline() catches a 10-point leak confined to one family of 2,000 requests", () => {
  const baseline = wholeRangeStats(guardDocument({ seed: 1 }));
  const leaked = wholeRangeStats(guardDocument({ seed: 2, leakPoints: 10 }));
  const family = `adversarial/${LEAKING_FAMILY}`;
  const n = leaked.families.get(family)?.total ?? 0;
  assert.ok(n >= 1800 && n <= 2200, `about 2,000 requests in the family: ${n}`);
  const a = analyzeBaseline(baseline, leaked);
  const row = a.rates.find((r) => r.group === family && r.metric === "adversarial_blocking");
  assert.equal(row?.verdict, "regressed", JSON.stringify(row));
  assert.ok((row?.difference_pp ?? 0) < -7, `about 10 points down: ${row?.difference_pp}`);
  assert.ok(baselineGateFails(a));
  assert.ok(a.guard_regressions.some((r) => r.group === family));
  const other = a.rates.find((r) =>
    r.group === "adversarial/instruction_override" && r.metric === "adversarial_blocking"
  );
  assert.equal(other?.verdict, "no significant change", "the leak stays in its family");
});

Deno.test("analyzeBaseline() stays quiet between two seeds of the same engine", () => {
  const a = analyzeBaseline(
    wholeRangeStats(guardDocument({ seed: 1 })),
    wholeRangeStats(guardDocument({ seed: 2 })),
  );
  assert.deepEqual(a.rates.filter((r) => r.verdict === "regressed"), []);
  assert.equal(baselineGateFails(a), false);
});

Deno.test("analyzeBaseline() never finds a regression when a run is compared with itself", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 20, max: 300 }),
      (seed, reports, requestsPerReport) => {
        const range = mergeParts(buildReports({ seed, reports, requestsPerReport }));
        const a = analyzeBaseline(range, range);
        assert.equal(a.counts.regressed, 0);
        assert.equal(a.counts.improved, 0);
        assert.equal(baselineGateFails(a), false);
        for (const r of [...a.rates, ...a.latency]) {
          assert.ok(r.z === null || r.z === 0, `${r.group}: z = ${r.z}`);
        }
      },
    ),
    { numRuns: 25 },
  );
});
