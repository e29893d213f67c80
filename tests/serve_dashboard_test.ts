import assert from "node:assert/strict";
import { LiveMonitor } from "../lib/view/live_tick.ts";
import { createRecordStream } from "./_builders.ts";
import { join } from "node:path";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { kvSource } from "../lib/store/kv_source.ts";
import { fileSource, type MetricsSource } from "../lib/store/metrics_source.ts";
import { changeKey, relayLive, serveDashboard } from "../lib/dashboard/serve_dashboard.ts";
import { EventHub } from "../lib/server/event_hub.ts";
import { InputError } from "../lib/model/input_error.ts";
import { encodeDocument } from "../lib/store/metrics_file.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import type { WebView } from "../lib/view/web_view.ts";
import { OUTCOMES } from "../lib/model/decision.ts";
import { documentOf, reportsOf } from "./_report_builders.ts";
import { shardDocument } from "./_shard_builders.ts";
import {
  startDashboard,
  withKvPath,
  withKvStore,
  writeShard,
  writeShards,
} from "./_kv_builders.ts";
import { portOpen } from "./_tasks.ts";

const EU = shardDocument("run-eu", { reports: 3, requests: 200, status: { state: "stopped" } });
const US = shardDocument("run-us", { reports: 2, requests: 150, status: { state: "stopped" } });
const AP = shardDocument("run-ap", { reports: 1, requests: 50, status: { state: "stopped" } });

async function metricsOf(base: string): Promise<MetricsDocument> {
  const res = await fetch(`${base}/api/metrics`);
  assert.equal(res.status, 200);
  return await res.json() as MetricsDocument;
}

