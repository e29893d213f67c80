/**
 * Trains the learned word evidence of the reference engine: a logistic
 * regression over stemmed word unigrams and bigrams and sub-word pieces
 * ({@linkcode guardFeatures}) that tells harmful requests from benign ones,
 * and writes its weights as `lib/soul/_guard_words.ts`.
 *
 * Run: `deno run --allow-read bench/train_guard_words.ts [--write]`
 * (`--write` also needs `--allow-write=lib/soul/_guard_words.ts`).
 *
 * Training data, in this order: `tests/testdata/guard_eval/dev.jsonl`, the
 * tuning parts (lines whose number is not a multiple of 4) of `dev2.jsonl`,
 * `dev4.jsonl`, `dev5.jsonl` and `dev6.jsonl`, `probes.jsonl`, and the
 * distinct inputs of 4,000 generated requests (seed 1, default mix;
 * adversarial ones count as harmful). Every fourth line of those four sets
 * is held out for measuring and is never read here.
 *
 * Training is deterministic: a fixed vocabulary order, full-batch gradient
 * descent for a fixed number of steps, no randomness; the same data gives
 * the same module text.
 *
 * @module
 */
import { parseGuardSet } from "./guard_eval.ts";
import { guardFeatures } from "../lib/soul/_guard_features.ts";
import { prepareText } from "../lib/soul/_text.ts";
import { createGenerator } from "../lib/traffic/generator.ts";

/** One training example. */
export interface TrainingRow {
  /** The request text. */
  input: string;
  /** 1 for harmful (should block), 0 for benign. */
  label: 0 | 1;
  /** Where it came from: a guard set or generated traffic. */
  source: "guard" | "generated";
  /** The file it came from (`generated` for generated traffic). */
  set: string;
}

/** Options of {@linkcode trainGuardWords}. */
export interface TrainOptions {
  /**
   * Fewest training rows a feature must appear in.
   *
   * @default 3
   */
  minCount?: number;
  /**
   * Most features kept, the most frequent first.
   *
   * @default 12000
   */
  maxFeatures?: number;
  /**
   * Gradient descent steps.
   *
   * @default 400
   */
  steps?: number;
  /**
   * L2 penalty per feature.
   *
   * @default 0.0005
   */
  l2?: number;
  /**
   * Weight each class so both weigh the same in the loss, however many rows each has.
   *
   * @default false
   */
  balance?: boolean;
  /**
   * The features of a request (for trying other feature designs).
   *
   * @default featuresOf
   */
  featurize?: (input: string) => string[];
}

/** A trained model: bias and weights of the features kept. */
export interface GuardWordsModel {
  /** The intercept. */
  bias: number;
  /** Weight per feature, in feature order. */
  weights: Map<string, number>;
}

const DATA = new URL("../tests/testdata/guard_eval/", import.meta.url);

/**
 * The rows of a guard set's text whose 1-based row numbers `keep` accepts
 * (line numbers: the sets have no blank lines), read by {@linkcode parseGuardSet}.
 */
export function guardRows(
  text: string,
  set: string,
  keep: (rowNo: number) => boolean = () => true,
): TrainingRow[] {
  return parseGuardSet(text, set).filter((_, i) => keep(i + 1)).map((row) => ({
    input: row.input,
    label: row.kind === "harmful" ? 1 : 0,
    source: "guard",
    set,
  }));
}

/** The rows of the development set `name` whose 1-based row numbers `keep` accepts. */
export async function loadGuardRows(
  name: string,
  keep: (rowNo: number) => boolean = () => true,
): Promise<TrainingRow[]> {
  return guardRows(await Deno.readTextFile(new URL(name, DATA)), name, keep);
}

/** The training rows, in the fixed order described in the module doc. */
export async function loadTrainingRows(): Promise<TrainingRow[]> {
  const rows: TrainingRow[] = [];
  const tuning = (n: number) => n % 4 !== 0;
  rows.push(...await loadGuardRows("dev.jsonl"));
  rows.push(...await loadGuardRows("dev2.jsonl", tuning));
  rows.push(...await loadGuardRows("dev4.jsonl", tuning));
  rows.push(...await loadGuardRows("dev5.jsonl", tuning));
  rows.push(...await loadGuardRows("dev6.jsonl", tuning));
  rows.push(...await loadGuardRows("probes.jsonl"));
  const generator = createGenerator({ seed: 1 });
  const seen = new Set<string>();
  for (let i = 0; i < 4000; i++) {
    const request = generator.next();
    if (seen.has(request.input)) continue;
    seen.add(request.input);
    rows.push({
      input: request.input,
      label: request.expected === "block" ? 1 : 0,
      source: "generated",
      set: "generated",
    });
  }
  return rows;
}

/** The features of a request as the engine reads them. */
export function featuresOf(input: string): string[] {
  return guardFeatures(prepareText(input).lower);
}

