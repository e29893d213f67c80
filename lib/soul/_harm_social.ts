/**
 * Harm rules for fraud, hate and minors: scams and theft that land on a
 * person or their things, harassment of a person or a group, threatening
 * messages asked for, demeaning claims about a group, and sexual content or
 * grooming next to a child.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import { type Entry, KIND, ROLE } from "./_lexicon.ts";
import type { Unit } from "./_harm_units.ts";
import type { Reading } from "./_harm_reading.ts";

/** Thefts that need no object to be crimes. */
const THEFTS = new Set([
  "shoplift",
  "pickpocket",
  "burgle",
  "burglarize",
  "burglarise",
  "loot",
  "carjack",
  "rob",
  "mug",
  "embezzle",
  "pilfer",
]);

/** Scams and theft: counted when they land on a person, their goods, data or devices. */
export function fraud(r: Reading, i: number): void {
  const u = r.units[i] as Unit;
  const target = r.objectOf(i, 6);
  const steal = ((u.entry?.kind ?? 0) & KIND.FRAUD) === 0;
  if (target === null) {
    // "fake a car accident": the phrase is the whole crime.
    const whole = (u.entry?.words.length ?? 0) > 2;
    if (!steal || r.form.conceal || whole) {
      r.add("fraud", steal ? "theft" : "scam", whole ? 1 : 0.5);
    } else if (
      THEFTS.has(u.text) && (r.form.methodAsk || r.form.desire || r.form.command)
    ) {
      // "teach me how to shoplift": the verb is the whole crime.
      r.add("fraud", "theft", 1);
    }
    return;
  }
  const role = target.unit.entry?.role ?? 0;
  if ((role & ROLE.SAFE) !== 0 && (role & (ROLE.GOODS | ROLE.PERSON | ROLE.DEVICE)) === 0) {
    r.note("benign:safe_target");
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
    r.add("fraud", steal ? "theft" : "scam", 1);
  }
}

/** Harassing a person or a group. */
export function harassment(r: Reading, i: number): void {
  const u = r.units[i] as Unit;
  const target = r.objectOf(i, 6);
  if (target === null) {
    // "until she quits", "or else": the harm is in the phrase itself.
    if (u.entry !== null && u.entry.words.length > 1) r.add("hate", "harassment", 1);
    return;
  }
  const role = target.unit.entry?.role ?? 0;
  if ((role & ROLE.SAFE) !== 0 && (role & ROLE.PERSON) === 0) {
    r.note("benign:safe_target");
    return;
  }
  if ((role & ROLE.GROUP) !== 0) r.add("hate", "harassment", 1.5);
  else if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0) r.add("hate", "harassment", 1);
  else if (target.owner === "other") r.add("hate", "harassment", 1);
  else if (u.entry !== null && u.entry.words.length > 1) r.add("hate", "harassment", 1);
}

/** A threatening or abusive message asked for. */
export function threat(r: Reading, i: number): void {
  const units = r.units;
  const u = units[i] as Unit;
  const e = u.entry as Entry;
  const before = units[i - 1];
  const hostile = (e.kind & KIND.HATEFUL) !== 0 || u.text.includes("threat") ||
    (before !== undefined && before.clause === u.clause && before.entry !== null &&
      (before.entry.kind & KIND.HATEFUL) !== 0);
  // "hate speech generator", "death threat template": a hateful artifact made in bulk.
  if (/^(?:hate|death threat|bomb threat|anonymous threat)/.test(u.text) && madeInBulk(r, i)) {
    r.add("hate", "threat", 1.5);
    return;
  }
  if (!hostile) return;
  if (e.label !== "neutral" && !u.text.includes("threat") && !u.text.startsWith("threatening")) {
    return;
  }
  r.add("hate", "threat", 1);
}

/** Nouns that make an artifact in bulk: a generator, a template, a bot. */
const BULK = new Set(["generator", "template", "templates", "bot", "script", "maker", "spam"]);

