/**
 * The summary section as terminal text (pure: returns a string).
 *
 * @module
 */
import type { SummaryAnalysis } from "../analysis/summary_analysis.ts";
import type { Colors } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";
import { heading, int, ms, num, pct, table, time } from "./_text_format.ts";
import { formatDuration } from "../fmt/duration.ts";

const BAR = "█";

/** Renders the summary section. */
export function renderSummaryText(a: SummaryAnalysis, c: Colors): string {
  const s = a.summary;
  const lines: string[] = [heading("Summary")];
  if (s.total_requests === 0) {
    lines.push("No requests in the range.");
    lines.push(...alerts(a, c));
    lines.push(...runs(a, c));
    return lines.join("\n");
  }
  const dist = (d: typeof s.execution_time) =>
    `avg ${ms(d.average)}  min ${ms(d.min)}  p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  p99 ${
      ms(d.p99)
    }  max ${ms(d.max)} ms`;
  const rows: string[][] = [
    [
      "Requests",
      `${int(s.total_requests)} (${int(s.successful_requests)} ok, ${
        int(s.failed_requests)
      } failed)${a.throughput_rps === null ? "" : `, ${a.throughput_rps.toFixed(1)} req/s`}`,
    ],
    ["Success rate", colorRate(c, s.success_rate, 90, "higher")],
    ["Error rate", colorRate(c, s.error_rate, 5, "lower")],
    ["Unhandled exceptions", s.unhandled_exceptions > 0 ? c.red(int(s.unhandled_exceptions)) : "0"],
    ["Execution time", dist(s.execution_time)],
    ["Latency", dist(s.latency)],
    [
      "Confidence",
      `mean ${num(s.confidence.mean, 3)}  std ${num(s.confidence.std_dev, 3)}  min ${
        num(s.confidence.min, 3)
      }  max ${num(s.confidence.max, 3)}`,
    ],
    [
      "Pre-validation",
      `pass rate ${pct(s.pre_validation.pass_rate)} (${int(s.pre_validation.passed)} passed, ${
        int(s.pre_validation.failed)
      } failed; target 30-40%)`,
    ],
    [
      "Outcomes",
      `approved ${pct(a.outcomes.approved)}, clarification ${
        pct(a.outcomes.clarification)
      }, blocked ${pct(a.outcomes.blocked)} of answered (healthy: ~50-60% approved)`,
    ],
    ["Clarification rate", `${pct(s.clarification_rate)} (routed to clarification, not blocked)`],
    [
      "Adversarial blocking",
      `${colorRate(c, s.adversarial_block_rate, 90, "higher")}  (benign over-blocking ${
        pct(s.benign_over_block_rate)
      })`,
    ],
    ["Agreement", `${pct(s.agreement_rate)} of outcomes as expected`],
    ["Health", health(a, c)],
    [
      "Apdex",
      a.apdex.score === null
        ? "-"
        : `${a.apdex.score.toFixed(2)} ${a.apdex.rating} (T = ${a.apdex.t_ms} ms latency)`,
    ],
  ];
  lines.push(...table(rows, []));
  lines.push("Confidence histogram:");
  lines.push(...confidenceHistogram(a.confidence_bins));
  lines.push(...alerts(a, c));
  lines.push(...runs(a, c));
  return lines.join("\n");
}

function colorRate(
  c: Colors,
  v: number | null,
  limit: number,
  better: "higher" | "lower",
): string {
  const text = pct(v, 2);
  if (v === null) return text;
  const bad = better === "higher" ? v < limit : v > limit;
  return bad ? c.red(text) : c.green(text);
}

function health(a: SummaryAnalysis, c: Colors): string {
  const h = a.health;
  if (h === null) return "- (no requests)";
  const paint = h.grade === "Excellent" || h.grade === "Good"
    ? c.green
    : h.grade === "Fair"
    ? c.yellow
    : c.red;
  const sec = h.components.security === null ? "-" : h.components.security.toFixed(1);
  return `${paint(`${h.score} ${h.grade}`)} (success ${h.components.success.toFixed(1)}, errors ${
    h.components.errors.toFixed(1)
  }, security ${sec})`;
}

/** The confidence bins as a small text histogram, one line per bin. */
export function confidenceHistogram(bins: readonly number[], width = 30): string[] {
  const max = bins.reduce((m, n) => Math.max(m, n), 0);
  const total = bins.reduce((m, n) => m + n, 0);
  return bins.map((n, i) => {
    const lo = (i / bins.length).toFixed(1);
    const hi = ((i + 1) / bins.length).toFixed(1);
    const len = max > 0 ? Math.round((n / max) * width) : 0;
    const bar = BAR.repeat(len === 0 && n > 0 ? 1 : len);
    const share = total > 0 ? `${((100 * n) / total).toFixed(1)}%` : "-";
    return `  ${lo}-${hi} ${bar.padEnd(width)} ${int(n).padStart(9)} ${share.padStart(6)}`;
  });
}

function alerts(a: SummaryAnalysis, c: Colors): string[] {
  if (a.alerts.length === 0) return ["Active alerts: none"];
  const out = [`Active alerts: ${a.alerts.length}`];
  for (const al of a.alerts) {
    const sev = al.severity === "HIGH" ? c.red("HIGH  ") : c.yellow("MEDIUM");
    out.push(
      `  ${sev} ${al.status.padEnd(7)} ${safeText(al.rule_id)}: ${safeText(al.message)}${
        al.since ? ` (since ${time(al.since)})` : ""
      }`,
    );
  }
  return out;
}

function runs(a: SummaryAnalysis, c: Colors): string[] {
  const out: string[] = [];
  for (const s of a.sources) {
    const state = s.state === "stale"
      ? c.red(`stale (no update for ${formatDuration(s.age_s * 1000)})`)
      : s.state === "running"
      ? c.green("running")
      : "stopped";
    const seeds = s.runs.map((r) => `${safeText(r.run_id, { maxLength: 40 })} seed ${r.seed}`)
      .join(", ");
    out.push(
      `Run: ${state}, level ${s.load_level} (${s.interval_ms.min}-${s.interval_ms.max} ms), target ${
        safeText(s.target, { maxLength: 40 })
      }, updated ${time(s.updated_at)}${a.sources.length > 1 ? ` [${safeText(s.path)}]` : ""}`,
    );
    if (seeds) out.push(`  runs: ${seeds}`);
  }
  if (a.load_levels.length > 0) {
    out.push(
      `Load levels in range: ${
        a.load_levels.map((l) => `L${l.level} ${int(l.requests)} req / ${l.reports} reports`)
          .join(", ")
      }`,
    );
  }
  return out;
}
