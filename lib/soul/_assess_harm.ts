/**
 * Reads a request for harmful intent the way a careful reader would: who or
 * what is acted on, with what, and how the request is put. Words become
 * lexicon units (`_lexicon.ts`); an act finds its object within the clause;
 * hazards find the verb that makes, gets or uses them; the form of the
 * request (asking for a way, a first-person plan, operational detail,
 * evasion) raises a score and benign frames (history, definitions, games,
 * safety, fiction analysis) lower it. A score of 2 or more blocks.
 *
 * How evidence is scored is told in `_harm_reading.ts`.
 *
 * The reading is split by concern: `_harm_words.ts` and `_harm_units.ts` turn
 * text into lexicon units, `_harm_form.ts` reads how the request is put and
 * its frames, `_harm_reading.ts` finds objects and scores evidence, and the
 * area rules live in `_harm_physical.ts` (violence, self-harm, weapons,
 * drugs), `_harm_privacy.ts` (cybercrime, privacy) and `_harm_social.ts`
 * (fraud, hate, minors). This module routes each unit to its rules.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import { DAMAGING, KIND, OUTSIDE_TRIGGERS, ROLE } from "./_lexicon.ts";
import { HARM_KINDS, HARM_ROLES, readUnits, type Unit } from "./_harm_units.ts";
import { type HarmAssessment, Reading } from "./_harm_reading.ts";
import {
  CAUSING,
  causing,
  cutting,
  damage,
  doneTo,
  hazard,
  lethalAmount,
  poisoning,
  QUANTITIES,
  violence,
} from "./_harm_physical.ts";
import {
  CREDENTIALS,
  credentials,
  cyber,
  personalData,
  privacy,
  WHEREABOUTS,
  whereaboutsOf,
} from "./_harm_privacy.ts";
import {
  aboutGroup,
  fraud,
  harassment,
  inAnothersName,
  nearChild,
  threat,
} from "./_harm_social.ts";

export type { HarmAssessment } from "./_harm_reading.ts";

const NOTHING: HarmAssessment = { block: [], notes: [], sensitive: false };

/** Code units of a text read for harmful intent. */
export const HARM_LIMIT = 700;

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

/**
 * Acts a search-box query can ask for as a service or a lesson ("swatting service"); not
 * intrusion, whose tutorials are also how defenders learn ("hacking tutorial").
 */
const SERVED_ACTS = KIND.VIOLENT | KIND.PRIVACY | KIND.FRAUD | KIND.HARASS | KIND.STEAL;
/** Nouns that make an act a service or a lesson asked for. */
const SERVICES = new Set([
  "guide",
  "tutorial",
  "tutorials",
  "service",
  "services",
  "for hire",
  "method",
  "methods",
  "walkthrough",
  "kit",
  "bot",
]);

/** "doxing guide", "swatting service", "sim swap tutorial": an act asked for as a service. */
function actAsService(r: Reading, i: number): void {
  const next = r.units[i + 1];
  if (next === undefined || !SERVICES.has(next.text)) return;
  const area = ((r.units[i] as Unit).entry?.label ?? "").split(":")[0] ?? "";
  if (area === "" || area === "neutral") return;
  r.add(area, "service", 1);
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
      (u.entry !== null &&
        ((u.entry.kind & HARM_KINDS) !== 0 || (u.entry.role & HARM_ROLES) !== 0)) ||
      OUTSIDE_TRIGGERS.has(u.text) || (u.past && OUTSIDE_TRIGGERS.has(`${u.text}d`))
    ) {
      interesting = true;
      break;
    }
  }
  if (!interesting) return NOTHING;
  return readEvidence(new Reading(units));
}

/** Routes each unit of `r` to the rules of its kinds and roles, then gives the verdict. */
function readEvidence(r: Reading): HarmAssessment {
  const units = r.units;
  for (let i = 0; i < units.length; i++) {
    const u = units[i] as Unit;
    const e = u.entry;
    if (WHEREABOUTS.has(u.text)) whereaboutsOf(r, i);
    if (DAMAGING.has(u.text) && !u.past) damage(r, i);
    if (CAUSING.has(u.text)) causing(r, i);
    if (QUANTITIES.has(u.text)) lethalAmount(r, i);
    if (u.text === "name") inAnothersName(r, i);
    if (u.text === "do") doneTo(r, i);
    if (e === null) continue;
    if ((e.kind & KIND.VIOLENT) !== 0 && !u.past) violence(r, i);
    if ((e.kind & SERVED_ACTS) !== 0 && !u.past && r.form.terse) actAsService(r, i);
    if ((e.kind & KIND.SELF_HARM) !== 0 && !u.past) r.add("self_harm", "method", 2);
    // "dump a body so it's never found": the outcome hidden needs no person named.
    if ((e.kind & KIND.OUTCOME) !== 0 && (r.form.person || r.form.conceal)) {
      r.add("violence", "injury", 1);
    }
    if (
      (e.role & ROLE.AGENT) !== 0 && CRIMINALS.has(u.text) &&
      BECOMING.has(units[i - 1]?.text ?? "")
    ) {
      r.add("violence", "criminal_career", 1);
    }
    if ((u.text === "cut" || u.text === "cutting") && !u.past) cutting(r, i);
    if ((e.kind & KIND.HAZARD) !== 0) hazard(r, i);
    if ((e.kind & KIND.CYBER) !== 0 && !u.past) cyber(r, i);
    if ((e.kind & KIND.PRIVACY) !== 0 && !u.past) privacy(r, i);
    if ((e.kind & (KIND.FRAUD | KIND.STEAL)) !== 0 && !u.past) fraud(r, i);
    if ((e.kind & KIND.HARASS) !== 0 && !u.past) harassment(r, i);
    if ((e.role & ROLE.PII) !== 0) personalData(r, i);
    if ((e.role & ROLE.DRINK) !== 0) poisoning(r, i);
    if ((e.role & ROLE.DEVICE) !== 0 && CREDENTIALS.has(u.text)) credentials(r, i);
    if (FINANCIAL.has(u.text) && r.form.conceal && r.ownedByOther(i)) {
      r.add("fraud", "theft", 1);
    }
    if ((e.role & ROLE.MINOR) !== 0) nearChild(r, i);
    if ((e.role & (ROLE.GROUP | ROLE.IDENTITY)) !== 0) aboutGroup(r, i);
    if ((e.kind & KIND.ARTIFACT) !== 0) threat(r, i);
  }
  return r.verdict();
}
