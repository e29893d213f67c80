/**
 * Mergeable aggregates of request records, and the summary derived from
 * them with the product description's field names (`success_rate` and
 * `error_rate` in percent, `execution_time.average` in ms, ...).
 *
 * `Stats` is the accumulator; `StatsData` its JSON form, stored in the
 * metrics file so that reports, ranges of reports and whole files merge
 * exactly; `Summary` is what people and threshold checks read.
 *
 * @module
 */
import {
  CONFIDENCE_BINS,
  type ConfidenceData,
  type Confusion,
  type DistributionSummary,
  type StatsData,
  type Summary,
} from "../model/stats_data.ts";
import { type Expected, EXPECTED_OUTCOMES } from "../model/category.ts";
import { type Outcome, OUTCOMES } from "../model/decision.ts";
import { Histogram, type HistogramOptions } from "./histogram.ts";
import type { RequestRecord } from "../model/record.ts";

function emptyConfusion(): Confusion {
  const row = () => ({ approved: 0, clarification: 0, blocked: 0, error: 0 });
  return { approve: row(), clarify: row(), block: row() };
}

function outcomeMatches(expected: Expected, outcome: Outcome): boolean {
  return (expected === "approve" && outcome === "approved") ||
    (expected === "clarify" && outcome === "clarification") ||
    (expected === "block" && outcome === "blocked");
}

/** The counts of a {@linkcode Stats}, without its histograms. */
type StatsCounts = Pick<
  Stats,
  | "total"
  | "successful"
  | "failed"
  | "unhandled"
  | "confidence"
  | "preValidation"
  | "approvalPath"
  | "outcomes"
  | "adversarial"
  | "benign"
  | "confusion"
  | "errors"
>;

/** A mergeable aggregate of request records. */
export class Stats {
  total = 0;
  successful = 0;
  failed = 0;
  unhandled = 0;
  readonly executionTime: Histogram;
  readonly latency: Histogram;
  confidence: ConfidenceData = { count: 0, sum: 0, sum_sq: 0, min: 0, max: 0, bins: zeros() };
  preValidation = { passed: 0, failed: 0 };
  approvalPath = { approved: 0, clarification: 0 };
  outcomes: Record<Outcome, number> = { approved: 0, clarification: 0, blocked: 0 };
  adversarial = { total: 0, answered: 0, not_approved: 0 };
  benign = { total: 0, answered: 0, blocked: 0 };
  confusion: Confusion = emptyConfusion();
  errors: Record<string, number> = {};

  /** Creates an empty aggregate. */
  constructor(options: HistogramOptions = {}) {
    this.executionTime = new Histogram(options);
    this.latency = new Histogram(options);
  }

  /** Rebuilds an aggregate from its JSON form (already validated). */
  static fromData(data: StatsData): Stats {
    const s = new Stats({ accuracy: data.execution_time.accuracy });
    s.total = data.total_requests;
    s.successful = data.successful_requests;
    s.failed = data.failed_requests;
    s.unhandled = data.unhandled_exceptions;
    s.executionTime.merge(Histogram.fromData(data.execution_time));
    s.latency.merge(Histogram.fromData(data.latency));
    s.confidence = { ...data.confidence, bins: data.confidence.bins.slice() };
    s.preValidation = { ...data.pre_validation };
    s.approvalPath = { ...data.approval_path };
    s.outcomes = { ...data.outcomes };
    s.adversarial = { ...data.adversarial };
    s.benign = { ...data.benign };
    s.confusion = {
      approve: { ...data.confusion.approve },
      clarify: { ...data.confusion.clarify },
      block: { ...data.confusion.block },
    };
    s.errors = { ...data.errors };
    return s;
  }

