/**
 * The embedded reference Soul: a deterministic rules engine that derives a
 * whole decision (pre-validation, confidence, route, block, question,
 * reasons) from the input text alone.
 *
 * How it reads a request:
 * 1. Structure: empty, no words, control characters, broken UTF-16, stacked
 *    combining marks, bidirectional overrides, deep nesting, length.
 * 2. Risk, on the cleaned text and on every de-obfuscated reading of it
 *    (zero-width characters stripped, NFKC plus look-alike letters mapped to
 *    Latin, base64 blobs decoded, rot13 and leetspeak undone, overridden
 *    text reversed): instruction overrides, role play, prompt extraction,
 *    injected instructions, requests for harmful help. Any hit blocks.
 *    Single alarming words ("kill a process") never block; they only fail
 *    the strict pre-validation screen.
 * 3. Intent: contradictions, missing or ambiguous details, vague references.
 *    Any hit routes to clarification with a question.
 * 4. Pre-validation passes only clean, well-formed, single-intent requests
 *    with no marker at all.
 *
 * Long inputs (over 2,000 code units): the first {@linkcode DETAIL_LIMIT} code
 * units are read in full (risk and structure only); the rest is swept for
 * injection markers with plain substring search, never lower-cased or
 * normalised as a whole, and a window around each confirmed hit is read in
 * full, so an instruction buried deep in a document is still found.
 *
 * @module
 */
import type { Decision, Target, TargetInput } from "../model/decision.ts";
import {
  ALARMING_WORDS,
  ALTERNATIVES,
  AMBIGUOUS_ENTITY,
  AMBIGUOUS_PLACE,
  AMOUNT,
  AUTHORITY_CLAIM,
  BARE_HOUR,
  BARE_ORDINAL,
  BLOCKED_QUESTION,
  CLOCK_TIME,
  CONFLICT_RULES,
  DAY_OR_DATE,
  EXPENSIVE,
  FRAGMENT,
  HIM_HER,
  HOLD_UNTIL,
  INJECTION_RULES,
  KEY_INDEX,
  MARKUP,
  MULTI_STEP,
  MULTILINGUAL_RULE,
  OBFUSCATED_KEYWORDS,
  PRIVILEGED_GOAL,
  PRONOUN_COMMAND,
  QUESTIONS,
  ROT13_HINT,
  type Rule,
  RULES,
  SLOT_RULES,
  SQL_FRAGMENT,
  TEMPLATE_MARKERS,
  TINY_BUDGET,
  TYPO,
  TYPO_MAP,
  UNCLEAR_GOAL,
  UNCLEAR_REFERENCE,
  UNGATED,
  URGENT,
  VAGUE_QUANTITY,
} from "./_patterns.ts";
import { assessHarm, HARM_LIMIT } from "./_assess_harm.ts";
import { assessCues, hasBenignFrame, normalizeChat } from "./_harm_cues.ts";
import { EVIDENCE_BLOCK, evidenceReason, weighWords } from "./_guard_evidence.ts";
import { decodeBase64Blobs, LEET_WORD, prepareText, rot13, unleet } from "./_text.ts";

/** Code units of an input read in full; the rest is swept for injection markers only. */
export const DETAIL_LIMIT = 1024;

/** Inputs longer than this fail pre-validation (too long for the fast path). */
const FAST_PATH_MAX = 240;
/** Inputs longer than this are reported as long, and read in full only up to {@linkcode DETAIL_LIMIT}. */
const LONG_INPUT = 2000;
/** Bracket depth from which a payload counts as deeply nested. */
const DEEP_NESTING = 32;
/** Markers swept for in the unread tail of long inputs (case-sensitive substrings). */
const TAIL_MARKERS = ["gnore", "uction", "user"];
/** Characters read around a tail marker. */
const TAIL_WINDOW = 240;
/** Most windows read in the tail of one input. */
const MAX_WINDOWS = 16;

const NAME = /(?<=\s)[A-Z][a-z]+\b/g;
const NOT_NAMES =
  /^(?:I|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Not|The|Hi|Please|Thanks)$/;
