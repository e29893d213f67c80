/**
 * User mistakes on the command line: the typed error every command's
 * parser throws (an {@linkcode InputError} whose hint is the command's
 * usage), the reading of `node:util` parseArgs' own errors, and how the
 * user runs a command.
 *
 * @module
 */
import { InputError } from "../model/input_error.ts";
import { EXIT_USAGE } from "./exit_code.ts";
import { nearestFlag } from "./nearest_flag.ts";

/** Options of {@linkcode UsageError}. */
export interface UsageErrorOptions {
  /** What to do next. @default {undefined} (the command's `--help` hint) */
  hint?: string;
}

/** A mistake in a flag, its value or an argument: one line with a hint, exit code 2. */
export class UsageError extends InputError {
  /** Exit code to leave with. */
  readonly exitCode: number = EXIT_USAGE;

  /** Creates a usage error with a one-line message. */
  constructor(message: string, options: UsageErrorOptions = {}) {
    super(message, { ...options, usage: true });
    this.name = "UsageError";
  }
}

/**
 * Turns the error thrown by `node:util` parseArgs (strict mode) into a
 * {@linkcode UsageError} with a message naming the flag; an unknown flag
 * near one of `known` (long names without dashes) gets a "did you mean" hint.
 */
export function usageErrorFromParseArgs(
  error: unknown,
  known: readonly string[] = [],
): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n")[0] ?? message;
  const unknown = first.match(/^Unknown option '([^']+)'/);
  if (unknown) {
    const flag = unknown[1] ?? "";
    const near = nearestFlag(flag, known);
    return new UsageError(
      `Unknown flag '${flag}'`,
      near === null ? {} : { hint: `did you mean '${near}'?` },
    );
  }
  const missing = first.match(/^Option '([^']+)' argument missing/);
  if (missing) {
    const flag = (missing[1] ?? "").split(",")[0]?.replace(/ <value>$/, "");
    return new UsageError(`Flag '${flag}' needs a value`);
  }
  const positional = first.match(/^Unexpected argument '([^']+)'/);
  if (positional) return new UsageError(`Unexpected argument '${positional[1]}'`);
  return new UsageError(first.replace(/\.$/, ""));
}

/**
 * How the user runs `task`: `deno task simulate`, or the binary's own name
 * (`buddy-simulate`) when running as a `deno compile` single binary.
 */
export function invocation(task: string): string {
  if (!Deno.build.standalone) return `deno task ${task}`;
  const path = Deno.execPath();
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}
