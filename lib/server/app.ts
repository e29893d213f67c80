/**
 * The Hono app the simulator serves: the metrics document as JSON, live
 * server-sent events, Prometheus text, a health probe and the web dashboard.
 * It holds no state of its own: the document comes from a callback and the
 * events from an {@linkcode EventHub}, so tests call `app.request()` with no
 * port bound.
 *
 * @module
 */
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import { readBodyText } from "./read_body.ts";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { streamSSE } from "hono/streaming";
import type { MetricsDocument } from "../model/metrics_document.ts";
import type { EventHub, HubEvent } from "./event_hub.ts";
import { tokenAuth } from "./token_auth.ts";
import { loopbackHostOnly } from "./loopback.ts";
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus, type RuleState } from "./prometheus.ts";
import type { LiveAggregates } from "../metrics/live_aggregates.ts";
import type { Summary } from "../model/stats_data.ts";
import { currentSummary } from "../metrics/current_summary.ts";
import { healthScore } from "../alerts/health.ts";
import { WEB_ASSETS } from "./web_assets.ts";

/** Default gap between two heartbeat comments on an idle event stream, ms. */
export const HEARTBEAT_MS = 15_000;

/** Events a slow event-stream client may have pending before it is disconnected. */
export const MAX_PENDING_EVENTS = 64;

/** Reconnection delay suggested to browsers, ms. */
export const RETRY_MS = 3_000;

/** Options for {@linkcode createApp}. */
export interface AppOptions {
  /** The current metrics document, null before the first one is written. */
  getDocument(): MetricsDocument | null;
  /** Event source for `/api/events`. */
  hub: EventHub;
  /**
   * The simulator's live state at scrape time, when the app runs inside it:
   * `/metrics` then counts every completed request, not only reported ones.
   */
  live?: () => LiveMetrics | null;
  /**
   * When set, every route but `/healthz` requires it (see `token_auth.ts`);
   * when not, only requests addressed to a loopback host name are served.
   */
  token?: string;
  /**
   * Gap between heartbeat comments on an idle event stream, ms.
   * @default {15000}
   */
  heartbeatMs?: number;
  /** Aborting it ends every open event stream (server shutdown). */
  signal?: AbortSignal;
  /**
   * Handles `POST /api/target` with the parsed JSON body; the route exists
   * only when this is given. Its result is sent back as JSON; a thrown
   * `RangeError` (or an `HTTPException`) becomes a 400 with its message.
   */
  onTargetSwitch?(body: unknown): unknown | Promise<unknown>;
  /**
   * Called with errors no route expected (the response is a plain 500).
   * @default {console.error}
   */
  onUnexpectedError?(error: unknown): void;
}

/** The simulator's `/metrics` text: its live counters, histograms, window and alert states. */
export function liveExposition(doc: MetricsDocument, live: LiveMetrics): string {
  return renderPrometheus(doc, {
    health: healthScore(live.window)?.score ?? null,
    alerts: live.alerts,
    live: live.aggregates,
    window: live.window,
  });
}

/** What `/metrics` reads from a running simulator. */
export interface LiveMetrics {
  /** Counters and histograms since the process started. */
  aggregates: LiveAggregates;
  /** Summary of the last 60 s (the ratio gauges and the health score). */
  window: Summary;
  /** Every rule's live state. */
  alerts: readonly RuleState[];
}

const NO_STORE = { "Cache-Control": "no-store" };

