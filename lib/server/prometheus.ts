/**
 * The metrics document in Prometheus text exposition format 0.0.4, for
 * `GET /metrics`: counters end in `_total`, values use base units (seconds,
 * ratios 0..1), and latency is a histogram with cumulative `_bucket` series
 * (always ending in `le="+Inf"`, equal to `_count`), `_sum` and `_count`.
 *
 * In the simulator (`--serve`), counters and histograms are its live
 * aggregates: every request completed since the process started, monotonic
 * across reports and target switches, and the ratio gauges read the last
 * 60 s. Elsewhere they are the file's cumulative totals and the gauges
 * describe the latest report window (the cumulative totals before the first
 * report). Alerts are one series per rule.
 *
 * A store of several shards adds `buddy_traffic_shard_*` families, one
 * series per shard with a `shard` label: they are separate families so that
 * summing a merged family never counts a request twice.
 *
 * @module
 */
import { safeText } from "../fmt/sanitize.ts";
import { CATEGORIES, type Category, EXPECTED_OUTCOMES } from "../model/category.ts";
import { OUTCOMES } from "../model/decision.ts";
import { alertmanagerSeverity, type Severity } from "../alerts/rules.ts";
import type { Summary } from "../model/stats_data.ts";
import {
  cumulativeBuckets,
  LIVE_BUCKETS_MS,
  type LiveAggregates,
} from "../metrics/live_aggregates.ts";
import { Histogram } from "../metrics/histogram.ts";
import { outcomeRates } from "../metrics/stats.ts";
import { currentSummary } from "../metrics/current_summary.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";
import type { ShardMetrics } from "../view/shard_view.ts";

/** Content type of the text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Upper bounds of the latency and execution-time histogram buckets, in
 * seconds: log-spaced from 0.05 ms to 100 ms (1, 2.5, 5 per decade, so the
 * 5 ms target sits on a bound), then 1 s and 10 s for timeouts.
 */
export const LATENCY_BUCKETS_S: readonly number[] = Object.freeze(
  LIVE_BUCKETS_MS.map((ms) => ms / 1000),
);

/** One alert rule's state, for the `buddy_traffic_alert` family. */
export interface RuleState {
  /** Rule id. */
  rule_id: string;
  /** Priority. */
  severity: Severity;
  /** `ok`, `pending`, `firing` or `resolved`. */
  state: string;
}

/** Values computed elsewhere that the exposition includes. */
export interface PrometheusExtras {
  /** Health score 0..100 of the current window, or null without data. */
  health?: number | null;
  /** Every rule's state: one `buddy_traffic_alert` series per rule. */
  alerts?: readonly RuleState[];
  /**
   * The simulator's live aggregates: counters and histograms then count every
   * completed request since the process started, not only reported ones.
   */
  live?: LiveAggregates;
  /** The live window's summary (the last 60 s): the ratio gauges read it instead of the latest report. */
  window?: Summary;
  /** The shards the document was merged from, each with its row: adds the per-shard families. */
  shards?: readonly ShardMetrics[];
}

type Labels = Readonly<Record<string, string>>;

/** Builds the exposition text line by line, one metric family at a time. */
class Exposition {
  readonly lines: string[] = [];

  family(name: string, type: "counter" | "gauge" | "histogram", help: string): void {
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
  }

  sample(name: string, labels: Labels, value: number): void {
    this.lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
  }

  histogram(name: string, labels: Labels, cumulative: readonly number[], sumMs: number): void {
    LATENCY_BUCKETS_S.forEach((le, i) => {
      this.sample(`${name}_bucket`, { ...labels, le: formatValue(le) }, cumulative[i] ?? 0);
    });
    const count = cumulative.at(-1) ?? 0;
    this.sample(`${name}_bucket`, { ...labels, le: "+Inf" }, count);
    this.sample(`${name}_sum`, labels, sumMs / 1000);
    this.sample(`${name}_count`, labels, count);
  }

  text(): string {
    return this.lines.join("\n") + "\n";
  }
}

