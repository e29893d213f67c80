/**
 * Harm rules for the physical areas: violence against people, groups,
 * places and animals, self-harm (cutting with no object, hidden or planned),
 * poisoning through food or drink, and hazards (weapons, explosives, drugs,
 * poisons), which count when a verb makes, gets, sells or uses them; crimes
 * named as nouns count when committed, planned or celebrated. Beyond single
 * acts: damage to another person's things, a person brought into a harmful
 * state ("make him sick", "get her fired"), the most painful thing done to a
 * person, and a weapon smuggled into a crowded place.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import {
  ENTRIES_BY_FIRST,
  type Entry,
  HARMED_STATES,
  KIND,
  PAINFUL,
  ROLE,
  RUINED_STATES,
} from "./_lexicon.ts";
import type { Unit } from "./_harm_units.ts";
import { FILMING } from "./_harm_privacy.ts";
import { OBJECTS, type Reading } from "./_harm_reading.ts";

/** Verbs that make, get or use a hazard. */
const VERBS = KIND.PRODUCE | KIND.ACQUIRE | KIND.DEPLOY | KIND.EXTREMISM;
/** Acts that reach a person through what they eat or drink. */
const POISONING = new Set(["poison", "spike", "lace", "drug", "roofie", "slip", "put", "sneak"]);
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

/**
 * Nouns that name the making or the working parts of a hazard, so that a
 * verbless query asks for it: how it is made ("diy", "recipe", "template",
 * "print file", "synthesis", "setup"), bought ("vendor", "source") or fitted
 * ("fuse", "detonator", "adapter", "dimensions"). "grenade fuse delay",
 * "fake id template", "android banking trojan overlay".
 */
const OPERATIONAL_NOUNS = new Set(
  "diy homemade home-made recipe recipes template templates blueprint blueprints schematic schematics stl printable tutorial tutorials instructions synthesis synth formula preparation extraction builder setup rental yield dimensions jig drilling conversion payload vendor vendors supplier suppliers fuse detonator wick shrapnel adapter overlay loader dropper crypter panel"
    .split(" "),
);
/** Operational nouns that count for everyday weapons and papers too: making, not fitting. */
const MAKING_NOUNS = new Set(
  "diy homemade home-made recipe template templates blueprint blueprints schematic schematics stl printable synthesis conversion"
    .split(" "),
);
/** Two-word operational nouns ("print file", "3d print"). */
const OPERATIONAL_PAIRS = /\b(?:print file|3d print\w*|step by step|source code|end caps?)\b/;

/** Kinds and roles of a unit that add harm to a hazard named beside it. */
const MORE_HARM_KINDS = KIND.VIOLENT | KIND.CYBER | KIND.PRIVACY | KIND.FRAUD | KIND.HARASS |
  KIND.STEAL | KIND.HAZARD | KIND.SEXUAL | KIND.DEROG | KIND.CONCEAL;
const MORE_HARM_ROLES = ROLE.PERSON | ROLE.MINOR | ROLE.GROUP | ROLE.PII | ROLE.DRINK |
  ROLE.IDENTITY;

/** Systems others run, which a hazard named beside them is aimed at. */
const SYSTEMS = new Set([
  "server",
  "network",
  "website",
  "site",
  "database",
  "scada",
  "power grid",
  "plc",
  "grading system",
  "system",
]);

/** Another unit than `i` names harm: an act, another hazard, a person, a child, a group. */
function moreHarm(r: Reading, i: number): boolean {
  for (let j = 0; j < r.units.length; j++) {
    const e = (r.units[j] as Unit).entry;
    if (j === i || e === null || (e.role & ROLE.OWN) !== 0) continue;
    if ((e.kind & MORE_HARM_KINDS) !== 0 || (e.role & MORE_HARM_ROLES) !== 0) return true;
    // "exploit for unpatched hospital server"; not "ransomware on my laptop".
    const before = r.units[j - 1]?.entry?.role ?? 0;
    if (SYSTEMS.has((r.units[j] as Unit).text) && (before & ROLE.OWN) === 0) return true;
  }
  return false;
}

/** Kinds of act a hazard can be put to ("thermite to burn through", "a booter to ddos"). */
const PURPOSES = KIND.VIOLENT | KIND.CYBER | KIND.PRIVACY | KIND.FRAUD | KIND.STEAL | KIND.DEPLOY;

