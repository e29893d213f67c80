import assert from "node:assert/strict";
import { EventHub, type HubEvent, sseFrame } from "../lib/server/event_hub.ts";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import type { Report } from "../lib/model/metrics_document.ts";
import { reportOf } from "./_report_builders.ts";
import { documentFromReports, errorSample, HOSTILE } from "./_server_builders.ts";
import { mergeDocuments } from "../lib/metrics/merge_reports.ts";
import type { SourcePart } from "../lib/store/metrics_source.ts";
import { shardView } from "../lib/view/shard_view.ts";
import type { ShardRow } from "../lib/view/web_view.ts";
import { shardDocument } from "./_shard_builders.ts";

const SUCCESS_RULE = DEFAULT_RULES.filter((r) => r.id === "low_success_rate");

function hubAt(options: ConstructorParameters<typeof EventHub>[0] = {}) {
  const now = new Date("2026-01-01T00:01:00Z");
  return new EventHub({ now: () => now, rules: SUCCESS_RULE, ...options });
}

function reports(failed: readonly number[]): Report[] {
  return failed.map((f, i) => reportOf({ id: i + 1, failed: f }));
}

function parse(event: HubEvent) {
  return JSON.parse(event.data);
}

Deno.test("EventHub.publishReport() publishes a report event with the view", () => {
  const hub = hubAt();
  const seen: HubEvent[] = [];
  hub.subscribe((e) => seen.push(e));
  const doc = documentFromReports(reports([0, 0]), [errorSample(HOSTILE)]);
  hub.publishReport(doc);
  assert.deepEqual(seen.map((e) => [e.id, e.type]), [[1, "report"]]);
  const view = parse(seen[0]!);
  assert.equal(view.point.id, 2);
  assert.equal(view.totals.total_requests, 200);
  assert.equal(view.health.score, 100);
  assert.equal(view.errors[0].message, HOSTILE);
  assert.deepEqual(view.categories.map((r: { category: string }) => r.category), [
    "simple",
    "adversarial",
  ]);
  assert.equal(hub.lastId, 1);
  assert.deepEqual(hub.view, view);
});

