/**
 * Everything a run needs checked before it starts: the files its options
 * name and the target they choose, read and validated before the metrics
 * file is touched or a request is sent.
 *
 * Checks come in one fixed order, and the first failure is the one reported:
 *
 * 1. the flags and their values, in the order `parseSimulatorOptions`
 *    checks them (`--serve`'s address and its token rule, `--soul-url`,
 *    among them);
 * 2. `--corpus`: the file and every line of it;
 * 3. `--flags`: the file and its settings; then the target file
 *    (`--target`, else the flags file's `SOUL_TARGET_FILE`): every field;
 * 4. the target settings: `SOUL_API_URL` from the flags file or the
 *    environment, and the network grant of a target file about to be used;
 *    then `--token-file` and the `--rules` file;
 * 5. `--serve` binds its address (in use, not permitted);
 * 6. the store: `--kv` opens, the existing history (`--file` or the shard)
 *    must be readable and its directory writable, and only then does
 *    `--fresh` keep it aside.
 *
 * This module does steps 2 to 4; `parseSimulatorOptions` does step 1, and
 * `runOnce` steps 5 and 6 (a scheduled run checks the store without
 * writing at start-up instead).
 *
 * @module
 */
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";
import { readRulesFile } from "../cli/read_rules_file.ts";
import { withTokenFile } from "../cli/token_file.ts";
import { readBounded } from "../store/read_bounded.ts";
import { UsageError } from "../cli/usage_error.ts";
import { type CorpusEntry, CorpusError, readCorpus } from "../traffic/corpus.ts";
import { type ListenAddress, parseServeOption } from "../server/serve.ts";
import { readTargetChoice, type TargetChoice } from "./target_control.ts";
import type { SimulatorOptions } from "./simulate_options.ts";

/** A run's options with what they name read and checked. */
export interface RunPlan {
  /** The validated options. */
  options: SimulatorOptions;
  /** Where `--serve` listens, or null. */
  listen: ListenAddress | null;
  /** The `--corpus` entries to replay, or null for generated traffic. */
  corpus: CorpusEntry[] | null;
  /** The target to start on. */
  choice: TargetChoice;
  /** The alert rules for the verdict, `--check` and the live alerts. */
  rules: readonly AlertRule[];
}

/**
 * Reads and checks the files and settings `options` name (steps 2 to 4 of
 * the module's order). Throws a one-line `UsageError`; touches nothing.
 */
export async function planRun(
  options: SimulatorOptions,
  env: { get(name: string): string | undefined },
): Promise<RunPlan> {
  const listen = options.serve === null ? null : parseServeOption(options.serve);
  const corpus = options.corpus === null ? null : await loadCorpus(options.corpus);
  const choice = await readTargetChoice(options, env);
  options = await withTokenFile(options);
  const rules = options.rules === null ? DEFAULT_RULES : await readRulesFile(options.rules);
  return { options, listen, corpus, choice, rules };
}

/** Largest corpus file read, in bytes. */
export const MAX_CORPUS_BYTES = 64 * 1024 * 1024;

async function loadCorpus(path: string): Promise<CorpusEntry[]> {
  try {
    return await readCorpus(
      path,
      (p) => readBounded(p, { maxBytes: MAX_CORPUS_BYTES, what: "a corpus file" }),
    );
  } catch (error) {
    if (error instanceof CorpusError) throw new UsageError(`Cannot use --corpus: ${error.message}`);
    throw error;
  }
}
