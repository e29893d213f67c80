/**
 * CPU time of the reference engine per decision over the default traffic mix:
 * a figure that a busy shared machine disturbs less than wall-clock time.
 * Each run decides the same 20,000 generated inputs five times (after two
 * warm-up passes) and reads the process's CPU seconds from /proc before and
 * after; the median over the runs is printed.
 *
 * Run: `deno run -A bench/engine_cpu.ts [--runs N] [--rules-only]`
 * (`--rules-only`: the rules without the learned word evidence, to price it)
 *
 * @module
 */
import { parseArgs } from "node:util";
import { evaluateInput, evaluateRulesOnly } from "../lib/soul/reference_engine.ts";
import { createGenerator } from "../lib/traffic/generator.ts";
import { cpuSeconds, median } from "./_measure.ts";

const INPUTS = 20_000;
const PASSES = 5;

/** CPU microseconds per decision over `passes` passes of `inputs`. */
async function cpuPerDecision(
  inputs: readonly string[],
  passes: number,
  evaluate: (input: string) => unknown,
): Promise<number> {
  const before = await cpuSeconds(Deno.pid);
  for (let p = 0; p < passes; p++) for (const input of inputs) evaluate(input);
  const after = await cpuSeconds(Deno.pid);
  if (before === null || after === null) throw new Error("Cannot read CPU time from /proc");
  return (after - before) / (passes * inputs.length) * 1e6;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { runs: { type: "string" }, "rules-only": { type: "boolean" } },
  });
  const evaluate = values["rules-only"] ? evaluateRulesOnly : evaluateInput;
  const runs = Number(values.runs ?? "3");
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`error: --runs must be a whole number of at least 1, got ${values.runs}`);
    Deno.exit(2);
  }
  const generator = createGenerator({ seed: 1 });
  const inputs: string[] = [];
  for (let i = 0; i < INPUTS; i++) inputs.push(generator.next().input);
  for (let p = 0; p < 2; p++) for (const input of inputs) evaluate(input);
  const figures: number[] = [];
  for (let r = 0; r < runs; r++) figures.push(await cpuPerDecision(inputs, PASSES, evaluate));
  console.log(
    `CPU per decision over the default mix: median ${median(figures).toFixed(1)} µs ` +
      `(runs: ${figures.map((f) => f.toFixed(1)).join(", ")})`,
  );
}
