/**
 * Fault injection around a target, so that alerting and error handling can be
 * exercised on purpose: injected errors, slow answers, unhandled exceptions
 * and malformed decisions, each at its own rate, drawn from a seeded random
 * source so a run's faults are reproducible.
 *
 * @module
 */
import type { Random } from "../traffic/random.ts";
import type { FaultConfig } from "../model/metrics_document.ts";
import { type Decision, type Target, TargetError, type TargetInput } from "../model/decision.ts";

/** Malformed answers, one per broken rule of the decision contract. */
const MALFORMED: readonly unknown[] = [
  { confidence: 1.7, pre_validation: "passed", approval_path: "approved" },
  { confidence: 0.8, pre_validation: "passed", approval_path: "maybe" },
  { confidence: -0.2, pre_validation: "failed", approval_path: "clarification" },
  { confidence: 0.6, pre_validation: "unknown", approval_path: "approved" },
  { confidence: "high", pre_validation: "passed", approval_path: "approved" },
  { pre_validation: "passed", approval_path: "approved" },
  { confidence: 0.5, pre_validation: "failed", approval_path: "clarification", blocked: "yes" },
  null,
];

/**
 * Wraps `target` so that each request, in this order of checks, throws a
 * `TargetError("fault_injected")` with probability `fault_rate`, throws a
 * plain `Error` (an unhandled exception) with `throw_rate`, answers with a
 * malformed decision with `malformed_rate`, or answers after `slow_ms` more
 * with `slow_rate` (as a promise that honours the abort signal). With every
 * rate 0 the target itself is returned, so there is no overhead. Throws a
 * `RangeError` for a rate outside 0..1 or a negative `slow_ms`.
 */
export function withFaults(target: Target, faults: FaultConfig, random: Random): Target {
  for (const key of ["fault_rate", "slow_rate", "throw_rate", "malformed_rate"] as const) {
    const rate = faults[key];
    if (!(rate >= 0 && rate <= 1)) {
      throw new RangeError(
        `Cannot inject faults as '${key}' must be in 0..1: current value is ${rate}`,
      );
    }
  }
  if (!(faults.slow_ms >= 0) || !Number.isFinite(faults.slow_ms)) {
    throw new RangeError(
      `Cannot inject faults as 'slow_ms' must be a non-negative number: current value is ${faults.slow_ms}`,
    );
  }
  const { fault_rate, slow_rate, slow_ms, throw_rate, malformed_rate } = faults;
  if (fault_rate === 0 && slow_rate === 0 && throw_rate === 0 && malformed_rate === 0) {
    return target;
  }

  const faulty: Target = {
    name: target.name,
    evaluate(
      request: TargetInput,
      signal?: AbortSignal,
    ): Decision | Promise<Decision> {
      // One draw per kind, every time, so a rate change never shifts the others.
      const fault = random.next() < fault_rate;
      const unhandled = random.next() < throw_rate;
      const malformed = random.next() < malformed_rate;
      const slow = random.next() < slow_rate;
      const pick = random.int(MALFORMED.length);
      if (fault) {
        throw new TargetError("fault_injected", `Injected fault for request ${request.id}`);
      }
      if (unhandled) throw new Error(`Injected unhandled exception for request ${request.id}`);
      const answer = malformed ? MALFORMED[pick] as Decision : target.evaluate(request, signal);
      return slow ? delay(answer, slow_ms, signal) : answer;
    },
  };
  if (target.close !== undefined) {
    const close = target.close.bind(target);
    faulty.close = () => close();
  }
  return faulty;
}

/** Resolves with `answer` after `ms`, or rejects as soon as `signal` aborts. */
function delay(
  answer: Decision | Promise<Decision>,
  ms: number,
  signal?: AbortSignal,
): Promise<Decision> {
  return new Promise<Decision>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      Promise.resolve(answer).then(resolve, reject);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The request was aborted", "AbortError");
}
