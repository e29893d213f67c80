/**
 * Tokens and units for the harm reasoner: splits a request into clauses and
 * tokens (possessives, contractions, spelling fixes, spaced-out letters, ages
 * such as "a 13 year old"), joins verbs with particles that follow their object
 * ("run him over"), and matches the longest lexicon entry at each token.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import {
  ENTRIES_BY_FIRST,
  type Entry,
  KIND,
  OUTSIDE_TRIGGERS,
  ROLE,
  SPELLING,
  VOCABULARY,
} from "./_lexicon.ts";
import { resolve, segment } from "./_harm_words.ts";

/** Kinds of entry that can make a request harmful. */
export const HARM_KINDS = KIND.VIOLENT | KIND.CYBER | KIND.PRIVACY | KIND.FRAUD | KIND.HARASS |
  KIND.STEAL | KIND.HAZARD | KIND.SELF_HARM | KIND.SEXUAL | KIND.DEROG | KIND.ARTIFACT |
  KIND.GROOMING | KIND.OUTCOME | KIND.CONCEAL;
/** Roles of entry that can make a request harmful. */
export const HARM_ROLES = ROLE.PII | ROLE.GROUP | ROLE.MINOR | ROLE.DRINK | ROLE.IDENTITY |
  ROLE.DEVICE |
  ROLE.AGENT | ROLE.GOODS;

/** One matched stretch of the request: a lexicon entry or a plain word. */
export interface Unit {
  readonly entry: Entry | null;
  /** The phrase as matched (entry words joined) or the plain word. */
  readonly text: string;
  readonly clause: number;
  /** An inflected past form: the act is told, not asked for. */
  readonly past: boolean;
  /** Ends in `'s`: the possessor of what follows. */
  readonly poss: boolean;
  /** Written with a capital letter inside a sentence (a name). */
  readonly cap: boolean;
}

/** One word of the request, as written and as resolved. */
interface Token {
  raw: string;
  key: string;
  past: boolean;
  poss: boolean;
  cap: boolean;
  clause: number;
}

