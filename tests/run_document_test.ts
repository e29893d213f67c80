import assert from "node:assert/strict";
import { RunDocument, type RunDocumentOptions } from "../lib/simulate/run_document.ts";
import { parseSimulatorOptions } from "../lib/simulate/simulate_options.ts";
import type { MetricsStore } from "../lib/store/metrics_store.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { KvStoreError } from "../lib/store/kv_layout.ts";
import { FakeClock } from "./_fake_clock.ts";
import { buildDocument } from "./_builders.ts";

/** A store that keeps a JSON copy of every write, failing with `fail(n)` on write n (from 1). */
function memoryStore(fail: (n: number) => Error | null = () => null) {
  const writes: MetricsDocument[] = [];
  const store: MetricsStore = {
    label: "memory.json",
    prepare: () => Promise.reject(new Error("not used")),
    write: (doc) => {
      const error = fail(writes.length + 1);
      if (error !== null) return Promise.reject(error);
      writes.push(JSON.parse(JSON.stringify(doc)));
      return Promise.resolve();
    },
    close: () => {},
  };
  return { store, writes };
}

function runDocument(overrides: Partial<RunDocumentOptions> & Pick<RunDocumentOptions, "store">) {
  const lost: string[] = [];
  const failed: unknown[] = [];
  const clock = new FakeClock();
  const document = new RunDocument({
    options: parseSimulatorOptions(["--max-requests", "10"]),
    seed: 42,
    target: "reference",
    prepared: { previous: null, keptAside: null },
    clock,
    onLost: () => lost.push("lost"),
    onWriteFailed: (error) => failed.push(error),
    ...overrides,
  });
  return { document, clock, lost, failed };
}

Deno.test("RunDocument starts a new history with the run, its config and a run_started event", async () => {
  const { store, writes } = memoryStore();
  const { document } = runDocument({ store });
  assert.deepEqual(document.notes(), []);
  await document.start();
  const doc = writes[0]!;
  assert.equal(doc.runs.length, 1);
  assert.equal(doc.runs[0]?.seed, 42);
  assert.equal(doc.runs[0]?.config.max_requests, 10);
  assert.equal(doc.runs[0]?.config.target, "reference");
  assert.equal(doc.status.state, "running");
  assert.equal(doc.status.started_at, "2026-11-26T12:00:00.000Z");
  assert.deepEqual(doc.events.map((e) => [e.type, e.message]), [
    ["run_started", `Run ${document.run.run_id} started on target reference with seed 42`],
  ]);
});

Deno.test("RunDocument continues a previous history and says how much it holds", async () => {
  const previous = buildDocument({ reports: 3 });
  const { store, writes } = memoryStore();
  const { document, clock } = runDocument({
    store,
    prepared: { previous, keptAside: "old.20261126T120000Z.json" },
  });
  assert.deepEqual(document.notes(), [
    "Kept the earlier history aside as old.20261126T120000Z.json",
    "Continuing the history in memory.json (1 earlier run(s), 3 report(s)); use --fresh to start a new one",
  ]);
  // Reports read from the store are encoded one per turn of the (fake) clock.
  assert.equal(await clock.drive(document.finish(0)), null);
  const doc = writes[0]!;
  assert.deepEqual(doc.runs.map((r) => r.run_id), ["run-1", document.run.run_id]);
  assert.equal(doc.reports.length, 3);
  assert.equal(doc.status.state, "stopped");
  assert.equal(doc.runs[1]?.ended_at, "2026-11-26T12:00:00.000Z");
});

Deno.test("RunDocument.finish() resolves to the error of a store another simulator took over", async () => {
  const taken = new KvStoreError("in_use", "Shard 'a' is held by another simulator");
  const { store, writes } = memoryStore((n) => n === 2 ? taken : null);
  const { document, lost } = runDocument({ store });
  await document.start();
  assert.equal(await document.finish(5), taken);
  assert.equal(writes.length, 1);
  assert.deepEqual(lost, []);
});

Deno.test("RunDocument.start() turns a store that cannot be written into a UsageError", async () => {
  const { store } = memoryStore(() =>
    new KvStoreError("permission", "Cannot write shard 'a': disk full")
  );
  const { document } = runDocument({ store });
  await assert.rejects(() => document.start(), {
    name: "UsageError",
    message: "Cannot write shard 'a': disk full",
  });
});
