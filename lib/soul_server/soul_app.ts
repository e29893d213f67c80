/**
 * The reference Soul server as a Hono app: serves a decision engine over the
 * decision contract (`POST /v1/evaluate`), with optional injected faults.
 *
 * @module
 */
import { HTTPException } from "hono/http-exception";
import { readBodyText } from "../server/read_body.ts";
import { Hono } from "hono";
import type { Decision } from "../model/decision.ts";
import { createRandom, type Random } from "../traffic/random.ts";
import { regressEngine } from "../soul/guard_regression.ts";
import {
  chooseFault,
  type FaultKind,
  NO_FAULTS,
  sampleLatency,
  type SoulFaults,
} from "./soul_faults.ts";

/** Options of {@linkcode createSoulApp}. */
export interface SoulAppOptions {
  /** The engine turning an input text into a decision. */
  evaluate: (text: string) => Decision;
  /**
   * Fault rates and added latency.
   * @default no faults, no latency
   */
  faults?: Partial<SoulFaults>;
  /**
   * Random source for faults and latency.
   * @default createRandom(1)
   */
  random?: Random;
  /** Waits `ms`; injected so tests need no real sleeps. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborted on shutdown: releases requests held by the hang fault. */
  signal?: AbortSignal;
  /** Called once per request with the fault it got (for logs and counters). */
  onFault?: (fault: FaultKind) => void;
}

/** Largest request body accepted, in bytes. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * Creates the reference Soul app: `POST /v1/evaluate` answers
 * `{"id", "input"}` with a decision; `GET /health` answers `{"status":"ok"}`.
 * A bad request gets 400 with `{"error"}`.
 */
export function createSoulApp(options: SoulAppOptions): Hono {
  const faults: SoulFaults = { ...NO_FAULTS, ...options.faults };
  const random = options.random ?? createRandom(1);
  const sleep = options.sleep ?? defaultSleep;
  const hasLatency = !(faults.latency.kind === "fixed" && faults.latency.ms === 0);
  const evaluate = regressEngine(options.evaluate, {
    leak_rate: faults.leakRate,
    overblock_rate: faults.overblockRate,
  }, random);
  const app = new Hono();

  app.post("/v1/evaluate", async (c) => {
    let text: string;
    try {
      // A declared Content-Length is checked first, and a chunked body is counted while read.
      text = await readBodyText(c.req.raw, { maxBytes: MAX_REQUEST_BYTES });
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
      return error.status === 413
        ? c.json({ error: `request body exceeds ${MAX_REQUEST_BYTES} bytes` }, 413)
        : c.json({ error: error.message }, error.status);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return c.json({ error: "request body must be JSON" }, 400);
    }
    const input = typeof body === "object" && body !== null
      ? (body as Record<string, unknown>).input
      : undefined;
    if (typeof input !== "string") {
      return c.json({ error: "'input' must be a string" }, 400);
    }
    const fault = chooseFault(faults, random);
    options.onFault?.(fault);
    if (fault === "hang") {
      await hang(c.req.raw.signal, options.signal);
      return c.json({ error: "fault injected: hang" }, 504);
    }
    if (hasLatency) await sleep(sampleLatency(faults.latency, random));
    switch (fault) {
      case "error":
        return c.json({ error: "fault injected" }, 503);
      case "not_json":
        return c.body('{"confidence": 0.9, "pre_validation": "pass', 200, JSON_HEADERS);
      case "invalid_decision":
        return c.json({ confidence: 1.7, pre_validation: "passed", approval_path: "approved" });
      case "drop":
        return droppedAnswer();
      default:
        return c.json(evaluate(input));
    }
  });

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.notFound((c) => c.json({ error: "not found: use POST /v1/evaluate" }, 404));
  app.onError((error, c) => {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return c.json({ error: `engine failed: ${message}` }, 500);
  });
  return app;
}

/**
 * A response announcing more bytes than it sends: the server closes the
 * connection in the middle of the answer.
 */
function droppedAnswer(): Response {
  const partial = new TextEncoder().encode('{"confidence": 0.');
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(partial);
      controller.close();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { ...JSON_HEADERS, "content-length": String(partial.length + 64) },
  });
}

function hang(request: AbortSignal, shutdown: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (request.aborted || shutdown?.aborted) return resolve();
    const done = () => {
      request.removeEventListener("abort", done);
      shutdown?.removeEventListener("abort", done);
      resolve();
    };
    request.addEventListener("abort", done);
    shutdown?.addEventListener("abort", done);
  });
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
