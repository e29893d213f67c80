/**
 * The metrics document in a Deno KV store, one shard per simulator: several
 * simulators (each `--shard NAME`) write into one store at once, and readers
 * get every shard's document to merge.
 *
 * A write puts the new blobs first (a report is written once and then only
 * referenced again; the rest of the document, "meta", at every write), then
 * commits the shard's pointer in one atomic operation checked against the
 * pointer this writer last saw, so a reader sees the old document or the new
 * one. Blobs the new pointer dropped are deleted one commit later, so a
 * reader that has just read the previous pointer can still fetch them.
 * A reader that reads again and again (a dashboard) keeps the reports it
 * read by blob and fetches only new blobs: {@linkcode createKvReader}.
 * Layout and limits: `kv_layout.ts`.
 *
 * @module
 */
import { dirname } from "node:path";
import type { MetricsStore, StorePrepared, StorePrepareOptions } from "./metrics_store.ts";
import { type MetricsDocument, type Report, SCHEMA, SCHEMA_VERSION } from "./schema.ts";
import { freezeReport } from "./document.ts";
import { MetricsFileError, parseDocument } from "./metrics_file.ts";
import { quote, validateDocument, validateReport } from "./validate_document.ts";
import {
  asideKey,
  asidePrefix,
  asideStamp,
  asPointer,
  blobPrefix,
  type BlobRead,
  type BlobRef,
  commitAtomic,
  deleteBlobs,
  deleteKeys,
  isLocked,
  KV_PREFIX,
  KvStoreError,
  type PendingBlob,
  pendingBlob,
  pointerKey,
  pointerOf,
  pointerRefs,
  readBlobs,
  type ShardPointer,
  validateShardName,
  VERSION_KEY,
  writeBlobs,
} from "./kv_layout.ts";

export {
  type BlobRef,
  DEFAULT_SHARD,
  KV_PREFIX,
  KvStoreError,
  type KvStoreErrorKind,
  type ShardPointer,
  validateShardName,
} from "./kv_layout.ts";

/** Times a reader re-reads a pointer whose blobs were replaced while it read them. */
const READ_ATTEMPTS = 5;

const encoder = new TextEncoder();

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
  const permission = () =>
    new KvStoreError(
      "permission",
      `Cannot open KV store ${name}: permission denied: run with --allow-read=${path} --allow-write=${path} (Deno KV needs both, even to read)`,
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

/** The store-wide change counter: any commit to any shard increases it (readers poll it). */
export async function readKvVersion(kv: Deno.Kv): Promise<bigint> {
  const entry = await kv.get<Deno.KvU64>(VERSION_KEY);
  return entry.value instanceof Deno.KvU64 ? entry.value.value : 0n;
}

/**
 * The document of one shard, validated like a metrics file, or null when the
 * shard does not exist or has no document yet. Throws a one-line
 * {@linkcode KvStoreError} of kind `corrupt` when it cannot be read.
 */
export async function readKvShard(kv: Deno.Kv, shard: string): Promise<MetricsDocument | null> {
  const entry = await kv.get(pointerKey(shard));
  return await readShardEntry(kv, shard, entry);
}

/** A shard and its document. */
export interface KvShard {
  /** Shard name. */
  shard: string;
  /** Its document. */
  doc: MetricsDocument;
}

/** Every shard that has a document, sorted by name (kept-aside histories excluded). */
export async function readKvShards(kv: Deno.Kv): Promise<KvShard[]> {
  const out: KvShard[] = [];
  for await (const entry of kv.list({ prefix: [...KV_PREFIX, "shard"] })) {
    const shard = entry.key[KV_PREFIX.length + 1];
    if (typeof shard !== "string" || entry.key.length !== KV_PREFIX.length + 2) continue;
    const doc = await readShardEntry(kv, shard, entry);
    if (doc !== null) out.push({ shard, doc });
  }
  return out.sort((a, b) => (a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : 0));
}

/** The names of every shard with a pointer, sorted (with or without a document). */
export async function listKvShards(kv: Deno.Kv): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of kv.list({ prefix: [...KV_PREFIX, "shard"] })) {
    const shard = entry.key[KV_PREFIX.length + 1];
    if (typeof shard === "string" && entry.key.length === KV_PREFIX.length + 2) out.push(shard);
  }
  return out.sort();
}

