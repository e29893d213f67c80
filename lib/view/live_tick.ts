/**
 * The simulator's live figures, once a second: {@linkcode LiveMonitor}
 * holds the live aggregates and the live alert states, and each
 * {@linkcode LiveMonitor.tick} evaluates the rules on the sliding windows and
 * returns a {@linkcode LiveTick}: the `tick` server-sent event, the console's
 * status line and the live status file all show it.
 *
 * @module
 */
import { LiveAggregates } from "../metrics/live_aggregates.ts";
import type { RequestRecord } from "../model/record.ts";
import { type LiveAlert, LiveAlerts } from "../alerts/live_alerts.ts";
import { healthScore } from "../alerts/health.ts";
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";

/** The short window, seconds: rates and percentiles of the status line. */
export const SHORT_WINDOW_S = 10;

/** The long window, seconds: the guard pair, health, and rules that need more requests. */
export const LONG_WINDOW_S = 60;

/** One alert in a tick. */
export interface TickAlert {
  /** Rule id. */
  rule_id: string;
  /** Priority. */
  severity: LiveAlert["severity"];
  /** `ok`, `pending` or `firing`. */
  state: LiveAlert["state"];
  /** Value read, null without a verdict. */
  value: number | null;
}

/** The live figures of one second. */
export interface LiveTick {
  /** Time of the tick, Unix ms. */
  at: number;
  /** Run id. */
  run_id: string;
  /** Seconds since the run started. */
  elapsed_s: number;
  /** False on the run's last tick, once it stopped. */
  running: boolean;
  /** Requests completed since the run started. */
  requests: number;
  /** Requests sent and not yet answered. */
  in_flight: number;
  /** Requests completed in the last whole second. */
  last_second: number;
  /** Completed requests per second over the short window. */
  rps: number;
  /** Success rate over the short window, percent. */
  success_rate: number | null;
  /** Error rate over the short window, percent. */
  error_rate: number | null;
  /** End-to-end latency p95 over the short window, ms (null without requests). */
  latency_p95_ms: number | null;
  /** Execution time p95 over the short window, ms (null without requests). */
  execution_p95_ms: number | null;
  /** Adversarial requests not approved over the long window, percent. */
  adversarial_block_rate: number | null;
  /** Benign requests blocked over the long window, percent. */
  benign_over_block_rate: number | null;
  /** Health score 0..100 over the long window. */
  health: number | null;
  /** Success rate since the start, percent. */
  run_success_rate: number | null;
  /** Every rule's live state. */
  alerts: TickAlert[];
  /** Rules firing. */
  firing: number;
  /** Rules pending. */
  pending: number;
}

/** Facts about the run a tick carries. */
export interface TickFacts {
  /** Run id. */
  runId: string;
  /** When the run started, Unix ms. */
  startMs: number;
  /** Requests in flight. */
  inFlight: number;
  /** Whether the run still sends traffic. @default {true} */
  running?: boolean;
}

/** Live aggregates and alert states of one simulator process. */
export class LiveMonitor {
  /** The aggregates (fed with every completed request). */
  readonly aggregates: LiveAggregates;
  readonly #alerts: LiveAlerts;
  #last: LiveTick | null = null;

  /** Starts empty. */
  constructor(rules: readonly AlertRule[] = DEFAULT_RULES, startMs = 0) {
    this.aggregates = new LiveAggregates({ maxWindowS: LONG_WINDOW_S });
    this.#alerts = new LiveAlerts(rules, startMs);
  }

  /** Adds one completed request. */
  add(record: RequestRecord, nowMs: number): void {
    this.aggregates.add(record, nowMs);
  }

  /** The last tick, null before the first. */
  get last(): LiveTick | null {
    return this.#last;
  }

  /** The rules' live states after the last tick. */
  get alerts(): LiveAlert[] {
    return this.#alerts.alerts;
  }

  /** The summary of the long window at `nowMs`. */
  longWindow(nowMs: number) {
    return this.aggregates.window(LONG_WINDOW_S, nowMs).summary();
  }

  /** Evaluates the rules on the windows ending at `nowMs` and returns the tick. */
  tick(nowMs: number, facts: TickFacts): LiveTick {
    const live = this.aggregates;
    // The second in progress is partial: windows end with the last whole second.
    const lastWhole = nowMs - 1000;
    const short = live.window(SHORT_WINDOW_S, lastWhole).summary();
    const long = live.window(LONG_WINDOW_S, lastWhole).summary();
    const alerts = this.#alerts.evaluate([short, long], nowMs);
    const elapsedS = Math.max(0, (nowMs - facts.startMs) / 1000);
    const span = Math.max(1, Math.min(SHORT_WINDOW_S, Math.floor(elapsedS)));
    const total = live.total;
    const tick: LiveTick = {
      at: nowMs,
      run_id: facts.runId,
      elapsed_s: Math.round(elapsedS),
      running: facts.running ?? true,
      requests: total.total,
      in_flight: facts.inFlight,
      last_second: live.countIn(Math.floor(lastWhole / 1000)),
      rps: round(short.total_requests / span, 1),
      success_rate: short.success_rate,
      error_rate: short.error_rate,
      latency_p95_ms: short.total_requests > 0 ? short.latency.p95 : null,
      execution_p95_ms: short.total_requests > 0 ? short.execution_time.p95 : null,
      adversarial_block_rate: long.adversarial_block_rate,
      benign_over_block_rate: long.benign_over_block_rate,
      health: healthScore(long)?.score ?? null,
      run_success_rate: total.total > 0 ? round((total.successful / total.total) * 100, 2) : null,
      alerts: alerts.map((a) => ({
        rule_id: a.rule_id,
        severity: a.severity,
        state: a.state,
        value: a.value,
      })),
      firing: alerts.filter((a) => a.state === "firing").length,
      pending: alerts.filter((a) => a.state === "pending").length,
    };
    this.#last = tick;
    return tick;
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Seconds after which a live status is too old to show as live. */
export const LIVE_FRESH_S = 5;

const NUMBER_FIELDS = [
  "at",
  "elapsed_s",
  "requests",
  "in_flight",
  "last_second",
  "rps",
  "firing",
  "pending",
] as const;

const NULLABLE_FIELDS = [
  "success_rate",
  "error_rate",
  "latency_p95_ms",
  "execution_p95_ms",
  "adversarial_block_rate",
  "benign_over_block_rate",
  "health",
  "run_success_rate",
] as const;

/**
 * A live status read from a file or a server (untrusted) as a tick, or null
 * when any field is missing or of the wrong type. Alerts keep only
 * well-formed entries.
 */
export function parseLiveTick(value: Record<string, unknown> | null): LiveTick | null {
  if (value === null) return null;
  const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  for (const k of NUMBER_FIELDS) if (!finite(value[k]) || (value[k] as number) < 0) return null;
  for (const k of NULLABLE_FIELDS) if (value[k] !== null && !finite(value[k])) return null;
  if (typeof value.run_id !== "string" || typeof value.running !== "boolean") return null;
  const alerts = Array.isArray(value.alerts) ? value.alerts : [];
  const tick = { ...value } as unknown as LiveTick;
  tick.run_id = value.run_id.slice(0, 64);
  tick.alerts = alerts.filter((a): a is TickAlert =>
    a !== null && typeof a === "object" && typeof a.rule_id === "string" &&
    (a.severity === "HIGH" || a.severity === "MEDIUM") &&
    (a.state === "ok" || a.state === "pending" || a.state === "firing") &&
    (a.value === null || finite(a.value))
  ).slice(0, 64);
  return tick;
}
