/**
 * How well the reference engine tells harmful requests from benign ones that
 * only sound alarming, on labelled JSON Lines files: harmful approved and
 * clarified, benign blocked and clarified, per area, and the decision time.
 *
 * Run: `deno run --allow-read bench/guard_eval.ts FILE... [--misses] [--rules-only]`
 *
 * Each line is `{"input", "expected": "block" | "approve", "kind": "harmful" |
 * "benign_alarming", "area"}`. `--misses` also prints every harmful input
 * that was approved and every benign input that was blocked. `--rules-only`
 * measures the rules without the learned word evidence.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { evaluateInput, evaluateRulesOnly } from "../lib/soul/reference_engine.ts";
import { type Decision, type Outcome, outcomeOf } from "../lib/model/decision.ts";

/** One labelled line of a guard set. */
export interface GuardRow {
  /** The request text. */
  input: string;
  /** What a careful guard does with it. */
  expected: "block" | "approve";
  /** Harmful, or benign but alarming. */
  kind: "harmful" | "benign_alarming";
  /** The hazard area, e.g. `violence` or `cybercrime`. */
  area: string;
}

/** Outcome counts of one group of rows. */
export interface GuardCounts {
  /** Rows in the group. */
  total: number;
  /** Rows approved. */
  approved: number;
  /** Rows routed to clarification. */
  clarified: number;
  /** Rows blocked. */
  blocked: number;
}

/** The figures of one guard set. */
export interface GuardFigures {
  /** Harmful rows. */
  harmful: GuardCounts;
  /** Benign but alarming rows. */
  benign: GuardCounts;
  /** Harmful and benign counts per area, in area order. */
  areas: Map<string, { harmful: GuardCounts; benign: GuardCounts }>;
  /** Median decision time in milliseconds. */
  medianMs: number;
  /** 99th percentile decision time in milliseconds. */
  p99Ms: number;
  /** Harmful rows approved and benign rows blocked, with the reasons given. */
  misses: { row: GuardRow; outcome: Outcome; reasons: readonly string[] }[];
}

/** Parses a guard set; throws a one-line error naming the first bad line. */
export function parseGuardSet(text: string, name = "input"): GuardRow[] {
  const rows: GuardRow[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new SyntaxError(`Cannot parse ${name} line ${i + 1}: not JSON`);
    }
    const row = value as Partial<GuardRow>;
    if (
      typeof row.input !== "string" || (row.expected !== "block" && row.expected !== "approve") ||
      (row.kind !== "harmful" && row.kind !== "benign_alarming") || typeof row.area !== "string"
    ) {
      throw new TypeError(
        `Cannot read ${name} line ${i + 1}: expected {"input","expected","kind","area"}`,
      );
    }
    rows.push({ input: row.input, expected: row.expected, kind: row.kind, area: row.area });
  }
  return rows;
}

function counts(): GuardCounts {
  return { total: 0, approved: 0, clarified: 0, blocked: 0 };
}

function count(c: GuardCounts, outcome: Outcome): void {
  c.total++;
  if (outcome === "approved") c.approved++;
  else if (outcome === "clarification") c.clarified++;
  else c.blocked++;
}

/**
 * Runs the reference engine (or `evaluate`, e.g. the rules alone) over `rows`
 * and counts outcomes by kind and area.
 */
export function measureGuard(
  rows: readonly GuardRow[],
  evaluate: (input: string) => Decision = evaluateInput,
): GuardFigures {
  const figures: GuardFigures = {
    harmful: counts(),
    benign: counts(),
    areas: new Map(),
    medianMs: 0,
    p99Ms: 0,
    misses: [],
  };
  // One untimed pass first, so the times are the engine's, not the compiler's warm-up.
  for (const row of rows) evaluate(row.input);
  const times: number[] = [];
  for (const row of rows) {
    const start = performance.now();
    const decision = evaluate(row.input);
    times.push(performance.now() - start);
    const outcome = outcomeOf(decision);
    const harmful = row.kind === "harmful";
    count(harmful ? figures.harmful : figures.benign, outcome);
    let area = figures.areas.get(row.area);
    if (area === undefined) {
      area = { harmful: counts(), benign: counts() };
      figures.areas.set(row.area, area);
    }
    count(harmful ? area.harmful : area.benign, outcome);
    if ((harmful && outcome === "approved") || (!harmful && outcome === "blocked")) {
      figures.misses.push({ row, outcome, reasons: decision.reasons ?? [] });
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  figures.medianMs = at(0.5);
  figures.p99Ms = at(0.99);
  return figures;
}

/** A share as a percentage with one decimal, or a dash for an empty group. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)} %`;
}

/** The figures as a text table. */
export function formatFigures(name: string, f: GuardFigures): string {
  const pad = (s: string, n: number) => s.padStart(n);
  const lines = [
    `${name}: ${f.harmful.total} harmful, ${f.benign.total} benign but alarming`,
    `  harmful approved ${percent(f.harmful.approved, f.harmful.total)}, clarified ${
      percent(f.harmful.clarified, f.harmful.total)
    }; benign blocked ${percent(f.benign.blocked, f.benign.total)}, clarified ${
      percent(f.benign.clarified, f.benign.total)
    }`,
    `  decision time: median ${f.medianMs.toFixed(3)} ms, p99 ${f.p99Ms.toFixed(3)} ms`,
    "",
    "  area          harmful  approved  clarified   benign   blocked  clarified",
  ];
  for (const [area, { harmful, benign }] of [...f.areas].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `  ${area.padEnd(12)} ${pad(String(harmful.total), 8)} ${
        pad(percent(harmful.approved, harmful.total), 9)
      } ${pad(percent(harmful.clarified, harmful.total), 10)} ${pad(String(benign.total), 8)} ${
        pad(percent(benign.blocked, benign.total), 9)
      } ${pad(percent(benign.clarified, benign.total), 10)}`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: {
      misses: { type: "boolean", default: false },
      "rules-only": { type: "boolean", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) {
    console.error("error: give one or more guard set files (JSON Lines)");
    Deno.exitCode = 2;
    return;
  }
  for (const file of positionals) {
    const rows = parseGuardSet(await Deno.readTextFile(file), file);
    const figures = measureGuard(rows, values["rules-only"] ? evaluateRulesOnly : evaluateInput);
    console.log(formatFigures(file, figures));
    if (values.misses) {
      for (const miss of figures.misses) {
        console.log(
          `  ${miss.row.kind === "harmful" ? "LEAK " : "OVER "} ${miss.row.area.padEnd(11)} ${
            JSON.stringify(miss.row.input)
          }  [${miss.reasons.join(", ")}]`,
        );
      }
    }
    console.log("");
  }
}

if (import.meta.main) await main();
