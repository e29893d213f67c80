/**
 * The decision contract: what a target (the embedded reference engine or a
 * real Soul service) answers for one input.
 *
 * @module
 */

/** Result of pre-validation. */
export type PreValidation = "passed" | "failed";

/** Route a decision takes. */
export type ApprovalPath = "approved" | "clarification";

/** The single outcome of a decision: refused, asked back, or let through. */
export type Outcome = "blocked" | "clarification" | "approved";

/** Every outcome, in report order. */
export const OUTCOMES: readonly Outcome[] = ["approved", "clarification", "blocked"];

/** One decision of the Soul pipeline. */
export interface Decision {
  /** Alignment confidence, 0..1. */
  confidence: number;
  /** Whether the input passed pre-validation. */
  pre_validation: PreValidation;
  /** The route taken. */
  approval_path: ApprovalPath;
  /** True when the input was refused as inappropriate. */
  blocked?: boolean;
  /** The question asked back when the route is clarification. */
  clarification_question?: string;
  /** Short machine-readable reasons, e.g. `injection:instruction_override`. */
  reasons?: string[];
}

/** What a target receives: never the category or the expected outcome. */
export interface TargetInput {
  /** The request id. */
  id: string;
  /** The request text. */
  input: string;
}

/** A decision pipeline the simulator drives. */
export interface Target {
  /** Short name recorded in the metrics file, e.g. `reference` or `http`. */
  readonly name: string;
  /**
   * Evaluates one input. May answer synchronously (the embedded engine does,
   * to keep the hot path cheap) or asynchronously. Throws {@linkcode TargetError}
   * for expected failures; any other exception counts as unhandled.
   */
  evaluate(request: TargetInput, signal?: AbortSignal): Decision | Promise<Decision>;
  /**
   * True when the target fails a request with a `timeout` TargetError by
   * itself once the configured timeout passes, so callers need not race a
   * timer of their own against every request.
   */
  readonly enforcesTimeout?: boolean;
  /** Releases connections or timers, if any. */
  close?(): void | Promise<void>;
}

/** Kinds of expected target failure, as recorded in error samples. */
export type TargetErrorType =
  | "fault_injected"
  | "timeout"
  | "connection_refused"
  | "connection_error"
  | "http_status"
  | "rate_limited"
  | "response_too_large"
  | "invalid_json"
  | "invalid_decision";

/** An expected, typed failure of a target (counted as a failed request). */
export class TargetError extends Error {
  /** The failure kind. */
  readonly type: TargetErrorType;

  /** Creates a target error of the given kind. */
  constructor(type: TargetErrorType, message: string) {
    super(message);
    this.name = "TargetError";
    this.type = type;
  }
}

/** The outcome of a decision. */
export function outcomeOf(decision: Decision): Outcome {
  if (decision.blocked === true) return "blocked";
  return decision.approval_path === "approved" ? "approved" : "clarification";
}

/**
 * Checks an untrusted value against the decision contract. Returns the
 * decision, or an error message naming the first bad field.
 */
export function validateDecision(value: unknown): Decision | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "decision must be a JSON object";
  }
  const v = value as Record<string, unknown>;
  const c = v.confidence;
  if (typeof c !== "number" || !Number.isFinite(c) || c < 0 || c > 1) {
    return `'confidence' must be a number in 0..1: got ${describe(c)}`;
  }
  if (v.pre_validation !== "passed" && v.pre_validation !== "failed") {
    return `'pre_validation' must be "passed" or "failed": got ${describe(v.pre_validation)}`;
  }
  if (v.approval_path !== "approved" && v.approval_path !== "clarification") {
    return `'approval_path' must be "approved" or "clarification": got ${
      describe(v.approval_path)
    }`;
  }
  if (v.blocked !== undefined && typeof v.blocked !== "boolean") {
    return `'blocked' must be a boolean: got ${describe(v.blocked)}`;
  }
  if (v.clarification_question !== undefined && typeof v.clarification_question !== "string") {
    return `'clarification_question' must be a string: got ${describe(v.clarification_question)}`;
  }
  if (
    v.reasons !== undefined &&
    (!Array.isArray(v.reasons) || !v.reasons.every((r) => typeof r === "string"))
  ) {
    return "'reasons' must be a list of strings";
  }
  const decision: Decision = {
    confidence: c,
    pre_validation: v.pre_validation,
    approval_path: v.approval_path,
  };
  if (v.blocked !== undefined) decision.blocked = v.blocked;
  if (typeof v.clarification_question === "string") {
    decision.clarification_question = v.clarification_question;
  }
  if (Array.isArray(v.reasons)) decision.reasons = v.reasons as string[];
  return decision;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
