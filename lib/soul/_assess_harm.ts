/**
 * Reads a request for harmful intent the way a careful reader would: who or
 * what is acted on, with what, and how the request is put. Words become
 * lexicon units (`_lexicon.ts`); an act finds its object within the clause;
 * hazards find the verb that makes, gets or uses them; the form of the
 * request (asking for a way, a first-person plan, operational detail,
 * evasion) raises a score and benign frames (history, definitions, games,
 * safety, fiction analysis) lower it. A score of 2 or more blocks.
 *
 * Scores, per piece of evidence:
 * - base: act on a person 1, on a group 2, on a crowded place 1.5, on an
 *   animal 1, on oneself 2; a hazard its severity (+0.5 with a verb);
 *   sexual content next to a child 2.5; a demeaning claim about a group 2;
 *   personal data of another person 1.
 * - form: any ask, plan or command +1, operational detail +1, evasion +1.5.
 * - frame: the strongest frame that applies is subtracted (safety and games
 *   2.5, sport 2, history, definitions, explanations and fiction 1.5).
 *   Evasion and operational detail void the soft frames, a wrapper ("for my
 *   novel", "hypothetically") never lowers anything.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import {
  ENTRIES_BY_FIRST,
  type Entry,
  IRREGULAR_PAST,
  KIND,
  ROLE,
  SPELLING,
  VOCABULARY,
} from "./_lexicon.ts";
import { unleet } from "./_text.ts";

/** What the reading found. */
export interface HarmAssessment {
  /** Reasons that block (`harm:violence:person`, `intent:concealment`); empty when benign. */
  readonly block: readonly string[];
  /** Reasons for a benign reading of alarming words (`benign:safe_target`). */
  readonly notes: readonly string[];
  /** Harm was weighed and found wanting: the request is sensitive but answerable. */
  readonly sensitive: boolean;
}

const NOTHING: HarmAssessment = { block: [], notes: [], sensitive: false };

/** Code units of a text read for harmful intent. */
export const HARM_LIMIT = 700;

/** Score from which a request is refused. */
const BLOCK_SCORE = 2;

/** How much each frame lowers a score. */
const FRAME_WEIGHT: Readonly<Record<string, number>> = {
  safety: 2.5,
  game: 2.5,
  figurative: 3,
  sport: 2,
  cyber_defense: 2,
  awareness: 2,
  history: 1.5,
  media: 1.5,
  definition: 1.5,
  explanation: 1.5,
};

/** Frames of violence and weapons: every frame, sport and hunting included. */
const PHYSICAL_FRAMES: readonly string[] = [
  "safety",
  "game",
  "sport",
  "history",
  "media",
  "definition",
  "explanation",
  "awareness",
];

/** Frames that apply to each area of harm. */
const AREA_FRAMES: Readonly<Record<string, readonly string[]>> = {
  violence: PHYSICAL_FRAMES,
  weapons: PHYSICAL_FRAMES,
  drugs: ["safety", "game", "history", "media", "definition", "explanation", "awareness"],
  self_harm: ["safety", "history", "media", "definition", "explanation"],
  minors: ["safety", "definition"],
  hate: ["safety", "history", "media", "definition"],
  privacy: [
    "safety",
    "cyber_defense",
    "history",
    "media",
    "definition",
    "explanation",
    "awareness",
  ],
  fraud: ["safety", "game", "history", "media", "definition", "explanation", "awareness"],
  cybercrime: [
    "safety",
    "cyber_defense",
    "game",
    "history",
    "media",
    "definition",
    "explanation",
    "awareness",
  ],
};

const HARM_KINDS = KIND.VIOLENT | KIND.CYBER | KIND.PRIVACY | KIND.FRAUD | KIND.HARASS |
  KIND.STEAL | KIND.HAZARD | KIND.SELF_HARM | KIND.SEXUAL | KIND.DEROG | KIND.ARTIFACT |
  KIND.GROOMING | KIND.OUTCOME | KIND.CONCEAL;
const HARM_ROLES = ROLE.PII | ROLE.GROUP | ROLE.MINOR | ROLE.DRINK | ROLE.IDENTITY | ROLE.DEVICE |
  ROLE.AGENT | ROLE.GOODS;
const VERBS = KIND.PRODUCE | KIND.ACQUIRE | KIND.DEPLOY | KIND.EXTREMISM;
/** Roles an act can land on. */
const OBJECTS = ROLE.PERSON | ROLE.MINOR | ROLE.GROUP | ROLE.ANIMAL | ROLE.SAFE | ROLE.SELF |
  ROLE.DEVICE | ROLE.PII | ROLE.PLACE | ROLE.BODY | ROLE.DRINK | ROLE.GOODS;

/** Privacy verbs strong enough to harm when their object is a person. */
const FOLLOWING = new Set([
  "dox",
  "doxx",
  "track",
  "track down",
  "locate",
  "stalk",
  "spy on",
  "spy",
  "monitor",
  "surveil",
  "follow",
  "keep tabs on",
  "unmask",
  "trace",
  "secretly record",
  "secretly film",
  "eavesdrop on",
  "wiretap",
  "snoop on",
]);
/** Acts that reach a person through what they eat or drink. */
const POISONING = new Set(["poison", "spike", "lace", "drug", "roofie", "slip", "put", "sneak"]);
/** Relations whose data a parent may look after. */
const CHILDREN = new Set(["kid", "child", "son", "daughter", "teen", "teenager", "kiddo", "minor"]);
/** Recording verbs that spy when done in secret. */
const FILMING = new Set([
  "film",
  "record",
  "photograph",
  "take pictures of",
  "take photos of",
  "take a picture of",
]);
/** Kinds that end the search for an act's object. */
const STOPS = KIND.VIOLENT | KIND.PRODUCE | KIND.ACQUIRE | KIND.CYBER | KIND.PRIVACY | KIND.FRAUD |
  KIND.HARASS | KIND.STEAL | KIND.IMPERATIVE;
