/**
 * The experiment behind the learned word evidence: how the reference
 * engine's rules combined with the word model ({@linkcode trainGuardWords})
 * score, by k-fold cross-validation within the training data, and (with
 * `--held-out [FILE...]`) on held-out sets with the model trained on all
 * training data: the files named, or else the held-out parts (every fourth
 * line) of `dev2.jsonl`, `dev4.jsonl`, `dev5.jsonl` and `dev6.jsonl`.
 *
 * Run: `deno run --allow-read bench/guard_words_experiment.ts [--min-count N] [--steps N]
 * [--l2 X] [--max-features N] [--balance] [--features NAME] [--held-out [FILE...]]`
 * (`--held-out` last)
 *
 * Designs: `rules` alone; `or@T` blocks when the rules block or the model's
 * probability is at least T; `cue@T/U` blocks when the rules block, or the
 * rules saw a sensitive topic or alarming word and the probability is at
 * least T, or it is at least U; `short@T/N` blocks as `or@0.9`, and also
 * requests of at most N words at T; `or@0.86-L` also lifts a rules block
 * below L; `model@T` is the model alone.
 *
 * Feature designs (`--features`): `pieces` (the engine's: words, word pairs
 * and sub-word pieces), `words` (no pieces), `norm+words` and `norm+pieces`
 * (leetspeak restored and spaced-out letters joined first), `pieces+length`
 * (with a bucket of the request's length in words).
 *
 * @module
 */
import { evaluateRulesOnly } from "../lib/soul/reference_engine.ts";
import { percent } from "./guard_eval.ts";
import { guardFeatures, wordFeatures } from "../lib/soul/_guard_features.ts";
import { LEET_WORD, prepareText, unleet } from "../lib/soul/_text.ts";
import { outcomeOf } from "../lib/model/decision.ts";
import {
  featuresOf,
  formatGuardWords,
  guardRows,
  type GuardWordsModel,
  loadGuardRows,
  loadTrainingRows,
  modelScore,
  trainGuardWords,
  type TrainingRow,
  type TrainOptions,
} from "./train_guard_words.ts";

interface Scored {
  row: TrainingRow;
  p: number;
  rulesBlock: boolean;
  rulesApprove: boolean;
  cue: boolean;
  words: number;
}

interface Design {
  name: string;
  blocks(s: Scored): boolean;
}

const DESIGNS: Design[] = [{ name: "rules", blocks: (s) => s.rulesBlock }];
for (const t of [0.8, 0.85, 0.86, 0.88, 0.9, 0.92, 0.95, 0.97]) {
  DESIGNS.push({ name: `or@${t}`, blocks: (s) => s.rulesBlock || s.p >= t });
}
for (const low of [0.01, 0.03]) {
  DESIGNS.push({
    name: `or@0.86-${low}`,
    blocks: (s) => (s.rulesBlock && s.p > low) || s.p >= 0.86,
  });
}
for (const t of [0.5, 0.8, 0.9]) {
  DESIGNS.push({ name: `model@${t}`, blocks: (s) => s.p >= t });
}
for (const [t, u] of [[0.7, 0.9], [0.6, 0.95], [0.8, 0.95], [0.7, 0.97]]) {
  DESIGNS.push({
    name: `cue@${t}/${u}`,
    blocks: (s) => s.rulesBlock || (s.cue && s.p >= (t as number)) || s.p >= (u as number),
  });
}

/** Leetspeak tokens restored and spaced-out letters ("k i l l") joined. */
function normalise(lower: string): string {
  return lower
    .replace(/[a-z0-9@$!|+]+/g, (t) => (LEET_WORD.test(t) ? unleet(t) : t))
    .replace(/\b[a-z](?:[ .\-_*][a-z]){3,}\b/g, (t) => t.replace(/[ .\-_*]/g, ""));
}

/** Words of a request, as split on white space. */
function wordCount(input: string): number {
  return input.split(/\s+/).filter((w) => w !== "").length;
}

/** Feature designs compared by `--features NAME` (the engine's by default). */
const FEATURES: Record<string, (input: string) => string[]> = {
  pieces: featuresOf,
  words: (input) => wordFeatures(prepareText(input).lower),
  "norm+words": (input) => wordFeatures(normalise(prepareText(input).lower)),
  "norm+pieces": (input) => guardFeatures(normalise(prepareText(input).lower)),
  "pieces+length": (input) => {
    const n = wordCount(input);
    const bucket = n <= 3 ? "1-3" : n <= 6 ? "4-6" : n <= 10 ? "7-10" : n <= 20 ? "11-20" : "21+";
    return [...featuresOf(input), `$words:${bucket}`];
  },
};

/** The development sets whose every fourth line is held out from training. */
const HELD_OUT_SETS = ["dev2.jsonl", "dev4.jsonl", "dev5.jsonl", "dev6.jsonl"];

let featurize: (input: string) => string[] = featuresOf;

