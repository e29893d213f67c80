/**
 * A soak with faults: the real simulator, unthrottled, with injected errors,
 * exceptions, malformed and slow answers, for `--seconds` (default 300); its
 * RSS is sampled every 5 s from `/proc/<pid>/status` (Linux). Prints the RSS
 * after warm-up (the first minute) and at the end, and the largest sample
 * after warm-up: flat memory keeps them within 10 %.
 *
 * Run with `deno run -A bench/soak_rss.ts [--seconds N]`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { taskFlags, taskScript } from "../tests/_tasks.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { seconds: { type: "string" } },
  strict: true,
});
const seconds = Number(values.seconds ?? 300);
const warmup = Math.min(60, seconds / 5);
const dir = await Deno.makeTempDir({ prefix: "soak_rss_" });
const child = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    ...taskFlags("simulate"),
    taskScript("simulate"),
    "--quiet",
    "--interval-min",
    "0",
    "--interval-max",
    "0",
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
  ],
  cwd: dir,
  stdout: "null",
  stderr: "inherit",
}).spawn();

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
    return m === null ? null : Number(m[1]) / 1024;
  } catch {
    return null;
  }
}

const samples: Array<{ at: number; mb: number }> = [];
const started = Date.now();
const timer = setInterval(() => {
  const mb = rssMb(child.pid);
  if (mb !== null) samples.push({ at: (Date.now() - started) / 1000, mb });
}, 5000);
const status = await child.status;
clearInterval(timer);
const doc = await readMetricsFile(join(dir, "buddy_traffic_metrics.json"));
await Deno.remove(dir, { recursive: true });
const after = samples.filter((s) => s.at >= warmup);
const first = after[0]?.mb ?? NaN;
const last = after.at(-1)?.mb ?? NaN;
const peak = Math.max(...after.map((s) => s.mb));
console.log(
  `soak ${seconds} s with faults: exit ${status.code}, ${doc.cumulative.total_requests} requests, ${doc.cumulative.failed_requests} failed`,
);
console.log(
  `RSS after ${warmup} s warm-up ${first.toFixed(1)} MB, at the end ${
    last.toFixed(1)
  } MB, peak after warm-up ${peak.toFixed(1)} MB (${
    ((peak / first - 1) * 100).toFixed(1)
  } % above the warm-up figure)`,
);
