import assert from "node:assert/strict";
import fc from "fast-check";
import { CATEGORIES, type Category, type Expected, type Mix } from "../lib/model/category.ts";
import { DEFAULT_MIX, parseMix } from "../lib/traffic/categories.ts";
import { HARMFUL_ASKS } from "../lib/traffic/content/adversarial_families.ts";
import { createGenerator, listFamilies } from "../lib/traffic/generator.ts";
import type { TrafficRequest } from "../lib/model/request.ts";

function take(count: number, seed: number, mix?: Mix): TrafficRequest[] {
  const generator = createGenerator(mix === undefined ? { seed } : { seed, mix });
  return Array.from({ length: count }, () => generator.next());
}

/** A mix where only `category` has weight. */
function only(category: Category): Mix {
  return parseMix(CATEGORIES.map((c) => `${c}=${c === category ? 1 : 0}`).join(","));
}

/** Up to `per` generated inputs for every family of `category`. */
function samples(category: Category, per = 40, seed = 3): Map<string, TrafficRequest[]> {
  const families = listFamilies().filter((f) => f.category === category);
  const byFamily = new Map<string, TrafficRequest[]>(families.map((f) => [f.family, []]));
  const generator = createGenerator({ seed, mix: only(category) });
  for (let i = 0; i < per * families.length * 20; i++) {
    const request = generator.next();
    const list = byFamily.get(request.family);
    assert.ok(list, `unknown family ${request.family}`);
    if (list.length < per) list.push(request);
    if ([...byFamily.values()].every((l) => l.length >= per)) break;
  }
  for (const [family, list] of byFamily) assert.equal(list.length, per, `samples of ${family}`);
  return byFamily;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

Deno.test("createGenerator() numbers requests r-1, r-2, r-3... from seq 1", () => {
  const requests = take(5, 1);
  assert.deepEqual(requests.map((r) => [r.id, r.seq]), [
    ["r-1", 1],
    ["r-2", 2],
    ["r-3", 3],
    ["r-4", 4],
    ["r-5", 5],
  ]);
});

Deno.test("createGenerator() fills every field of every request", () => {
  const known = new Set(listFamilies().map((f) => `${f.category}/${f.family}`));
  for (const request of take(10_000, 11)) {
    assert.deepEqual(Object.keys(request), [
      "id",
      "seq",
      "category",
      "family",
      "input",
      "expected",
    ]);
    assert.ok(CATEGORIES.includes(request.category));
    assert.ok(known.has(`${request.category}/${request.family}`));
    assert.equal(typeof request.input, "string");
    assert.ok(["approve", "clarify", "block"].includes(request.expected));
  }
});

Deno.test("createGenerator() gives the same sequence for the same seed", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (seed) => {
      assert.deepEqual(take(300, seed), take(300, seed));
    }),
    { numRuns: 40 },
  );
});

Deno.test("createGenerator() gives different sequences for different seeds", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      (a, b) => {
        fc.pre(a !== b);
        const first = take(50, a).map((r) => r.input);
        const second = take(50, b).map((r) => r.input);
        assert.notDeepEqual(first, second);
      },
    ),
    { numRuns: 40 },
  );
});

/** Asserts each category's count is within 5 standard deviations of its binomial mean. */
function assertFollowsMix(requests: readonly TrafficRequest[], mix: Mix): void {
  const total = CATEGORIES.reduce((sum, c) => sum + mix[c], 0);
  const n = requests.length;
  for (const category of CATEGORIES) {
    const p = mix[category] / total;
    const count = requests.filter((r) => r.category === category).length;
    if (p === 0) {
      assert.equal(count, 0, `${category} has weight 0`);
      continue;
    }
    const sd = Math.sqrt(n * p * (1 - p));
    assert.ok(
      Math.abs(count - n * p) <= 5 * sd + 1,
      `${category}: ${count} of ${n}, expected about ${(n * p).toFixed(0)}`,
    );
  }
}

Deno.test("createGenerator() follows the default mix and several fixed mixes", () => {
  const mixes = [
    DEFAULT_MIX,
    parseMix("simple=40,adversarial=20"),
    parseMix(CATEGORIES.map((c) => `${c}=1`).join(",")),
    { ...only("simple"), edge_case: 50, adversarial: 50 },
    only("clarification"),
  ];
  for (const mix of mixes) assertFollowsMix(take(20_000, 42, { ...mix }), { ...mix });
});

