/**
 * The migrate command's line: its flag table (names, defaults, help) and
 * one of `--to-kv`, `--from-kv` or `--check`, validated into
 * {@linkcode MigrateOptions}. Every mistake is a
 * {@linkcode UsageError} (exit code 2) with a one-line message.
 *
 * @module
 */
import { UsageError } from "../cli/usage_error.ts";
import { type FlagSpec, formatFlagHelp } from "../cli/flag_table.ts";
import { parseFlags } from "../cli/parse_flags.ts";
import { DEFAULT_SHARD, validateShardName } from "../store/kv_layout.ts";

/** What to migrate. */
export type MigrateOptions =
  | { help: true }
  | { help: false; version: true }
  | {
    help: false;
    /** Copy a metrics file into a KV shard. */
    mode: "to-kv";
    /** The KV store. */
    store: string;
    /** The shard written. @default {"default"} */
    shard: string;
    /** The metrics file read. */
    file: string;
    /** Keep an existing history of the shard aside instead of refusing. @default {false} */
    force: boolean;
  }
  | {
    help: false;
    /** Copy a KV shard into a metrics file. */
    mode: "from-kv";
    /** The KV store. */
    store: string;
    /** The shard read. @default {"default"} */
    shard: string;
    /** The metrics file written. */
    out: string;
    /** Replace an existing file instead of refusing. @default {false} */
    force: boolean;
  }
  | {
    help: false;
    /** Check a KV store's consistency. */
    mode: "check";
    /** The KV store. */
    store: string;
  };

/** The flags of the migrate command: names, values, defaults and help, in help order. */
export const MIGRATE_FLAGS = [
  {
    name: "to-kv",
    value: "STORE",
    help: "Copy the metrics file FILE.json into a shard of the KV store\n(created when missing)",
    section: "Modes:",
  },
  {
    name: "from-kv",
    value: "STORE",
    help: "Copy a shard of the KV store into the metrics file --out",
    section: "Modes:",
  },
  {
    name: "check",
    help: "Check that every shard of the store --kv is whole and valid;\n" +
      "exit code 1 when a problem is found",
    section: "Modes:",
  },
  {
    name: "shard",
    value: "NAME",
    default: DEFAULT_SHARD,
    help: "The shard {default}; 1-64 letters, digits, '.', '_'\nor '-', not starting with '.'",
  },
  { name: "out", value: "FILE", help: "With --from-kv: the metrics file to write" },
  { name: "kv", value: "STORE", help: "With --check: the KV store to check" },
  {
    name: "force",
    help: "Replace what exists: with --to-kv an existing shard history is\n" +
      "kept aside (never deleted); with --from-kv an existing file is\nreplaced",
  },
  { name: "help", short: "h", help: "Show this help" },
  { name: "version", help: "Show the version" },
] as const satisfies readonly FlagSpec[];

/** `deno task migrate --help`. */
export const MIGRATE_HELP =
  `buddy-traffic migrate: move metrics between a JSON file and a Deno KV store

Usage:
  deno task migrate --to-kv STORE.kv [--shard NAME] [--force] FILE.json
  deno task migrate --from-kv STORE.kv [--shard NAME] [--force] --out FILE.json
  deno task migrate --check --kv STORE.kv

${formatFlagHelp(MIGRATE_FLAGS, { width: 18 })}

A file copied into a shard and back is byte for byte the same file.

Exit codes: 0 done, 1 --check found problems, 2 usage or input error.
`;

/** Parses and validates the migrate command's arguments. */
export function parseMigrateOptions(args: readonly string[]): MigrateOptions {
  const flags = parseFlags(args, MIGRATE_FLAGS, { positionals: true });
  const positionals = flags.positionals;
  const values = {
    "to-kv": flags.string("to-kv"),
    "from-kv": flags.string("from-kv"),
    check: flags.boolean("check"),
    kv: flags.string("kv"),
    shard: flags.string("shard"),
    out: flags.string("out"),
  };
  if (flags.boolean("help")) return { help: true };
  if (flags.boolean("version")) return { help: false, version: true };
  for (const flag of ["to-kv", "from-kv", "kv", "shard", "out"] as const) {
    const value = values[flag];
    if (value !== undefined && value.trim() === "") {
      throw new UsageError(`Cannot use --${flag} as it is empty`);
    }
  }
  const modes = [
    values["to-kv"] !== undefined ? "--to-kv" : null,
    values["from-kv"] !== undefined ? "--from-kv" : null,
    values.check ? "--check" : null,
  ].filter((m) => m !== null);
  if (modes.length !== 1) {
    throw new UsageError(
      modes.length === 0
        ? "Choose what to do: --to-kv, --from-kv or --check"
        : `Cannot use ${modes.join(" with ")}: choose one of them`,
    );
  }
  const force = flags.boolean("force");
  if (values.check) {
    if (values.kv === undefined) {
      throw new UsageError("Cannot use --check without --kv: name the store to check");
    }
    for (const flag of ["shard", "out", "force"] as const) {
      if (flags.has(flag)) {
        throw new UsageError(`Cannot use --${flag} with --check: every shard is checked`);
      }
    }
    if (positionals.length > 0) {
      throw new UsageError(`Unexpected argument '${positionals[0]}'`);
    }
    return { help: false, mode: "check", store: values.kv };
  }
  if (values.kv !== undefined) {
    throw new UsageError(
      "Cannot use --kv without --check: --to-kv and --from-kv name the store themselves",
    );
  }
  const shard = flags.value("shard");
  try {
    validateShardName(shard);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const toKv = values["to-kv"];
  if (toKv !== undefined) {
    if (values.out !== undefined) {
      throw new UsageError("Cannot use --out with --to-kv: the file to read comes last");
    }
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? "Cannot use --to-kv without a metrics file: name FILE.json last"
          : `Unexpected argument '${positionals[1]}': --to-kv reads one file`,
      );
    }
    const file = positionals[0]!;
    if (file.trim() === "") throw new UsageError("Cannot use an empty metrics file name");
    return { help: false, mode: "to-kv", store: toKv, shard, file, force };
  }
  const fromKv = values["from-kv"]!;
  if (values.out === undefined) {
    throw new UsageError("Cannot use --from-kv without --out: name the file to write");
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `Unexpected argument '${positionals[0]}': --from-kv writes the file named by --out`,
    );
  }
  return { help: false, mode: "from-kv", store: fromKv, shard, out: values.out, force };
}
