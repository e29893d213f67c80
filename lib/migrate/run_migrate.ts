/**
 * The migrate command from arguments to exit code: a metrics file into a KV
 * shard, a KV shard into a metrics file (byte for byte the file it came
 * from), or a consistency check of a whole KV store. Output streams are
 * injected so tests run it in-process.
 *
 * @module
 */
import { readMetricsFile, writeMetricsFile } from "../store/metrics_file.ts";
import { asPointer, pointerKey } from "../store/kv_layout.ts";
import { openKvStore } from "../store/kv_open.ts";
import { kvStore } from "../store/kv_store.ts";
import { listKvShards, readKvShard } from "../store/kv_reader.ts";
import { checkKvStore } from "../store/kv_check.ts";
import { quote } from "../fmt/quote.ts";
import type { MetricsDocument } from "../model/metrics_document.ts";
import { MIGRATE_HELP, type MigrateOptions, parseMigrateOptions } from "./migrate_options.ts";
import { UsageError } from "../cli/usage_error.ts";
import { type Command, type CommandIo, runCommand } from "../cli/run_command.ts";

/** Exit code of `--check` when the store has problems. */
export const EXIT_PROBLEMS = 1;

/** The migrate command: its help, parser and runner. */
export const MIGRATE_COMMAND: Command<MigrateOptions> = {
  task: "migrate",
  help: MIGRATE_HELP,
  parse: parseMigrateOptions,
  run,
};

/** Runs the migrate command; returns the exit code (0 done, 1 check problems, 2 usage or input). */
export function runMigrate(args: readonly string[], io: CommandIo): Promise<number> {
  return runCommand(args, MIGRATE_COMMAND, io);
}

async function run(options: MigrateOptions, io: CommandIo): Promise<number> {
  if (!("mode" in options)) return 0; // --help and --version are answered before
  switch (options.mode) {
    case "to-kv":
      return await toKv(options.store, options.shard, options.file, options.force, io);
    case "from-kv":
      return await fromKv(options.store, options.shard, options.out, options.force, io);
    case "check":
      return await check(options.store, io);
  }
}

async function toKv(
  path: string,
  shard: string,
  file: string,
  force: boolean,
  io: CommandIo,
): Promise<number> {
  const doc = await readMetricsFile(file);
  const kv = await openKvStore(path);
  try {
    const existing = asPointer((await kv.get(pointerKey(shard))).value);
    if (existing !== null && existing.meta !== null && !force) {
      throw new UsageError(
        `Cannot write shard ${quote(shard)} of KV store ${
          quote(path)
        } as it already has a history: use --force to keep that one aside and write this one`,
      );
    }
    // No lease: the copy is not a live simulator and must not hold the shard.
    const store = kvStore(kv, shard, { label: path, leaseMs: 0 });
    const { keptAside } = await store.prepare({ fresh: true });
    await store.write(doc);
    if (keptAside !== null) io.stderr(`Kept the previous history: ${keptAside}\n`);
    io.stdout(
      `Wrote ${quote(file)} (${counts(doc)}) to shard ${quote(shard)} of KV store ${quote(path)}\n`,
    );
    return 0;
  } finally {
    kv.close();
  }
}

async function fromKv(
  path: string,
  shard: string,
  out: string,
  force: boolean,
  io: CommandIo,
): Promise<number> {
  if (!force && await exists(out)) {
    throw new UsageError(
      `Cannot write ${quote(out)} as it already exists: use --force to replace it`,
    );
  }
  const kv = await openKvStore(path, { create: false });
  let doc: MetricsDocument | null;
  try {
    doc = await readKvShard(kv, shard);
    if (doc === null) {
      const shards = (await listKvShards(kv)).map(quote);
      throw new UsageError(
        `KV store ${quote(path)} has no history in shard ${quote(shard)} (${
          shards.length === 0 ? "it has no shard" : `shards: ${shards.join(", ")}`
        })`,
      );
    }
  } finally {
    kv.close();
  }
  await writeMetricsFile(out, doc);
  io.stdout(
    `Wrote shard ${quote(shard)} of KV store ${quote(path)} (${counts(doc)}) to ${quote(out)}\n`,
  );
  return 0;
}

async function check(path: string, io: CommandIo): Promise<number> {
  const kv = await openKvStore(path, { create: false });
  try {
    const problems = await checkKvStore(kv);
    const shards = await listKvShards(kv);
    if (problems.length === 0) {
      io.stdout(
        `KV store ${quote(path)} is consistent: ${shards.length} shard${
          shards.length === 1 ? "" : "s"
        }\n`,
      );
      return 0;
    }
    for (const p of problems) io.stdout(`problem: ${p}\n`);
    io.stdout(
      `KV store ${quote(path)} has ${problems.length} problem${
        problems.length === 1 ? "" : "s"
      } in ${shards.length} shard${shards.length === 1 ? "" : "s"}\n`,
    );
    return EXIT_PROBLEMS;
  } finally {
    kv.close();
  }
}

function counts(doc: MetricsDocument): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `${n(doc.reports.length, "report")}, ${n(doc.rollups.length, "rollup")}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    if (error instanceof Deno.errors.NotCapable) {
      throw new UsageError(
        `Cannot write ${
          quote(path)
        }: permission denied: run with --allow-read=${path} --allow-write=${path}`,
      );
    }
    throw error;
  }
}