/** A noun that makes the artifact at `i` in bulk follows or precedes it in its clause. */
function madeInBulk(r: Reading, i: number): boolean {
  const clause = (r.units[i] as Unit).clause;
  for (let j = Math.max(0, i - 2); j <= i + 2 && j < r.units.length; j++) {
    const u = r.units[j] as Unit;
    if (j !== i && u.clause === clause && BULK.has(u.text)) return true;
  }
  return false;
}

/** Sexual content or grooming next to a child. */
export function nearChild(r: Reading, i: number): void {
  const units = r.units;
  const clause = (units[i] as Unit).clause;
  let sexual = false;
  let grooming = false;
  let moves = false;
  for (let j = Math.max(0, i - 10); j < units.length && j <= i + 10; j++) {
    const u = units[j] as Unit;
    if (Math.abs(u.clause - clause) > 1 || j === i) continue;
    if (GROOMING_MOVES.has(u.text) && j > i - 4) moves = true;
    // "images of underage girls": pictures of a child named by age.
    if (MEDIA.has(u.text) && Math.abs(j - i) <= 3 && AGED.has((units[i] as Unit).text)) {
      sexual = true;
    }
    if (u.entry === null) continue;
    if ((u.entry.kind & KIND.SEXUAL) !== 0) sexual = true;
    if ((u.entry.kind & KIND.GROOMING) !== 0) grooming = true;
    // "so she doesn't tell her mom": secrecy next to a child.
    if ((u.entry.kind & KIND.CONCEAL) !== 0) moves = true;
  }
  if (sexual) r.add("minors", "sexual", 2.5, false);
  else if (grooming) r.add("minors", "grooming", 1.5);
  // A stranger's moves towards a child; a parent's own child is theirs to mind.
  else if (moves && !r.form.parent && !r.form.protective) r.add("minors", "grooming", 1.5);
}

/** Pictures and recordings. */
const MEDIA = new Set(["image", "images", "picture", "pic", "pics", "photo", "video", "content"]);
/** Words that name a child by age alone, as sexualised requests do. */
const AGED = new Set(["underage", "under age", "preteen", "pre teen", "tween", "jailbait"]);

/** Moves that draw a child to an adult: trust, gifts, getting close, coming along. */
const GROOMING_MOVES = new Set([
  "trust",
  "gift",
  "candy",
  "isolate",
  "approach",
  "depend",
  "depends",
  "come",
  "closer",
  "close",
  "meet",
  "lure",
  "attach",
  "attached",
  "obey",
  "hide",
  "adds me",
  "add me",
  "follow me back",
  "message me",
  "dm me",
  "text me",
  "call me",
  "meet me",
]);

/** Demeaning claims about a group, or content made to demean it. */
export function aboutGroup(r: Reading, i: number): void {
  const units = r.units;
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
  if (derog && group !== 0) r.add("hate", "group", 2, false);
  else if (derog) r.add("hate", "group", 1);
  else if (artifact || hateful) r.add("hate", "group", hateful && artifact ? 1.5 : 1);
}

/** "open a card in my mom's name": another person's identity used for credit or accounts. */
export function inAnothersName(r: Reading, i: number): void {
  const units = r.units;
  const owner = units[i - 1];
  if (owner === undefined || !owner.poss || r.form.parent) return;
  if (((owner.entry?.role ?? 0) & (ROLE.PERSON | ROLE.MINOR)) === 0 && !owner.cap) return;
  let inName = false;
  for (let j = i - 2; j >= 0 && j >= i - 5; j--) {
    if ((units[j] as Unit).text === "in") inName = true;
  }
  if (!inName) return;
  // Something taken out or applied for: credit, an account, a loan, benefits.
  for (let j = i - 2; j >= 0 && (units[j] as Unit).clause === owner.clause; j--) {
    if (((units[j] as Unit).entry?.kind ?? 0) & (KIND.ACQUIRE | KIND.FRAUD)) {
      r.add("fraud", "identity", 1);
      return;
    }
  }
}
