/**
 * The errors section as terminal text: failures by type, then groups by
 * normalised message with first and last seen, categories affected and
 * example requests with the run's seed. Every string from the file goes
 * through {@linkcode safeText}.
 *
 * @module
 */
import type { ErrorAnalysis } from "../analysis/error_analysis.ts";
import type { Colors } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";
import { heading, int, time } from "./_text_format.ts";

/** Renders the errors section. */
export function renderErrorsText(a: ErrorAnalysis, c: Colors, total: number): string {
  const lines = [heading("Errors")];
  const share = total > 0 ? ` (${((100 * a.failed) / total).toFixed(2)}%)` : "";
  lines.push(
    `Failed ${int(a.failed)} of ${int(total)}${share}, unhandled exceptions ${
      a.unhandled > 0 ? c.red(int(a.unhandled)) : "0"
    }`,
  );
  const types = Object.entries(a.by_type);
  if (types.length > 0) {
    lines.push(
      `By type: ${types.map(([t, n]) => `${safeText(t, { maxLength: 40 })} ${int(n)}`).join(", ")}`,
    );
  }
  if (a.groups.length === 0) {
    lines.push(a.failed > 0 ? "No error samples kept in the range." : "No errors.");
    return lines.join("\n");
  }
  lines.push(
    `${a.groups.length} group${a.groups.length === 1 ? "" : "s"} from ${
      int(a.samples)
    } recent sample${a.samples === 1 ? "" : "s"} (the file keeps the most recent ones):`,
  );
  for (const g of a.groups) {
    lines.push(
      `  ${int(g.count)}x ${safeText(g.type, { maxLength: 40 })}: ${
        safeText(g.message, { maxLength: 160 })
      }`,
    );
    const cats = Object.entries(g.categories).sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${safeText(k, { maxLength: 40 })} ${n}`).join(", ");
    lines.push(`     first ${time(g.first_seen)}, last ${time(g.last_seen)}; categories: ${cats}`);
    for (const e of g.examples) {
      lines.push(
        `     e.g. ${safeText(e.request_id, { maxLength: 60 })} (seq ${e.seq}, run ${
          safeText(e.run_id, { maxLength: 40 })
        }, seed ${e.seed}, ${safeText(e.category, { maxLength: 40 })}/${
          safeText(e.family, { maxLength: 40 })
        }) input: "${safeText(e.input_preview, { maxLength: 60 })}"`,
      );
    }
  }
  const ex = a.groups[0]?.examples[0];
  if (ex !== undefined) {
    lines.push(
      `Reproduce: rerun the simulator with --seed ${ex.seed} (same seed and config, same traffic; request seq ${ex.seq})`,
    );
  }
  return lines.join("\n");
}