const MONTHLY = /\b(?:monthly|every month|each month)\b/;
const QUOTED = /(^|[\s:(])(?:'[^\n]{2,200}?'|"[^"\n]{2,200}?")(?=[\s.,!?;)]|$)/g;
const NESTING_TAGS = /(?:<[a-z][a-z0-9]*>){8}/;

/** Evaluates one input. Pure, deterministic and synchronous; never throws. */
export function evaluateInput(text: string): Decision {
  return decideSafely(text, true);
}

/**
 * Evaluates one input with the rules alone, without the learned word
 * evidence: what the evidence is measured against. Never throws.
 */
export function evaluateRulesOnly(text: string): Decision {
  return decideSafely(text, false);
}

/** {@linkcode decide}, with an unreadable input routed to clarification instead of a throw. */
function decideSafely(text: string, evidence: boolean): Decision {
  try {
    return decide(typeof text === "string" ? text : String(text), evidence);
  } catch {
    return {
      confidence: 0.2,
      pre_validation: "failed",
      approval_path: "clarification",
      clarification_question: QUESTIONS["structure:malformed_unicode"] as string,
      reasons: ["structure:unreadable"],
    };
  }
}

/** The embedded reference engine as a target: answers synchronously. */
export function createReferenceTarget(): Target {
  return {
    name: "reference",
    evaluate: (request: TargetInput): Decision => evaluateInput(request.input),
  };
}

/** What the analysis found. */
interface Findings {
  reasons: string[];
  /** Reasons that block. */
  block: number;
  /** Reasons that route to clarification. */
  clarify: number;
  /** Reasons that only fail pre-validation. */
  flags: number;
  /** The first clarifying reason (asked about). */
  ask: string | null;
}

function decide(text: string, evidence: boolean): Decision {
  const length = text.length;
  if (length === 0 || (length <= 256 && text.charCodeAt(0) <= 32 && text.trim() === "")) {
    return clarification(["structure:empty"], "structure:empty", 0.25);
  }
  const long = length > LONG_INPUT;
  const detailed = long ? headOf(text, DETAIL_LIMIT) : text;
  const prep = prepareText(detailed);
  if (!long && prep.lower.trim() === "") {
    return clarification(["structure:empty"], "structure:empty", 0.25);
  }
  const f: Findings = { reasons: [], block: 0, clarify: 0, flags: 0, ask: null };
  const lower = prep.lower;
  const g = gate(lower, !prep.ascii, true);

  // 1. Structure.
  if (prep.control) clarify(f, "structure:control_chars");
  if (prep.malformed) clarify(f, "structure:malformed_unicode");
  if (prep.combiningFlood) clarify(f, "structure:combining_flood");
  if (prep.bidi) clarify(f, "obfuscation:bidi_override");
  if (prep.noWords) clarify(f, "structure:no_words");
  if (g.openers >= DEEP_NESTING / 4 && isDeeplyNested(detailed)) {
    clarify(f, "structure:deep_nesting");
  }
  if (prep.zeroWidth) flag(f, "obfuscation:zero_width");
  if (prep.homoglyph) flag(f, "obfuscation:homoglyph");
  if (prep.fullwidth) flag(f, "obfuscation:fullwidth");
  if (prep.rtl) flag(f, "structure:rtl_script");
  if (long) flag(f, "structure:long_input");

  // 2. Risk on every reading of the text.
  scanRisk(f, lower, g, prep.cleaned);
  if (prep.bidi) scanVariant(f, [...lower].reverse().join(""), "obfuscation:bidi_override");
  if (g.longRun >= 16) {
    const decoded = decodeBase64Blobs(prep.cleaned);
    if (decoded !== "") scanVariant(f, decoded, "encoding:base64");
  }
  if (hit(g, ROT13_HINT, lower)) scanVariant(f, rot13(lower), "encoding:rot13");
  if (g.leetish && LEET_WORD.test(lower)) {
    scanVariant(f, unleet(lower), "encoding:leetspeak");
  }
  if (long && f.block === 0) sweepTail(f, text);
  if (evidence && f.block === 0) weighEvidence(f, lower);

  if (f.block === 0) {
    // Payloads that are harmless as data but risky downstream.
    const marks = g.marks;
    if (((marks & MARKUP_CHARS) !== 0 || lower.includes("javascript:")) && MARKUP.test(lower)) {
      clarify(f, "risk:markup");
    }
    if (
      ((marks & TEMPLATE_CHARS) !== 0 || lower.includes("__")) && TEMPLATE_MARKERS.test(lower)
    ) {
      clarify(f, "risk:template_markers");
    }
    if (
      ((marks & SQL_CHARS) !== 0 || lower.includes("union") || lower.includes("drop")) &&
      SQL_FRAGMENT.test(lower)
    ) {
      flag(f, "risk:sql_fragment");
    }
    if (g.alarming) flag(f, "risk:alarming_words");
    // 3. Intent (sentence-level rules read short requests only).
    if (!long) scanIntent(f, lower, detailed, g, prep.ascii);
  }

  return finish(f, text, g);
}

/** Which rules may match a text, from its words; plus cheap character facts. */
interface Gate {
  /** Stamp array: the rule at an index may match when its entry equals `epoch`. */
  on: Uint32Array;
  /** This gate's stamp. */
  epoch: number;
  /** Opening brackets and angle brackets. */
  openers: number;
  /** A quote character appears. */
  quotes: boolean;
  /** Concrete details: numbers, addresses, quoted strings. */
  details: number;
  /** A word from the alarming list appears. */
  alarming: boolean;
  /** A digit appears. */
  digit: boolean;
  /** Which classes of symbols appear (bits of `SYMBOLS`). */
  marks: number;
  /** Two or more digits or `@ $ |` inside words (possible leetspeak). */
  leetish: boolean;
  /** A common chat typo appears ("teh", "u", "pls"). */
  typo: boolean;
  /** Longest run of base64 characters. */
  longRun: number;
  /** Number of words (runs of a-z). */
  words: number;
}

/**
 * Stamp arrays shared by every call (the engine is synchronous, so calls
 * never interleave): one for the request text, one for derived readings.
 */
const MAIN_ON = new Uint32Array(RULES.length);
const AUX_ON = new Uint32Array(RULES.length);
let epoch = 0;

function gate(lower: string, nonAscii: boolean, main = false): Gate {
  const on = main ? MAIN_ON : AUX_ON;
  epoch = (epoch + 1) >>> 0;
  if (epoch === 0) {
    MAIN_ON.fill(0);
    AUX_ON.fill(0);
    epoch = 1;
  }
  const stamp = epoch;
  for (const i of UNGATED) on[i] = stamp;
  if (nonAscii) on[MULTILINGUAL_RULE.index] = stamp;
  let quotes = 0;
  let details = 0;
  let openers = 0;
  let alarming = false;
  let digit = false;
  let marks = 0;
  let typo = false;
  let words = 0;
  let start = -1;
  let hash = 0;
  let run = 0;
  let longRun = 0;
  let prevLetter = false;
  let leetRun = 0;
  let sandwiches = 0;
  const n = lower.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? lower.charCodeAt(i) : 32;
    const letter = c >= 97 && c <= 122;
    const number = c >= 48 && c <= 57;
    run = letter || number || c === 43 || c === 47 ? run + 1 : 0;
    if (run > longRun) longRun = run;
    const leet = number || c === 64 || c === 36 || c === 124;
    if (leet) {
      leetRun = leetRun === 0 && !prevLetter ? -1 : leetRun < 0 ? -1 : leetRun + 1;
    } else {
      if (letter && leetRun > 0 && leetRun <= 2) sandwiches++;
      leetRun = 0;
    }
    prevLetter = letter;
    if (letter) {
      if (start < 0) {
        start = i;
        hash = 0;
      }
      hash = (Math.imul(hash, 31) + c) & 0x3fffffff;
      continue;
    }
    if (number) {
      if (!digit || run === 1) details++;
      digit = true;
    } else if (c < 128 && SYMBOLS[c] !== 0) {
      marks |= SYMBOLS[c] as number;
      if (c === 39 || c === 34) quotes++;
      else if (c === 91 || c === 123 || c === 40 || c === 60) openers++;
      else if (c === 64) details++;
    }
    if (start >= 0) {
      words++;
      // Words are matched by hash, then confirmed, so no substring is made.
      const info = WORD_INFO.get(hash);
      if (
        info !== undefined && info.word.length === i - start && lower.startsWith(info.word, start)
      ) {
        for (const r of info.rules) on[r] = stamp;
        if (info.alarming) alarming = true;
        if (info.typo) typo = true;
      }
      start = -1;
    }
  }
  return {
    on,
    epoch: stamp,
    openers,
    quotes: quotes > 0,
    details: details + (quotes >> 1),
    alarming,
    digit,
    marks,
    leetish: sandwiches >= 2,
    typo,
    longRun,
    words,
  };
}