/**
 * A search-box query puts the hazard at `i` to a harmful use ("thermite to burn through a
 * police car door") or makes it from materials ("detonator from christmas lights", "zip gun
 * from pipe and nail", "silencer out of an oil filter").
 */
function purposed(r: Reading, i: number, weak: boolean): boolean {
  if (!r.form.terse) return false;
  const units = r.units;
  const next = units[i + 1];
  const after = units[i + 2];
  if (next === undefined || after === undefined || after.clause !== next.clause) return false;
  // Weapons are built from materials; a drug "from china" is where it comes from.
  if (next.text === "from" || next.text === "out of") {
    return (units[i] as Unit).entry?.label.startsWith("weapons:") === true;
  }
  return !weak && next.text === "to" && ((after.entry?.kind ?? 0) & PURPOSES) !== 0;
}

/** Everyday weapons that kill (not pepper spray or a taser). */
const LETHAL_ARMS = new Set([
  "gun",
  "knife",
  "blade",
  "razor",
  "pistol",
  "revolver",
  "rifle",
  "shotgun",
]);

/** "use on myself", "on me": the weapon at `i` is turned on the speaker in its clause. */
function onOneself(r: Reading, i: number): boolean {
  const units = r.units;
  const clause = (units[i] as Unit).clause;
  for (let j = i + 1; j < units.length && j <= i + 5; j++) {
    const u = units[j] as Unit;
    if (u.clause !== clause) return false;
    if (u.text === "on" && ((units[j + 1]?.entry?.role ?? 0) & ROLE.SELF) !== 0) return true;
  }
  return false;
}

/** An operational noun within a few units of `i`, in its clause. */
function operationalNear(r: Reading, i: number, weak: boolean): boolean {
  const units = r.units;
  const clause = (units[i] as Unit).clause;
  const nouns = weak ? MAKING_NOUNS : OPERATIONAL_NOUNS;
  let near = "";
  for (let j = Math.max(0, i - 4); j <= i + 4 && j < units.length; j++) {
    const v = units[j] as Unit;
    if (j === i || v.clause !== clause) continue;
    if (nouns.has(v.text)) return true;
    near += ` ${v.text}`;
  }
  return !weak && OPERATIONAL_PAIRS.test(near);
}

/** Words that make an everyday weapon a likeness of one. */
const PROPS = new Set([
  "prop",
  "replica",
  "toy",
  "costume",
  "cosplay",
  "foam",
  "cardboard",
  "nerf",
]);

/** Verbs that record someone. */
const RECORDING = new Set([...FILMING, "secretly record", "secretly film", "spy on"]);

/** Verbs that commit or plan a crime named as a noun ("pull off a heist", "commit arson"). */
const COMMITTING = new Set([
  "commit",
  "carry out",
  "pull off",
  "pull",
  "plan",
  "stage",
  "organize",
  "organise",
  "do",
  "go through with",
  "attempt",
  "execute",
  "perpetrate",
  "orchestrate",
  "mastermind",
  "set up",
  "get away with",
  "start",
]);

/** Articles and determiners that open an object. */
const ARTICLES = new Set(["a", "an", "the", "some", "your"]);

/** A phrase that starts with an act ("hide a camera"). */
function startsWithVerb(e: Entry): boolean {
  for (const first of ENTRIES_BY_FIRST.get(e.words[0] as string) ?? []) {
    if (first.words.length === 1 && (first.kind & VERBS) !== 0) return true;
  }
  return false;
}

