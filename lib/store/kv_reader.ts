/**
 * Reads the metrics documents of a Deno KV store: one shard's
 * ({@linkcode readKvShard}), every shard's to merge
 * ({@linkcode readKvShards}), the shard names ({@linkcode listKvShards}) and
 * the store-wide change counter readers poll ({@linkcode readKvVersion}).
 * A read sees a shard's old document or its new one, never a mix: when a
 * writer commits while the blobs are read and drops one of them, the pointer
 * is read again. A reader that reads again and again (a dashboard) keeps the
 * reports it read by blob and fetches only new blobs:
 * {@linkcode createKvReader}.
 *
 * @module
 */
import {
  type MetricsDocument,
  type Report,
  SCHEMA,
  SCHEMA_VERSION,
} from "../model/metrics_document.ts";
import { freezeReport } from "../metrics/document.ts";
import { quote } from "../fmt/quote.ts";
import { validateDocument, validateReport } from "../model/validate_document.ts";
import {
  type BlobRef,
  KvStoreError,
  pointerKey,
  pointerOf,
  readBlobs,
  type ShardPointer,
  shardPointerEntries,
  VERSION_KEY,
} from "./kv_layout.ts";
import { type Assembled, assembleDocument, firstProblem, READ_ATTEMPTS } from "./kv_assemble.ts";

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
  for await (const shard of eachKvShard(kv)) out.push(shard);
  return out;
}

/**
 * Every shard that has a document, by name, read one at a time so that only
 * the one being used is held (kept-aside histories excluded).
 */
export async function* eachKvShard(kv: Deno.Kv): AsyncGenerator<KvShard> {
  for (const shard of await listKvShards(kv)) {
    const doc = await readKvShard(kv, shard);
    if (doc !== null) yield { shard, doc };
  }
}

/** The names of every shard with a pointer, sorted (with or without a document). */
export async function listKvShards(kv: Deno.Kv): Promise<string[]> {
  const out: string[] = [];
  for await (const { shard } of shardPointerEntries(kv)) if (shard !== null) out.push(shard);
  return out.sort();
}

/** Orders shards by name. */
function byShard(a: KvShard, b: KvShard): number {
  return a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : 0;
}

async function readShardEntry(
  kv: Deno.Kv,
  shard: string,
  first: Deno.KvEntryMaybe<unknown>,
  read: (pointer: ShardPointer, versionstamp: string) => Promise<Assembled> = (pointer) =>
    assembleDocument(kv, shard, pointer, `shard ${quote(shard)}`),
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
      for await (const { shard, entry } of shardPointerEntries(kv)) {
        if (shard === null) continue;
        seen.add(shard);
        const doc = await readEntry(shard, entry);
        if (doc !== null) out.push({ shard, doc });
      }
      for (const shard of cache.keys()) if (!seen.has(shard)) cache.delete(shard);
      return out.sort(byShard);
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
 * {@linkcode assembleDocument} reading only the meta blob and the report blobs not
 * in `known`: the meta and each new report are parsed and validated alone,
 * then the accuracies they use are compared, which is what validating the
 * whole document checks. Anything unexpected (a blob that is not JSON on
 * its own, an invalid part) goes through {@linkcode assembleDocument}, so errors
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
    const result = await assembleDocument(kv, shard, pointer, label);
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
