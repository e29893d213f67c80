/**
 * Evaluates alert rules: once over a range (`checkSummary`, for
 * `visualize --check`), and across the report sequence with Prometheus's
 * `for` / `keep_firing_for` model (`evaluateAlerts`, for the dashboard and
 * the server). A stale metrics file is an alert of its own.
 *
 * @module
 */
import { formatDuration } from "../fmt/duration.ts";
import type { Summary } from "../model/stats_data.ts";
import type { MetricsDocument, Report } from "../model/metrics_document.ts";
import {
  alertmanagerSeverity,
  type AlertRule,
  breaches,
  DEFAULT_RULES,
  readMetric,
  ruleMessage,
  type Severity,
} from "./rules.ts";

/** A rule whose condition holds over the range. */
export interface Breach {
  /** The rule. */
  rule: AlertRule;
  /** The value read. */
  value: number;
  /** The filled message template. */
  message: string;
}

/** Outcome of checking every rule once. */
export interface CheckResult {
  /** Rules breached. */
  breaches: Breach[];
  /** Rules without a verdict: fewer than `min_samples` requests, or no value. */
  insufficient: AlertRule[];
  /** Rules checked and not breached. */
  passed: AlertRule[];
}

/** Verdict of one rule on one summary. */
export type Verdict =
  | { kind: "breach"; value: number }
  | { kind: "ok"; value: number }
  | { kind: "insufficient"; value: number | null };

/** Applies one rule to one summary; no verdict below `min_samples` requests. */
export function judge(rule: AlertRule, summary: Summary): Verdict {
  const value = readMetric(summary, rule.metric);
  if (value === null || summary.total_requests < rule.min_samples) {
    return { kind: "insufficient", value };
  }
  return { kind: breaches(rule, value) ? "breach" : "ok", value };
}

/** Checks every rule once against a summary (a report, a range, or the totals). */
export function checkSummary(
  summary: Summary,
  rules: readonly AlertRule[] = DEFAULT_RULES,
): CheckResult {
  const out: CheckResult = { breaches: [], insufficient: [], passed: [] };
  for (const rule of rules) {
    const v = judge(rule, summary);
    if (v.kind === "breach") {
      out.breaches.push({ rule, value: v.value, message: ruleMessage(rule, v.value) });
    } else if (v.kind === "insufficient") out.insufficient.push(rule);
    else out.passed.push(rule);
  }
  return out;
}

/** Lifecycle of an alert across reports. */
export type AlertStatus = "ok" | "pending" | "firing" | "resolved";

/** The state of one rule after the last report, shaped like an Alertmanager alert. */
export interface AlertState {
  /** Rule id (the `alertname` label). */
  rule_id: string;
  /** Priority. */
  severity: Severity;
  /** Current status. */
  status: AlertStatus;
  /** ISO time the current status began ("" when there is no report yet). */
  since: string;
  /** Value read from the last report, null without one. */
  value: number | null;
  /** What is wrong (pending, firing, resolved), "insufficient data ..." or "". */
  message: string;
  /** Stable hash of the labels (alertname and severity), 16 hex digits. */
  fingerprint: string;
  /** ISO start of the last firing episode, null if it never fired. */
  starts_at: string | null;
  /** ISO end of the last firing episode, null unless resolved. */
  ends_at: string | null;
  /** Whether the last report had too few requests for a verdict. */
  insufficient: boolean;
}

/**
 * Walks `reports` (oldest first) and returns one state per rule.
 *
 * ok -> pending on the first breaching report; pending -> firing once the
 * condition held for `for` consecutive reports (firing at once when
 * `for` is 1), or for `for_ms` of report time when the rule has a duration;
 * a clean report turns pending back into ok; firing -> resolved only after
 * more than `keep_firing_for` consecutive clean reports (or, with
 * `keep_firing_for_ms`, once the last breach is longer ago than that); resolved
 * behaves like ok. A report with insufficient data leaves the state as it is.
 * Times are the reports' `ended_at`.
 */
export function evaluateAlerts(
  reports: readonly Report[],
  rules: readonly AlertRule[] = DEFAULT_RULES,
): AlertState[] {
  return rules.map((rule) => walk(rule, reports));
}

function walk(rule: AlertRule, reports: readonly Report[]): AlertState {
  const state: AlertState = {
    rule_id: rule.id,
    severity: rule.severity,
    status: "ok",
    since: reports[0]?.started_at ?? "",
    value: null,
    message: "",
    fingerprint: fingerprint(rule),
    starts_at: null,
    ends_at: null,
    insufficient: reports.length === 0,
  };
  let held = 0; // consecutive breaching reports
  let clean = 0; // consecutive clean reports while firing
  let pendingSince = "";
  let lastBreach = "";
  let lastBreachAt = "";
  for (const report of reports) {
    const v = judge(rule, report);
    const at = report.ended_at;
    state.value = v.value;
    state.insufficient = v.kind === "insufficient";
    if (v.kind === "insufficient") continue;
    if (v.kind === "breach") {
      lastBreach = ruleMessage(rule, v.value);
      lastBreachAt = at;
      clean = 0;
      held++;
      if (state.status === "firing") continue;
      if (held === 1) pendingSince = at;
      if (heldLongEnough(rule, held, Date.parse(at) - Date.parse(pendingSince))) {
        state.status = "firing";
        state.since = at;
        state.starts_at = at;
        state.ends_at = null;
      } else if (state.status !== "pending") {
        state.status = "pending";
        state.since = pendingSince;
      }
      continue;
    }
    held = 0;
    if (state.status === "pending") {
      state.status = "ok";
      state.since = at;
    } else if (state.status === "firing") {
      clean++;
      if (cleanLongEnough(rule, clean, Date.parse(at) - Date.parse(lastBreachAt))) {
        state.status = "resolved";
        state.since = at;
        state.ends_at = at;
      }
    }
  }
  if (state.status === "ok") {
    state.message = state.insufficient ? insufficientMessage(rule, reports.at(-1)) : "";
  } else state.message = lastBreach;
  return state;
}

