/**
 * The terminal view model: what one frame of the terminal dashboard shows,
 * built from what the source returned. Alert states (stale-file alert
 * included, most urgent first), health and Apdex of the latest report, its
 * outcome shares, the category table, and with a source of several shards
 * one row per shard. Pure: the clock and the rules are arguments; the frame
 * (`render/dashboard_frame.ts`) only draws it.
 *
 * @module
 */
import { type AlertState, documentAlerts, type Staleness, staleness } from "../alerts/evaluate.ts";
import {
  type Apdex,
  apdex,
  DEFAULT_APDEX_T_MS,
  type Health,
  healthScore,
} from "../alerts/health.ts";
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";
import { type OutcomeRates, outcomeRates } from "../metrics/stats.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";
import { type SourcePart, type SourceResult, WAITING_HINT } from "../store/metrics_source.ts";
import { alertsByUrgency } from "./alert_order.ts";
import { type CategoryRow, documentCategoryRows } from "./category_rows.ts";
import { type ShardView, shardView } from "./shard_view.ts";
import { LIVE_FRESH_S, type LiveTick } from "./live_tick.ts";

/** A reason there is nothing (or nothing new) to show. */
export interface SourceProblem {
  /** `waiting`: no data yet; `error`: the source cannot be read. */
  kind: "waiting" | "error";
  /** One-line message (may contain untrusted text). */
  message: string;
  /** What to do about it ("" for none). */
  hint: string;
}

/** Everything one terminal frame shows. */
export interface TerminalView {
  /** File path or server URL. */
  source: string;
  /** The time of the frame. */
  now: Date;
  /** Refresh interval in seconds. */
  interval_s: number;
  /** Live view (shows the keys) or a one-shot frame. */
  interactive: boolean;
  /** The document shown (the last good one when `problem` is an error), or null. */
  doc: MetricsDocument | null;
  /** Why there is no fresh document, or null. */
  problem: SourceProblem | null;
  /** Alert states, stale-file alert included, most urgent first. */
  alerts: readonly AlertState[];
  /** Health of the current window, null without data. */
  health: Health | null;
  /** Apdex of the current window, null without data. */
  apdex: Apdex | null;
  /** Staleness of the document, null without one. */
  staleness: Staleness | null;
  /** Time the run has been up (until its last write once stopped), ms; null without data. */
  uptime_ms: number | null;
  /** Outcome shares of the latest report, null without data. */
  outcomes: OutcomeRates | null;
  /** The category table of the totals (empty without data). */
  categories: readonly CategoryRow[];
  /** With a source of several shards: one row each (the block shows with more than one). */
  shards?: readonly ShardView[];
  /** The simulator's figures of the last second when they are fresh, else null. */
  live: LiveTick | null;
  /** The live figures read so far from the current or last run, oldest first (per-second sparklines). */
  live_history: readonly LiveTick[];
}

/** Settings of a terminal view. */
export interface TerminalViewOptions {
  /** File path or URL shown. */
  source: string;
  /** Frame time. */
  now: Date;
  /** Refresh interval, s. @default {10} */
  intervalS?: number;
  /** Live view or one frame. @default {true} */
  interactive?: boolean;
  /** Alert rules. @default {DEFAULT_RULES} */
  rules?: readonly AlertRule[];
  /** Apdex threshold T, ms. @default {5} */
  apdexTMs?: number;
  /** The last live status read (shown while at most {@linkcode LIVE_FRESH_S} old). @default {null} */
  live?: LiveTick | null;
  /** Live statuses read so far, oldest first. @default {[]} */
  liveHistory?: readonly LiveTick[];
}

/** A good read: the document shown and, for a source of several shards, its parts. */
export type GoodRead = Extract<SourceResult, { kind: "ok" }>;

/**
 * Builds the view of a read result. `previous` is the last good read (or
 * just its document): after a failed read it stays on screen, shard rows
 * included, with the error as a notice.
 */
export function buildTerminalView(
  result: SourceResult,
  previous: GoodRead | MetricsDocument | null,
  options: TerminalViewOptions,
): TerminalView {
  const last: GoodRead | null = previous === null
    ? null
    : "kind" in previous
    ? previous
    : { kind: "ok", doc: previous };
  const shown = result.kind === "ok" ? result : result.kind === "error" ? last : null;
  const doc = shown?.doc ?? null;
  let problem: SourceProblem | null = result.kind === "ok" ? null : {
    kind: result.kind,
    message: result.message,
    hint: result.kind === "waiting" ? result.hint : "",
  };
  const tick = options.live ?? null;
  const live = tick !== null && Math.abs(options.now.getTime() - tick.at) <= LIVE_FRESH_S * 1000
    ? tick
    : null;
  if (doc !== null && doc.reports.length === 0 && problem === null) {
    const st = doc.status;
    const running = live?.running ?? st.state === "running";
    const requests = live?.requests ?? st.requests;
    problem = {
      kind: "waiting",
      message: `The simulator is ${
        running ? "running" : st.state
      } with ${requests} requests so far${
        live === null ? " at its last write" : ""
      } and has written no report yet`,
      hint: live === null
        ? WAITING_HINT
        : "The first report comes after --report-interval requests or --report-seconds, whichever is first",
    };
  }
  const base = {
    source: options.source,
    now: options.now,
    interval_s: options.intervalS ?? 10,
    interactive: options.interactive ?? true,
    problem,
    live,
    live_history: options.liveHistory ?? [],
  };
  const report = doc?.reports.at(-1);
  if (doc === null || report === undefined) {
    return {
      ...base,
      doc,
      alerts: [],
      health: null,
      apdex: null,
      staleness: null,
      uptime_ms: null,
      outcomes: null,
      categories: [],
    };
  }
  const rules = options.rules ?? DEFAULT_RULES;
  const parts: readonly SourcePart[] = shown?.parts ?? [];
  const st = doc.status;
  const upTo = st.state === "running" ? options.now.getTime() : Date.parse(st.updated_at);
  return {
    ...base,
    ...(parts.length > 1
      ? { shards: parts.map((part) => shardView(part, options.now, rules)) }
      : {}),
    doc,
    alerts: alertsByUrgency(documentAlerts(doc, options.now, rules)),
    health: healthScore(report),
    apdex: apdex(
      report.stats.latency,
      options.apdexTMs ?? DEFAULT_APDEX_T_MS,
      report.failed_requests,
    ),
    staleness: staleness(doc, options.now),
    uptime_ms: upTo - Date.parse(st.started_at),
    outcomes: outcomeRates(report),
    categories: documentCategoryRows(doc).categories,
  };
}
