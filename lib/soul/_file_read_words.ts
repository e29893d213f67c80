/**
 * The words that end a one-line message about a file the bounded reader
 * could not read, shared by the flags file and the target file. Internal to
 * lib/soul.
 *
 * @module
 */
import type { FileReadError } from "../model/file_read_error.ts";

/** Why `error`'s file could not be read: "it does not exist", a grant to add, or its detail. */
export function fileReadWords(error: FileReadError): string {
  if (error.kind === "missing") return "it does not exist";
  if (error.kind === "permission") {
    return error.grant === null
      ? "reading it is not permitted by the system"
      : `reading it is not permitted: add ${error.grant}`;
  }
  return error.detail;
}