/** Renders the document (and the health score and alerts computed from it) as exposition text. */
export function renderPrometheus(doc: MetricsDocument, extras: PrometheusExtras = {}): string {
  const out = new Exposition();
  const cumulative = doc.cumulative;
  const current = extras.window ?? currentSummary(doc);
  const p = "buddy_traffic";

  out.family(
    `${p}_requests_total`,
    "counter",
    "Requests completed, by traffic category, expected outcome and outcome (error when the target failed).",
  );
  for (const c of requestCounters(doc, extras.live)) {
    const { category, expected, outcome, value } = c;
    out.sample(`${p}_requests_total`, { category, expected, outcome }, value);
  }

  out.family(`${p}_errors_total`, "counter", "Failed requests, by error type.");
  const totals = extras.live?.total.toData() ?? cumulative.stats;
  for (const type of Object.keys(totals.errors).sort()) {
    out.sample(`${p}_errors_total`, { type }, totals.errors[type] ?? 0);
  }

  out.family(
    `${p}_unhandled_exceptions_total`,
    "counter",
    "Failures that were unexpected exceptions.",
  );
  out.sample(`${p}_unhandled_exceptions_total`, {}, totals.unhandled_exceptions);

  const gauges: [string, string, number | null][] = [
    [
      "success_ratio",
      "Share of requests answered with a valid decision (0..1).",
      ratio(current.success_rate),
    ],
    ["error_ratio", "Share of requests that failed (0..1).", ratio(current.error_rate)],
    [
      "pre_validation_pass_ratio",
      "Share of answered requests that passed pre-validation (0..1).",
      ratio(current.pre_validation.pass_rate),
    ],
    [
      "adversarial_block_ratio",
      "Share of answered adversarial requests not approved (0..1).",
      ratio(current.adversarial_block_rate),
    ],
    [
      "clarification_ratio",
      "Share of answered requests routed to clarification and not blocked (0..1).",
      ratio(outcomeRates(current).clarification),
    ],
    ["confidence_mean", "Mean confidence of answered requests (0..1).", current.confidence.mean],
    [
      "confidence_stddev",
      "Standard deviation of the confidence of answered requests.",
      current.confidence.std_dev,
    ],
  ];
  for (const [name, help, value] of gauges) {
    if (value === null) continue;
    out.family(
      `${p}_${name}`,
      "gauge",
      `${help} ${extras.window === undefined ? "Latest report window" : "Last 60 s"}.`,
    );
    out.sample(`${p}_${name}`, {}, value);
  }

  if (extras.health !== undefined && extras.health !== null) {
    out.family(`${p}_health_score`, "gauge", "Health score 0..100 of the latest report window.");
    out.sample(`${p}_health_score`, {}, extras.health);
  }

  out.family(`${p}_load_level`, "gauge", "Current load level (1..3).");
  out.sample(`${p}_load_level`, {}, doc.status.load_level);

  out.family(
    `${p}_request_interval_seconds`,
    "gauge",
    "Current range of the gap between two requests, by bound.",
  );
  out.sample(`${p}_request_interval_seconds`, { bound: "min" }, doc.status.interval_ms.min / 1000);
  out.sample(`${p}_request_interval_seconds`, { bound: "max" }, doc.status.interval_ms.max / 1000);

  out.family(`${p}_in_flight_requests`, "gauge", "Requests in flight at the last write.");
  out.sample(`${p}_in_flight_requests`, {}, doc.status.in_flight);

  out.family(`${p}_running`, "gauge", "1 while the simulator runs, 0 once it stopped.");
  out.sample(`${p}_running`, {}, doc.status.state === "running" ? 1 : 0);

  const updated = Date.parse(doc.status.updated_at);
  if (Number.isFinite(updated)) {
    out.family(
      `${p}_last_update_timestamp_seconds`,
      "gauge",
      "Unix time of the last write of the metrics file.",
    );
    out.sample(`${p}_last_update_timestamp_seconds`, {}, updated / 1000);
  }

  if (extras.alerts !== undefined) {
    out.family(
      `${p}_alert`,
      "gauge",
      "One series per alert rule, labelled with its severity (critical or warning) and state; always 1.",
    );
    for (const a of extras.alerts) {
      out.sample(`${p}_alert`, {
        rule_id: a.rule_id,
        severity: alertmanagerSeverity(a.severity),
        state: a.state,
      }, 1);
    }
  }

  const histograms: [string, string, "execution_time" | "latency"][] = [
    [
      "execution_time_seconds",
      "Service time of the target, by traffic category.",
      "execution_time",
    ],
    [
      "latency_seconds",
      "Time from the intended send time to completion (includes queueing), by traffic category.",
      "latency",
    ],
  ];
  for (const [name, help, field] of histograms) {
    out.family(`${p}_${name}`, "histogram", help);
    for (const category of CATEGORIES) {
      const series = histogramSeries(doc, extras.live, field, category);
      if (series !== null) {
        out.histogram(`${p}_${name}`, { category }, series.cumulative, series.sum);
      }
    }
  }
  if (extras.shards !== undefined && extras.shards.length > 0) shardFamilies(out, extras.shards);
  return out.text();
}

