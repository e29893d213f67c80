/**
 * The server's performance figures:
 *
 * - fan-out: time from handing a new metrics document to the hub until all
 *   100 event-stream clients (real `fetch` readers on loopback, in this same
 *   process) have received the whole `report` event; median of several
 *   publishes. The target is under 50 ms.
 * - CPU per report with one dashboard connected (the view, alerts, one
 *   event), per `/metrics` scrape and per `/api/metrics` read, from the
 *   process's CPU time, to compare with the simulator's report period.
 *
 * - with `--cli`: the real simulator at its default load, two runs at once
 *   (one without `--serve`, one with `--serve` and one dashboard connected:
 *   the page, its assets and its event stream), comparing the processes' CPU
 *   time from /proc between 60 and 120 s. The target is under 5 % more CPU.
 *   Three pairs take about six minutes (`--quick`: one pair).
 *
 * The document is a long run's: 120 reports of 500 requests. Run with
 * `deno task bench` or `deno run -A bench/server_bench.ts [--quick] [--cli]`.
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { EventHub } from "../lib/server/event_hub.ts";
import { type RunningServer, startServer } from "../lib/server/serve.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { documentFromReports } from "../tests/_server_builders.ts";
import { reportOf } from "../tests/_report_builders.ts";
import type { Report } from "../lib/model/metrics_document.ts";
import { median } from "./_measure.ts";
import { freePort } from "../tests/_tasks.ts";

const CLIENTS = 100;
const REPORTS = 120;

function makeReports(n: number): Report[] {
  return Array.from({ length: n }, (_, i) =>
    reportOf({
      id: i + 1,
      requests: 500,
      failed: i % 7,
      execMs: 0.3 + 0.1 * (i % 5),
      firstExecMs: 2 + (i % 11),
      adversarial: 25,
    }));
}

/** A stream client that records the id of every complete event it reads. */
class Client {
  lastId = 0;
  #waiters: { id: number; resolve: () => void }[] = [];

  constructor(res: Response) {
    void this.#read(res);
  }

  async #read(res: Response): Promise<void> {
    let buffer = "";
    try {
      for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const id = /^id: (\d+)$/m.exec(block);
          if (id !== null && block.includes("\ndata: ")) this.#seen(Number(id[1]));
        }
      }
    } catch {
      // the stream ends at shutdown
    }
  }

  #seen(id: number): void {
    this.lastId = id;
    this.#waiters = this.#waiters.filter((w) => {
      if (id < w.id) return true;
      w.resolve();
      return false;
    });
  }

  received(id: number): Promise<void> {
    if (this.lastId >= id) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ id, resolve }));
  }
}

interface Setup {
  server: RunningServer;
  hub: EventHub;
  clients: Client[];
  base: string;
  reports: Report[];
  setDocument(doc: MetricsDocument): void;
}

async function setup(clients: number): Promise<Setup> {
  const reports = makeReports(REPORTS + 40);
  let doc = documentFromReports(reports.slice(0, REPORTS));
  const hub = new EventHub();
  hub.publishReport(doc);
  const server = await startServer({
    hostname: "127.0.0.1",
    port: 0,
    getDocument: () => doc,
    hub,
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const list: Client[] = [];
  for (let i = 0; i < clients; i++) list.push(new Client(await fetch(`${base}/api/events`)));
  await Promise.all(list.map((c) => c.received(hub.lastId)));
  return {
    server,
    hub,
    clients: list,
    base,
    reports,
    setDocument(next) {
      doc = next;
    },
  };
}

/** The documents of the next publishes, built ahead so they are not measured. */
function documents(s: Setup, from: number, count: number): MetricsDocument[] {
  return Array.from({ length: count }, (_, i) => documentFromReports(s.reports.slice(0, from + i)));
}

/** Publishes a document and waits until every client has it. */
async function publishAndWait(
  s: Setup,
  doc: MetricsDocument,
): Promise<{ totalMs: number; syncMs: number }> {
  s.setDocument(doc);
  const t0 = performance.now();
  s.hub.publishReport(doc);
  const syncMs = performance.now() - t0;
  const target = s.hub.lastId;
  await Promise.all(s.clients.map((c) => c.received(target)));
  return { totalMs: performance.now() - t0, syncMs };
}

/** Median fan-out over `runs` publishes to `clients` stream clients. */
export async function measureFanOut(clients = CLIENTS, runs = 15) {
  const s = await setup(clients);
  try {
    const total: number[] = [];
    const sync: number[] = [];
    const docs = documents(s, REPORTS + 1, runs + 3);
    for (let i = 0; i < runs + 3; i++) {
      const r = await publishAndWait(s, docs[i]!);
      if (i >= 3) {
        total.push(r.totalMs);
        sync.push(r.syncMs);
      }
    }
    return {
      clients,
      runs,
      medianMs: median(total),
      maxMs: Math.max(...total),
      publishMedianMs: median(sync),
    };
  } finally {
    await s.server.shutdown();
  }
}

/** CPU time per report (one dashboard connected), per /metrics scrape and per /api/metrics read. */
export async function measureCpu(runs = 20) {
  const s = await setup(1);
  try {
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const docs = documents(s, REPORTS + 1, runs + 3);
    for (let i = 0; i < 3; i++) await publishAndWait(s, docs[i]!);
    let c0 = cpuMs();
    for (let i = 0; i < runs; i++) await publishAndWait(s, docs[i + 3]!);
    const perReport = (cpuMs() - c0) / runs;
    c0 = cpuMs();
    for (let i = 0; i < runs; i++) await (await fetch(`${s.base}/metrics`)).text();
    const perScrape = (cpuMs() - c0) / runs;
    c0 = cpuMs();
    for (let i = 0; i < runs; i++) await (await fetch(`${s.base}/api/metrics`)).text();
    const perRead = (cpuMs() - c0) / runs;
    return { perReportMs: perReport, perScrapeMs: perScrape, perDocumentReadMs: perRead };
  } finally {
    await s.server.shutdown();
  }
}

Deno.bench({
  name: `server: fan-out of one report to ${CLIENTS} SSE clients (median of 15 in the log)`,
  n: 1,
  warmup: 0,
  async fn(b) {
    const fan = await measureFanOut(CLIENTS, 15);
    console.log(
      `fan-out to ${fan.clients} clients: median ${fan.medianMs.toFixed(2)} ms, ` +
        `max ${fan.maxMs.toFixed(2)} ms, publish (view + alerts) ${
          fan.publishMedianMs.toFixed(2)
        } ms`,
    );
    const s = await setup(CLIENTS);
    try {
      const [doc] = documents(s, REPORTS + 1, 1);
      b.start();
      await publishAndWait(s, doc!);
      b.end();
    } finally {
      await s.server.shutdown();
    }
  },
});

const SIMULATE = new URL("../simulate.ts", import.meta.url).pathname;

/** CPU seconds (user + system) of a process, from /proc. */
async function processCpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, 100 ticks/s
  } catch {
    return null;
  }
}

