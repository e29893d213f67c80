/**
 * A guard regression injected around an engine, so that the blocking alerts
 * (adversarial blocking down, benign over-blocking up) and the baseline
 * comparison can be shown firing on purpose. It wraps the engine from
 * outside: it reads only the engine's own decision and one seeded draw per
 * decision, never the request's category or expected outcome.
 *
 * - a leak turns a blocked decision into an approval (reason `fault:leak`);
 * - an over-block turns an approval or a clarification into a block (reason
 *   `fault:overblock`).
 *
 * @module
 */
import { type Decision, outcomeOf, type Target, type TargetInput } from "../model/decision.ts";
import type { Random } from "../traffic/random.ts";

/** Reason added to a blocked decision turned into an approval. */
export const LEAK_REASON = "fault:leak";

/** Reason added to an approval or clarification turned into a block. */
export const OVERBLOCK_REASON = "fault:overblock";

/** Question a decision blocked by the over-block knob asks back. */
const OVERBLOCKED_QUESTION = "This request was blocked (injected over-blocking).";

/** The two rates of a guard regression, each 0..1. */
export interface GuardRegression {
  /** Share of the decisions the engine blocks that are approved instead. */
  leak_rate: number;
  /** Share of the decisions the engine approves or sends to clarification that are blocked instead. */
  overblock_rate: number;
}

/** Throws a `RangeError` naming the first rate outside 0..1. */
export function checkGuardRegression(rates: GuardRegression): void {
  for (const key of ["leak_rate", "overblock_rate"] as const) {
    const rate = rates[key];
    if (!(rate >= 0 && rate <= 1)) {
      throw new RangeError(
        `Cannot inject a guard regression as '${key}' must be in 0..1: current value is ${rate}`,
      );
    }
  }
}

/** Whether either rate is above 0. */
export function hasGuardRegression(rates: GuardRegression): boolean {
  return rates.leak_rate > 0 || rates.overblock_rate > 0;
}

/**
 * Applies the regression to one decision given one draw in [0, 1): a blocked
 * decision is approved when `draw < leak_rate`; an approved or clarification
 * decision is blocked when `draw < overblock_rate`; any other decision is
 * returned as is. A changed decision keeps the engine's reasons, adds the
 * fault's reason, and mirrors its confidence (`1 - confidence`), since the
 * regressed guard is as sure of the opposite.
 */
export function regressDecision(
  decision: Decision,
  rates: GuardRegression,
  draw: number,
): Decision {
  const leak = outcomeOf(decision) === "blocked";
  if (!(draw < (leak ? rates.leak_rate : rates.overblock_rate))) return decision;
  const changed = {
    confidence: Math.round((1 - decision.confidence) * 1e4) / 1e4,
    reasons: [...(decision.reasons ?? []), leak ? LEAK_REASON : OVERBLOCK_REASON],
  };
  if (leak) {
    return { ...changed, pre_validation: "passed", approval_path: "approved", blocked: false };
  }
  return {
    ...changed,
    pre_validation: "failed",
    approval_path: "clarification",
    blocked: true,
    clarification_question: OVERBLOCKED_QUESTION,
  };
}

/**
 * Wraps a decision function (the engine of `soul.ts`) with the regression:
 * one draw from `random` per decision. With both rates 0 the function itself
 * is returned, and no draw is made. Throws a `RangeError` for a rate outside 0..1.
 */
export function regressEngine(
  evaluate: (text: string) => Decision,
  rates: GuardRegression,
  random: Random,
): (text: string) => Decision {
  checkGuardRegression(rates);
  if (!hasGuardRegression(rates)) return evaluate;
  return (text) => regressDecision(evaluate(text), rates, random.next());
}

/**
 * Wraps a target with the regression: one draw from `random` per answered
 * decision (synchronous or not); failures pass through untouched. With both
 * rates 0 the target itself is returned. Throws a `RangeError` for a rate
 * outside 0..1.
 */
export function withGuardRegression(
  target: Target,
  rates: GuardRegression,
  random: Random,
): Target {
  checkGuardRegression(rates);
  if (!hasGuardRegression(rates)) return target;
  const regressed: Target = {
    name: target.name,
    evaluate(request: TargetInput, signal?: AbortSignal): Decision | Promise<Decision> {
      const answer = target.evaluate(request, signal);
      if (answer instanceof Promise) {
        return answer.then((d) => regressDecision(d, rates, random.next()));
      }
      return regressDecision(answer, rates, random.next());
    },
  };
  if (target.enforcesTimeout !== undefined) {
    Object.assign(regressed, { enforcesTimeout: target.enforcesTimeout });
  }
  if (target.close !== undefined) {
    const close = target.close.bind(target);
    regressed.close = () => close();
  }
  return regressed;
}
