/**
 * How metrics documents are laid out in a Deno KV store: one pointer per
 * shard naming immutable, chunked JSON blobs, a store-wide change counter,
 * shard names, the typed one-line error, and the low-level blob reads and
 * writes the KV modules build on: opening (`kv_open.ts`), the shard writer
 * (`kv_store.ts`), assembling a document (`kv_assemble.ts`), the readers
 * (`kv_reader.ts`) and the consistency check (`kv_check.ts`).
 *
 * Keys, under {@linkcode KV_PREFIX} (`P`):
 *
 * - `[P, "shard", NAME]` -> {@linkcode ShardPointer}
 * - `[P, "blob", NAME, BLOB_ID, CHUNK_INDEX]` -> `Uint8Array` chunk of UTF-8 JSON
 * - `[P, "aside", NAME, STAMP]` -> the pointer of a history kept aside
 * - `[P, "version"]` -> `Deno.KvU64`, increased by every commit
 *
 * @module
 */
import { SCHEMA_VERSION } from "../model/metrics_document.ts";
import { quote } from "../fmt/quote.ts";
import { InputError } from "../model/input_error.ts";

/** Prefix of every key this product writes. */
export const KV_PREFIX = ["buddy-traffic", "v1"] as const;

/** Shard written when no `--shard` is given. */
export const DEFAULT_SHARD = "default";

/** Largest chunk of a blob, in bytes (a KV value holds at most 65,536). */
export const CHUNK_BYTES = 60_000;

/** Largest total of chunk bytes written in one atomic operation (KV allows 819,200). */
const BATCH_BYTES = 600_000;

/** Most mutations in one atomic operation (KV allows 1,000). */
const BATCH_MUTATIONS = 500;

/** Why a KV store or shard could not be used. */
export type KvStoreErrorKind =
  | "missing"
  | "corrupt"
  | "permission"
  | "in_use"
  | "conflict"
  | "invalid";

/** A KV store or shard that cannot be used; the message is one line. */
export class KvStoreError extends InputError {
  /** What went wrong. */
  readonly kind: KvStoreErrorKind;

  /** Creates an error with a one-line message. */
  constructor(kind: KvStoreErrorKind, message: string) {
    super(message);
    this.name = "KvStoreError";
    this.kind = kind;
  }
}

/**
 * The first line of an error's message, to end a one-line message: control
 * characters as `?`, at most 200 characters.
 */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  // deno-lint-ignore no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?").slice(0, 200);
}

/** A stored blob: its id under the shard, chunk count and total bytes. */
export interface BlobRef {
  /** Unique id under the shard. */
  id: string;
  /** Number of chunks (keys 0..chunks-1). */
  chunks: number;
  /** Total bytes of the chunks. */
  bytes: number;
}

/** The value at `[P, "shard", NAME]`: who writes the shard and which blobs make its document. */
export interface ShardPointer {
  /** Document schema version of the blobs. */
  schema_version: number;
  /** Shard name. */
  shard: string;
  /** Random id of the store instance that writes the shard. */
  owner: string;
  /** Process id of the writer. */
  pid: number;
  /** Host name of the writer (absent in pointers of older writers). */
  host?: string;
  /** Epoch ms of the writer's last commit. */
  heartbeat_at: number;
  /** How long after `heartbeat_at` a running writer holds the shard, ms. */
  lease_ms: number;
  /** The document's `status.state` (`running` before the first write). */
  state: "running" | "stopped";
  /** Everything of the document but its reports and rollups; null before the first write. */
  meta: BlobRef | null;
  /** One blob per report, oldest first. */
  reports: BlobRef[];
  /** One blob per rollup, oldest first. */
  rollups: BlobRef[];
}

/** Key of a shard's pointer. */
export function pointerKey(shard: string): Deno.KvKey {
  return [...KV_PREFIX, "shard", shard];
}

/**
 * Every entry under the shard pointers' prefix, in key order, with its shard
 * name (null for a key that is not a shard pointer's).
 */
export async function* shardPointerEntries(
  kv: Deno.Kv,
): AsyncGenerator<{ shard: string | null; entry: Deno.KvEntry<unknown> }> {
  for await (const entry of kv.list({ prefix: [...KV_PREFIX, "shard"] })) {
    const shard = entry.key[KV_PREFIX.length + 1];
    const ok = typeof shard === "string" && entry.key.length === KV_PREFIX.length + 2;
    yield { shard: ok ? shard : null, entry };
  }
}

/** Prefix of every blob of a shard, or of one blob. */
export function blobPrefix(shard: string, id?: string): Deno.KvKey {
  return id === undefined ? [...KV_PREFIX, "blob", shard] : [...KV_PREFIX, "blob", shard, id];
}

/** Key of a kept-aside pointer. */
export function asideKey(shard: string, stamp: string): Deno.KvKey {
  return [...KV_PREFIX, "aside", shard, stamp];
}

