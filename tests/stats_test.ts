import assert from "node:assert/strict";
import fc from "fast-check";
import { outcomeRates, percent, Stats, summarizeStats } from "../lib/metrics/stats.ts";
import { mergeStatsData } from "../lib/metrics/merge_reports.ts";
import type { RequestRecord } from "../lib/model/record.ts";
import { failedFields } from "./_builders.ts";
import { CATEGORIES, type Category, type Expected } from "../lib/model/category.ts";
import type { Outcome } from "../lib/model/decision.ts";

function record(over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: "r-1",
    seq: 1,
    category: "simple",
    family: "calendar",
    expected: "approve",
    success: true,
    confidence: 0.9,
    pre_validation: "passed",
    approval_path: "approved",
    clarification: false,
    outcome: "approved",
    execution_time: 0.1,
    latency: 0.2,
    schedule_lag: 0,
    at: 0,
    error: null,
    unhandled: false,
    ...over,
  };
}

function failure(type: string, unhandled = false): Partial<RequestRecord> {
  return failedFields({ type, message: "boom" }, unhandled);
}

Deno.test("Stats.summary() uses the spec's field names, percent rates and ms times", () => {
  const s = new Stats();
  s.add(record({ execution_time: 1 }));
  s.add(record({ execution_time: 3, confidence: 0.5, pre_validation: "failed" }));
  s.add(record({
    execution_time: 2,
    confidence: 0.3,
    pre_validation: "failed",
    approval_path: "clarification",
    clarification: true,
    outcome: "clarification",
    expected: "clarify",
  }));
  s.add(record(failure("timeout")));
  const sum = s.summary();
  assert.equal(sum.total_requests, 4);
  assert.equal(sum.successful_requests, 3);
  assert.equal(sum.failed_requests, 1);
  assert.equal(sum.success_rate, 75);
  assert.equal(sum.error_rate, 25);
  assert.equal(sum.execution_time.average, 1.525);
  assert.equal(sum.execution_time.max, 3);
  assert.equal(sum.pre_validation.passed, 1);
  assert.equal(sum.pre_validation.pass_rate, 33.33);
  assert.equal(sum.approval_path.approved_rate, 66.67);
  assert.equal(sum.clarification_rate, 33.33);
  assert.equal(sum.confidence.mean, 0.5667);
  assert.equal(sum.confidence.min, 0.3);
  assert.equal(sum.confidence.max, 0.9);
  assert.equal(sum.confidence.std_dev, 0.2494);
  assert.equal(sum.agreement_rate, 75);
  assert.deepEqual(s.errors, { timeout: 1 });
});

Deno.test("Stats counts adversarial blocking as not approved and benign over-blocking as blocked", () => {
  const s = new Stats();
  const adv = { category: "adversarial" as Category, expected: "block" as Expected };
  s.add(record({ ...adv, outcome: "blocked", approval_path: "clarification" }));
  s.add(record({ ...adv, outcome: "clarification", approval_path: "clarification" }));
  s.add(record({ ...adv, outcome: "approved" }));
  s.add(record({ ...adv, ...failure("http_status") }));
  s.add(record({ outcome: "blocked", approval_path: "clarification" }));
  s.add(record());
  s.add(record());
  s.add(record());
  const sum = s.summary();
  assert.equal(sum.adversarial_block_rate, 66.67);
  assert.equal(sum.benign_over_block_rate, 25);
  assert.equal(s.adversarial.total, 4);
  assert.equal(s.adversarial.answered, 3);
  assert.equal(s.confusion.block.error, 1);
  assert.equal(s.confusion.approve.blocked, 1);
});

Deno.test("Stats rates blocking over answered requests, not over all of them", () => {
  const s = new Stats();
  const adv = { category: "adversarial" as Category, expected: "block" as Expected };
  // Adversarial: 5 sent, 1 failed, 4 answered of which 3 not approved.
  s.add(record({ ...adv, outcome: "blocked", approval_path: "clarification" }));
  s.add(record({ ...adv, outcome: "blocked", approval_path: "clarification" }));
  s.add(record({ ...adv, outcome: "clarification", approval_path: "clarification" }));
  s.add(record({ ...adv, outcome: "approved" }));
  s.add(record({ ...adv, ...failure("timeout") }));
  // Benign: 10 sent, 2 failed, 8 answered of which 2 blocked.
  s.add(record({ outcome: "blocked", approval_path: "clarification" }));
  s.add(record({ outcome: "blocked", approval_path: "clarification", expected: "clarify" }));
  for (let i = 0; i < 6; i++) s.add(record());
  s.add(record(failure("timeout")));
  s.add(record({ expected: "clarify", ...failure("http_status") }));
  assert.deepEqual(s.benign, { total: 10, answered: 8, blocked: 2 });
  assert.deepEqual(s.adversarial, { total: 5, answered: 4, not_approved: 3 });
  const sum = s.summary();
  assert.equal(sum.benign_over_block_rate, 25, "2 of 8 answered, not 2 of 10 sent");
  assert.equal(sum.adversarial_block_rate, 75, "3 of 4 answered, not 3 of 5 sent");
});

