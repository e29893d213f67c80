/**
 * The visualizer's command line: flags, defaults and validation. Every
 * mistake is a {@linkcode UsageError} (exit code 2) with a one-line message.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { joinNegativeValues } from "../cli/negative_values.ts";
import { DEFAULT_FILE } from "../model/metrics_document.ts";
import { type Section, SECTIONS } from "../analysis/visualize_analysis.ts";
import type { Since } from "../analysis/select_range.ts";
import { parseDuration } from "../fmt/duration.ts";
import { UsageError, usageErrorFromParseArgs } from "../cli/usage_error.ts";
import { kvFlag, shardFlags } from "../cli/kv_flags.ts";

/** Validated visualizer options. */
export interface VisualizeOptions {
  /** Files or glob patterns, as given (default: the product's metrics file, unless --kv). */
  files: string[];
  /** Deno KV store whose shards are read, or null. */
  kv: string | null;
  /** Shards of the KV store to read (empty: all of them). */
  shards: string[];
  /** Text sections to print (empty with only --check, --json or --html and no section flag). */
  sections: Section[];
  /** Add the per-family table. */
  families: boolean;
  /** Keep only the last N reports of each file. */
  last?: number;
  /** Keep only reports after this point. */
  since?: Since;
  /** Print JSON instead of text. */
  json: boolean;
  /** Write a self-contained HTML report here. */
  html?: string;
  /** Evaluate the alert gate and set the exit code. */
  check: boolean;
  /** Fail the gate on MEDIUM alerts too. */
  strict: boolean;
  /** JSON rules file overriding the alert thresholds. */
  rules?: string;
  /** Disable colour. */
  noColor: boolean;
  /** Print help and exit. */
  help: boolean;
}

/** Usage text. */
export const VISUALIZE_HELP =
  `buddy-traffic visualize: analyse metrics files or KV stores written by the simulator

Usage: deno task visualize [sections] [options]

Sections (default: --summary):
  --summary            Overall statistics, health score, active alerts, run state
  --trends             Per-report trends: sparklines, slope per hour, degradation verdict
  --categories         Breakdown by input category (95% intervals on small samples)
  --families           Breakdown by family within each category (implies --categories)
  --errors             Errors grouped by type and normalised message, with reproducible ids
  --all                All sections

Input and range:
  --file PATH          Metrics file; repeat it or use a wildcard (runs/*.json) to merge
                       several files exactly (default: ${DEFAULT_FILE})
  --kv PATH            Read a Deno KV store: every shard merged, with a row per shard
                       (may be combined with --file)
  --shard NAME         With --kv: only this shard; repeat it for several
  --last N             Only the last N reports of each file
  --since DURATION     Only the last DURATION of data (30m, 2h, 1d) or since an ISO time

Output:
  --json               One JSON document with the same analyses, for scripts
  --html FILE          Also write a self-contained HTML report (no network access needed)
  --no-color           No colours (also off with NO_COLOR or when not on a terminal)

Gate (cron / CI):
  --check              Evaluate the alert thresholds over the range: exit 1 when a HIGH
                       alert holds (prints which and why), 0 otherwise
  --strict             With --check, MEDIUM alerts fail too
  --rules FILE         JSON rules file overriding thresholds by rule id

  -h, --help           Show this help

Exit codes: 0 ok, 1 an alert holds under --check, 2 unusable input or bad flags.
`;

/** Parses and validates the visualizer's arguments. */
export function parseVisualizeOptions(args: readonly string[]): VisualizeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(args),
      strict: true,
      allowPositionals: false,
      options: {
        summary: { type: "boolean" },
        trends: { type: "boolean" },
        categories: { type: "boolean" },
        families: { type: "boolean" },
        errors: { type: "boolean" },
        all: { type: "boolean" },
        file: { type: "string", multiple: true },
        kv: { type: "string" },
        shard: { type: "string", multiple: true },
        last: { type: "string" },
        since: { type: "string" },
        json: { type: "boolean" },
        html: { type: "string" },
        check: { type: "boolean" },
        strict: { type: "boolean" },
        rules: { type: "string" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw usageErrorFromParseArgs(error);
  }
  const picked = new Set<Section>();
  if (values.all) { for (const s of SECTIONS) picked.add(s); }
  for (const s of SECTIONS) if (values[s]) picked.add(s);
  if (values.families) picked.add("categories");
  const explicit = picked.size > 0;
  if (!explicit && !values.check && values.html === undefined && !values.json) {
    picked.add("summary");
  }
  if (!explicit && values.json) { for (const s of SECTIONS) picked.add(s); }
  const files = (values.file ?? []).map((f) => {
    if (f.trim() === "") throw new UsageError("Cannot use --file as it is empty");
    return f;
  });
  const kv = kvFlag(values.kv);
  const shards = shardFlags(values.shard ?? [], kv);
  const options: VisualizeOptions = {
    files: files.length > 0 || kv !== null ? files : [DEFAULT_FILE],
    kv,
    shards: [...new Set(shards)],
    sections: SECTIONS.filter((s) => picked.has(s)),
    families: values.families ?? false,
    json: values.json ?? false,
    check: values.check ?? false,
    strict: values.strict ?? false,
    noColor: values["no-color"] ?? false,
    help: values.help ?? false,
  };
  if (values.strict && !values.check) {
    throw new UsageError("Cannot use --strict without --check");
  }
  if (values.last !== undefined) options.last = parseLast(values.last);
  if (values.since !== undefined) options.since = parseSince(values.since);
  if (values.html !== undefined) {
    if (values.html.trim() === "") {
      throw new UsageError("Cannot use --html as the file name is empty");
    }
    options.html = values.html;
  }
  if (values.rules !== undefined) options.rules = values.rules;
  return options;
}

/** Parses `--last N`: a positive integer. */
export function parseLast(text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(
      `Cannot use --last as it must be a whole number >= 1: current value is '${text}'`,
    );
  }
  return n;
}

/** Parses `--since`: a duration such as `2h`, or an ISO date/time. */
export function parseSince(text: string): Since {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const at = Date.parse(trimmed);
    if (!Number.isFinite(at)) {
      throw new UsageError(`Cannot use --since as '${text}' is not a valid ISO time`);
    }
    return { kind: "time", at, text: trimmed };
  }
  let ms: number;
  try {
    ms = parseDuration(trimmed);
  } catch {
    throw new UsageError(
      `Cannot use --since as '${text}' is neither a duration (30m, 2h, 1d) nor an ISO time`,
    );
  }
  if (!(ms > 0)) {
    throw new UsageError(`Cannot use --since as it must be > 0: current value is '${text}'`);
  }
  return { kind: "duration", ms, text: trimmed };
}
