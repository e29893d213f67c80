import assert from "node:assert/strict";
import {
  breaches,
  DEFAULT_RULES,
  parseRules,
  readMetric,
  ruleMessage,
  RulesError,
} from "../lib/alerts/rules.ts";
import { reportOf } from "./_report_builders.ts";

function rule(id: string) {
  const r = DEFAULT_RULES.find((x) => x.id === id);
  assert.ok(r, id);
  return r;
}

Deno.test("DEFAULT_RULES holds the product description's alerts", () => {
  const view = DEFAULT_RULES.map((r) => [r.severity, r.metric, r.op, r.threshold]);
  assert.deepEqual(view, [
    ["HIGH", "execution_time.average", ">", 5],
    ["HIGH", "execution_time.max", ">", 50],
    ["HIGH", "success_rate", "<", 90],
    ["HIGH", "adversarial_block_rate", "<", 90],
    ["HIGH", "unhandled_exceptions", ">", 0],
    ["MEDIUM", "error_rate", ">", 5],
    ["MEDIUM", "pre_validation.pass_rate", "outside", [25, 50]],
    ["MEDIUM", "clarification_rate", ">", 70],
    ["MEDIUM", "benign_over_block_rate", ">", 5],
  ]);
});

Deno.test("readMetric() reads dotted paths and returns null for absent values", () => {
  const report = reportOf({ execMs: 2 });
  assert.equal(readMetric(report, "execution_time.average"), 2);
  assert.equal(readMetric(report, "success_rate"), 100);
  assert.equal(readMetric(report, "nope.deeper"), null);
  assert.equal(readMetric(reportOf({ requests: 0 }), "success_rate"), null);
});

Deno.test("breaches() compares strictly and treats 'outside' as a closed range", () => {
  const pre = rule("unusual_pre_validation_rate");
  assert.equal(breaches(pre, 25), false);
  assert.equal(breaches(pre, 50), false);
  assert.equal(breaches(pre, 24.99), true);
  assert.equal(breaches(pre, 50.01), true);
  assert.equal(breaches(rule("high_avg_execution_time"), 5), false);
  assert.equal(breaches(rule("low_success_rate"), 89.99), true);
});

Deno.test("ruleMessage() fills the template with units", () => {
  assert.equal(
    ruleMessage(rule("low_success_rate"), 86.456),
    "Success rate 86.46% is below 90%",
  );
});

Deno.test("parseRules() overrides fields by id and keeps the other defaults", () => {
  const rules = parseRules(
    JSON.stringify({
      rules: [
        { id: "high_error_rate", threshold: 2, for: 3, keep_firing_for: 0, min_samples: 50 },
        { id: "high_clarification_rate", enabled: false },
      ],
    }),
    "rules.json",
  );
  assert.equal(rules.length, DEFAULT_RULES.length - 1);
  const err = rules.find((r) => r.id === "high_error_rate");
  assert.deepEqual(
    [err?.threshold, err?.for, err?.keep_firing_for, err?.min_samples],
    [2, 3, 0, 50],
  );
  assert.equal(rules.some((r) => r.id === "high_clarification_rate"), false);
  assert.equal(rule("high_error_rate").threshold, 5, "defaults are not mutated");
});

Deno.test("parseRules() reads 'for' and 'keep_firing_for' as durations, keeping the counts", () => {
  const [rule] = parseRules(
    '{"rules": [{"id": "high_error_rate", "for": "30s", "keep_firing_for": "2m"}]}',
    "r.json",
  ).filter((r) => r.id === "high_error_rate");
  assert.equal(rule?.for_ms, 30_000);
  assert.equal(rule?.keep_firing_for_ms, 120_000);
  assert.equal(rule?.for, 2, "the count stays for reports without a duration");
  const counted = parseRules('{"rules": [{"id": "high_error_rate", "for": 3}]}', "r.json")
    .find((r) => r.id === "high_error_rate");
  assert.equal(counted?.for, 3);
  assert.equal(counted?.for_ms, undefined);
});

