import assert from "node:assert/strict";
import { createApp, MAX_BODY_BYTES, MAX_PENDING_EVENTS } from "../lib/server/app.ts";
import { EventHub } from "../lib/server/event_hub.ts";
import { SESSION_COOKIE } from "../lib/server/token_auth.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { errorSample, HOSTILE, serverDocument } from "./_server_builders.ts";
import { LiveMonitor, parseLiveTick } from "../lib/view/live_tick.ts";
import { createRecordStream } from "./_builders.ts";

const TOKEN = "s3cret-token";

function appWith(
  doc: MetricsDocument | null,
  extra: Partial<Parameters<typeof createApp>[0]> = {},
) {
  const now = doc === null ? new Date() : new Date(doc.status.updated_at);
  const hub = new EventHub({ now: () => now });
  if (doc !== null) hub.publishReport(doc);
  const app = createApp({ getDocument: () => doc, hub, onUnexpectedError() {}, ...extra });
  return { app, hub };
}

Deno.test("GET /healthz answers ok without a token", async () => {
  const { app } = appWith(null, { token: TOKEN });
  const res = await app.request("/healthz");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: "ok" });
});

Deno.test("GET /api/metrics returns the document as JSON", async () => {
  const doc = serverDocument();
  const { app } = appWith(doc);
  const res = await app.request("/api/metrics");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("Content-Type") ?? "", /^application\/json/);
  assert.equal(res.headers.get("Cache-Control"), "no-store");
  assert.deepEqual(await res.json(), JSON.parse(JSON.stringify(doc)));
});

Deno.test("GET /api/metrics answers 503 before the first document", async () => {
  const { app } = appWith(null);
  const res = await app.request("/api/metrics");
  assert.equal(res.status, 503);
  assert.deepEqual(await res.json(), { error: "Waiting for metrics data" });
});

Deno.test("GET /metrics returns Prometheus text 0.0.4", async () => {
  const { app } = appWith(serverDocument());
  const res = await app.request("/metrics");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const text = await res.text();
  assert.match(text, /^# HELP buddy_traffic_requests_total /m);
  assert.match(text, /^buddy_traffic_health_score \d+$/m);
  assert.match(
    text,
    /^buddy_traffic_alert\{rule_id="low_success_rate",severity="critical",state="(ok|pending|firing|resolved)"\} 1$/m,
  );
});

Deno.test("GET /metrics answers 503 before the first document", async () => {
  const { app } = appWith(null);
  assert.equal((await app.request("/metrics")).status, 503);
});

Deno.test("GET / serves the dashboard page with a strict content security policy", async () => {
  const { app } = appWith(serverDocument());
  const res = await app.request("/");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("Content-Type") ?? "", /^text\/html/);
  const csp = res.headers.get("Content-Security-Policy") ?? "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(res.headers.get("X-Content-Type-Options"), "nosniff");
  assert.equal(res.headers.get("X-Frame-Options"), "SAMEORIGIN");
  const html = await res.text();
  for (const tag of html.matchAll(/<script\b[^>]*>/g)) assert.match(tag[0], /\bsrc="\/assets\//);
  assert.doesNotMatch(html, /<script\b[^>]*>[^<]+<\/script>/);
  assert.doesNotMatch(html, /\bstyle=|<style|https?:\/\//);
});

Deno.test("GET /assets/ serves the page script, styles and uPlot from the npm package", async () => {
  const { app } = appWith(null);
  const js = await app.request("/assets/uplot.js");
  assert.equal(js.status, 200);
  assert.match(js.headers.get("Content-Type") ?? "", /^text\/javascript/);
  assert.match(await js.text(), /uPlot/);
  const css = await app.request("/assets/uplot.css");
  assert.match(css.headers.get("Content-Type") ?? "", /^text\/css/);
  assert.match(await css.text(), /\.uplot/);
  const page = await app.request("/assets/dashboard.js");
  const source = await page.text();
  assert.match(source, /textContent/);
  assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
});

Deno.test("unknown paths and assets answer 404 in JSON", async () => {
  const { app } = appWith(null);
  const missing = await app.request("/nope");
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: "Not found: '/nope'" });
  const asset = await app.request("/assets/constructor");
  assert.equal(asset.status, 404);
  assert.equal(asset.headers.get("X-Content-Type-Options"), "nosniff");
});

Deno.test("an unexpected error becomes one 500 in JSON and is reported", async () => {
  const seen: unknown[] = [];
  const hub = new EventHub();
  const app = createApp({
    getDocument() {
      throw new Error("disk on fire");
    },
    hub,
    onUnexpectedError: (e) => seen.push(e),
  });
  const res = await app.request("/api/metrics");
  assert.equal(res.status, 500);
  assert.deepEqual(await res.json(), { error: "Internal server error" });
  assert.equal(seen.length, 1);
  assert.equal((seen[0] as Error).message, "disk on fire");
});