/** Words whose subject's whereabouts a question may ask for. */
const WHEREABOUTS = new Set([
  "text",
  "message",
  "call",
  "date",
  "texting",
  "messaging",
  "talking",
  "calling",
  "dating",
  "seeing",
  "live",
  "lives",
  "living",
  "stay",
  "stays",
  "staying",
  "work",
  "works",
  "goes",
  "sleeps",
  "parks",
]);
/** Personal data named with its owner inside the phrase ("where she lives", "every move"). */
const THIRD_PERSON_PII = new Set([
  "every move",
  "who they are",
  "who he is",
  "who she is",
  "where he is",
  "where she is",
  "where they are",
  "where he goes",
  "where she goes",
  "where they go",
  "behind the account",
  "behind this account",
  "behind that account",
  "who runs the account",
  "who is behind",
  "real identity",
]);
/** Words after which "her" is an object, not a possessive. */
const FUNCTION_WORDS = new Set(
  "with in at so and or but without until to for from on off up down out into onto by like as if when while before after because using than then too again now tonight today tomorrow badly bad hard enough back away over through"
    .split(" "),
);
/** Words that open a polite command ("please tell me", "can you write"). */
const OPENERS = new Set([
  "please",
  "pls",
  "plz",
  "can you",
  "could you",
  "would you",
  "will you",
  "can u",
  "hey",
  "ok",
  "okay",
  "now",
  "just",
  "quickly",
  "so",
  "also",
  "then",
  "and",
  "first",
  "now",
]);

