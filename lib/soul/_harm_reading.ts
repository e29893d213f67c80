/**
 * One reading of a request for harm: its units and form, the evidence the
 * area rules find, and the verdict. Acts find what they land on within their
 * clause (`objectOf`), through possessives, body parts, pronouns that point
 * back and relative clauses; the verdict scores each piece of evidence.
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
 * A score of 2 or more blocks.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import { KIND, ROLE } from "./_lexicon.ts";
import type { Unit } from "./_harm_units.ts";
import { type Form, frameFor, readForm } from "./_harm_form.ts";

/** What the reading found. */
export interface HarmAssessment {
  /** Reasons that block (`harm:violence:person`, `intent:concealment`); empty when benign. */
  readonly block: readonly string[];
  /** Reasons for a benign reading of alarming words (`benign:safe_target`). */
  readonly notes: readonly string[];
  /** Harm was weighed and found wanting: the request is sensitive but answerable. */
  readonly sensitive: boolean;
}

/** Score from which a request is refused. */
const BLOCK_SCORE = 2;

/** Roles an act can land on. */
export const OBJECTS = ROLE.PERSON | ROLE.MINOR | ROLE.GROUP | ROLE.ANIMAL | ROLE.SAFE | ROLE.SELF |
  ROLE.DEVICE | ROLE.PII | ROLE.PLACE | ROLE.BODY | ROLE.DRINK | ROLE.GOODS;
/** Kinds that end the search for an act's object. */
const STOPS = KIND.VIOLENT | KIND.PRODUCE | KIND.ACQUIRE | KIND.CYBER | KIND.PRIVACY | KIND.FRAUD |
  KIND.HARASS | KIND.STEAL | KIND.IMPERATIVE;
/** Words after which "her" is an object, not a possessive. */
const FUNCTION_WORDS = new Set(
  "with in at so and or but without until to for from on off up down out into onto by like as if when while before after because using than then too again now tonight today tomorrow badly bad hard enough back away over through"
    .split(" "),
);

/** What an act landed on. */
export interface Target {
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

/** An account or device follows ("a stranger's phone"). */
function isDevice(next: Unit | undefined): boolean {
  return ((next?.entry?.role ?? 0) & ROLE.DEVICE) !== 0;
}

/** The unit after a person word is something they own ("my neighbors wifi"). */
function isOwned(next: Unit | undefined): boolean {
  const role = next?.entry?.role ?? 0;
  return (role & (ROLE.DEVICE | ROLE.PII | ROLE.DRINK)) !== 0 && (role & ROLE.PERSON) === 0;
}

/** One reading of a request: its units, its form, and the evidence found so far. */
export class Reading {
  /** The request's units. */
  readonly units: readonly Unit[];
  /** How the request is put. */
  readonly form: Form;
  readonly #evidence: Evidence[] = [];
  readonly #notes: string[] = [];

  /** Reads the form of `units`; the area rules then add their evidence. */
  constructor(units: readonly Unit[]) {
    this.units = units;
    this.form = readForm(units);
  }

  /** Records one piece of evidence of `area`. */
  add(area: string, what: string, base: number, needsIntent = true): void {
    this.#evidence.push({ area, what, base, needsIntent });
  }

  /** Records a note for a benign reading (`benign:safe_target`, `topic:drugs`). */
  note(note: string): void {
    if (!this.#notes.includes(note)) this.#notes.push(note);
  }

  /** The first thing an act at `i` lands on, within a few units of its clause. */
  objectOf(i: number, span = 6): Target | null {
    const units = this.units;
    const clause = (units[i] as Unit).clause;
    let owner: Target["owner"] = "none";
    let pronoun: Unit | null = null;
    for (let j = i + 1; j < units.length && j <= i + span; j++) {
      const u = units[j] as Unit;
      if (u.clause !== clause) break;
      const e = u.entry;
      if (u.text === "it" || u.text === "them" || u.text === "they") {
        const antecedent = this.antecedent(i);
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
  antecedent(i: number): Unit | null {
    for (let j = i - 1; j >= 0; j--) {
      const u = this.units[j] as Unit;
      const e = u.entry;
      if (e === null || u.text === "them" || u.text === "it" || u.text === "they") continue;
      // "protesters outside my shop ... hurt them": people, not the shop.
      if ((e.role & ROLE.GOODS) !== 0 && (e.role & ROLE.PERSON) === 0) continue;
      if ((e.kind & KIND.HAZARD) !== 0 && (e.role & OBJECTS) === 0) return u;
      if ((e.role & (THINGS | ROLE.ANIMAL | ROLE.PERSON | ROLE.MINOR | ROLE.GROUP)) !== 0) return u;
    }
    return null;
  }

  /** The unit at `i` follows another person's possessive ("my dead grandpa's credit card"). */
  ownedByOther(i: number): boolean {
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
      const u = this.units[j] as Unit;
      const role = u.entry?.role ?? 0;
      if (u.poss && ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0 || u.entry === null)) return true;
      if ((role & ROLE.OTHERS) !== 0) return true;
    }
    return false;
  }

  /** A person is named before `i` (not the speaker). */
  personBefore(i: number): boolean {
    for (let j = 0; j < i; j++) {
      const role = this.units[j]?.entry?.role ?? 0;
      if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0) return true;
    }
    return false;
  }

  /** "the legs of my stepdad": a person follows the body part. */
  ofPerson(unit: Unit): boolean {
    const at = this.units.indexOf(unit);
    if (this.units[at + 1]?.text !== "of") return false;
    for (let j = at + 2; j < this.units.length && j <= at + 4; j++) {
      const role = this.units[j]?.entry?.role ?? 0;
      if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0) return true;
    }
    return false;
  }

  /** Scores the evidence against the form and frames: blocking reasons, or notes. */
  verdict(): HarmAssessment {
    const intent = this.form.ask || this.form.desire || this.form.command || this.form.terse;
    let best = -Infinity;
    let top: Evidence | null = null;
    let topFrame = "";
    const blocking: Evidence[] = [];
    for (const ev of this.#evidence) {
      const [weight, frame] = frameFor(this.form, ev.area);
      const score = ev.base + (ev.needsIntent && intent ? 1 : 0) + (this.form.ops ? 1 : 0) +
        (this.form.conceal ? 1.5 : 0) - weight;
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
      if (this.form.conceal) reasons.push("intent:concealment");
      if (this.form.ops) reasons.push("intent:operational_detail");
      if (this.form.desire) reasons.push("intent:plan");
      else if (this.form.ask || this.form.command) reasons.push("intent:asks_how");
      else if (this.form.terse) reasons.push("intent:terse_query");
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
