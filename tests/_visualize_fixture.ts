/**
 * The visualizer's fixed-seed fixture: a realistic stopped run (12 reports,
 * load-level changes, a target switch) with hostile error samples, written
 * once to `tests/testdata/visualize_fixture.data` and read by the golden
 * tests. The file is compact JSON under a name `deno fmt` leaves alone (pretty
 * printed, its histograms would take four times the space). Regenerate with `UPDATE_GOLDEN=1 deno test -A tests/visualize_cli_test.ts`.
 *
 * @module
 */
import { runVisualize, type VisualizeIo } from "../lib/visualize/run_visualize.ts";
import { buildDocument } from "./_builders.ts";
import type { ErrorSample, MetricsDocument } from "../lib/model/metrics_document.ts";
import type { Category } from "../lib/model/category.ts";

/** Path of the committed fixture, relative to the repository root. */
export const FIXTURE_PATH = "tests/testdata/visualize_fixture.data";

/** Hostile strings as traffic may produce them. */
export const HOSTILE = {
  ansi: "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 clear\x1b[2J",
  bidi: "safe\u202Etxt.exe\u202C",
  html: `<img src=x onerror="alert(1)">`,
  script: `</script><script>alert(2)</script>`,
};

/** Builds the fixture document (deterministic). */
export function buildVisualizeFixture(): MetricsDocument {
  const doc = buildDocument({
    seed: 7,
    reports: 12,
    requestsPerReport: 200,
    errorRate: 0.01,
    retention: { maxFamilyReports: 2 },
  });
  doc.reports = doc.reports.map((r, i) => ({ ...r, load_level: 1 + Math.floor(i / 4) }));
  const start = Date.parse(doc.reports[0]!.started_at);
  const endOf = (i: number) => doc.reports[i]!.ended_at;
  const at = (s: number) => new Date(start + s * 1000).toISOString();
  const samples: [number, string, string, Category, string, string][] = [
    [20, "timeout", "Request timed out after 5000 ms", "multi_step", "plan", "Plan a trip to Rome"],
    [45, "timeout", "Request timed out after 5012 ms", "edge_case", "long_input", "x".repeat(300)],
    [
      70,
      "invalid_decision",
      `confidence must be 0..1: got 1.7 ${HOSTILE.html}`,
      "edge_case",
      "rtl",
      HOSTILE.bidi,
    ],
    [90, "unhandled", `TypeError: ${HOSTILE.ansi}`, "adversarial", "prompt_leak", HOSTILE.script],
    [110, "timeout", "Request timed out after 5003 ms", "simple", "greeting", "hello"],
    [130, "unhandled", `TypeError: ${HOSTILE.ansi}`, "adversarial", "role_play", HOSTILE.html],
  ];
  doc.errors = samples.map(([s, type, message, category, family, input], i): ErrorSample => ({
    at: at(s),
    run_id: "run-1",
    seed: 7,
    request_id: `r-${String(100 + i * 37).padStart(6, "0")}`,
    seq: 100 + i * 37,
    category,
    family,
    type,
    message,
    input_preview: input,
  }));
  const end = doc.reports.at(-1)!.ended_at;
  doc.events.push(
    {
      at: endOf(4),
      run_id: "run-1",
      type: "load_level",
      message: "Load level 1 -> 2",
      data: { from: 1, to: 2 },
    },
    {
      at: endOf(8),
      run_id: "run-1",
      type: "load_level",
      message: "Load level 2 -> 3",
      data: { from: 2, to: 3 },
    },
    {
      at: at(100),
      run_id: "run-1",
      type: "target_switch",
      message: `Target reference -> http ${HOSTILE.bidi}`,
    },
    { at: end, run_id: "run-1", type: "run_stopped", message: "Run stopped" },
  );
  doc.runs[0]!.seed = 7;
  doc.runs[0]!.ended_at = end;
  doc.status.state = "stopped";
  doc.status.updated_at = end;
  doc.status.load_level = 3;
  doc.status.interval_ms = { min: 20, max: 100 };
  return doc;
}

/** What an in-process visualizer run printed, and its exit code. */
export interface CapturedVisualize {
  /** Exit code. */
  code: number;
  /** All of stdout. */
  stdout: string;
  /** All of stderr. */
  stderr: string;
}

/** Runs the visualizer in process at the time `now`, capturing what it prints. */
export async function captureVisualize(
  args: string[],
  now: Date,
  io: Partial<VisualizeIo> = {},
): Promise<CapturedVisualize> {
  let stdout = "";
  let stderr = "";
  const code = await runVisualize(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTerminal: false,
    noColorEnv: false,
    now: () => now,
    ...io,
  });
  return { code, stdout, stderr };
}
