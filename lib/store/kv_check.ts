/**
 * The consistency check of a whole Deno KV store ({@linkcode checkKvStore}),
 * what `migrate --check` reports: every shard's and kept-aside history's
 * pointer, blobs and document, one line per problem found.
 *
 * @module
 */
import { quote } from "../fmt/quote.ts";
import {
  asidePrefix,
  asPointer,
  KV_PREFIX,
  KvStoreError,
  pointerKey,
  pointerRefs,
  readBlobs,
  shardPointerEntries,
  VERSION_KEY,
} from "./kv_layout.ts";
import { documentFromBlobs, READ_ATTEMPTS } from "./kv_assemble.ts";

/**
 * Checks a whole KV store: every shard's and kept-aside history's blobs are
 * present and complete, and every document is valid. Returns one line per
 * problem (empty when consistent). Blobs no pointer references are not
 * problems: a writer deletes them one commit later, or at its next start.
 */
export async function checkKvStore(kv: Deno.Kv): Promise<string[]> {
  const problems: string[] = [];
  let shards = 0;
  for await (const { shard, entry: first } of shardPointerEntries(kv)) {
    if (shard === null) {
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
  if (problems.length > 0 || pointer.meta === null) return problems;
  try {
    // The blobs just read, in pointer order: the document is built from them.
    documentFromBlobs(pointer, reads, label);
  } catch (error) {
    if (!(error instanceof KvStoreError)) throw error;
    problems.push(error.message.replace(/^Cannot read /, ""));
  }
  return problems;
}