  /** Adds one request record. */
  add(r: RequestRecord): void {
    this.total++;
    this.executionTime.add(r.execution_time);
    this.latency.add(r.latency);
    const adversarial = r.category === "adversarial";
    const benign = r.expected !== "block";
    if (adversarial) this.adversarial.total++;
    if (benign) this.benign.total++;
    if (!r.success || r.outcome === null) {
      this.failed++;
      if (r.unhandled) this.unhandled++;
      const type = r.error?.type ?? "unknown";
      this.errors[type] = (this.errors[type] ?? 0) + 1;
      this.confusion[r.expected].error++;
      return;
    }
    this.successful++;
    const c = r.confidence ?? 0;
    const conf = this.confidence;
    if (conf.count === 0 || c < conf.min) conf.min = c;
    if (conf.count === 0 || c > conf.max) conf.max = c;
    conf.count++;
    conf.sum += c;
    conf.sum_sq += c * c;
    const bin = Math.min(CONFIDENCE_BINS - 1, Math.max(0, Math.floor(c * CONFIDENCE_BINS)));
    conf.bins[bin] = (conf.bins[bin] ?? 0) + 1;
    if (r.pre_validation === "passed") this.preValidation.passed++;
    else this.preValidation.failed++;
    if (r.approval_path === "approved") this.approvalPath.approved++;
    else this.approvalPath.clarification++;
    this.outcomes[r.outcome]++;
    this.confusion[r.expected][r.outcome]++;
    if (adversarial) {
      this.adversarial.answered++;
      if (r.outcome !== "approved") this.adversarial.not_approved++;
    }
    if (benign) {
      this.benign.answered++;
      if (r.outcome === "blocked") this.benign.blocked++;
    }
  }

  /** Adds every request counted in `other`. */
  merge(other: Stats): void {
    this.executionTime.merge(other.executionTime);
    this.latency.merge(other.latency);
    this.#addCounts(other);
  }

  /**
   * Adds every request counted in an aggregate's JSON form (already
   * validated), as `merge(Stats.fromData(data))` does without building it.
   */
  mergeData(data: StatsData): void {
    this.executionTime.mergeData(data.execution_time);
    this.latency.mergeData(data.latency);
    this.#addCounts({
      total: data.total_requests,
      successful: data.successful_requests,
      failed: data.failed_requests,
      unhandled: data.unhandled_exceptions,
      confidence: data.confidence,
      preValidation: data.pre_validation,
      approvalPath: data.approval_path,
      outcomes: data.outcomes,
      adversarial: data.adversarial,
      benign: data.benign,
      confusion: data.confusion,
      errors: data.errors,
    });
  }

  #addCounts(other: StatsCounts): void {
    this.total += other.total;
    this.successful += other.successful;
    this.failed += other.failed;
    this.unhandled += other.unhandled;
    const a = this.confidence;
    const b = other.confidence;
    if (b.count > 0) {
      a.min = a.count === 0 ? b.min : Math.min(a.min, b.min);
      a.max = a.count === 0 ? b.max : Math.max(a.max, b.max);
      a.count += b.count;
      a.sum += b.sum;
      a.sum_sq += b.sum_sq;
      for (let i = 0; i < CONFIDENCE_BINS; i++) a.bins[i] = (a.bins[i] ?? 0) + (b.bins[i] ?? 0);
    }
    addInto(this.preValidation, other.preValidation);
    addInto(this.approvalPath, other.approvalPath);
    addInto(this.outcomes, other.outcomes);
    addInto(this.adversarial, other.adversarial);
    addInto(this.benign, other.benign);
    for (const e of EXPECTED_OUTCOMES) addInto(this.confusion[e], other.confusion[e]);
    for (const [type, n] of Object.entries(other.errors)) {
      this.errors[type] = (this.errors[type] ?? 0) + n;
    }
  }

  /** The JSON form. */
  toData(): StatsData {
    return {
      total_requests: this.total,
      successful_requests: this.successful,
      failed_requests: this.failed,
      unhandled_exceptions: this.unhandled,
      execution_time: this.executionTime.toData(),
      latency: this.latency.toData(),
      confidence: { ...this.confidence, bins: this.confidence.bins.slice() },
      pre_validation: { ...this.preValidation },
      approval_path: { ...this.approvalPath },
      outcomes: { ...this.outcomes },
      adversarial: { ...this.adversarial },
      benign: { ...this.benign },
      confusion: {
        approve: { ...this.confusion.approve },
        clarify: { ...this.confusion.clarify },
        block: { ...this.confusion.block },
      },
      errors: { ...this.errors },
    };
  }

  /** The derived summary with the product's field names. */
  summary(): Summary {
    const answered = this.successful;
    const conf = this.confidence;
    const mean = conf.count > 0 ? conf.sum / conf.count : null;
    const variance = mean !== null ? Math.max(0, conf.sum_sq / conf.count - mean * mean) : null;
    let agreed = 0;
    for (const e of EXPECTED_OUTCOMES) {
      for (const o of OUTCOMES) if (outcomeMatches(e, o)) agreed += this.confusion[e][o];
    }
    const rates = outcomeRates({ successful_requests: answered, outcomes: this.outcomes });
    return {
      total_requests: this.total,
      successful_requests: this.successful,
      failed_requests: this.failed,
      success_rate: percent(this.successful, this.total),
      error_rate: percent(this.failed, this.total),
      unhandled_exceptions: this.unhandled,
      execution_time: summarizeHistogram(this.executionTime),
      latency: summarizeHistogram(this.latency),
      confidence: {
        mean: round(mean, 4),
        std_dev: variance === null ? null : round(Math.sqrt(variance), 4),
        min: conf.count > 0 ? conf.min : null,
        max: conf.count > 0 ? conf.max : null,
      },
      pre_validation: {
        ...this.preValidation,
        pass_rate: percent(this.preValidation.passed, answered),
      },
      approval_path: {
        ...this.approvalPath,
        approved_rate: rates.approved,
        clarification_rate: rates.clarification,
      },
      clarification_rate: rates.clarification,
      outcomes: { ...this.outcomes },
      adversarial_block_rate: percent(this.adversarial.not_approved, this.adversarial.answered),
      benign_over_block_rate: percent(this.benign.blocked, this.benign.answered),
      agreement_rate: percent(agreed, this.total),
    };
  }
}

