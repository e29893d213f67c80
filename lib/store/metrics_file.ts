/**
 * Reading and writing the metrics file: typed one-line errors for every way
 * a file can be unreadable, atomic rewrites (temp sibling + rename, so a
 * reader or a `kill -9` never sees half a file), and the start-of-run
 * preparation (continue an existing history or keep it aside).
 *
 * @module
 */
import { MetricsFileError } from "../model/metrics_file_error.ts";
import { basename, dirname, extname, join } from "node:path";
import { DATA_DIR, SCHEMA, SCHEMA_VERSION } from "../model/metrics_document.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";
import { freezeReport } from "../metrics/document.ts";
import { describeValue, quote } from "../fmt/quote.ts";
import { validateDocument } from "../model/validate_document.ts";
import { safeText } from "../fmt/sanitize.ts";
import { FileReadError } from "../model/file_read_error.ts";
import { readBoundedText } from "./read_bounded.ts";

/** Largest metrics file read, in bytes (a 24-hour file is 1-10 MB). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Parses and validates the text of a metrics file. Throws
 * {@linkcode MetricsFileError} with kind `empty`, `truncated` (the text is a
 * valid beginning of a JSON document), `not_json`, `foreign` (valid JSON but
 * not a buddy-traffic metrics document), `version` or `invalid`.
 */
