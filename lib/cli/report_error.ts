/**
 * The one mapping of an error to what the user sees and the exit code, used
 * by every entry script and runner: a user mistake ({@linkcode InputError})
 * and a missing permission become `error: <message>` and `hint: <hint>` on
 * stderr with exit code 2; anything else is a bug and is thrown again, so it
 * crashes loudly with its stack trace.
 *
 * @module
 */
import { safeText } from "../fmt/sanitize.ts";
import { InputError } from "../model/input_error.ts";
import { EXIT_USAGE } from "./exit_code.ts";
import { writeText } from "./write_text.ts";

/** Hint printed with a missing permission (`Deno.errors.NotCapable`). */
export const PERMISSIONS_HINT =
  "each task grants only what it needs; see docs/permissions.md for the grants and how to add one";

/** Longest message printed, in code points. */
const MAX_MESSAGE = 400;

/** What the user is told about an error. */
export interface ErrorReport {
  /** The one-line message, after `error: `. */
  message: string;
  /** The hint, after `hint: `, or null for none. */
  hint: string | null;
  /** The exit code. */
  exitCode: number;
}

/** Options of {@linkcode reportError} and {@linkcode describeError}. */
export interface ReportErrorOptions {
  /** The command as the user runs it (`deno task simulate`), named in the usage hint. */
  command: string;
  /**
   * The hint of a mistake in how the command was called.
   * @default {`run '<command> --help' for usage`}
   */
  usageHint?: string;
  /**
   * Writes text to stderr.
   * @default {the whole text to `Deno.stderr`}
   */
  stderr?: (text: string) => void;
}

/** What the user is told about `error`, or null when it is no user mistake (a bug). */
export function describeError(error: unknown, options: ReportErrorOptions): ErrorReport | null {
  if (error instanceof InputError) {
    const hint = error.hint ??
      (error.usage ? options.usageHint ?? `run '${options.command} --help' for usage` : null);
    return { message: oneLine(error.message), hint, exitCode: EXIT_USAGE };
  }
  if (error instanceof Deno.errors.NotCapable) {
    return { message: oneLine(error.message), hint: PERMISSIONS_HINT, exitCode: EXIT_USAGE };
  }
  return null;
}

/**
 * Prints `error: <message>` (and `hint: <hint>`) and returns the exit code;
 * throws `error` again when it is no user mistake.
 */
export function reportError(error: unknown, options: ReportErrorOptions): number {
  const report = describeError(error, options);
  if (report === null) throw error;
  const write = options.stderr ?? ((text: string) => writeText(Deno.stderr, text));
  const hint = report.hint === null ? "" : `hint: ${oneLine(report.hint)}\n`;
  write(`error: ${report.message}\n${hint}`);
  return report.exitCode;
}

/** `text` with control characters made visible (a line break too), so it stays one line. */
function oneLine(text: string): string {
  return safeText(text, { maxLength: MAX_MESSAGE });
}
