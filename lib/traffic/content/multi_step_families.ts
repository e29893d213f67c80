/**
 * Requests with several explicit steps: the `multi_step` category.
 *
 * Labelling rule: when every step is explicit (what, who, when), the request
 * is answerable and expected `approve` (`sequential`, `numbered_list`,
 * `workflow`, `conditional`). When one step leans on context the text does not
 * give ("send it to the usual people", "book the place we talked about"), a
 * careful assistant asks first: `underspecified_step` is expected `clarify`.
 *
 * @module
 */
import type { Random } from "../random.ts";
import { compileTemplate, compileTemplates, type Render } from "./compile_template.ts";
import type { Family } from "./family.ts";
import { VOCAB } from "./vocab.ts";

const STEP_VOCAB = {
  ...VOCAB,
  nights: ["2", "3", "4", "5"],
};

/** Explicit, self-contained steps (no pronouns pointing at other steps). */
const STEP_TEMPLATES: readonly string[] = [
  "check my calendar for {day}",
  "book a table for {number} at {restaurant} at {time} {day}",
  "find flights to {city} on {date}",
  "reserve {hotel} in {city} for {nights} nights from {date}",
  "move {file} to {folder}",
  "convert {file} to PDF",
  "share the {folder} folder with {email}",
  "pay my {bill} from {account}",
  "transfer {amount} {account_move}",
  "add {product} to my {store} cart",
  "set the thermostat to {temperature}",
  "turn off the {device}",
  "set an alarm for {time} {day}",
  "summarise my unread emails from {name}",
  "draft a reply to {name} about {topic}",
  "write a {code_lang} function that {code_task}",
  "look up a recipe for {dish}",
  "log {exercise} for today",
  "remind me to {chore} {day}",
  "text {name} that I'm running {duration} late",
  "export my {account} transactions for {date} as a CSV",
  "schedule a {event} with {name} on {day} at {time} for {duration}",
  "play {song} in the living room",
  "check the weather in {city} for {day}",
  "add '{chore}' to my to-do list",
  "email {email} the agenda for {topic}",
];
const STEPS: readonly Render[] = STEP_TEMPLATES.map((t) => compileTemplate(t, STEP_VOCAB));
/** The same steps starting with a capital letter, for list items. */
const CAPITALISED_STEPS: readonly Render[] = STEP_TEMPLATES.map((t) =>
  compileTemplate(t.charAt(0).toUpperCase() + t.slice(1), STEP_VOCAB)
);

/** Coherent multi-step scenarios written as one template each. */
const WORKFLOWS: readonly string[] = [
  "Find a {cuisine} restaurant near {place} that's open {day} at {time}, book a table for {number}, then text {name} the address",
  "Look up a recipe for {dish}, add the missing ingredients to my shopping list, and order them from {store} for delivery {day}",
  "Download {file} from my email, rename it to '{topic}', save it in {folder}, and share it with {email}",
  "Book a flight from {airport} to {city} on {date}, then reserve {hotel} for {nights} nights, then add both to my calendar",
  "Pull my {account} transactions for {date}, group them by category, and email the summary to {email}",
  "Create a branch called fix-{ticket}, write a {code_lang} function that {code_task}, add tests, and open a pull request",
  "Check if {name} is free {day} at {time}; send an invite for a {event} of {duration}, and book a meeting room for it",
  "Cancel my {event} on {day}, tell {name} I'm sorry, and suggest {day} at {time} instead",
  "Set the thermostat to {temperature}, turn off the {device}, lock the front door, and start the robot vacuum",
  "Log {exercise}, update my weekly {metric} goal, and remind me to stretch at {time}",
];

/** Conditional plans: a check, then one branch or the other, all explicit. */
const CONDITIONALS: readonly string[] = [
  "Check the weather in {city} for {day}; if it's going to rain, move my {event} to {time}, otherwise keep it as is",
  "Look at my {account} balance; if it's above {amount}, pay the {bill} today, otherwise remind me on {day}",
  "Check the price of {product} at {store}; if it's under {amount}, order two, if not, add it to my wish list",
  "See if {name} replied about {topic}; if yes, forward the reply to {email}, if not, send a reminder at {time}",
  "Check my calendar for {day}; if I'm free at {time}, book {exercise}, otherwise schedule it for {day}",
  "Run the {code_lang} tests; if they pass, merge the branch into main, if they fail, post the failures to {name}",
];