async function readShardEntry(
  kv: Deno.Kv,
  shard: string,
  first: Deno.KvEntryMaybe<unknown>,
  read: (pointer: ShardPointer, versionstamp: string) => Promise<Assembled> = (pointer) =>
    assemble(kv, shard, pointer, `shard ${quote(shard)}`),
): Promise<MetricsDocument | null> {
  let entry = first;
  for (let attempt = 1;; attempt++) {
    if (entry.value === null || entry.versionstamp === null) return null;
    const pointer = pointerOf(shard, entry.value);
    const result = await read(pointer, entry.versionstamp);
    if (result.kind === "ok") return result.doc;
    // A blob is gone: the writer committed again and dropped it. Read the new pointer.
    const again = await kv.get(pointerKey(shard));
    if (again.versionstamp === entry.versionstamp) {
      throw new KvStoreError("corrupt", `Cannot read shard ${quote(shard)}: ${result.detail}`);
    }
    if (attempt >= READ_ATTEMPTS) {
      throw new KvStoreError(
        "corrupt",
        `Cannot read shard ${
          quote(shard)
        }: it changed ${READ_ATTEMPTS} times while being read (try again)`,
      );
    }
    entry = again;
  }
}

/**
 * Reads a store again and again (a dashboard's refreshes) at the cost of
 * what changed: see {@linkcode createKvReader}.
 */
export interface KvReader {
  /** As {@linkcode readKvShards}. */
  readShards(): Promise<KvShard[]>;
  /** As {@linkcode readKvShard}. */
  readShard(shard: string): Promise<MetricsDocument | null>;
  /** How many report blobs the reader holds (what the pointers it last read reference). */
  cachedReports(): number;
}

/** A report blob already read, parsed and validated. */
interface CachedBlob {
  ref: BlobRef;
  /** The report, deep-frozen: documents of several reads share it. */
  report: Report;
  /** The accuracy its histograms share. */
  accuracy: number;
}

/** What a reader keeps of a shard: its last pointer's versionstamp, document and report blobs. */
interface ShardCache {
  versionstamp: string;
  doc: MetricsDocument | null;
  blobs: Map<string, CachedBlob>;
}

/**
 * A reader that returns the same documents as {@linkcode readKvShards} and
 * {@linkcode readKvShard}, with the same errors, at the cost of what changed
 * since its last read. Blobs are immutable and their ids never reused, so
 * it keeps every report blob parsed, validated and deep-frozen by id, and
 * fetches a changed shard's new meta blob and new report blobs only; a
 * shard whose pointer is unchanged is not read at all. After each read it
 * keeps only what the pointers read reference, so it holds at most one
 * copy of the store's current documents.
 *
 * Documents returned share their report objects (frozen) with the reader
 * and with each other: callers must not change them (copy a report to
 * change it). Each document and its report lists are new objects.
 */
export function createKvReader(kv: Deno.Kv): KvReader {
  const cache = new Map<string, ShardCache>();
  const readEntry = async (
    shard: string,
    entry: Deno.KvEntryMaybe<unknown>,
  ): Promise<MetricsDocument | null> => {
    const known = cache.get(shard);
    cache.delete(shard);
    if (known !== undefined && known.versionstamp === entry.versionstamp) {
      cache.set(shard, known);
      return copyDocument(known.doc);
    }
    let kept: ShardCache | null = null;
    const doc = await readShardEntry(kv, shard, entry, async (pointer, versionstamp) => {
      const result = await assembleCached(kv, shard, pointer, known?.blobs);
      if (result.kind === "ok") kept = { versionstamp, doc: result.doc, blobs: result.blobs };
      return result;
    });
    if (kept !== null) cache.set(shard, kept);
    return copyDocument(doc);
  };
  return {
    async readShards() {
      const out: KvShard[] = [];
      const seen = new Set<string>();
      for await (const entry of kv.list({ prefix: [...KV_PREFIX, "shard"] })) {
        const shard = entry.key[KV_PREFIX.length + 1];
        if (typeof shard !== "string" || entry.key.length !== KV_PREFIX.length + 2) continue;
        seen.add(shard);
        const doc = await readEntry(shard, entry);
        if (doc !== null) out.push({ shard, doc });
      }
      for (const shard of cache.keys()) if (!seen.has(shard)) cache.delete(shard);
      return out.sort((a, b) => (a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : 0));
    },
    async readShard(shard) {
      return await readEntry(shard, await kv.get(pointerKey(shard)));
    },
    cachedReports() {
      let n = 0;
      for (const shard of cache.values()) n += shard.blobs.size;
      return n;
    },
  };
}

