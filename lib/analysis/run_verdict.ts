/**
 * The verdict at the end of a simulator run, as k6 prints its thresholds:
 * every alert rule with its value and threshold over the whole run, passed,
 * failed or without a verdict, beside the health grade, Apdex, the
 * end-to-end latency percentiles and the guard pair. The gate is the very
 * `--check` of the visualizer ({@linkcode runAnalyses} with `check`) over
 * the same file since the run started, so `simulate.ts --check` and
 * `visualize.ts FILE --check --since START` always agree.
 *
 * @module
 */
import type { MetricsDocument } from "../model/metrics_document.ts";
import type { DistributionSummary } from "../model/stats_data.ts";
import { judge } from "../alerts/evaluate.ts";
import { type AlertRule, DEFAULT_RULES, formatMetric, type Severity } from "../alerts/rules.ts";
import type { Apdex, Health } from "../alerts/health.ts";
import { buildDataset } from "./metrics_dataset.ts";
import { runAnalyses } from "./visualize_analysis.ts";
import type { CheckAnalysis } from "./check_analysis.ts";

/** One rule over the whole run. */
export interface RuleVerdict {
  /** Rule id. */
  rule_id: string;
  /** Priority. */
  severity: Severity;
  /** `pass`, `fail`, or `none` (too few requests for a verdict). */
  status: "pass" | "fail" | "none";
  /** Value over the run, formatted with its unit (`-` without one). */
  value: string;
  /** The condition that passes, e.g. `<= 5 ms` or `25%..50%`. */
  threshold: string;
}

/** The verdict of a run. */
export interface RunVerdict {
  /** Requests judged. */
  requests: number;
  /** Every rule, in the rules' order. */
  rules: RuleVerdict[];
  /** Health score and grade, null without requests. */
  health: Health | null;
  /** Apdex of the end-to-end latency. */
  apdex: Apdex;
  /** End-to-end latency percentiles, ms. */
  latency: DistributionSummary;
  /** Adversarial requests not approved, percent. */
  adversarial_block_rate: number | null;
  /** Benign requests blocked, percent. */
  benign_over_block_rate: number | null;
  /** The `--check` gate, exactly as the visualizer computes it. */
  check: CheckAnalysis;
  /** The ISO time the range starts (the `--since` of the equivalent visualizer call). */
  since: string;
}

/** Options for {@linkcode runVerdict}. */
export interface RunVerdictOptions {
  /** When the run started, Unix ms: reports ending after it are judged. */
  sinceMs: number;
  /** The current time (staleness). */
  now: Date;
  /** MEDIUM rules fail the gate too. @default {false} */
  strict?: boolean;
  /** Alert rules. @default {DEFAULT_RULES} */
  rules?: readonly AlertRule[];
  /** Name of the file, for messages. @default {"metrics"} */
  label?: string;
}

/** Judges the run that started at `sinceMs` in `doc`. */
export function runVerdict(doc: MetricsDocument, options: RunVerdictOptions): RunVerdict {
  const rules = options.rules ?? DEFAULT_RULES;
  const since = new Date(options.sinceMs).toISOString();
  const analyses = runAnalyses(buildDataset([{ path: options.label ?? "metrics", doc }]), {
    sections: ["summary"],
    range: { since: { kind: "time", at: options.sinceMs, text: since } },
    check: true,
    strict: options.strict ?? false,
    rules,
    now: options.now,
  });
  const summary = analyses.summary!;
  const s = summary.summary;
  return {
    requests: s.total_requests,
    rules: rules.map((rule) => {
      const v = judge(rule, s);
      return {
        rule_id: rule.id,
        severity: rule.severity,
        status: v.kind === "breach" ? "fail" : v.kind === "ok" ? "pass" : "none",
        value: v.value === null ? "-" : formatMetric(rule.metric, v.value),
        threshold: passingCondition(rule),
      };
    }),
    health: summary.health,
    apdex: summary.apdex,
    latency: s.latency,
    adversarial_block_rate: s.adversarial_block_rate,
    benign_over_block_rate: s.benign_over_block_rate,
    check: analyses.check!,
    since,
  };
}

/** The condition a rule's value must meet to pass, with its unit. */
export function passingCondition(rule: AlertRule): string {
  const t = rule.threshold;
  const fmt = (v: number) => formatMetric(rule.metric, v);
  if (rule.op === "outside") {
    const [low, high] = Array.isArray(t) ? t : [t, t];
    return `${fmt(low)}..${fmt(high)}`;
  }
  return `${rule.op === ">" ? "<=" : ">="} ${fmt(Array.isArray(t) ? t[0] : t)}`;
}
