/**
 * The one error type for a metrics document that cannot be read, validated
 * or written, wherever it is stored.
 *
 * @module
 */
import { quote } from "../fmt/quote.ts";
import { InputError } from "./input_error.ts";

/** Why a metrics file could not be used. */
export type MetricsFileErrorKind =
  | "missing"
  | "empty"
  | "truncated"
  | "not_json"
  | "foreign"
  | "version"
  | "invalid"
  | "permission"
  | "io"
  | "in_use"
  | "conflict";

/**
 * A metrics file that cannot be read or written. The message is one line,
 * e.g. "Cannot read metrics file 'x.json': file is empty (is the simulator
 * still starting?)".
 */
export class MetricsFileError extends InputError {
  /** What went wrong. */
  readonly kind: MetricsFileErrorKind;
  /** The file concerned. */
  readonly path: string;
  /** The part of the message after the colon. */
  readonly detail: string;

  /** Creates an error about `path`; `action` picks "Cannot read" or "Cannot write". */
  constructor(
    kind: MetricsFileErrorKind,
    path: string,
    detail: string,
    action: "read" | "write" = "read",
  ) {
    super(`Cannot ${action} metrics file ${quote(path)}: ${detail}`);
    this.name = "MetricsFileError";
    this.kind = kind;
    this.path = path;
    this.detail = detail;
  }
}
