/**
 * Learned word evidence for the reference engine: the probability, from the
 * logistic regression in `_guard_words.ts`, that a request is harmful, and
 * the words that weighed most towards it. Evidence, not a verdict: the
 * engine blocks on it only when it is strong ({@linkcode EVIDENCE_BLOCK}).
 * Internal to lib/soul.
 *
 * @module
 */
import { guardFeatures, isPiece, surfaceOf, tellingWords } from "./_guard_features.ts";
import { GUARD_WORDS_BIAS, GUARD_WORDS_TABLE } from "./_guard_words.ts";

/** Probability from which the word evidence blocks a request the rules let through. */
export const EVIDENCE_BLOCK = 0.9;

/** Words (features) named in a reason. */
const NAMED = 3;

/** The learned reading of one request. */
export interface WordEvidence {
  /** Probability that the request is harmful, 0..1. */
  probability: number;
  /**
   * The features that weighed most towards harmful, heaviest first (at most
   * three), as the text wrote them; features that add no word other than
   * function words to those named are left out. Worked out only when the
   * probability reaches {@linkcode EVIDENCE_BLOCK} (empty below it), since
   * only a block names them.
   */
  top: string[];
}

const WEIGHTS: ReadonlyMap<string, number> = parseTable(GUARD_WORDS_TABLE);

function parseTable(table: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of table.split("|")) {
    const eq = part.lastIndexOf("=");
    if (eq > 0) weights.set(part.slice(0, eq), Number(part.slice(eq + 1)));
  }
  return weights;
}

/** Weighs the word features of a lower-cased text. */
export function weighWords(lower: string): WordEvidence {
  let z = GUARD_WORDS_BIAS;
  const heavy: [string, number][] = [];
  for (const feature of guardFeatures(lower)) {
    const w = WEIGHTS.get(feature);
    if (w === undefined) continue;
    z += w;
    if (w > 0) heavy.push([feature, w]);
  }
  const probability = 1 / (1 + Math.exp(-z));
  if (probability < EVIDENCE_BLOCK) return { probability, top: [] };
  heavy.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { probability, top: named(heavy, lower) };
}

/**
 * The heaviest features worth naming: each must add a word other than a
 * function word to those already named ("to hide" adds nothing after
 * "hide"); only function words contributed, the heaviest of them are named.
 */
function named(heavy: readonly [string, number][], lower: string): string[] {
  const told = new Set<string>();
  const out: string[] = [];
  for (const [f] of heavy) {
    if (out.length === NAMED) break;
    if (isPiece(f)) continue;
    const words = tellingWords(f);
    if (words.every((w) => told.has(w))) continue;
    for (const w of words) told.add(w);
    out.push(surfaceOf(f, lower));
  }
  if (out.length > 0) return out;
  // Only function words and pieces weighed in: name them as the text wrote them.
  return [...new Set(heavy.slice(0, NAMED).map(([f]) => surfaceOf(f, lower)))];
}

/** The reason naming the evidence: `learned:'overdose' 'without noticing'`. */
export function evidenceReason(evidence: WordEvidence): string {
  return `learned:${evidence.top.map((f) => `'${f}'`).join(" ")}`;
}
