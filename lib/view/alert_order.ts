/**
 * The order every screen lists alerts in: firing, then pending, resolved and
 * ok; within a status, HIGH before MEDIUM; otherwise as evaluated.
 *
 * @module
 */
import type { AlertState } from "../alerts/evaluate.ts";

const STATUS_ORDER = { firing: 0, pending: 1, resolved: 2, ok: 3 } as const;

/** A copy of `alerts`, most urgent first. */
export function alertsByUrgency(alerts: readonly AlertState[]): AlertState[] {
  return alerts.slice().sort((a, b) =>
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    (a.severity === b.severity ? 0 : a.severity === "HIGH" ? -1 : 1)
  );
}