Deno.test("a token protects every route but /healthz", async () => {
  const { app } = appWith(serverDocument(), { token: TOKEN });
  for (const path of ["/", "/api/metrics", "/api/events", "/metrics", "/assets/dashboard.js"]) {
    const res = await app.request(path);
    assert.equal(res.status, 401, path);
    assert.equal(res.headers.get("WWW-Authenticate"), 'Bearer realm="buddy-traffic"');
    assert.match((await res.json()).error, /^Token required/);
  }
  assert.equal((await app.request("/healthz")).status, 200);
});

Deno.test("a bearer token is accepted and a wrong one rejected", async () => {
  const { app } = appWith(serverDocument(), { token: TOKEN });
  const ok = await app.request("/api/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(ok.status, 200);
  const wrong = await app.request("/api/metrics", { headers: { Authorization: "Bearer nope" } });
  assert.equal(wrong.status, 401);
  assert.deepEqual(await wrong.json(), { error: "Invalid token" });
  const basic = await app.request("/metrics", { headers: { Authorization: `Basic ${TOKEN}` } });
  assert.equal(basic.status, 401);
});

Deno.test("/?token= sets an HttpOnly SameSite=Strict session cookie and redirects to /", async () => {
  const { app } = appWith(serverDocument(), { token: TOKEN });
  const res = await app.request(`/?token=${TOKEN}`);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("Location"), "/");
  const cookie = res.headers.get("Set-Cookie") ?? "";
  assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=[0-9a-f]{64};`));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  assert.ok(!cookie.includes(TOKEN), "the cookie must not carry the token itself");
  const pair = cookie.split(";")[0] ?? "";
  for (const path of ["/", "/api/metrics", "/metrics", "/assets/uplot.js"]) {
    const again = await app.request(path, { headers: { Cookie: pair } });
    assert.equal(again.status, 200, path);
    await again.body?.cancel();
  }
  const forged = await app.request("/api/metrics", {
    headers: { Cookie: `${SESSION_COOKIE}=${"0".repeat(64)}` },
  });
  assert.equal(forged.status, 401);
});

Deno.test("a wrong ?token= is rejected and the query token counts only on /", async () => {
  const { app } = appWith(serverDocument(), { token: TOKEN });
  const wrong = await app.request("/?token=nope");
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get("Set-Cookie"), null);
  const api = await app.request(`/api/metrics?token=${TOKEN}`);
  assert.equal(api.status, 401);
});

Deno.test("POST /api/target exists only with a handler", async () => {
  const { app } = appWith(null);
  const res = await app.request("/api/target", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ target: "http" }),
  });
  assert.equal(res.status, 404);
});

Deno.test("POST /api/target hands the JSON body to the handler and maps its errors", async () => {
  const bodies: unknown[] = [];
  const { app } = appWith(null, {
    onTargetSwitch(body) {
      bodies.push(body);
      const target = (body as { target?: unknown }).target;
      if (target !== "http" && target !== "reference") {
        throw new RangeError(`Cannot switch target as it is unknown: current value is '${target}'`);
      }
      return { target };
    },
  });
  const post = (body: string, headers: Record<string, string> = {}) =>
    app.request("http://localhost/api/target", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body,
    });
  const ok = await post(JSON.stringify({ target: "http" }));
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { target: "http" });
  assert.deepEqual(bodies, [{ target: "http" }]);
  const bad = await post(JSON.stringify({ target: "mars" }));
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), {
    error: "Cannot switch target as it is unknown: current value is 'mars'",
  });
  const broken = await post("{not json");
  assert.equal(broken.status, 400);
  assert.deepEqual(await broken.json(), { error: "Request body is not valid JSON" });
  const xml = await post("<target/>", { "Content-Type": "application/xml" });
  assert.equal(xml.status, 415);
  const crossSite = await post(JSON.stringify({ target: "http" }), {
    Origin: "https://evil.example",
  });
  assert.equal(crossSite.status, 403);
  assert.deepEqual(await crossSite.json(), { error: "Cross-site request refused" });
  const fetchedCrossSite = await post(JSON.stringify({ target: "http" }), {
    "Sec-Fetch-Site": "cross-site",
  });
  assert.equal(fetchedCrossSite.status, 403);
  assert.equal(bodies.length, 2);
});

Deno.test("GET /api/events starts with a snapshot and streams reports until stopped", async () => {
  const doc = serverDocument([{}, {}], [errorSample(HOSTILE)]);
  const stop = new AbortController();
  const { app, hub } = appWith(doc, { signal: stop.signal });
  const res = await app.request("/api/events");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Content-Type"), "text/event-stream");
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("event: snapshot")) text += (await reader.read()).value ?? "";
  assert.match(text, /^retry: 3000\n\n/);
  assert.match(text, /event: snapshot\nid: 1\ndata: \{/);
  const next = serverDocument([{}, {}, {}]);
  hub.publishReport(next);
  while (!text.includes("event: report\nid: 2")) text += (await reader.read()).value ?? "";
  stop.abort();
  while (!(await reader.read()).done) { /* drain until the stream ends */ }
  assert.equal(hub.subscribers, 0);
});

Deno.test("without a token only loopback host names are served", async () => {
  const { app } = appWith(serverDocument());
  for (
    const url of ["http://127.0.0.1:8080/api/metrics", "http://[::1]:8080/", "http://localhost/"]
  ) {
    const res = await app.request(url);
    assert.equal(res.status, 200, url);
    await res.body?.cancel();
  }
  const rebound = await app.request("http://evil.example:8080/api/metrics");
  assert.equal(rebound.status, 403);
  assert.match((await rebound.json()).error, /^Host not allowed/);
  assert.equal((await app.request("http://evil.example:8080/healthz")).status, 200);
  const { app: guarded } = appWith(serverDocument(), { token: TOKEN });
  const remote = await guarded.request("http://buddy.example/api/metrics", {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(remote.status, 200, "with a token any host name is fine");
});

Deno.test("GET /api/events drops a client that falls too far behind", async () => {
  const { app, hub } = appWith(null);
  const res = await app.request("/api/events");
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  assert.equal((await reader.read()).value, "retry: 3000\n\n");
  for (let i = 0; i < MAX_PENDING_EVENTS + 10; i++) hub.publish("report", { i });
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  assert.ok(!text.includes(`"i":${MAX_PENDING_EVENTS + 9}`), "the stream ended instead");
  assert.equal(hub.subscribers, 0);
});

Deno.test("GET /api/live answers the last tick, or 503 when the server gets no ticks", async () => {
  const { app, hub } = appWith(serverDocument());
  const none = await app.request("/api/live");
  assert.equal(none.status, 503);
  assert.deepEqual(await none.json(), {
    error: "No live figures: this server is not a simulator",
  });
  const monitor = new LiveMonitor(undefined, 0);
  monitor.add(createRecordStream({ seed: 1 }).next(), 500);
  hub.publishTick(monitor.tick(2000, { runId: "r", startMs: 0, inFlight: 0 }));
  const res = await app.request("/api/live");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Cache-Control"), "no-store");
  const tick = await res.json();
  assert.equal(tick.requests, 1);
  assert.deepEqual(parseLiveTick(tick), tick);
});

Deno.test("GET /metrics reads the simulator's live aggregates when it has them", async () => {
  const monitor = new LiveMonitor(undefined, 0);
  const stream = createRecordStream({ seed: 2 });
  for (let i = 0; i < 250; i++) monitor.add(stream.next(), 1000 + i);
  const { app } = appWith(serverDocument([{ requests: 10 }]), {
    live: () => ({
      aggregates: monitor.aggregates,
      window: monitor.longWindow(2000),
      alerts: monitor.alerts.map((a) => ({ ...a, state: a.state })),
    }),
  });
  const text = await (await app.request("/metrics")).text();
  let total = 0;
  for (const m of text.matchAll(/^buddy_traffic_requests_total\{[^}]*\} (\d+)$/gm)) {
    total += Number(m[1]);
  }
  assert.equal(total, 250);
  assert.match(
    text,
    /^buddy_traffic_alert\{rule_id="high_error_rate",severity="warning",state="ok"\} 1$/m,
  );
});

Deno.test("POST /api/target answers 413 past the body limit, declared or streamed", async () => {
  const bodies: unknown[] = [];
  const { app } = appWith(null, { onTargetSwitch: (body) => void bodies.push(body) });
  const big = `{"target":"${"a".repeat(MAX_BODY_BYTES)}"}`;
  const declared = await app.request("http://localhost/api/target", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: big,
  });
  assert.equal(declared.status, 413);
  const bytes = new TextEncoder().encode(big);
  const streamed = await app.request("http://localhost/api/target", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: new ReadableStream({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 4096) {
          controller.enqueue(bytes.subarray(at, at + 4096));
        }
        controller.close();
      },
    }),
  });
  assert.equal(streamed.status, 413);
  assert.deepEqual(await streamed.json(), {
    error: `Request body is larger than the ${MAX_BODY_BYTES} bytes this route accepts`,
  });
  assert.equal(bodies.length, 0);
});

Deno.test("a request whose Host makes no valid URL answers 400, with or without a token", async () => {
  for (const extra of [{}, { token: TOKEN }]) {
    const unexpected: unknown[] = [];
    const { app } = appWith(serverDocument(), {
      ...extra,
      onUnexpectedError: (e) => void unexpected.push(e),
    });
    const request = new Request("http://localhost/api/metrics");
    // What Deno builds from `Host: ::1`: a URL string that does not parse.
    Object.defineProperty(request, "url", { value: "http://::1/api/metrics" });
    const res = await app.fetch(request);
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: "Bad request: the Host header is not a valid host",
    });
    assert.deepEqual(unexpected, []);
  }
});
