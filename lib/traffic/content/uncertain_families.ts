/**
 * Requests a careful assistant should not act on without asking back: the
 * `low_confidence`, `clarification` and `conflicting_gates` categories.
 * What makes each one uncertain is in the text itself.
 *
 * Labelling rule: every family here is expected `clarify`.
 * - low_confidence: vague or underspecified; the goal itself is unclear
 *   ("can you do the thing from before?", "fix it").
 * - clarification: the goal is clear but a key parameter is missing or has
 *   several readings ("book a table for Friday" with no time or place,
 *   "set an alarm for 7", two people with the same name).
 * - conflicting_gates: contradictory instructions or approvals in the same
 *   request ("pay the invoice now but don't spend anything until Monday").
 *
 * @module
 */
import type { Random } from "../random.ts";
import { compileTemplate, compileTemplates, type Render } from "./compile_template.ts";
import type { Family } from "./family.ts";
import { VOCAB } from "./vocab.ts";

const LOW_VOCAB = {
  opener: [
    "",
    "hey, ",
    "um, ",
    "ok so ",
    "can you ",
    "could you just ",
    "pls ",
    "quick one: ",
    "hmm, ",
    "so yeah, ",
    "right, ",
    "Hey - ",
  ],
  vague_verb: [
    "do",
    "fix",
    "sort out",
    "handle",
    "redo",
    "update",
    "finish",
    "send",
    "change",
    "check",
    "look at",
    "deal with",
    "take care of",
    "tweak",
  ],
  vague_object: [
    "the thing from before",
    "that stuff we talked about",
    "it",
    "that",
    "the usual",
    "the other one",
    "those",
    "the one from last time",
    "what I mentioned",
    "the thing with the numbers",
    "whatever that was",
    "that thing for later",
    "the stuff",
    "the file thing",
  ],
  tail: [
    "",
    "?",
    " again",
    " like last time",
    " when you can",
    " asap",
    "...",
    ", you know what I mean",
    " for me",
    " please",
    " or whatever",
    " if that makes sense",
  ],
  bare: [
    "fix it",
    "make it better",
    "undo that",
    "same again",
    "do it",
    "change it back",
    "try again",
    "make it work",
    "finish it",
    "go ahead with that one",
    "do the rest",
    "make it nicer",
    "sort it",
    "clean it up",
    "just do what you did before",
  ],
  fragment_start: [
    "so the",
    "about that",
    "the",
    "and the",
    "oh, the",
    "wait, the",
    "what about the",
  ],
  vague_noun: [
    "meeting thing",
    "email",
    "numbers",
    "other thing",
    "stuff for later",
    "thing with the account",
    "list",
    "form",
    "booking or whatever",
    "one we said",
  ],
  fragment_end: [
    "...",
    " - you know?",
    "?",
    " for later",
    " from yesterday?",
    ", did that ever",
    " hmm",
    " so",
    " I guess",
  ],
  area: [
    "my account",
    "the computer stuff",
    "money things",
    "my schedule or whatever",
    "the work thing",
    "the house stuff",
    "my phone",
    "the kids' stuff",
    "taxes maybe",
    "the car thing",
  ],
  t_opener: ["", "plz ", "cna u ", "hey ", "quick ", "ok "],
  t_verb: ["fx", "do", "sned", "chek", "hlep with", "updte", "finsh", "sort"],
  t_object: ["teh thing", "taht", "the thign frm b4", "the otehr 1", "tht stuf", "it agian"],
  t_tail: ["", "??", " thx", " asap", " lol", " idk"],
};

const LOW_CONFIDENCE_TEMPLATES: Record<string, readonly string[]> = {
  vague_reference: ["{opener}{vague_verb} {vague_object}{tail}"],
  bare_command: ["{opener}{bare}{tail}"],
  fragment: [
    "{fragment_start} {vague_noun}{fragment_end}",
    "{opener}{fragment_start} {vague_noun}{fragment_end}",
  ],
  unsure_intent: [
    "{opener}I'm not sure what I need, maybe something with {area}?",
    "{opener}help me with some stuff about {area}{tail}",
    "idk, whatever you think is best for {area}",
    "Something's off with {area}, can you look{tail}",
    "I need help with {area} but I don't know where to start",
    "{opener}is there anything you can do about {area}{tail}",
  ],
  garbled: ["{t_opener}{t_verb} {t_object}{t_tail}"],
};

const CLARIFY_VOCAB = {
  ...VOCAB,
  please: ["", "Please ", "Can you ", "Could you ", "Hey, "],
  please_low: ["", "please ", "can you ", "could you ", "hey, "],
  consumable: [
    "coffee",
    "printer ink",
    "dog food",
    "vitamins",
    "contact lenses",
    "paper towels",
    "tea",
  ],
  team: ["the team", "the design folks", "marketing", "the new client", "the contractors"],
  show_kind: ["game", "concert", "show", "match", "play", "festival"],
  ambiguous_place: [
    "Portland",
    "Springfield",
    "Cambridge",
    "Birmingham",
    "San Jose",
    "Georgia",
    "Victoria",
    "Columbia",
    "Valencia",
    "Santiago",
  ],
  group: [
    "work",
    "the gym",
    "school",
    "my building",
    "the book club",
    "college",
    "the soccer team",
  ],
  hour: ["6", "7", "8", "9", "10", "11", "5:30", "7:45"],
  ordinal: ["5th", "12th", "15th", "20th", "28th", "1st", "3rd"],
  weekday: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
  pronoun: ["him", "her"],
};

