/**
 * Reading a target file (`--target`, or the flags file's `SOUL_TARGET_FILE`)
 * and the files it names (TLS files, `${file:PATH}` header values) through
 * the one bounded reader: a FIFO, a device, a file larger than the cap or a
 * symlink out of the working directory is refused in one line before
 * anything blocks or grows.
 *
 * @module
 */
import {
  grantedEnv,
  readTargetFile,
  type TargetDefinition,
  type TargetFileContext,
} from "../soul/target_file.ts";
import { readBounded, readBoundedTextSync } from "../store/read_bounded.ts";

/** Largest target file read, and largest file it names (a TLS or secret file): 1 MB. */
export const MAX_TARGET_FILE_BYTES = 1024 * 1024;

/** The process environment as permissions allow, and the files a target file names, bounded. */
export const boundedTargetFileContext: TargetFileContext = {
  env: grantedEnv,
  readTextFile: (path) =>
    readBoundedTextSync(path, {
      maxBytes: MAX_TARGET_FILE_BYTES,
      what: "a file a target file names",
    }),
};

/**
 * Reads and checks the target file at `path`; throws a one-line `InputError`
 * naming where the path came from (`from`: `--target` or the flags file).
 */
export function readTargetDefinition(
  path: string,
  context: TargetFileContext = boundedTargetFileContext,
  from = "--target",
): Promise<TargetDefinition> {
  return readTargetFile(
    path,
    (p) => readBounded(p, { maxBytes: MAX_TARGET_FILE_BYTES, what: "a target file" }),
    context,
    from,
  );
}
