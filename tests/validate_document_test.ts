import assert from "node:assert/strict";
import { reportGaps, validateDocument } from "../lib/model/validate_document.ts";
import { MetricsFileError } from "../lib/model/metrics_file_error.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { buildDocument } from "./_builders.ts";

const good: MetricsDocument = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/metrics_good.json", import.meta.url)),
);

// deno-lint-ignore no-explicit-any
type Loose = any;

function invalid(mutate: (doc: Loose) => void, detail: string): void {
  const doc = structuredClone(good) as Loose;
  mutate(doc);
  assert.throws(() => validateDocument(doc, "x.json"), (error: unknown) => {
    assert.ok(error instanceof MetricsFileError, `expected MetricsFileError, got ${error}`);
    assert.equal(error.kind, "invalid");
    assert.equal(error.message, `Cannot read metrics file 'x.json': ${detail}`);
    assert.ok(!error.message.includes("\n"));
    return true;
  });
}

Deno.test("validateDocument() accepts the good fixture and returns it unchanged", () => {
  const doc = structuredClone(good);
  assert.equal(validateDocument(doc, "x.json"), doc);
  assert.deepEqual(doc, good);
});

Deno.test("validateDocument() accepts built documents with rollups and unknown extra fields", () => {
  const doc = buildDocument({
    reports: 30,
    requestsPerReport: 20,
    ratePerSecond: 0.02,
    retention: { maxReports: 5, maxFamilyReports: 2, maxRollups: 4 },
  });
  assert.ok(doc.rollups.length > 0);
  const loose = JSON.parse(JSON.stringify(doc));
  loose.future_field = { anything: true };
  loose.reports[0].another = [1, 2, 3];
  validateDocument(loose, "x.json");
});

Deno.test("validateDocument() names wrong top-level and status fields", () => {
  invalid((d) => d.reports = {}, "reports must be a list: got {}");
  invalid((d) => delete d.rollups, "rollups is missing (expected a list)");
  invalid((d) => d.status = null, "status must be an object: got null");
  invalid(
    (d) => d.status.state = "paused",
    'status.state must be one of "running", "stopped": got "paused"',
  );
  invalid(
    (d) => delete d.status.updated_at,
    "status.updated_at is missing (expected an ISO date-time string)",
  );
  invalid(
    (d) => d.status.updated_at = "yesterday",
    'status.updated_at must be an ISO date-time string: got "yesterday"',
  );
  invalid(
    (d) => d.status.interval_ms = { min: 300, max: 200 },
    "status.interval_ms.max must be >= min (300): got 200",
  );
});

Deno.test("validateDocument() names wrong run and config fields", () => {
  invalid((d) => d.runs[0].seed = -1, "runs[0].seed must be an integer >= 0: got -1");
  invalid(
    (d) => d.runs[0].config.mix.simple = "x",
    'runs[0].config.mix.simple must be a number >= 0: got "x"',
  );
  invalid(
    (d) => d.runs[0].config.faults.fault_rate = 2,
    "runs[0].config.faults.fault_rate must be a number in 0..1: got 2",
  );
  invalid(
    (d) => d.runs[0].config.arrival = "burst",
    'runs[0].config.arrival must be one of "uniform", "poisson": got "burst"',
  );
});

Deno.test("validateDocument() names wrong report fields at several depths", () => {
  invalid(
    (d) => d.reports[1].success_rate = "abc",
    'reports[1].success_rate must be a percentage (0..100) or null: got "abc"',
  );
  invalid((d) => d.reports[0].id = 0, "reports[0].id must be an integer >= 1: got 0");
  invalid(
    (d) => d.reports[2].kind = "weekly",
    'reports[2].kind must be one of "report", "final", "rollup": got "weekly"',
  );
  invalid(
    (d) => d.reports[0].execution_time.p95 = null,
    "reports[0].execution_time.p95 must be a number >= 0: got null",
  );
  invalid(
    (d) => d.reports[0].confidence.std_dev = 3,
    "reports[0].confidence.std_dev must be a number in 0..1 or null: got 3",
  );
  invalid(
    (d) => d.reports[0].ended_at = "2020-01-01T00:00:00Z",
    'reports[0].ended_at must be at or after started_at: got "2020-01-01T00:00:00Z"',
  );
  invalid(
    (d) => d.reports[0].total_requests = 7,
    "reports[0].total_requests must be equal to reports[0].stats.total_requests (6): got 7",
  );
});