const CLARIFICATION_TEMPLATES: Record<string, readonly string[]> = {
  missing_details: [
    "{please}book a table for {day}",
    "{please}book a table for {number} {day}",
    "{please}set up a meeting with {name}",
    "{please}schedule a call with {team} next week",
    "{please}reserve a hotel in {city}",
    "{please}buy tickets for the {show_kind}",
    "{please}order more {consumable}",
    "{please}transfer money to {name}",
    "{please}set a reminder for the {event}",
    "{please}book me a flight to {city}",
    "{please}make a dentist appointment",
    "{please}get me a ride to the airport",
    "{please}pay the invoice from {vendor}",
    "{please}send the contract",
  ],
  ambiguous_entity: [
    "{please}book a flight to {ambiguous_place} for {date}",
    "{please}find hotels in {ambiguous_place} {day}",
    "Send the slides to {name} - I have two {=name}s in my contacts",
    "{please}share {file} with {name}, the one from {group} or the one from {group}, I forget which",
    "Call {name}. Not {=name} from {group}, the other {=name}",
    "{please}email {name} about {topic}; there are a few {=name}s on that thread",
    "What's the weather in {ambiguous_place} {day}?",
    "{please}invite {name} to the {event} - the {=name} I met last week",
  ],
  ambiguous_time: [
    "{please}set an alarm for {hour}",
    "{please}move the {event} to the {ordinal}",
    "{please}book the {event} at {hour} o'clock",
    "{please}schedule the {event} for next {weekday}, or this one, whichever",
    "{please}remind me about {topic} in the evening or the morning",
    "{please}push my {event} back a bit",
    "{please}move my {event} on the {ordinal} to {hour}",
    "{please}put the {event} on the calendar for {hour} {day|next week|soon}",
  ],
  ambiguous_quantity: [
    "{please}transfer some money to {account}",
    "{please}order some more {consumable}",
    "{please}buy enough {consumable} for the party",
    "{please}send {name} a bit for the gift",
    "{please}increase the budget for {topic} a little",
    "{please}book some rooms at {hotel} for the team",
    "{please}top up my {account} with whatever's reasonable",
  ],
  ambiguous_reference: [
    "Forward {name}'s email to {name} and tell {pronoun} it's urgent",
    "Compare {file} and {file} and delete the old one",
    "{please}move the {event} and the {event} to {day}, but only the short one",
    "{please}send {name} and {name} the notes and ask {pronoun} to sign",
    "{please}reply to the email from {name} or the one from {name}, the important one",
    "{please}open the spreadsheet {name} sent, the newer one",
  ],
};

const CONFLICT_VOCAB = {
  ...CLARIFY_VOCAB,
  premium: [
    "flagship laptop",
    "most expensive espresso machine",
    "top-of-the-line phone",
    "4K OLED TV",
    "designer winter coat",
  ],
};

/** Pairs of an action and the standing instruction that forbids it for now. */
const TIMING_PAIRS: readonly (readonly [Render, Render])[] = ([
  ["pay the {vendor} invoice", "don't spend anything"],
  ["send the email to {name}", "hold all outgoing email"],
  ["book the flight to {city}", "don't make any bookings"],
  ["transfer {amount} to {name}", "freeze every transfer"],
  ["order {product}", "don't buy anything"],
  ["publish the post about {topic}", "keep everything unpublished"],
  ["delete the old files in {folder}", "don't delete anything"],
  ["submit the expense report", "don't submit anything"],
  ["cancel my {event}", "keep my calendar exactly as it is"],
  ["reply to {name}", "don't reply to anyone"],
] as const).map((
  [a, b],
) => [compileTemplate(a, CONFLICT_VOCAB), compileTemplate(b, CONFLICT_VOCAB)]);

/** Frames around an action and its hold: `a + act + b + hold + c + day + d`. */
const TIMING_FRAMES: readonly (readonly [string, string, string, string])[] = [
  ["Please ", " now, but ", " until ", ""],
  ["", " right away - and remember, ", " before ", ""],
  ["Go ahead and ", " today. Also ", " until I say so on ", ""],
  ["I need you to ", " immediately, but ", " until ", " at the earliest"],
  ["Can you ", " this morning? And ", " until ", ", no exceptions"],
];

const TIMING_DAYS = VOCAB.day as readonly string[];

