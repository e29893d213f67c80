/**
 * The one error type for a mistake in what the user gave: a flag or its
 * value, a file, a store, an environment variable. Library code throws it
 * (or a subclass of it); the entry scripts print it as one line with an
 * optional hint and exit with code 2, never with a stack trace.
 *
 * @module
 */

/** Options of {@linkcode InputError}. */
export interface InputErrorOptions {
  /**
   * One line telling the user what to do next, printed as `hint: ...`.
   * @default {undefined} (the command's usage hint when `usage` is set, else none)
   */
  hint?: string;
  /**
   * Whether the mistake is in how the command was called (a flag, its value,
   * an argument, a setting standing in for a flag), so the command's usage
   * (`--help`) is the hint when there is no other.
   * @default {false}
   */
  usage?: boolean;
}

/** A mistake in the user's input; the message is one line in sentence case. */
export class InputError extends Error {
  /** What to do next, or null to let the command decide. */
  readonly hint: string | null;
  /** Whether the command's usage hint applies (see {@linkcode InputErrorOptions.usage}). */
  readonly usage: boolean;

  /** Creates an input error with a one-line message. */
  constructor(message: string, options: InputErrorOptions = {}) {
    super(message);
    this.name = "InputError";
    this.hint = options.hint ?? null;
    this.usage = options.usage ?? false;
  }
}