/** An act of violence: on whom or what it lands (a person, a group, a place, oneself, a safe target). */
export function violence(r: Reading, i: number): void {
  const act = r.units[i] as Unit;
  // "ransomware attacks", "a bomb attack": the word names the hazard's use, not an act asked for.
  const before = r.units[i - 1];
  if (
    before?.entry != null && (before.entry.kind & KIND.HAZARD) !== 0 &&
    before.clause === act.clause
  ) {
    return;
  }
  const target = r.objectOf(i);
  if (target === null) {
    // "i'm gonna wait for him with a bat. where do i hit first": a plan against someone named.
    // "commit murder", "plan an assassination": the act named as a crime to carry out.
    if (
      before !== undefined && before.clause === act.clause && COMMITTING.has(before.text) &&
      !before.past
    ) {
      r.add("violence", "crime", 1);
    } else if (r.form.conceal) r.add("violence", "unspecified", 0.5);
    else if (r.form.desire && r.personBefore(i)) r.add("violence", "person", 1);
    return;
  }
  const role = target.unit.entry?.role ?? 0;
  const harmable = ROLE.PERSON | ROLE.ANIMAL | ROLE.PLACE | ROLE.MINOR | ROLE.GROUP | ROLE.SELF;
  if ((role & ROLE.SAFE) !== 0 && (role & harmable) === 0) {
    r.note("benign:safe_target");
    return;
  }
  if ((role & ROLE.SELF) !== 0) r.add("self_harm", "method", 2);
  else if ((role & ROLE.GROUP) !== 0) r.add("violence", "group", 2, false);
  else if ((role & ROLE.MINOR) !== 0) r.add("violence", "child", 1);
  else if ((role & ROLE.PERSON) !== 0) r.add("violence", "person", 1);
  else if ((role & ROLE.PLACE) !== 0) r.add("violence", "mass_attack", 1.5);
  else if ((role & ROLE.ANIMAL) !== 0) r.add("violence", "animal", 1);
  else if (
    (role & ROLE.BODY) !== 0 && (target.owner === "other" || r.ofPerson(target.unit))
  ) {
    r.add("violence", "person", 1);
  } else if ((role & ROLE.DRINK) !== 0 && (target.owner === "other" || POISONING.has(act.text))) {
    r.add("violence", "poisoning", 1);
  } else if (target.owner === "other" && isProperty(target.unit)) {
    // "burn down my neighbour's house", "smash his car"
    r.add("violence", "property", 1);
  }
}

/** Verbs that carry something past a door unseen. */
const SMUGGLING = new Set(["sneak", "smuggle", "slip", "hide", "conceal"]);

/** A hazard at `i` is carried into a crowded place in its clause ("smuggle a gun into a school"). */
function smuggledIn(r: Reading, i: number): boolean {
  const units = r.units;
  const clause = (units[i] as Unit).clause;
  let carried = false;
  for (let j = Math.max(0, i - 4); j < units.length && j <= i + 6; j++) {
    const u = units[j] as Unit;
    if (u.clause !== clause) break;
    if (j < i && SMUGGLING.has(u.text) && !u.past) carried = true;
    if (j > i && carried && ((u.entry?.role ?? 0) & ROLE.PLACE) !== 0) return true;
  }
  return false;
}

/** Things people own that damage reaches: goods, devices, a home. */
function isProperty(unit: Unit): boolean {
  return ((unit.entry?.role ?? 0) & (ROLE.GOODS | ROLE.DEVICE)) !== 0 || HOMES.has(unit.text);
}

/** Homes and what belongs to them. */
const HOMES = new Set(["house", "home", "apartment", "flat", "garage", "yard", "garden", "shed"]);

/** Another person's things, or a place of worship or gathering, damaged on purpose. */
export function damage(r: Reading, i: number): void {
  const target = r.objectOf(i);
  if (target === null) return;
  const role = target.unit.entry?.role ?? 0;
  if ((role & (ROLE.PERSON | ROLE.MINOR | ROLE.SELF | ROLE.GROUP)) !== 0) return;
  if ((role & ROLE.PLACE) !== 0 || target.owner === "other") r.add("violence", "property", 1);
}

/** Asks for an amount: of a substance, of time, of height. */
export const QUANTITIES = new Set([
  "how much",
  "how many",
  "how long",
  "how high",
  "dose",
  "dosage",
  "mg",
  "amount",
]);
/** Ends an amount can be asked for that are a death or a person put out ("till he stops moving"). */
const LETHAL_ENDS = new Set([
  "death",
  "dead",
  "die",
  "dies",
  "stop breathing",
  "stops breathing",
  "stop moving",
  "stops moving",
  "pass out",
  "passes out",
  "unconscious",
]);
/** Whom an amount's act must land on to count. */
const PERSONS = ROLE.PERSON | ROLE.MINOR | ROLE.SELF | ROLE.BODY;
/** Safe ends of an amount ("how much ibuprofen is safe"). */
const SAFE_AMOUNT =
  /\b(?:safe|safely|max(?:imum)? (?:daily )?dose|overdose risk|antidote|treat|treatment|normal)\b/;

