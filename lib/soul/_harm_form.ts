/**
 * The form of a request, read once for the harm reasoner: whether it asks
 * (for a way, or only politely), states a plan or desire, commands, asks for
 * operational detail or evasion, wraps itself in fiction, speaks as a parent,
 * and which benign frames it opens (history, definitions, explanations,
 * games, sport, safety, media, awareness of how others do harm). `frameFor`
 * says how much the strongest frame that applies lowers evidence of an area.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import { type Entry, KIND, ROLE } from "./_lexicon.ts";
import type { Unit } from "./_harm_units.ts";

/** How the request is put, over all its clauses. */
export interface Form {
  /** Something is asked. */
  ask: boolean;
  /** A way of doing something is asked for ("how do i", "best way to"). */
  methodAsk: boolean;
  /** A first-person plan or desire ("i want to", "i'm going to"). */
  desire: boolean;
  /** A command opens a clause ("write", "give me"). */
  command: boolean;
  /** The command makes something ("write", "make up"). */
  making: boolean;
  /** Operational detail is asked for ("step by step", "exact amounts"). */
  ops: boolean;
  /** Evasion is asked for ("without getting caught"). */
  conceal: boolean;
  /** A wrapper that never lowers a score ("for my novel", "hypothetically"). */
  wrapper: boolean;
  /** The speaker is a parent ("my kid"). */
  parent: boolean;
  /** Protective words ("warning signs", "how to report"). */
  protective: boolean;
  /** A real system is named (a server, a website). */
  realSystem: boolean;
  /** The request leaves a game or story ("in real life"). */
  realWorld: boolean;
  /** A person or child is named. */
  person: boolean;
  /** Benign frames opened. */
  frames: Set<string>;
  /**
   * A search-box query: a few words, one clause, no verb of asking, wanting or
   * commanding, no question word and no frame ("glock auto sear print file").
   * What it names is what it asks for.
   */
  terse: boolean;
}

/** Most words of a search-box query. */
const TERSE_WORDS = 9;
/**
 * Words that make a few words something other than a search for a harmful
 * thing: a speaker's statement ("i'm starving"), a comparison ("ponzi vs
 * pyramid scheme"), a defensive, lawful or parental ask ("block spam calls",
 * "ricin poisoning symptoms", "drug talk for parents").
 */
const TERSE_HOLDS = new Set(
  "i i'm im i've ive we we're you you're u vs versus difference compared or symptoms symptom signs sign block stop report reporting detect detection prevent prevention avoid protect protection remove removal recover safety safe legal legally law laws penalty penalties sentence statistics stats history meaning definition talk parents parent teacher teachers awareness warning treatment antidote unwanted against alert alerts therapy news busted arrested arrest caught case trial charged sentenced convicted seized raid documentary cleaning maintenance storage legislation dentist doctor doctors medical clinical"
    .split(" "),
);
/** Words that open a question, not a search ("what", "why", "is"). */
const QUESTION_OPENERS = new Set(
  "what whats what's why who whos who's when where which is are was were does do did can could should would will how has have define meaning"
    .split(" "),
);

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

/** Relations whose data a parent may look after. */
const CHILDREN = new Set(["kid", "child", "son", "daughter", "teen", "teenager", "kiddo", "minor"]);
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

/** Protective words under which a question about a child and sex is a parent's or teacher's. */
const PROTECTIVE =
  /^(?:protect|protection|prevent|prevention|report|reporting|how to report|signs of|warning signs|red flags?|is (?:that|it|this) a red flag|child protection|body safety|parental controls|talk to my|teach my|as a parent|as parents|consent|sex education|sex ed|puberty|age appropriate|safe touch|good touch|bad touch|help my (?:kid|child|son|daughter))$/;

/** Verbs that invert a question after "how" ("how does it work"). */
const QUESTION_VERBS = new Set(["does", "do", "did", "is", "are", "was", "were", "has", "have"]);

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

