/**
 * A soak with faults: the real simulator, unthrottled, with injected errors,
 * exceptions, malformed and slow answers, for `--seconds` (default 300). Every
 * 5 s it samples the simulator's RSS from `/proc/<pid>/status` (Linux) and the
 * number of reports its metrics file holds; the simulator runs with V8's
 * `--trace-gc` added to the task's flags, so the JavaScript heap left after
 * each full collection (the live data, not V8's high-water mark) is sampled
 * too.
 *
 * It prints both at three points: after the first minute, once the file holds
 * its 200 full-detail reports (retention is then in its steady state: at one
 * report a second that takes about 200 s), and at the end, with the peak RSS
 * after each point. Flat memory keeps the peak within 10 % of the figure at
 * the point it is compared with.
 *
 * Run with `deno run -A bench/soak_rss.ts [--seconds N] [--v8-flags A,B]`; `--v8-flags` adds
 * V8 flags to the task's, to compare heap settings.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { DEFAULT_MAX_REPORTS } from "../lib/metrics/retention.ts";
import { taskFlags } from "../tests/_tasks.ts";
import { simulateArgs, UNTHROTTLED } from "./_measure.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { seconds: { type: "string" }, "v8-flags": { type: "string" } },
  strict: true,
});
const seconds = Number(values.seconds ?? 300);
const warmup = Math.min(60, seconds / 5);
const dir = await Deno.makeTempDir({ prefix: "soak_rss_" });
const file = join(dir, "buddy_traffic_metrics.json");
const flags = taskFlags("simulate").map((flag) =>
  flag.startsWith("--v8-flags=")
    ? [flag, "--trace-gc", ...(values["v8-flags"] === undefined ? [] : [values["v8-flags"]])].join(
      ",",
    )
    : flag
);
const child = new Deno.Command(Deno.execPath(), {
  args: simulateArgs([
    "--quiet",
    ...UNTHROTTLED,
    "--duration",
    `${seconds}s`,
    "--fault-rate",
    "0.05",
    "--throw-rate",
    "0.01",
    "--malformed-rate",
    "0.02",
    "--slow-rate",
    "0.05",
    "--slow-ms",
    "5",
  ], flags),
  cwd: dir,
  stdout: "piped",
  stderr: "inherit",
}).spawn();

/** The heap left after the latest full collection, MB (from `--trace-gc` lines). */
let liveHeapMb = NaN;
const traced = (async () => {
  let partial = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const m = /Mark-Compact.* -> ([\d.]+) \([\d.]+\) MB/.exec(line);
      if (m !== null) liveHeapMb = Number(m[1]);
    }
  }
})();

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
    return m === null ? null : Number(m[1]) / 1024;
  } catch {
    return null;
  }
}

async function reportsHeld(): Promise<number> {
  try {
    return (await readMetricsFile(file)).reports.length;
  } catch {
    return 0;
  }
}

interface Sample {
  at: number;
  rss: number;
  heap: number;
  reports: number;
}
const samples: Sample[] = [];
const started = Date.now();
let sampling = false;
const timer = setInterval(async () => {
  if (sampling) return;
  sampling = true;
  const rss = rssMb(child.pid);
  const reports = await reportsHeld();
  if (rss !== null) {
    samples.push({ at: (Date.now() - started) / 1000, rss, heap: liveHeapMb, reports });
  }
  sampling = false;
}, 5000);
const status = await child.status;
clearInterval(timer);
await traced;
const doc = await readMetricsFile(file);
await Deno.remove(dir, { recursive: true });

console.log(
  `soak ${seconds} s with faults: exit ${status.code}, ${doc.cumulative.total_requests} requests, ${doc.cumulative.failed_requests} failed`,
);
console.log(
  `samples (s: RSS MB / live heap MB / reports): ${
    samples.map((s) => `${s.at.toFixed(0)}: ${s.rss.toFixed(0)}/${s.heap.toFixed(0)}/${s.reports}`)
      .join(", ")
  }`,
);
const mb = (x: number | undefined) => x === undefined || Number.isNaN(x) ? "-" : x.toFixed(1);
const points: [string, Sample | undefined][] = [
  [`after ${warmup} s`, samples.find((s) => s.at >= warmup)],
  [
    `at ${DEFAULT_MAX_REPORTS} reports`,
    samples.find((s) => s.reports >= DEFAULT_MAX_REPORTS),
  ],
  ["at the end", samples.at(-1)],
];
for (const [name, point] of points) {
  if (point === undefined) {
    console.log(`${name}: not reached`);
    continue;
  }
  const after = samples.filter((s) => s.at >= point.at);
  const peak = Math.max(...after.map((s) => s.rss));
  const heapPeak = Math.max(...after.map((s) => s.heap).filter((h) => !Number.isNaN(h)));
  console.log(
    `${name} (${point.at.toFixed(0)} s, ${point.reports} reports): RSS ${mb(point.rss)} MB, ` +
      `live heap ${mb(point.heap)} MB; after it peak RSS ${mb(peak)} MB (${
        ((peak / point.rss - 1) * 100).toFixed(1)
      } % above), peak live heap ${mb(heapPeak)} MB`,
  );
}
