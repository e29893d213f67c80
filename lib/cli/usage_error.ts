/**
 * User mistakes on the command line: a typed error carrying exit code 2, and
 * the one-line printer every entry script uses.
 *
 * @module
 */

/** Exit code for invalid flags, values or unusable input. */
export const EXIT_USAGE = 2;

/** A user mistake: printed as one line with a hint, exit code 2, never a stack trace. */
export class UsageError extends Error {
  /** Exit code to leave with. */
  readonly exitCode: number = EXIT_USAGE;

  /** Creates a usage error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Turns the error thrown by `node:util` parseArgs (strict mode) into a
 * {@linkcode UsageError} with a message naming the flag.
 */
export function usageErrorFromParseArgs(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n")[0] ?? message;
  const unknown = first.match(/^Unknown option '([^']+)'/);
  if (unknown) return new UsageError(`Unknown flag '${unknown[1]}'`);
  const missing = first.match(/^Option '([^']+)' argument missing/);
  if (missing) {
    const flag = (missing[1] ?? "").split(",")[0]?.replace(/ <value>$/, "");
    return new UsageError(`Flag '${flag}' needs a value`);
  }
  const positional = first.match(/^Unexpected argument '([^']+)'/);
  if (positional) return new UsageError(`Unexpected argument '${positional[1]}'`);
  return new UsageError(first.replace(/\.$/, ""));
}

/** Writes `error: <message>` and a `--help` hint to stderr. */
export function printUsageError(error: UsageError, command: string): void {
  console.error(`error: ${error.message}`);
  console.error(`hint: run '${command} --help' for usage`);
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
