import assert from "node:assert/strict";
import fc from "fast-check";
import { CATEGORIES, isCategory, isExpected, type Mix } from "../lib/model/category.ts";
import { DEFAULT_MIX, formatMix, parseMix, USUAL_EXPECTED } from "../lib/traffic/categories.ts";

Deno.test("DEFAULT_MIX holds the product's weights and sums to 100", () => {
  assert.deepEqual({ ...DEFAULT_MIX }, {
    simple: 25,
    multi_step: 15,
    low_confidence: 10,
    high_confidence: 15,
    conflicting_gates: 8,
    clarification: 10,
    edge_case: 12,
    adversarial: 5,
  });
  assert.equal(CATEGORIES.reduce((sum, c) => sum + DEFAULT_MIX[c], 0), 100);
  assert.ok(Object.isFrozen(DEFAULT_MIX));
});

Deno.test("isCategory() and isExpected() accept only known names", () => {
  assert.ok(CATEGORIES.every(isCategory));
  assert.equal(isCategory("Simple"), false);
  assert.equal(isCategory(""), false);
  assert.ok(["approve", "clarify", "block"].every(isExpected));
  assert.equal(isExpected("approved"), false);
});

Deno.test("USUAL_EXPECTED maps each category to its usual outcome", () => {
  assert.deepEqual({ ...USUAL_EXPECTED }, {
    simple: "approve",
    multi_step: "approve",
    low_confidence: "clarify",
    high_confidence: "approve",
    conflicting_gates: "clarify",
    clarification: "clarify",
    edge_case: "clarify",
    adversarial: "block",
  });
});

Deno.test("parseMix() overrides the named categories and keeps the other defaults", () => {
  assert.deepEqual(parseMix("simple=40,adversarial=20"), {
    ...DEFAULT_MIX,
    simple: 40,
    adversarial: 20,
  });
  assert.deepEqual(parseMix(" edge_case = 0.5 , low_confidence=0 ,"), {
    ...DEFAULT_MIX,
    edge_case: 0.5,
    low_confidence: 0,
  });
});

Deno.test("parseMix() rejects unknown category names", () => {
  assert.throws(() => parseMix("simpel=10"), {
    name: "RangeError",
    message:
      "Cannot parse mix entry 'simpel=10': unknown category 'simpel' (known: simple, multi_step, low_confidence, high_confidence, conflicting_gates, clarification, edge_case, adversarial)",
  });
});

Deno.test("parseMix() rejects bad, empty, infinite and negative numbers", () => {
  for (
    const [text, raw] of [["simple=abc", "abc"], ["simple=", ""], ["simple=1e999", "1e999"], [
      "simple=-5",
      "-5",
    ], ["simple=NaN", "NaN"]]
  ) {
    assert.throws(() => parseMix(text as string), {
      name: "RangeError",
      message:
        `Cannot parse mix entry '${text}': weight must be a non-negative number: current value is '${raw}'`,
    });
  }
});

Deno.test("parseMix() rejects entries without '=' and a mix with no entries", () => {
  assert.throws(() => parseMix("simple"), {
    message: "Cannot parse mix entry 'simple': expected NAME=WEIGHT",
  });
  assert.throws(() => parseMix(" , "), {
    message: "Cannot parse mix: no NAME=WEIGHT entries given",
  });
});

Deno.test("parseMix() rejects a category given twice", () => {
  assert.throws(() => parseMix("simple=1,adversarial=2,simple=3"), {
    message: "Cannot parse mix entry 'simple=3': category 'simple' given twice",
  });
});

Deno.test("parseMix() rejects a mix where every weight is 0", () => {
  const allZero = CATEGORIES.map((c) => `${c}=0`).join(",");
  assert.throws(() => parseMix(allZero), {
    message: "Cannot use mix: every category has weight 0",
  });
});

Deno.test("formatMix() writes every category in order", () => {
  assert.equal(
    formatMix(DEFAULT_MIX),
    "simple=25,multi_step=15,low_confidence=10,high_confidence=15,conflicting_gates=8,clarification=10,edge_case=12,adversarial=5",
  );
});

Deno.test("parseMix() inverts formatMix() for any mix with a positive weight", () => {
  const weight = fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }).filter((w) =>
      !Object.is(w, -0)
    ),
  );
  const mix = fc.record(
    Object.fromEntries(CATEGORIES.map((c) => [c, weight])) as Record<
      keyof Mix,
      fc.Arbitrary<number>
    >,
  ).filter((m) => CATEGORIES.some((c) => m[c] > 0));
  fc.assert(
    fc.property(mix, (m) => {
      assert.deepEqual(parseMix(formatMix(m)), { ...m });
    }),
  );
});