/** A new document object with new report lists (the reports themselves are shared). */
function copyDocument(doc: MetricsDocument | null): MetricsDocument | null {
  return doc === null
    ? null
    : { ...doc, reports: doc.reports.slice(), rollups: doc.rollups.slice() };
}

type CachedAssembly =
  | { kind: "ok"; doc: MetricsDocument | null; blobs: Map<string, CachedBlob> }
  | { kind: "missing"; detail: string };

/**
 * {@linkcode assemble} reading only the meta blob and the report blobs not
 * in `known`: the meta and each new report are parsed and validated alone,
 * then the accuracies they use are compared, which is what validating the
 * whole document checks. Anything unexpected (a blob that is not JSON on
 * its own, an invalid part) goes through {@linkcode assemble}, so errors
 * are exactly its errors.
 */
async function assembleCached(
  kv: Deno.Kv,
  shard: string,
  pointer: ShardPointer,
  known: ReadonlyMap<string, CachedBlob> | undefined,
): Promise<CachedAssembly> {
  const label = `shard ${quote(shard)}`;
  const blobs = new Map<string, CachedBlob>();
  if (pointer.meta === null) return { kind: "ok", doc: null, blobs };
  const refs = [...pointer.reports, ...pointer.rollups];
  const wanted: BlobRef[] = [pointer.meta];
  for (const ref of refs) {
    const hit = known?.get(ref.id);
    if (hit !== undefined && hit.ref.chunks === ref.chunks && hit.ref.bytes === ref.bytes) {
      blobs.set(ref.id, hit);
    } else wanted.push(ref);
  }
  const reads = await readBlobs(kv, shard, wanted);
  const problem = firstProblem(wanted, reads, label);
  if (problem !== null) return problem;
  const decoder = new TextDecoder();
  const slow = async (): Promise<CachedAssembly> => {
    const result = await assemble(kv, shard, pointer, label);
    return result.kind === "ok" ? { ...result, blobs: new Map() } : result;
  };
  const metaText = decoder.decode((reads[0] as { bytes: Uint8Array }).bytes).trim();
  if (!metaText.startsWith("{") || !metaText.endsWith("}")) return await slow();
  let meta: unknown;
  try {
    meta = JSON.parse(metaText);
    for (let i = 1; i < wanted.length; i++) {
      const ref = wanted[i]!;
      const value: unknown = JSON.parse(
        decoder.decode((reads[i] as { bytes: Uint8Array }).bytes),
      );
      const accuracy = validateReport(value, label, "reports[0]");
      blobs.set(ref.id, { ref, report: freezeReport(value as Report), accuracy });
    }
  } catch {
    return await slow();
  }
  const reportOf = (ref: BlobRef) => blobs.get(ref.id)!;
  const first = refs[0] === undefined ? undefined : reportOf(refs[0]);
  if (
    typeof meta !== "object" || meta === null || Array.isArray(meta) ||
    (meta as Record<string, unknown>).schema !== SCHEMA ||
    (meta as Record<string, unknown>).schema_version !== SCHEMA_VERSION ||
    refs.some((ref) => reportOf(ref).accuracy !== first?.accuracy)
  ) {
    return await slow();
  }
  try {
    // The meta with one report: checks the meta, and its accuracy against the reports'.
    validateDocument(
      { ...meta, reports: first === undefined ? [] : [first.report], rollups: [] },
      label,
    );
  } catch {
    return await slow();
  }
  const doc = {
    ...meta,
    reports: pointer.reports.map((ref) => reportOf(ref).report),
    rollups: pointer.rollups.map((ref) => reportOf(ref).report),
  } as MetricsDocument;
  return { kind: "ok", doc, blobs };
}

