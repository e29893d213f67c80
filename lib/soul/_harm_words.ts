/**
 * Word reading for the harm reasoner: maps one token to the lexicon word it
 * stands for. Plurals, `-ing` and `-ed` forms, irregular past forms, leetspeak
 * ("k1ll", "b0mb"), asterisks ("k*ll") and near misses of grave words
 * ("poisonn") are resolved, memoised, and run-together letters are split back
 * into lexicon words.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import { ENTRIES_BY_FIRST, IRREGULAR_PAST, KIND, ROLE, VOCABULARY } from "./_lexicon.ts";
import { unleet } from "./_text.ts";

const LEET = /[0-9@$*]/;

/** Words already resolved (most traffic repeats its words); cleared when it grows large. */
const RESOLVED = new Map<string, readonly [string, boolean]>();
const RESOLVED_MAX = 20_000;

/** The lexicon word a token stands for, and whether it is a past form (memoised). */
export function resolve(word: string): readonly [string, boolean] {
  const known = RESOLVED.get(word);
  if (known !== undefined) return known;
  if (RESOLVED.size >= RESOLVED_MAX) RESOLVED.clear();
  const resolved = resolveWord(word);
  RESOLVED.set(word, resolved);
  return resolved;
}

function resolveWord(word: string): [string, boolean] {
  const irregular = IRREGULAR_PAST.get(word);
  if (irregular !== undefined) return [irregular === "" ? word : irregular, irregular !== ""];
  const stem = stemOf(word);
  // The stem wins when it is an entry too: "kids" is also "kid", "dogs" also "dog".
  if (stem !== null && ENTRIES_BY_FIRST.has(stem[0])) return stem;
  if (ENTRIES_BY_FIRST.has(word)) return [word, false];
  if (stem !== null) return stem;
  if (LEET.test(word) && /[a-z]/.test(word)) {
    const plain = unleet(word);
    if (word.includes("*")) {
      for (const vowel of "aeiou") {
        const guess = plain.replaceAll("*", vowel);
        if (VOCABULARY.has(guess)) return [guess, false];
      }
    }
    if (ENTRIES_BY_FIRST.has(plain)) return [plain, false];
    const again = stemOf(plain);
    if (again !== null) return again;
    // `1` stands for `l` as often as for `i`.
    const withL = unleet(word.replaceAll("1", "l"));
    if (VOCABULARY.has(withL)) return [withL, false];
  }
  if (word.length >= 6 && !VOCABULARY.has(word) && FUZZY_SHAPES.has(shapeOf(word))) {
    const near = FUZZY.get(word) ?? nearMiss(word);
    if (near !== undefined) return [near, false];
  }
  return [word, false];
}

/** Plural, `-ing` and `-ed` forms mapped to a lexicon word. */
function stemOf(word: string): [string, boolean] | null {
  const n = word.length;
  if (n < 4) return null;
  const tries: [string, boolean][] = [];
  if (word.endsWith("ies")) tries.push([word.slice(0, -3) + "y", false]);
  if (/(?:s|x|z|ch|sh)es$/.test(word)) tries.push([word.slice(0, -2), false]);
  if (word.endsWith("s") && !word.endsWith("ss")) tries.push([word.slice(0, -1), false]);
  if (word.endsWith("ing") && n > 5) {
    const base = word.slice(0, -3);
    tries.push([base, false], [base + "e", false]);
    if (base.at(-1) === base.at(-2)) tries.push([base.slice(0, -1), false]);
  }
  if (word.endsWith("ed") && n > 4) {
    const base = word.slice(0, -2);
    tries.push([base, true], [base + "e", true]);
    if (base.at(-1) === base.at(-2)) tries.push([base.slice(0, -1), true]);
    if (word.endsWith("ied")) tries.push([word.slice(0, -3) + "y", true]);
  }
  for (const t of tries) if (ENTRIES_BY_FIRST.has(t[0])) return t;
  for (const t of tries) if (VOCABULARY.has(t[0])) return t;
  return null;
}

/** Grave words of five letters or more, by each spelling one letter short of them. */
const FUZZY: Map<string, string> = buildFuzzy();

function buildFuzzy(): Map<string, string> {
  const fuzzy = new Map<string, string>();
  const strong = KIND.VIOLENT | KIND.HAZARD | KIND.SELF_HARM | KIND.CYBER | KIND.FRAUD |
    KIND.HARASS |
    KIND.STEAL | KIND.SEXUAL;
  const taken = new Set<string>();
  for (const list of ENTRIES_BY_FIRST.values()) {
    for (const entry of list) {
      if (
        entry.words.length !== 1 ||
        ((entry.kind & strong) === 0 && (entry.role & ROLE.PERSON) === 0)
      ) {
        continue;
      }
      const word = entry.words[0] as string;
      if (word.length < 7 || !/^[a-z]+$/.test(word)) continue;
      for (let i = 0; i < word.length; i++) {
        const short = word.slice(0, i) + word.slice(i + 1);
        if (VOCABULARY.has(short)) continue;
        if (taken.has(short) && fuzzy.get(short) !== word) fuzzy.delete(short);
        else fuzzy.set(short, word);
        taken.add(short);
      }
    }
  }
  return fuzzy;
}

/** A grave word that `word` has one letter too many for ("poisonn"). */
function nearMiss(word: string): string | undefined {
  for (let i = 0; i < word.length; i++) {
    const short = word.slice(0, i) + word.slice(i + 1);
    if (VOCABULARY.has(short) && short.length >= 7 && FUZZY_TARGETS.has(short)) return short;
  }
  return undefined;
}

const FUZZY_TARGETS: ReadonlySet<string> = new Set(FUZZY.values());

/** First letter and length, for a cheap test of whether a word may be a near miss. */
function shapeOf(word: string): string {
  return word[0] + String(word.length);
}

/** Shapes of near misses: a first letter (or the second, when the first is wrong) and a length. */
const FUZZY_SHAPES: ReadonlySet<string> = new Set(
  [...FUZZY_TARGETS].flatMap((w) =>
    [w.length - 1, w.length, w.length + 1].flatMap((n) => [w[0] + String(n), w[1] + String(n)])
  ),
);

/** Splits run-together letters into lexicon words (and "a", "i"), or null. */
export function segment(letters: string): string[] | null {
  const out: string[] = [];
  let at = 0;
  while (at < letters.length) {
    let found = "";
    for (let end = Math.min(letters.length, at + 16); end > at; end--) {
      const piece = letters.slice(at, end);
      if (
        piece.length > 1
          ? VOCABULARY.has(piece) || stemOf(piece) !== null
          : piece === "a" || piece === "i"
      ) {
        found = piece;
        break;
      }
    }
    if (found === "") return null;
    out.push(found);
    at += found.length;
  }
  return out.some((w) => w.length > 2) ? out : null;
}
