/**
 * The `--check` verdict as terminal text.
 *
 * @module
 */
import type { CheckAnalysis } from "../analysis/check_analysis.ts";
import type { Colors } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";
import { heading } from "./_text_format.ts";

/** Renders the alert gate: which alerts hold and why, and the verdict. */
export function renderCheckText(a: CheckAnalysis, c: Colors): string {
  const lines = [heading("Check")];
  for (const f of a.findings) {
    const sev = f.severity === "HIGH" ? c.red("HIGH  ") : c.yellow("MEDIUM");
    lines.push(`  ${sev} ${safeText(f.rule_id)}: ${safeText(f.message, { maxLength: 200 })}`);
  }
  if (a.insufficient.length > 0) {
    lines.push(
      `  no verdict (too few requests in the range): ${
        a.insufficient.map((r) => `${safeText(r.rule_id)} (needs ${r.min_samples})`).join(", ")
      }`,
    );
  }
  const high = a.findings.filter((f) => f.severity === "HIGH").length;
  const medium = a.findings.length - high;
  const rules = a.findings.length + a.passed.length + a.insufficient.length;
  const holds = (n: number, sev: string) => `${n} ${sev} alert${n === 1 ? " holds" : "s hold"}`;
  if (a.exit_code !== 0) {
    const what = high > 0 ? holds(high, "HIGH") : `${holds(medium, "MEDIUM")} (--strict)`;
    lines.push(c.red(`FAIL: ${what} (exit ${a.exit_code})`));
  } else {
    const scope = a.strict ? "HIGH or MEDIUM" : "HIGH";
    const note = medium > 0 ? `; ${holds(medium, "MEDIUM")}` : "";
    lines.push(
      c.green(`PASS: no ${scope} alert holds (${a.passed.length} of ${rules} rules passed${note})`),
    );
  }
  return lines.join("\n");
}
