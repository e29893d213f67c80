/**
 * The run's verdict as terminal text, at most 100 columns: one line per
 * rule (✓ passed, ✗ failed, · no verdict) with its value and threshold over
 * the run, then health, Apdex, end-to-end latency, the guard pair and the
 * gate's result.
 *
 * @module
 */
import type { RunVerdict } from "../analysis/run_verdict.ts";
import type { Colors } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";

/** Options for {@linkcode renderVerdictText}. */
export interface VerdictTextOptions {
  /** Whether `--check` was given: the last line then says the exit code. @default {false} */
  check?: boolean;
  /** The metrics file, to name the visualizer call that judges the same way; none when absent. */
  file?: string;
}

/** Renders the verdict. */
export function renderVerdictText(
  v: RunVerdict,
  c: Colors,
  options: VerdictTextOptions = {},
): string {
  const lines = [c.bold(`Verdict over ${v.requests} requests since ${v.since}`)];
  const idWidth = Math.min(28, Math.max(...v.rules.map((r) => r.rule_id.length), 4));
  for (const r of v.rules) {
    const mark = r.status === "pass" ? c.green("✓") : r.status === "fail" ? c.red("✗") : c.dim("·");
    const sev = r.severity === "HIGH" ? "HIGH  " : "MEDIUM";
    const id = safeText(r.rule_id, { maxLength: idWidth }).padEnd(idWidth);
    const value = safeText(r.value).padStart(10);
    const note = r.status === "none" ? c.dim("  (too few requests)") : "";
    lines.push(`  ${mark} ${sev} ${id} ${value}  ${r.threshold}${note}`);
  }
  const h = v.health;
  const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x.toFixed(2)} ms`;
  const pct = (x: number | null) => (x === null ? "-" : `${x.toFixed(1)}%`);
  lines.push(
    `  health ${h === null ? "-" : `${h.score.toFixed(1)} (${h.grade})`}   Apdex ${
      v.apdex.score === null ? "-" : `${v.apdex.score.toFixed(2)} (${v.apdex.rating})`
    }`,
    `  latency p50 ${ms(v.latency.p50)}  p95 ${ms(v.latency.p95)}  p99 ${ms(v.latency.p99)}  max ${
      ms(v.latency.max)
    }`,
    `  adversarial blocked ${pct(v.adversarial_block_rate)}   benign over-blocked ${
      pct(v.benign_over_block_rate)
    }`,
  );
  if (options.file !== undefined) {
    lines.push(c.dim(
      `  same gate: deno task visualize --file ${
        safeText(options.file)
      } --check --since ${v.since}`,
    ));
  }
  const failed = (sev: string) =>
    v.rules.filter((r) => r.status === "fail" && r.severity === sev).length;
  const high = failed("HIGH");
  const medium = failed("MEDIUM");
  const count = (n: number, sev: string) => `${n} ${sev} rule${n === 1 ? "" : "s"} failed`;
  const parts = [high > 0 ? count(high, "HIGH") : "", medium > 0 ? count(medium, "MEDIUM") : ""]
    .filter((p) => p !== "");
  const what = parts.length === 0 ? "every rule with a verdict passed" : parts.join(", ");
  if (options.check) {
    const exit = v.check.exit_code;
    lines.push(
      exit === 0 ? c.green(`PASS: ${what} (exit 0)`) : c.red(`FAIL: ${what} (exit ${exit})`),
    );
  } else {
    lines.push(high + medium > 0 ? c.yellow(`${what} (--check exits 1 on HIGH)`) : c.green(what));
  }
  return lines.join("\n");
}