/** What a word enables: rules to run, and whether it is alarming or a typo. */
interface WordInfo {
  word: string;
  rules: readonly number[];
  alarming: boolean;
  typo: boolean;
}

/** Key words by their hash (as computed in {@linkcode gate}). */
const WORD_INFO: ReadonlyMap<number, WordInfo> = buildWordInfo();

function wordHash(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) {
    hash = (Math.imul(hash, 31) + word.charCodeAt(i)) & 0x3fffffff;
  }
  return hash;
}

function buildWordInfo(): Map<number, WordInfo> {
  const info = new Map<number, WordInfo>();
  const typos = [...Object.keys(TYPO_MAP).filter((t) => /^[a-z]+$/.test(t)), "b"];
  for (const word of new Set([...KEY_INDEX.keys(), ...ALARMING_WORDS, ...typos])) {
    if (!/^[a-z]+$/.test(word)) throw new Error(`Key word '${word}' must be letters a-z only`);
    const hash = wordHash(word);
    const other = info.get(hash);
    if (other !== undefined) throw new Error(`Key words '${word}' and '${other.word}' collide`);
    info.set(hash, {
      word,
      rules: KEY_INDEX.get(word) ?? [],
      alarming: ALARMING_WORDS.has(word),
      typo: typos.includes(word),
    });
  }
  return info;
}

