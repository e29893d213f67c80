import assert from "node:assert/strict";
import {
  LEAK_REASON,
  OVERBLOCK_REASON,
  regressDecision,
  regressEngine,
  withGuardRegression,
} from "../lib/soul/guard_regression.ts";
import { type Decision, outcomeOf, type Target } from "../lib/model/decision.ts";
import { createRandom } from "../lib/traffic/random.ts";

const BLOCKED: Decision = {
  confidence: 0.1,
  pre_validation: "failed",
  approval_path: "clarification",
  blocked: true,
  reasons: ["injection:instruction_override"],
};
const APPROVED: Decision = {
  confidence: 0.8,
  pre_validation: "passed",
  approval_path: "approved",
  reasons: ["plain_request"],
};
const CLARIFY: Decision = {
  confidence: 0.4,
  pre_validation: "failed",
  approval_path: "clarification",
  clarification_question: "Which one?",
};

Deno.test("regressDecision() approves a blocked decision when the draw is below the leak rate", () => {
  const rates = { leak_rate: 0.3, overblock_rate: 0 };
  const leaked = regressDecision(BLOCKED, rates, 0.29);
  assert.equal(outcomeOf(leaked), "approved");
  assert.deepEqual(leaked.reasons, ["injection:instruction_override", LEAK_REASON]);
  assert.equal(leaked.confidence, 0.9);
  assert.equal(leaked.pre_validation, "passed");
  assert.equal(regressDecision(BLOCKED, rates, 0.3), BLOCKED, "draw at the rate: unchanged");
  assert.equal(regressDecision(APPROVED, rates, 0), APPROVED, "a leak never touches approvals");
});

Deno.test("regressDecision() blocks an approval or a clarification below the over-block rate", () => {
  const rates = { leak_rate: 0, overblock_rate: 0.5 };
  for (const d of [APPROVED, CLARIFY]) {
    const blocked = regressDecision(d, rates, 0.1);
    assert.equal(outcomeOf(blocked), "blocked");
    assert.equal(blocked.reasons?.at(-1), OVERBLOCK_REASON);
    assert.equal(blocked.confidence, Math.round((1 - d.confidence) * 1e4) / 1e4);
    assert.equal(regressDecision(d, rates, 0.5), d);
  }
  assert.equal(regressDecision(BLOCKED, rates, 0), BLOCKED, "over-blocking never touches blocks");
});

Deno.test("withGuardRegression() returns the target itself with both rates 0", () => {
  const target: Target = { name: "t", evaluate: () => APPROVED };
  assert.equal(
    withGuardRegression(target, { leak_rate: 0, overblock_rate: 0 }, createRandom(1)),
    target,
  );
  const f = (_: string) => APPROVED;
  assert.equal(regressEngine(f, { leak_rate: 0, overblock_rate: 0 }, createRandom(1)), f);
});

Deno.test("withGuardRegression() rejects a rate outside 0..1", () => {
  const target: Target = { name: "t", evaluate: () => APPROVED };
  assert.throws(
    () => withGuardRegression(target, { leak_rate: 1.5, overblock_rate: 0 }, createRandom(1)),
    /'leak_rate' must be in 0\.\.1: current value is 1\.5/,
  );
  assert.throws(
    () => regressEngine(() => APPROVED, { leak_rate: 0, overblock_rate: -1 }, createRandom(1)),
    /'overblock_rate' must be in 0\.\.1/,
  );
});

Deno.test("withGuardRegression() leaks about its rate of blocks, the same ones for the same seed", async () => {
  const target: Target = {
    name: "t",
    evaluate: (r) => (Number(r.id) % 2 === 0 ? BLOCKED : Promise.resolve(APPROVED)),
  };
  const run = async (seed: number) => {
    const t = withGuardRegression(
      target,
      { leak_rate: 0.5, overblock_rate: 0.1 },
      createRandom(seed),
    );
    const out: string[] = [];
    for (let i = 0; i < 2000; i++) {
      out.push(outcomeOf(await t.evaluate({ id: String(i), input: "x" })));
    }
    return out;
  };
  const a = await run(7);
  assert.deepEqual(await run(7), a);
  const blockedOfEven = a.filter((o, i) => i % 2 === 0 && o === "blocked").length / 1000;
  const blockedOfOdd = a.filter((o, i) => i % 2 === 1 && o === "blocked").length / 1000;
  assert.ok(Math.abs(blockedOfEven - 0.5) < 0.05, `blocks kept: ${blockedOfEven}`);
  assert.ok(Math.abs(blockedOfOdd - 0.1) < 0.03, `approvals blocked: ${blockedOfOdd}`);
});

Deno.test("regressEngine() decides from the engine's decision alone: the same input can go either way", () => {
  const f = regressEngine(() => BLOCKED, { leak_rate: 0.5, overblock_rate: 0 }, createRandom(3));
  const outcomes = new Set(Array.from({ length: 50 }, () => outcomeOf(f("same text"))));
  assert.deepEqual([...outcomes].sort(), ["approved", "blocked"]);
});
