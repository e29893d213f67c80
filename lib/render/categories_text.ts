/**
 * The category table (and family table) as terminal text, drawn from the
 * rows of `view/category_rows.ts`; rates over small samples carry their
 * 95 % Wilson interval or read "n too small". Benign over-blocking is shown
 * beside adversarial blocking.
 *
 * @module
 */
import type { RateInterval } from "../analysis/wilson_interval.ts";
import type { CategoryRow, CategoryTable } from "../view/category_rows.ts";
import type { Colors } from "./ansi.ts";
import { fitWidth } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";
import { heading, int, ms, rateCell, table } from "./_text_format.ts";

/** Benign over-blocking above this percentage is called out. */
export const OVER_BLOCKING_WARN = 5;

const HEAD = [
  "n",
  "success",
  "exec avg ms",
  "p95 exec ms",
  "approved",
  "clarif.",
  "blocked",
  "agreement",
  "adv. blocked",
  "benign blocked",
];

function rows(list: readonly CategoryRow[], first: string, total?: CategoryRow): string[][] {
  const out: string[][] = [[first, ...HEAD]];
  for (const r of [...list, ...(total ? [total] : [])]) {
    out.push([
      fitWidth(safeText(r.name, { maxLength: 60 }), 40),
      int(r.requests),
      rateCell(r.success),
      ms(r.exec_avg_ms),
      ms(r.exec_p95_ms),
      rateCell(r.approved),
      rateCell(r.clarification),
      rateCell(r.blocked),
      rateCell(r.agreement),
      rateCell(r.adversarial_blocking),
      rateCell(r.benign_over_blocking),
    ]);
  }
  return out;
}

const RIGHT = [false, true, true, true, true, true, true, true, true, true, true];

/** Renders the categories section. */
export function renderCategoriesText(a: CategoryTable, c: Colors): string {
  const lines = [heading("Categories")];
  if (a.categories.length === 0) {
    lines.push("No requests in the range.");
    return lines.join("\n");
  }
  lines.push(...table(rows(a.categories, "Category", a.total), RIGHT));
  lines.push(
    "Rates are shares of answered requests (success and agreement: of all); [low-high] is the 95% Wilson interval.",
    "Outcomes approved, clarif. and blocked add up to 100%: clarif. is routed to clarification and not blocked.",
  );
  lines.push(
    `Adversarial blocking ${rate(a.adversarial_blocking)} beside benign over-blocking ${
      rate(a.benign_over_blocking)
    } (benign not approved: ${rate(a.benign_not_approved)})`,
  );
  const over = a.benign_over_blocking;
  if (over !== null && over.n >= 10 && over.rate > OVER_BLOCKING_WARN) {
    lines.push(
      c.red(
        `warning: ${
          over.rate.toFixed(1)
        }% of benign requests are blocked: high adversarial blocking here may come from blocking everything`,
      ),
    );
  }
  if (a.families !== null) {
    lines.push("", heading("Families"));
    if (a.families.length === 0) lines.push("No per-family figures in the range.");
    else lines.push(...table(rows(a.families, "Family"), RIGHT));
  }
  return lines.join("\n");
}

function rate(r: RateInterval | null): string {
  if (r === null) return "- (none answered)";
  if (r.n < 10) return `n too small (${r.k}/${r.n})`;
  return `${r.rate.toFixed(1)}% [${r.low.toFixed(1)}-${r.high.toFixed(1)}] of ${int(r.n)}`;
}