/** Steps that lean on context the text does not give. */
const VAGUE_STEPS: readonly Render[] = [
  "send it to the usual people",
  "book the place we talked about",
  "pay whatever they asked for",
  "cc whoever needs to see it",
  "put it where we put the last one",
  "do the same for the other one",
  "tell them the thing about next week",
  "order the same as last time but different",
  "fix whatever was wrong with it",
  "schedule it for when works",
].map((t) => compileTemplate(t, STEP_VOCAB));

const CONNECT_2: readonly (readonly [string, string, string])[] = [
  ["First ", ", then ", "."],
  ["Please ", " and after that ", "."],
  ["Can you ", ", and once that's done ", "?"],
  ["Step one: ", ". Step two: ", "."],
];
const CONNECT_3: readonly (readonly [string, string, string, string])[] = [
  ["First ", ", then ", ", and finally ", "."],
  ["I need three things: ", ", ", ", and ", "."],
  ["To start, ", "; next, ", "; last, ", "."],
  ["Could you ", ", then ", ", and then ", "?"],
];

function pickStep(random: Random, steps: readonly Render[]): Render {
  return steps[random.int(steps.length)] as Render;
}

const sequential: Render = (random) => {
  if (random.next() < 0.5) {
    const c = CONNECT_2[random.int(CONNECT_2.length)] as readonly [string, string, string];
    return c[0] + pickStep(random, STEPS)(random) + c[1] + pickStep(random, STEPS)(random) + c[2];
  }
  const c = CONNECT_3[random.int(CONNECT_3.length)] as readonly [string, string, string, string];
  return c[0] + pickStep(random, STEPS)(random) + c[1] + pickStep(random, STEPS)(random) + c[2] +
    pickStep(random, STEPS)(random) + c[3];
};

const NUMBERED_OPENERS = [
  "Please do these in order:",
  "To-do for this afternoon:",
  "Can you handle this list, in order?",
  "Here's what I need:",
];
const ITEM_LABELS = ["", "\n1. ", "\n2. ", "\n3. ", "\n4. ", "\n5. "];
const numberedList: Render = (random) => {
  const count = 3 + random.int(3);
  let text = NUMBERED_OPENERS[random.int(NUMBERED_OPENERS.length)] as string;
  for (let i = 1; i <= count; i++) {
    text += (ITEM_LABELS[i] as string) + pickStep(random, CAPITALISED_STEPS)(random);
  }
  return text;
};

const underspecified: Render = (random) => {
  const c = CONNECT_3[random.int(CONNECT_3.length)] as readonly [string, string, string, string];
  const vague = pickStep(random, VAGUE_STEPS)(random);
  // The vague step lands second or third, after something concrete it seems to refer to.
  if (random.next() < 0.5) {
    return c[0] + pickStep(random, STEPS)(random) + c[1] + vague + c[2] +
      pickStep(random, STEPS)(random) + c[3];
  }
  return c[0] + pickStep(random, STEPS)(random) + c[1] + pickStep(random, STEPS)(random) + c[2] +
    vague + c[3];
};

const WORKFLOW_VOCAB = {
  ...STEP_VOCAB,
  cuisine: ["Italian", "Thai", "Mexican", "Japanese", "Indian", "vegetarian", "Lebanese"],
  place: ["the office", "Union Square", "the train station", "my hotel", "the museum"],
  ticket: ["142", "287", "391", "410", "573", "618", "725", "854"],
};

/** Families of the `multi_step` category. */
export const MULTI_STEP_FAMILIES: readonly Family[] = [
  {
    category: "multi_step",
    name: "sequential",
    weight: 30,
    expected: "approve",
    render: sequential,
  },
  {
    category: "multi_step",
    name: "numbered_list",
    weight: 16,
    expected: "approve",
    render: numberedList,
  },
  {
    category: "multi_step",
    name: "workflow",
    weight: 16,
    expected: "approve",
    render: compileTemplates(WORKFLOWS, WORKFLOW_VOCAB),
  },
  {
    category: "multi_step",
    name: "conditional",
    weight: 12,
    expected: "approve",
    render: compileTemplates(CONDITIONALS, WORKFLOW_VOCAB),
  },
  {
    category: "multi_step",
    name: "underspecified_step",
    weight: 26,
    expected: "clarify",
    render: underspecified,
  },
];
