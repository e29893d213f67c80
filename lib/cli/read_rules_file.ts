/**
 * The one reader of a `--rules FILE` (visualize and dashboard): the file
 * read from disk, then parsed and applied to the default rules by
 * {@linkcode parseRules}.
 *
 * @module
 */
import { type AlertRule, parseRules, RulesError } from "../alerts/rules.ts";

/**
 * Reads the rules file at `path`; a file that cannot be read or used is a
 * one-line {@linkcode RulesError} naming it.
 */
export async function readRulesFile(path: string): Promise<AlertRule[]> {
  const text = await Deno.readTextFile(path).catch((error: unknown) => {
    throw new RulesError(`Cannot read rules file '${path}': ${whyUnreadable(error)}`);
  });
  return parseRules(text, path);
}

function whyUnreadable(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "file not found";
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    return "permission denied";
  }
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
