/**
 * The alert rules evaluated live, once a second, on the simulator's sliding
 * windows (Prometheus's model: a breach is `pending` at once and `firing`
 * once it has held for `for`; a firing alert stays firing through
 * `keep_firing_for` of clean evaluations). Report-based states
 * (`evaluateAlerts`) stay as they are for history; here a rule's `for` and
 * `keep_firing_for`, counted in reports there, count evaluations, so `for: 1`
 * fires on the first breaching second and `for: 2` on the second one. A rule
 * with durations (`for_ms`, `keep_firing_for_ms`) holds them in time, as
 * Prometheus does.
 *
 * Each rule reads the shortest window that has its `min_samples` requests
 * (the last 10 s, else the last 60 s), so a fault burst shows within two
 * seconds while sparse rules such as adversarial blocking still get a
 * verdict.
 *
 * @module
 */
import type { Summary } from "../model/stats_data.ts";
import { cleanLongEnough, heldLongEnough, judge } from "./evaluate.ts";
import { type AlertRule, DEFAULT_RULES, ruleMessage, type Severity } from "./rules.ts";

/** State of a rule evaluated live. */
export type LiveAlertState = "ok" | "pending" | "firing";

/** One rule's live state. */
export interface LiveAlert {
  /** Rule id. */
  rule_id: string;
  /** Priority. */
  severity: Severity;
  /** Current state. */
  state: LiveAlertState;
  /** Value read at the last evaluation, null without a verdict. */
  value: number | null;
  /** Unix ms the current state began. */
  since: number;
  /** What is wrong while pending or firing, else "". */
  message: string;
}

interface Track {
  rule: AlertRule;
  alert: LiveAlert;
  held: number;
  clean: number;
  /** Unix ms the current breach began. */
  breachSince: number;
  /** Unix ms of the last breaching evaluation. */
  lastBreach: number;
}

/** Evaluates rules once a second on the live windows and keeps their states. */
export class LiveAlerts {
  readonly #tracks: Track[];

  /** Starts every rule in `ok`. */
  constructor(rules: readonly AlertRule[] = DEFAULT_RULES, startMs = 0) {
    this.#tracks = rules.map((rule): Track => ({
      alert: {
        rule_id: rule.id,
        severity: rule.severity,
        state: "ok",
        value: null,
        since: startMs,
        message: "",
      },
      held: 0,
      clean: 0,
      breachSince: startMs,
      lastBreach: startMs,
      rule,
    }));
  }

  /** The states after the last evaluation, one per rule in the rules' order. */
  get alerts(): LiveAlert[] {
    return this.#tracks.map((t) => ({ ...t.alert }));
  }

  /**
   * Evaluates every rule on the windows (shortest first) at `nowMs`; a rule
   * with too few requests in every window keeps its state.
   */
  evaluate(windows: readonly Summary[], nowMs: number): LiveAlert[] {
    for (const track of this.#tracks) {
      const { rule, alert } = track;
      const summary = windows.find((w) => w.total_requests >= rule.min_samples) ?? windows.at(-1);
      if (summary === undefined) continue;
      const v = judge(rule, summary);
      alert.value = v.value;
      if (v.kind === "insufficient") continue;
      if (v.kind === "breach") {
        track.clean = 0;
        if (track.held++ === 0) track.breachSince = nowMs;
        track.lastBreach = nowMs;
        alert.message = ruleMessage(rule, v.value);
        const held = heldLongEnough(rule, track.held, nowMs - track.breachSince);
        const next = held ? "firing" : "pending";
        if (alert.state !== "firing" && alert.state !== next) {
          alert.state = next;
          alert.since = nowMs;
        }
        continue;
      }
      track.held = 0;
      if (alert.state === "pending") {
        set(alert, "ok", nowMs);
      } else if (alert.state === "firing") {
        track.clean++;
        if (cleanLongEnough(rule, track.clean, nowMs - track.lastBreach)) set(alert, "ok", nowMs);
      }
    }
    return this.alerts;
  }
}

function set(alert: LiveAlert, state: LiveAlertState, nowMs: number): void {
  alert.state = state;
  alert.since = nowMs;
  alert.message = "";
}
