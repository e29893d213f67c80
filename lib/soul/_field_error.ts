/**
 * A bad field of a target file, before the file's name is known: the
 * target file reader turns it into one line naming the file, the field and
 * the value found.
 *
 * @module
 */
import { describeValue, escapeControls } from "../fmt/quote.ts";

/** A field of a target file that does not hold what it must. */
export class FieldError extends Error {
  /** The field, dotted, e.g. `response.blocked.path`. */
  readonly field: string;

  /** `expectation` completes "'field' must ...", e.g. "be a string". */
  constructor(field: string, expectation: string, value: unknown) {
    super(
      `'${escapeControls(field)}' must ${expectation}: current value is ${describeValue(value)}`,
    );
    this.name = "FieldError";
    this.field = field;
  }
}

/** A field a target file may not have. */
export class UnknownFieldError extends FieldError {
  /** `known` lists the fields allowed beside it. */
  constructor(field: string, known: readonly string[]) {
    super(field, "not be there", undefined);
    this.message = `'${escapeControls(field)}' is not a known field: expected one of ${
      known.join(", ")
    }`;
    this.name = "UnknownFieldError";
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Throws a {@linkcode FieldError} for the first key of `value` not in `known`. */
export function checkKeys(
  value: Record<string, unknown>,
  known: readonly string[],
  at: string,
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new UnknownFieldError(at === "" ? key : `${at}.${key}`, known);
    }
  }
}