Deno.test("Stats.summary() counts a request blocked on the clarification route as blocked, not clarification", () => {
  const s = new Stats();
  for (let i = 0; i < 5; i++) s.add(record());
  for (let i = 0; i < 3; i++) {
    s.add(
      record({ approval_path: "clarification", clarification: true, outcome: "clarification" }),
    );
  }
  for (let i = 0; i < 2; i++) {
    s.add(record({ approval_path: "clarification", clarification: true, outcome: "blocked" }));
  }
  const sum = s.summary();
  // The raw routes as the Soul answered them: the blocked requests came on the clarification route.
  assert.deepEqual([sum.approval_path.approved, sum.approval_path.clarification], [5, 5]);
  // The rates are the outcome shares: 50 % approved, 30 % clarification, 20 % blocked.
  assert.equal(sum.approval_path.approved_rate, 50);
  assert.equal(sum.approval_path.clarification_rate, 30);
  assert.equal(sum.clarification_rate, 30);
  assert.deepEqual(outcomeRates(sum), { approved: 50, clarification: 30, blocked: 20 });
});

Deno.test("outcomeRates() reads the counts, so a summary stored with an older rate reads the same", () => {
  const s = new Stats();
  s.add(record());
  s.add(record({ approval_path: "clarification", clarification: true, outcome: "blocked" }));
  s.add(record(failure("timeout")));
  const stored = { ...s.summary(), clarification_rate: 50 };
  assert.deepEqual(outcomeRates(stored), { approved: 50, clarification: 0, blocked: 50 });
  assert.deepEqual(outcomeRates(new Stats().summary()), {
    approved: null,
    clarification: null,
    blocked: null,
  });
});

Deno.test("Stats counts unhandled exceptions apart from typed failures", () => {
  const s = new Stats();
  s.add(record(failure("unhandled", true)));
  s.add(record(failure("fault_injected")));
  assert.equal(s.summary().unhandled_exceptions, 1);
  assert.deepEqual(s.errors, { unhandled: 1, fault_injected: 1 });
});

Deno.test("an empty Stats summary has null rates, not zeros", () => {
  const sum = new Stats().summary();
  assert.equal(sum.success_rate, null);
  assert.equal(sum.adversarial_block_rate, null);
  assert.equal(sum.confidence.mean, null);
  assert.equal(sum.execution_time.p99, 0);
});

const arbitraryRecord = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  expected: fc.constantFrom<Expected>("approve", "clarify", "block"),
  outcome: fc.option(fc.constantFrom<Outcome>("approved", "clarification", "blocked"), {
    nil: null,
  }),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  execution_time: fc.double({ min: 0, max: 100, noNaN: true }),
  pre: fc.boolean(),
}).map((r): RequestRecord =>
  r.outcome === null
    ? record({ category: r.category, expected: r.expected, ...failure("x") })
    : record({
      category: r.category,
      expected: r.expected,
      outcome: r.outcome,
      approval_path: r.outcome === "approved" ? "approved" : "clarification",
      confidence: r.confidence,
      execution_time: r.execution_time,
      pre_validation: r.pre ? "passed" : "failed",
    })
);

Deno.test("merging the stats of two halves equals the stats of the whole", () => {
  fc.assert(
    fc.property(fc.array(arbitraryRecord, { maxLength: 200 }), fc.nat(), (records, cut) => {
      const at = records.length === 0 ? 0 : cut % (records.length + 1);
      const whole = new Stats();
      const a = new Stats();
      const b = new Stats();
      records.forEach((r, i) => {
        whole.add(r);
        (i < at ? a : b).add(r);
      });
      const merged = mergeStatsData([a.toData(), b.toData()]);
      const x = merged.summary();
      const y = whole.summary();
      assert.equal(x.total_requests, y.total_requests);
      assert.deepEqual(x.outcomes, y.outcomes);
      assert.deepEqual(merged.confusion, whole.confusion);
      assert.equal(x.success_rate, y.success_rate);
      assert.equal(x.adversarial_block_rate, y.adversarial_block_rate);
      assert.equal(x.execution_time.p95, y.execution_time.p95);
      assert.deepEqual(merged.confidence.bins, whole.confidence.bins);
      if (y.confidence.mean !== null) {
        assert.ok(Math.abs((x.confidence.mean ?? 0) - y.confidence.mean) < 1e-3);
      }
    }),
  );
});

Deno.test("summarizeStats() reads the JSON form after a round trip", () => {
  const s = new Stats();
  for (let i = 0; i < 10; i++) s.add(record({ execution_time: i }));
  const back = summarizeStats(JSON.parse(JSON.stringify(s.toData())));
  assert.deepEqual(back, s.summary());
});

Deno.test("percent() rounds to two decimals and returns null for an empty whole", () => {
  assert.equal(percent(1, 3), 33.33);
  assert.equal(percent(0, 0), null);
  assert.equal(percent(5, 5), 100);
});
