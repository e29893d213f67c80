import assert from "node:assert/strict";
import { parseListenAddress, requiresToken, startServer } from "../lib/server/serve.ts";
import { EventHub } from "../lib/server/event_hub.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { serverDocument } from "./_server_builders.ts";

Deno.test("parseListenAddress() reads [HOST:]PORT with 127.0.0.1 by default", () => {
  assert.deepEqual(parseListenAddress("8080"), { hostname: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseListenAddress("0"), { hostname: "127.0.0.1", port: 0 });
  assert.deepEqual(parseListenAddress("0.0.0.0:9100"), { hostname: "0.0.0.0", port: 9100 });
  assert.deepEqual(parseListenAddress("localhost:80"), { hostname: "localhost", port: 80 });
  assert.deepEqual(parseListenAddress("[::1]:8080"), { hostname: "::1", port: 8080 });
  assert.deepEqual(parseListenAddress("[::]:65535"), { hostname: "::", port: 65535 });
});

Deno.test("parseListenAddress() rejects bad input with one line", () => {
  for (const bad of ["", "http", "-1", "65536", "8080.5", ":8080", "host:", "::1:8080", "a b:80"]) {
    assert.throws(() => parseListenAddress(bad), (e: unknown) => {
      assert.ok(e instanceof RangeError, bad);
      assert.match(e.message, /^Cannot use --serve as /);
      assert.ok(!e.message.includes("\n"));
      assert.ok(e.message.includes(`'${bad}'`), e.message);
      return true;
    });
  }
});

Deno.test("requiresToken() is false only for loopback hosts", () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"]) {
    assert.equal(requiresToken(host), false, host);
  }
  for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.com", "127.0.0.256", "128.0.0.1"]) {
    assert.equal(requiresToken(host), true, host);
  }
});

Deno.test("startServer() refuses a non-loopback host without a token", async () => {
  await assert.rejects(
    startServer({ hostname: "0.0.0.0", port: 0, getDocument: () => null, hub: new EventHub() }),
    {
      name: "RangeError",
      message: "Cannot serve on '0.0.0.0' without a token: use --token or bind to 127.0.0.1",
    },
  );
});

/** Reads server-sent events from a fetch response body. */
class EventReader {
  #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";

