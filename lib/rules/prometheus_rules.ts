/**
 * The project's alert rules as Prometheus rules: one recording rule per
 * metric the rules read, aggregated by `shard` and `instance` over a window,
 * and one alerting rule per rule with the same threshold, `for`,
 * `keep_firing_for`, minimum samples, severity (`critical` or `warning`)
 * and summary. Also the `promtool test rules` unit tests that prove each
 * alert fires and resolves on synthetic series.
 *
 * A count of reports in `for` or `keep_firing_for` becomes evaluations:
 * `for: N` is `(N - 1) × interval` (`for: 1` fires at the first breaching
 * evaluation, as live alerts do), `keep_firing_for: N` is `N × interval`.
 *
 * @module
 */
import {
  alertmanagerSeverity,
  type AlertRule,
  formatMetric,
  RULE_METRICS,
} from "../alerts/rules.ts";

/** How the rules are generated. */
export interface PrometheusRuleOptions {
  /** Evaluation interval of the rule group, ms. @default {15000} */
  intervalMs: number;
  /** Window of the recording rules, ms. @default {60000} */
  windowMs: number;
}

/** The defaults: a 15 s evaluation interval and a 1 m window. */
export const DEFAULT_RULE_OPTIONS: Readonly<PrometheusRuleOptions> = Object.freeze({
  intervalMs: 15_000,
  windowMs: 60_000,
});

/** Labels every series is aggregated by. */
export const BY = "shard, instance";

const REQUESTS = "buddy_traffic_requests_total";

