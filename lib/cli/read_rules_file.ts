/**
 * The one reader of a `--rules FILE` (visualize and dashboard): the file
 * read from disk, then parsed and applied to the default rules by
 * {@linkcode parseRules}.
 *
 * @module
 */
import { type AlertRule, parseRules, RulesError } from "../alerts/rules.ts";
import { FileReadError } from "../model/file_read_error.ts";
import { readBoundedText } from "../store/read_bounded.ts";
import { quote } from "../fmt/quote.ts";

/** Largest rules file read, in bytes. */
export const MAX_RULES_BYTES = 1024 * 1024;

/**
 * Reads the rules file at `path`; a file that cannot be read or used is a
 * one-line {@linkcode RulesError} naming it.
 */
export async function readRulesFile(path: string): Promise<AlertRule[]> {
  const text = await readBoundedText(path, { maxBytes: MAX_RULES_BYTES, what: "a rules file" })
    .catch((error: unknown) => {
      throw new RulesError(`Cannot read rules file ${quote(path)}: ${whyUnreadable(error)}`);
    });
  return parseRules(text, path);
}

function whyUnreadable(error: unknown): string {
  if (!(error instanceof FileReadError)) throw error;
  if (error.kind === "missing") return "file not found";
  if (error.kind === "permission") return "permission denied";
  return error.detail;
}
