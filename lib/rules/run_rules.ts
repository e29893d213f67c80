/**
 * The rules command from arguments to exit code: reads the rules (built-in
 * or a `--rules` file), generates the Prometheus files and writes them into
 * the output folder, or with `--check` compares them with it.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { DEFAULT_RULES } from "../alerts/rules.ts";
import { readRulesFile } from "../cli/read_rules_file.ts";
import { type Command, type CommandIo, runCommand } from "../cli/run_command.ts";
import { exampleFiles } from "./example_files.ts";
import { parseRulesOptions, RULES_HELP, type RulesOptions } from "./rules_options.ts";

/** Exit code of `--check` when the folder differs. */
export const EXIT_DRIFT = 1;

/** The rules command: its help, parser and runner. */
export const RULES_COMMAND: Command<RulesOptions> = {
  task: "rules",
  help: RULES_HELP,
  parse: parseRulesOptions,
  run,
};

/** Runs the rules command; returns the exit code (0 done, 1 drift with --check, 2 usage or input). */
export function runRules(args: readonly string[], io: CommandIo): Promise<number> {
  return runCommand(args, RULES_COMMAND, io);
}

async function run(options: RulesOptions, io: CommandIo): Promise<number> {
  if (!("out" in options)) return 0; // --help and --version are answered before
  const rules = options.rules === null ? [...DEFAULT_RULES] : await readRulesFile(options.rules);
  const files = exampleFiles(rules, options);
  if (options.check) {
    const stale = [];
    for (const [name, text] of Object.entries(files)) {
      const found = await Deno.readTextFile(join(options.out, name)).catch(() => null);
      if (found !== text) stale.push(join(options.out, name));
    }
    if (stale.length === 0) return 0;
    io.stderr(`Out of date (run the command without --check): ${stale.join(", ")}\n`);
    return EXIT_DRIFT;
  }
  for (const [name, text] of Object.entries(files)) {
    const path = join(options.out, name);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  io.stdout(`Wrote ${Object.keys(files).length} files to ${options.out}: ${rules.length} rules\n`);
  return 0;
}
