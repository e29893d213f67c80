/**
 * The KV store backend: one shard of a Deno KV store as a
 * {@linkcode MetricsStore}, so several simulators (each `--shard NAME`)
 * write into one store at once, each its own shard.
 *
 * A write puts the new blobs first (a report is written once and then only
 * referenced again; the rest of the document, "meta", at every write), then
 * commits the shard's pointer in one atomic operation checked against the
 * pointer this writer last saw, so a reader sees the old document or the new
 * one. Blobs the new pointer dropped are deleted one commit later, so a
 * reader that has just read the previous pointer can still fetch them.
 * Opening a store: `kv_open.ts`; reading it: `kv_reader.ts`; checking it:
 * `kv_check.ts`; layout and limits: `kv_layout.ts`.
 *
 * @module
 */
import type { MetricsStore, StorePrepared, StorePrepareOptions } from "./metrics_store.ts";
import { type MetricsDocument, type Report, SCHEMA_VERSION } from "../model/metrics_document.ts";
import { freezeReport } from "../metrics/document.ts";
import { quote } from "../fmt/quote.ts";
import {
  asideKey,
  asidePrefix,
  asideStamp,
  asPointer,
  blobPrefix,
  type BlobRef,
  commitAtomic,
  deleteBlobs,
  deleteKeys,
  KvStoreError,
  oneLine,
  type PendingBlob,
  pendingBlob,
  pointerKey,
  pointerOf,
  pointerRefs,
  type ShardPointer,
  validateShardName,
  VERSION_KEY,
  writeBlobs,
} from "./kv_layout.ts";
import { assembleDocument } from "./kv_assemble.ts";
import { reportJson } from "./metrics_file.ts";
import { agoText, type PidState, thisHost } from "./holder.ts";
import { safeText } from "../fmt/sanitize.ts";

const encoder = new TextEncoder();

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
  /** Host name recorded in the pointer. @default {thisHost()} */
  host?: string;
  /**
   * Whether a recorded writer (pid, host) still runs; `"dead"` lets `prepare`
   * take a shard over at once, inside its lease.
   * @default {() => "unknown"}
   */
  pidState?: (pid: number, host: string) => PidState;
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
  readonly #host: string;
  readonly #pidState: (pid: number, host: string) => PidState;
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
    this.#host = options.host ?? thisHost();
    this.#pidState = options.pidState ?? (() => "unknown");
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
        old.heartbeat_at + old.lease_ms > now &&
        // A writer that died on this host (even by kill -9) is taken over at once.
        this.#pidState(old.pid, old.host ?? "unknown") !== "dead"
      ) {
        throw new KvStoreError(
          "in_use",
          `Cannot use shard ${quote(shard)} as another simulator (pid ${old.pid} on host ${
            safeText(old.host ?? "unknown", { maxLength: 64 })
          }) is writing it; last write ${
            agoText(old.heartbeat_at, now)
          }: use another --shard or wait ${
            Math.ceil((old.heartbeat_at + old.lease_ms - now) / 1000)
          } s`,
        );
      }
      let previous: MetricsDocument | null = null;
      if (old !== null && !options.fresh) {
        const read = await assembleDocument(this.#kv, shard, old, `shard ${quote(shard)}`);
        if (read.kind === "missing") {
          // A writer whose lease ran out may still commit: read its newer pointer.
          const again = await this.#kv.get(key);
          if (again.versionstamp !== entry.versionstamp) continue;
          throw new KvStoreError("corrupt", `Cannot read shard ${quote(shard)}: ${read.detail}`);
        }
        previous = read.doc;
      }
      const keep = options.fresh ? null : old;
      const pointer = this.#pointerOf(now, "running", {
        meta: keep?.meta ?? null,
        reports: keep?.reports ?? [],
        rollups: keep?.rollups ?? [],
      });
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
      const blob = pendingBlob(reportJson(report));
      fresh.push(blob);
      if (Object.isFrozen(report)) this.#refs.set(report, blob.ref);
      return blob.ref;
    };
    const reports = snapshot.reports.map(refOf);
    const rollups = snapshot.rollups.map(refOf);
    const meta = pendingBlob(snapshot.meta);
    fresh.push(meta);
    const pointer = this.#pointerOf(this.#clock(), snapshot.state, {
      meta: meta.ref,
      reports,
      rollups,
    });
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

  /** This writer's pointer to `blobs`, its heartbeat at `now`. */
  #pointerOf(
    now: number,
    state: ShardPointer["state"],
    blobs: Pick<ShardPointer, "meta" | "reports" | "rollups">,
  ): ShardPointer {
    return {
      schema_version: SCHEMA_VERSION,
      shard: this.#shard,
      owner: this.#owner,
      pid: this.#pid,
      host: this.#host,
      heartbeat_at: now,
      lease_ms: this.#leaseMs,
      state,
      ...blobs,
    };
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