for (const [t, n] of [[0.7, 6], [0.8, 6], [0.7, 8], [0.8, 8]]) {
  DESIGNS.push({
    name: `short@${t}/${n}`,
    blocks: (s) => s.rulesBlock || s.p >= 0.9 || (s.words <= (n as number) && s.p >= (t as number)),
  });
}

function score(model: GuardWordsModel, row: TrainingRow): Scored {
  const d = evaluateRulesOnly(row.input);
  const outcome = outcomeOf(d);
  const reasons = d.reasons ?? [];
  return {
    row,
    p: modelScore(model, featurize(row.input)),
    rulesBlock: outcome === "blocked",
    rulesApprove: outcome === "approved",
    cue: reasons.includes("risk:sensitive_topic") || reasons.includes("risk:alarming_words"),
    words: wordCount(row.input),
  };
}

function report(label: string, scored: readonly Scored[]): void {
  console.log(label);
  for (const d of DESIGNS) {
    let h = 0, ha = 0, b = 0, bb = 0, gb = 0, gbb = 0, ga = 0, gaa = 0;
    for (const s of scored) {
      const blocked = d.blocks(s);
      // A rules block the design lifts counts as approved.
      const approved = !blocked &&
        (d.name.startsWith("model") || s.rulesApprove || s.rulesBlock);
      if (s.row.source === "guard") {
        if (s.row.label === 1) {
          h++;
          if (approved) ha++;
        } else {
          b++;
          if (blocked) bb++;
        }
      } else if (s.row.label === 1) {
        ga++;
        if (!blocked) gaa++;
      } else {
        gb++;
        if (blocked && !s.rulesBlock) gbb++;
      }
    }
    console.log(
      `  ${d.name.padEnd(14)} harmful approved ${percent(ha, h).padStart(7)}  benign blocked ${
        percent(bb, b).padStart(7)
      }  generated benign newly blocked ${percent(gbb, gb).padStart(6)}  adversarial not blocked ${
        percent(gaa, ga).padStart(6)
      }`,
    );
  }
}

/** Training options from `--min-count N --steps N --l2 X` (defaults of the trainer otherwise). */
function trainOptions(): TrainOptions {
  const options: TrainOptions = {};
  const value = (flag: string) => {
    const at = Deno.args.indexOf(flag);
    return at >= 0 ? Number(Deno.args[at + 1]) : undefined;
  };
  const minCount = value("--min-count");
  const steps = value("--steps");
  const l2 = value("--l2");
  const maxFeatures = value("--max-features");
  if (maxFeatures !== undefined) options.maxFeatures = maxFeatures;
  if (Deno.args.includes("--balance")) options.balance = true;
  const fat = Deno.args.indexOf("--features");
  if (fat >= 0) {
    const f = FEATURES[Deno.args[fat + 1] as string];
    if (f === undefined) throw new Error(`Unknown feature design: ${Deno.args[fat + 1]}`);
    featurize = f;
    options.featurize = f;
  }
  if (minCount !== undefined) options.minCount = minCount;
  if (steps !== undefined) options.steps = steps;
  if (l2 !== undefined) options.l2 = l2;
  return options;
}

async function main(): Promise<void> {
  const rows = await loadTrainingRows();
  const options = trainOptions();
  const at = Deno.args.indexOf("--held-out");
  if (at >= 0) {
    const model = trainGuardWords(rows, options);
    const files = Deno.args.slice(at + 1);
    for (const file of files) {
      const held = guardRows(await Deno.readTextFile(file), file);
      report(`held out: ${file}`, held.map((r) => score(model, r)));
    }
    if (files.length > 0) return;
    // No files: the held-out parts (every fourth line) of the development sets.
    for (const name of HELD_OUT_SETS) {
      const held = await loadGuardRows(name, (n) => n % 4 === 0);
      report(`held out: every 4th line of ${name}`, held.map((r) => score(model, r)));
    }
    return;
  }
  const k = 5;
  const scored: Scored[] = [];
  for (let fold = 0; fold < k; fold++) {
    const model = trainGuardWords(rows.filter((_, i) => i % k !== fold), options);
    for (let i = fold; i < rows.length; i += k) scored.push(score(model, rows[i] as TrainingRow));
  }
  report(`${k}-fold cross-validation over ${rows.length} training rows`, scored);
  for (const set of ["dev5.jsonl", "dev6.jsonl"]) {
    report(`  of which ${set}`, scored.filter((s) => s.row.set === set));
  }
  // Leave one guard set out: the closest thing inside the training data to a new author.
  const sets = [...new Set(rows.filter((r) => r.source === "guard").map((r) => r.set))];
  for (const set of sets) {
    const model = trainGuardWords(rows.filter((r) => r.set !== set), options);
    report(`leave out ${set}`, rows.filter((r) => r.set === set).map((r) => score(model, r)));
  }
  const full = trainGuardWords(rows, options);
  console.log(
    `all rows: ${full.weights.size} weights, table ${formatGuardWords(full).length} bytes`,
  );
}

if (import.meta.main) await main();
