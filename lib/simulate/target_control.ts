/**
 * Choosing the simulator's target at start-up and switching it while it
 * runs (SIGHUP re-reads the `--flags` file; `POST /api/target` on the
 * server): build a target from a resolved setting, and read a switch request.
 *
 * @module
 */
import type { Target } from "../model/decision.ts";
import { createReferenceTarget } from "../soul/reference_engine.ts";
import { withFaults } from "../soul/fault_target.ts";
import { createHttpTarget, parseSoulUrl } from "../soul/http_target.ts";
import type { TargetSetting } from "../soul/target_setting.ts";
import type { Random } from "../traffic/random.ts";
import type { FaultConfig } from "../model/metrics_document.ts";

/** What building a target needs besides the setting. */
export interface TargetContext {
  /** Per-request timeout of the HTTP target, ms. */
  timeoutMs: number;
  /** Most connections the HTTP target opens. */
  concurrency: number;
  /** Fault injection of the embedded engine. */
  faults: FaultConfig;
  /** Seeded source for injected faults. */
  random: Random;
}

/** Builds the target a setting names: the embedded engine (with any faults) or the HTTP service. */
export function buildTarget(setting: TargetSetting, context: TargetContext): Target {
  if (setting.kind === "http" && setting.url !== undefined) {
    return createHttpTarget({
      url: setting.url,
      timeoutMs: context.timeoutMs,
      concurrency: context.concurrency,
    });
  }
  return withFaults(createReferenceTarget(), context.faults, context.random);
}

/** A short label for a setting, e.g. `reference` or `http http://127.0.0.1:8787`. */
export function describeSetting(setting: TargetSetting): string {
  return setting.kind === "http" ? `http ${setting.url}` : "reference";
}

/**
 * Reads the body of `POST /api/target`: `{"target": "reference"}` or
 * `{"target": "http", "url": "http://127.0.0.1:8787"}` (the URL is optional
 * and defaults to the one configured). Throws a `RangeError` with a one-line
 * message on anything else.
 */
export function parseTargetRequest(body: unknown, defaultUrl: string): TargetSetting {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RangeError('Send a JSON object such as {"target": "reference"}');
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (key !== "target" && key !== "url") {
      throw new RangeError(`Unknown field '${key}': expected 'target' and optionally 'url'`);
    }
  }
  if (b.target === "reference") {
    if (b.url !== undefined) throw new RangeError('\'url\' only goes with "target": "http"');
    return { kind: "reference" };
  }
  if (b.target === "http") {
    if (b.url !== undefined && typeof b.url !== "string") {
      throw new RangeError("'url' must be a string");
    }
    let url: URL;
    try {
      url = parseSoulUrl(typeof b.url === "string" ? b.url : defaultUrl, "url");
    } catch (error) {
      throw new RangeError((error as Error).message);
    }
    return { kind: "http", url: url.href.replace(/\/$/, "") };
  }
  throw new RangeError(
    `'target' must be "reference" or "http": current value is ${
      JSON.stringify(b.target) ?? "nothing"
    }`,
  );
}
