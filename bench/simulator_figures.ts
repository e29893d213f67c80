/**
 * The simulator's performance figures, measured on the real CLI:
 *
 * - throughput of an unthrottled embedded run, and its ratio to a bare loop
 *   that only generates and evaluates (what the harness costs);
 * - peak RSS at 100,000 and 1,000,000 requests (memory stays flat);
 * - rate fidelity and schedule lag at 1,000 requests/s and at the defaults.
 *
 * Each figure is the median of several runs, because the machine is shared.
 * Run with `deno task bench` (all benchmarks) or
 * `deno run -A bench/simulator_figures.ts [--quick]`.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createGenerator } from "../lib/traffic/generator.ts";
import { createRandom } from "../lib/traffic/random.ts";
import { evaluateInput } from "../lib/soul/reference_engine.ts";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { mergeReports } from "../lib/metrics/merge_reports.ts";
import { median, simulateArgs, UNTHROTTLED } from "./_measure.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { quick: { type: "boolean" }, runs: { type: "string" } },
  strict: true,
});
const quick = values.quick === true;
const runs = Number(values.runs ?? (quick ? 1 : 3));

interface CliRun {
  seconds: number;
  peakRssMb: number;
  file: string;
}

/** Runs simulate.ts with the task's permissions, sampling the child's peak RSS. */
async function runCli(args: string[]): Promise<CliRun> {
  const dir = await Deno.makeTempDir();
  const child = new Deno.Command(Deno.execPath(), {
    args: simulateArgs(["--quiet", ...args]),
    cwd: dir,
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let peak = 0;
  const sample = async () => {
    try {
      const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
      const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
      if (kb > peak) peak = kb;
    } catch { /* the process has exited */ }
  };
  const started = performance.now();
  const timer = setInterval(sample, 25);
  const status = await child.status;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  if (!status.success) throw new Error(`simulate.ts exited with ${status.code}`);
  return { seconds, peakRssMb: peak / 1024, file: join(dir, "buddy_traffic_metrics.json") };
}

/** Requests per second of a loop that only generates and evaluates. */
function bareLoop(n: number): number {
  const gen = createGenerator({ seed: 1 });
  const started = performance.now();
  let approved = 0;
  for (let i = 0; i < n; i++) {
    const d = evaluateInput(gen.next().input);
    if (d.approval_path === "approved") approved++;
  }
  const seconds = (performance.now() - started) / 1000;
  if (approved < 0) console.log(approved);
  return n / seconds;
}

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

// 1. Throughput, unthrottled.
const n = quick ? 200_000 : 1_000_000;
const cliRates: number[] = [];
const bareRates: number[] = [];
for (let i = 0; i < runs; i++) {
  bareRates.push(bareLoop(n));
  const r = await runCli([...UNTHROTTLED, "--max-requests", `${n}`]);
  const doc = await readMetricsFile(r.file);
  cliRates.push(doc.cumulative.total_requests / r.seconds);
}
const cli = median(cliRates);
const bare = median(bareRates);
say(
  `throughput: simulate.ts ${
    cli.toFixed(0)
  } req/s end to end (${n} requests, process start included); bare generate+evaluate loop ${
    bare.toFixed(0)
  } req/s; ratio ${(cli / bare).toFixed(2)}`,
);

// 2. Memory at 100k and 1M requests.
const small = 100_000;
const large = quick ? 300_000 : 1_000_000;
const rssSmall: number[] = [];
const rssLarge: number[] = [];
for (let i = 0; i < runs; i++) {
  rssSmall.push(
    (await runCli([...UNTHROTTLED, "--max-requests", `${small}`]))
      .peakRssMb,
  );
  rssLarge.push(
    (await runCli([...UNTHROTTLED, "--max-requests", `${large}`]))
      .peakRssMb,
  );
}
const a = median(rssSmall);
const b = median(rssLarge);
say(
  `memory: peak RSS ${a.toFixed(1)} MB at ${small} requests, ${
    b.toFixed(1)
  } MB at ${large} (ratio ${(b / a).toFixed(3)})`,
);

// 3. Rate fidelity at 1,000 requests/s and schedule lag.
const seconds = quick ? 10 : 30;
const fidelity: number[] = [];
const lags: number[] = [];
for (let i = 0; i < runs; i++) {
  const r = await runCli([
    "--interval-min",
    "0.5",
    "--interval-max",
    "1.5",
    "--no-adaptive",
    "--duration",
    `${seconds}s`,
    "--seed",
    `${i + 1}`,
  ]);
  const doc = await readMetricsFile(r.file);
  fidelity.push(doc.cumulative.total_requests / seconds / 1000);
  lags.push(mergeReports(doc.reports).schedule_lag.p99);
}
/** p99 lateness of a bare timer loop on the same schedule: what this machine allows. */
async function timerFloorP99(ms: number): Promise<number> {
  const lags: number[] = [];
  const random = createRandom(1);
  let next = performance.now();
  const end = next + ms;
  while (performance.now() < end) {
    next += 0.5 + random.next();
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    lags.push(Math.max(0, performance.now() - next));
  }
  lags.sort((a, b) => a - b);
  return lags[Math.floor(0.99 * (lags.length - 1))] ?? 0;
}
const floors: number[] = [];
for (let i = 0; i < runs; i++) floors.push(await timerFloorP99(seconds * 1000));
say(
  `rate fidelity at 1000 req/s over ${seconds}s: achieved ${
    (median(fidelity) * 1000).toFixed(1)
  } req/s (${((median(fidelity) - 1) * 100).toFixed(2)} %), schedule lag p99 ${
    median(lags).toFixed(2)
  } ms (a bare timer loop on the same schedule, doing nothing: p99 ${
    median(floors).toFixed(2)
  } ms)`,
);

// 4. The defaults: 50-200 ms uniform, pinned at Level 1 (8 requests/s on average).
const defaultSeconds = quick ? 20 : 120;
const r = await runCli(["--no-adaptive", "--duration", `${defaultSeconds}s`, "--seed", "1"]);
const doc = await readMetricsFile(r.file);
const achieved = doc.cumulative.total_requests / defaultSeconds;
say(
  `rate at the defaults over ${defaultSeconds}s: achieved ${
    achieved.toFixed(2)
  } req/s against 8.00 (${
    ((achieved / 8 - 1) * 100).toFixed(2)
  } %; a uniform 50-200 ms process varies by about ${
    ((43.3 * Math.sqrt(defaultSeconds * 8)) / (defaultSeconds * 10)).toFixed(1)
  } % over this window by chance)`,
);