/** Character classes noted by {@linkcode gate}, as bits. */
const MARKUP_CHARS = 1;
const TEMPLATE_CHARS = 2;
const SQL_CHARS = 4;
const OTHER_CHARS = 8;
const SYMBOLS = new Uint8Array(128);
for (const c of "<>=") SYMBOLS[c.charCodeAt(0)] = MARKUP_CHARS;
for (const c of "{}%$#") SYMBOLS[c.charCodeAt(0)] = TEMPLATE_CHARS;
for (const c of "'\";") SYMBOLS[c.charCodeAt(0)] = SQL_CHARS;
for (const c of "[]()@|") SYMBOLS[c.charCodeAt(0)] = OTHER_CHARS;

function hit(g: Gate, rule: Rule, text: string): boolean {
  return g.on[rule.index] === g.epoch && rule.re.test(text);
}

/** The first `n` code units, one fewer if that would split a surrogate pair. */
function headOf(text: string, n: number): string {
  const last = text.charCodeAt(n - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}

function block(f: Findings, id: string): void {
  if (!f.reasons.includes(id)) f.reasons.push(id);
  f.block++;
}

function clarify(f: Findings, id: string): void {
  if (f.reasons.includes(id)) return;
  f.reasons.push(id);
  f.clarify++;
  if (f.ask === null) f.ask = id;
}

/** A reason that explains the decision without changing it. */
function note(f: Findings, id: string): void {
  if (!f.reasons.includes(id)) f.reasons.push(id);
}

function flag(f: Findings, id: string): void {
  if (f.reasons.includes(id)) return;
  f.reasons.push(id);
  f.flags++;
}

function scanRisk(f: Findings, lower: string, g: Gate, cased?: string): number {
  const before = f.block;
  for (const rule of INJECTION_RULES) if (hit(g, rule, lower)) block(f, rule.id);
  const chat = normalizeChat(lower);
  const harm = assessHarm(chat, chat.length === lower.length ? cased : undefined);
  const cues = assessCues(
    chat.length > HARM_LIMIT ? chat.slice(0, HARM_LIMIT) : chat,
    harm.sensitive && harm.block.length === 0,
  );
  // A strong benign frame (a villain for a play, proving a note is real) outweighs the
  // lexicon's reading when no cue of how harmful requests are put agrees with it.
  const framed = cues.length === 0 && harm.block.length > 0 && hasBenignFrame(chat, harm.block);
  for (const reason of framed ? [] : harm.block) block(f, reason);
  for (const reason of cues) block(f, reason);
  for (const reason of harm.notes) note(f, reason);
  if (framed) note(f, "benign:frame:stated");
  if (harm.sensitive && harm.block.length === 0 && cues.length === 0) {
    flag(f, "risk:sensitive_topic");
  }
  if (hit(g, MULTILINGUAL_RULE, lower)) block(f, MULTILINGUAL_RULE.id);
  if (
    hit(g, AUTHORITY_CLAIM, lower) && (f.block > before || PRIVILEGED_GOAL.test(lower))
  ) {
    block(f, AUTHORITY_CLAIM.id);
  }
  return f.block - before;
}

/**
 * Learned word evidence: a request the rules let through is blocked when
 * the word model is confident it is harmful; the reason names its heaviest words.
 */
function weighEvidence(f: Findings, lower: string): void {
  const evidence = weighWords(lower);
  if (evidence.probability < EVIDENCE_BLOCK) return;
  block(f, "harm:learned_evidence");
  note(f, evidenceReason(evidence));
}

/**
 * An encoded request (base64, rot13, leetspeak) with a harmful keyword
 * blocks even when no full rule matches: leetspeak writes `i` and `l` alike,
 * so its words cannot always be restored exactly.
 */
function scanKeywords(f: Findings, lower: string, encoding: string): void {
  if (OBFUSCATED_KEYWORDS.test(lower.replaceAll("l", "i"))) {
    block(f, encoding);
    block(f, "injection:obfuscated_request");
  }
}

function scanVariant(f: Findings, variant: string, encoding: string): void {
  if (scanRisk(f, variant, gate(variant, true)) > 0) block(f, encoding);
  else scanKeywords(f, variant, encoding);
}

/**
 * Sweeps the unread tail of a long input for injection markers with plain
 * substring search (markers chosen to start with rarer letters, which is
 * what makes the search fast), confirms each hit on the few characters
 * around it, and reads a window around a confirmed hit in full.
 */
function sweepTail(f: Findings, text: string): void {
  let windows = 0;
  for (const marker of TAIL_MARKERS) {
    let at = text.indexOf(marker, DETAIL_LIMIT - TAIL_WINDOW);
    while (at >= 0 && windows < MAX_WINDOWS) {
      if (confirmsMarker(text, marker, at)) {
        windows++;
        const window = prepareText(text.slice(Math.max(0, at - TAIL_WINDOW), at + TAIL_WINDOW));
        if (scanRisk(f, window.lower, gate(window.lower, !window.ascii)) > 0) return;
        at = text.indexOf(marker, at + TAIL_WINDOW);
      } else {
        at = text.indexOf(marker, at + marker.length);
      }
    }
  }
}

/** The letters around a marker hit make it worth reading: "ignore", "instruction", "the user". */
function confirmsMarker(text: string, marker: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 4), at).toLowerCase();
  if (marker === "gnore") return before.endsWith("i");
  if (marker === "uction") return before === "nstr";
  return before === "the " || text.charCodeAt(at + 4) === 39; // "the user", "user's"
}