Deno.test("validateDocument() checks stats and histograms deeply", () => {
  // Values 1e-6..1e12 ms map to buckets -692..1383 at 1 % accuracy.
  const lagBins = good.reports[0]!.schedule_lag_histogram.bins.length;
  invalid(
    (d) => d.cumulative.stats.latency.bins[0] = -1,
    "cumulative.stats.latency.bins[0] must be an integer >= 0: got -1",
  );
  invalid(
    (d) => d.cumulative.stats.latency.bins[0] = 1.5,
    "cumulative.stats.latency.bins[0] must be an integer >= 0: got 1.5",
  );
  invalid(
    (d) => d.cumulative.stats.execution_time.count = 99,
    `cumulative.stats.execution_time.count must be zero + the sum of bins (${good.cumulative.stats.execution_time.count}): got 99`,
  );
  invalid(
    (d) => d.cumulative.stats.latency.accuracy = 1,
    "cumulative.stats.latency.accuracy must be a number in [0.00001, 1): got 1",
  );
  invalid(
    (d) => d.reports[0].stats.latency.accuracy = 0.02,
    "reports[0].stats.latency.accuracy must be the accuracy of the file's other histograms (0.01): got 0.02",
  );
  invalid(
    (d) => d.reports[0].schedule_lag_histogram.offset = 1e9,
    `reports[0].schedule_lag_histogram.offset must be a bucket index in -692..${
      1383 - lagBins + 1
    } for ${lagBins} bins: got 1000000000`,
  );
  invalid(
    (d) => d.reports[0].stats.failed_requests += 1,
    `reports[0].stats.total_requests must be successful_requests + failed_requests (${
      good.reports[0]!.stats.total_requests + 1
    }): got ${good.reports[0]!.stats.total_requests}`,
  );
  invalid(
    (d) => d.reports[0].stats.confidence.bins = [1, 2],
    "reports[0].stats.confidence.bins must be a list of 10 counts: got [1,2]",
  );
  invalid(
    (d) => d.reports[0].stats.confusion.block.error = "1",
    'reports[0].stats.confusion.block.error must be an integer >= 0: got "1"',
  );
  invalid(
    (d) => d.reports[0].stats.adversarial = { total: 1, answered: 2, not_approved: 0 },
    "reports[0].stats.adversarial.answered must be <= total (1): got 2",
  );
});

Deno.test("validateDocument() checks category and family keys and values", () => {
  invalid(
    (d) => d.cumulative.categories.chitchat = d.cumulative.stats,
    'cumulative.categories has an unknown category "chitchat"',
  );
  invalid(
    (d) => d.cumulative.families["simple/greeting"].latency.min = "fast",
    'cumulative.families["simple/greeting"].latency.min must be a number >= 0: got "fast"',
  );
  invalid(
    (d) =>
      Object.defineProperty(d.cumulative.families, "__proto__", { value: {}, enumerable: true }),
    'cumulative.families has a forbidden key "__proto__"',
  );
  invalid(
    (d) => d.reports[2].stats.errors.timeout = -3,
    "reports[2].stats.errors.timeout must be an integer >= 0: got -3",
  );
});

Deno.test("validateDocument() names wrong error samples and events", () => {
  invalid(
    (d) => d.errors[0].category = "nope",
    'errors[0].category must be one of "simple", "multi_step", "low_confidence", "high_confidence", "conflicting_gates", "clarification", "edge_case", "adversarial": got "nope"',
  );
  invalid(
    (d) => d.events[0].type = 5,
    'events[0].type must be one of "run_started", "run_stopped", "load_level", "target_switch", "warning": got 5',
  );
  invalid((d) => d.events[0].data = [1], "events[0].data must be an object: got [1]");
});

Deno.test("validateDocument() escapes control characters of untrusted values in its message", () => {
  invalid(
    (d) => d.status.state = "\u001b[31mred\nline",
    'status.state must be one of "running", "stopped": got "\\u001b[31mred\\nline"',
  );
});

Deno.test("reportGaps() finds nothing wrong in a contiguous file with rollups", () => {
  const doc = buildDocument({
    reports: 30,
    requestsPerReport: 20,
    ratePerSecond: 0.02,
    retention: { maxReports: 5, maxFamilyReports: 2, maxRollups: 4 },
  });
  assert.deepEqual(reportGaps(doc), []);
  assert.deepEqual(reportGaps(good), []);
});

Deno.test("reportGaps() warns about missing and out-of-order report ids", () => {
  const gaps = structuredClone(good);
  gaps.reports.splice(1, 1);
  assert.deepEqual(reportGaps(gaps), [
    "reports[1]: report ids jump from 1 to 3 (1 report missing)",
  ]);
  const swapped = structuredClone(good);
  swapped.reports.reverse();
  assert.deepEqual(reportGaps(swapped), [
    "reports[1]: report id 2 does not follow 3 (ids out of order)",
    "reports[2]: report id 1 does not follow 2 (ids out of order)",
  ]);
  const overlap = structuredClone(good);
  overlap.rollups = [{ ...structuredClone(good.reports[0]!), kind: "rollup", merged_reports: 4 }];
  assert.deepEqual(reportGaps(overlap), [
    "reports[0]: report id 1 overlaps the rollups (up to 4)",
  ]);
});

Deno.test("reportGaps() stops listing after ten warnings", () => {
  const many = structuredClone(good);
  many.reports = Array.from({ length: 15 }, (_, i) => ({ ...good.reports[0]!, id: 1 + 2 * i }));
  const warnings = reportGaps(many);
  assert.equal(warnings.length, 11);
  assert.equal(warnings[10], "4 more report id warnings");
});
