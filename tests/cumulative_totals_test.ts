import assert from "node:assert/strict";
import fc from "fast-check";
import { CumulativeTotals } from "../lib/metrics/cumulative_totals.ts";
import { ReportWindow } from "../lib/metrics/report_window.ts";
import { mergeReports } from "../lib/metrics/merge_reports.ts";
import { createRecordStream } from "./_builders.ts";

function windows(seed: number, sizes: number[]): ReportWindow[] {
  const stream = createRecordStream({ seed, dyadic: true });
  return sizes.map((n) => {
    const w = new ReportWindow();
    for (let i = 0; i < n; i++) w.add(stream.next());
    return w;
  });
}

function reportOf(w: ReportWindow, id: number) {
  return w.toReport({
    id,
    run_id: "r",
    kind: "report",
    started_at: 0,
    ended_at: 1000,
    target: "reference",
    load_level: 1,
    interval_ms: { min: 50, max: 200 },
  });
}

Deno.test("CumulativeTotals of live windows equals the exact merge of their reports", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 6 }),
      (seed, sizes) => {
        const ws = windows(seed, sizes);
        const totals = new CumulativeTotals();
        for (const w of ws) totals.add(w);
        const merged = mergeReports(ws.map((w, i) => reportOf(w, i + 1)));
        const c = totals.toCumulative();
        assert.deepEqual(c.stats, merged.stats);
        assert.deepEqual(Object.keys(c.families).sort(), Object.keys(merged.families).sort());
        for (const [k, v] of Object.entries(merged.families)) assert.deepEqual(c.families[k], v, k);
        assert.equal(c.success_rate, merged.success_rate);
        assert.deepEqual(c.execution_time, merged.execution_time);
      },
    ),
    { numRuns: 40 },
  );
});

Deno.test("CumulativeTotals continues from an existing cumulative block", () => {
  const [a, b] = windows(3, [200, 300]) as [ReportWindow, ReportWindow];
  const first = new CumulativeTotals();
  first.add(a);
  const resumed = new CumulativeTotals(first.toCumulative());
  resumed.add(b);
  const whole = new CumulativeTotals();
  whole.add(a);
  whole.add(b);
  assert.deepEqual(resumed.toCumulative(), whole.toCumulative());
  assert.equal(resumed.toCumulative().total_requests, 500);
});
