/**
 * Parsing a command line against a command's flag table with `node:util`
 * parseArgs (strict: an unknown flag is an error, with the nearest known
 * flag as hint), and reading the values back with the table's defaults.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { defaultValue, type FlagSpec } from "./flag_table.ts";
import { joinNegativeValues } from "./negative_values.ts";
import { usageErrorFromParseArgs } from "./usage_error.ts";

/** Options of {@linkcode parseFlags}. */
export interface ParseFlagsOptions {
  /**
   * Whether arguments that are not flags are accepted.
   * @default {false}
   */
  positionals?: boolean;
}

/** A parsed command line; `N` is the union of the table's flag names. */
export interface ParsedFlags<N extends string> {
  /** Whether the flag was given. */
  has(name: N): boolean;
  /** The value given to a flag with a value (the last one when repeated), or undefined. */
  string(name: N): string | undefined;
  /** Every value given to a repeatable flag, in order. */
  strings(name: N): string[];
  /** Whether a boolean flag was given. */
  boolean(name: N): boolean;
  /** The value given, or else the table's default value. */
  value(name: N): string;
  /** Arguments that are not flags. */
  positionals: string[];
}

/**
 * Parses `args` against `table`; throws a one-line `UsageError` for an
 * unknown flag, a missing value or an unexpected argument.
 */
export function parseFlags<const T extends readonly FlagSpec[]>(
  args: readonly string[],
  table: T,
  options: ParseFlagsOptions = {},
): ParsedFlags<T[number]["name"]> {
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> =
    {};
  for (const flag of table) {
    config[flag.name] = {
      type: flag.value === undefined ? "boolean" : "string",
      ...(flag.short === undefined ? {} : { short: flag.short }),
      ...(flag.multiple === true ? { multiple: true } : {}),
    };
  }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: joinNegativeValues(args),
      options: config,
      strict: true,
      allowPositionals: options.positionals ?? false,
    }));
  } catch (error) {
    throw usageErrorFromParseArgs(error, table.map((f) => f.name));
  }
  const all = (name: string): string[] => {
    const v = values[name];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => typeof x === "string");
  };
  const string = (name: string): string | undefined => all(name).at(-1);
  return {
    has: (name) => values[name] !== undefined,
    string,
    strings: all,
    boolean: (name) => values[name] === true,
    value: (name) => string(name) ?? defaultValue(table, name),
    positionals,
  };
}
