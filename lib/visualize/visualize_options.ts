/**
 * The visualizer's command line: the flag table (names, defaults, help),
 * parsing and validation. Every mistake is a {@linkcode UsageError} (exit
 * code 2) with a one-line message.
 *
 * @module
 */
import { DEFAULT_FILE } from "../model/metrics_document.ts";
import { type Section, SECTIONS } from "../analysis/visualize_analysis.ts";
import type { Since } from "../analysis/select_range.ts";
import { parseDuration } from "../fmt/duration.ts";
import { UsageError } from "../cli/usage_error.ts";
import { defaultValue, type FlagSpec, formatFlagHelp } from "../cli/flag_table.ts";
import { parseFlags } from "../cli/parse_flags.ts";
import { kvFlag, shardFlags } from "../cli/kv_flags.ts";

/** Validated visualizer options. */
export interface VisualizeOptions {
  /** Files or glob patterns, as given. @default {["buddy_traffic_metrics.json"], none with --kv} */
  files: string[];
  /** Deno KV store whose shards are read, or null. @default {null} */
  kv: string | null;
  /** Shards of the KV store to read (empty: all of them). @default {[]} */
  shards: string[];
  /**
   * Text sections to print (empty with only --check, --json or --html and no section flag).
   * @default {["summary"]}
   */
  sections: Section[];
  /** Add the per-family table. @default {false} */
  families: boolean;
  /** Keep only the last N reports of each file. @default {undefined} (all) */
  last?: number;
  /** Keep only reports after this point. @default {undefined} (all) */
  since?: Since;
  /** Print JSON instead of text. @default {false} */
  json: boolean;
  /** Write a self-contained HTML report here. @default {undefined} (none) */
  html?: string;
  /** Evaluate the alert gate and set the exit code. @default {false} */
  check: boolean;
  /** Fail the gate on MEDIUM alerts too. @default {false} */
  strict: boolean;
  /** JSON rules file overriding the alert thresholds. @default {undefined} (the built-in rules) */
  rules?: string;
  /** Baseline metrics files or patterns the range is compared with. @default {[]} (no comparison) */
  baseline: string[];
  /** Disable colour. @default {false} */
  noColor: boolean;
  /** Print help and exit. @default {false} */
  help: boolean;
  /** Print the version and exit. @default {false} */
  version: boolean;
}

const SECTIONS_HEADING = "Sections (default: --summary):";
const INPUT = "Input and range:";
const GATE = "Gate (cron / CI):";

/** The flags of the visualizer: names, values, defaults and help, in help order. */
export const VISUALIZE_FLAGS = [
  {
    name: "summary",
    help: "Overall statistics, health score, active alerts, run state",
    section: SECTIONS_HEADING,
  },
  {
    name: "trends",
    help: "Per-report trends: sparklines, slope per hour, degradation verdict",
    section: SECTIONS_HEADING,
  },
  {
    name: "categories",
    help: "Breakdown by input category (95% intervals on small samples)",
    section: SECTIONS_HEADING,
  },
  {
    name: "families",
    help: "Breakdown by family within each category (implies --categories)",
    section: SECTIONS_HEADING,
  },
  {
    name: "errors",
    help: "Errors grouped by type and normalised message, with reproducible ids",
    section: SECTIONS_HEADING,
  },
  { name: "all", help: "All sections", section: SECTIONS_HEADING },
  {
    name: "file",
    value: "PATH",
    multiple: true,
    default: DEFAULT_FILE,
    help: "Metrics file; repeat it or use a wildcard (runs/*.json) to merge\n" +
      "several files exactly",
    section: INPUT,
  },
  {
    name: "kv",
    value: "PATH",
    help: "Read a Deno KV store: every shard merged, with a row per shard\n" +
      "(may be combined with --file)",
    section: INPUT,
  },
  {
    name: "shard",
    value: "NAME",
    multiple: true,
    help: "With --kv: only this shard; repeat it for several",
    section: INPUT,
  },
  { name: "last", value: "N", help: "Only the last N reports of each file", section: INPUT },
  {
    name: "since",
    value: "DURATION",
    help: "Only the last DURATION of data (30m, 2h, 1d) or since an ISO time",
    section: INPUT,
  },
  {
    name: "json",
    help: "One JSON document with the same analyses, for scripts",
    section: "Output:",
  },
  {
    name: "html",
    value: "FILE",
    help: "Also write a self-contained HTML report (no network access needed)",
    section: "Output:",
  },
  {
    name: "no-color",
    help: "No colours (also off with NO_COLOR or when not on a terminal)",
    section: "Output:",
  },
  {
    name: "check",
    help: "Evaluate the alert thresholds over the range: exit 1 when a HIGH\n" +
      "alert holds (prints which and why), 0 otherwise",
    section: GATE,
  },
  { name: "strict", help: "With --check, MEDIUM alerts fail too", section: GATE },
  {
    name: "rules",
    value: "FILE",
    help: "JSON rules file overriding thresholds by rule id",
    section: GATE,
  },
  {
    name: "baseline",
    value: "FILE",
    multiple: true,
    help: "Compare the range with a baseline run (whole file; repeat it or use\n" +
      "a wildcard to merge several): rates and latency per category and\n" +
      "family, tested for significance. With --check, a significant drop in\n" +
      "adversarial blocking or rise in benign over-blocking exits 1",
    section: GATE,
  },
  { name: "help", short: "h", help: "Show this help", section: "" },
  { name: "version", help: "Show the version", section: "" },
] as const satisfies readonly FlagSpec[];