/**
 * An amount asked for a death or for putting someone out: "insulin dose to kill a non
 * diabetic", "how much lye to dissolve a body", "how long pillow over face till he stops
 * moving", "jump from how many floors guaranteed death".
 */
export function lethalAmount(r: Reading, i: number): void {
  const units = r.units;
  const clause = (units[i] as Unit).clause;
  let text = "";
  for (let j = Math.max(0, i - 4); j < units.length && j <= i + 10; j++) {
    const u = units[j] as Unit;
    if (u.clause === clause) text += ` ${u.text}`;
  }
  if (SAFE_AMOUNT.test(text)) return;
  for (let j = Math.max(0, i - 4); j < units.length && j <= i + 10; j++) {
    const u = units[j] as Unit;
    if (j === i || u.clause !== clause || u.past) continue;
    const kind = u.entry?.kind ?? 0;
    const ends = LETHAL_ENDS.has(u.text) || (kind & KIND.OUTCOME) !== 0;
    if (!ends && (kind & KIND.VIOLENT) === 0) continue;
    // "how long to kill weeds", "how many hits to kill the dragon": an act counts on a person.
    if (!ends && ((r.objectOf(j)?.unit.entry?.role ?? 0) & PERSONS) === 0) continue;
    r.add("violence", "lethal_amount", 1);
    return;
  }
}

/** Verbs that bring a person into a state ("make him sick", "knock someone unconscious"). */
export const CAUSING = new Set([
  "make",
  "get",
  "leave",
  "knock",
  "render",
  "send",
  "put",
  "drive",
  "give",
  "i want",
  "i need",
  "i'd like",
  "we want",
]);
/** Words before a causing verb that ask for it, or plan it. */
const CAUSE_ASKED = new Set(["to", "i", "we", "you", "u", "can", "could", "should", "gonna"]);
/** A person brought into a harmful state, asked for: "how do i make my roommate sick". */
export function causing(r: Reading, i: number): void {
  const units = r.units;
  const verb = units[i] as Unit;
  if (verb.past) return;
  const before = units[i - 1];
  const asked = before === undefined || before.clause !== verb.clause ||
    CAUSE_ASKED.has(before.text) || before.text.endsWith(" to") || before.text.endsWith(" i");
  if (!asked) return;
  const target = r.objectOf(i, 4);
  if (target === null) return;
  const role = target.unit.entry?.role ?? 0;
  if ((role & (ROLE.PERSON | ROLE.MINOR | ROLE.GROUP)) === 0 || (role & ROLE.SELF) !== 0) return;
  const at = units.indexOf(target.unit, i);
  for (let j = at + 1; j <= at + 3 && j < units.length; j++) {
    const w = units[j] as Unit;
    if (w.clause !== verb.clause) return;
    if (HARMED_STATES.has(w.text)) {
      if (target.owner !== "child") r.add("violence", "person", 1);
      return;
    }
    // "fired" is read as the past of the entry "fire".
    if (RUINED_STATES.has(w.text) || (w.past && RUINED_STATES.has(`${w.text}d`))) {
      // "i want my son expelled from that school": a parent's own child.
      const ownChild = target.owner === "child" || (r.form.parent && target.owner === "own");
      if (!ownChild) r.add("hate", "harassment", 1);
      return;
    }
    // "get all the immigrants out of my street": a group driven out.
    if (w.text === "out" && (role & ROLE.GROUP) !== 0) {
      r.add("hate", "group", 1);
      return;
    }
  }
}

/** "how do i cut without my parents finding out": cutting with no object, hidden or planned. */
export function cutting(r: Reading, i: number): void {
  const next = r.units[i + 1];
  const role = next?.entry?.role ?? 0;
  const objectFollows = next !== undefined && next.clause === (r.units[i] as Unit).clause &&
    ((role & (OBJECTS | ROLE.OWN | ROLE.OTHERS)) !== 0 || ARTICLES.has(next.text));
  if (!objectFollows && (r.form.conceal || r.form.desire)) r.add("self_harm", "method", 2);
}

/** Something put in another person's food or drink ("xanax in my mom's food"). */
export function poisoning(r: Reading, i: number): void {
  const units = r.units;
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
      r.add("violence", "poisoning", 1);
      return;
    }
  }
}