/** A Prometheus duration (`1m30s`, `15s`, `500ms`, `0s`) for `ms`. */
export function promDuration(ms: number): string {
  if (ms <= 0) return "0s";
  let rest = Math.round(ms);
  let out = "";
  for (const [unit, size] of [["h", 3_600_000], ["m", 60_000], ["s", 1000], ["ms", 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

/** Name of the recording rule of a metric, e.g. `shard_instance:buddy_traffic_error_rate_percent:1m`. */
export function recordName(metric: string, windowMs: number): string {
  const unit = RULE_METRICS[metric] ?? "";
  const suffix = unit === "%" ? "_percent" : unit === " ms" ? "_ms" : "";
  return `shard_instance:buddy_traffic_${metric.replaceAll(".", "_")}${suffix}:${
    promDuration(windowMs)
  }`;
}

/** The PromQL of every metric a rule may read, in the rule's unit, by shard and instance. */
export function metricExpressions(windowMs: number): Record<string, string> {
  const w = promDuration(windowMs);
  const req = (sel: string) => `sum by (${BY}) (increase(${REQUESTS}${sel}[${w}]))`;
  const total = req("");
  const answered = req('{outcome!="error"}');
  // A missing numerator (no blocked request yet) is 0, not "no data".
  const pct = (num: string, den: string) => `100 * (${num} or 0 * ${den}) / ${den}`;
  const hist = (name: string, q: number) =>
    `1000 * histogram_quantile(${q}, sum by (${BY}, le) (increase(buddy_traffic_${name}_seconds_bucket[${w}])))`;
  const avg = (name: string) =>
    `1000 * sum by (${BY}) (increase(buddy_traffic_${name}_seconds_sum[${w}])) / sum by (${BY}) (increase(buddy_traffic_${name}_seconds_count[${w}]))`;
  const agreed = [["approve", "approved"], ["clarify", "clarification"], ["block", "blocked"]]
    .map(([e, o]) => `increase(${REQUESTS}{expected="${e}",outcome="${o}"}[${w}])`).join(" or ");
  const exprs: Record<string, string> = {
    total_requests: total,
    failed_requests: `${req('{outcome="error"}')} or 0 * ${total}`,
    success_rate: pct(answered, total),
    error_rate: pct(req('{outcome="error"}'), total),
    unhandled_exceptions:
      `sum by (${BY}) (increase(buddy_traffic_unhandled_exceptions_total[${w}]))`,
    "confidence.mean": `avg by (${BY}) (buddy_traffic_confidence_mean)`,
    "confidence.std_dev": `avg by (${BY}) (buddy_traffic_confidence_stddev)`,
    "pre_validation.pass_rate": `100 * avg by (${BY}) (buddy_traffic_pre_validation_pass_ratio)`,
    "approval_path.approved_rate": pct(req('{outcome="approved"}'), answered),
    "approval_path.clarification_rate": pct(req('{outcome="clarification"}'), answered),
    clarification_rate: pct(req('{outcome="clarification"}'), answered),
    adversarial_block_rate: pct(
      req('{category="adversarial",outcome=~"clarification|blocked"}'),
      req('{category="adversarial",outcome!="error"}'),
    ),
    benign_over_block_rate: pct(
      req('{expected!="block",outcome="blocked"}'),
      req('{expected!="block",outcome!="error"}'),
    ),
    agreement_rate: pct(`sum by (${BY}) (${agreed})`, total),
  };
  for (const name of ["execution_time", "latency"]) {
    exprs[`${name}.average`] = avg(name);
    exprs[`${name}.max`] = hist(name, 1);
    for (const q of [50, 95, 99]) exprs[`${name}.p${q}`] = hist(name, q / 100);
  }
  return exprs;
}

/** `for` of a rule as a duration, ms. */
export function forMs(rule: AlertRule, intervalMs: number): number {
  return rule.for_ms ?? Math.max(0, rule.for - 1) * intervalMs;
}

/** `keep_firing_for` of a rule as a duration, ms. */
export function keepFiringMs(rule: AlertRule, intervalMs: number): number {
  return rule.keep_firing_for_ms ?? rule.keep_firing_for * intervalMs;
}

/** The alert's name: `BuddyTraffic` and the rule id in camel case. */
export function alertName(rule: AlertRule): string {
  return "BuddyTraffic" +
    rule.id.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

function condition(rule: AlertRule, series: string): string {
  const t = rule.threshold;
  if (rule.op === "outside") {
    const [low, high] = Array.isArray(t) ? t : [t, t];
    return `(${series} < ${low} or ${series} > ${high})`;
  }
  return `${series} ${rule.op} ${Array.isArray(t) ? t[0] : t}`;
}

/** The summary and description annotations, as templates (`value` fills `{value}`). */
export function annotations(
  rule: AlertRule,
  windowMs: number,
  value = `{{ $value | printf "%.4g" }}`,
  labels = { shard: "{{ $labels.shard }}", instance: "{{ $labels.instance }}" },
): { summary: string; description: string } {
  const t = rule.threshold;
  const [low, high] = Array.isArray(t) ? t : [t, t];
  const fmt = (v: number) => formatMetric(rule.metric, v);
  const unit = RULE_METRICS[rule.metric] ?? "";
  const threshold = Array.isArray(t) ? `${fmt(low)}..${fmt(high)}` : fmt(t);
  const summary = rule.summary
    .replaceAll("{value}", `${value}${unit}`)
    .replaceAll("{threshold}", threshold)
    .replaceAll("{low}", fmt(low))
    .replaceAll("{high}", fmt(high));
  const op = rule.op === "outside" ? "outside" : rule.op;
  return {
    summary,
    description:
      `Shard ${labels.shard}, instance ${labels.instance}: ${rule.metric} ${op} ${threshold}` +
      ` over the last ${
        promDuration(windowMs)
      } (rule ${rule.id}, at least ${rule.min_samples} requests).`,
  };
}

/** The rules file: a recording group and an alerting group. */
export function prometheusRules(
  rules: readonly AlertRule[],
  options: PrometheusRuleOptions = DEFAULT_RULE_OPTIONS,
): Record<string, unknown> {
  const { intervalMs, windowMs } = options;
  const exprs = metricExpressions(windowMs);
  const metrics = ["total_requests", ...new Set(rules.map((r) => r.metric))]
    .filter((m, i, all) => all.indexOf(m) === i);
  const total = recordName("total_requests", windowMs);
  return {
    groups: [
      {
        name: "buddy_traffic_recording",
        interval: promDuration(intervalMs),
        rules: metrics.map((m) => ({ record: recordName(m, windowMs), expr: exprs[m] })),
      },
      {
        name: "buddy_traffic_alerts",
        interval: promDuration(intervalMs),
        rules: rules.map((rule) => ({
          alert: alertName(rule),
          expr: `${
            condition(rule, recordName(rule.metric, windowMs))
          } and on (${BY}) ${total} >= ${rule.min_samples}`,
          for: promDuration(forMs(rule, intervalMs)),
          keep_firing_for: promDuration(keepFiringMs(rule, intervalMs)),
          labels: { severity: alertmanagerSeverity(rule.severity), rule_id: rule.id },
          annotations: annotations(rule, windowMs),
        })),
      },
    ],
  };
}

/** Go's `%.4g` for the synthetic values of the unit tests. */
export function goG4(value: number): string {
  const strip = (m: string) => m.includes(".") ? m.replace(/\.?0+$/, "") : m;
  const exp = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exp < -4 || exp >= 4) {
    const [m = "", e = "0"] = value.toExponential(3).split("e");
    const n = Number(e);
    return `${strip(m)}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return strip(value.toPrecision(4));
}

/** A breaching and a clean value of a rule's metric. */
export function syntheticValues(rule: AlertRule): { breach: number; clean: number } {
  const t = rule.threshold;
  if (Array.isArray(t)) return { breach: t[1] + 1, clean: (t[0] + t[1]) / 2 };
  return rule.op === ">" ? { breach: t + 1, clean: Math.max(0, t - 1) } : {
    breach: t - 1,
    clean: t + 1,
  };
}

const SHARD = "eu-1";
const INSTANCE = "sim-1:9101";

/**
 * `promtool test rules` unit tests: for each rule, a synthetic series that is
 * clean, breaches long enough to fire, then is clean long enough to resolve;
 * and, when the rule needs requests, the same breach with too few requests,
 * which never fires.
 */
export function prometheusRuleTests(
  rules: readonly AlertRule[],
  rulesFile: string,
  options: PrometheusRuleOptions = DEFAULT_RULE_OPTIONS,
): { rule_files: string[]; evaluation_interval: string; tests: unknown[] } {
  const { intervalMs, windowMs } = options;
  const labels = `{shard="${SHARD}",instance="${INSTANCE}"}`;
  const at = (steps: number) => promDuration(steps * intervalMs);
  const tests = [];
  for (const rule of rules) {
    const f = Math.ceil(forMs(rule, intervalMs) / intervalMs);
    const k = Math.ceil(keepFiringMs(rule, intervalMs) / intervalMs);
    const { breach, clean } = syntheticValues(rule);
    const values = [
      ...Array(4).fill(clean),
      ...Array(f + 3).fill(breach),
      ...Array(k + 6).fill(clean),
    ];
    const series = (requests: number) => {
      const list = [{
        series: recordName(rule.metric, windowMs) + labels,
        values: values.join(" "),
      }];
      if (rule.metric !== "total_requests") {
        list.push({
          series: recordName("total_requests", windowMs) + labels,
          values: Array(values.length).fill(requests).join(" "),
        });
      }
      return list;
    };
    const name = alertName(rule);
    const firing = {
      exp_labels: {
        severity: alertmanagerSeverity(rule.severity),
        rule_id: rule.id,
        shard: SHARD,
        instance: INSTANCE,
      },
      exp_annotations: annotations(rule, windowMs, goG4(breach), {
        shard: SHARD,
        instance: INSTANCE,
      }),
    };
    const alertTests = [
      { eval_time: at(3), alertname: name, exp_alerts: [] },
      { eval_time: at(f + 5), alertname: name, exp_alerts: [firing] },
      ...(k > 0 ? [{ eval_time: at(f + 7), alertname: name, exp_alerts: [firing] }] : []),
      { eval_time: at(f + k + 9), alertname: name, exp_alerts: [] },
    ];
    tests.push({
      name: `${rule.id} fires and resolves`,
      interval: promDuration(intervalMs),
      input_series: series(rule.min_samples + 10),
      alert_rule_test: alertTests,
    });
    if (rule.min_samples > 0 && rule.metric !== "total_requests") {
      tests.push({
        name: `${rule.id} stays quiet with fewer than ${rule.min_samples} requests`,
        interval: promDuration(intervalMs),
        input_series: series(rule.min_samples - 1),
        alert_rule_test: [{ eval_time: at(f + 5), alertname: name, exp_alerts: [] }],
      });
    }
  }
  return {
    rule_files: [rulesFile],
    evaluation_interval: promDuration(intervalMs),
    tests,
  };
}

/** A Prometheus configuration that discovers simulators from `targets/*.json`. */
export function prometheusConfig(rulesFile: string, intervalMs: number): Record<string, unknown> {
  return {
    global: {
      scrape_interval: promDuration(intervalMs),
      evaluation_interval: promDuration(intervalMs),
    },
    rule_files: [rulesFile],
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: ["127.0.0.1:9093"] }] }],
    },
    scrape_configs: [
      {
        job_name: "buddy_traffic",
        metrics_path: "/metrics",
        file_sd_configs: [{ files: ["targets/*.json"], refresh_interval: "30s" }],
      },
    ],
  };
}

/** A file-discovery target list: one simulator per shard, each `--serve`d. */
export const EXAMPLE_TARGETS = [
  { targets: ["127.0.0.1:9101"], labels: { shard: "eu-1" } },
  { targets: ["127.0.0.1:9102"], labels: { shard: "eu-2" } },
  { targets: ["127.0.0.1:9103"], labels: { shard: "us-1" } },
];