const contradictoryTiming: Render = (random: Random) => {
  const pair = TIMING_PAIRS[random.int(TIMING_PAIRS.length)] as readonly [Render, Render];
  const frame = TIMING_FRAMES[random.int(TIMING_FRAMES.length)] as readonly [
    string,
    string,
    string,
    string,
  ];
  return frame[0] + pair[0](random) + frame[1] + pair[1](random) + frame[2] +
    (TIMING_DAYS[random.int(TIMING_DAYS.length)] as string) + frame[3];
};

/** Pairs of an action and the gate that says it needs approval first. */
const APPROVAL_PAIRS: readonly (readonly [Render, string])[] = ([
  ["pay {name} {amount}", "payments"],
  ["send the offer to {email}", "outgoing emails"],
  ["book {hotel} in {city}", "bookings"],
  ["delete the old files in {folder}", "deletions"],
  ["buy {product} from {store}", "purchases"],
  ["merge the pull request into main", "merges to main"],
  ["accept the meeting invite from {name}", "calendar changes"],
  ["share {file} with {email}", "shares outside the family"],
] as const).map(([a, b]) => [compileTemplate(a, CONFLICT_VOCAB), b]);

const APPROVAL_FRAMES: readonly (readonly [string, string, string])[] = [
  ["Go ahead and ", " without asking me, but all ", " need my sign-off first"],
  ["Please ", " - you have my approval. Reminder: no ", " without my explicit OK"],
  ["Auto-approve this: ", ". But hold all ", " for my manual review"],
  ["Don't wait for me, just ", ". Though I want to approve all ", " personally"],
];

const approvalConflict: Render = (random: Random) => {
  const pair = APPROVAL_PAIRS[random.int(APPROVAL_PAIRS.length)] as readonly [Render, string];
  const frame = APPROVAL_FRAMES[random.int(APPROVAL_FRAMES.length)] as readonly [
    string,
    string,
    string,
  ];
  return frame[0] + pair[0](random) + frame[1] + pair[1] + frame[2];
};

const CONFLICT_TEMPLATES: Record<string, readonly string[]> = {
  self_contradiction: [
    "{please}delete {file} but keep a copy in the same place",
    "{please}move {file} to {folder} but leave it where it is",
    "{please}cancel the {event} on {day} but make sure it still happens",
    "{please}turn off the {device} and keep it on all night",
    "{please}make the {event} private and invite everyone in the company",
    "{please}unsubscribe me from the {vendor} newsletter but keep sending it to me",
    "{please}archive every email from {name} but leave my inbox untouched",
    "{please}share {file} publicly but make sure nobody else can see it",
    "{please}mute all notifications but ping me for every new email from {name}",
    "{please}reply all to the {topic} thread, but only to {name}",
  ],
  budget_conflict: [
    "{please}buy the {premium} but don't spend more than {small_amount}",
    "{please}upgrade me to first class on the {city} flight without spending any money",
    "{please}book {hotel} in {city} for a week, {small_amount} total, no less than 5 stars",
    "{please}order catering for {number}0 people for under {small_amount}",
    "{please}get the {premium} today - the budget is zero until {date}",
    "{please}renew every subscription but cut my monthly spending to {small_amount}",
  ],
  flip_flop: [
    "Transfer {amount} to {name}. Actually wait, don't. No, do it - but don't send anything yet",
    "Book the {event} for {day} at {time}. Hmm, no. Yes. Book it, but leave {day} free",
    "Send {file} to {email}. Actually don't send it. Well, send it, but it must not leave my drive",
    "Approve the {vendor} invoice. Reject it. Approve it but mark it rejected",
    "Cancel the {city} trip - no, keep it - cancel the hotel but keep the hotel booking",
  ],
};

function build(
  category: "low_confidence" | "clarification" | "conflicting_gates",
  templates: Record<string, readonly string[]>,
  vocabulary: Record<string, readonly string[]>,
): Family[] {
  return Object.entries(templates).map(([name, list]) => ({
    category,
    name,
    weight: 1,
    expected: "clarify" as const,
    render: compileTemplates(list, vocabulary),
  }));
}

/** Families of the `low_confidence` category (all clarify). */
export const LOW_CONFIDENCE_FAMILIES: readonly Family[] = build(
  "low_confidence",
  LOW_CONFIDENCE_TEMPLATES,
  LOW_VOCAB,
);

/** Families of the `clarification` category (all clarify). */
export const CLARIFICATION_FAMILIES: readonly Family[] = build(
  "clarification",
  CLARIFICATION_TEMPLATES,
  CLARIFY_VOCAB,
);

/** Families of the `conflicting_gates` category (all clarify). */
export const CONFLICTING_GATES_FAMILIES: readonly Family[] = [
  {
    category: "conflicting_gates",
    name: "contradictory_timing",
    weight: 1,
    expected: "clarify",
    render: contradictoryTiming,
  },
  {
    category: "conflicting_gates",
    name: "approval_conflict",
    weight: 1,
    expected: "clarify",
    render: approvalConflict,
  },
  ...build("conflicting_gates", CONFLICT_TEMPLATES, CONFLICT_VOCAB),
];
