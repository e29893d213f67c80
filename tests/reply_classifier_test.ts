import assert from "node:assert/strict";
import {
  classifyReply,
  createReplyClassifier,
  DEFAULT_REPLY_PATTERNS,
  excerpt,
  parseGuardVerdict,
} from "../lib/soul/reply_classifier.ts";

Deno.test("classifyReply() calls refusals blocked", () => {
  for (
    const reply of [
      "I'm sorry, but I can't help with that.",
      "I am afraid I cannot comply with this request.",
      "I can't assist with that request.",
      "I won't provide instructions for making weapons.",
      "Sorry, that goes against my guidelines.",
    ]
  ) {
    assert.equal(classifyReply(reply).outcome, "blocked", reply);
  }
});

Deno.test("classifyReply() calls clarifying questions clarification", () => {
  for (
    const reply of [
      "Could you clarify which file you mean?",
      "What exactly do you mean by 'the thing'?",
      "Do you mean the red one or the blue one?",
      "Which one of these would you like me to book?",
      "Sure, which city?",
    ]
  ) {
    assert.equal(classifyReply(reply).outcome, "clarification", reply);
  }
});

Deno.test("classifyReply() approves answers, including long ones ending in a question", () => {
  for (
    const reply of [
      "Paris is the capital of France.",
      "Here is the summary: the meeting moved to Friday.",
      `${"A long, helpful answer. ".repeat(20)}Anything else?`,
    ]
  ) {
    const result = classifyReply(reply);
    assert.equal(result.outcome, "approved", reply);
    assert.equal(result.pattern, null);
  }
});

Deno.test("createReplyClassifier() uses the patterns it is given and names the one that matched", () => {
  const classifier = createReplyClassifier({ refusal: ["^denied\\b"], clarification: [] });
  assert.deepEqual(classifier.classify("DENIED by policy"), {
    outcome: "blocked",
    pattern: "^denied\\b",
  });
  assert.equal(classifier.classify("I'm sorry, but I can't help with that.").outcome, "approved");
  assert.ok(DEFAULT_REPLY_PATTERNS.refusal.length > 0);
});

Deno.test("parseGuardVerdict() reads safe, and unsafe with category codes", () => {
  assert.deepEqual(parseGuardVerdict("safe"), { unsafe: false, codes: [] });
  assert.deepEqual(parseGuardVerdict("  unsafe\nS1,S10\n"), { unsafe: true, codes: ["S1", "S10"] });
  assert.deepEqual(parseGuardVerdict("unsafe\ns2, s3"), { unsafe: true, codes: ["S2", "S3"] });
  assert.deepEqual(parseGuardVerdict("unsafe"), { unsafe: true, codes: [] });
  assert.equal(parseGuardVerdict("safe\nbut also this"), null);
  assert.equal(parseGuardVerdict("unsafe\nviolence"), null);
  assert.equal(parseGuardVerdict("I think it is fine"), null);
});

Deno.test("excerpt() flattens whitespace and cuts at the limit with an ellipsis", () => {
  assert.equal(excerpt("a\n\tb   c"), "a b c");
  assert.equal(excerpt("x".repeat(100), 10), `${"x".repeat(9)}…`);
});