/** Builds the server's Hono app. */
export function createApp(options: AppOptions): Hono {
  const { hub, getDocument, signal } = options;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const onUnexpectedError = options.onUnexpectedError ?? ((e: unknown) => console.error(e));
  const app = new Hono();

  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
  }));
  app.use(validUrlOnly());
  if (options.token !== undefined) app.use(tokenAuth({ token: options.token }));
  else app.use(loopbackHostOnly());

  app.get("/healthz", (c) => c.json({ status: "ok" }, 200, NO_STORE));

  app.get("/api/metrics", (c) => c.json(requireDocument(getDocument()), 200, NO_STORE));

  app.get("/metrics", (c) => {
    const doc = requireDocument(getDocument());
    const live = options.live?.() ?? null;
    const text = live === null
      ? renderPrometheus(doc, {
        health: healthScore(currentSummary(doc))?.score ?? null,
        alerts: hub.alerts.map((a) => ({
          rule_id: a.rule_id,
          severity: a.severity,
          state: a.status,
        })),
        shards: hub.shards(),
      })
      : liveExposition(doc, live);
    return c.body(text, 200, { "Content-Type": PROMETHEUS_CONTENT_TYPE, ...NO_STORE });
  });

  app.get("/api/live", (c) => {
    const tick = hub.ticks.at(-1);
    if (tick === undefined) {
      throw new HTTPException(503, { message: "No live figures: this server is not a simulator" });
    }
    return c.json(tick, 200, NO_STORE);
  });

  app.get("/api/events", (c) => eventStream(c, hub, heartbeatMs, signal));

  app.get("/", (c) => asset(c, "index.html"));
  app.get("/assets/:name", (c) => asset(c, c.req.param("name")));
  app.get("/favicon.ico", (c) => c.body(null, 204));

  const onTargetSwitch = options.onTargetSwitch;
  if (onTargetSwitch !== undefined) {
    app.post("/api/target", async (c) => {
      refuseCrossSite(c);
      const type = c.req.header("Content-Type") ?? "";
      if (!/^application\/json\b/i.test(type)) {
        throw new HTTPException(415, { message: "Send the request body as application/json" });
      }
      const text = await readBodyText(c.req.raw, { maxBytes: MAX_BODY_BYTES });
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new HTTPException(400, { message: "Request body is not valid JSON" });
      }
      try {
        return c.json((await onTargetSwitch(body)) ?? { ok: true }, 200, NO_STORE);
      } catch (error) {
        if (error instanceof RangeError) throw new HTTPException(400, { message: error.message });
        throw error;
      }
    });
  }

  app.notFound((c) => c.json({ error: `Not found: '${c.req.path}'` }, 404));

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const response = c.json({ error: error.message || "Request failed" }, error.status);
      const challenge = error.res?.headers.get("WWW-Authenticate");
      if (challenge) response.headers.set("WWW-Authenticate", challenge);
      return response;
    }
    onUnexpectedError(error);
    return c.json({ error: "Internal server error" }, 500);
  });

  return app;
}

/** Largest request body any route reads, bytes (413 above it). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Answers 400 to a request whose URL cannot be parsed (a malformed `Host` header, e.g. `::1`). */
function validUrlOnly(): MiddlewareHandler {
  return async function checkUrl(c, next) {
    try {
      new URL(c.req.url);
    } catch {
      throw new HTTPException(400, { message: "Bad request: the Host header is not a valid host" });
    }
    await next();
  };
}

/** Refuses a state-changing request sent from another site (403). */
function refuseCrossSite(c: Context): void {
  const origin = c.req.header("Origin");
  const site = c.req.header("Sec-Fetch-Site");
  const crossOrigin = origin !== undefined && origin !== new URL(c.req.url).origin;
  const crossSite = site !== undefined && site !== "same-origin" && site !== "none";
  if (crossOrigin || crossSite) {
    throw new HTTPException(403, { message: "Cross-site request refused" });
  }
}

function requireDocument(doc: MetricsDocument | null): MetricsDocument {
  if (doc === null) throw new HTTPException(503, { message: "Waiting for metrics data" });
  return doc;
}

function asset(c: Context, name: string): Response {
  const found = Object.hasOwn(WEB_ASSETS, name) ? WEB_ASSETS[name] : undefined;
  if (found === undefined) throw new HTTPException(404, { message: `Not found: '${c.req.path}'` });
  return c.body(found.body, 200, { "Content-Type": found.type, "Cache-Control": "no-cache" });
}

/** The events a new stream starts with: a resume from the buffer, else a snapshot. */
function firstEvents(hub: EventHub, lastEventId: string | undefined): HubEvent[] {
  if (lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId.trim())) {
    const replay = hub.since(Number(lastEventId.trim()));
    if (replay !== null) return replay;
  }
  const snapshot = hub.snapshot();
  return snapshot === null ? [] : [snapshot];
}

function eventStream(
  c: Context,
  hub: EventHub,
  heartbeatMs: number,
  signal: AbortSignal | undefined,
): Response {
  const lastEventId = c.req.header("Last-Event-ID");
  return streamSSE(c, async (stream) => {
    const pending: HubEvent[] = [];
    let overflow = false;
    let wake = () => {};
    const unsubscribe = hub.subscribe((event) => {
      if (pending.length >= MAX_PENDING_EVENTS) overflow = true;
      else pending.push(event);
      wake();
    });
    const stop = () => wake();
    signal?.addEventListener("abort", stop);
    stream.onAbort(stop);
    const open = () => !stream.aborted && !stream.closed && !signal?.aborted && !overflow;
    try {
      await stream.write(`retry: ${RETRY_MS}\n\n`);
      for (const event of firstEvents(hub, lastEventId)) await stream.write(event.frame);
      while (open()) {
        if (pending.length === 0) {
          const woken = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          wake = () => {};
          if (!woken && open()) await stream.write(": heartbeat\n\n");
          continue;
        }
        const event = pending.shift();
        if (event !== undefined) await stream.write(event.frame);
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener("abort", stop);
    }
  });
}