/** One matched stretch of the request: a lexicon entry or a plain word. */
interface Unit {
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

interface Token {
  raw: string;
  key: string;
  past: boolean;
  poss: boolean;
  cap: boolean;
  clause: number;
}

/** Reads `lower` (lower-cased, normalised text) for harmful intent; `cased` helps find names. */
export function assessHarm(lower: string, cased?: string): HarmAssessment {
  const sameCase = cased !== undefined && cased.length === lower.length;
  let text = lower;
  if (text.length > HARM_LIMIT) {
    // A request states what it wants near its start; the rest of a long text is its material.
    const cut = text.lastIndexOf(" ", HARM_LIMIT);
    text = text.slice(0, cut > 0 ? cut : HARM_LIMIT);
  }
  const units = readUnits(text, sameCase ? (cased as string).slice(0, text.length) : "");
  let interesting = false;
  for (const u of units) {
    if (
      u.entry !== null && ((u.entry.kind & HARM_KINDS) !== 0 || (u.entry.role & HARM_ROLES) !== 0)
    ) {
      interesting = true;
      break;
    }
  }
  if (!interesting) return NOTHING;
  return new Reading(units).assess();
}

// ------------------------------------------------------------ tokens

const TOKEN = /[a-z0-9@$*]+(?:'[a-z]+)?|[.?!;:\n]+/g;
const SPACED = /\b([a-z])[.\-_*](?=[a-z]\b)/g;
const QUOTES = /[\u2018\u2019\u02bc`\u00b4]/g;
const LEET = /[0-9@$*]/;
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

function readUnits(lower: string, cased: string): Unit[] {
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
  tokens.push({ raw: word, key, past, poss, cap, clause });
}

/** Words already resolved (most traffic repeats its words); cleared when it grows large. */
const RESOLVED = new Map<string, readonly [string, boolean]>();
const RESOLVED_MAX = 20_000;

/** The lexicon word a token stands for, and whether it is a past form (memoised). */
function resolve(word: string): readonly [string, boolean] {
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

/** Splits run-together letters into lexicon words (and "a", "i"), or null. */
function segment(letters: string): string[] | null {
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

/** First words of every entry that can make a request harmful, and of every split verb. */
const TRIGGERS: ReadonlySet<string> = new Set([
  ...[...ENTRIES_BY_FIRST].filter(([, list]) =>
    list.some((e) => (e.kind & HARM_KINDS) !== 0 || (e.role & HARM_ROLES) !== 0)
  ).map(([first]) => first),
  "child",
  "cut",
  "without",
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

/** Verbs whose particle may follow the object ("run him over"), as one lexicon word. */
const SPLIT_VERBS: Readonly<Record<string, readonly [string, string]>> = {
  run: ["over", "run_over"],
  knock: ["out", "knock_out"],
  beat: ["up", "beat_up"],
  rough: ["up", "rough_up"],
  finish: ["off", "finish_off"],
  bump: ["off", "bump_off"],
  gun: ["down", "gun_down"],
  mow: ["down", "mow_down"],
  snuff: ["out", "snuff_out"],
  push: ["down", "push_down"],
  throw: ["off", "throw_off"],
  turn: ["into", "turn_into"],
  trick: ["into", "trick_into"],
  con: ["into", "con_into"],
  fool: ["into", "fool_into"],
  manipulate: ["into", "manipulate_into"],
};

/** "run someone over", "turn coke into crack": the verb takes its particle's meaning. */
function joinSplitVerbs(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const split = SPLIT_VERBS[(tokens[i] as Token).key];
    if (split === undefined) continue;
    for (let j = i + 2; j <= i + 5 && j < tokens.length; j++) {
      const t = tokens[j] as Token;
      if (t.clause !== (tokens[i] as Token).clause) break;
      if (t.raw === split[0]) {
        (tokens[i] as Token).key = split[1];
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
      past: n === 1 ? t.past : last.past,
      poss: last.poss,
      cap: t.cap,
    });
    i += n;
  }
  return units;
}

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

// ----------------------------------------------------------- reading

/** What an act landed on. */
interface Target {
  readonly unit: Unit;
  /** Whose it is: another person, the speaker, the speaker's child, or nobody said. */
  readonly owner: "other" | "own" | "child" | "none";
}

/** One piece of evidence of harm. */
interface Evidence {
  readonly area: string;
  readonly what: string;
  readonly base: number;
  /** Whether the form of the request (ask, plan) adds to the score. */
  readonly needsIntent: boolean;
}

/** Roles of things (not people) an "it" or "them" may stand for. */
const THINGS = ROLE.SAFE | ROLE.DEVICE | ROLE.DRINK | ROLE.GOODS | ROLE.PII;
/** Means of payment, whoever's they are. */
const FINANCIAL = new Set([
  "credit card",
  "debit card",
  "card",
  "bank account",
  "checkbook",
  "credit card number",
  "card number",
  "bank details",
  "paypal",
  "venmo",
  "cash app",
  "wallet",
]);
/** Words after "without" that make it evasion ("without the bank noticing"). */
const UNNOTICED = new Set([
  "notice",
  "noticing",
  "know",
  "knowing",
  "find out",
  "finding out",
  "realize",
  "realizing",
  "realise",
  "realising",
  "suspect",
  "suspecting",
  "catch on",
  "catching on",
  "see",
  "seeing",
  "trace",
  "tracing",
  "detect",
  "detecting",
]);
/** Words for a password or login, whoever's they are. */
const CREDENTIALS = new Set([
  "password",
  "passwords",
  "login",
  "credential",
  "credentials",
  "2fa",
  "two factor",
  "email password",
  "pin",
]);

class Reading {
  readonly #units: readonly Unit[];
  readonly #evidence: Evidence[] = [];
  readonly #notes: string[] = [];
  #ask = false;
  #methodAsk = false;
  #desire = false;
  #command = false;
  #making = false;
  #ops = false;
  #conceal = false;
  #wrapper = false;
  #parent = false;
  #protective = false;
  #realSystem = false;
  #realWorld = false;
  #person = false;
  readonly #frames = new Set<string>();

  constructor(units: readonly Unit[]) {
    this.#units = units;
    this.#readForm();
  }

  assess(): HarmAssessment {
    const units = this.#units;
    for (let i = 0; i < units.length; i++) {
      const u = units[i] as Unit;
      const e = u.entry;
      if (WHEREABOUTS.has(u.text)) this.#whereaboutsOf(i);
      if (e === null) continue;
      if ((e.kind & KIND.VIOLENT) !== 0 && !u.past) this.#violence(i);
      if ((e.kind & KIND.SELF_HARM) !== 0 && !u.past) this.#add("self_harm", "method", 2);
      if ((e.kind & KIND.OUTCOME) !== 0 && this.#person) this.#add("violence", "injury", 1);
      if (
        (e.role & ROLE.AGENT) !== 0 && CRIMINALS.has(u.text) &&
        BECOMING.has(units[i - 1]?.text ?? "")
      ) {
        this.#add("violence", "criminal_career", 1);
      }
      if ((u.text === "cut" || u.text === "cutting") && !u.past) this.#cutting(i);
      if ((e.kind & KIND.HAZARD) !== 0) this.#hazard(i);
      if ((e.kind & KIND.CYBER) !== 0 && !u.past) this.#cyber(i);
      if ((e.kind & KIND.PRIVACY) !== 0 && !u.past) this.#privacy(i);
      if ((e.kind & (KIND.FRAUD | KIND.STEAL)) !== 0 && !u.past) this.#fraud(i);
      if ((e.kind & KIND.HARASS) !== 0 && !u.past) this.#harass(i);
      if ((e.role & ROLE.PII) !== 0) this.#personalData(i);
      if ((e.role & ROLE.DRINK) !== 0) this.#poisoning(i);
      if ((e.role & ROLE.DEVICE) !== 0 && CREDENTIALS.has(u.text)) this.#credentials(i);
      if (FINANCIAL.has(u.text) && this.#conceal && this.#ownedByOther(i)) {
        this.#add("fraud", "theft", 1);
      }
      if ((e.role & ROLE.MINOR) !== 0) this.#child(i);
      if ((e.role & (ROLE.GROUP | ROLE.IDENTITY)) !== 0) this.#group(i);
      if ((e.kind & KIND.ARTIFACT) !== 0) this.#threat(i);
    }
    return this.#verdict();
  }

  // ------------------------------------------------------ form

  #readForm(): void {
    const units = this.#units;
    let clause = -1;
    let opening = true;
    let pastClause = -1;
    for (let i = 0; i < units.length; i++) {
      const u = units[i] as Unit;
      if (u.clause !== clause) {
        clause = u.clause;
        opening = true;
      }
      const e = u.entry;
      if (u.text === "without" && pastClause !== clause) {
        for (let k = i + 1; k < units.length && k <= i + 5; k++) {
          const w = units[k] as Unit;
          if (w.clause !== clause) break;
          if (UNNOTICED.has(w.text)) this.#conceal = true;
        }
      }
      if (e === null) {
        opening = false;
        continue;
      }
      if ((e.kind & KIND.ASK) !== 0) {
        this.#ask = true;
        // "tell me how does money laundering work" asks how a thing works, not for a way.
        const inverted = u.text.endsWith("how") && QUESTION_VERBS.has(units[i + 1]?.text ?? "");
        if (inverted) this.#frames.add("explanation");
        else if (isMethodAsk(e)) this.#methodAsk = true;
      }
      if ((e.kind & KIND.DESIRE) !== 0) this.#desire = true;
      if ((e.kind & KIND.IMPERATIVE) !== 0 && opening) {
        this.#command = true;
        if ((e.kind & KIND.PRODUCE) !== 0 || u.text === "give me" || u.text === "make up") {
          this.#making = true;
        }
      }
      if ((e.kind & KIND.OPS) !== 0) this.#ops = true;
      // "how did Madoff get away with it": evasion told about the past is history.
      if ((e.kind & KIND.CONCEAL) !== 0 && pastClause !== clause) this.#conceal = true;
      if ((e.kind & KIND.WRAPPER) !== 0) this.#wrapper = true;
      if ((e.kind & KIND.PAST_ASK) !== 0) {
        this.#frames.add("history");
        pastClause = clause;
      }
      if ((e.kind & KIND.FRAME) !== 0 && e.frame !== "") this.#frames.add(e.frame);
      if (PROTECTIVE.test(u.text)) this.#protective = true;
      if (REAL_SYSTEMS.has(u.text)) this.#realSystem = true;
      if (REAL_WORLD.has(u.text) || / real /.test(` ${u.text} `)) this.#realWorld = true;
      if ((e.role & (ROLE.PERSON | ROLE.MINOR)) !== 0) this.#person = true;
      // "how do hackers steal passwords": how others do harm, asked to understand or stop it.
      if ((e.role & ROLE.AGENT) !== 0 && AWARE_OPENERS.has(units[i - 1]?.text ?? "")) {
        this.#frames.add("awareness");
      }
      if ((e.role & ROLE.MINOR) !== 0 && units[i - 1]?.text === "my") this.#parent = true;
      if (CHILDREN.has(u.text) && units[i - 1]?.text === "my") this.#parent = true;
      opening = OPENERS.has(u.text) || (opening && (e.kind & KIND.ASK) !== 0 && !isMethodAsk(e));
    }
    // "how does a pipe bomb work": a question about how a thing works.
    for (let i = 1; i < units.length; i++) {
      const u = units[i] as Unit;
      if ((u.text === "work" || u.text === "works") && (units[i + 1]?.clause ?? -1) !== u.clause) {
        for (let j = i - 1; j >= 0 && (units[j] as Unit).clause === u.clause; j--) {
          const text = (units[j] as Unit).text;
          if (text === "how does" || text === "how do" || text === "how is") {
            this.#frames.add("explanation");
          }
        }
      }
    }
  }

  /** The frame weight that lowers evidence of `area`, and its name. */
  #frameFor(area: string): [number, string] {
    const hard = this.#conceal;
    const soft = hard || this.#ops || this.#desire;
    let best = 0;
    let name = "";
    for (const frame of AREA_FRAMES[area] ?? []) {
      if (!this.#frames.has(frame)) continue;
      if ((frame === "safety" || frame === "cyber_defense") && hard) continue;
      if (frame === "awareness" && soft) continue;
      // "make my airsoft gun shoot real bullets": the game or film is left behind.
      if ((frame === "game" || frame === "media") && this.#realWorld) continue;
      // Asking to write sexual content about a child is never made safe by a frame; safety
      // frames count only for a parent or protective words.
      if (area === "minors" && (this.#command || this.#desire || this.#wrapper)) continue;
      if (area === "minors" && frame === "safety" && !this.#parent && !this.#protective) continue;
      // A game's server or website is a real system: "ddos a minecraft server".
      if (frame === "game" && area === "cybercrime" && this.#realSystem) continue;
      if ((frame === "definition" || frame === "explanation") && (soft || this.#methodAsk)) {
        continue;
      }
      if ((frame === "history" || frame === "media") && (soft || this.#methodAsk || this.#making)) {
        continue;
      }
      if (frame === "media" && this.#wrapper) continue;
      const weight = FRAME_WEIGHT[frame] ?? 0;
      if (weight > best) {
        best = weight;
        name = frame;
      }
    }
    return [best, name];
  }

  // -------------------------------------------------- evidence

  #add(area: string, what: string, base: number, needsIntent = true): void {
    this.#evidence.push({ area, what, base, needsIntent });
  }

  #note(note: string): void {
    if (!this.#notes.includes(note)) this.#notes.push(note);
  }

  /** The first thing an act at `i` lands on, within a few units of its clause. */
  #objectOf(i: number, span = 6): Target | null {
    const units = this.#units;
    const clause = (units[i] as Unit).clause;
    let owner: Target["owner"] = "none";
    let pronoun: Unit | null = null;
    for (let j = i + 1; j < units.length && j <= i + span; j++) {
      const u = units[j] as Unit;
      if (u.clause !== clause) break;
      const e = u.entry;
      if (u.text === "it" || u.text === "them" || u.text === "they") {
        const antecedent = this.#antecedent(i);
        if (antecedent !== null) return { unit: antecedent, owner };
        if (u.text !== "them") continue;
      }
      if (u.text === "then" || u.text === "and then") break;
      if (u.poss || (e !== null && (e.role & ROLE.PERSON) !== 0 && isOwned(units[j + 1]))) {
        // "my ex's phone", "someone's account", "Sam's address", "my neighbors wifi"
        if (e !== null && (e.role & ROLE.MINOR) !== 0 && owner === "own") owner = "child";
        else if (
          e !== null && (e.role & (ROLE.PERSON | ROLE.MINOR | ROLE.ANIMAL | ROLE.PLACE)) !== 0
        ) {
          owner = "other";
        } else if (e === null && (u.cap || isDevice(units[j + 1]))) owner = "other";
        else if (e !== null && (e.role & ROLE.GOODS) !== 0) owner = "other";
        continue;
      }
      if (e === null) continue;
      if ((e.role & ROLE.OWN) !== 0) {
        owner = "own";
        continue;
      }
      if ((e.role & ROLE.OTHERS) !== 0) {
        // "her" is the object itself unless a noun follows ("her phone").
        const next = units[j + 1];
        if (
          (e.role & ROLE.PERSON) !== 0 &&
          (next === undefined || next.clause !== clause || FUNCTION_WORDS.has(next.text))
        ) {
          return { unit: u, owner: "none" };
        }
        owner = "other";
        if ((e.role & ROLE.PERSON) !== 0) pronoun = u;
        continue;
      }
      if ((e.role & OBJECTS) === 0) {
        // Another act ends the search: "kill the process, then tell them".
        if (j > i + 1 && (e.kind & STOPS) !== 0) break;
        continue;
      }
      if (owner === "own" && (e.role & ROLE.MINOR) !== 0) return { unit: u, owner: "child" };
      // "the barista I like's texts": the person's things after a relative clause.
      if ((e.role & ROLE.PERSON) !== 0) {
        for (let k = j + 1; k < units.length && k <= j + 4; k++) {
          const w = units[k] as Unit;
          const owned = units[k + 1];
          if (w.clause !== clause || owned === undefined) break;
          if (w.poss && ((owned.entry?.role ?? 0) & (ROLE.DEVICE | ROLE.PII)) !== 0) {
            return { unit: owned, owner: "other" };
          }
        }
      }
      // "a gaming server", "the chrome process": a safe word naming the kind of what follows.
      const next = units[j + 1];
      if (
        (e.role & ~ROLE.SAFE) === 0 && next !== undefined && next.clause === clause &&
        ((next.entry?.role ?? 0) & OBJECTS & ~ROLE.SAFE) !== 0
      ) {
        continue;
      }
      return { unit: u, owner };
    }
    if (pronoun !== null) return { unit: pronoun, owner: "none" };
    return null;
  }

  /** The last object-like noun before `i`, for "them" and "it". */
  #antecedent(i: number): Unit | null {
    for (let j = i - 1; j >= 0; j--) {
      const u = this.#units[j] as Unit;
      const e = u.entry;
      if (e === null || u.text === "them" || u.text === "it" || u.text === "they") continue;
      // "protesters outside my shop ... hurt them": people, not the shop.
      if ((e.role & ROLE.GOODS) !== 0 && (e.role & ROLE.PERSON) === 0) continue;
      if ((e.kind & KIND.HAZARD) !== 0 && (e.role & OBJECTS) === 0) return u;
      if ((e.role & (THINGS | ROLE.ANIMAL | ROLE.PERSON | ROLE.MINOR | ROLE.GROUP)) !== 0) return u;
    }
    return null;
  }

  #violence(i: number): void {
    const act = this.#units[i] as Unit;
    // "ransomware attacks", "a bomb attack": the word names the hazard's use, not an act asked for.
    const before = this.#units[i - 1];
    if (
      before?.entry != null && (before.entry.kind & KIND.HAZARD) !== 0 &&
      before.clause === act.clause
    ) {
      return;
    }
    const target = this.#objectOf(i);
    if (target === null) {
      // "i'm gonna wait for him with a bat. where do i hit first": a plan against someone named.
      if (this.#conceal) this.#add("violence", "unspecified", 0.5);
      else if (this.#desire && this.#personBefore(i)) this.#add("violence", "person", 1);
      return;
    }
    const role = target.unit.entry?.role ?? 0;
    const harmable = ROLE.PERSON | ROLE.ANIMAL | ROLE.PLACE | ROLE.MINOR | ROLE.GROUP | ROLE.SELF;
    if ((role & ROLE.SAFE) !== 0 && (role & harmable) === 0) {
      this.#note("benign:safe_target");
      return;
    }
    if ((role & ROLE.SELF) !== 0) this.#add("self_harm", "method", 2);
    else if ((role & ROLE.GROUP) !== 0) this.#add("violence", "group", 2, false);
    else if ((role & ROLE.MINOR) !== 0) this.#add("violence", "child", 1);
    else if ((role & ROLE.PERSON) !== 0) this.#add("violence", "person", 1);
    else if ((role & ROLE.PLACE) !== 0) this.#add("violence", "mass_attack", 1.5);
    else if ((role & ROLE.ANIMAL) !== 0) this.#add("violence", "animal", 1);
    else if (
      (role & ROLE.BODY) !== 0 && (target.owner === "other" || this.#ofPerson(target.unit))
    ) {
      this.#add("violence", "person", 1);
    } else if ((role & ROLE.DRINK) !== 0 && (target.owner === "other" || POISONING.has(act.text))) {
      this.#add("violence", "poisoning", 1);
    }
  }

  /** "how do i cut without my parents finding out": cutting with no object, hidden or planned. */
  #cutting(i: number): void {
    const next = this.#units[i + 1];
    const role = next?.entry?.role ?? 0;
    const objectFollows = next !== undefined && next.clause === (this.#units[i] as Unit).clause &&
      ((role & (OBJECTS | ROLE.OWN | ROLE.OTHERS)) !== 0 || ARTICLES.has(next.text));
    if (!objectFollows && (this.#conceal || this.#desire)) this.#add("self_harm", "method", 2);
  }

  /** The unit at `i` follows another person's possessive ("my dead grandpa's credit card"). */
  #ownedByOther(i: number): boolean {
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
      const u = this.#units[j] as Unit;
      const role = u.entry?.role ?? 0;
      if (u.poss && ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0 || u.entry === null)) return true;
      if ((role & ROLE.OTHERS) !== 0) return true;
    }
    return false;
  }

  /** A person is named before `i` (not the speaker). */
  #personBefore(i: number): boolean {
    for (let j = 0; j < i; j++) {
      const role = this.#units[j]?.entry?.role ?? 0;
      if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0) return true;
    }
    return false;
  }

  /** "the legs of my stepdad": a person follows the body part. */
  #ofPerson(unit: Unit): boolean {
    const at = this.#units.indexOf(unit);
    if (this.#units[at + 1]?.text !== "of") return false;
    for (let j = at + 2; j < this.#units.length && j <= at + 4; j++) {
      const role = this.#units[j]?.entry?.role ?? 0;
      if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0) return true;
    }
    return false;
  }

  /** Something put in another person's food or drink ("xanax in my mom's food"). */
  #poisoning(i: number): void {
    const units = this.#units;
    const clause = (units[i] as Unit).clause;
    const before = units[i - 1];
    const owned = before !== undefined && before.clause === clause &&
      (before.poss || (before.entry !== null && (before.entry.role & ROLE.OTHERS) !== 0));
    if (!owned) return;
    for (let j = Math.max(0, i - 8); j < i; j++) {
      const u = units[j] as Unit;
      if (u.clause !== clause || u.entry === null) continue;
      const e = u.entry;
      if (
        (e.kind & KIND.HAZARD) !== 0 || POISONING.has(u.text) || u.text === "put in" ||
        u.text === "put into" || u.text === "slip into" || u.text === "crush" ||
        u.text === "mix into" || u.text === "add to"
      ) {
        this.#add("violence", "poisoning", 1);
        return;
      }
    }
  }

  #hazard(i: number): void {
    const units = this.#units;
    const u = units[i] as Unit;
    const e = u.entry as Entry;
    const [area, name] = e.label.split(":") as [string, string];
    if (area === undefined || name === undefined) return;
    // "a man poisoned in a hotel room": a told past, not a hazard asked for.
    if (u.past && e.words.length === 1) return;
    const clause = u.clause;
    const weak = name === "weapon" || name === "document";
    // Everyday weapons and papers count only when made, forged or converted, unless evasion is asked.
    const verbs = weak && !this.#conceal
      ? KIND.PRODUCE | (name === "document" ? KIND.FRAUD : 0)
      : VERBS;
    // "hide a camera", "in someone else's name": the act is part of the phrase.
    let verb = (e.words.length >= 3 && !weak) || (e.words.length > 1 && startsWithVerb(e)) ||
      CRIME_NOUNS.has(u.text);
    for (let j = Math.max(0, i - 6); j <= i + 3 && j < units.length; j++) {
      const v = units[j] as Unit;
      if (j === i || v.clause !== clause || v.entry === null) continue;
      // "how is fentanyl made" asks how to make it; "my son found a bullet" tells a story.
      if (v.past && (v.entry.kind & KIND.PRODUCE) === 0) continue;
      if ((v.entry.kind & verbs) === 0) continue;
      if (name === "extremism" && j > i) continue;
      verb = true;
    }
    if (weak && units[i - 1]?.text === "my" && !this.#conceal) verb = false;
    const selfHarm = area === "self_harm" && (this.#ask || this.#desire);
    if (!verb && (weak || !this.#ops) && !this.#conceal && !selfHarm) {
      this.#note(`topic:${area}`);
      return;
    }
    this.#add(area, name, e.severity + (verb ? 0.5 : 0));
  }

  #cyber(i: number): void {
    const target = this.#objectOf(i, 7);
    const act = (this.#units[i] as Unit).text;
    if (target === null) {
      if (this.#conceal && act !== "steal" && act !== "access" && act !== "get into") {
        this.#add("cybercrime", "intrusion", 0.5);
      }
      return;
    }
    const role = target.unit.entry?.role ?? 0;
    if ((role & ROLE.SAFE) !== 0 && (role & (ROLE.DEVICE | ROLE.GOODS)) === 0) {
      this.#note("benign:safe_target");
      return;
    }
    if ((role & (ROLE.DEVICE | ROLE.PERSON | ROLE.PII | ROLE.GOODS)) === 0) return;
    const person = (role & (ROLE.PERSON | ROLE.MINOR)) !== 0;
    if (!person && (target.owner === "own" || target.owner === "child")) {
      this.#note("benign:own_device");
      return;
    }
    this.#add("cybercrime", "intrusion", 1);
  }

  /** Someone else's password or login, or an administrator's. */
  #credentials(i: number): void {
    const units = this.#units;
    const clause = (units[i] as Unit).clause;
    for (let j = Math.max(0, i - 8); j < units.length && j <= i + 8; j++) {
      const u = units[j] as Unit;
      if (u.clause !== clause || j === i) continue;
      const role = u.entry?.role ?? 0;
      const other = (u.poss && ((role & (ROLE.PERSON | ROLE.PLACE | ROLE.MINOR)) !== 0 || u.cap)) ||
        ((role & ROLE.OTHERS) !== 0 && u.text !== "its") || u.text === "admin" ||
        u.text === "administrator";
      if (other && !this.#parent) {
        this.#add("cybercrime", "credentials", 1);
        return;
      }
    }
  }

  #privacy(i: number): void {
    const act = (this.#units[i] as Unit).text;
    const target = this.#objectOf(i, 5);
    if (target === null) return;
    const role = target.unit.entry?.role ?? 0;
    const person = (role & (ROLE.PERSON | ROLE.MINOR)) !== 0;
    // A parent minding a child's phone is not spying, unless it is done in secret.
    const parental = target.owner === "child" || (this.#parent && target.unit.text !== "them");
    if (parental && !this.#conceal) return;
    if (!person && target.owner === "own") return;
    const theirs = target.owner === "other" || /^(?:her|his|their) /.test(target.unit.text);
    if ((role & ROLE.PII) !== 0 && theirs) {
      this.#add("privacy", "personal_data", 1);
    } else if (
      (role & ROLE.DEVICE) !== 0 && (target.owner === "other" || this.#conceal) && act !== "find"
    ) {
      this.#add("privacy", "tracking", 1);
    } else if (person && (FOLLOWING.has(act) || (this.#conceal && FILMING.has(act)))) {
      this.#add("privacy", act === "dox" || act === "doxx" ? "doxxing" : "tracking", 1);
    }
  }

  /** Personal data of another person named as such ("my ex's new address"). */
  #personalData(i: number): void {
    const units = this.#units;
    const u0 = units[i] as Unit;
    const clause = u0.clause;
    if (THIRD_PERSON_PII.has(u0.text) || /^(?:her|his|their) /.test(u0.text)) {
      if (!this.#parent || this.#conceal) this.#add("privacy", "personal_data", 1);
      return;
    }
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
      const u = units[j] as Unit;
      if (u.clause !== clause) return;
      const e = u.entry;
      const personal = e !== null && (e.role & (ROLE.PERSON | ROLE.MINOR)) !== 0;
      const strong = STRONG_PII.has(u0.text) && u.poss && u.text !== "my" && u.text !== "your";
      if ((u.poss && (personal || (e === null && u.cap))) || (personal && j === i - 1) || strong) {
        if (this.#parent && !this.#conceal) return;
        this.#add("privacy", "personal_data", 1);
        return;
      }
      if (e !== null && (e.role & ROLE.OTHERS) !== 0 && u.text !== "its") {
        if (this.#parent && !this.#conceal) return;
        this.#add("privacy", "personal_data", 1);
        return;
      }
      if (e !== null && (e.role & ROLE.OWN) !== 0) return;
    }
    // "the home address of a journalist"
    const next = units[i + 1];
    if (next?.text === "of" && next.clause === clause) {
      for (const w of units.slice(i + 2, i + 5)) {
        if (w === undefined) continue;
        const role = w.entry?.role ?? 0;
        if ((role & ROLE.PERSON) !== 0 || (w.entry === null && w.cap)) {
          this.#add("privacy", "personal_data", 1);
          return;
        }
      }
    }
  }

  /** "where does she live", "where my ex lives now". */
  #whereaboutsOf(i: number): void {
    const units = this.#units;
    const clause = (units[i] as Unit).clause;
    let person = false;
    for (let j = i - 1; j >= 0 && j >= i - 6; j--) {
      const u = units[j] as Unit;
      if (u.clause !== clause) return;
      const role = u.entry?.role ?? 0;
      if ((u.text === "i" || u.text === "you" || u.text === "we") && j === i - 1) return;
      if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0 || (u.entry === null && u.cap)) person = true;
      if (/(?:^| )(?:where|which|what|who)$/.test(u.text) && person) {
        if (this.#parent && !this.#conceal) return;
        this.#add("privacy", "personal_data", 1);
        return;
      }
    }
  }

  #fraud(i: number): void {
    const u = this.#units[i] as Unit;
    const target = this.#objectOf(i, 6);
    const steal = ((u.entry?.kind ?? 0) & KIND.FRAUD) === 0;
    if (target === null) {
      // "fake a car accident": the phrase is the whole crime.
      const whole = (u.entry?.words.length ?? 0) > 2;
      if (!steal || this.#conceal || whole) {
        this.#add("fraud", steal ? "theft" : "scam", whole ? 1 : 0.5);
      }
      return;
    }
    const role = target.unit.entry?.role ?? 0;
    if ((role & ROLE.SAFE) !== 0 && (role & (ROLE.GOODS | ROLE.PERSON | ROLE.DEVICE)) === 0) {
      this.#note("benign:safe_target");
      return;
    }
    if (target.owner === "own" && (role & ROLE.GOODS) !== 0 && steal) return;
    // Cheating on a partner or a test is not fraud.
    if (u.text === "cheat" && (role & (ROLE.GOODS | ROLE.DEVICE)) === 0) return;
    if (
      (role &
        (ROLE.PERSON | ROLE.MINOR | ROLE.GROUP | ROLE.GOODS | ROLE.DEVICE | ROLE.PII |
          ROLE.PLACE)) !== 0
    ) {
      this.#add("fraud", steal ? "theft" : "scam", 1);
    }
  }

  #harass(i: number): void {
    const u = this.#units[i] as Unit;
    const target = this.#objectOf(i, 6);
    if (target === null) {
      // "until she quits", "or else": the harm is in the phrase itself.
      if (u.entry !== null && u.entry.words.length > 1) this.#add("hate", "harassment", 1);
      return;
    }
    const role = target.unit.entry?.role ?? 0;
    if ((role & ROLE.SAFE) !== 0 && (role & ROLE.PERSON) === 0) {
      this.#note("benign:safe_target");
      return;
    }
    if ((role & ROLE.GROUP) !== 0) this.#add("hate", "harassment", 1.5);
    else if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0) this.#add("hate", "harassment", 1);
    else if (target.owner === "other") this.#add("hate", "harassment", 1);
    else if (u.entry !== null && u.entry.words.length > 1) this.#add("hate", "harassment", 1);
  }

  /** A threatening or abusive message asked for. */
  #threat(i: number): void {
    const units = this.#units;
    const u = units[i] as Unit;
    const e = u.entry as Entry;
    const before = units[i - 1];
    const hostile = (e.kind & KIND.HATEFUL) !== 0 || u.text.includes("threat") ||
      (before !== undefined && before.clause === u.clause && before.entry !== null &&
        (before.entry.kind & KIND.HATEFUL) !== 0);
    if (!hostile) return;
    if (e.label !== "neutral" && !u.text.includes("threat") && !u.text.startsWith("threatening")) {
      return;
    }
    this.#add("hate", "threat", 1);
  }

  /** Sexual content or grooming next to a child. */
  #child(i: number): void {
    const units = this.#units;
    const clause = (units[i] as Unit).clause;
    let sexual = false;
    let grooming = false;
    for (let j = Math.max(0, i - 10); j < units.length && j <= i + 10; j++) {
      const u = units[j] as Unit;
      if (Math.abs(u.clause - clause) > 1 || u.entry === null || j === i) continue;
      if ((u.entry.kind & KIND.SEXUAL) !== 0) sexual = true;
      if ((u.entry.kind & KIND.GROOMING) !== 0) grooming = true;
    }
    if (sexual) this.#add("minors", "sexual", 2.5, false);
    else if (grooming) this.#add("minors", "grooming", 1.5);
  }

  /** Demeaning claims about a group, or content made to demean it. */
  #group(i: number): void {
    const units = this.#units;
    const clause = (units[i] as Unit).clause;
    let derog = false;
    let artifact = false;
    let hateful = false;
    for (let j = Math.max(0, i - 8); j < units.length && j <= i + 8; j++) {
      const u = units[j] as Unit;
      if (u.clause !== clause || u.entry === null || j === i) continue;
      const e = u.entry;
      if ((e.kind & KIND.DEROG) !== 0) derog = true;
      if ((e.kind & KIND.HATEFUL) !== 0 && (e.kind & KIND.ARTIFACT) === 0) hateful = true;
      if (
        (e.kind & KIND.ARTIFACT) !== 0 && (e.label !== "neutral" || (e.kind & KIND.HATEFUL) !== 0)
      ) {
        artifact = true;
      }
      if ((e.kind & KIND.HARASS) !== 0) hateful = true;
    }
    const group = ((units[i] as Unit).entry?.role ?? 0) & ROLE.GROUP;
    if (derog && group !== 0) this.#add("hate", "group", 2, false);
    else if (derog) this.#add("hate", "group", 1);
    else if (artifact || hateful) this.#add("hate", "group", hateful && artifact ? 1.5 : 1);
  }

  // ---------------------------------------------------- verdict

  #verdict(): HarmAssessment {
    const intent = this.#ask || this.#desire || this.#command;
    let best = -Infinity;
    let top: Evidence | null = null;
    let topFrame = "";
    const blocking: Evidence[] = [];
    for (const ev of this.#evidence) {
      const [weight, frame] = this.#frameFor(ev.area);
      const score = ev.base + (ev.needsIntent && intent ? 1 : 0) + (this.#ops ? 1 : 0) +
        (this.#conceal ? 1.5 : 0) - weight;
      if (score >= BLOCK_SCORE) blocking.push(ev);
      if (score > best) {
        best = score;
        top = ev;
        topFrame = frame;
      }
    }
    if (blocking.length > 0) {
      const reasons: string[] = [];
      for (const ev of blocking) {
        const reason = `harm:${ev.area}:${ev.what}`;
        if (!reasons.includes(reason)) reasons.push(reason);
      }
      if (this.#conceal) reasons.push("intent:concealment");
      if (this.#ops) reasons.push("intent:operational_detail");
      if (this.#desire) reasons.push("intent:plan");
      else if (this.#ask || this.#command) reasons.push("intent:asks_how");
      return { block: reasons, notes: [], sensitive: true };
    }
    const notes = this.#notes.filter((n) => !n.startsWith("topic:"));
    if (top !== null && topFrame !== "") notes.push(`benign:frame:${topFrame}`);
    else if (top !== null) notes.push(`benign:no_intent:${top.area}`);
    return {
      block: [],
      notes,
      sensitive: top !== null || this.#notes.some((n) => n.startsWith("topic:")),
    };
  }
}

/** Protective words under which a question about a child and sex is a parent's or teacher's. */
const PROTECTIVE =
  /^(?:protect|protection|prevent|prevention|report|reporting|how to report|signs of|warning signs|red flags?|is (?:that|it|this) a red flag|child protection|body safety|parental controls|talk to my|teach my|as a parent|as parents|consent|sex education|sex ed|puberty|age appropriate|safe touch|good touch|bad touch|help my (?:kid|child|son|daughter))$/;

/** An account or device follows ("a stranger's phone"). */
function isDevice(next: Unit | undefined): boolean {
  return ((next?.entry?.role ?? 0) & ROLE.DEVICE) !== 0;
}

/** Personal data that only a person has: "the gym's home address" is still someone's. */
const STRONG_PII = new Set([
  "home address",
  "house address",
  "new address",
  "ssn",
  "social security number",
  "texts",
  "text messages",
  "messages",
  "dms",
  "location",
  "current location",
  "live location",
  "whereabouts",
  "nudes",
  "private photos",
  "daily routine",
  "schedule",
  "ip address",
]);

/** Hazards named as the crime itself: asking how to do one needs no other verb. */
const CRIME_NOUNS = new Set([
  "straw purchase",
  "straw buyer",
  "money laundering",
  "tax evasion",
  "insurance fraud",
  "tax fraud",
  "wire fraud",
  "credit card fraud",
  "identity theft",
  "check fraud",
  "benefit fraud",
  "welfare fraud",
  "refund scam",
  "return fraud",
  "chargeback fraud",
  "romance scam",
  "grandparent scam",
  "ponzi scheme",
  "pyramid scheme",
  "pump and dump",
  "insider trading",
  "carding",
  "structuring",
  "smurfing",
  "mass shooting",
  "school shooting",
  "terrorist attack",
  "terror attack",
  "bombing",
]);

/** Verbs that invert a question after "how" ("how does it work"). */
const QUESTION_VERBS = new Set(["does", "do", "did", "is", "are", "was", "were", "has", "have"]);

/** Articles and determiners that open an object. */
const ARTICLES = new Set(["a", "an", "the", "some", "your"]);
/** Agents whose trade is a crime. */
const CRIMINALS = new Set([
  "drug dealer",
  "dealer",
  "hitman",
  "hit man",
  "assassin",
  "contract killer",
  "pimp",
  "human trafficker",
  "trafficker",
  "smuggler",
  "arms dealer",
  "gang member",
  "cartel member",
  "terrorist",
  "scammer",
  "con artist",
  "cat burglar",
  "burglar",
  "pickpocket",
  "loan shark",
  "kingpin",
  "drug lord",
  "drug mule",
  "mule",
  "serial killer",
  "hacker",
]);
/** Words before an agent that make it a career asked for ("become a drug dealer"). */
const BECOMING = new Set(["become", "becoming", "be", "a", "an", "work as", "get into being"]);

/** Words before an agent that ask how such people work ("how do scammers"). */
const AWARE_OPENERS = new Set(["do", "does", "did", "are", "would", "can", "could", "why", "what"]);

/** Words that take a request out of a game or a story. */
const REAL_WORLD = new Set(["real", "actual", "irl", "in real life", "real life", "for real"]);

/** Systems that are real even inside a game. */
const REAL_SYSTEMS = new Set([
  "server",
  "website",
  "site",
  "network",
  "account",
  "database",
  "ip",
  "ip address",
  "xbox",
  "playstation",
  "console",
  "router",
]);

/** A phrase that starts with an act ("hide a camera"). */
function startsWithVerb(e: Entry): boolean {
  for (const first of ENTRIES_BY_FIRST.get(e.words[0] as string) ?? []) {
    if (first.words.length === 1 && (first.kind & VERBS) !== 0) return true;
  }
  return false;
}

/** The unit after a person word is something they own ("my neighbors wifi"). */
function isOwned(next: Unit | undefined): boolean {
  const role = next?.entry?.role ?? 0;
  return (role & (ROLE.DEVICE | ROLE.PII | ROLE.DRINK)) !== 0 && (role & ROLE.PERSON) === 0;
}

/** Asks that only open a request politely. */
const POLITE_ASKS = new Set([
  "tell me",
  "give me",
  "get me",
  "let me know",
  "lemme know",
  "can you",
  "please",
]);

/** Asks for a way of doing something, as opposed to polite openers ("can you", "please"). */
function isMethodAsk(e: Entry): boolean {
  if (POLITE_ASKS.has(e.phrase)) return false;
  return e.words.some((w) =>
    w === "i" || w === "to" || w === "way" || w === "ways" || w === "method" || w === "technique" ||
    w === "trick" || w === "tip" || w === "me" || w === "we" || w === "one" || w === "someone" ||
    w === "best" || w === "easiest" || w === "where" || w === "needed" || w === "required" ||
    w === "need" || w === "take"
  );
}
