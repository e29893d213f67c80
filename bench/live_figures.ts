/**
 * What the simulator's live machinery costs, measured on the real CLI as
 * paired runs:
 *
 * - CPU: two simulators at the default load for the same duration, started
 *   together, one without `--serve` and one with `--serve`, one event-stream
 *   client reading every `tick` and `/metrics` scraped each second. The
 *   difference in CPU time, as a share of one core, is what serving the live
 *   views costs (target: at most 1 % of a core). Both runs tick each second
 *   and keep their live status file.
 * - Throughput: unthrottled runs (`--interval-min 0 --interval-max 0`) of a
 *   fixed number of requests, alternately without and with `--serve` plus one
 *   event-stream client; the ratio of the medians (target: at least 0.9).
 *
 * Each figure is the median of several pairs, because the machine is shared.
 * Run with `deno run -A bench/live_figures.ts [--seconds S] [--pairs N]
 * [--requests N] [--runs N]`; the defaults are the issue's: 120 s pairs.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuUntilExit, median, simulateArgs, UNTHROTTLED } from "./_measure.ts";
import { freePort } from "../tests/_tasks.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string" },
    pairs: { type: "string" },
    requests: { type: "string" },
    runs: { type: "string" },
    "skip-cpu": { type: "boolean" },
    "skip-throughput": { type: "boolean" },
  },
  strict: true,
});
const seconds = Number(values.seconds ?? 120);
const pairs = Number(values.pairs ?? 3);
const requests = Number(values.requests ?? 300_000);
const runs = Number(values.runs ?? 5);

/** Waits until the server at `base` answers, then opens an event stream read to the end. */
async function connectDashboard(base: string, signal: AbortSignal): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await (await fetch(`${base}/healthz`)).body?.cancel();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const events = await fetch(`${base}/api/events`, { signal });
  void events.body?.pipeTo(new WritableStream()).catch(() => {});
}

interface Run {
  child: Deno.ChildProcess;
  dir: string;
  stop: AbortController;
  stdout: Promise<string>;
}

/** Starts simulate.ts with the task's permissions; with `serve`, one dashboard connects. */
async function start(args: readonly string[], serve: boolean, scrape: boolean): Promise<Run> {
  const dir = await Deno.makeTempDir({ prefix: "buddy-traffic-live-bench-" });
  const port = freePort();
  const all = ["--seed", "7", ...args];
  if (serve) all.push("--serve", `127.0.0.1:${port}`);
  const child = new Deno.Command(Deno.execPath(), {
    args: simulateArgs(all),
    cwd: dir,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const stdout = new Response(child.stdout).text();
  const stop = new AbortController();
  if (serve) {
    const base = `http://127.0.0.1:${port}`;
    await connectDashboard(base, stop.signal);
    if (scrape) {
      const timer = setInterval(() => {
        fetch(`${base}/metrics`, { signal: stop.signal }).then((r) => r.text()).catch(() => {});
      }, 1000);
      stop.signal.addEventListener("abort", () => clearInterval(timer));
    }
  }
  return { child, dir, stop, stdout };
}

async function finish(run: Run): Promise<string> {
  await run.child.status;
  run.stop.abort();
  const out = await run.stdout;
  await Deno.remove(run.dir, { recursive: true });
  return out;
}

/** CPU seconds used by a run of `seconds` at the default load, sampled until just before it ends. */
async function cpuOfRun(serve: boolean): Promise<number> {
  const run = await start(["--duration", `${seconds}s`, "--quiet"], serve, true);
  const last = await cpuUntilExit(run.child);
  await finish(run);
  return last;
}

/** Requests per second of one unthrottled run, from its closing summary. */
async function throughputOfRun(serve: boolean): Promise<number> {
  const run = await start(
    [...UNTHROTTLED, "--max-requests", String(requests)],
    serve,
    false,
  );
  const out = await finish(run);
  const m = /^Run finished: \d+ requests in .* \(([\d.]+) req\/s\)/m.exec(out);
  if (m === null) throw new Error(`no run summary in: ${out.slice(0, 500)}`);
  return Number(m[1]);
}

if (!values["skip-cpu"]) {
  const extra: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const [without, withServe] = await Promise.all([cpuOfRun(false), cpuOfRun(true)]);
    const share = (withServe - without) / seconds;
    extra.push(share);
    console.log(
      `pair ${i + 1}: CPU over ${seconds} s at the defaults: ${without.toFixed(2)} s without ` +
        `--serve, ${withServe.toFixed(2)} s with --serve, one event stream and a scrape each ` +
        `second: ${(100 * share).toFixed(3)} % of a core more`,
    );
  }
  console.log(
    `live machinery with --serve: median ${(100 * median(extra)).toFixed(3)} % of a core ` +
      `over ${pairs} pair(s) of ${seconds} s (target <= 1 %)`,
  );
}

if (!values["skip-throughput"]) {
  const without: number[] = [];
  const withServe: number[] = [];
  for (let i = 0; i < runs; i++) {
    without.push(await throughputOfRun(false));
    withServe.push(await throughputOfRun(true));
  }
  console.log(
    `unthrottled, ${requests} requests: median ${median(without).toFixed(0)} req/s without ` +
      `--serve (${without.map((x) => x.toFixed(0)).join(", ")}), ${
        median(withServe).toFixed(0)
      } req/s with --serve and one event stream (${
        withServe.map((x) => x.toFixed(0)).join(", ")
      }): ratio ${(median(withServe) / median(without)).toFixed(3)} (target >= 0.9)`,
  );
}