/** Prefix of the kept-aside pointers of a shard, or of all shards. */
export function asidePrefix(shard?: string): Deno.KvKey {
  return shard === undefined ? [...KV_PREFIX, "aside"] : [...KV_PREFIX, "aside", shard];
}

/** Key of the store-wide change counter. */
export const VERSION_KEY: Deno.KvKey = [...KV_PREFIX, "version"];

const SHARD_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/**
 * Checks a shard name: 1-64 letters, digits, `.`, `_` or `-`, not starting
 * with `.`. Throws a {@linkcode KvStoreError} of kind `invalid` otherwise.
 */
export function validateShardName(name: string): string {
  if (!SHARD_NAME.test(name)) {
    throw new KvStoreError(
      "invalid",
      `Cannot use --shard as it must be 1-64 letters, digits, '.', '_' or '-', not starting with '.': current value is ${
        quote(name.length > 80 ? `${name.slice(0, 80)}…` : name)
      }`,
    );
  }
  return name;
}

/** The UTC stamp of a kept-aside name, as for kept-aside files: `20261127T031500Z`. */
export function asideStamp(at: Date): string {
  return at.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/** Checks the shape of a stored pointer; returns null when it is not one. */
export function asPointer(value: unknown): ShardPointer | null {
  if (typeof value !== "object" || value === null) return null;
  const p = value as Record<string, unknown>;
  const okRefs = (v: unknown) => Array.isArray(v) && v.every(isBlobRef);
  if (
    typeof p.schema_version !== "number" || typeof p.shard !== "string" ||
    typeof p.owner !== "string" || typeof p.pid !== "number" ||
    typeof p.heartbeat_at !== "number" || typeof p.lease_ms !== "number" ||
    (p.state !== "running" && p.state !== "stopped") ||
    (p.meta !== null && !isBlobRef(p.meta)) || !okRefs(p.reports) || !okRefs(p.rollups)
  ) {
    return null;
  }
  return p as unknown as ShardPointer;
}

function isBlobRef(v: unknown): v is BlobRef {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.id === "string" && r.id !== "" && Number.isSafeInteger(r.chunks) &&
    (r.chunks as number) >= 1 && Number.isSafeInteger(r.bytes) && (r.bytes as number) >= 0;
}

/** Reads a shard's pointer; throws `corrupt` when the value is not a pointer of this version. */
export function pointerOf(shard: string, value: unknown): ShardPointer {
  const pointer = asPointer(value);
  if (pointer === null) {
    throw new KvStoreError(
      "corrupt",
      `Cannot read shard ${quote(shard)}: its entry is not a buddy-traffic shard pointer`,
    );
  }
  if (pointer.schema_version !== SCHEMA_VERSION) {
    throw new KvStoreError(
      "corrupt",
      `Cannot read shard ${
        quote(shard)
      }: written with schema version ${pointer.schema_version}, this buddy-traffic reads version ${SCHEMA_VERSION}`,
    );
  }
  return pointer;
}

/** Every blob a pointer references: meta, reports, rollups. */
export function pointerRefs(pointer: ShardPointer | null): BlobRef[] {
  if (pointer === null) return [];
  return [...(pointer.meta === null ? [] : [pointer.meta]), ...pointer.reports, ...pointer.rollups];
}

/** A new blob id: time then randomness, unique among writers. */
export function newBlobId(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `${Date.now().toString(36)}${random[0]!.toString(36)}${random[1]!.toString(36)}`;
}

/** A blob to write: its reference and its bytes. */
export interface PendingBlob {
  /** Reference the pointer will hold. */
  ref: BlobRef;
  /** The UTF-8 JSON. */
  bytes: Uint8Array;
}

/** Makes a pending blob of `bytes` under a new id. */
export function pendingBlob(bytes: Uint8Array): PendingBlob {
  return {
    ref: {
      id: newBlobId(),
      chunks: Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES)),
      bytes: bytes.length,
    },
    bytes,
  };
}

/**
 * Writes blobs in as few atomic operations as the KV limits allow. Each blob
 * key is new, so the writes are invisible until a pointer references them.
 */
export async function writeBlobs(
  kv: Deno.Kv,
  shard: string,
  blobs: readonly PendingBlob[],
): Promise<void> {
  let batch: [Deno.KvKey, Uint8Array][] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const sets = batch;
    batch = [];
    bytes = 0;
    const result = await commitAtomic(kv, (op) => {
      for (const [key, chunk] of sets) op.set(key, chunk);
    });
    if (!result.ok) throw new KvStoreError("conflict", `Cannot write shard ${quote(shard)}`);
  };
  for (const blob of blobs) {
    for (let i = 0; i < blob.ref.chunks; i++) {
      const chunk = blob.bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES);
      if (bytes + chunk.length > BATCH_BYTES || batch.length + 1 > BATCH_MUTATIONS) await flush();
      batch.push([[...blobPrefix(shard, blob.ref.id), i], chunk]);
      bytes += chunk.length;
    }
  }
  await flush();
}

