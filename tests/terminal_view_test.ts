import assert from "node:assert/strict";
import { buildTerminalView, type GoodRead } from "../lib/view/terminal_view.ts";
import type { SourcePart } from "../lib/store/metrics_source.ts";
import { mergeConcurrentDocuments } from "../lib/metrics/merge_reports.ts";
import { renderFrame } from "../lib/render/dashboard_frame.ts";
import { shardDocument } from "./_shard_builders.ts";

const NOW = new Date("2026-01-01T00:00:45Z");

function goodRead(): GoodRead {
  const parts: SourcePart[] = [
    { label: "store.kv shard eu-1", doc: shardDocument("run-eu-1") },
    { label: "store.kv shard eu-2", doc: shardDocument("run-eu-2", { adversarialApproved: 5 }) },
  ];
  return { kind: "ok", doc: mergeConcurrentDocuments(parts.map((p) => p.doc)), parts };
}

Deno.test("buildTerminalView() keeps the shard rows of the last good read after a failed read", () => {
  const last = goodRead();
  const options = { source: "store.kv", now: NOW };
  const good = buildTerminalView(last, null, options);
  const failed = buildTerminalView(
    { kind: "error", message: "database is locked" },
    last,
    options,
  );
  assert.deepEqual(failed.shards, good.shards);
  assert.deepEqual(failed.shards?.map((s) => [s.label, s.firing]), [
    ["store.kv shard eu-1", 0],
    ["store.kv shard eu-2", 1],
  ]);
  assert.equal(failed.doc, last.doc);
  assert.deepEqual(failed.alerts, good.alerts);
  assert.deepEqual(failed.problem, { kind: "error", message: "database is locked", hint: "" });
  const frame = renderFrame(failed, { width: 100, height: 32, color: false });
  assert.match(frame, /Shards: 2, 1 with firing alerts/);
  assert.match(frame, /database is locked/);
});

Deno.test("buildTerminalView() still takes the last good document alone, without shard rows", () => {
  const last = goodRead();
  const view = buildTerminalView({ kind: "error", message: "gone" }, last.doc, {
    source: "store.kv",
    now: NOW,
  });
  assert.equal(view.doc, last.doc);
  assert.equal(view.shards, undefined);
});

Deno.test("buildTerminalView() shows nothing of the last good read while waiting", () => {
  const view = buildTerminalView(
    { kind: "waiting", message: "The KV store has no shard yet", hint: "start one" },
    goodRead(),
    { source: "store.kv", now: NOW },
  );
  assert.equal(view.doc, null);
  assert.equal(view.shards, undefined);
});

Deno.test("buildTerminalView() reads health and Apdex from the aligned merged report", () => {
  const view = buildTerminalView(goodRead(), null, { source: "store.kv", now: NOW });
  const latest = view.doc?.reports.at(-1);
  // One report of each shard: 40 adversarial requests, 5 approved.
  assert.equal(latest?.merged_reports, 2);
  assert.equal(latest?.total_requests, 400);
  assert.equal(latest?.adversarial_block_rate, 87.5);
  assert.deepEqual(view.health, {
    score: 96,
    grade: "Excellent",
    components: { success: 100, errors: 100, security: 87.5 },
  });
  assert.equal(view.apdex?.satisfied, 400);
  const firing = view.alerts.filter((a) => a.status === "firing").map((a) => a.rule_id);
  assert.deepEqual(firing, ["low_adversarial_blocking"]);
});