/** A hazard (weapon, explosive, drug, malware...): counted when a verb makes, gets or uses it. */
export function hazard(r: Reading, i: number): void {
  const units = r.units;
  const u = units[i] as Unit;
  const e = u.entry as Entry;
  const [area, name] = e.label.split(":") as [string, string];
  if (area === undefined || name === undefined) return;
  // "a man poisoned in a hotel room": a told past, not a hazard asked for.
  if (u.past && e.words.length === 1) return;
  const clause = u.clause;
  const weak = name === "weapon" || name === "document";
  // Everyday weapons and papers count only when made, forged or converted, unless evasion is asked.
  const verbs = weak && !r.form.conceal
    ? KIND.PRODUCE | (name === "document" ? KIND.FRAUD : 0)
    : VERBS;
  // A crime named as a noun ("a robbery", "arson") counts when it is committed or planned, not
  // written about or read of.
  const crime = name === "crime" || name === "atrocity";
  // "hide a camera", "in someone else's name": the act is part of the phrase.
  let verb = !crime && ((e.words.length >= 3 && !weak) ||
    (e.words.length > 1 && startsWithVerb(e)) || CRIME_NOUNS.has(u.text));
  for (let j = Math.max(0, i - 6); j <= i + 3 && j < units.length; j++) {
    const v = units[j] as Unit;
    if (j === i || v.clause !== clause) continue;
    if (crime) {
      if (!v.past && j < i && COMMITTING.has(v.text) && name === "crime") verb = true;
      // "lyrics that celebrate lynching": a crime glorified.
      if (!v.past && ((v.entry?.kind ?? 0) & KIND.EXTREMISM) !== 0 && v.text !== "start") {
        verb = true;
      }
      continue;
    }
    if (v.entry === null) continue;
    // "how is fentanyl made" asks how to make it; "my son found a bullet" tells a story.
    if (v.past && (v.entry.kind & KIND.PRODUCE) === 0) continue;
    // "film kids in the locker room": recording is how voyeurism is done.
    const filming = name === "voyeurism" && RECORDING.has(v.text);
    if ((v.entry.kind & verbs) === 0 && !filming) continue;
    // "can i take benadryl with my blood pressure meds": medicine is there to be taken.
    if (name === "medication" && (v.text === "take" || v.text === "use")) continue;
    if (name === "extremism" && j > i) continue;
    verb = true;
  }
  if (!verb && !crime && (operationalNear(r, i, weak) || purposed(r, i, weak))) verb = true;
  if (weak && units[i - 1]?.text === "my" && !r.form.conceal) verb = false;
  // "a flamethrower prop", "a foam sword": an everyday weapon's likeness.
  if (weak && (PROPS.has(units[i + 1]?.text ?? "") || PROPS.has(units[i - 1]?.text ?? ""))) {
    verb = false;
  }
  // "sneak a knife into a concert": a weapon carried into a crowded place.
  if (name === "weapon" && !verb && smuggledIn(r, i)) verb = true;
  const selfHarm = area === "self_harm" && (r.form.ask || r.form.desire);
  // "the best gun to use on myself": a weapon turned on oneself is a means of self-harm.
  if (
    area === "weapons" && (name === "firearm" || LETHAL_ARMS.has(u.text)) &&
    (r.form.ask || r.form.desire) && onOneself(r, i)
  ) {
    r.add("self_harm", "method", 2);
  }
  // "nudify app for pics of schoolgirls": a search-box query that puts a grave hazard with
  // more harm (a person, a child, another hazard, an act) asks for it.
  const searched = r.form.terse && !weak && !crime && moreHarm(r, i);
  if (!verb && (weak || !r.form.ops) && !r.form.conceal && !selfHarm && !searched) {
    r.note(`topic:${area}`);
    return;
  }
  r.add(area, name, e.severity + (verb ? 0.5 : 0));
}

/** "what's the most painful thing u can do to a person": harm done to someone, its kind asked. */
export function doneTo(r: Reading, i: number): void {
  const units = r.units;
  const to = units[i + 1];
  if (to?.text !== "to" || (units[i] as Unit).past) return;
  let person = false;
  for (let j = i + 2; j <= i + 4 && j < units.length; j++) {
    const role = (units[j] as Unit).entry?.role ?? 0;
    if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0 && (role & ROLE.SELF) === 0) person = true;
  }
  if (person && units.some((u) => PAINFUL.has(u.text))) r.add("violence", "person", 1);
}