/** Reads how the request in `units` is put, over all its clauses, and the frames it opens. */
export function readForm(units: readonly Unit[]): Form {
  const f: Form = {
    ask: false,
    methodAsk: false,
    desire: false,
    command: false,
    making: false,
    ops: false,
    conceal: false,
    wrapper: false,
    parent: false,
    protective: false,
    realSystem: false,
    realWorld: false,
    person: false,
    frames: new Set<string>(),
    terse: false,
  };
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
        if (UNNOTICED.has(w.text)) f.conceal = true;
      }
    }
    if (e === null) {
      opening = false;
      continue;
    }
    if ((e.kind & KIND.ASK) !== 0) {
      f.ask = true;
      // "tell me how does money laundering work" asks how a thing works, not for a way.
      const inverted = u.text.endsWith("how") && QUESTION_VERBS.has(units[i + 1]?.text ?? "");
      if (inverted) f.frames.add("explanation");
      else if (isMethodAsk(e)) f.methodAsk = true;
    }
    if ((e.kind & KIND.DESIRE) !== 0) f.desire = true;
    if ((e.kind & KIND.IMPERATIVE) !== 0 && opening) {
      f.command = true;
      if ((e.kind & KIND.PRODUCE) !== 0 || u.text === "give me" || u.text === "make up") {
        f.making = true;
      }
    }
    if ((e.kind & KIND.OPS) !== 0) f.ops = true;
    // "how did Madoff get away with it": evasion told about the past is history.
    if ((e.kind & KIND.CONCEAL) !== 0 && pastClause !== clause) f.conceal = true;
    if ((e.kind & KIND.WRAPPER) !== 0) f.wrapper = true;
    if ((e.kind & KIND.PAST_ASK) !== 0) {
      f.frames.add("history");
      pastClause = clause;
    }
    if ((e.kind & KIND.FRAME) !== 0 && e.frame !== "") f.frames.add(e.frame);
    if (PROTECTIVE.test(u.text)) f.protective = true;
    if (REAL_SYSTEMS.has(u.text)) f.realSystem = true;
    if (REAL_WORLD.has(u.text) || / real /.test(` ${u.text} `)) f.realWorld = true;
    if ((e.role & (ROLE.PERSON | ROLE.MINOR)) !== 0) f.person = true;
    // "how do hackers steal passwords": how others do harm, asked to understand or stop it.
    if ((e.role & ROLE.AGENT) !== 0 && AWARE_OPENERS.has(units[i - 1]?.text ?? "")) {
      f.frames.add("awareness");
    }
    // "my daughter", "my 12 year old"; not "my teenage employee", who is someone else's child.
    const nextRole = units[i + 1]?.entry?.role ?? 0;
    const someoneElse = (nextRole & ROLE.PERSON) !== 0 && (nextRole & ROLE.MINOR) === 0;
    if (
      units[i - 1]?.text === "my" && !someoneElse &&
      ((e.role & ROLE.MINOR) !== 0 || CHILDREN.has(u.text))
    ) {
      f.parent = true;
    }
    opening = OPENERS.has(u.text) || (opening && (e.kind & KIND.ASK) !== 0 && !isMethodAsk(e));
  }
  // "how does a pipe bomb work": a question about how a thing works.
  for (let i = 1; i < units.length; i++) {
    const u = units[i] as Unit;
    if ((u.text === "work" || u.text === "works") && (units[i + 1]?.clause ?? -1) !== u.clause) {
      for (let j = i - 1; j >= 0 && (units[j] as Unit).clause === u.clause; j--) {
        const text = (units[j] as Unit).text;
        if (text === "how does" || text === "how do" || text === "how is") {
          f.frames.add("explanation");
        }
      }
    }
  }
  f.terse = isTerse(units, f, pastClause);
  return f;
}

/** `units` read as a search-box query (see `Form.terse`). */
function isTerse(units: readonly Unit[], f: Form, pastClause: number): boolean {
  if (f.ask || f.desire || f.command || f.frames.size > 0 || f.protective || f.parent) return false;
  if (pastClause !== -1 || units.length === 0 || units.length > TERSE_WORDS) return false;
  const clause = (units[0] as Unit).clause;
  for (const u of units) {
    if (u.clause !== clause) return false;
    // "grandma got a scam call": a story told; "stolen ssn" names a thing.
    if (u.past && ((u.entry?.kind ?? 0) & KIND.HAZARD) === 0) return false;
    if (u.text === "what" && units[units.indexOf(u) + 1]?.text === "to do") return false;
    for (const w of u.text.split(" ")) if (TERSE_HOLDS.has(w)) return false;
  }
  // "read bank statements for fraud", "scan usb for malware": screened for, not asked for.
  const last = (units[units.length - 1] as Unit).entry?.label ?? "";
  if (units[units.length - 2]?.text === "for" && /^(?:fraud|cybercrime):/.test(last)) {
    return false;
  }
  return !QUESTION_OPENERS.has((units[0] as Unit).text.split(" ")[0] as string);
}

/** The frame weight that lowers evidence of `area`, and its name. */
export function frameFor(f: Form, area: string): [number, string] {
  const hard = f.conceal;
  const soft = hard || f.ops || f.desire;
  let best = 0;
  let name = "";
  for (const frame of AREA_FRAMES[area] ?? []) {
    if (!f.frames.has(frame)) continue;
    if ((frame === "safety" || frame === "cyber_defense") && hard) continue;
    if (frame === "awareness" && soft) continue;
    // "make my airsoft gun shoot real bullets": the game or film is left behind.
    if ((frame === "game" || frame === "media") && f.realWorld) continue;
    // Asking to write sexual content about a child is never made safe by a frame; safety
    // frames count only for a parent or protective words.
    if (area === "minors" && (f.command || f.desire || f.wrapper)) continue;
    if (area === "minors" && frame === "safety" && !f.parent && !f.protective) continue;
    // A game's server or website is a real system: "ddos a minecraft server".
    if (frame === "game" && area === "cybercrime" && f.realSystem) continue;
    if ((frame === "definition" || frame === "explanation") && (soft || f.methodAsk)) {
      continue;
    }
    if ((frame === "history" || frame === "media") && (soft || f.methodAsk || f.making)) {
      continue;
    }
    if (frame === "media" && f.wrapper) continue;
    const weight = FRAME_WEIGHT[frame] ?? 0;
    if (weight > best) {
      best = weight;
      name = frame;
    }
  }
  return [best, name];
}
