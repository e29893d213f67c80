import assert from "node:assert/strict";
import { withFaults } from "../lib/soul/fault_target.ts";
import {
  type Decision,
  type Target,
  TargetError,
  validateDecision,
} from "../lib/model/decision.ts";
import { createRandom } from "../lib/traffic/random.ts";
import type { FaultConfig } from "../lib/model/metrics_document.ts";

const NONE: FaultConfig = {
  fault_rate: 0,
  slow_rate: 0,
  slow_ms: 100,
  throw_rate: 0,
  malformed_rate: 0,
};

const OK: Decision = { confidence: 0.9, pre_validation: "passed", approval_path: "approved" };

function fixedTarget(): Target & { calls: number } {
  const target = {
    name: "fixed",
    calls: 0,
    evaluate(): Decision {
      target.calls++;
      return OK;
    },
  };
  return target;
}

type Result = "ok" | "fault" | "unhandled" | "malformed" | "slow";

function classify(target: Target, id: number): Result {
  try {
    const answer = target.evaluate({ id: `r-${id}`, input: "x" });
    if (answer instanceof Promise) {
      answer.catch(() => {});
      return "slow";
    }
    return typeof validateDecision(answer) === "string" ? "malformed" : "ok";
  } catch (error) {
    if (error instanceof TargetError) {
      assert.equal(error.type, "fault_injected");
      return "fault";
    }
    assert.ok(error instanceof Error);
    return "unhandled";
  }
}

Deno.test("withFaults() returns the target itself when every rate is 0", () => {
  const target = fixedTarget();
  assert.equal(withFaults(target, NONE, createRandom(1)), target);
});

Deno.test("withFaults() injects each kind of fault at about its rate", () => {
  const faults = { ...NONE, fault_rate: 0.1, throw_rate: 0.05, malformed_rate: 0.2 };
  const target = withFaults(fixedTarget(), faults, createRandom(7));
  const counts: Record<Result, number> = { ok: 0, fault: 0, unhandled: 0, malformed: 0, slow: 0 };
  const n = 20_000;
  for (let i = 0; i < n; i++) counts[classify(target, i)]++;
  // Checks run in order: fault, then unhandled, then malformed.
  assert.ok(Math.abs(counts.fault / n - 0.1) < 0.01, `fault ${counts.fault}`);
  assert.ok(Math.abs(counts.unhandled / n - 0.9 * 0.05) < 0.01, `unhandled ${counts.unhandled}`);
  assert.ok(
    Math.abs(counts.malformed / n - 0.9 * 0.95 * 0.2) < 0.015,
    `malformed ${counts.malformed}`,
  );
  assert.equal(counts.slow, 0);
});

Deno.test("withFaults() gives the same faults for the same seed", () => {
  const faults = { ...NONE, fault_rate: 0.2, throw_rate: 0.1, malformed_rate: 0.1 };
  const run = (seed: number) => {
    const target = withFaults(fixedTarget(), faults, createRandom(seed));
    return Array.from({ length: 500 }, (_, i) => classify(target, i));
  };
  assert.deepEqual(run(3), run(3));
  assert.notDeepEqual(run(3), run(4));
});

Deno.test("withFaults() malformed answers break the decision contract", () => {
  const target = withFaults(fixedTarget(), { ...NONE, malformed_rate: 1 }, createRandom(1));
  for (let i = 0; i < 100; i++) {
    const answer = target.evaluate({ id: `r-${i}`, input: "x" });
    assert.equal(typeof validateDecision(answer), "string", JSON.stringify(answer));
  }
});

Deno.test("withFaults() slow answers resolve with the decision after the delay", async () => {
  const inner = fixedTarget();
  const target = withFaults(inner, { ...NONE, slow_rate: 1, slow_ms: 20 }, createRandom(1));
  const answer = target.evaluate({ id: "r-1", input: "x" });
  assert.ok(answer instanceof Promise);
  assert.deepEqual(await answer, OK);
  assert.equal(inner.calls, 1);
});

Deno.test("withFaults() slow answers reject when the signal aborts", async () => {
  const target = withFaults(
    fixedTarget(),
    { ...NONE, slow_rate: 1, slow_ms: 60_000 },
    createRandom(1),
  );
  const controller = new AbortController();
  const answer = target.evaluate({ id: "r-1", input: "x" }, controller.signal);
  controller.abort(new TargetError("timeout", "No answer within 10 ms"));
  await assert.rejects(answer as Promise<Decision>, (e) => e instanceof TargetError);

  const aborted = AbortSignal.abort();
  await assert.rejects(
    target.evaluate({ id: "r-2", input: "x" }, aborted) as Promise<Decision>,
  );
});

Deno.test("withFaults() keeps the name and forwards close()", () => {
  let closed = 0;
  const inner: Target = { name: "inner", evaluate: () => OK, close: () => void closed++ };
  const target = withFaults(inner, { ...NONE, fault_rate: 0.5 }, createRandom(1));
  assert.equal(target.name, "inner");
  target.close?.();
  assert.equal(closed, 1);
});

Deno.test("withFaults() rejects rates outside 0..1 and a negative delay", () => {
  assert.throws(
    () => withFaults(fixedTarget(), { ...NONE, fault_rate: 1.5 }, createRandom(1)),
    {
      name: "RangeError",
      message: "Cannot inject faults as 'fault_rate' must be in 0..1: current value is 1.5",
    },
  );
  assert.throws(
    () => withFaults(fixedTarget(), { ...NONE, slow_ms: -1 }, createRandom(1)),
    RangeError,
  );
});
