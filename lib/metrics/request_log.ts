/**
 * The rolling in-memory request log (10,000 entries by default): the most
 * recent request records, kept in fixed columns (typed arrays and arrays of
 * shared strings) rather than as one object per request. Retaining thousands
 * of small objects would push every record into the old generation and make
 * the garbage collector, not the traffic, the simulator's main cost; columns
 * keep memory flat and the hot path cheap. For the same reason request ids
 * are not stored: they are `r-<seq>` (see {@linkcode requestId}) and are
 * rebuilt when records are read.
 *
 * @module
 */
import type { Category, Expected } from "../model/category.ts";
import type { ApprovalPath, Outcome, PreValidation } from "../model/decision.ts";
import type { RecordError, RequestRecord } from "../model/record.ts";
import { requestId } from "../model/request.ts";

const OUTCOME_CODES: readonly (Outcome | null)[] = [null, "approved", "clarification", "blocked"];
const SUCCESS = 1;
const PASSED = 2;
const APPROVED_PATH = 4;
const UNHANDLED = 8;
const ANSWERED = 16;
const CLARIFICATION = 32;

/** Keeps the most recent `capacity` request records. */
export class RequestLog {
  /** Most records held. */
  readonly capacity: number;
  #next = 0;
  #size = 0;
  #pushed = 0;
  readonly #seq: Float64Array;
  readonly #category: Category[];
  readonly #family: string[];
  readonly #expected: Expected[];
  readonly #flags: Uint8Array;
  readonly #outcome: Uint8Array;
  readonly #confidence: Float64Array;
  readonly #execution: Float64Array;
  readonly #latency: Float64Array;
  readonly #lag: Float64Array;
  readonly #at: Float64Array;
  readonly #errors: (RecordError | null)[];

  /** Creates an empty log holding at most `capacity` records. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create request log as 'capacity' must be a positive integer: current value is ${capacity}`,
      );
    }
    this.capacity = capacity;
    this.#seq = new Float64Array(capacity);
    this.#category = new Array<Category>(capacity).fill("simple");
    this.#family = new Array<string>(capacity).fill("");
    this.#expected = new Array<Expected>(capacity).fill("approve");
    this.#flags = new Uint8Array(capacity);
    this.#outcome = new Uint8Array(capacity);
    this.#confidence = new Float64Array(capacity);
    this.#execution = new Float64Array(capacity);
    this.#latency = new Float64Array(capacity);
    this.#lag = new Float64Array(capacity);
    this.#at = new Float64Array(capacity);
    this.#errors = new Array<RecordError | null>(capacity).fill(null);
  }

  /** Records held. */
  get size(): number {
    return this.#size;
  }

  /** Records ever pushed. */
  get pushed(): number {
    return this.#pushed;
  }

  /** Adds a record, dropping the oldest when full. The record object is not kept. */
  push(r: RequestRecord): void {
    const i = this.#next;
    this.#seq[i] = r.seq;
    this.#category[i] = r.category;
    this.#family[i] = r.family;
    this.#expected[i] = r.expected;
    this.#flags[i] = (r.success ? SUCCESS : 0) | (r.pre_validation === "passed" ? PASSED : 0) |
      (r.approval_path === "approved" ? APPROVED_PATH : 0) | (r.unhandled ? UNHANDLED : 0) |
      (r.approval_path !== null ? ANSWERED : 0) | (r.clarification ? CLARIFICATION : 0);
    this.#outcome[i] = r.outcome === null ? 0 : OUTCOME_CODES.indexOf(r.outcome);
    this.#confidence[i] = r.confidence ?? NaN;
    this.#execution[i] = r.execution_time;
    this.#latency[i] = r.latency;
    this.#lag[i] = r.schedule_lag;
    this.#at[i] = r.at;
    this.#errors[i] = r.error;
    this.#next = (i + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    this.#pushed++;
  }

  /** The most recent `n` records (all by default), oldest first, as record objects. */
  last(n: number = this.capacity): RequestRecord[] {
    const count = Math.max(0, Math.min(n, this.#size));
    const out: RequestRecord[] = [];
    for (let k = count; k > 0; k--) {
      out.push(this.#read((this.#next - k + this.capacity) % this.capacity));
    }
    return out;
  }

  #read(i: number): RequestRecord {
    const flags = this.#flags[i] ?? 0;
    const answered = (flags & ANSWERED) !== 0;
    const approvalPath: ApprovalPath | null = answered
      ? ((flags & APPROVED_PATH) !== 0 ? "approved" : "clarification")
      : null;
    const preValidation: PreValidation | null = answered
      ? ((flags & PASSED) !== 0 ? "passed" : "failed")
      : null;
    const confidence = this.#confidence[i] ?? NaN;
    return {
      id: requestId(this.#seq[i] ?? 0),
      seq: this.#seq[i] ?? 0,
      category: this.#category[i] ?? "simple",
      family: this.#family[i] ?? "",
      expected: this.#expected[i] ?? "approve",
      success: (flags & SUCCESS) !== 0,
      confidence: Number.isNaN(confidence) ? null : confidence,
      pre_validation: preValidation,
      approval_path: approvalPath,
      clarification: (flags & CLARIFICATION) !== 0,
      outcome: OUTCOME_CODES[this.#outcome[i] ?? 0] ?? null,
      execution_time: this.#execution[i] ?? 0,
      latency: this.#latency[i] ?? 0,
      schedule_lag: this.#lag[i] ?? 0,
      at: this.#at[i] ?? 0,
      error: this.#errors[i] ?? null,
      unhandled: (flags & UNHANDLED) !== 0,
    };
  }
}
