/**
 * Builds the metrics document a shard pointer names from its blobs (the meta
 * blob, then the report and rollup blobs) as the text a metrics file would
 * hold, validated by the file's parser. The shard writer (reading the
 * previous document when it takes a shard), the readers and the consistency
 * check all build documents this way. A blob that is gone is reported, not
 * thrown: its writer may just have committed a newer pointer, which callers
 * read again, at most {@linkcode READ_ATTEMPTS} times. Internal to
 * `lib/store`.
 *
 * @module
 */
import type { MetricsDocument } from "../model/metrics_document.ts";
import { MetricsFileError } from "../model/metrics_file_error.ts";
import { parseDocument } from "./metrics_file.ts";
import { quote } from "../fmt/quote.ts";
import {
  type BlobRead,
  type BlobRef,
  KvStoreError,
  readBlobs,
  type ShardPointer,
} from "./kv_layout.ts";

/** Times a reader re-reads a pointer whose blobs were replaced while it read them. */
export const READ_ATTEMPTS = 5;

/** A pointer's document (null when the shard has none yet), or the blob found missing. */
export type Assembled =
  | { kind: "ok"; doc: MetricsDocument | null }
  | { kind: "missing"; detail: string };

/**
 * Reads a pointer's blobs and builds the document text exactly as the file
 * has it (meta fields, then reports, then rollups), validated by the file's
 * parser. A missing blob is reported (the caller may retry); damage or an
 * invalid document throws `corrupt`.
 */
export async function assembleDocument(
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
  return { kind: "ok", doc: documentFromBlobs(pointer, reads, label) };
}

/**
 * The document of a pointer with a meta blob from its blobs, read whole in
 * pointer order (meta, reports, rollups): its text built exactly as the file
 * has it and validated by the file's parser; an invalid document throws
 * `corrupt`.
 */
export function documentFromBlobs(
  pointer: ShardPointer,
  reads: readonly BlobRead[],
  label: string,
): MetricsDocument {
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
    return parseDocument(text, label);
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
export function firstProblem(
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
