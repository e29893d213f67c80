/**
 * The frame of every command: parse the arguments, answer `--help` and
 * `--version`, run, and map a user mistake to its message, hint and exit
 * code with {@linkcode reportError}.
 *
 * @module
 */
import { EXIT_OK } from "./exit_code.ts";
import { reportError } from "./report_error.ts";
import { invocation } from "./usage_error.ts";
import { versionLine } from "./version.ts";
import { writeText } from "./write_text.ts";

/** What a command's options say besides what to run. */
export interface CommandRequest {
  /** Print the help and exit 0. */
  help: boolean;
  /**
   * Print the version and exit 0.
   * @default {false}
   */
  version?: boolean;
}

/** Where a command writes. */
export interface CommandIo {
  /** Writes text to stdout. */
  stdout(text: string): void;
  /** Writes text to stderr. */
  stderr(text: string): void;
}

/** One command: its name, help, parser and runner (which writes to `I`). */
export interface Command<O extends CommandRequest, I extends CommandIo = CommandIo> {
  /** The `deno task` name (`simulate`); the help names the command as `deno task <task>`. */
  task: string;
  /** The `--help` text. */
  help: string;
  /** Parses and validates the arguments; throws an `InputError` for a mistake. */
  parse(args: readonly string[]): O;
  /** Runs the command; resolves to the exit code. */
  run(options: O, io: I): Promise<number> | number;
}

/** The real process's stdout and stderr, each written whole. */
export const denoCommandIo: CommandIo = {
  stdout: (text) => writeText(Deno.stdout, text),
  stderr: (text) => writeText(Deno.stderr, text),
};

/** Runs `command` with `args`; resolves to the exit code (a bug is thrown). */
export async function runCommand<O extends CommandRequest, I extends CommandIo>(
  args: readonly string[],
  command: Command<O, I>,
  io: I,
): Promise<number> {
  const name = invocation(command.task);
  try {
    const options = command.parse(args);
    if (options.help) {
      io.stdout(line(command.help.replaceAll(`deno task ${command.task}`, name)));
      return EXIT_OK;
    }
    if (options.version === true) {
      io.stdout(line(versionLine()));
      return EXIT_OK;
    }
    return await command.run(options, io);
  } catch (error) {
    return reportError(error, { command: name, stderr: io.stderr });
  }
}

function line(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}
