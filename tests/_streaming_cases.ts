/**
 * Multi-source inputs of the visualizer, and what it prints for each with
 * every section, output format, range selection, `--check` and
 * `--baseline`: overlapping shards, shards started apart, successive runs,
 * a file given twice, a short single file, a KV store. The digests of what
 * the visualizer printed when it held every source in memory are committed
 * in `tests/testdata/visualize_streaming_golden.json`; the test compares
 * today's output with them. Regenerate with
 * `UPDATE_GOLDEN=1 deno test -A tests/visualize_streaming_test.ts` (only when
 * the output is meant to change).
 *
 * @module
 */
import { join } from "node:path";
import { buildDocument, type DocumentOptions } from "./_builders.ts";
import { captureVisualize } from "./_visualize_fixture.ts";
import { writeShards } from "./_kv_builders.ts";
import type { ErrorSample, MetricsDocument } from "../lib/model/metrics_document.ts";
import type { Category } from "../lib/model/category.ts";

/** The analysis time of every case. */
export const NOW = new Date(Date.UTC(2026, 10, 27, 12));

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 25);

/** One shard: a run of `reports` reports with error samples and a load-level event. */
export function shardDoc(k: number, options: DocumentOptions = {}): MetricsDocument {
  const runId = options.runId ?? `run-${k}`;
  const doc = buildDocument({
    seed: 10 + k,
    reports: 70,
    requestsPerReport: 60,
    ratePerSecond: 0.05,
    errorRate: 0.02,
    retention: { maxReports: 24, maxFamilyReports: 6 },
    runId,
    ...options,
  });
  const first = Date.parse(doc.rollups[0]?.started_at ?? doc.reports[0]!.started_at);
  const last = Date.parse(doc.reports.at(-1)!.ended_at);
  const types = ["timeout", "http_status", "invalid_decision"];
  const categories: Category[] = ["simple", "adversarial", "edge_case"];
  doc.errors = Array.from({ length: 9 }, (_, i): ErrorSample => ({
    at: new Date(first + Math.round(((last - first) * (i + 0.5)) / 9)).toISOString(),
    run_id: runId,
    seed: 10 + k,
    request_id: `r-${k}-${i}`,
    seq: 7 * i + k,
    category: categories[i % 3]!,
    family: "f",
    type: types[(i + k) % 3]!,
    message: `Request ${i} failed after ${100 + i * k} ms`,
    input_preview: `input ${i}`,
  }));
  const mid = doc.reports[Math.floor(doc.reports.length / 2)]!.ended_at;
  doc.events.push({
    at: mid,
    run_id: runId,
    type: "load_level",
    message: "Load level 1 -> 2",
    data: { from: 1, to: 2 },
  });
  doc.status.state = "stopped";
  return doc;
}

/** A set of input documents, each written to its own file. */
export interface StreamingInput {
  /** Name of the input. */
  name: string;
  /** File name and document of each source, in the order given. */
  files: [string, MetricsDocument][];
}

/** The inputs: each has several sources but the last ones. */
export function streamingInputs(): StreamingInput[] {
  const overlapping = [1, 2, 3].map((k) => shardDoc(k));
  return [
    { name: "overlapping", files: overlapping.map((d, i) => [`shard-${i + 1}.json`, d]) },
    {
      name: "staggered",
      files: [0, 1, 2].map((k) => [
        `s${k}.json`,
        shardDoc(4 + k, { startMs: START + k * 5 * 3_600_000 }),
      ]),
    },
    {
      name: "successive",
      files: [0, 1].map((k) => [`day${k}.json`, shardDoc(7 + k, { startMs: START + k * DAY })]),
    },
    {
      name: "duplicated",
      files: [
        ["a.json", overlapping[0]!],
        ["copy-of-a.json", overlapping[0]!],
        ["b.json", overlapping[1]!],
      ],
    },
    {
      name: "short",
      files: [["short.json", shardDoc(9, { reports: 30, ratePerSecond: 2 })]],
    },
    {
      name: "short-pair",
      files: [1, 2].map((k) => [
        `p${k}.json`,
        shardDoc(9 + k, { reports: 20, ratePerSecond: 2, startMs: START + k * 30_000 }),
      ]),
    },
  ];
}

/** The command lines run over each input (`FILES` stands for the input's files). */
export const STREAMING_ARGS: readonly string[][] = [
  ["--all", "--families", "--json"],
  ["--all", "--families", "--check"],
  ["--summary", "--check", "--strict", "--json"],
  ["--all", "--last", "5", "--json"],
  ["--all", "--last", "3"],
  ["--all", "--since", "3h", "--json"],
  ["--trends", "--errors", "--since", "2026-11-25T06:00:00Z", "--json"],
  ["--all", "--since", "20m"],
  ["--check", "--baseline", "BASELINE", "--json"],
  ["--categories", "--families", "--baseline", "BASELINE"],
  ["--html", "REPORT"],
];

/** What one case printed: exit code, stdout, stderr and the HTML report. */
export type CaseOutput = { code: number; stdout: string; stderr: string; html: string };

/** Writes `input`'s files into `dir` and returns their paths. */
export async function writeInput(dir: string, input: StreamingInput): Promise<string[]> {
  const paths: string[] = [];
  for (const [name, doc] of input.files) {
    const path = join(dir, `${input.name}-${name}`);
    await Deno.writeTextFile(path, JSON.stringify(doc));
    paths.push(path);
  }
  return paths;
}

/** Runs `args` over the sources `source` (file flags or a KV store) and collects the output. */
export async function runCase(
  dir: string,
  source: string[],
  args: readonly string[],
  baseline: string,
): Promise<CaseOutput> {
  const report = join(dir, "report.html");
  try {
    await Deno.remove(report);
  } catch {
    // not there yet
  }
  const line = args.flatMap((a) => a === "BASELINE" ? [baseline] : a === "REPORT" ? [report] : [a]);
  const out = await captureVisualize([...line, ...source], NOW);
  let html = "";
  try {
    html = await Deno.readTextFile(report);
  } catch {
    html = "";
  }
  // Paths differ from one run to the next, in length too: name the files as
  // given, and drop the padding that lines up columns after a path.
  const plain = (t: string) => t.replaceAll(dir + "/", "").replace(/ +/g, " ");
  return {
    code: out.code,
    stdout: plain(out.stdout),
    stderr: plain(out.stderr),
    html: plain(html),
  };
}

/** Writes a KV store holding `input`'s documents as shards named after the files. */
export async function writeKvInput(path: string, input: StreamingInput): Promise<void> {
  const seen = new Set<string>();
  const shards: Record<string, MetricsDocument> = {};
  for (const [name, doc] of input.files) {
    const shard = name.replace(/\.json$/, "");
    if (seen.has(shard)) continue;
    seen.add(shard);
    shards[shard] = doc;
  }
  await writeShards(path, shards);
}

/** SHA-256 of a text, in hex. */
export async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