const TOKEN = /[a-z0-9@$*]+(?:'[a-z]+)?|[.?!;:\n]+/g;
const SPACED = /\b([a-z])[.\-_*](?=[a-z]\b)/g;
const QUOTES = /[\u2018\u2019\u02bc`\u00b4]/g;
const MINOR_AGE = 18;
/** Words after which a bare number is an age. */
const AGE_BEFORE = new Set([
  "under",
  "she",
  "he",
  "shes",
  "hes",
  "is",
  "only",
  "aged",
  "age",
  "turning",
  "just",
]);
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(Object.entries({
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
}));

/** The units of `lower`; `cased` (same length, or empty) marks capitalised words. Empty when no word can start a harmful phrase. */
export function readUnits(lower: string, cased: string): Unit[] {
  const text = lower.replace(QUOTES, "'").replace(SPACED, "$1 ");
  const tokens: Token[] = [];
  let clause = 0;
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const c = raw.charCodeAt(0);
    if (c === 46 || c === 63 || c === 33 || c === 59 || c === 58 || c === 10) {
      clause++;
      continue;
    }
    const at = m.index;
    const cap = cased !== "" && at > 1 && cased.charCodeAt(at) >= 65 &&
      cased.charCodeAt(at) <= 90 &&
      !/[.?!]\s*$/.test(cased.slice(Math.max(0, at - 3), at));
    pushToken(tokens, raw, clause, cap);
  }
  joinSpelledOut(tokens);
  markMinorAges(tokens);
  // Most requests hold no word that can start a harmful phrase: nothing more to read.
  if (!tokens.some((t) => TRIGGERS.has(t.key) || TRIGGERS.has(t.raw))) return [];
  joinSplitVerbs(tokens);
  return matchUnits(tokens);
}

/** Appends `raw` as one token, or several when a misspelling stands for more words. */
function pushToken(tokens: Token[], raw: string, clause: number, cap: boolean): void {
  let word = raw;
  let poss = false;
  if (word.endsWith("'s") || word.endsWith("s'")) {
    word = word.endsWith("'s") ? word.slice(0, -2) : word.slice(0, -1);
    poss = true;
    // "that's", "what's", "she's": a verb, not a possessive.
    if (CONTRACTED.has(word)) poss = false;
  } else if (POSSESSIVE_TYPOS.has(word)) {
    word = word.slice(0, -1);
    poss = true;
  }
  const spelled = SPELLING.get(word);
  if (spelled !== undefined && !VOCABULARY.has(word)) {
    const parts = spelled.split(" ");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      tokens.push({
        raw: part,
        key: part,
        past: false,
        poss: poss && i === parts.length - 1,
        cap,
        clause,
      });
    }
    return;
  }
  const [key, past] = resolve(word);
  // "what's the best way", "where's": entries are written with the contraction.
  const contracted = !poss && word !== raw && raw.endsWith("'s") && CONTRACTED.has(word);
  tokens.push({ raw: contracted ? raw : word, key, past, poss, cap, clause });
}

/** "b o m b" or "k i l l": single letters in a row that spell lexicon words. */
function joinSpelledOut(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    let j = i;
    while (
      j < tokens.length && (tokens[j] as Token).raw.length === 1 &&
      /[a-z]/.test((tokens[j] as Token).raw)
    ) j++;
    if (j - i < 3 || j - i > 40) {
      i = j;
      continue;
    }
    const letters = tokens.slice(i, j).map((t) => t.raw).join("");
    const words = segment(letters);
    if (words === null) {
      i = j;
      continue;
    }
    const clause = (tokens[i] as Token).clause;
    const joined = words.map((w): Token => ({
      raw: w,
      key: w,
      past: false,
      poss: false,
      cap: false,
      clause,
    }));
    tokens.splice(i, j - i, ...joined);
    i += joined.length - 1;
  }
}

/** First words of every entry that can make a request harmful, and of every split verb. */
const TRIGGERS: ReadonlySet<string> = new Set([
  ...[...ENTRIES_BY_FIRST].filter(([, list]) =>
    list.some((e) => (e.kind & HARM_KINDS) !== 0 || (e.role & HARM_ROLES) !== 0)
  ).map(([first]) => first),
  "child",
  "cut",
  "without",
  ...OUTSIDE_TRIGGERS,
]);

/** Words whose `'s` is "is" or "has". */
const CONTRACTED = new Set([
  "that",
  "it",
  "what",
  "there",
  "he",
  "she",
  "who",
  "here",
  "let",
  "where",
  "how",
  "this",
  "everything",
  "something",
  "nothing",
]);

/** "someones phone", "someone elses account": possessives written without an apostrophe. */
const POSSESSIVE_TYPOS = new Set(["someones", "somebodys", "anyones", "elses", "everyones"]);

/** Verbs whose particle may follow the object ("run him over"), read as `verb_particle`. */
const SPLIT_VERBS: Readonly<Record<string, readonly string[]>> = {
  run: ["over", "off"],
  knock: ["out"],
  beat: ["up"],
  rough: ["up"],
  finish: ["off"],
  bump: ["off"],
  gun: ["down"],
  mow: ["down"],
  snuff: ["out"],
  push: ["down"],
  throw: ["off"],
  turn: ["into"],
  trick: ["into"],
  con: ["into"],
  fool: ["into"],
  manipulate: ["into"],
  set: ["fire"],
  cave: ["in"],
  bash: ["in"],
};

/** "run someone over", "turn coke into crack": the verb takes its particle's meaning. */
function joinSplitVerbs(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const split = SPLIT_VERBS[(tokens[i] as Token).key];
    if (split === undefined) continue;
    for (let j = i + 2; j <= i + 5 && j < tokens.length; j++) {
      const t = tokens[j] as Token;
      if (t.clause !== (tokens[i] as Token).clause) break;
      if (split.includes(t.raw)) {
        (tokens[i] as Token).key = `${(tokens[i] as Token).key}_${t.raw}`;
        break;
      }
    }
  }
}

/** "a 13 year old", "12yo", "fourteen-year-old": a child. */
function markMinorAges(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const c = t.raw.charCodeAt(0);
    if ((c < 48 || c > 57) && !NUMBER_WORDS.has(t.raw)) continue;
    const yo = /^(\d{1,2})(?:yo|yrs?|y)$/.exec(t.raw);
    if (yo !== null) {
      if (Number(yo[1]) < MINOR_AGE) t.key = "child";
      continue;
    }
    const age = /^\d{1,2}$/.test(t.raw) ? Number(t.raw) : NUMBER_WORDS.get(t.raw);
    if (age === undefined || age >= MINOR_AGE || age < 1) continue;
    const next = tokens[i + 1]?.raw;
    const after = tokens[i + 2]?.raw;
    const before = tokens[i - 1]?.raw ?? "";
    if (
      (next === "year" || next === "years" || next === "yr" || next === "yrs") &&
      (after === "old" || after === "olds")
    ) {
      t.key = "child";
      tokens.splice(i + 1, 2);
    } else if (next === "yo") {
      t.key = "child";
      tokens.splice(i + 1, 1);
    } else if (AGE_BEFORE.has(before)) {
      // "girls under 16", "she's 13", "the girl is 12"
      t.key = "child";
    }
  }
}