Deno.test("EventHub.publishReport() publishes one alert event per status change", () => {
  const hub = hubAt();
  const seen: HubEvent[] = [];
  hub.subscribe((e) => seen.push(e));
  hub.publishReport(documentFromReports(reports([0])));
  hub.publishReport(documentFromReports(reports([0, 20])));
  hub.publishReport(documentFromReports(reports([0, 20, 20])));
  hub.publishReport(documentFromReports(reports([0, 20, 20, 20])));
  hub.publishReport(documentFromReports(reports([0, 20, 20, 20, 0, 0])));
  const alerts = seen.filter((e) => e.type === "alert").map((e) => [e.id, parse(e).status]);
  assert.deepEqual(alerts, [[3, "pending"], [5, "firing"], [8, "resolved"]]);
  assert.deepEqual(seen.map((e) => e.id), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(hub.alerts.find((a) => a.rule_id === "low_success_rate")?.status, "resolved");
});

Deno.test("EventHub frames are complete SSE messages", () => {
  const hub = hubAt();
  const event = hub.publish("report", { text: "line\nbreak" });
  const frame = new TextDecoder().decode(event.frame);
  assert.equal(frame, sseFrame("report", 1, '{"text":"line\\nbreak"}'));
  assert.equal(frame, 'event: report\nid: 1\ndata: {"text":"line\\nbreak"}\n\n');
});

Deno.test("EventHub.since() replays buffered events and refuses unknown ids", () => {
  const hub = hubAt({ capacity: 3 });
  assert.deepEqual(hub.since(0), []);
  for (let i = 0; i < 5; i++) hub.publish("report", { i });
  assert.deepEqual(hub.since(5), []);
  assert.deepEqual(hub.since(3)?.map((e) => e.id), [4, 5]);
  assert.deepEqual(hub.since(2)?.map((e) => e.id), [3, 4, 5]);
  assert.equal(hub.since(1), null, "event 2 fell out of the buffer");
  assert.equal(hub.since(6), null, "an id this hub never issued");
  assert.equal(hub.since(-1), null);
  assert.equal(hub.since(1.5), null);
});

Deno.test("EventHub.snapshot() carries the chart history and the newest id", () => {
  const hub = hubAt();
  assert.equal(hub.snapshot(), null);
  hub.publishReport(documentFromReports(reports([0, 0, 0])));
  const snapshot = hub.snapshot()!;
  assert.equal(snapshot.type, "snapshot");
  assert.equal(snapshot.id, hub.lastId);
  const payload = parse(snapshot);
  assert.deepEqual(payload.points.map((p: { id: number }) => p.id), [1, 2, 3]);
  assert.equal(payload.view.point.id, 3);
  assert.equal(hub.snapshot(), snapshot, "built once per document");
  hub.publishReport(documentFromReports(reports([0, 0, 0, 0])));
  assert.notEqual(hub.snapshot(), snapshot);
});

Deno.test("EventHub.subscribe() returns an unsubscribe function", () => {
  const hub = hubAt();
  const seen: number[] = [];
  const stop = hub.subscribe((e) => seen.push(e.id));
  assert.equal(hub.subscribers, 1);
  hub.publish("report", {});
  stop();
  hub.publish("report", {});
  assert.deepEqual(seen, [1]);
  assert.equal(hub.subscribers, 0);
});

Deno.test("EventHub rejects a capacity that is not a positive integer", () => {
  assert.throws(() => new EventHub({ capacity: 0 }), {
    name: "RangeError",
    message: "Cannot create event hub as 'capacity' must be a positive integer: current value is 0",
  });
});

/** Three shards over the same windows; eu-2 approves 3 of its 20 adversarial requests a window. */
function shardParts(): SourcePart[] {
  return [
    { label: "eu-1", doc: shardDocument("run-eu-1") },
    { label: "eu-2", doc: shardDocument("run-eu-2", { adversarialApproved: 3 }) },
    { label: "us-1", doc: shardDocument("run-us-1") },
  ];
}

Deno.test("EventHub.publishReport() with shards lists them, alerts evaluated per shard", () => {
  const now = new Date("2026-01-01T00:00:45Z");
  const hub = new EventHub({ now: () => now });
  const seen: HubEvent[] = [];
  hub.subscribe((e) => seen.push(e));
  const parts = shardParts();
  hub.publishReport(mergeDocuments(parts.map((p) => p.doc)), parts);
  // Merged, adversarial blocking is 57 of 60 (95 %): nothing fires for the whole store.
  assert.deepEqual(hub.alerts.filter((a) => a.status !== "ok"), []);
  assert.deepEqual(seen.map((e) => e.type), ["report"]);
  const view = parse(seen[0]!);
  assert.deepEqual(
    view.shards.map((s: ShardRow) => [
      s.label,
      s.state,
      s.age_s,
      s.requests,
      s.adversarial_block_rate,
      s.health?.score,
      s.firing,
      s.firing_high,
      s.updated_at,
      s.stale_after_s,
    ]),
    [
      ["eu-1", "running", 5, 800, 100, 100, 0, false, "2026-01-01T00:00:40.000Z", 60],
      ["eu-2", "running", 5, 800, 85, 96, 1, true, "2026-01-01T00:00:40.000Z", 60],
      ["us-1", "running", 5, 800, 100, 100, 0, false, "2026-01-01T00:00:40.000Z", 60],
    ],
  );
  // The rows are the terminal dashboard's, with the same alerts.
  const { updated_at: _u, stale_after_s: _s, ...eu2 } = view.shards[1];
  assert.deepEqual(eu2, JSON.parse(JSON.stringify(shardView(parts[1]!, now))));
  assert.deepEqual(hub.snapshot() && parse(hub.snapshot()!).view.shards, view.shards);
  assert.deepEqual(hub.parts.map((p) => p.label), ["eu-1", "eu-2", "us-1"]);
  // Asked later (a scrape), 61 s after the last write with 30 s reports: stale, and it fires.
  const later = hub.shards(new Date("2026-01-01T00:01:41Z"));
  assert.deepEqual(later.map((s) => [s.part.label, s.view.state, s.view.firing]), [
    ["eu-1", "stale", 1],
    ["eu-2", "stale", 2],
    ["us-1", "stale", 1],
  ]);
});

Deno.test("EventHub.publishReport() lists no shards for one part or none", () => {
  const hub = hubAt();
  const [eu1] = shardParts();
  hub.publishReport(eu1!.doc, [eu1!]);
  assert.equal(hub.view?.shards, undefined);
  assert.equal("shards" in JSON.parse(JSON.stringify(hub.view)), false);
  assert.deepEqual(hub.parts.map((p) => p.label), ["eu-1"]);
  hub.publishReport(eu1!.doc);
  assert.deepEqual(hub.parts, []);
  assert.deepEqual(hub.shards(), []);
});
