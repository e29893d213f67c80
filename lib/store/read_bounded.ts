/**
 * The one reader of input files (metrics files, corpora, flags and rules
 * files): it refuses what is not a regular file (a FIFO would block, a device
 * never ends) before opening it, stops reading at a cap while reading (never
 * trusting `stat`, which says 0 for `/dev/zero`), and refuses a path inside
 * the working directory that resolves outside it (a symlink or a linked
 * folder escaping the grant).
 *
 * @module
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { FileReadError } from "../model/file_read_error.ts";
import { safeText } from "../fmt/sanitize.ts";

/** Options for {@linkcode readBounded}. */
export interface ReadBoundedOptions {
  /** Most bytes read; a longer file is refused with kind `too_large`. */
  maxBytes: number;
  /** What the file is, for the size message ("a corpus file"). @default {"the file"} */
  what?: string;
}

/**
 * Reads the whole regular file at `path`, at most `maxBytes`. Throws a
 * {@linkcode FileReadError} with a one-line detail for every way it cannot be read.
 */
export async function readBounded(path: string, options: ReadBoundedOptions): Promise<Uint8Array> {
  try {
    await checkInside(path);
    await checkRegular(path);
    using file = await Deno.open(path, { read: true });
    // The file may have been swapped since the check above.
    const info = await file.stat();
    if (!info.isFile) throw notRegular(path, "it is not a regular file");
    const max = options.maxBytes;
    // One buffer of the file's size (and a byte more, to see it grow), read
    // into in place: a large file is held once, not once per copy.
    let buffer = new Uint8Array(Math.min(max, info.size) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        const grown = new Uint8Array(Math.min(max + 1, buffer.length * 2));
        grown.set(buffer);
        buffer = grown;
      }
      const n = await file.read(buffer.subarray(total));
      if (n === null) break;
      total += n;
      if (total > max) {
        throw new FileReadError(
          "too_large",
          path,
          `it is larger than the ${sizeText(max)} ${options.what ?? "the file"} may be`,
        );
      }
    }
    return buffer.subarray(0, total);
  } catch (error) {
    throw readError(error, path);
  }
}

/** {@linkcode readBounded} as UTF-8 text (a byte order mark is kept; invalid bytes become U+FFFD). */
export async function readBoundedText(path: string, options: ReadBoundedOptions): Promise<string> {
  return new TextDecoder().decode(await readBounded(path, options));
}

/**
 * Throws a {@linkcode FileReadError} of kind `outside` when `path` names a
 * place inside the working directory (relative, or absolute under it) but
 * resolves outside it through a symlink or a linked folder. A path that does
 * not exist yet is judged by its nearest existing parent.
 */
export async function checkInside(path: string): Promise<void> {
  const cwd = Deno.cwd();
  const lexical = resolve(cwd, path);
  if (!isUnder(lexical, cwd)) return;
  const root = await Deno.realPath(cwd);
  let probe = lexical;
  for (;;) {
    try {
      const real = await Deno.realPath(probe);
      if (!isUnder(real, root)) {
        throw new FileReadError(
          "outside",
          path,
          "it resolves outside the working directory (through a symlink or a linked folder); name the real path and grant it",
        );
      }
      return;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      const parent = resolve(probe, "..");
      if (parent === probe) return;
      probe = parent;
    }
  }
}

function isUnder(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

async function checkRegular(path: string): Promise<void> {
  const info = await Deno.stat(path);
  if (info.isFile) return;
  if (info.isDirectory) throw notRegular(path, "it is a directory, not a file");
  const kind = info.isFifo
    ? "a FIFO"
    : info.isCharDevice
    ? "a character device"
    : info.isBlockDevice
    ? "a block device"
    : info.isSocket
    ? "a socket"
    : "not a regular file";
  throw notRegular(
    path,
    kind.startsWith("a ") ? `it is ${kind}, not a regular file` : `it is ${kind}`,
  );
}

function notRegular(path: string, detail: string): FileReadError {
  return new FileReadError("not_regular", path, detail);
}

function sizeText(bytes: number): string {
  if (bytes >= 1 << 20) return `${Math.round(bytes / (1 << 20))} MB`;
  if (bytes >= 1 << 10) return `${Math.round(bytes / (1 << 10))} KB`;
  return `${bytes} bytes`;
}

function readError(error: unknown, path: string): FileReadError {
  if (error instanceof FileReadError) return error;
  if (error instanceof Deno.errors.NotFound) {
    return new FileReadError("missing", path, "no such file");
  }
  if (error instanceof Deno.errors.NotCapable) {
    const named = /access to "([^"]+)"/.exec(error.message)?.[1] ?? path;
    return new FileReadError(
      "permission",
      path,
      `permission denied: run with --allow-read=${safeText(named)}`,
    );
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new FileReadError("permission", path, "permission denied by the system");
  }
  if (error instanceof Deno.errors.IsADirectory) {
    return notRegular(path, "it is a directory, not a file");
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FileReadError("io", path, safeText(message.split(/\r?\n/, 1)[0] ?? ""));
}
