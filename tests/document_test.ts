import assert from "node:assert/strict";
import {
  addErrorSamples,
  addEvent,
  appendReport,
  createDocument,
  nextReportId,
} from "../lib/metrics/document.ts";
import { validateDocument } from "../lib/model/validate_document.ts";
import type { ErrorSample } from "../lib/model/metrics_document.ts";
import { buildReports, buildRunInfo, buildStatus } from "./_builders.ts";

Deno.test("createDocument() makes a valid document with empty totals", () => {
  const doc = createDocument(buildRunInfo(), buildStatus());
  validateDocument(JSON.parse(JSON.stringify(doc)), "new.json");
  assert.equal(doc.cumulative.total_requests, 0);
  assert.equal(doc.cumulative.success_rate, null);
  assert.deepEqual(doc.reports, []);
  assert.equal(nextReportId(doc), 1);
});

Deno.test("appendReport() adds every report into the cumulative totals", () => {
  const doc = createDocument(buildRunInfo(), buildStatus());
  const reports = buildReports({ reports: 3, requestsPerReport: 50, errorRate: 0.1 });
  for (const r of reports) appendReport(doc, r);
  const sum = (f: (r: (typeof reports)[number]) => number) => reports.reduce((n, r) => n + f(r), 0);
  assert.equal(doc.cumulative.total_requests, 150);
  assert.equal(doc.cumulative.failed_requests, sum((r) => r.failed_requests));
  assert.equal(doc.cumulative.stats.latency.count, 150);
  assert.equal(
    doc.cumulative.categories.simple?.total_requests,
    sum((r) => r.categories.simple?.total_requests ?? 0),
  );
  assert.equal(
    doc.cumulative.success_rate,
    Math.round((10000 * sum((r) => r.successful_requests)) / 150) / 100,
  );
  assert.equal(nextReportId(doc), 4);
  assert.ok(Object.isFrozen(doc.reports[0]));
  validateDocument(JSON.parse(JSON.stringify(doc)), "appended.json");
});

Deno.test("addErrorSamples() and addEvent() keep only the newest entries", () => {
  const doc = createDocument(buildRunInfo(), buildStatus());
  const sample = (seq: number): ErrorSample => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    run_id: "run-1",
    seed: 42,
    request_id: `r-${seq}`,
    seq,
    category: "simple",
    family: "greeting",
    type: "timeout",
    message: "slow",
    input_preview: "hi",
  });
  addErrorSamples(doc, [1, 2, 3].map(sample), 4);
  addErrorSamples(doc, [4, 5, 6].map(sample), 4);
  assert.deepEqual(doc.errors.map((e) => e.seq), [3, 4, 5, 6]);
  for (let i = 0; i < 7; i++) {
    addEvent(doc, {
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      run_id: "run-1",
      type: "load_level",
      message: `Load level ${i}`,
      data: { to: i },
    }, 5);
  }
  assert.deepEqual(doc.events.map((e) => e.message), [2, 3, 4, 5, 6].map((i) => `Load level ${i}`));
});