function isDeeplyNested(text: string): boolean {
  let depth = 0;
  let max = 0;
  const end = Math.min(text.length, 2048);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123 || c === 40) { // [ { (
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125 || c === 41) { // ] } )
      depth--;
    }
  }
  return max >= DEEP_NESTING || (text.includes("<") && NESTING_TAGS.test(text));
}

function scanIntent(
  f: Findings,
  raw: string,
  original: string,
  rawGate: Gate,
  ascii: boolean,
): void {
  let lower = raw;
  let g = rawGate;
  if (rawGate.typo) lower = lower.replace(TYPO, (t) => TYPO_MAP[t] ?? t);
  // Quoted text is content to work on, not instructions.
  if (rawGate.quotes) lower = lower.replace(QUOTED, "$1quoted");
  if (lower !== raw) g = gate(lower, false);
  for (const rule of CONFLICT_RULES) if (hit(g, rule, lower)) clarify(f, rule.id);
  if (hit(g, HOLD_UNTIL, lower) && URGENT.test(lower)) clarify(f, HOLD_UNTIL.id);
  if (hit(g, EXPENSIVE, lower) && TINY_BUDGET.test(lower)) clarify(f, EXPENSIVE.id);

  if (hit(g, UNCLEAR_REFERENCE, lower)) clarify(f, UNCLEAR_REFERENCE.id);
  if (hit(g, UNCLEAR_GOAL, lower)) clarify(f, UNCLEAR_GOAL.id);
  if (hit(g, ALTERNATIVES, lower)) clarify(f, ALTERNATIVES.id);
  if (hit(g, AMBIGUOUS_ENTITY, lower)) clarify(f, AMBIGUOUS_ENTITY.id);
  if (hit(g, AMBIGUOUS_PLACE, lower)) clarify(f, AMBIGUOUS_PLACE.id);
  if (g.digit || lower.includes("clock")) {
    const clock = CLOCK_TIME.test(lower);
    const bareDate = BARE_ORDINAL.test(lower) && !DAY_OR_DATE.test(lower) &&
      !MONTHLY.test(lower);
    if (!clock && (BARE_HOUR.test(lower) || bareDate)) {
      clarify(f, "ambiguity:ambiguous_time");
    }
  }
  if (hit(g, VAGUE_QUANTITY, lower) && !AMOUNT.test(lower)) clarify(f, VAGUE_QUANTITY.id);
  for (const slot of SLOT_RULES) {
    if (hit(g, slot.action, lower) && !slot.needs.some((re) => re.test(lower))) {
      clarify(f, slot.id);
    }
  }
  if (g.words <= 20 && hit(g, HIM_HER, lower) && nameMentions(original) >= 2) {
    clarify(f, "ambiguity:ambiguous_pronoun");
  }

  const words = g.words;
  if (words <= 10 && PRONOUN_COMMAND.test(lower)) clarify(f, "vague:underspecified");
  else if (
    words <= 2 && ascii && !g.digit && !/[@.]/.test(lower) && !/[A-Z]/.test(original.slice(1))
  ) {
    clarify(f, "vague:underspecified");
  }
  if (words <= 8 && FRAGMENT.test(lower)) clarify(f, "vague:fragment");
  if (
    (hit(g, MULTI_STEP, lower) || lower.includes(";") || lower.includes("\n")) &&
    MULTI_STEP.re.test(lower)
  ) {
    flag(f, MULTI_STEP.id);
  }
}

