/**
 * Lexical features of a request for the learned word evidence: lower-case
 * letter words with a light suffix stemming, as unigrams and adjacent
 * bigrams. Shared by the scorer and its training script, so both see the
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
 * The distinct features of a lower-cased text, in first-seen order: each
 * stemmed word, and each pair of adjacent stemmed words joined by a space.
 */
export function guardFeatures(lower: string): string[] {
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