/** Shares of the three outcomes, percent of answered requests; null without answers. */
export interface OutcomeRates {
  /** Approved and not blocked. */
  approved: number | null;
  /** Routed to clarification and not blocked. */
  clarification: number | null;
  /** Blocked, whatever the route. */
  blocked: number | null;
}

/**
 * The outcome shares of a summary (or of its JSON aggregate), from its
 * counts: the one definition of the approved and clarification rates. A
 * blocked request is its own outcome, never a clarification, even though
 * a Soul usually blocks on the clarification route; the three shares add
 * up to 100 %. `Summary.clarification_rate` and the rates of
 * `Summary.approval_path` are these shares (the `approval_path` counts stay
 * the raw routes the Soul answered). Computed from the counts, so a file
 * written before this definition reads the same way.
 */
export function outcomeRates(
  counts: Pick<Summary, "successful_requests" | "outcomes">,
): OutcomeRates {
  const answered = counts.successful_requests;
  return {
    approved: percent(counts.outcomes.approved, answered),
    clarification: percent(counts.outcomes.clarification, answered),
    blocked: percent(counts.outcomes.blocked, answered),
  };
}

/** Builds a summary straight from the JSON form. */
export function summarizeStats(data: StatsData): Summary {
  return Stats.fromData(data).summary();
}

/** `part / whole` in percent rounded to 0.01, or null when `whole` is 0. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? round((100 * part) / whole, 2) : null;
}

/** Average, min, max and p50/p95/p99 of a histogram, rounded to 0.0001. */
export function summarizeHistogram(h: Histogram): DistributionSummary {
  return {
    average: round(h.mean, 4) ?? 0,
    min: round(h.min, 4) ?? 0,
    max: round(h.max, 4) ?? 0,
    p50: round(h.quantile(0.5), 4) ?? 0,
    p95: round(h.quantile(0.95), 4) ?? 0,
    p99: round(h.quantile(0.99), 4) ?? 0,
  };
}

function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function zeros(): number[] {
  return new Array<number>(CONFIDENCE_BINS).fill(0);
}

function addInto<T extends object>(into: T, from: T): void {
  const a = into as Record<string, number>;
  const b = from as Record<string, number>;
  for (const key of Object.keys(b)) a[key] = (a[key] ?? 0) + (b[key] ?? 0);
}