/** The longest lexicon entry at each token, or the plain word. */
function matchUnits(tokens: readonly Token[]): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    let best: Entry | null = null;
    for (const first of t.raw === t.key ? [t.raw] : [t.raw, t.key]) {
      for (const entry of ENTRIES_BY_FIRST.get(first) ?? []) {
        if (best !== null && entry.words.length <= best.words.length) break;
        if (matches(tokens, i, entry.words)) {
          best = entry;
          break;
        }
      }
    }
    if (best !== null && best.words.length === 1 && t.raw !== t.key) {
      const other = (ENTRIES_BY_FIRST.get(best.words[0] === t.raw ? t.key : t.raw) ?? []).find((
        e,
      ) => e.words.length === 1);
      if (other !== undefined) best = mergedEntry(best, other);
    }
    const n = best === null ? 1 : best.words.length;
    const last = tokens[i + n - 1] as Token;
    units.push({
      entry: best,
      text: best === null ? t.key : best.phrase,
      clause: t.clause,
      // "killed myself at the gym", "got rid of": a phrase told in the past by either end;
      // "can be mixed into" is a passive, not a past.
      past: n === 1 ? t.past : last.past || (t.past && !PASSIVE.has(tokens[i - 1]?.raw ?? "")),
      poss: last.poss,
      cap: t.cap,
    });
    i += n;
  }
  return units;
}

/** Words before a participle that make it passive ("be mixed", "get dumped"). */
const PASSIVE = new Set(["be", "been", "being", "is", "are", "get", "gets", "getting"]);

/** Merged entries, by their two parts. */
const MERGED = new Map<Entry, Map<Entry, Entry>>();

/** One entry with the kinds and roles of two ("dogs" the insult and "dog" the animal). */
function mergedEntry(a: Entry, b: Entry): Entry {
  let byB = MERGED.get(a);
  if (byB === undefined) MERGED.set(a, byB = new Map());
  let merged = byB.get(b);
  if (merged === undefined) {
    merged = {
      words: a.words,
      phrase: a.phrase,
      kind: a.kind | b.kind,
      role: a.role | b.role,
      label: a.label || b.label,
      frame: a.frame || b.frame,
      severity: Math.max(a.severity, b.severity),
    };
    byB.set(b, merged);
  }
  return merged;
}

/** The entry `words` are matched at token `at`, within one clause. */
function matches(tokens: readonly Token[], at: number, words: readonly string[]): boolean {
  const clause = (tokens[at] as Token).clause;
  for (let k = 0; k < words.length; k++) {
    const t = tokens[at + k];
    if (t === undefined || t.clause !== clause) return false;
    const w = words[k];
    if (t.raw !== w && t.key !== w) return false;
  }
  return true;
}