Deno.test("parseRules() adds a new rule that names its metric", () => {
  const rules = parseRules(
    JSON.stringify({
      rules: [{
        id: "slow_p95",
        severity: "MEDIUM",
        metric: "latency.p95",
        op: ">",
        threshold: 20,
      }],
    }),
    "r.json",
  );
  const added = rules.at(-1);
  assert.equal(added?.id, "slow_p95");
  assert.equal(added?.for, 2);
  assert.equal(added?.summary, "slow_p95: {value} breaches {threshold}");
});

const bad: [string, string][] = [
  ["{", "Cannot read rules file 'r.json' as it is not valid JSON: "],
  ["[]", "Cannot read rules file 'r.json' as it must be an object with a 'rules' list"],
  ['{"rules": 1}', "Cannot read rules file 'r.json' as 'rules' must be a list"],
  ['{"rulez": []}', "Cannot read rules file 'r.json': unknown field 'rulez'"],
  [
    '{"rules": [{"id": "high_error_rate", "treshold": 1}]}',
    "Cannot read rules file 'r.json' as rules[0] has an unknown field 'treshold'",
  ],
  [
    '{"rules": [{"id": "high_error_rate", "threshold": "5"}]}',
    "Cannot read rules file 'r.json' as rules[0].threshold must be a number or [low, high]: current value is \"5\"",
  ],
  [
    '{"rules": [{"id": "high_error_rate", "for": 0}]}',
    "Cannot read rules file 'r.json' as rules[0].for must be an integer >= 1: current value is 0",
  ],
  [
    '{"rules": [{"id": "unusual_pre_validation_rate", "threshold": 30}]}',
    "Cannot read rules file 'r.json' as rules[0].threshold must be [low, high] for op 'outside': current value is 30",
  ],
  [
    '{"rules": [{"id": "x", "metric": "success_rate"}]}',
    "Cannot read rules file 'r.json' as rules[0] adds the rule 'x' but has no 'severity'",
  ],
  [
    '{"rules": [{"id": "x", "severity": "LOW", "metric": "success_rate", "op": ">", "threshold": 1}]}',
    "Cannot read rules file 'r.json' as rules[0].severity must be 'HIGH' or 'MEDIUM': current value is \"LOW\"",
  ],
  [
    '{"rules": [{"id": "a"}, {"id": "high_error_rate"}, {"id": "high_error_rate"}]}',
    "Cannot read rules file 'r.json' as rules[0] adds the rule 'a' but has no 'severity'",
  ],
  [
    '{"rules": [{"id": "high_error_rate"}, {"id": "high_error_rate"}]}',
    "Cannot read rules file 'r.json' as rules[1] repeats the id 'high_error_rate'",
  ],
  [
    '{"rules": [{"id": "high_error_rate", "for": "3 fortnights"}]}',
    "Cannot read rules file 'r.json' as rules[0].for must be a count of reports or a duration such as '30s' or '5m': current value is \"3 fortnights\"",
  ],
  [
    '{"rules": [{"id": "high_error_rate", "threshold": [9, 1], "op": "outside"}]}',
    "Cannot read rules file 'r.json' as rules[0].threshold must have low <= high: current value is [9,1]",
  ],
];

for (const [text, message] of bad) {
  Deno.test(`parseRules() rejects ${text} with a one-line message`, () => {
    assert.throws(() => parseRules(text, "r.json"), (error: unknown) => {
      assert.ok(error instanceof RulesError);
      assert.ok(error.message.startsWith(message), error.message);
      assert.equal(error.message.includes("\n"), false);
      return true;
    });
  });
}

Deno.test("parseRules() rejects an unknown metric naming the value", () => {
  assert.throws(
    () => parseRules('{"rules": [{"id": "high_error_rate", "metric": "cpu"}]}', "r.json"),
    /rules\[0\]\.metric must be one of .*: current value is "cpu"$/,
  );
});