/**
 * Whether a breach seen `held` times in a row, and for `heldMs` since it
 * began, has held long enough to fire: `for_ms` of time when the rule has a
 * duration, else `for` consecutive evaluations.
 */
export function heldLongEnough(rule: AlertRule, held: number, heldMs: number): boolean {
  if (rule.for_ms === undefined) return held >= rule.for;
  return heldMs >= rule.for_ms;
}

/**
 * Whether a firing alert after `clean` clean evaluations in a row, `quietMs`
 * after its last breach, may resolve: more than `keep_firing_for_ms` when
 * the rule has a duration, else more than `keep_firing_for` evaluations.
 */
export function cleanLongEnough(rule: AlertRule, clean: number, quietMs: number): boolean {
  if (rule.keep_firing_for_ms === undefined) return clean > rule.keep_firing_for;
  return quietMs > rule.keep_firing_for_ms;
}

function insufficientMessage(rule: AlertRule, report: Report | undefined): string {
  if (report === undefined) return "insufficient data: no report yet";
  if (report.total_requests < rule.min_samples) {
    return `insufficient data: ${report.total_requests} of ${rule.min_samples} requests`;
  }
  return "insufficient data: no value";
}

/** Staleness of a document: running, and no update for more than two report periods. */
export interface Staleness {
  /** Whether the file is stale. */
  stale: boolean;
  /** Seconds since the last update (0 when the time is unreadable). */
  age_s: number;
  /** Seconds without an update after which the file is stale. */
  limit_s: number;
}

/** Report period assumed when the status names none, in seconds. */
export const DEFAULT_REPORT_PERIOD_S = 60;

/**
 * Whether a running simulator has stopped writing: no update for more than
 * two report periods. The period is the status's `report_seconds` (a report
 * is written at least that often), else the median length of recent reports.
 */
export function staleness(doc: MetricsDocument, now: Date): Staleness {
  const updated = Date.parse(doc.status.updated_at);
  const age_s = Number.isFinite(updated) ? Math.max(0, (now.getTime() - updated) / 1000) : 0;
  const limit_s = 2 * reportPeriod(doc);
  return { stale: doc.status.state === "running" && age_s > limit_s, age_s, limit_s };
}

function reportPeriod(doc: MetricsDocument): number {
  if (doc.status.report_seconds > 0) return doc.status.report_seconds;
  const lengths = doc.reports.slice(-10).map((r) => r.duration_s).filter((d) => d > 0)
    .sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length / 2)] ?? DEFAULT_REPORT_PERIOD_S;
}

/** Id of the alert raised when the metrics file is stale. */
export const STALE_RULE_ID = "stale_metrics";

/** The stale-file alert: firing when {@linkcode staleness} says so, else ok. */
export function staleAlert(doc: MetricsDocument, now: Date): AlertState {
  const s = staleness(doc, now);
  const stale = s.stale;
  return {
    rule_id: STALE_RULE_ID,
    severity: "HIGH",
    status: stale ? "firing" : "ok",
    since: stale
      ? new Date(Date.parse(doc.status.updated_at) + s.limit_s * 1000).toISOString()
      : doc.status.updated_at,
    value: Math.round(s.age_s),
    message: stale
      ? `No update for ${formatDuration(s.age_s * 1000)} while running (limit ${
        formatDuration(s.limit_s * 1000)
      })`
      : "",
    fingerprint: fingerprintOf(STALE_RULE_ID, "HIGH"),
    starts_at: stale
      ? new Date(Date.parse(doc.status.updated_at) + s.limit_s * 1000).toISOString()
      : null,
    ends_at: null,
    insufficient: false,
  };
}

/** Every alert of a document: the rules over its recent reports, then the stale-file alert. */
export function documentAlerts(
  doc: MetricsDocument,
  now: Date,
  rules: readonly AlertRule[] = DEFAULT_RULES,
): AlertState[] {
  return [...evaluateAlerts(doc.reports, rules), staleAlert(doc, now)];
}

/** Whether any HIGH alert is firing (the dashboard's `--once` exits 1 then). */
export function highFiring(alerts: readonly AlertState[]): boolean {
  return alerts.some((a) => a.severity === "HIGH" && a.status === "firing");
}

function fingerprint(rule: AlertRule): string {
  return fingerprintOf(rule.id, rule.severity);
}

/** FNV-1a 64-bit hash of the alert's labels, as 16 hex digits. */
export function fingerprintOf(ruleId: string, severity: Severity): string {
  const text = `alertname=${ruleId},severity=${alertmanagerSeverity(severity)}`;
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}
