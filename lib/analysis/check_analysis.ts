/**
 * The `--check` gate: the alert rules evaluated once over the range's merged
 * summary, plus stale files, plus (with several files or store shards) the
 * same rules evaluated once over each source's own range, so that a shard
 * misbehaving while the merged figures pass still fails the gate; with the
 * exit code a cron job or CI reads (0 passed, 1 a HIGH alert holds, or a
 * MEDIUM one under `--strict`).
 *
 * @module
 */
import { checkSummary } from "../alerts/evaluate.ts";
import { type AlertRule, DEFAULT_RULES, type Severity } from "../alerts/rules.ts";
import type { Summary } from "../model/stats_data.ts";
import type { SourceState } from "./dataset_fold.ts";
import { breachOf, type SourceBreakdown } from "./summary_analysis.ts";
import { formatDuration } from "../fmt/duration.ts";

/** Exit code when a gating alert holds. */
export const EXIT_CHECK_FAILED = 1;

/** One alert that holds over the range. */
export interface CheckFinding {
  /** Rule id. */
  rule_id: string;
  /** Priority. */
  severity: Severity;
  /** Value read (null for a stale file). */
  value: number | null;
  /** Why, in one line (may name a file path: sanitise before printing). */
  message: string;
  /** The file or shard it holds for alone, absent when it holds for the merged range. */
  source?: string;
}

/** Options for {@linkcode analyzeCheck}. */
export interface CheckOptions {
  /** Whether MEDIUM alerts fail the check too. @default {false} */
  strict?: boolean;
  /** Alert rules. @default {DEFAULT_RULES} */
  rules?: readonly AlertRule[];
  /**
   * Each source's own figures (the summary's `per_source`): a rule one of
   * them breaches over the range is a finding naming it.
   * @default {[]}
   */
  perSource?: readonly SourceBreakdown[];
  /**
   * Findings of other gates (the baseline comparison's guard regressions),
   * counted like alerts of their severity.
   * @default {[]}
   */
  more?: readonly CheckFinding[];
}

/** The check result. */
export interface CheckAnalysis {
  /** Whether MEDIUM alerts fail the check too. */
  strict: boolean;
  /** Alerts that hold. */
  findings: CheckFinding[];
  /** Rules without a verdict (too few requests in the range). */
  insufficient: { rule_id: string; severity: Severity; min_samples: number }[];
  /** Ids of the rules checked and passed. */
  passed: string[];
  /** 0 or {@linkcode EXIT_CHECK_FAILED}. */
  exit_code: number;
}

/**
 * Evaluates the rules over a range summary and the files' states, and
 * collects the alerts firing for any one source alone.
 */
export function analyzeCheck(
  summary: Summary,
  sources: readonly SourceState[],
  options: CheckOptions = {},
): CheckAnalysis {
  const result = checkSummary(summary, options.rules ?? DEFAULT_RULES);
  const findings: CheckFinding[] = result.breaches.map(breachOf);
  for (const s of sources) {
    if (s.state !== "stale") continue;
    findings.push({
      rule_id: "stale_metrics",
      severity: "HIGH",
      value: s.age_s,
      message: `No update to '${s.path}' for ${
        formatDuration(s.age_s * 1000)
      } while the simulator is marked running`,
    });
  }
  // Each source's range judged as the merged range is (a stale source is a finding above).
  for (const row of options.perSource ?? []) {
    for (const breach of row.breaches) {
      findings.push({ ...breach, message: `${row.label}: ${breach.message}`, source: row.label });
    }
  }
  findings.push(...options.more ?? []);
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "HIGH" ? -1 : 1));
  const strict = options.strict ?? false;
  const failing = findings.some((f) => f.severity === "HIGH" || strict);
  return {
    strict,
    findings,
    insufficient: result.insufficient.map((r) => ({
      rule_id: r.id,
      severity: r.severity,
      min_samples: r.min_samples,
    })),
    passed: result.passed.map((r) => r.id),
    exit_code: failing ? EXIT_CHECK_FAILED : 0,
  };
}