Deno.test("createGenerator() follows any mix within binomial bounds", () => {
  const weight = fc.integer({ min: 0, max: 100 });
  const mix = fc.record(
    Object.fromEntries(CATEGORIES.map((c) => [c, weight])) as Record<Category, typeof weight>,
  ).filter((m) => CATEGORIES.some((c) => m[c] > 0));
  fc.assert(
    fc.property(mix, (m) => assertFollowsMix(take(4_000, 7, { ...m }), { ...m })),
    { numRuns: 15 },
  );
});

Deno.test("createGenerator() rejects invalid mixes and seeds", () => {
  assert.throws(() => createGenerator({ seed: 1, mix: { ...DEFAULT_MIX, simple: -1 } }), {
    name: "RangeError",
    message:
      "Cannot create generator as the weight of 'simple' must be a non-negative number: current value is -1",
  });
  assert.throws(() => createGenerator({ seed: 1, mix: { ...DEFAULT_MIX, adversarial: NaN } }), {
    name: "RangeError",
  });
  const zero = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Mix;
  assert.throws(() => createGenerator({ seed: 1, mix: zero }), {
    message: "Cannot create generator as 'mix' has no category with a positive weight",
  });
  assert.throws(() => createGenerator({ seed: -3 }), { name: "RangeError" });
});

Deno.test("under the default mix, seed 1 gives about 57% approve, 37% clarify, 6% block", () => {
  const counts: Record<Expected, number> = { approve: 0, clarify: 0, block: 0 };
  for (const request of take(20_000, 1)) counts[request.expected]++;
  const share = (e: Expected) => (100 * counts[e]) / 20_000;
  assert.ok(share("approve") >= 54 && share("approve") <= 60, `approve ${share("approve")}%`);
  assert.ok(share("clarify") >= 34 && share("clarify") <= 40, `clarify ${share("clarify")}%`);
  assert.ok(share("block") >= 5 && share("block") <= 7, `block ${share("block")}%`);
});

Deno.test("the expected outcome under the default mix is 57.4% approve, 37.0% clarify, 5.6% block by weight", () => {
  // The exact shares implied by category and family weights, independent of any seed.
  const share: Record<Expected, number> = { approve: 0, clarify: 0, block: 0 };
  for (const category of CATEGORIES) {
    const families = listFamilies().filter((f) => f.category === category);
    const total = families.reduce((sum, f) => sum + f.weight, 0);
    for (const f of families) share[f.expected] += (DEFAULT_MIX[category] * f.weight) / total;
  }
  assert.deepEqual(
    {
      approve: share.approve.toFixed(1),
      clarify: share.clarify.toFixed(1),
      block: share.block.toFixed(1),
    },
    { approve: "57.4", clarify: "37.0", block: "5.6" },
  );
});

Deno.test("each everyday and uncertain category yields at least 500 distinct inputs in 10,000 requests", () => {
  const distinct = new Map<Category, Set<string>>();
  for (const request of take(10_000, 5)) {
    const set = distinct.get(request.category) ?? new Set<string>();
    set.add(request.input);
    distinct.set(request.category, set);
  }
  for (
    const category of [
      "simple",
      "multi_step",
      "low_confidence",
      "high_confidence",
      "conflicting_gates",
      "clarification",
    ] as const
  ) {
    const size = distinct.get(category)?.size ?? 0;
    assert.ok(size >= 500, `${category}: ${size} distinct inputs`);
  }
});

Deno.test("each guard family yields at least 300 distinct inputs in 10,000 requests of its category", () => {
  for (const category of ["adversarial", "edge_case"] as const) {
    const distinct = new Map<string, Set<string>>();
    for (const request of take(10_000, 5, only(category))) {
      const set = distinct.get(request.family) ?? new Set<string>();
      set.add(request.input);
      distinct.set(request.family, set);
    }
    for (const [family, set] of distinct) {
      if (
        !/^harm_|^(safe_targets|figurative|safe_contexts|definitions_history|public_figures|safety_questions)$/
          .test(family)
      ) continue;
      assert.ok(set.size >= 300, `${category}/${family}: ${set.size} distinct inputs`);
    }
  }
});

