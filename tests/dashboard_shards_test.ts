import assert from "node:assert/strict";
import { renderFrame } from "../lib/render/dashboard_frame.ts";
import { buildTerminalView } from "../lib/view/terminal_view.ts";
import { shardView } from "../lib/view/shard_view.ts";
import type { SourcePart } from "../lib/store/metrics_source.ts";
import { stripAnsi } from "../lib/render/ansi.ts";
import { mergeDocuments } from "../lib/metrics/merge_reports.ts";
import { shardDocument } from "./_shard_builders.ts";
import { assertFits, assertGoldenFrame } from "./_golden_frame.ts";

/** Five seconds after the shards' last report. */
const NOW = new Date("2026-01-01T00:00:45Z");

/** Three shards: one clean, one approving a quarter of adversarial requests, one gone quiet. */
function parts(): SourcePart[] {
  return [
    { label: "store.kv shard eu-1", doc: shardDocument("run-eu-1") },
    { label: "store.kv shard eu-2", doc: shardDocument("run-eu-2", { adversarialApproved: 5 }) },
    {
      label: "store.kv shard us-1",
      doc: shardDocument("run-us-1", {
        reports: 2,
        status: { updated_at: "2026-01-01T00:00:10.000Z" },
      }),
    },
  ];
}

function frameOf(list: SourcePart[], width: number, height: number, color = false): string {
  const doc = mergeDocuments(list.map((p) => p.doc));
  const view = buildTerminalView({ kind: "ok", doc, parts: list }, null, {
    source: "store.kv",
    now: NOW,
    interactive: true,
  });
  return renderFrame(view, { width, height, color });
}

Deno.test("shardView() reads a shard's state, totals and latest report", () => {
  const [eu1, eu2, us1] = parts().map((p) => shardView(p, NOW));
  assert.deepEqual(eu1, {
    label: "store.kv shard eu-1",
    state: "running",
    age_s: 5,
    requests: 800,
    approved_rate: 54,
    adversarial_block_rate: 100,
    latency_p95_ms: 0.5,
    health: {
      score: 100,
      grade: "Excellent",
      components: { success: 100, errors: 100, security: 100 },
    },
    firing: 0,
    firing_high: false,
  });
  assert.equal(eu2?.adversarial_block_rate, 75);
  assert.equal(eu2?.health?.score, 93);
  assert.equal(eu2?.firing, 1);
  assert.equal(eu2?.firing_high, true);
  // 35 s without an update, limit two 30 s report periods... not yet stale at 00:00:45.
  assert.equal(us1?.state, "running");
  assert.equal(us1?.requests, 400);
  const later = shardView(parts()[2]!, new Date("2026-01-01T00:01:20Z"));
  assert.equal(later.state, "stale");
  assert.equal(later.age_s, 70);
  assert.equal(later.firing, 1);
});

Deno.test("buildTerminalView() adds shard rows only with more than one part", () => {
  const list = parts();
  const two = buildTerminalView(
    {
      kind: "ok",
      doc: mergeDocuments(list.slice(0, 2).map((p) => p.doc)),
      parts: list.slice(0, 2),
    },
    null,
    { source: "store.kv", now: NOW },
  );
  assert.deepEqual(two.shards?.map((s) => s.label), ["store.kv shard eu-1", "store.kv shard eu-2"]);
  const one = buildTerminalView({ kind: "ok", doc: list[0]!.doc, parts: [list[0]!] }, null, {
    source: "store.kv",
    now: NOW,
  });
  assert.equal(one.shards, undefined);
  const error = buildTerminalView({ kind: "error", message: "gone" }, list[0]!.doc, {
    source: "store.kv",
    now: NOW,
  });
  assert.equal(error.shards, undefined);
});

Deno.test("renderFrame() matches the golden three-shard frame at 100x32", async () => {
  const frame = frameOf(parts(), 100, 32);
  assertFits(frame, 100, 32);
  await assertGoldenFrame("dashboard_shards_100x32.txt", frame);
});

Deno.test("renderFrame() matches the golden three-shard frame at 80x24", async () => {
  const frame = frameOf(parts(), 80, 24);
  assertFits(frame, 80, 24);
  await assertGoldenFrame("dashboard_shards_80x24.txt", frame);
});

Deno.test("renderFrame() lists every shard with its state, figures and a firing marker", () => {
  const frame = frameOf(parts(), 120, 40);
  assert.match(frame, /── Shards: 3, 1 with firing alerts ─/);
  assert.match(
    frame,
    /^ {2}store\.kv shard eu-1 +RUNNING +800 +54\.00% +100\.00% +0\.50 ms +100 {2}none$/m,
  );
  assert.match(
    frame,
    /^! store\.kv shard eu-2 +RUNNING +800 +56\.50% +75\.00% +0\.50 ms +93 {2}1 firing$/m,
  );
  assert.match(frame, /^ {2}store\.kv shard us-1 +RUNNING +400 /m);
  const stale = renderFrame(
    buildTerminalView(
      { kind: "ok", doc: mergeDocuments(parts().map((p) => p.doc)), parts: parts() },
      null,
      { source: "store.kv", now: new Date("2026-01-01T00:01:20Z") },
    ),
    { width: 120, height: 40, color: false },
  );
  assert.match(stale, /^! store\.kv shard us-1 +STALE +400 /m);
});

Deno.test("renderFrame() keeps the troubled shards when not every shard fits", () => {
  const frame = frameOf(parts(), 80, 24);
  const rows = frame.split("\n").filter((l) => /RUNNING|STALE|STOPPED/.test(l) && /%/.test(l));
  assert.equal(rows.length, 1);
  assert.match(rows[0] ?? "", /^! …\.kv shard eu-2 RUNNING/);
  assert.match(frame, /^… 2 more$/m);
});

Deno.test("renderFrame() sanitises shard labels and keeps colour to SGR", () => {
  const list = parts();
  list[0]!.label = "shard \x1b[2J\x1b]0;pwned\x07 \u202eevil";
  const colored = frameOf(list, 120, 40, true);
  const plain = stripAnsi(colored);
  // deno-lint-ignore no-control-regex
  assert.equal(/[\u0007\u202e]|\x1b/.test(plain), false);
  assert.match(plain, /pwned<U\+0007> <U\+202E>evil RUNNING/);
  assert.equal(stripAnsi(colored), frameOf(list, 120, 40, false));
});

Deno.test("renderFrame() shows no shard block for a single source", () => {
  const doc = shardDocument("run-eu-1", { adversarialApproved: 5 });
  const options = { source: "store.kv", now: NOW };
  const view = buildTerminalView(
    { kind: "ok", doc, parts: [{ label: "eu-1", doc }] },
    null,
    options,
  );
  const frame = renderFrame(view, { width: 100, height: 32, color: false });
  assert.equal(frame.includes("Shards"), false);
  assert.equal(frame.includes("eu-1"), false);
  const plain = buildTerminalView({ kind: "ok", doc }, null, options);
  assert.equal(frame, renderFrame(plain, { width: 100, height: 32, color: false }));
});
