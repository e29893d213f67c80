/**
 * The rules command's line: its flag table (names, defaults, help),
 * validated into {@linkcode RulesOptions}. Every mistake is a
 * {@linkcode UsageError} (exit code 2) with a one-line message.
 *
 * @module
 */
import { UsageError } from "../cli/usage_error.ts";
import { type FlagSpec, formatFlagHelp } from "../cli/flag_table.ts";
import { parseFlags } from "../cli/parse_flags.ts";
import { parseDuration } from "../fmt/duration.ts";
import { quote } from "../fmt/quote.ts";

/** What to generate. */
export type RulesOptions =
  | { help: true }
  | { help: false; version: true }
  | {
    help: false;
    version: false;
    /** A rules file applied to the built-in rules, or null for the built-in rules. @default {null} */
    rules: string | null;
    /** Output folder. @default {"examples/prometheus"} */
    out: string;
    /** Evaluation interval, ms. @default {15000} */
    intervalMs: number;
    /** Window of the recording rules, ms. @default {60000} */
    windowMs: number;
    /** Compare with the folder instead of writing; exit 1 on a difference. @default {false} */
    check: boolean;
  };

/** The flags of the rules command, in help order. */
export const RULES_FLAGS = [
  {
    name: "rules",
    value: "FILE",
    help: "A JSON rules file applied to the built-in rules (as for visualize\nand dashboard)",
  },
  {
    name: "out",
    value: "DIR",
    default: "examples/prometheus",
    help: "Folder written {default}",
  },
  {
    name: "interval",
    value: "DURATION",
    default: "15s",
    help: "Evaluation interval of the rule groups and scrape interval {default};\n" +
      "a `for` of N reports becomes N - 1 intervals",
  },
  {
    name: "window",
    value: "DURATION",
    default: "1m",
    help: "Window of the recording rules {default}",
  },
  {
    name: "check",
    help: "Write nothing: exit code 1 when the folder differs from what\nwould be written",
  },
  { name: "help", short: "h", help: "Show this help" },
  { name: "version", help: "Show the version" },
] as const satisfies readonly FlagSpec[];

/** `deno task rules --help`. */
export const RULES_HELP =
  `buddy-traffic rules: Prometheus recording and alerting rules from the alert rules

Usage:
  deno task rules [--rules FILE] [--out DIR] [--interval DURATION] [--window DURATION] [--check]

${formatFlagHelp(RULES_FLAGS, { width: 21 })}

Writes buddy_traffic_rules.yml, its promtool unit tests buddy_traffic_rules_test.yml,
prometheus.yml (file-based discovery of targets/*.json) and an example target list.

Exit codes: 0 done, 1 --check found a difference, 2 usage or input error.
`;

/** Parses and validates the rules command's arguments. */
export function parseRulesOptions(args: readonly string[]): RulesOptions {
  const flags = parseFlags(args, RULES_FLAGS);
  if (flags.boolean("help")) return { help: true };
  if (flags.boolean("version")) return { help: false, version: true };
  const duration = (flag: "interval" | "window"): number => {
    const text = flags.value(flag);
    let ms: number;
    try {
      ms = parseDuration(text);
    } catch {
      throw new UsageError(
        `--${flag} must be a duration such as '15s' or '1m': current value is ${quote(text)}`,
      );
    }
    if (ms < 1000 || ms % 1000 !== 0) {
      throw new UsageError(
        `--${flag} must be a whole number of seconds, at least 1s: current value is ${quote(text)}`,
      );
    }
    return ms;
  };
  const intervalMs = duration("interval");
  const windowMs = duration("window");
  if (windowMs < 2 * intervalMs) {
    throw new UsageError(
      `--window must be at least twice --interval so that a rate has two samples: current value is ${
        quote(flags.value("window"))
      }`,
    );
  }
  const out = flags.value("out");
  if (out === "") throw new UsageError("--out must name a folder: current value is ''");
  return {
    help: false,
    version: false,
    rules: flags.string("rules") ?? null,
    out,
    intervalMs,
    windowMs,
    check: flags.boolean("check"),
  };
}