/** The per-shard families: one series per shard, labelled `shard`. */
function shardFamilies(out: Exposition, shards: readonly ShardMetrics[]): void {
  const p = "buddy_traffic_shard";
  out.family(
    `${p}_requests_total`,
    "counter",
    "Requests completed by one shard, by outcome (error when the target failed).",
  );
  for (const { part } of shards) {
    const totals = part.doc.cumulative;
    for (const outcome of OUTCOMES) {
      out.sample(`${p}_requests_total`, { shard: part.label, outcome }, totals.outcomes[outcome]);
    }
    out.sample(
      `${p}_requests_total`,
      { shard: part.label, outcome: "error" },
      totals.failed_requests,
    );
  }

  const current = new Map(shards.map((s) => [s, currentSummary(s.part.doc)]));
  const summaryOf = (s: ShardMetrics) => current.get(s)!;
  const gauges: [string, string, (s: ShardMetrics) => number | null][] = [
    [
      "success_ratio",
      "Share of one shard's requests answered with a valid decision (0..1).",
      (s) => ratio(summaryOf(s).success_rate),
    ],
    [
      "error_ratio",
      "Share of one shard's requests that failed (0..1).",
      (s) => ratio(summaryOf(s).error_rate),
    ],
    [
      "adversarial_block_ratio",
      "Share of one shard's answered adversarial requests not approved (0..1).",
      (s) => ratio(summaryOf(s).adversarial_block_rate),
    ],
    [
      "health_score",
      "Health score 0..100 of one shard.",
      (s) => s.view.health?.score ?? null,
    ],
  ];
  for (const [name, help, valueOf] of gauges) {
    const values = shards.map((s) => [s.part.label, valueOf(s)] as const)
      .filter((v): v is readonly [string, number] => v[1] !== null);
    if (values.length === 0) continue;
    out.family(`${p}_${name}`, "gauge", `${help} Latest report window.`);
    for (const [shard, value] of values) out.sample(`${p}_${name}`, { shard }, value);
  }

  out.family(`${p}_running`, "gauge", "1 while one shard's simulator runs, 0 once it stopped.");
  for (const { part } of shards) {
    out.sample(`${p}_running`, { shard: part.label }, part.doc.status.state === "running" ? 1 : 0);
  }

  out.family(
    `${p}_stale`,
    "gauge",
    "1 when one shard runs but has not written for over two report periods.",
  );
  for (const { part, view } of shards) {
    out.sample(`${p}_stale`, { shard: part.label }, view.state === "stale" ? 1 : 0);
  }

  const updates = shards.map((s) =>
    [s.part.label, Date.parse(s.part.doc.status.updated_at)] as const
  )
    .filter(([, t]) => Number.isFinite(t));
  if (updates.length > 0) {
    out.family(
      `${p}_last_update_timestamp_seconds`,
      "gauge",
      "Unix time of one shard's last write.",
    );
    for (const [shard, t] of updates) {
      out.sample(`${p}_last_update_timestamp_seconds`, { shard }, t / 1000);
    }
  }

  out.family(`${p}_alerts_firing`, "gauge", "Alerts firing for one shard alone.");
  for (const { part, view } of shards) {
    out.sample(`${p}_alerts_firing`, { shard: part.label }, view.firing);
  }
}

/** The request counters: live when the simulator serves, else the file's totals. */
function requestCounters(
  doc: MetricsDocument,
  live: LiveAggregates | undefined,
): { category: string; expected: string; outcome: string; value: number }[] {
  if (live !== undefined) return live.requestCounters();
  const out = [];
  for (const category of CATEGORIES) {
    const stats = doc.cumulative.categories[category];
    if (stats === undefined) continue;
    for (const expected of EXPECTED_OUTCOMES) {
      const row = stats.confusion[expected];
      for (const outcome of [...OUTCOMES, "error"] as const) {
        if (row[outcome] > 0) out.push({ category, expected, outcome, value: row[outcome] });
      }
    }
  }
  return out;
}

/** One histogram series: cumulative counts at each bound, and the sum in ms. */
function histogramSeries(
  doc: MetricsDocument,
  live: LiveAggregates | undefined,
  field: "execution_time" | "latency",
  category: Category,
): { cumulative: number[]; sum: number } | null {
  if (live !== undefined) {
    const b = live.buckets(field, category);
    return b === undefined ? null : { cumulative: cumulativeBuckets(b), sum: b.sum };
  }
  const data = doc.cumulative.categories[category]?.[field];
  if (data === undefined) return null;
  const h = Histogram.fromData(data);
  const cumulative = LIVE_BUCKETS_MS.map((ms) => h.countAtOrBelow(ms));
  cumulative.push(data.count);
  return { cumulative, sum: data.sum };
}

function ratio(percent: number | null): number | null {
  return percent === null ? null : percent / 100;
}

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (ch) => ch === "\n" ? "\\n" : `\\${ch}`);
}

function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (ch) => ch === "\n" ? "\\n" : "\\\\");
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(safeLabel(v))}"`);
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

/** A label value with hostile characters marked (line breaks are escaped by the format itself). */
function safeLabel(value: string): string {
  return value.split("\n").map((part) => safeText(part, { maxLength: 500 })).join("\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
