/**
 * A `promtool test rules` unit test of the recording rules themselves: raw
 * series as a simulator exposes them (request counters by category,
 * expected outcome and outcome, histograms, gauges), growing by a fixed
 * amount each interval, and the value each recording rule must compute from
 * them, worked out by hand from that construction, compared in thousandths.
 *
 * @module
 */
import type { AlertRule } from "../alerts/rules.ts";
import { promDuration, type PrometheusRuleOptions, recordName } from "./prometheus_rules.ts";

const LABELS = 'shard="eu-1",instance="sim-1:9101"';

/** Requests added each interval: category, expected, outcome, count (21 in all, 3 failed). */
const REQUESTS: readonly [string, string, string, number][] = [
  ["simple", "approve", "approved", 9],
  ["simple", "approve", "blocked", 1],
  ["clarification", "clarify", "clarification", 3],
  ["adversarial", "block", "blocked", 3],
  ["adversarial", "block", "approved", 1],
  ["adversarial", "block", "clarification", 1],
  ["edge_case", "approve", "error", 3],
];

/** Cumulative histogram counts added each interval, by bound in seconds (20 requests). */
const BUCKETS: readonly [string, number][] = [
  ["0.001", 10],
  ["0.0025", 18],
  ["0.005", 20],
  ["+Inf", 20],
];

/**
 * What each metric must be, `k` being window / interval (the counters grow
 * by k intervals in a window). Ratios: 3 failed of 21; 18 answered, 10
 * approved, 4 clarification; adversarial 4 not approved of 5; benign
 * (expected not block) 1 blocked of 13 answered; 15 of 21 agree. Quantiles from the
 * buckets: half at or below 1 ms, 18 at or below 2.5 ms, all at or below
 * 5 ms, interpolated linearly inside a bucket.
 */
function expected(k: number): Record<string, number> {
  const times = {
    average: 3, // 0.06 s over 20 requests
    max: 5,
    p50: 1,
    p95: 3.75,
    p99: 4.75,
  };
  const out: Record<string, number> = {
    total_requests: 21 * k,
    failed_requests: 3 * k,
    success_rate: 100 * 18 / 21,
    error_rate: 100 * 3 / 21,
    unhandled_exceptions: k,
    "confidence.mean": 0.75,
    "confidence.std_dev": 0.125,
    "pre_validation.pass_rate": 37.5,
    "approval_path.approved_rate": 100 * 10 / 18,
    "approval_path.clarification_rate": 100 * 4 / 18,
    clarification_rate: 100 * 4 / 18,
    adversarial_block_rate: 80,
    benign_over_block_rate: 100 / 13,
    agreement_rate: 100 * 15 / 21,
  };
  for (const field of ["execution_time", "latency"]) {
    for (const [name, value] of Object.entries(times)) out[`${field}.${name}`] = value;
  }
  return out;
}

/** The unit test of every recording rule the rules need, on one set of raw series. */
export function recordingRuleTest(
  rules: readonly AlertRule[],
  options: PrometheusRuleOptions,
): Record<string, unknown> {
  const { intervalMs, windowMs } = options;
  const steps = Math.ceil(windowMs / intervalMs) + 4;
  const grow = (per: number) => `0+${per}x${steps}`;
  const input = REQUESTS.map(([category, exp, outcome, n]) => ({
    series:
      `buddy_traffic_requests_total{category="${category}",expected="${exp}",outcome="${outcome}",${LABELS}}`,
    values: grow(n),
  }));
  input.push({ series: `buddy_traffic_unhandled_exceptions_total{${LABELS}}`, values: grow(1) });
  for (const name of ["execution_time", "latency"]) {
    for (const [le, n] of BUCKETS) {
      input.push({
        series: `buddy_traffic_${name}_seconds_bucket{category="simple",le="${le}",${LABELS}}`,
        values: grow(n),
      });
    }
    input.push({
      series: `buddy_traffic_${name}_seconds_sum{category="simple",${LABELS}}`,
      values: grow(0.06),
    });
    input.push({
      series: `buddy_traffic_${name}_seconds_count{category="simple",${LABELS}}`,
      values: grow(20),
    });
  }
  for (const [name, value] of [["confidence_mean", 0.75], ["confidence_stddev", 0.125]] as const) {
    input.push({ series: `buddy_traffic_${name}{${LABELS}}`, values: `${value}x${steps}` });
  }
  input.push({
    series: `buddy_traffic_pre_validation_pass_ratio{${LABELS}}`,
    values: `0.375x${steps}`,
  });
  const values = expected(windowMs / intervalMs);
  const metrics = [...new Set(["total_requests", ...rules.map((r) => r.metric)])];
  return {
    name: "recording rules compute each metric from the raw series",
    interval: promDuration(intervalMs),
    input_series: input,
    promql_expr_test: metrics.map((metric) => {
      const record = recordName(metric, windowMs);
      // Compared in thousandths: promtool compares floats exactly.
      return {
        expr: `round(${record} * 1000)`,
        eval_time: promDuration((steps - 1) * intervalMs),
        exp_samples: [{ labels: `{${LABELS}}`, value: Math.round((values[metric] ?? NaN) * 1000) }],
      };
    }),
  };
}