/** Trains the logistic regression on `rows` (features computed here). */
export function trainGuardWords(
  rows: readonly TrainingRow[],
  options: TrainOptions = {},
): GuardWordsModel {
  const minCount = options.minCount ?? 3;
  const maxFeatures = options.maxFeatures ?? 12000;
  const steps = options.steps ?? 400;
  const l2 = options.l2 ?? 0.0005;
  const featurize = options.featurize ?? featuresOf;
  const feats = rows.map((r) => featurize(r.input));
  const df = new Map<string, number>();
  for (const fs of feats) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);
  const vocab = [...df].filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxFeatures).map(([f]) => f);
  const index = new Map(vocab.map((f, i) => [f, i]));
  const x = feats.map((fs) => fs.map((f) => index.get(f)).filter((i) => i !== undefined));
  const y = rows.map((r) => r.label);
  const n = rows.length;
  const positives = y.filter((v) => v === 1).length;
  // With balance, each class carries half the loss.
  const classWeight = options.balance
    ? [n / (2 * Math.max(1, n - positives)), n / (2 * Math.max(1, positives))]
    : [1, 1];
  const w = new Float64Array(vocab.length);
  const g = new Float64Array(vocab.length);
  // Adagrad on the full batch: a per-feature step size, so rare words still learn.
  const h = new Float64Array(vocab.length);
  let bias = 0;
  let hb = 0;
  const rate = 0.5;
  for (let step = 0; step < steps; step++) {
    g.fill(0);
    let gb = 0;
    for (let r = 0; r < n; r++) {
      const xs = x[r] as number[];
      let z = bias;
      for (const i of xs) z += w[i] as number;
      const err = (1 / (1 + Math.exp(-z)) - (y[r] as number)) *
        (classWeight[y[r] as number] as number);
      gb += err;
      for (const i of xs) g[i] = (g[i] as number) + err;
    }
    for (let i = 0; i < w.length; i++) {
      const gi = (g[i] as number) / n + l2 * (w[i] as number);
      h[i] = (h[i] as number) + gi * gi;
      w[i] = (w[i] as number) - rate * gi / (Math.sqrt(h[i] as number) + 1e-8);
    }
    gb /= n;
    hb += gb * gb;
    bias -= rate * gb / (Math.sqrt(hb) + 1e-8);
  }
  const weights = new Map<string, number>();
  for (let i = 0; i < vocab.length; i++) {
    const v = Math.round((w[i] as number) * 100) / 100;
    if (Math.abs(v) >= 0.05) weights.set(vocab[i] as string, v);
  }
  return { bias: Math.round(bias * 100) / 100, weights };
}

/** The probability that `features` are harmful under `model`. */
export function modelScore(model: GuardWordsModel, features: readonly string[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights.get(f) ?? 0;
  return 1 / (1 + Math.exp(-z));
}

/** The weights module's text for `model`. */
export function formatGuardWords(model: GuardWordsModel): string {
  const entries = [...model.weights].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const lines = [
    "/**",
    " * Learned word evidence of the reference engine: logistic regression weights",
    " * of stemmed word unigrams and bigrams and sub-word pieces. Generated by",
    " * `deno run --allow-read --allow-write=lib/soul/_guard_words.ts bench/train_guard_words.ts --write`;",
    " * do not edit by hand. Internal to lib/soul.",
    " *",
    " * @module",
    " */",
    "",
    "/** The intercept of the regression. */",
    `export const GUARD_WORDS_BIAS = ${model.bias};`,
    "",
    "/** Features and their weights, as `feature=weight` separated by `|`. */",
    "export const GUARD_WORDS_TABLE =",
  ];
  const parts = entries.map(([f, v]) => `${f}=${v}|`);
  let line = "";
  const chunks: string[] = [];
  for (const p of parts) {
    if (line.length + p.length > 88) {
      chunks.push(line);
      line = "";
    }
    line += p;
  }
  if (line !== "") chunks.push(line);
  chunks.forEach((c, i) => lines.push(`  "${c}"${i === chunks.length - 1 ? ";" : " +"}`));
  return lines.join("\n") + "\n";
}

async function main(): Promise<void> {
  const rows = await loadTrainingRows();
  const model = trainGuardWords(rows);
  const text = formatGuardWords(model);
  if (Deno.args.includes("--write")) {
    await Deno.writeTextFile(new URL("../lib/soul/_guard_words.ts", import.meta.url), text);
  }
  let right = 0;
  for (const r of rows) {
    if ((modelScore(model, featuresOf(r.input)) >= 0.5 ? 1 : 0) === r.label) right++;
  }
  console.log(
    `${rows.length} rows, ${model.weights.size} features, training accuracy ${
      (100 * right / rows.length).toFixed(1)
    } %`,
  );
}

if (import.meta.main) await main();