type Assembled =
  | { kind: "ok"; doc: MetricsDocument | null }
  | { kind: "missing"; detail: string };

/**
 * Reads a pointer's blobs and builds the document text exactly as the file
 * has it (meta fields, then reports, then rollups), validated by the file's
 * parser. A missing blob is reported (the caller may retry); damage or an
 * invalid document throws `corrupt`.
 */
async function assemble(
  kv: Deno.Kv,
  shard: string,
  pointer: ShardPointer,
  label: string,
): Promise<Assembled> {
  if (pointer.meta === null) return { kind: "ok", doc: null };
  const refs = [pointer.meta, ...pointer.reports, ...pointer.rollups];
  const reads = await readBlobs(kv, shard, refs);
  const problem = firstProblem(refs, reads, label);
  if (problem !== null) return problem;
  const decoder = new TextDecoder();
  const texts = reads.map((read) => decoder.decode((read as { bytes: Uint8Array }).bytes));
  const meta = (texts[0] ?? "").trim();
  if (!meta.startsWith("{") || !meta.endsWith("}")) {
    throw new KvStoreError("corrupt", `Cannot read ${label}: its meta blob is not a JSON object`);
  }
  const head = meta.slice(0, -1);
  const reports = texts.slice(1, 1 + pointer.reports.length).join(",");
  const rollups = texts.slice(1 + pointer.reports.length).join(",");
  const text = `${head}${
    head.trim() === "{" ? "" : ","
  }"reports":[${reports}],"rollups":[${rollups}]}`;
  try {
    return { kind: "ok", doc: parseDocument(text, label) };
  } catch (error) {
    if (error instanceof MetricsFileError) {
      throw new KvStoreError("corrupt", `Cannot read ${label}: ${error.detail}`);
    }
    throw error;
  }
}

/**
 * The first blob, in pointer order, that is missing (the caller may re-read
 * the pointer) or damaged (thrown as `corrupt`); null when all were read.
 */
function firstProblem(
  refs: readonly BlobRef[],
  reads: readonly BlobRead[],
  label: string,
): { kind: "missing"; detail: string } | null {
  for (let i = 0; i < reads.length; i++) {
    const read = reads[i]!;
    const ref = refs[i]!;
    if (read.kind === "missing") {
      return {
        kind: "missing",
        detail: `blob ${quote(ref.id)} is missing (${read.found} of ${ref.chunks} chunks found)`,
      };
    }
    if (read.kind === "damaged") {
      throw new KvStoreError("corrupt", `Cannot read ${label}: ${read.detail}`);
    }
  }
  return null;
}

/** Options for {@linkcode kvStore}. */
export interface KvStoreOptions {
  /** How to name the store in messages, usually its path. @default {"KV store"} */
  label?: string;
  /** Close the KV handle on {@linkcode MetricsStore.close}. @default {false} */
  ownsKv?: boolean;
  /**
   * How long after its last write a running writer keeps the shard from
   * other simulators, ms (0: never).
   * @default {60000}
   */
  leaseMs?: number;
  /** Process id recorded in the pointer. @default {Deno.pid} */
  pid?: number;
  /** Clock for heartbeats and leases, epoch ms. @default {Date.now} */
  clock?: () => number;
}

/**
 * One shard of a KV store as a {@linkcode MetricsStore}: `prepare` takes the
 * shard (refusing one a live simulator holds), `write` replaces its document
 * atomically, `close` closes the handle when `ownsKv`.
 */
export function kvStore(kv: Deno.Kv, shard: string, options: KvStoreOptions = {}): MetricsStore {
  return new KvShardStore(kv, validateShardName(shard), options);
}

/** A snapshot of a document taken when `write` is called. */
interface Snapshot {
  meta: Uint8Array;
  reports: readonly Report[];
  rollups: readonly Report[];
  state: "running" | "stopped";
}

