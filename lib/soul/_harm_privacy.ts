/**
 * Harm rules for cybercrime and privacy: breaking into another person's
 * device or account, another person's password, tracking, following, filming
 * or doxxing a person, and personal data of another person (their address,
 * messages, whereabouts). A parent minding a child is not spying, unless it is
 * done in secret.
 *
 * Internal to lib/soul.
 *
 * @module
 */
import { ROLE } from "./_lexicon.ts";
import type { Unit } from "./_harm_units.ts";
import type { Reading } from "./_harm_reading.ts";

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
/** Recording verbs that spy when done in secret. */
export const FILMING = new Set([
  "film",
  "record",
  "photograph",
  "take pictures of",
  "take photos of",
  "take a picture of",
]);
/** Words whose subject's whereabouts a question may ask for. */
export const WHEREABOUTS = new Set([
  "snapchat",
  "facetime",
  "dming",
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
/** Words for a password or login, whoever's they are. */
export const CREDENTIALS = new Set([
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

/** Breaking into a device or account: whose it is decides. */
export function cyber(r: Reading, i: number): void {
  const target = r.objectOf(i, 7);
  const act = (r.units[i] as Unit).text;
  if (target === null) {
    if (r.form.conceal && act !== "steal" && act !== "access" && act !== "get into") {
      r.add("cybercrime", "intrusion", 0.5);
    }
    return;
  }
  const role = target.unit.entry?.role ?? 0;
  if ((role & ROLE.SAFE) !== 0 && (role & (ROLE.DEVICE | ROLE.GOODS)) === 0) {
    r.note("benign:safe_target");
    return;
  }
  if ((role & (ROLE.DEVICE | ROLE.PERSON | ROLE.PII | ROLE.GOODS)) === 0) return;
  const person = (role & (ROLE.PERSON | ROLE.MINOR)) !== 0;
  if (!person && (target.owner === "own" || target.owner === "child")) {
    r.note("benign:own_device");
    return;
  }
  r.add("cybercrime", "intrusion", 1);
}

/** Someone else's password or login, or an administrator's. */
export function credentials(r: Reading, i: number): void {
  const units = r.units;
  const clause = (units[i] as Unit).clause;
  for (let j = Math.max(0, i - 8); j < units.length && j <= i + 8; j++) {
    const u = units[j] as Unit;
    if (u.clause !== clause || j === i) continue;
    const role = u.entry?.role ?? 0;
    const other = (u.poss && ((role & (ROLE.PERSON | ROLE.PLACE | ROLE.MINOR)) !== 0 || u.cap)) ||
      ((role & ROLE.OTHERS) !== 0 && u.text !== "its") || u.text === "admin" ||
      u.text === "administrator";
    if (other && !r.form.parent) {
      r.add("cybercrime", "credentials", 1);
      return;
    }
  }
}

/** Tracking, following or exposing a person, or their data and devices. */
export function privacy(r: Reading, i: number): void {
  const act = (r.units[i] as Unit).text;
  const target = r.objectOf(i, 5);
  if (target === null) return;
  const role = target.unit.entry?.role ?? 0;
  const person = (role & (ROLE.PERSON | ROLE.MINOR)) !== 0;
  // A parent minding a child's phone is not spying, unless it is done in secret.
  const parental = target.owner === "child" || (r.form.parent && target.unit.text !== "them");
  if (parental && !r.form.conceal) return;
  if (!person && target.owner === "own") return;
  const theirs = target.owner === "other" || /^(?:her|his|their) /.test(target.unit.text);
  if ((role & ROLE.PII) !== 0 && theirs) {
    r.add("privacy", "personal_data", 1);
  } else if (
    (role & ROLE.DEVICE) !== 0 && (target.owner === "other" || r.form.conceal) && act !== "find"
  ) {
    r.add("privacy", "tracking", 1);
  } else if (person && (FOLLOWING.has(act) || (r.form.conceal && FILMING.has(act)))) {
    r.add("privacy", act === "dox" || act === "doxx" ? "doxxing" : "tracking", 1);
  }
}

/** Personal data of another person named as such ("my ex's new address"). */
export function personalData(r: Reading, i: number): void {
  const units = r.units;
  const u0 = units[i] as Unit;
  const clause = u0.clause;
  if (THIRD_PERSON_PII.has(u0.text) || /^(?:her|his|their) /.test(u0.text)) {
    if (!r.form.parent || r.form.conceal) r.add("privacy", "personal_data", 1);
    return;
  }
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const u = units[j] as Unit;
    if (u.clause !== clause) return;
    const e = u.entry;
    const personal = e !== null && (e.role & (ROLE.PERSON | ROLE.MINOR)) !== 0;
    const strong = STRONG_PII.has(u0.text) && u.poss && u.text !== "my" && u.text !== "your";
    if ((u.poss && (personal || (e === null && u.cap))) || (personal && j === i - 1) || strong) {
      if (r.form.parent && !r.form.conceal) return;
      r.add("privacy", "personal_data", 1);
      return;
    }
    if (e !== null && (e.role & ROLE.OTHERS) !== 0 && u.text !== "its") {
      if (r.form.parent && !r.form.conceal) return;
      r.add("privacy", "personal_data", 1);
      return;
    }
    if (e !== null && (e.role & ROLE.OWN) !== 0) return;
  }
  // "the home address of a journalist", "a dossier on Jessica Moreno", "real name behind an
  // onlyfans model", "home address from instagram username"
  const next = units[i + 1];
  if (next !== undefined && LINKS.has(next.text) && next.clause === clause) {
    for (const w of units.slice(i + 2, i + 5)) {
      if (w === undefined) continue;
      const role = w.entry?.role ?? 0;
      if ((role & ROLE.PERSON) !== 0 || (w.entry === null && (w.cap || HANDLES.has(w.text)))) {
        r.add("privacy", "personal_data", 1);
        return;
      }
    }
  }
}

/** Words that tie personal data to whom it belongs ("of", "behind", "from"). */
const LINKS = new Set(["of", "on", "behind", "from", "by", "via", "using"]);
/** Words that stand for a person online: an account, a handle, its owner. */
const HANDLES = new Set([
  "user",
  "username",
  "handle",
  "profile",
  "model",
  "poster",
  "commenter",
  "gamertag",
  "alt",
  "whistleblower",
]);

/** "where does she live", "where my ex lives now". */
export function whereaboutsOf(r: Reading, i: number): void {
  const units = r.units;
  const clause = (units[i] as Unit).clause;
  let person = false;
  for (let j = i - 1; j >= 0 && j >= i - 6; j--) {
    const u = units[j] as Unit;
    if (u.clause !== clause) return;
    const role = u.entry?.role ?? 0;
    if ((u.text === "i" || u.text === "you" || u.text === "we") && j === i - 1) return;
    if ((role & (ROLE.PERSON | ROLE.MINOR)) !== 0 || (u.entry === null && u.cap)) person = true;
    if (/(?:^| )(?:where|which|what|who)$/.test(u.text) && person) {
      if (r.form.parent && !r.form.conceal) return;
      r.add("privacy", "personal_data", 1);
      return;
    }
  }
}