/** Polls `/api/metrics` until `requests` shows (bounded: fails after 100 tries). */
async function waitForRequests(base: string, requests: number): Promise<MetricsDocument> {
  let seen: unknown = null;
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${base}/api/metrics`);
    if (res.status === 200) {
      const doc = await res.json() as MetricsDocument;
      if (doc.status.requests === requests) return doc;
      seen = doc.status.requests;
    } else {
      seen = `${res.status} ${await res.text()}`;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`status.requests never became ${requests}; last seen ${String(seen)}`);
}

/** Sum of every `buddy_traffic_requests_total` sample. */
function requestCounter(text: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const m = /^buddy_traffic_requests_total\{[^}]*\} (\d+)$/.exec(line);
    if (m) sum += Number(m[1]);
  }
  return sum;
}

/** A source that counts the reads asked of it, so a test can wait for reads to happen. */
interface CountingSource {
  source: MetricsSource;
  /** Reads begun so far. */
  readonly reads: number;
  /**
   * Resolves once `more` further reads have begun (fails after 10 s). The serve
   * loop begins a read only after applying the one before, so all but the last
   * of them have been applied by then.
   */
  readsBegun(more: number): Promise<void>;
}

function countingSource(inner: MetricsSource): CountingSource {
  let reads = 0;
  let waiters: { target: number; wake: () => void }[] = [];
  return {
    source: {
      label: inner.label,
      read: () => {
        reads++;
        waiters = waiters.filter((w) => w.target > reads || (w.wake(), false));
        return inner.read();
      },
    },
    get reads() {
      return reads;
    },
    async readsBegun(more) {
      const target = reads + more;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          new Promise<void>((wake) => waiters.push({ target, wake })),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`only ${reads} of ${target} reads began within 10 s`)),
              10_000,
            );
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

Deno.test("serveDashboard() serves the merged KV store as JSON and Prometheus text", async () => {
  await withKvStore("serve_dashboard_", async (kv, path) => {
    await writeShard(kv, "eu-1", EU);
    await writeShard(kv, "us-1", US);
    const s = await startDashboard(kvSource(path));
    try {
      assert.deepEqual(s.out, [
        `Serving the dashboard of ${path} on ${s.base}/ (read every 0.2 s); Ctrl+C to stop`,
      ]);
      assert.deepEqual(s.err, []);
      const doc = await metricsOf(s.base);
      assert.equal(doc.status.requests, 600 + 300);
      assert.equal(doc.cumulative.total_requests, 900);
      assert.deepEqual(doc.runs.map((r) => r.run_id).sort(), ["run-eu", "run-us"]);

      const prom = await fetch(`${s.base}/metrics`);
      assert.equal(prom.status, 200);
      assert.match(prom.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      const text = await prom.text();
      assert.match(text, /^# TYPE buddy_traffic_requests_total counter$/m);
      assert.equal(requestCounter(text), 900);

      const health = await fetch(`${s.base}/healthz`);
      assert.deepEqual(await health.json(), { status: "ok" });

      // A new shard shows after the next read.
      await writeShard(kv, "ap-1", AP);
      const merged = await waitForRequests(s.base, 900 + 50);
      assert.equal(merged.runs.length, 3);
      assert.equal(requestCounter(await (await fetch(`${s.base}/metrics`)).text()), 950);
    } finally {
      s.stop.abort();
    }
    assert.equal(await s.done, 0);
    assert.equal(await portOpen(s.port), false, "the port is closed");
  });
});

Deno.test("serveDashboard() answers 503 while waiting, says so once, then serves the first shard", async () => {
  await withKvPath("serve_dashboard_", async (path) => {
    const counted = countingSource(kvSource(path, { shard: "eu-1" }));
    const s = await startDashboard(counted.source);
    try {
      assert.deepEqual(s.err, [`waiting: KV store '${path}' does not exist`]);
      assert.match(s.out[0] ?? "", new RegExp(`^Serving the dashboard of .* \\(shard eu-1\\) on `));
      const res = await fetch(`${s.base}/api/metrics`);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { error: "Waiting for metrics data" });
      assert.equal((await fetch(`${s.base}/metrics`)).status, 503);
      // Three more reads begun: at least two more found the store missing. Still one line.
      await counted.readsBegun(3);
      assert.ok(counted.reads >= 4, `${counted.reads} reads`);
      assert.deepEqual(s.err, [`waiting: KV store '${path}' does not exist`]);

      await writeShards(path, { "eu-1": EU });
      const doc = await waitForRequests(s.base, 600);
      assert.deepEqual(doc, JSON.parse(new TextDecoder().decode(encodeDocument(EU))));
    } finally {
      s.stop.abort();
    }
    assert.equal(await s.done, 0);
  });
});

/** Reads the first server-sent event with data from a response. */
async function nextEvent(
  reader: ReadableStreamDefaultReader<string>,
  buffer: { text: string },
): Promise<{ type: string; id: string }> {
  for (;;) {
    const at = buffer.text.indexOf("\n\n");
    if (at >= 0) {
      const block = buffer.text.slice(0, at);
      buffer.text = buffer.text.slice(at + 2);
      const type = /^event: (.*)$/m.exec(block)?.[1];
      const id = /^id: (.*)$/m.exec(block)?.[1];
      if (type !== undefined && id !== undefined) return { type, id };
      continue;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error("stream ended");
    buffer.text += value;
  }
}

Deno.test("serveDashboard() publishes an event for a new write and none for an unchanged store", async () => {
  await withKvStore("serve_dashboard_", async (kv, path) => {
    await writeShard(kv, "eu-1", EU);
    const counted = countingSource(kvSource(path));
    const s = await startDashboard(counted.source);
    try {
      const res = await fetch(`${s.base}/api/events`);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      const buffer = { text: "" };
      assert.deepEqual(await nextEvent(reader, buffer), { type: "snapshot", id: "1" });
      // Unchanged reads publish nothing: the next event is the one of the write.
      await counted.readsBegun(3);
      await writeShard(kv, "us-1", US);
      assert.deepEqual(await nextEvent(reader, buffer), { type: "report", id: "2" });
      await reader.cancel();
    } finally {
      s.stop.abort();
    }
    assert.equal(await s.done, 0);
  });
});

/** Reads the first server-sent event with data from a response: its type and parsed data. */
async function firstEventData(res: Response): Promise<{ type: string; data: unknown }> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const buffer = { text: "" };
  try {
    for (;;) {
      const at = buffer.text.indexOf("\n\n");
      if (at < 0) {
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer.text += value;
        continue;
      }
      const block = buffer.text.slice(0, at);
      buffer.text = buffer.text.slice(at + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) {
        return { type: /^event: (.*)$/m.exec(block)?.[1] ?? "", data: JSON.parse(data) };
      }
    }
  } finally {
    await reader.cancel();
  }
}

Deno.test("serveDashboard() passes a KV store's shards to the page view and Prometheus", async () => {
  await withKvPath("serve_dashboard_", async (path) => {
    await writeShards(path, { "eu-1": EU, "us-1": US });
    const s = await startDashboard(kvSource(path));
    try {
      const event = await firstEventData(await fetch(`${s.base}/api/events`));
      assert.equal(event.type, "snapshot");
      const view = (event.data as { view: WebView }).view;
      assert.deepEqual(
        view.shards?.map((r) => [r.label, r.state, r.requests, r.firing, r.updated_at]),
        [
          ["eu-1", "stopped", 600, 0, EU.status.updated_at],
          ["us-1", "stopped", 300, 0, US.status.updated_at],
        ],
      );
      const text = await (await fetch(`${s.base}/metrics`)).text();
      assert.equal(requestCounter(text), 900, "merged counters unchanged");
      const shardLines = text.split("\n").filter((l) =>
        l.startsWith("buddy_traffic_shard_requests_total") ||
        l.startsWith("buddy_traffic_shard_running")
      );
      const docs: Record<string, MetricsDocument> = { "eu-1": EU, "us-1": US };
      assert.deepEqual(shardLines, [
        ...Object.entries(docs).flatMap(([shard, doc]) => [
          ...OUTCOMES.map((outcome) =>
            `buddy_traffic_shard_requests_total{shard="${shard}",outcome="${outcome}"} ${
              doc.cumulative.outcomes[outcome]
            }`
          ),
          `buddy_traffic_shard_requests_total{shard="${shard}",outcome="error"} 0`,
        ]),
        'buddy_traffic_shard_running{shard="eu-1"} 0',
        'buddy_traffic_shard_running{shard="us-1"} 0',
      ]);
    } finally {
      s.stop.abort();
    }
    assert.equal(await s.done, 0);
  });
});

Deno.test("serveDashboard() serves a metrics file and reads it at once when told it changed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve_dashboard_" });
  const file = join(dir, "metrics.json");
  try {
    await Deno.writeFile(file, encodeDocument(EU));
    let changed: () => void = () => {};
    let watching = 0;
    const s = await startDashboard(fileSource(file), {
      intervalS: 3600,
      watch: (onChange) => {
        changed = onChange;
        watching++;
        return () => watching--;
      },
    });
    try {
      assert.equal(watching, 1);
      assert.equal((await metricsOf(s.base)).status.requests, 600);
      await Deno.writeFile(file, encodeDocument(US));
      changed();
      // With an hour between timed reads, only the change wakes the read.
      await waitForRequests(s.base, 300);
    } finally {
      s.stop.abort();
    }
    assert.equal(await s.done, 0);
    assert.equal(watching, 0, "the watch is stopped");
    assert.equal(await portOpen(s.port), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serveDashboard() stops at once when aborted before its first timed read", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve_dashboard_" });
  try {
    const s = await startDashboard(fileSource(join(dir, "none.json")), { intervalS: 3600 });
    assert.equal(await portOpen(s.port), true);
    s.stop.abort();
    assert.equal(await s.done, 0);
    assert.equal(await portOpen(s.port), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serveDashboard() refuses a non-loopback host without a token as a usage error", async () => {
  const stop = new AbortController();
  await assert.rejects(
    serveDashboard({
      source: fileSource("none.json"),
      listen: { hostname: "0.0.0.0", port: 0 },
      token: null,
      intervalS: 1,
      rules: DEFAULT_RULES,
      signal: stop.signal,
    }, { out: () => {}, err: () => {} }),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(
        e.message,
        "Cannot serve on '0.0.0.0' without a token: use --token or bind to 127.0.0.1",
      );
      return true;
    },
  );
});

Deno.test("changeKey() changes with a new report or state and not for an identical re-read", () => {
  const doc = documentOf(reportsOf([{}, {}]));
  const reread = JSON.parse(JSON.stringify(doc)) as MetricsDocument;
  assert.equal(changeKey(reread), changeKey(doc));

  const more = documentOf(reportsOf([{}, {}, {}]));
  assert.notEqual(changeKey(more), changeKey(doc));

  const stopped = structuredClone(doc);
  stopped.status.state = "stopped";
  assert.notEqual(changeKey(stopped), changeKey(doc));

  const later = structuredClone(doc);
  later.status.updated_at = "2026-01-01T00:05:00.000Z";
  assert.notEqual(changeKey(later), changeKey(doc));

  const otherRun = structuredClone(doc);
  otherRun.reports[1]!.run_id = "run-2";
  assert.notEqual(changeKey(otherRun), changeKey(doc));
});

Deno.test("relayLive() turns each new live status of the source into one tick event", async () => {
  const monitor = new LiveMonitor(undefined, 0);
  monitor.add(createRecordStream({ seed: 3 }).next(), 500);
  const statuses = [1000, 1000, 2000].map((at) =>
    JSON.parse(JSON.stringify(monitor.tick(at, { runId: "r", startMs: 0, inFlight: 0 })))
  );
  let reads = 0;
  const source = {
    label: "m.json",
    read: () => Promise.resolve({ kind: "waiting" as const, message: "", hint: "" }),
    readLive: () => Promise.resolve(statuses[Math.min(reads++, statuses.length - 1)]),
  };
  const hub = new EventHub();
  const seen: number[] = [];
  const done = Promise.withResolvers<void>();
  hub.subscribe((e) => {
    seen.push(JSON.parse(e.data).at);
    if (seen.length === 2) done.resolve();
  });
  const stop = relayLive(source, hub, 5);
  await done.promise;
  // Wait for two more reads of the last status: they publish nothing new.
  while (reads < 5) await new Promise((r) => setTimeout(r, 5));
  stop();
  assert.deepEqual(seen, [1000, 2000]);
  assert.equal(hub.ticks.length, 2);
});