/** Deletes blobs (every chunk key) in batched atomic operations; best effort on chunk counts. */
export async function deleteBlobs(
  kv: Deno.Kv,
  shard: string,
  refs: readonly BlobRef[],
): Promise<void> {
  const keys: Deno.KvKey[] = [];
  for (const ref of refs) {
    for (let i = 0; i < ref.chunks; i++) keys.push([...blobPrefix(shard, ref.id), i]);
  }
  await deleteKeys(kv, keys);
}

/** Deletes keys in batched atomic operations. */
export async function deleteKeys(kv: Deno.Kv, keys: readonly Deno.KvKey[]): Promise<void> {
  for (let at = 0; at < keys.length; at += BATCH_MUTATIONS) {
    const batch = keys.slice(at, at + BATCH_MUTATIONS);
    await commitAtomic(kv, (op) => {
      for (const key of batch) op.delete(key);
    });
  }
}

/** Longest total wait for a store another process has locked, ms. */
const LOCK_WAIT_MS = 10_000;

/**
 * Builds and commits an atomic operation, retrying while another process
 * holds the store's file lock (a local store is one SQLite file shared by
 * every simulator and reader; SQLite answers "database is locked" at once).
 */
export async function commitAtomic(
  kv: Deno.Kv,
  build: (op: Deno.AtomicOperation) => void,
): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
  let waited = 0;
  for (let attempt = 0;; attempt++) {
    const op = kv.atomic();
    build(op);
    try {
      return await op.commit();
    } catch (error) {
      if (!isLocked(error) || waited >= LOCK_WAIT_MS) throw error;
      const delay = Math.min(100, 2 ** attempt) * (0.5 + Math.random());
      waited += delay;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Whether `error` is SQLite's "database is locked" (or "busy"). */
export function isLocked(error: unknown): boolean {
  return error instanceof Error && /database is (locked|busy)/i.test(error.message);
}

/** What reading a blob found. */
export type BlobRead =
  | { kind: "ok"; bytes: Uint8Array }
  | { kind: "missing"; found: number }
  | { kind: "damaged"; detail: string };

/** Reads a blob's chunks and checks them against its reference. */
export async function readBlob(kv: Deno.Kv, shard: string, ref: BlobRef): Promise<BlobRead> {
  return (await readBlobs(kv, shard, [ref]))[0]!;
}

/** Chunks listed per request: a shard's blobs are a few hundred chunks. */
const LIST_BATCH = 500;

/**
 * Reads several blobs of a shard, results in the order of `refs`: one
 * `kv.list` over the key range from the lowest to the highest id (ids
 * begin with their creation time, so the blobs a writer added since a
 * reader's last read are one short range), keeping the chunks of the ids
 * asked for. Each blob's chunks must be keys 0..chunks-1 holding bytes that
 * add up to its reference; otherwise it is `missing` (fewer chunks) or
 * `damaged`.
 */
export async function readBlobs(
  kv: Deno.Kv,
  shard: string,
  refs: readonly BlobRef[],
): Promise<BlobRead[]> {
  if (refs.length === 0) return [];
  interface Found {
    parts: Uint8Array[];
    total: number;
    damaged: string | null;
  }
  const found = new Map<string, Found>();
  let low = refs[0]!.id;
  let high = low;
  for (const ref of refs) {
    found.set(ref.id, { parts: [], total: 0, damaged: null });
    if (ref.id < low) low = ref.id;
    if (ref.id > high) high = ref.id;
  }
  const prefix = blobPrefix(shard);
  const selector = { start: blobPrefix(shard, low), end: blobPrefix(shard, `${high}\u0000`) };
  for await (const entry of kv.list<unknown>(selector, { batchSize: LIST_BATCH })) {
    const id = entry.key[prefix.length];
    const blob = typeof id === "string" ? found.get(id) : undefined;
    if (blob === undefined || blob.damaged !== null || entry.key.length <= prefix.length + 1) {
      continue;
    }
    const index = entry.key.at(-1);
    if (index !== blob.parts.length || !(entry.value instanceof Uint8Array)) {
      blob.damaged = `blob '${String(id)}' has an unexpected chunk ${String(index)}`;
      continue;
    }
    blob.parts.push(entry.value);
    blob.total += entry.value.length;
  }
  return refs.map((ref): BlobRead => {
    const { parts, total, damaged } = found.get(ref.id)!;
    if (damaged !== null) return { kind: "damaged", detail: damaged };
    if (parts.length < ref.chunks) return { kind: "missing", found: parts.length };
    if (parts.length > ref.chunks || total !== ref.bytes) {
      return {
        kind: "damaged",
        detail:
          `blob '${ref.id}' has ${parts.length} chunks of ${total} bytes, expected ${ref.chunks} of ${ref.bytes}`,
      };
    }
    return { kind: "ok", bytes: joinChunks(parts) };
  });
}

function joinChunks(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return bytes;
}