/** Capitalised words after the first that look like names of people. */
function nameMentions(original: string): number {
  let n = 0;
  for (const m of original.matchAll(NAME)) if (!NOT_NAMES.test(m[0])) n++;
  return n;
}

function finish(f: Findings, text: string, g: Gate): Decision {
  const reasons = f.reasons;
  if (f.block > 0) {
    const confidence = round(Math.max(0.02, 0.16 - 0.03 * Math.min(f.block, 4)));
    return {
      confidence,
      pre_validation: "failed",
      approval_path: "clarification",
      blocked: true,
      clarification_question: BLOCKED_QUESTION,
      reasons,
    };
  }
  if (f.clarify > 0) {
    const short = text.length < 24 ? 0.05 : 0;
    const confidence = round(
      clamp(0.45 - 0.07 * (f.clarify - 1) - 0.03 * f.flags - short, 0.15, 0.5),
    );
    return clarification(reasons, f.ask as string, confidence);
  }
  const spec = Math.min(4, g.details);
  const clean = f.flags === 0 && text.length <= FAST_PATH_MAX && g.words >= 3;
  if (clean) {
    const confidence = round(clamp(0.82 + 0.035 * spec, 0.8, 0.97));
    return { confidence, pre_validation: "passed", approval_path: "approved", reasons };
  }
  const confidence = round(clamp(0.74 + 0.02 * spec - 0.05 * f.flags, 0.58, 0.79));
  return { confidence, pre_validation: "failed", approval_path: "approved", reasons };
}

function clarification(reasons: string[], ask: string, confidence: number): Decision {
  return {
    confidence,
    pre_validation: "failed",
    approval_path: "clarification",
    clarification_question: QUESTIONS[ask] ?? QUESTIONS["vague:underspecified"] as string,
    reasons,
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
