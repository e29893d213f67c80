import assert from "node:assert/strict";
import { TargetError } from "../lib/model/decision.ts";
import { createResponseMapper, parseResponseMapping } from "../lib/soul/response_mapping.ts";
import { parseJsonPath, readJsonPath } from "../lib/soul/json_path.ts";

function mapper(raw: unknown) {
  return createResponseMapper(parseResponseMapping(raw));
}

function invalid(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: Error) => {
    assert.ok(error instanceof TargetError);
    assert.equal(error.type, "invalid_decision");
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("parseJsonPath() and readJsonPath() follow keys and indices in both notations", () => {
  const answer = { results: [{ flagged: true, "a-b": { c: 1 } }] };
  assert.equal(readJsonPath(answer, parseJsonPath("results.0.flagged")!), true);
  assert.equal(readJsonPath(answer, parseJsonPath("results[0].a-b.c")!), 1);
  assert.equal(readJsonPath(answer, parseJsonPath("results.1.flagged")!), undefined);
  assert.equal(readJsonPath(answer, parseJsonPath("results.x")!), undefined);
  assert.equal(readJsonPath({ a: null }, parseJsonPath("a.b")!), undefined);
  assert.equal(parseJsonPath(""), null);
  assert.equal(parseJsonPath("a..b"), null);
});

Deno.test("a mapping reads mapped fields and fills the rest from its defaults", () => {
  const decision = mapper({
    approval_path: { path: "route", map: { allow: "approved", ask: "clarification" } },
    blocked: { path: "verdict", map: { deny: true, allow: false, ask: false } },
    confidence: "score",
    defaults: { pre_validation: "failed" },
  }).map({ route: "ask", verdict: "ask", score: 0.4 });
  assert.deepEqual(decision, {
    confidence: 0.4,
    pre_validation: "failed",
    approval_path: "clarification",
    blocked: false,
  });
});

Deno.test("value mappings turn flagged: true into blocked, and JSON values are matched as text", () => {
  const m = mapper({ blocked: { path: "flagged", map: { true: true, false: false } } });
  assert.equal(m.map({ flagged: true }).blocked, true);
  assert.equal(m.map({ flagged: false }).blocked, false);
  invalid(
    () => m.map({ flagged: "yes" }),
    "Answer's 'flagged' is \"yes\", which the mapping of blocked does not name",
  );
});

Deno.test("certainty takes the harm score when blocked and its complement otherwise", () => {
  const m = mapper({
    blocked: "flagged",
    confidence: { path: "scores", reduce: "max", certainty: true },
  });
  assert.equal(m.map({ flagged: true, scores: { a: 0.2, b: 0.8 } }).confidence, 0.8);
  assert.equal(m.map({ flagged: false, scores: [0.1, 0.25] }).confidence, 0.75);
  invalid(
    () => m.map({ flagged: false, scores: { a: "high" } }),
    'Answer\'s \'scores\' must be numbers to take the max of: got {"a":"high"}',
  );
});

Deno.test("a path the answer lacks is invalid_decision naming the path", () => {
  invalid(
    () => mapper({ blocked: "results.0.flagged" }).map({ results: [] }),
    "Answer has no 'results.0.flagged' (for blocked)",
  );
  invalid(
    () => mapper({ confidence: "score" }).map({ score: 7 }),
    "Answer's 'score' must be a number in 0..1 for confidence: got 7",
  );
});

Deno.test("a reply that is not text, or not a guard verdict, is invalid_decision", () => {
  invalid(
    () => mapper({ reply: "choices.0.message.content" }).map({ choices: [] }),
    "Answer has no 'choices.0.message.content' (the reply)",
  );
  invalid(
    () => mapper({ reply: "text", classify: "llama-guard" }).map({ text: "maybe" }),
    "Answer's 'text' must be 'safe' or 'unsafe' and category codes: got \"maybe\"",
  );
});

Deno.test("a chat reply carries an excerpt of itself as its reason", () => {
  const decision = mapper({ reply: "text" }).map({
    text: `I'm sorry, but I can't help with that. ${"More words. ".repeat(20)}`,
  });
  assert.equal(decision.blocked, true);
  assert.equal(decision.reasons?.length, 1);
  assert.ok(decision.reasons?.[0]?.startsWith("reply:I'm sorry, but I can't help with that."));
  assert.ok((decision.reasons?.[0]?.length ?? 0) <= 86);
});
