/**
 * `--token-file PATH`: the access token read from a file, so it never shows
 * in `ps` as `--token` does. One line; surrounding white space is dropped.
 *
 * @module
 */
import { FileReadError } from "../model/file_read_error.ts";
import { readBoundedText } from "../store/read_bounded.ts";
import { quote } from "../fmt/quote.ts";
import { UsageError } from "./usage_error.ts";

/** Largest token file read, in bytes. */
export const MAX_TOKEN_FILE_BYTES = 4096;

/** The token in the file at `path`; a missing, unreadable or empty file is a {@linkcode UsageError}. */
export async function readTokenFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readBoundedText(path, { maxBytes: MAX_TOKEN_FILE_BYTES, what: "a token file" });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new UsageError(`Cannot use --token-file ${quote(path)}: ${error.detail}`);
  }
  const token = text.trim();
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(
      `Cannot use --token-file ${
        quote(path)
      } as it must hold one token of printable ASCII characters on one line`,
    );
  }
  return token;
}

/** `options` with the token read from the file `tokenFile` names, if any (`tokenFile` is then null). */
export async function withTokenFile<T extends { token: string | null; tokenFile: string | null }>(
  options: T,
): Promise<T> {
  if (options.tokenFile === null) return options;
  return { ...options, token: await readTokenFile(options.tokenFile), tokenFile: null };
}

/** The token given by `--token`, `--token-file` (read later) or the environment; both flags is a mistake. */
export function tokenFlags(
  token: string | undefined,
  tokenFile: string | undefined,
  env: string | undefined,
): { token: string | null; tokenFile: string | null } {
  if (token !== undefined && tokenFile !== undefined) {
    throw new UsageError("Cannot use --token with --token-file: pick one");
  }
  if (tokenFile !== undefined) {
    if (tokenFile.trim() === "") throw new UsageError("Cannot use --token-file as it is empty");
    return { token: null, tokenFile };
  }
  const value = token ?? env ?? "";
  return { token: value === "" ? null : value, tokenFile: null };
}