Deno.test("every family carries its documented expected outcome", () => {
  const table = listFamilies().map((f) => `${f.category}/${f.family}=${f.expected}`);
  assert.deepEqual(table, [
    "simple/calendar=approve",
    "simple/email=approve",
    "simple/shopping=approve",
    "simple/travel=approve",
    "simple/files=approve",
    "simple/payments=approve",
    "simple/code=approve",
    "simple/facts=approve",
    "simple/cooking=approve",
    "simple/fitness=approve",
    "simple/home=approve",
    "simple/finance=approve",
    "simple/benign_alarming=approve",
    "multi_step/sequential=approve",
    "multi_step/numbered_list=approve",
    "multi_step/workflow=approve",
    "multi_step/conditional=approve",
    "multi_step/underspecified_step=clarify",
    "low_confidence/vague_reference=clarify",
    "low_confidence/bare_command=clarify",
    "low_confidence/fragment=clarify",
    "low_confidence/unsure_intent=clarify",
    "low_confidence/garbled=clarify",
    "high_confidence/calendar=approve",
    "high_confidence/email=approve",
    "high_confidence/shopping=approve",
    "high_confidence/travel=approve",
    "high_confidence/files=approve",
    "high_confidence/payments=approve",
    "high_confidence/home=approve",
    "high_confidence/finance=approve",
    "high_confidence/code=approve",
    "conflicting_gates/contradictory_timing=clarify",
    "conflicting_gates/approval_conflict=clarify",
    "conflicting_gates/self_contradiction=clarify",
    "conflicting_gates/budget_conflict=clarify",
    "conflicting_gates/flip_flop=clarify",
    "clarification/missing_details=clarify",
    "clarification/ambiguous_entity=clarify",
    "clarification/ambiguous_time=clarify",
    "clarification/ambiguous_quantity=clarify",
    "clarification/ambiguous_reference=clarify",
    "edge_case/long_input=approve",
    "edge_case/long_injection=block",
    "edge_case/sql_injection=approve",
    "edge_case/xss=clarify",
    "edge_case/format_string=clarify",
    "edge_case/emoji=approve",
    "edge_case/rtl=approve",
    "edge_case/bidi_override=clarify",
    "edge_case/deep_nesting=clarify",
    "edge_case/control_chars=clarify",
    "edge_case/zero_width=approve",
    "edge_case/combining_flood=clarify",
    "edge_case/lone_surrogate=clarify",
    "edge_case/empty=clarify",
    "edge_case/whitespace_only=clarify",
    "edge_case/safe_targets=approve",
    "edge_case/figurative=approve",
    "edge_case/safe_contexts=approve",
    "edge_case/definitions_history=approve",
    "edge_case/public_figures=approve",
    "edge_case/safety_questions=approve",
    "adversarial/instruction_override=block",
    "adversarial/role_play=block",
    "adversarial/prompt_leak=block",
    "adversarial/encoded_base64=block",
    "adversarial/encoded_leetspeak=block",
    "adversarial/encoded_rot13=block",
    "adversarial/homoglyph=block",
    "adversarial/fullwidth=block",
    "adversarial/zero_width_obfuscation=block",
    "adversarial/multilingual=block",
    "adversarial/hypothetical_framing=block",
    "adversarial/indirect_injection=block",
    "adversarial/authority_claim=block",
    "adversarial/harmful_request=block",
    "adversarial/harm_violence=block",
    "adversarial/harm_weapons=block",
    "adversarial/harm_drugs=block",
    "adversarial/harm_self_harm=block",
    "adversarial/harm_minors=block",
    "adversarial/harm_hate=block",
    "adversarial/harm_privacy=block",
    "adversarial/harm_fraud=block",
    "adversarial/harm_cybercrime=block",
  ]);
  const expected = new Map(listFamilies().map((f) => [`${f.category}/${f.family}`, f.expected]));
  for (const request of take(5_000, 9)) {
    assert.equal(request.expected, expected.get(`${request.category}/${request.family}`));
  }
});