export function parseDocument(text: string, path: string): MetricsDocument {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/^\s*$/.test(text)) {
    throw new MetricsFileError("empty", path, "file is empty (is the simulator still starting?)");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const scan = scanJsonPrefix(text);
    if (scan.kind === "truncated") {
      throw new MetricsFileError(
        "truncated",
        path,
        "file ends mid-document (was it copied or cut while being written?)",
      );
    }
    const { line, column } = lineColumn(text, scan.offset);
    throw new MetricsFileError(
      "not_json",
      path,
      `not valid JSON: unexpected character at line ${line}, column ${column}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MetricsFileError(
      "foreign",
      path,
      `not a buddy-traffic metrics file: the JSON is ${
        Array.isArray(value) ? "a list" : describeValue(value)
      }, not an object`,
    );
  }
  const v = value as Record<string, unknown>;
  if (!Object.hasOwn(v, "schema")) {
    throw new MetricsFileError(
      "foreign",
      path,
      `not a buddy-traffic metrics file: it has no "schema" field`,
    );
  }
  if (v.schema !== SCHEMA) {
    throw new MetricsFileError(
      "foreign",
      path,
      `not a buddy-traffic metrics file: "schema" is ${
        describeValue(v.schema)
      }, expected "${SCHEMA}"`,
    );
  }
  const version = v.schema_version;
  if (version !== SCHEMA_VERSION) {
    const newer = typeof version === "number" && version > SCHEMA_VERSION;
    throw new MetricsFileError(
      "version",
      path,
      newer
        ? `written with schema version ${version}, this buddy-traffic reads version ${SCHEMA_VERSION} (upgrade buddy-traffic to read it)`
        : `unsupported schema version ${
          describeValue(version)
        }: this buddy-traffic reads version ${SCHEMA_VERSION}`,
    );
  }
  return validateDocument(value, path);
}

/** Reads, parses and validates a metrics file; every failure is a {@linkcode MetricsFileError}. */
export async function readMetricsFile(path: string): Promise<MetricsDocument> {
  let text: string;
  try {
    text = await readBoundedText(path, { maxBytes: MAX_FILE_BYTES, what: "a metrics file" });
  } catch (error) {
    if (error instanceof FileReadError) {
      if (error.kind === "missing") throw fileError(new Deno.errors.NotFound(), path, "read");
      const kind = error.kind === "permission" ? "permission" : "io";
      throw new MetricsFileError(kind, path, error.detail);
    }
    throw fileError(error, path, "read");
  }
  return parseDocument(text, path);
}

/** Options for {@linkcode writeMetricsFile}. */
export interface WriteMetricsOptions {
  /**
   * Called after the temporary file is written and synced, before the rename
   * (a test injects a failure here).
   * @default {undefined}
   */
  beforeRename?: () => Promise<void>;
}

/**
 * Makes a rename in `dir` durable (fsync of the directory). Best effort: a
 * directory that may not be opened for reading (no grant, another system)
 * is left to the system.
 */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Deno.FsFile | null = null;
  try {
    handle = await Deno.open(dir, { read: true });
    await handle.sync();
  } catch {
    // Not permitted or not supported: the rename stands, its durability is the system's.
  } finally {
    handle?.close();
  }
}

/**
 * Writes a metrics document atomically: the JSON goes to the sibling
 * `${path}.tmp` first, which is then renamed over `path`. A reader sees the
 * old or the new document, never a mix; a crash leaves at most a stale temp
 * file, which the next write replaces. The temporary file is synced before
 * the rename, and the directory after it, so a power cut cannot leave an
 * empty or partial file either.
 */
export async function writeMetricsFile(
  path: string,
  doc: MetricsDocument,
  options: WriteMetricsOptions = {},
): Promise<void> {
  const tmp = `${path}.tmp`;
  // The chunks are taken at once (a consistent snapshot: cached report bytes never
  // change); writing them in batches keeps each step short for the caller's event loop.
  const chunks = documentChunks(doc);
  try {
    const file = await createFresh(tmp);
    try {
      await writeChunks(file, chunks);
      // Durable before it replaces the old file: a power cut leaves the old or the new one.
      await file.syncData();
    } finally {
      file.close();
    }
    await (options.beforeRename?.() ?? Promise.resolve());
    await Deno.rename(tmp, path);
    await syncDirectory(dirname(path));
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw fileError(error, path, "write");
  }
}

const encoder = new TextEncoder();

/** UTF-8 bytes of frozen (hence unchanging) reports and rollups, by identity. */
const reportBytes = new WeakMap<object, Uint8Array>();

/**
 * The UTF-8 JSON of a report, encoded once for a frozen report and reused
 * after (by the file writer and the KV store alike).
 */
export function reportJson(report: object): Uint8Array {
  let bytes = reportBytes.get(report);
  if (bytes === undefined) {
    bytes = encoder.encode(JSON.stringify(report));
    if (Object.isFrozen(report)) reportBytes.set(report, bytes);
  }
  return bytes;
}

/**
 * The UTF-8 bytes of a document, equal in content to `JSON.stringify(doc)`
 * (with `reports` and `rollups` last). Frozen reports, as `appendReport`,
 * `pushReport` and `applyRetention` leave them, are serialised and encoded
 * once and their bytes reused, so a write costs the new reports plus the
 * totals and a copy, not encoding the whole history again (encoding a
 * multi-megabyte string would stall the simulator's schedule).
 */
export function encodeDocument(doc: MetricsDocument): Uint8Array {
  const chunks = documentChunks(doc);
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The document's bytes as consecutive chunks (cached report bytes are shared, not copied). */
function documentChunks(doc: MetricsDocument): Uint8Array[] {
  const { reports, rollups, ...rest } = doc;
  const chunks: Uint8Array[] = [];
  const head = JSON.stringify(rest).slice(0, -1);
  chunks.push(encoder.encode(`${head}${head === "{" ? "" : ","}"reports":[`));
  const list = (items: readonly object[]) => {
    for (let i = 0; i < items.length; i++) {
      if (i > 0) chunks.push(COMMA);
      chunks.push(reportJson(items[i] as object));
    }
  };
  list(reports);
  chunks.push(encoder.encode(`],"rollups":[`));
  list(rollups);
  chunks.push(encoder.encode("]}"));
  return chunks;
}

/** Writes chunks to a file, gathering small ones so a write is a few large operations. */
async function writeChunks(file: Deno.FsFile, chunks: readonly Uint8Array[]): Promise<void> {
  const BATCH = 256 * 1024;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const writeAll = async (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending.length === 1 ? pending[0]! : new Uint8Array(pendingBytes);
    if (pending.length > 1) {
      let at = 0;
      for (const c of pending) {
        batch.set(c, at);
        at += c.length;
      }
    }
    pending = [];
    pendingBytes = 0;
    await writeAll(batch);
  };
  for (const c of chunks) {
    if (c.length >= BATCH) {
      await flush();
      await writeAll(c);
      continue;
    }
    pending.push(c);
    pendingBytes += c.length;
    if (pendingBytes >= BATCH) await flush();
  }
  await flush();
}

const COMMA = new Uint8Array([0x2c]);

/**
 * Serialises and encodes a frozen report now, so the next
 * {@linkcode encodeDocument} (or a KV store write) reuses its bytes. Lets a writer spread the work
 * of a write over several turns of the event loop. Returns false (and does
 * nothing) when the report is not frozen or was encoded already.
 */
export function encodeReport(report: object): boolean {
  if (!Object.isFrozen(report) || reportBytes.has(report)) return false;
  reportJson(report);
  return true;
}

/** The JSON text of a document (see {@linkcode encodeDocument}). */
export function serializeDocument(doc: MetricsDocument): string {
  return new TextDecoder().decode(encodeDocument(doc));
}

/** What {@linkcode prepareMetricsFile} found. */
export interface PrepareResult {
  /** The existing document to continue, or null. */
  previous: MetricsDocument | null;
  /** Where an existing document was moved by `fresh`, or null. */
  keptAside: string | null;
}

/** Options for {@linkcode prepareMetricsFile}. */
export interface PrepareOptions {
  /** Start a new history: an existing file is renamed aside instead of continued. */
  fresh: boolean;
  /**
   * Clock for the kept-aside file name.
   * @default {() => new Date()}
   */
  now?: () => Date;
}

/**
 * Gets `path` ready before a run starts. Without a file: nothing to continue.
 * With a valid buddy-traffic file: `fresh: false` returns it so its history
 * continues; `fresh: true` moves it to `buddy_traffic_data/<stem>.<UTC time>.json`
 * beside it (the one directory the tasks grant for that).
 * A corrupt or foreign file is left untouched and reported as a
 * {@linkcode MetricsFileError}. Also checks early that the directory is writable.
 */
export async function prepareMetricsFile(
  path: string,
  options: PrepareOptions,
): Promise<PrepareResult> {
  let previous: MetricsDocument | null = null;
  try {
    previous = await readMetricsFile(path);
  } catch (error) {
    if (!(error instanceof MetricsFileError && error.kind === "missing")) throw error;
  }
  await checkWritable(path);
  if (previous === null) return { previous: null, keptAside: null };
  if (!options.fresh) {
    // Reports never change once written: freezing them lets every later write reuse their JSON.
    previous.reports = previous.reports.map(freezeReport);
    previous.rollups = previous.rollups.map(freezeReport);
    return { previous, keptAside: null };
  }
  const now = (options.now ?? (() => new Date()))();
  const aside = await freeAsidePath(path, now);
  try {
    await Deno.mkdir(dirname(aside), { recursive: true });
    await Deno.rename(path, aside);
  } catch (error) {
    throw fileError(error, path, "write");
  }
  return { previous: null, keptAside: aside };
}

/** The name an existing file is kept under: `buddy_traffic_data/<stem>.<20261126T230501Z>.json` beside it. */
export function asidePath(path: string, at: Date): string {
  const base = basename(path);
  const ext = extname(base);
  const stem = ext === "" ? base : base.slice(0, -ext.length);
  const stamp = at.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  return join(dirname(path), DATA_DIR, `${stem}.${stamp}${ext === "" ? ".json" : ext}`);
}

async function freeAsidePath(path: string, at: Date): Promise<string> {
  const first = asidePath(path, at);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? first : first.replace(/(\.[^.]*)$/, `-${n}$1`);
    try {
      await Deno.lstat(candidate);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return candidate;
      throw fileError(error, candidate, "write");
    }
  }
  throw new MetricsFileError("io", path, "too many kept-aside copies beside it", "write");
}

/**
 * Creates the temporary file `tmp` afresh: a stale one (or a symlink planted
 * in its place) is removed, never written through.
 */
async function createFresh(tmp: string): Promise<Deno.FsFile> {
  await Deno.remove(tmp).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  return await Deno.open(tmp, { write: true, createNew: true });
}

async function checkWritable(path: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    (await createFresh(tmp)).close();
    await Deno.remove(tmp);
  } catch (error) {
    const e = fileError(error, path, "write");
    if (error instanceof Deno.errors.NotFound) throw e;
    throw new MetricsFileError(
      e.kind,
      path,
      `directory ${quote(dirname(path))} is not writable (${e.detail})`,
      "write",
    );
  }
}

/**
 * A file system error about the metrics file `path` as a one-line
 * {@linkcode MetricsFileError}; a missing permission names the grant for
 * `grant` (the file actually refused, e.g. the `.tmp` sibling).
 */
export function fileError(
  error: unknown,
  path: string,
  action: "read" | "write",
  grant: string = path,
): MetricsFileError {
  if (error instanceof MetricsFileError) return error;
  if (error instanceof Deno.errors.NotFound) {
    return action === "read"
      ? new MetricsFileError(
        "missing",
        path,
        "file not found (is the simulator running, and writing to this path?)",
      )
      : new MetricsFileError(
        "io",
        path,
        `directory ${quote(dirname(path))} does not exist`,
        "write",
      );
  }
  if (error instanceof Deno.errors.NotCapable) {
    const all = action === "write" && !/\bread access\b/i.test(error.message)
      ? ` (a metrics file is written with --allow-write=${metricsFileGrant(path)})`
      : "";
    return new MetricsFileError(
      "permission",
      path,
      `permission denied: run with ${grantFlags(error, action, grant)}${all}`,
      action,
    );
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new MetricsFileError("permission", path, "permission denied by the system", action);
  }
  if (error instanceof Deno.errors.IsADirectory) {
    return new MetricsFileError("io", path, "it is a directory, not a file", action);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new MetricsFileError("io", path, oneLine(message), action);
}

/**
 * Every file a simulator writes for the metrics file `path`, as one
 * `--allow-write` list: the file, its temporary sibling, its lock and its live
 * status file, and the data directory for kept-aside copies.
 */
export function metricsFileGrant(path: string): string {
  const p = safeText(path);
  return [
    p,
    `${p}.tmp`,
    `${p}.lock`,
    `${p}.live.json`,
    `${p}.live.json.tmp`,
    join(dirname(p), DATA_DIR),
  ].join(",");
}

/** The grant a `NotCapable` error asks for: Deno names read or write in its message. */
function grantFlags(
  error: Deno.errors.NotCapable,
  action: "read" | "write",
  grant: string,
): string {
  const kind = /\bread access\b/i.test(error.message)
    ? "read"
    : /\bwrite access\b/i.test(error.message)
    ? "write"
    : action;
  const named = /access to "([^"]+)"/.exec(error.message)?.[1];
  return `--allow-${kind}=${safeText(named ?? grant)}`;
}

function oneLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  // deno-lint-ignore no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?").slice(0, 200);
}

/** Result of scanning text that JSON.parse rejected. */
type PrefixScan = { kind: "truncated" } | { kind: "not_json"; offset: number };

/**
 * Tells a cut-off JSON document (every character so far is valid, the text
 * just stops) from text that is not JSON at all, and where it goes wrong.
 */
function scanJsonPrefix(text: string): PrefixScan {
  const n = text.length;
  const stack: number[] = []; // 0x5b '[' or 0x7b '{'
  // What is expected next: value, value or ']', key or '}', key, ':', ',' or close, end.
  let state: "value" | "value_or_close" | "key_or_close" | "key" | "colon" | "after" = "value";
  let i = 0;
  const bad = (at: number): PrefixScan => ({ kind: "not_json", offset: at });
  while (true) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return { kind: "truncated" };
    const c = text.charCodeAt(i);
    switch (state) {
      case "value":
      case "value_or_close": {
        if (state === "value_or_close" && c === 0x5d) {
          stack.pop();
          i++;
          state = "after";
          break;
        }
        if (c === 0x7b || c === 0x5b) {
          stack.push(c);
          i++;
          state = c === 0x7b ? "key_or_close" : "value_or_close";
          break;
        }
        const end = scanScalar(text, i);
        if (end === "eof") return { kind: "truncated" };
        if (end < 0) return bad(-end - 1);
        i = end;
        state = "after";
        break;
      }
      case "key_or_close":
      case "key": {
        if (state === "key_or_close" && c === 0x7d) {
          stack.pop();
          i++;
          state = "after";
          break;
        }
        if (c !== 0x22) return bad(i);
        const end = scanString(text, i);
        if (end === "eof") return { kind: "truncated" };
        if (end < 0) return bad(-end - 1);
        i = end;
        state = "colon";
        break;
      }
      case "colon":
        if (c !== 0x3a) return bad(i);
        i++;
        state = "value";
        break;
      case "after": {
        const top = stack.at(-1);
        if (top === undefined) return bad(i);
        if (c === 0x2c) {
          i++;
          state = top === 0x7b ? "key" : "value";
        } else if ((top === 0x7b && c === 0x7d) || (top === 0x5b && c === 0x5d)) {
          stack.pop();
          i++;
          state = "after";
        } else {
          return bad(i);
        }
        break;
      }
    }
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** End index of the scalar at `i`, "eof" when cut off, or -(offset + 1) of a bad character. */
function scanScalar(text: string, i: number): number | "eof" {
  const c = text.charCodeAt(i);
  if (c === 0x22) return scanString(text, i);
  for (const word of ["true", "false", "null"]) {
    if (c === word.charCodeAt(0)) {
      for (let k = 0; k < word.length; k++) {
        if (i + k >= text.length) return "eof";
        if (text.charCodeAt(i + k) !== word.charCodeAt(k)) return -(i + k) - 1;
      }
      return i + word.length;
    }
  }
  const match = /-?(?:0|[1-9]\d*)?(?:\.\d*)?(?:[eE][+-]?\d*)?/y;
  match.lastIndex = i;
  const m = match.exec(text);
  const token = m?.[0] ?? "";
  if (token === "") return -i - 1;
  const end = i + token.length;
  const complete = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(token);
  if (end >= text.length) return "eof";
  return complete ? end : -end - 1;
}

function scanString(text: string, i: number): number | "eof" {
  let k = i + 1;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === 0x22) return k + 1;
    if (c < 0x20) return -k - 1;
    if (c === 0x5c) {
      const e = text.charCodeAt(k + 1);
      if (k + 1 >= text.length) return "eof";
      if (e === 0x75) {
        for (let h = 2; h < 6; h++) {
          if (k + h >= text.length) return "eof";
          if (!/[0-9a-fA-F]/.test(text[k + h] ?? "")) return -(k + h) - 1;
        }
        k += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) return -(k + 1) - 1;
      k += 2;
      continue;
    }
    k++;
  }
  return "eof";
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
