/**
 * Why an input file could not be read, in words that end a one-line message:
 * thrown by the one bounded reader (`store/read_bounded.ts`) and worded by
 * each file's own error (metrics file, corpus, flags file, rules file).
 *
 * @module
 */
import { InputError } from "./input_error.ts";
import { quote } from "../fmt/quote.ts";

/** What kept a file from being read. */
export type FileReadErrorKind =
  | "missing"
  | "not_regular"
  | "too_large"
  | "outside"
  | "permission"
  | "io";

/** An input file that could not be read; `detail` ends a message ("it is a FIFO, not a file"). */
export class FileReadError extends InputError {
  /** What went wrong. */
  readonly kind: FileReadErrorKind;
  /** The part of the message after the file's name. */
  readonly detail: string;
  /** The grant that would let it be read (`--allow-read=/abs/path`), for kind `permission`; else null. */
  readonly grant: string | null;

  /** Creates the error for `path`; the message is `Cannot read 'path': detail`. */
  constructor(kind: FileReadErrorKind, path: string, detail: string, grant: string | null = null) {
    super(`Cannot read ${quote(path)}: ${detail}`);
    this.name = "FileReadError";
    this.kind = kind;
    this.detail = detail;
    this.grant = grant;
  }
}