class KvShardStore implements MetricsStore {
  readonly label: string;
  readonly #kv: Deno.Kv;
  readonly #shard: string;
  readonly #ownsKv: boolean;
  readonly #leaseMs: number;
  readonly #pid: number;
  readonly #clock: () => number;
  readonly #owner = crypto.randomUUID();
  /** Blobs of frozen reports already written, by identity. */
  readonly #refs = new WeakMap<object, BlobRef>();
  /** The pointer this store committed last, and its versionstamp. */
  #pointer: ShardPointer | null = null;
  #versionstamp: string | null = null;
  /** Blobs dropped by the last commit, deleted after the next one. */
  #garbage: BlobRef[] = [];
  #lost = false;
  #closed = false;
  #queue: Promise<void> = Promise.resolve();

  constructor(kv: Deno.Kv, shard: string, options: KvStoreOptions) {
    this.#kv = kv;
    this.#shard = shard;
    this.label = `${options.label ?? "KV store"} (shard ${shard})`;
    this.#ownsKv = options.ownsKv ?? false;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#pid = options.pid ?? Deno.pid;
    this.#clock = options.clock ?? Date.now;
  }

  async prepare(options: StorePrepareOptions): Promise<StorePrepared> {
    const shard = this.#shard;
    const key = pointerKey(shard);
    for (let attempt = 0; attempt < 3; attempt++) {
      const entry = await this.#kv.get(key);
      const old = entry.value === null ? null : pointerOf(shard, entry.value);
      const now = this.#clock();
      if (
        old !== null && old.owner !== this.#owner && old.state === "running" &&
        old.heartbeat_at + old.lease_ms > now
      ) {
        const ago = Math.max(0, Math.round((now - old.heartbeat_at) / 1000));
        throw new KvStoreError(
          "in_use",
          `Cannot use shard ${
            quote(shard)
          } as another simulator (pid ${old.pid}) is writing it; last write ${ago} s ago: use another --shard or wait`,
        );
      }
      let previous: MetricsDocument | null = null;
      if (old !== null && !options.fresh) {
        const read = await assemble(this.#kv, shard, old, `shard ${quote(shard)}`);
        if (read.kind === "missing") {
          // A writer whose lease ran out may still commit: read its newer pointer.
          const again = await this.#kv.get(key);
          if (again.versionstamp !== entry.versionstamp) continue;
          throw new KvStoreError("corrupt", `Cannot read shard ${quote(shard)}: ${read.detail}`);
        }
        previous = read.doc;
      }
      const keep = options.fresh ? null : old;
      const pointer: ShardPointer = {
        schema_version: SCHEMA_VERSION,
        shard,
        owner: this.#owner,
        pid: this.#pid,
        heartbeat_at: now,
        lease_ms: this.#leaseMs,
        state: "running",
        meta: keep?.meta ?? null,
        reports: keep?.reports ?? [],
        rollups: keep?.rollups ?? [],
      };
      let aside: string | null = null;
      if (options.fresh && old !== null && old.meta !== null) {
        aside = await this.#freeAsideStamp((options.now ?? (() => new Date()))());
      }
      const result = await commitAtomic(this.#kv, (op) => {
        op.check({ key, versionstamp: entry.versionstamp })
          .set(key, pointer)
          .sum(VERSION_KEY, 1n);
        if (aside !== null) {
          const akey = asideKey(shard, aside);
          op.check({ key: akey, versionstamp: null }).set(akey, old);
        }
      });
      if (!result.ok) continue;
      this.#pointer = pointer;
      this.#versionstamp = result.versionstamp;
      this.#garbage = [];
      await this.#deleteOrphans(pointer);
      if (previous !== null && keep !== null) {
        // Reports never change once written: freeze them and remember their blobs.
        previous.reports = previous.reports.map(freezeReport);
        previous.rollups = previous.rollups.map(freezeReport);
        previous.reports.forEach((r, i) => this.#refs.set(r, keep.reports[i]!));
        previous.rollups.forEach((r, i) => this.#refs.set(r, keep.rollups[i]!));
      }
      return {
        previous,
        keptAside: aside === null
          ? null
          : `shard ${quote(shard)} kept aside as ${quote(`${shard}.${aside}`)}`,
      };
    }
    throw new KvStoreError(
      "conflict",
      `Cannot use shard ${quote(shard)} as another simulator is taking it at the same time`,
    );
  }

  write(doc: MetricsDocument): Promise<void> {
    if (this.#closed) {
      return Promise.reject(
        new KvStoreError("invalid", `Cannot write ${this.label} as the store is closed`),
      );
    }
    // Taken now, so later changes to `doc` do not leak into this write.
    const { reports, rollups, ...rest } = doc;
    const snapshot: Snapshot = {
      meta: encoder.encode(JSON.stringify(rest)),
      reports: reports.slice(),
      rollups: rollups.slice(),
      state: doc.status.state,
    };
    const run = this.#queue.then(() => this.#commit(snapshot));
    this.#queue = run.catch(() => {});
    return run;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsKv) this.#kv.close();
  }

  async #commit(snapshot: Snapshot): Promise<void> {
    const shard = this.#shard;
    if (this.#lost) throw this.#conflict();
    const before = this.#pointer;
    if (before === null) {
      throw new KvStoreError("invalid", `Cannot write ${this.label} before preparing it`);
    }
    const live = new Set(pointerRefs(before).map((r) => r.id));
    const fresh: PendingBlob[] = [];
    const refOf = (report: Report): BlobRef => {
      const cached = this.#refs.get(report);
      if (cached !== undefined && live.has(cached.id)) return cached;
      const blob = pendingBlob(encoder.encode(JSON.stringify(report)));
      fresh.push(blob);
      if (Object.isFrozen(report)) this.#refs.set(report, blob.ref);
      return blob.ref;
    };
    const reports = snapshot.reports.map(refOf);
    const rollups = snapshot.rollups.map(refOf);
    const meta = pendingBlob(snapshot.meta);
    fresh.push(meta);
    const pointer: ShardPointer = {
      schema_version: SCHEMA_VERSION,
      shard,
      owner: this.#owner,
      pid: this.#pid,
      heartbeat_at: this.#clock(),
      lease_ms: this.#leaseMs,
      state: snapshot.state,
      meta: meta.ref,
      reports,
      rollups,
    };
    let result: Deno.KvCommitResult | Deno.KvCommitError;
    try {
      await writeBlobs(this.#kv, shard, fresh);
      result = await commitAtomic(this.#kv, (op) => {
        op.check({ key: pointerKey(shard), versionstamp: this.#versionstamp })
          .set(pointerKey(shard), pointer)
          .sum(VERSION_KEY, 1n);
      });
    } catch (error) {
      await deleteBlobs(this.#kv, shard, fresh.map((b) => b.ref)).catch(() => {});
      if (error instanceof KvStoreError) throw error;
      if (/value too large/i.test(oneLine(error))) {
        throw new KvStoreError(
          "invalid",
          `Cannot write ${this.label}: its ${reports.length} reports and ${rollups.length} rollups are more than one shard can list (keep fewer reports)`,
        );
      }
      throw new KvStoreError("invalid", `Cannot write ${this.label}: ${oneLine(error)}`);
    }
    if (!result.ok) {
      this.#lost = true;
      await deleteBlobs(this.#kv, shard, fresh.map((b) => b.ref)).catch(() => {});
      throw this.#conflict();
    }
    this.#versionstamp = result.versionstamp;
    this.#pointer = pointer;
    const now = new Set(pointerRefs(pointer).map((r) => r.id));
    const due = this.#garbage.filter((r) => !now.has(r.id));
    this.#garbage = pointerRefs(before).filter((r) => !now.has(r.id));
    // Left behind on failure: the next prepare deletes unreferenced blobs.
    await deleteBlobs(this.#kv, shard, due).catch(() => {});
  }

  #conflict(): KvStoreError {
    return new KvStoreError(
      "conflict",
      `Cannot write shard ${quote(this.#shard)} as another simulator has taken it over`,
    );
  }

  async #freeAsideStamp(at: Date): Promise<string> {
    const taken = new Set<string>();
    for await (const entry of this.#kv.list({ prefix: asidePrefix(this.#shard) })) {
      const stamp = entry.key.at(-1);
      if (typeof stamp === "string") taken.add(stamp);
    }
    const first = asideStamp(at);
    for (let n = 1;; n++) {
      const candidate = n === 1 ? first : `${first}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
  }

  /** Deletes blobs of the shard that neither its pointer nor a kept-aside history references. */
  async #deleteOrphans(pointer: ShardPointer): Promise<void> {
    const referenced = new Set(pointerRefs(pointer).map((r) => r.id));
    for await (const entry of this.#kv.list({ prefix: asidePrefix(this.#shard) })) {
      for (const r of pointerRefs(asPointer(entry.value))) referenced.add(r.id);
    }
    const orphans: Deno.KvKey[] = [];
    const prefix = blobPrefix(this.#shard);
    for await (const entry of this.#kv.list({ prefix }, { batchSize: 500 })) {
      const id = entry.key[prefix.length];
      if (typeof id !== "string" || !referenced.has(id)) orphans.push(entry.key);
    }
    await deleteKeys(this.#kv, orphans);
  }
}

/**
 * Checks a whole KV store: every shard's and kept-aside history's blobs are
 * present and complete, and every document is valid. Returns one line per
 * problem (empty when consistent). Blobs no pointer references are not
 * problems: a writer deletes them one commit later, or at its next start.
 */
export async function checkKvStore(kv: Deno.Kv): Promise<string[]> {
  const problems: string[] = [];
  let shards = 0;
  for await (const first of kv.list({ prefix: [...KV_PREFIX, "shard"] })) {
    const shard = first.key[KV_PREFIX.length + 1];
    if (typeof shard !== "string" || first.key.length !== KV_PREFIX.length + 2) {
      problems.push(`unexpected key ${quote(JSON.stringify(first.key.map(String)))}`);
      continue;
    }
    shards++;
    let entry: Deno.KvEntryMaybe<unknown> = first;
    for (let attempt = 1;; attempt++) {
      const found = await checkPointer(kv, shard, entry.value, `shard ${quote(shard)}`);
      if (found.length === 0 || attempt >= READ_ATTEMPTS) {
        problems.push(...found);
        break;
      }
      const again = await kv.get(pointerKey(shard));
      if (again.versionstamp === entry.versionstamp) {
        problems.push(...found);
        break;
      }
      entry = again;
    }
  }
  for await (const entry of kv.list({ prefix: asidePrefix() })) {
    const [shard, stamp] = entry.key.slice(KV_PREFIX.length + 1);
    const label = `shard ${quote(String(shard))} kept aside as ${
      quote(`${String(shard)}.${String(stamp)}`)
    }`;
    problems.push(...await checkPointer(kv, String(shard), entry.value, label));
  }
  if (shards > 0 && !((await kv.get(VERSION_KEY)).value instanceof Deno.KvU64)) {
    problems.push("the store's change counter is missing or not a counter");
  }
  return problems;
}

async function checkPointer(
  kv: Deno.Kv,
  shard: string,
  value: unknown,
  label: string,
): Promise<string[]> {
  const pointer = asPointer(value);
  if (pointer === null) return [`${label}: its entry is not a buddy-traffic shard pointer`];
  const problems: string[] = [];
  if (pointer.shard !== shard) {
    problems.push(`${label}: its pointer names shard ${quote(pointer.shard)}`);
  }
  const refs = pointerRefs(pointer);
  const reads = await readBlobs(kv, shard, refs);
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    const read = reads[i]!;
    if (read.kind === "missing") {
      problems.push(
        `${label}: blob ${quote(ref.id)} is missing (${read.found} of ${ref.chunks} chunks found)`,
      );
    } else if (read.kind === "damaged") {
      problems.push(`${label}: ${read.detail}`);
    }
  }
  if (problems.length > 0) return problems;
  try {
    await assemble(kv, shard, pointer, label);
  } catch (error) {
    if (!(error instanceof KvStoreError)) throw error;
    problems.push(error.message.replace(/^Cannot read /, ""));
  }
  return problems;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  // deno-lint-ignore no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?").slice(0, 200);
}
