/**
 * The visualizer at its expected scale, measured on the real CLI:
 *
 * - `--all` on a 24-hour file at the fastest load level (about 17
 *   requests/s, a report every 500 requests: ~3,000 reports a day, kept as
 *   200 full reports plus hourly rollups by the store's retention);
 * - `--all` merging 8 such files (8 simulator instances side by side);
 * - `--check --baseline`: one such file compared with another.
 *
 * Wall time and peak RSS come from `/usr/bin/time -v` around the real
 * subprocess (from /proc when `time` is absent: wall time only). Targets:
 * under 1 s and 200 MB for one file, under 5 s for eight. The in-process
 * benches below show where the time goes. Run with
 * `deno bench -A bench/visualize_bench.ts` (or `deno task bench`).
 *
 * @module
 */
import { join } from "node:path";
import { buildDocument } from "../tests/_builders.ts";
import { buildDataset } from "../lib/analysis/metrics_dataset.ts";
import { runAnalyses, SECTIONS } from "../lib/analysis/visualize_analysis.ts";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { renderTextReport } from "../lib/render/text_report.ts";
import { median, type TimedRun, timeRun } from "./_measure.ts";
import { createColors } from "../lib/render/ansi.ts";

const SCRIPT = new URL("../visualize.ts", import.meta.url).pathname;
const dir = Deno.makeTempDirSync({ prefix: "visualize_bench_" });
const started = performance.now();
const doc = buildDocument({ reports: 3000, seed: 5 });
doc.status.state = "stopped";
const text = JSON.stringify(doc);
const day = join(dir, "day.json");
Deno.writeTextFileSync(day, text);
for (let k = 1; k <= 8; k++) {
  Deno.writeTextFileSync(join(dir, `shard-${k}.json`), text.replaceAll('"run-1"', `"run-${k}"`));
}
console.log(
  `24-hour file: ${
    (text.length / 1048576).toFixed(2)
  } MB, ${doc.reports.length} reports + ${doc.rollups.length} rollups, ${doc.cumulative.total_requests} requests (built in ${
    Math.round(performance.now() - started)
  } ms)`,
);

function measure(args: string[]): Promise<TimedRun> {
  return timeRun(Deno.execPath(), ["run", "--allow-read", SCRIPT, ...args]);
}

async function figure(label: string, args: string[], runs = 3): Promise<void> {
  const results: TimedRun[] = [];
  for (let i = 0; i < runs; i++) results.push(await measure(args));
  const secs = median(results.map((r) => r.seconds));
  const rss = results.map((r) => r.peakRssMb).filter((v): v is number => v !== null);
  console.log(
    `${label}: ${secs.toFixed(2)} s wall (median of ${runs}, incl. Deno start-up), peak RSS ${
      rss.length ? `${Math.max(...rss).toFixed(0)} MB` : "n/a"
    }, exit ${results[0]?.code}`,
  );
}

await figure("visualize --all, one 24-hour file", ["--all", "--file", day]);
await figure("visualize --all, 8 merged 24-hour files", [
  "--all",
  "--file",
  join(dir, "shard-*.json"),
]);
await figure("visualize --check --baseline, one 24-hour file against another", [
  "--check",
  "--file",
  day,
  "--baseline",
  join(dir, "shard-2.json"),
]);
await figure("deno start-up baseline (--help)", ["--help"]);

const docs = await Promise.all(
  Array.from({ length: 8 }, (_, k) => readMetricsFile(join(dir, `shard-${k + 1}.json`))),
);
const colors = createColors(false);

Deno.bench("readMetricsFile (parse + validate) of a 24-hour file", async () => {
  await readMetricsFile(day);
});

Deno.bench("runAnalyses --all + text render, one 24-hour file", () => {
  const a = runAnalyses(buildDataset([{ path: "day.json", doc: docs[0]! }]), {
    sections: SECTIONS,
    now: new Date(),
  });
  renderTextReport(a, colors);
});

Deno.bench("runAnalyses --all + text render, 8 merged 24-hour files", () => {
  const a = runAnalyses(buildDataset(docs.map((d, i) => ({ path: `s${i}.json`, doc: d }))), {
    sections: SECTIONS,
    now: new Date(),
  });
  renderTextReport(a, colors);
});

Deno.bench(
  "runAnalyses --all + text render with --baseline, one 24-hour file against another",
  () => {
    const a = runAnalyses(buildDataset([{ path: "day.json", doc: docs[0]! }]), {
      sections: SECTIONS,
      now: new Date(),
      baseline: buildDataset([{ path: "s1.json", doc: docs[1]! }]),
    });
    renderTextReport(a, colors);
  },
);

globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(dir, { recursive: true });
  } catch {
    // already gone
  }
});