/**
 * CPU share of one core used by the simulator at its default load over
 * `seconds`, measured after `warmupS` of start-up; with `serve`, one
 * dashboard is connected for the whole run.
 */
export async function simulatorCpuShare(
  seconds: number,
  serve: boolean,
  extraArgs: readonly string[] = [],
  warmupS = 5,
): Promise<number> {
  const dir = await Deno.makeTempDir({ prefix: "buddy-traffic-bench-" });
  const port = freePort();
  const args = [
    "run",
    "-A",
    SIMULATE,
    "--duration",
    `${seconds}s`,
    "--file",
    `${dir}/metrics.json`,
    "--seed",
    "7",
    "--quiet",
    ...extraArgs,
  ];
  if (serve) args.push("--serve", `127.0.0.1:${port}`);
  const child = new Deno.Command(Deno.execPath(), { args, stdout: "null", stderr: "null" })
    .spawn();
  const stream = new AbortController();
  try {
    if (serve) {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        try {
          await (await fetch(`${base}/healthz`)).body?.cancel();
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      for (
        const path of ["/", "/assets/dashboard.js", "/assets/uplot.js", "/assets/dashboard.css"]
      ) {
        await (await fetch(`${base}${path}`)).text();
      }
      const events = await fetch(`${base}/api/events`, { signal: stream.signal });
      void events.body?.pipeTo(new WritableStream()).catch(() => {});
    }
    await new Promise((r) => setTimeout(r, warmupS * 1000));
    const t0 = performance.now();
    const c0 = await processCpuSeconds(child.pid);
    let last = { t: t0, c: c0 };
    const status = child.status;
    let done = false;
    void status.then(() => done = true);
    while (!done) {
      await new Promise((r) => setTimeout(r, 250));
      const c = await processCpuSeconds(child.pid);
      if (c !== null && !done) last = { t: performance.now(), c };
    }
    if (c0 === null || last.c === null || last.t === t0) return NaN;
    return (last.c - c0) / ((last.t - t0) / 1000);
  } finally {
    stream.abort();
    try {
      child.kill();
    } catch {
      // already exited
    }
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { quick: { type: "boolean" }, cli: { type: "boolean" } },
    strict: true,
  });
  const runs = values.quick ? 5 : 15;
  const fan = await measureFanOut(CLIENTS, runs);
  console.log(
    `fan-out of one report to ${fan.clients} SSE clients: median ${fan.medianMs.toFixed(2)} ms ` +
      `(max ${fan.maxMs.toFixed(2)} ms over ${fan.runs} publishes; ` +
      `view + alerts ${fan.publishMedianMs.toFixed(2)} ms of it)`,
  );
  const cpu = await measureCpu(values.quick ? 5 : 20);
  console.log(
    `CPU with one dashboard connected: ${cpu.perReportMs.toFixed(2)} ms per report, ` +
      `${cpu.perScrapeMs.toFixed(2)} ms per /metrics scrape, ` +
      `${cpu.perDocumentReadMs.toFixed(2)} ms per /api/metrics read`,
  );
  if (values.cli) {
    // Both runs at once, so they share the machine's conditions; measured after the first
    // minute (start-up, the page load and JIT warm-up are a one-off cost).
    const pairs = values.quick ? 1 : 3;
    for (let i = 0; i < pairs; i++) {
      const [without, withServer] = await Promise.all([
        simulatorCpuShare(120, false, [], 60),
        simulatorCpuShare(120, true, [], 60),
      ]);
      const more = 100 * (withServer / without - 1);
      console.log(
        `simulator at the default load, 60-120 s: ${(100 * without).toFixed(3)} % of a core ` +
          `without the server, ${(100 * withServer).toFixed(3)} % with --serve and one ` +
          `dashboard connected (${more >= 0 ? "+" : ""}${more.toFixed(1)} %)`,
      );
    }
  }
}
