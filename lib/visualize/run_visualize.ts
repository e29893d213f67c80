/**
 * The visualizer from parsed arguments to exit code: read and merge the
 * files, run the analyses, print text or JSON, write the HTML report, and
 * gate on alerts. Terminal facts, the clock and output streams are
 * injected so tests run it in-process.
 *
 * @module
 */
import type { MetricsSource } from "../analysis/metrics_dataset.ts";
import { foldSources } from "../analysis/dataset_fold.ts";
import {
  type AnalysesOptions,
  analysesToJson,
  analyzeFolded,
  baselineFoldOptions,
  foldOptions,
} from "../analysis/visualize_analysis.ts";
import { createColors } from "../render/ansi.ts";
import { renderTextReport } from "../render/text_report.ts";
import { renderHtmlReport } from "../render/html_report.ts";
import { uplotAssets } from "../render/uplot_assets.ts";
import { safeJson, safeText } from "../fmt/sanitize.ts";
import { InputError } from "../model/input_error.ts";
import { readMetricsFile } from "../store/metrics_file.ts";
import { openKvStore } from "../store/kv_open.ts";
import { eachKvShard, readKvShard } from "../store/kv_reader.ts";
import { expandFileGlobs, listDir } from "../cli/expand_file_globs.ts";
import { readRulesFile } from "../cli/read_rules_file.ts";
import { type Command, runCommand } from "../cli/run_command.ts";
import {
  parseVisualizeOptions,
  VISUALIZE_HELP,
  type VisualizeOptions,
} from "./visualize_options.ts";
import { writeText } from "../cli/write_text.ts";
import { UsageError } from "../cli/usage_error.ts";

/** Where the visualizer writes and what it knows about its terminal. */
export interface VisualizeIo {
  /** Writes to stdout. */
  stdout(text: string): void;
  /** Writes to stderr. */
  stderr(text: string): void;
  /** Whether stdout is a terminal. */
  isTerminal: boolean;
  /** Whether `NO_COLOR` is set (to anything non-empty). */
  noColorEnv: boolean;
  /** Current time. */
  now(): Date;
}

/** The real process: Deno's stdout/stderr, terminal and `NO_COLOR`. */
export function denoVisualizeIo(): VisualizeIo {
  let noColor = false;
  try {
    noColor = (Deno.env.get("NO_COLOR") ?? "") !== "";
  } catch {
    noColor = false;
  }
  return {
    stdout: (t) => writeText(Deno.stdout, t),
    stderr: (t) => writeText(Deno.stderr, t),
    isTerminal: Deno.stdout.isTerminal(),
    noColorEnv: noColor,
    now: () => new Date(),
  };
}

/** Runs the visualizer; returns the exit code (0 ok, 1 gate failed, 2 usage or input). */
export function runVisualize(args: readonly string[], io: VisualizeIo): Promise<number> {
  return runCommand(args, VISUALIZE_COMMAND, io);
}

/** The visualizer: its help, parser and runner. */
export const VISUALIZE_COMMAND: Command<VisualizeOptions, VisualizeIo> = {
  task: "visualize",
  help: VISUALIZE_HELP,
  parse: parseVisualizeOptions,
  run,
};

async function run(options: VisualizeOptions, io: VisualizeIo): Promise<number> {
  const rules = options.rules === undefined ? undefined : await readRulesFile(options.rules);
  const paths = await expandFileGlobs(options.files);
  const kv = options.kv;
  const read = async function* (): AsyncGenerator<MetricsSource> {
    yield* readSources(paths);
    if (kv !== null) yield* readKvSources(kv, options.shards);
  };
  const wantHtml = options.html !== undefined;
  const asked: AnalysesOptions = {
    sections: wantHtml ? ["summary", "trends", "categories", "errors"] : options.sections,
    families: options.families,
    range: {
      ...(options.last !== undefined ? { last: options.last } : {}),
      ...(options.since !== undefined ? { since: options.since } : {}),
    },
    check: options.check,
    strict: options.strict,
    ...(rules ? { rules } : {}),
    now: io.now(),
  };
  const dataset = await merging(() => foldSources(read, foldOptions(asked)));
  const basePaths = options.baseline.length === 0
    ? undefined
    : await expandFileGlobs(options.baseline, listDir, "--baseline");
  const baseline = basePaths === undefined
    ? undefined
    : await merging(() =>
      foldSources(() => readSources(basePaths), baselineFoldOptions(asked.now))
    );
  const analyses = analyzeFolded(dataset, { ...asked, ...(baseline ? { baseline } : {}) });
  for (const w of analyses.input.warnings) {
    io.stderr(`warning: ${safeText(w, { maxLength: 300 })}\n`);
  }
  if (options.html !== undefined) {
    const html = renderHtmlReport(analyses, uplotAssets());
    try {
      await Deno.writeTextFile(options.html, html);
    } catch (error) {
      throw new UsageError(
        `Cannot write HTML report '${options.html}': ${
          error instanceof Deno.errors.NotCapable
            ? `permission denied: run with --allow-write=${options.html}`
            : error instanceof Deno.errors.NotFound
            ? "the directory does not exist"
            : "permission denied or unwritable"
        }`,
      );
    }
    io.stderr(`Wrote HTML report to ${safeText(options.html)}\n`);
  }
  const shown = { ...analyses };
  const want = new Set(options.sections);
  if (!want.has("summary")) delete shown.summary;
  if (!want.has("trends")) delete shown.trends;
  if (!want.has("categories")) delete shown.categories;
  if (!want.has("errors")) delete shown.errors;
  if (options.json) io.stdout(safeJson(JSON.stringify(analysesToJson(shown), null, 2)) + "\n");
  else if (options.sections.length > 0 || options.check) {
    const colors = createColors(io.isTerminal && !io.noColorEnv && !options.noColor);
    io.stdout(renderTextReport(shown, colors));
  }
  return analyses.check?.exit_code ?? 0;
}

/** Reads and validates each metrics file, one at a time. */
async function* readSources(paths: readonly string[]): AsyncGenerator<MetricsSource> {
  for (const path of paths) yield { path, doc: await readMetricsFile(path) };
}

/** Folds sources into the analyses; sources that cannot be merged are an input error. */
async function merging<T>(fold: () => Promise<T>): Promise<T> {
  try {
    return await fold();
  } catch (error) {
    if (error instanceof RangeError && /^Cannot merge/.test(error.message)) {
      throw new InputError(error.message);
    }
    throw error;
  }
}

/**
 * The shards of the KV store at `path` as sources named `PATH shard NAME`,
 * read one at a time: the ones asked for (each must exist), or all of them
 * by name.
 */
async function* readKvSources(
  path: string,
  shards: readonly string[],
): AsyncGenerator<MetricsSource> {
  const kv = await openKvStore(path, { create: false });
  try {
    if (shards.length === 0) {
      let found = 0;
      for await (const { shard, doc } of eachKvShard(kv)) {
        found++;
        yield { path: `${path} shard ${shard}`, doc };
      }
      if (found === 0) {
        throw new UsageError(
          `KV store '${path}' has no shard yet: write one with 'deno task simulate --kv ${path}'`,
        );
      }
      return;
    }
    for (const shard of shards) {
      const doc = await readKvShard(kv, shard);
      if (doc === null) throw new UsageError(`KV store '${path}' has no shard '${shard}'`);
      yield { path: `${path} shard ${shard}`, doc };
    }
  } finally {
    kv.close();
  }
}
