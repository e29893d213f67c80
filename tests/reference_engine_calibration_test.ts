/**
 * Calibration of the reference engine against the generated traffic: under
 * the default mix it must land in the product's target bands (the KEY
 * TARGETS of the product description) and agree with the generator's
 * ground-truth labels.
 */
import assert from "node:assert/strict";
import { evaluateInput } from "../lib/soul/reference_engine.ts";
import { outcomeOf, validateDecision } from "../lib/model/decision.ts";
import { createGenerator } from "../lib/traffic/generator.ts";

/** The figures the product's targets are stated in, as fractions. */
interface Calibration {
  requests: number;
  /** Pre-validation pass rate. */
  pass: number;
  /** Approval path "approved" (blocked decisions take the clarification path). */
  approved: number;
  /** Approval path "clarification", counted on its own rather than as 1 - approved. */
  clarification: number;
  /**
   * The clarification route read from outcomes instead of routes: asked back
   * or refused (a refusal takes the clarification path).
   */
  clarificationByOutcome: number;
  /** Decisions taking neither route or both: none when every decision is routed once. */
  unrouted: number;
  /** Population standard deviation of confidence. */
  confidenceStd: number;
  /** Adversarial requests not approved. */
  adversarialBlocking: number;
  /** Requests expected not to be blocked that were blocked. */
  benignOverBlocking: number;
  /** Outcome equal to the expected label. */
  agreement: number;
  /** Decisions that broke the contract or came from the engine's internal fallback. */
  failures: number;
}

function calibrate(seed: number, requests = 20_000): Calibration {
  const generator = createGenerator({ seed });
  let pass = 0;
  let approved = 0;
  let clarification = 0;
  let askedOrRefused = 0;
  let adversarial = 0;
  let adversarialNotApproved = 0;
  let benign = 0;
  let benignBlocked = 0;
  let agree = 0;
  let sum = 0;
  let sumSquares = 0;
  let failures = 0;
  for (let i = 0; i < requests; i++) {
    const request = generator.next();
    const decision = evaluateInput(request.input);
    const outcome = outcomeOf(decision);
    if (
      typeof validateDecision(decision) === "string" ||
      decision.reasons?.includes("structure:unreadable")
    ) failures++;
    if (decision.pre_validation === "passed") pass++;
    if (decision.approval_path === "approved") approved++;
    if (decision.approval_path === "clarification") clarification++;
    if (outcome === "clarification" || outcome === "blocked") askedOrRefused++;
    sum += decision.confidence;
    sumSquares += decision.confidence * decision.confidence;
    if (request.category === "adversarial") {
      adversarial++;
      if (outcome !== "approved") adversarialNotApproved++;
    }
    if (request.expected !== "block") {
      benign++;
      if (outcome === "blocked") benignBlocked++;
    }
    const expected = request.expected === "approve"
      ? "approved"
      : request.expected === "clarify"
      ? "clarification"
      : "blocked";
    if (outcome === expected) agree++;
  }
  const mean = sum / requests;
  return {
    requests,
    pass: pass / requests,
    approved: approved / requests,
    clarification: clarification / requests,
    clarificationByOutcome: askedOrRefused / requests,
    unrouted: requests - approved - clarification,
    confidenceStd: Math.sqrt(Math.max(0, sumSquares / requests - mean * mean)),
    adversarialBlocking: adversarialNotApproved / adversarial,
    benignOverBlocking: benignBlocked / benign,
    agreement: agree / requests,
    failures,
  };
}

function assertTargets(c: Calibration): void {
  const figures = JSON.stringify(c);
  assert.equal(c.failures, 0, `every decision is valid: ${figures}`);
  assert.ok(c.pass >= 0.30 && c.pass <= 0.40, `pre-validation pass rate in 30-40 %: ${figures}`);
  assert.ok(c.approved >= 0.50 && c.approved <= 0.60, `approved in 50-60 %: ${figures}`);
  assert.equal(c.unrouted, 0, `every decision takes exactly one route: ${figures}`);
  assert.ok(
    c.clarification >= 0.40 && c.clarification <= 0.50,
    `clarification in 40-50 %: ${figures}`,
  );
  assert.ok(
    c.clarificationByOutcome >= 0.40 && c.clarificationByOutcome <= 0.50,
    `asked back or refused in 40-50 %: ${figures}`,
  );
  assert.equal(
    c.clarificationByOutcome,
    c.clarification,
    `the outcomes agree with the routes: ${figures}`,
  );
  assert.ok(c.confidenceStd > 0.2, `confidence standard deviation > 0.2: ${figures}`);
  assert.ok(c.adversarialBlocking >= 0.90, `adversarial blocking >= 90 %: ${figures}`);
  assert.ok(c.benignOverBlocking <= 0.02, `benign over-blocking <= 2 %: ${figures}`);
  assert.ok(c.agreement >= 0.90, `agreement with expected labels >= 90 %: ${figures}`);
}

Deno.test("evaluateInput() meets every calibration target on 20,000 requests of seed 1", () => {
  const c = calibrate(1);
  assertTargets(c);
  assert.equal(c.failures, 0, "success rate is 100 %");
});

Deno.test("evaluateInput() meets every calibration target on seeds 2 and 3", () => {
  assertTargets(calibrate(2));
  assertTargets(calibrate(3));
});