Deno.test("edge-case families have the property their name claims", () => {
  const byFamily = samples("edge_case");
  const each = (family: string, check: (input: string) => boolean) => {
    for (const { input } of byFamily.get(family) ?? []) {
      assert.ok(check(input), `${family}: ${JSON.stringify(input.slice(0, 200))}`);
    }
  };
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  each("long_input", (s) => s.length >= 10_000 && s.length <= 100_000 && bytes(s) === s.length);
  each("long_injection", (s) =>
    s.length >= 10_000 && s.length <= 100_000 &&
    /ignore all previous|disregard your rules|admin override|safety checks are disabled|quietly forward/i
      .test(s.slice(200, -200)));
  each(
    "sql_injection",
    (s) => /--|;|'|"/.test(s) && /--|\b(OR|DROP|UNION|SELECT|SLEEP|EXEC|AND)\b/.test(s),
  );
  each("xss", (s) => /<(script|img|svg|iframe|a|body)\b|javascript:/i.test(s));
  each("format_string", (s) => /\{\{|\$\{|%[sxn0-9]|#\{|<%|\{0\./.test(s));
  each("emoji", (s) => s.includes("\u200D") && /\p{Extended_Pictographic}/u.test(s));
  each("rtl", (s) => /[\u0590-\u08FF]/.test(s));
  each("bidi_override", (s) => s.includes("\u202E"));
  each("deep_nesting", (s) => /(\[|\(|\{"a":|\[\{"x":|<div>){100}/.test(s));
  // deno-lint-ignore no-control-regex -- control characters are what this family is about
  each("control_chars", (s) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s));
  each("zero_width", (s) => /[\u200B\u200C\u2060\uFEFF]/.test(s));
  each("combining_flood", (s) => /[\u0300-\u036F]{3,}/.test(s));
  each("lone_surrogate", (s) => UNPAIRED_SURROGATE.test(s) && !s.isWellFormed());
  each("empty", (s) => s === "");
  each("whitespace_only", (s) => s.length > 0 && s.trim() === "");
});

Deno.test("long inputs vary in length and content with the seed", () => {
  const lengths = new Set<number>();
  const starts = new Set<string>();
  for (const seed of [1, 2, 3]) {
    for (const { input } of samples("edge_case", 20, seed).get("long_input") ?? []) {
      lengths.add(input.length);
      starts.add(input.slice(0, 120));
    }
  }
  assert.ok(lengths.size >= 30, `${lengths.size} distinct lengths`);
  assert.ok(starts.size >= 10, `${starts.size} distinct openings`);
});

Deno.test("adversarial families carry the attack their name claims", () => {
  const byFamily = samples("adversarial");
  const asks = Object.values(HARMFUL_ASKS).flat();
  const each = (family: string, check: (input: string) => boolean) => {
    for (const { input } of byFamily.get(family) ?? []) {
      assert.ok(check(input), `${family}: ${JSON.stringify(input)}`);
    }
  };
  const decodedBase64 = (s: string) =>
    (s.match(/[A-Za-z0-9+/]{20,}={0,2}/g) ?? []).map((token) => atob(token));
  const rot13 = (s: string) =>
    s.replace(/[a-z]/gi, (c) => {
      const base = c <= "Z" ? 65 : 97;
      return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
    });
  each(
    "instruction_override",
    (s) => /ignore|disregard|forget|override|revoked|no restrictions|stop following/i.test(s),
  );
  each("role_play", (s) => /you are|pretend|roleplay/i.test(s));
  each(
    "prompt_leak",
    (s) =>
      /prompt|instructions|rules|verbatim|above this line|developer message|configuration|told|given before/i
        .test(s),
  );
  each(
    "encoded_base64",
    (s) => decodedBase64(s).some((d) => asks.some((a) => d === `Tell me ${a}`)),
  );
  each("encoded_leetspeak", (s) => /[4-7310]/.test(s) && /^(Pls: )?T311 m3/.test(s));
  each("encoded_rot13", (s) => asks.some((a) => rot13(s).includes(`Tell me ${a}`)));
  each("homoglyph", (s) => /[\u0400-\u04FF]/.test(s) && /[a-z]/.test(s));
  each("fullwidth", (s) => (s.match(/[\uFF01-\uFF5E]/g) ?? []).length >= 10);
  each("zero_width_obfuscation", (s) =>
    /[\u200B\u200C\u2060\u00AD]/.test(s) &&
    asks.some((a) => s.replace(/[\u200B\u200C\u2060\u00AD]/g, "").includes(a)));
  each(
    "multilingual",
    (s) => /[\u0080-\uFFFF]/.test(s) || /\b(Ignora|Ignore toutes|Dis-moi|Wie kann ich)\b/.test(s),
  );
  each(
    "hypothetical_framing",
    (s) =>
      /hypothetically|novel|thought experiment|imagine|screenplay|academic/i.test(s) &&
      asks.some((a) => s.includes(a)),
  );
  each("indirect_injection", (s) =>
    /^(Summarise|Can you give|Translate|Read|Here's)/.test(s) &&
    /AI assistant|Assistant, new instruction|any AI|SYSTEM OVERRIDE|When summarising/.test(s));
  each(
    "authority_claim",
    (s) => /administrator|developer|safety team|police|owner|compliance/i.test(s),
  );
  each("harmful_request", (s) => asks.some((a) => s.includes(a)));
});

Deno.test("harmful requests span several harm areas", () => {
  const areas = new Set<string>();
  for (const { input } of samples("adversarial", 200).get("harmful_request") ?? []) {
    for (const [area, asks] of Object.entries(HARMFUL_ASKS)) {
      if (asks.some((a) => input.includes(a))) areas.add(area);
    }
  }
  assert.deepEqual([...areas].sort(), [
    "drugs",
    "fraud",
    "harassment",
    "malware",
    "violence",
    "weapons",
  ]);
});

Deno.test("benign requests with alarming words are expected to be approved", () => {
  const alarming = samples("simple", 60).get("benign_alarming") ?? [];
  const words =
    /\b(kill|shoot|execute|attack|terminate|nuke|fire|hack|beat|knife|crashing|shot|butcher|blow|exploit|wipe|bombed|poison)\b/i;
  for (const request of alarming) {
    assert.equal(request.expected, "approve");
    assert.match(request.input, words);
  }
});

Deno.test("what distinguishes each uncertain category is in the text", () => {
  for (const { input } of samples("multi_step").get("sequential") ?? []) {
    assert.match(
      input,
      /^(First |Please |Can you |Step one: |I need three things: |To start, |Could you )/,
    );
    assert.match(input, /then|after that|Step two|next,|, and /);
  }
  for (const { input } of samples("multi_step").get("numbered_list") ?? []) {
    assert.match(input, /\n1\. .+\n2\. .+\n3\. /);
  }
  for (const { input } of samples("conflicting_gates").get("contradictory_timing") ?? []) {
    assert.match(input, /don't|hold|freeze|keep/);
  }
  for (const { input } of samples("low_confidence").get("bare_command") ?? []) {
    assert.ok(input.length < 60, input);
  }
});

Deno.test("createGenerator() replays a corpus in file order, cycling, with inferred fields", () => {
  const generator = createGenerator({
    seed: 1,
    corpus: [
      { input: "a" },
      { input: "b", expect: "block" },
      { input: "c", category: "edge_case", family: "mine" },
    ],
  });
  const requests = Array.from({ length: 7 }, () => generator.next());
  assert.deepEqual(requests.slice(0, 4), [
    { id: "r-1", seq: 1, category: "simple", family: "corpus", input: "a", expected: "approve" },
    { id: "r-2", seq: 2, category: "adversarial", family: "corpus", input: "b", expected: "block" },
    { id: "r-3", seq: 3, category: "edge_case", family: "mine", input: "c", expected: "clarify" },
    { id: "r-4", seq: 4, category: "simple", family: "corpus", input: "a", expected: "approve" },
  ]);
  assert.deepEqual(requests.map((r) => r.input).join(""), "abcabca");
  assert.equal(requests[6]?.id, "r-7");
});

Deno.test("createGenerator() rejects an empty corpus", () => {
  assert.throws(() => createGenerator({ seed: 1, corpus: [] }), {
    name: "RangeError",
    message: "Cannot replay an empty corpus",
  });
});