  constructor(res: Response) {
    this.#reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next block (event or comment), as raw text without the blank line. */
  async next(): Promise<string> {
    while (!this.#buffer.includes("\n\n")) {
      const { value, done } = await this.#reader.read();
      if (done) throw new Error("stream ended");
      this.#buffer += value;
    }
    const at = this.#buffer.indexOf("\n\n");
    const block = this.#buffer.slice(0, at);
    this.#buffer = this.#buffer.slice(at + 2);
    return block;
  }

  /** The next event (skipping comments and retry lines). */
  async event(): Promise<{ type: string; id: string; data: unknown }> {
    for (;;) {
      const block = await this.next();
      const fields = new Map<string, string>();
      for (const line of block.split("\n")) {
        const m = /^(event|id|data): (.*)$/.exec(line);
        if (m) fields.set(m[1]!, m[2]!);
      }
      if (fields.has("data")) {
        return {
          type: fields.get("event") ?? "message",
          id: fields.get("id") ?? "",
          data: JSON.parse(fields.get("data")!),
        };
      }
    }
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}

Deno.test("a server on an ephemeral port serves JSON and live events with resume", async () => {
  let doc: MetricsDocument = serverDocument([{}, {}]);
  const now = new Date(doc.status.updated_at);
  const hub = new EventHub({ now: () => now });
  hub.publishReport(doc);
  let listened: { hostname: string; port: number } | null = null;
  const server = await startServer({
    hostname: "127.0.0.1",
    port: 0,
    getDocument: () => doc,
    hub,
    onListen: (addr) => listened = addr,
  });
  try {
    assert.equal(server.addr.hostname, "127.0.0.1");
    assert.ok(server.addr.port > 0);
    assert.deepEqual(listened, server.addr);
    const base = `http://127.0.0.1:${server.addr.port}`;

    const metrics = await fetch(`${base}/api/metrics`);
    assert.equal(metrics.status, 200);
    assert.equal((await metrics.json()).reports.length, 2);

    const first = new EventReader(await fetch(`${base}/api/events`));
    const snapshot = await first.event();
    assert.equal(snapshot.type, "snapshot");
    assert.equal(snapshot.id, "1");
    assert.equal((snapshot.data as { points: unknown[] }).points.length, 2);

    doc = serverDocument([{}, {}, {}]);
    hub.publishReport(doc);
    const report = await first.event();
    assert.equal(report.type, "report");
    assert.equal(report.id, "2");
    assert.equal((report.data as { point: { id: number } }).point.id, 3);
    await first.cancel();

    doc = serverDocument([{}, {}, {}, {}]);
    hub.publishReport(doc);
    const resumed = new EventReader(
      await fetch(`${base}/api/events`, { headers: { "Last-Event-ID": "2" } }),
    );
    const missed = await resumed.event();
    assert.equal(missed.type, "report", "resume replays, no snapshot");
    assert.equal(missed.id, "3");
    assert.equal((missed.data as { point: { id: number } }).point.id, 4);
    await resumed.cancel();

    const unknown = new EventReader(
      await fetch(`${base}/api/events`, { headers: { "Last-Event-ID": "999" } }),
    );
    const fresh = await unknown.event();
    assert.equal(fresh.type, "snapshot", "an unknown id gets a snapshot");
    assert.equal(fresh.id, "3");
    await unknown.cancel();
  } finally {
    await server.shutdown();
  }
});

Deno.test("an idle event stream gets heartbeat comments and shutdown ends it", async () => {
  const hub = new EventHub();
  const server = await startServer({
    hostname: "127.0.0.1",
    port: 0,
    getDocument: () => null,
    hub,
    heartbeatMs: 20,
  });
  const res = await fetch(`http://127.0.0.1:${server.addr.port}/api/events`);
  const reader = new EventReader(res);
  assert.equal(await reader.next(), "retry: 3000");
  assert.equal(await reader.next(), ": heartbeat");
  assert.equal(hub.subscribers, 1);
  await server.shutdown();
  await assert.rejects(async () => {
    for (;;) await reader.next();
  }, /stream ended/);
  assert.equal(hub.subscribers, 0);
});

Deno.test("a server with a token checks it over the network", async () => {
  const doc = serverDocument();
  const hub = new EventHub();
  const stop = new AbortController();
  const server = await startServer({
    hostname: "127.0.0.1",
    port: 0,
    token: "t0ken",
    getDocument: () => doc,
    hub,
    signal: stop.signal,
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const denied = await fetch(`${base}/api/metrics`);
  assert.equal(denied.status, 401);
  await denied.body?.cancel();
  const allowed = await fetch(`${base}/api/metrics`, {
    headers: { Authorization: "Bearer t0ken" },
  });
  assert.equal(allowed.status, 200);
  await allowed.body?.cancel();
  const health = await fetch(`${base}/healthz`);
  assert.equal(health.status, 200);
  await health.body?.cancel();
  stop.abort();
  await server.shutdown();
});

Deno.test("a malformed Host header gets a 400 over the network, not a 500 and a stack trace", async () => {
  const server = await startServer({
    hostname: "127.0.0.1",
    port: 0,
    getDocument: () => serverDocument(),
    hub: new EventHub(),
  });
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
    await conn.write(
      new TextEncoder().encode(
        "GET /api/metrics HTTP/1.1\r\nHost: ::1\r\nConnection: close\r\n\r\n",
      ),
    );
    const answer = new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /the Host header is not a valid host/);
  } finally {
    await server.shutdown();
  }
});
