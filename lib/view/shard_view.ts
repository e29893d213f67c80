/**
 * One shard of a source that merges several (a KV store with one shard per
 * simulator), as a row: its state, totals and the figures of its latest
 * report, health, and the alerts firing for it alone. The terminal frame's
 * shard block, the web page's shard table and the per-shard Prometheus
 * series all read these rows.
 *
 * @module
 */
import { documentAlerts, staleness } from "../alerts/evaluate.ts";
import { type Health, healthScore } from "../alerts/health.ts";
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";
import { outcomeRates } from "../metrics/stats.ts";
import type { SourcePart } from "../store/metrics_source.ts";

/** One shard's row. */
export interface ShardView {
  /** Shard label (untrusted: sanitised when printed). */
  label: string;
  /** `running`, `stopped`, or `stale` (running with no update for two report periods). */
  state: "running" | "stopped" | "stale";
  /** Seconds since the shard's last write. */
  age_s: number;
  /** Requests in the shard's totals. */
  requests: number;
  /** Outcome approved in the latest report, percent of answered. */
  approved_rate: number | null;
  /** Adversarial blocking of the latest report, percent. */
  adversarial_block_rate: number | null;
  /** Latency p95 (from the intended send time) of the latest report, ms. */
  latency_p95_ms: number | null;
  /** Health of the latest report. */
  health: Health | null;
  /** Alerts firing for this shard alone (its own reports, stale file included). */
  firing: number;
  /** Whether one of them is HIGH. */
  firing_high: boolean;
}

/** A shard of a merged store with its row. */
export interface ShardMetrics {
  /** The shard: its label and its own document. */
  part: SourcePart;
  /** Its row. */
  view: ShardView;
}

/** One shard's row at `now`: its state, total requests, and the figures of its latest report. */
export function shardView(
  part: SourcePart,
  now: Date,
  rules: readonly AlertRule[] = DEFAULT_RULES,
): ShardView {
  const doc = part.doc;
  const s = staleness(doc, now);
  const report = doc.reports.at(-1);
  const answered = report !== undefined && report.total_requests > 0;
  const firing = documentAlerts(doc, now, rules).filter((a) => a.status === "firing");
  return {
    label: part.label,
    state: s.stale ? "stale" : doc.status.state,
    age_s: Math.round(s.age_s),
    requests: doc.cumulative.total_requests,
    approved_rate: report === undefined ? null : outcomeRates(report).approved,
    adversarial_block_rate: report?.adversarial_block_rate ?? null,
    latency_p95_ms: answered ? report.latency.p95 : null,
    health: report === undefined ? null : healthScore(report),
    firing: firing.length,
    firing_high: firing.some((a) => a.severity === "HIGH"),
  };
}