/** Usage text. */
export const VISUALIZE_HELP =
  `buddy-traffic visualize: analyse metrics files or KV stores written by the simulator

Usage: deno task visualize [sections] [options]

${formatFlagHelp(VISUALIZE_FLAGS, { width: 21 })}

Exit codes: 0 ok, 1 an alert holds under --check, 2 unusable input or bad flags.
`;

/** Parses and validates the visualizer's arguments. */
export function parseVisualizeOptions(args: readonly string[]): VisualizeOptions {
  const flags = parseFlags(args, VISUALIZE_FLAGS);
  const json = flags.boolean("json");
  const check = flags.boolean("check");
  const html = flags.string("html");
  const picked = new Set<Section>();
  if (flags.boolean("all")) { for (const s of SECTIONS) picked.add(s); }
  for (const s of SECTIONS) if (flags.boolean(s)) picked.add(s);
  if (flags.boolean("families")) picked.add("categories");
  const explicit = picked.size > 0;
  if (!explicit && !check && html === undefined && !json) {
    picked.add("summary");
  }
  if (!explicit && json) { for (const s of SECTIONS) picked.add(s); }
  const files = flags.strings("file").map((f) => {
    if (f.trim() === "") throw new UsageError("Cannot use --file as it is empty");
    return f;
  });
  const kv = kvFlag(flags.string("kv"));
  const shards = shardFlags(flags.strings("shard"), kv);
  const options: VisualizeOptions = {
    files: files.length > 0 || kv !== null ? files : [defaultValue(VISUALIZE_FLAGS, "file")],
    kv,
    shards: [...new Set(shards)],
    sections: SECTIONS.filter((s) => picked.has(s)),
    families: flags.boolean("families"),
    json,
    check,
    strict: flags.boolean("strict"),
    baseline: flags.strings("baseline").map((f) => {
      if (f.trim() === "") throw new UsageError("Cannot use --baseline as it is empty");
      return f;
    }),
    noColor: flags.boolean("no-color"),
    help: flags.boolean("help"),
    version: flags.boolean("version"),
  };
  if (options.strict && !check) {
    throw new UsageError("Cannot use --strict without --check");
  }
  const last = flags.string("last");
  if (last !== undefined) options.last = parseLast(last);
  const since = flags.string("since");
  if (since !== undefined) options.since = parseSince(since);
  if (html !== undefined) {
    if (html.trim() === "") {
      throw new UsageError("Cannot use --html as the file name is empty");
    }
    options.html = html;
  }
  const rules = flags.string("rules");
  if (rules !== undefined) options.rules = rules;
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
