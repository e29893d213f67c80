/**
 * Lexical features of a request for the learned word evidence: lower-case
 * letter words with a light suffix stemming, as unigrams and adjacent
 * bigrams, and sub-word pieces (4-letter slices of words). Shared by the scorer and its training script, so both see the
 * same features. Internal to lib/soul.
 *
 * @module
 */

/** Code units of a request read for word features. */
export const FEATURE_LIMIT = 1024;

const WORD = /[a-z]+(?:'[a-z]+)?/g;

/** A light stem: plural and verb endings stripped, so "overdosing" and "overdose" meet. */
export function stemWord(word: string): string {
  let w = word.replace(/'[a-z]+$/, "");
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith("ies")) w = w.slice(0, -3) + "y";
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/**
 * The distinct word features of a lower-cased text, in first-seen order:
 * each stemmed word, and each pair of adjacent stemmed words joined by a space.
 */
export function wordFeatures(lower: string): string[] {
  const text = lower.length > FEATURE_LIMIT ? lower.slice(0, FEATURE_LIMIT) : lower;
  const seen = new Set<string>();
  let prev = "";
  for (const m of text.matchAll(WORD)) {
    const stem = stemWord(m[0]);
    if (stem === "") continue;
    seen.add(stem);
    if (prev !== "") seen.add(`${prev} ${stem}`);
    prev = stem;
  }
  return [...seen];
}

/** Letters of a sub-word piece. */
const PIECE = 4;

const LETTERS = /[a-z]+/g;

/**
 * Sub-word pieces of a lower-cased text: the distinct 4-letter slices of
 * each word of at least 4 letters, with `<` and `>` marking its ends,
 * written `#<kil`, `#kill`, `#ill>`. They meet misspelt and run-together
 * words ("poisen", "killmy") that whole words miss.
 */
export function pieceFeatures(lower: string): string[] {
  const text = lower.length > FEATURE_LIMIT ? lower.slice(0, FEATURE_LIMIT) : lower;
  const seen = new Set<string>();
  for (const m of text.matchAll(LETTERS)) {
    if (m[0].length < PIECE) continue;
    const padded = `<${m[0]}>`;
    for (let i = 0; i + PIECE <= padded.length; i++) seen.add(`#${padded.slice(i, i + PIECE)}`);
  }
  return [...seen];
}

/** Whether a feature is a sub-word piece (never named in a reason). */
export function isPiece(feature: string): boolean {
  return feature.startsWith("#");
}

/** All features of a lower-cased text: its word features, then its sub-word pieces. */
export function guardFeatures(lower: string): string[] {
  return [...wordFeatures(lower), ...pieceFeatures(lower)];
}

/**
 * Function words: features made only of these weigh in the model but are
 * never named in a reason, since "to" or "how" explains nothing.
 */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  ("a an the to of in on for with at by from into about and or but not no if so than then " +
    "how what who whom where when why which whose is are was were be been being am do doe did " +
    "done can could would should will shall may might must have ha had i me my mine you your " +
    "we us our he him his she her it its they them their this that these those there here " +
    "get got make some any just very really please pl also out up as without")
    .split(" "),
);

/**
 * The words of a feature as the text wrote them: each stem replaced by the
 * first word of `lower` it came from, e.g. `without notic` → `without notice`;
 * a sub-word piece by the first word holding it.
 */
export function surfaceOf(feature: string, lower: string): string {
  const text = lower.length > FEATURE_LIMIT ? lower.slice(0, FEATURE_LIMIT) : lower;
  if (isPiece(feature)) {
    const piece = feature.slice(1).replace("<", "\\b").replace(">", "\\b");
    return text.match(new RegExp(`[a-z]*${piece}[a-z]*`))?.[0] ?? feature;
  }
  const stems = feature.split(" ");
  const found: (string | undefined)[] = stems.map(() => undefined);
  for (const m of text.matchAll(WORD)) {
    const stem = stemWord(m[0]);
    const at = stems.indexOf(stem);
    if (at >= 0 && found[at] === undefined) found[at] = m[0].replace(/'[a-z]+$/, "");
    if (!found.includes(undefined)) break;
  }
  return stems.map((s, i) => found[i] ?? s).join(" ");
}

/** The words of a feature other than function words: what naming it would tell. */
export function tellingWords(feature: string): string[] {
  return feature.split(" ").filter((w) => !FUNCTION_WORDS.has(w));
}
