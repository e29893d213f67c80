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
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { FileReadError } from "../model/file_read_error.ts";
import { safeText } from "../fmt/sanitize.ts";
import { quote } from "../fmt/quote.ts";

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
    checkInside(path);
    checkRegular(path);
    using file = await Deno.open(path, { read: true });
    const collector = new Collector(path, options, regularSize(file, path));
    while (collector.more(await file.read(collector.space())));
    return collector.bytes();
  } catch (error) {
    throw readError(error, path);
  }
}

/**
 * {@linkcode readBounded} without awaiting: for the few small files read while
 * a synchronous parser runs (a target file's TLS and secret files). The same
 * checks and cap; it blocks the event loop for at most `maxBytes` of reading.
 */
export function readBoundedSync(path: string, options: ReadBoundedOptions): Uint8Array {
  try {
    checkInside(path);
    checkRegular(path);
    using file = Deno.openSync(path, { read: true });
    const collector = new Collector(path, options, regularSize(file, path));
    while (collector.more(file.readSync(collector.space())));
    return collector.bytes();
  } catch (error) {
    throw readError(error, path);
  }
}

/** {@linkcode readBounded} as UTF-8 text (a byte order mark is kept; invalid bytes become U+FFFD). */
export async function readBoundedText(path: string, options: ReadBoundedOptions): Promise<string> {
  return new TextDecoder().decode(await readBounded(path, options));
}

/** {@linkcode readBoundedSync} as UTF-8 text. */
export function readBoundedTextSync(path: string, options: ReadBoundedOptions): string {
  return new TextDecoder().decode(readBoundedSync(path, options));
}

/**
 * The size of the file just opened, unless it was swapped for something else
 * since it was checked. The size only sizes the first buffer; the cap is
 * counted while reading.
 */
function regularSize(file: Deno.FsFile, path: string): number {
  const info = file.statSync();
  if (!info.isFile) throw notRegular(path, "it is not a regular file");
  return info.size;
}

/**
 * One buffer the file is read into in place (a large file is held once, not
 * once per chunk and again joined), grown when the file grew since its
 * `stat`; refused as soon as it passes the cap.
 */
class Collector {
  #buffer: Uint8Array;
  readonly #path: string;
  readonly #options: ReadBoundedOptions;
  #total = 0;

  constructor(path: string, options: ReadBoundedOptions, sizeHint: number) {
    this.#path = path;
    this.#options = options;
    // A byte more than expected, to see the end (or growth) without a second buffer.
    this.#buffer = new Uint8Array(Math.min(options.maxBytes, sizeHint) + 1);
  }

  /** Where the next read goes: the free end of the buffer, grown when full. */
  space(): Uint8Array {
    if (this.#total === this.#buffer.length) {
      const grown = new Uint8Array(Math.min(this.#options.maxBytes + 1, this.#buffer.length * 2));
      grown.set(this.#buffer);
      this.#buffer = grown;
    }
    return this.#buffer.subarray(this.#total);
  }

  /** Takes the `n` bytes just read into {@linkcode space}; false at the end of the file. */
  more(n: number | null): boolean {
    if (n === null) return false;
    this.#total += n;
    const max = this.#options.maxBytes;
    if (this.#total > max) {
      throw new FileReadError(
        "too_large",
        this.#path,
        `it is larger than the ${sizeText(max)} ${this.#options.what ?? "the file"} may be`,
      );
    }
    return true;
  }

  bytes(): Uint8Array {
    return this.#buffer.subarray(0, this.#total);
  }
}

/**
 * Throws a {@linkcode FileReadError} of kind `outside` when `path` names a
 * place inside the working directory (relative, or absolute under it) but
 * resolves outside it through a symlink or a linked folder. A path that does
 * not exist yet is judged by its nearest existing parent.
 */
export function checkInside(path: string): void {
  const cwd = Deno.cwd();
  const lexical = resolve(cwd, path);
  if (!isUnder(lexical, cwd)) return;
  const root = Deno.realPathSync(cwd);
  let probe = lexical;
  for (;;) {
    try {
      const real = Deno.realPathSync(probe);
      if (!isUnder(real, root)) {
        throw new FileReadError(
          "outside",
          path,
          `it resolves to ${
            quote(join(real, relative(probe, lexical)))
          }, outside the working directory (through a symlink or a linked folder): name that path and grant it`,
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

function checkRegular(path: string): void {
  const info = Deno.statSync(path);
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
    const grant = `--allow-read=${safeText(named)}`;
    return new FileReadError("permission", path, `permission denied: run with ${grant}`, grant);
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
