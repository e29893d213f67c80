/**
 * Opens the Deno KV store that holds the metrics documents, turning every
 * way it can fail (Deno KV not enabled, no permission, a directory, a file
 * that is not a KV store, a missing file a reader asked for) into one
 * one-line {@linkcode KvStoreError}, and waiting while another process holds
 * the file's lock (as when it is being created).
 *
 * @module
 */
import { safeText } from "../fmt/sanitize.ts";
import { DATA_DIR } from "../model/metrics_document.ts";
import { FileReadError } from "../model/file_read_error.ts";
import { checkInside } from "./read_bounded.ts";
import { basename, dirname } from "node:path";
import { quote } from "../fmt/quote.ts";
import { isLocked, KvStoreError, oneLine } from "./kv_layout.ts";

/** Options for {@linkcode openKvStore}. */
export interface OpenKvOptions {
  /**
   * Create the store when the file does not exist (writers); readers pass
   * false to get a `missing` error instead.
   * @default {true}
   */
  create?: boolean;
}

/**
 * Opens the KV store at `path` (the default store when undefined). Every
 * failure is a one-line {@linkcode KvStoreError}: `missing` (with
 * `create: false`), `permission`, or `invalid` (a directory, a file that is
 * not a KV store, a directory that does not exist).
 */
export async function openKvStore(
  path: string | undefined,
  options: OpenKvOptions = {},
): Promise<Deno.Kv> {
  if (typeof Deno.openKv !== "function") {
    throw new KvStoreError(
      "invalid",
      `Cannot open ${
        path === undefined ? "the default KV store" : `KV store ${quote(path)}`
      }: Deno KV is not enabled: run with --unstable-kv`,
    );
  }
  if (path === undefined) {
    try {
      return await Deno.openKv();
    } catch (error) {
      throw new KvStoreError("invalid", `Cannot open the default KV store: ${oneLine(error)}`);
    }
  }
  const name = quote(path);
  try {
    checkInside(path);
  } catch (error) {
    throw error instanceof FileReadError
      ? new KvStoreError("invalid", `Cannot open KV store ${name}: ${error.detail}`)
      : error;
  }
  const permission = () =>
    new KvStoreError(
      "permission",
      `Cannot open KV store ${name}: permission denied: run with --allow-read=${
        safeText(path)
      } --allow-write=${
        safeText(path)
      } (Deno KV needs both, even to read), or keep the store in ${DATA_DIR}/, which the tasks grant`,
    );
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) {
      throw new KvStoreError(
        "invalid",
        `Cannot open KV store ${name}: it is a directory, not a file`,
      );
    }
  } catch (error) {
    if (error instanceof KvStoreError) throw error;
    if (error instanceof Deno.errors.NotCapable) throw permission();
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new KvStoreError("invalid", `Cannot open KV store ${name}: ${oneLine(error)}`);
    }
    if (options.create === false) {
      throw new KvStoreError("missing", `KV store ${name} does not exist`);
    }
    try {
      // The data directory the tasks grant is made on first use.
      if (basename(dirname(path)) === DATA_DIR) await Deno.mkdir(dirname(path)).catch(() => {});
      if (!(await Deno.stat(dirname(path))).isDirectory) throw new Deno.errors.NotFound();
    } catch (inner) {
      if (inner instanceof Deno.errors.NotCapable) throw permission();
      throw new KvStoreError(
        "invalid",
        `Cannot open KV store ${name}: directory ${quote(dirname(path))} does not exist`,
      );
    }
  }
  try {
    return await openRetrying(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw permission();
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new KvStoreError(
        "permission",
        `Cannot open KV store ${name}: permission denied by the system`,
      );
    }
    const message = oneLine(error);
    if (/not a database|malformed/i.test(message)) {
      throw new KvStoreError(
        "invalid",
        `Cannot open KV store ${name}: it is not a Deno KV store (a metrics JSON file is read with --file)`,
      );
    }
    throw new KvStoreError("invalid", `Cannot open KV store ${name}: ${message}`);
  }
}

/** Opens a store file, waiting while another process holds its lock (as when it is created). */
async function openRetrying(path: string): Promise<Deno.Kv> {
  for (let attempt = 0;; attempt++) {
    try {
      return await Deno.openKv(path);
    } catch (error) {
      if (!isLocked(error) || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + 40 * Math.random()));
    }
  }
}
