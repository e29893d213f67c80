import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { runMigrate } from "../lib/migrate/run_migrate.ts";
import { parseMigrateOptions } from "../lib/migrate/migrate_options.ts";
import { UsageError } from "../lib/cli/usage_error.ts";
import { encodeDocument, readMetricsFile, writeMetricsFile } from "../lib/store/metrics_file.ts";
import { openKvStore } from "../lib/store/kv_open.ts";
import { kvStore } from "../lib/store/kv_store.ts";
import { readKvShard } from "../lib/store/kv_reader.ts";
import { blobPrefix, pointerKey, type ShardPointer } from "../lib/store/kv_layout.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { buildDocument } from "./_builders.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function migrate(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runMigrate(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "migrate_cli_" });
}

function assertUsageError(run: Run, message: string): void {
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    `error: ${message}\nhint: run 'deno task migrate --help' for usage\n`,
  );
}

/** A document with reports, rollups, errors and events, as a long run leaves it. */
const DOC = buildDocument({ reports: 16, retention: { maxReports: 12 } });

/** A temp dir whose metrics.json holds `doc`, copied by `migrate --to-kv` (with `flags`) into store.kv. */
async function migratedStore(
  doc: MetricsDocument = DOC,
  flags: string[] = [],
): Promise<{ dir: string; file: string; store: string }> {
  const dir = await tempDir();
  const file = join(dir, "metrics.json");
  const store = join(dir, "store.kv");
  await writeMetricsFile(file, doc);
  assert.equal((await migrate("--to-kv", store, ...flags, file)).code, 0);
  return { dir, file, store };
}

Deno.test("migrate copies a file into a shard and back byte for byte", async () => {
  const dir = await tempDir();
  const file = join(dir, "metrics.json");
  const store = join(dir, "store.kv");
  const out = join(dir, "back.json");
  await writeMetricsFile(file, DOC);
  assert.deepEqual([DOC.reports.length, DOC.rollups.length], [12, 1]);

  const to = await migrate("--to-kv", store, "--shard", "eu-1", file);
  assert.deepEqual(to, {
    code: 0,
    stdout: `Wrote '${file}' (12 reports, 1 rollup) to shard 'eu-1' of KV store '${store}'\n`,
    stderr: "",
  });
  const from = await migrate("--from-kv", store, "--shard", "eu-1", "--out", out);
  assert.equal(from.code, 0, from.stderr);
  assert.equal(
    from.stdout,
    `Wrote shard 'eu-1' of KV store '${store}' (12 reports, 1 rollup) to '${out}'\n`,
  );
  assert.deepEqual(await Deno.readFile(out), await Deno.readFile(file));
  assert.deepEqual(await readMetricsFile(out), DOC);

  const check = await migrate("--check", "--kv", store);
  assert.deepEqual(check, {
    code: 0,
    stdout: `KV store '${store}' is consistent: 1 shard\n`,
    stderr: "",
  });
});

Deno.test("migrate round trips any generated document byte for byte", async () => {
  const dir = await tempDir();
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        reports: fc.integer({ min: 0, max: 8 }),
        requestsPerReport: fc.integer({ min: 1, max: 120 }),
        seed: fc.integer({ min: 1, max: 1_000_000 }),
        maxReports: fc.integer({ min: 0, max: 6 }),
        errorRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
      }),
      async (p) => {
        n++;
        const doc = buildDocument({
          reports: p.reports,
          requestsPerReport: p.requestsPerReport,
          seed: p.seed,
          errorRate: p.errorRate,
          retention: { maxReports: p.maxReports },
        });
        const file = join(dir, `in-${n}.json`);
        const out = join(dir, `out-${n}.json`);
        const store = join(dir, `store-${n}.kv`);
        await writeMetricsFile(file, doc);
        assert.equal((await migrate("--to-kv", store, file)).code, 0);
        assert.equal((await migrate("--from-kv", store, "--out", out)).code, 0);
        assert.deepEqual(await Deno.readFile(out), await Deno.readFile(file));
      },
    ),
    { numRuns: 12 },
  );
});

Deno.test("migrate --to-kv refuses a shard with a history unless --force, which keeps it aside", async () => {
  const { file, store } = await migratedStore();
  const again = await migrate("--to-kv", store, file);
  assertUsageError(
    again,
    `Cannot write shard 'default' of KV store '${store}' as it already has a history: use --force to keep that one aside and write this one`,
  );
  const forced = await migrate("--to-kv", store, "--force", file);
  assert.equal(forced.code, 0);
  assert.match(
    forced.stderr,
    /^Kept the previous history: shard 'default' kept aside as 'default\.\d{8}T\d{6}Z'\n$/,
  );
  const kv = await openKvStore(store, { create: false });
  try {
    assert.deepEqual(await readKvShard(kv, "default"), DOC);
  } finally {
    kv.close();
  }
  assert.equal((await migrate("--check", "--kv", store)).code, 0);
});

Deno.test("migrate --to-kv leaves the shard free for a simulator", async () => {
  // A file copied while its simulator was running still says so.
  const { store } = await migratedStore({ ...DOC, status: { ...DOC.status, state: "running" } });
  const kv = await openKvStore(store);
  try {
    const sim = kvStore(kv, "default", { leaseMs: 60_000 });
    const { previous } = await sim.prepare({ fresh: false });
    assert.equal(previous?.reports.length, DOC.reports.length);
  } finally {
    kv.close();
  }
});

Deno.test("migrate --from-kv refuses an existing --out unless --force", async () => {
  const { dir, file, store } = await migratedStore();
  const out = join(dir, "exists.json");
  await Deno.writeTextFile(out, "keep me");
  assertUsageError(
    await migrate("--from-kv", store, "--out", out),
    `Cannot write '${out}' as it already exists: use --force to replace it`,
  );
  assert.equal(await Deno.readTextFile(out), "keep me");
  assert.equal((await migrate("--from-kv", store, "--out", out, "--force")).code, 0);
  assert.deepEqual(await Deno.readFile(out), await Deno.readFile(file));
});

Deno.test("migrate reports a missing store, shard or file in one line", async () => {
  const dir = await tempDir();
  const store = join(dir, "none.kv");
  const out = join(dir, "out.json");
  const missing = await migrate("--from-kv", store, "--out", out);
  assert.deepEqual(missing, {
    code: 2,
    stdout: "",
    stderr: `error: KV store '${store}' does not exist\n`,
  });
  const file = join(dir, "metrics.json");
  await writeMetricsFile(file, DOC);
  assert.equal((await migrate("--to-kv", store, "--shard", "a", file)).code, 0);
  assertUsageError(
    await migrate("--from-kv", store, "--shard", "b", "--out", out),
    `KV store '${store}' has no history in shard 'b' (shards: 'a')`,
  );
  const noFile = await migrate("--to-kv", store, join(dir, "nope.json"));
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /^error: Cannot read metrics file '.*nope\.json': file not found/);
  assert.equal(noFile.stderr.split("\n").length, 2);
  const notKv = await migrate("--check", "--kv", file);
  assert.deepEqual(notKv, {
    code: 2,
    stdout: "",
    stderr:
      `error: Cannot open KV store '${file}': it is not a Deno KV store (a metrics JSON file is read with --file)\n`,
  });
  assert.ok(!(await Deno.readTextFile(file)).startsWith("SQLite"), "the file is left alone");
});

Deno.test("migrate --check lists the problems of a damaged store and exits 1", async () => {
  const { store } = await migratedStore(DOC, ["--shard", "s"]);
  const kv = await openKvStore(store);
  let id: string;
  try {
    const pointer = (await kv.get<ShardPointer>(pointerKey("s"))).value!;
    id = pointer.reports[0]!.id;
    await kv.delete([...blobPrefix("s", id), 0]);
  } finally {
    kv.close();
  }
  const check = await migrate("--check", "--kv", store);
  assert.equal(check.code, 1);
  assert.equal(
    check.stdout,
    `problem: shard 's': blob '${id}' is missing (0 of 1 chunks found)\nKV store '${store}' has 1 problem in 1 shard\n`,
  );
});

Deno.test("parseMigrateOptions() rejects mixed or incomplete modes", () => {
  const cases: [string[], string][] = [
    [[], "Choose what to do: --to-kv, --from-kv or --check"],
    [
      ["--to-kv", "a.kv", "--from-kv", "a.kv"],
      "Cannot use --to-kv with --from-kv: choose one of them",
    ],
    [["--check"], "Cannot use --check without --kv: name the store to check"],
    [
      ["--check", "--kv", "a.kv", "--shard", "x"],
      "Cannot use --shard with --check: every shard is checked",
    ],
    [["--to-kv", "a.kv"], "Cannot use --to-kv without a metrics file: name FILE.json last"],
    [
      ["--to-kv", "a.kv", "x.json", "y.json"],
      "Unexpected argument 'y.json': --to-kv reads one file",
    ],
    [
      ["--to-kv", "a.kv", "--out", "o.json", "x.json"],
      "Cannot use --out with --to-kv: the file to read comes last",
    ],
    [["--from-kv", "a.kv"], "Cannot use --from-kv without --out: name the file to write"],
    [
      ["--from-kv", "a.kv", "--kv", "b.kv", "--out", "o"],
      "Cannot use --kv without --check: --to-kv and --from-kv name the store themselves",
    ],
    [["--to-kv", "", "x.json"], "Cannot use --to-kv as it is empty"],
    [
      ["--to-kv", "a.kv", "--shard", ".x", "f.json"],
      "Cannot use --shard as it must be 1-64 letters, digits, '.', '_' or '-', not starting with '.': current value is '.x'",
    ],
    [["--to-kv", "a.kv", "--frobnicate", "f.json"], "Unknown flag '--frobnicate'"],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseMigrateOptions(args), (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.equal(e.message, message, args.join(" "));
      return true;
    });
  }
  assert.deepEqual(parseMigrateOptions(["--to-kv", "a.kv", "f.json"]), {
    help: false,
    mode: "to-kv",
    store: "a.kv",
    shard: "default",
    file: "f.json",
    force: false,
  });
});

Deno.test("migrate --help prints the usage and exits 0", async () => {
  const run = await migrate("--help");
  assert.equal(run.code, 0);
  assert.match(run.stdout, /deno task migrate --to-kv STORE\.kv \[--shard NAME\]/);
  assert.match(run.stdout, /--check --kv STORE\.kv/);
});

Deno.test("deno task migrate runs with its task's permissions only", async () => {
  const dir = await Deno.makeTempDir({ dir: ".", prefix: ".migrate_task_" });
  try {
    const file = join(dir, "metrics.json");
    await writeMetricsFile(file, DOC);
    const task = async (...args: string[]) =>
      await new Deno.Command(Deno.execPath(), {
        args: ["task", "-q", "migrate", ...args],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const to = await task("--to-kv", join(dir, "s.kv"), file);
    assert.equal(to.code, 0, new TextDecoder().decode(to.stderr));
    const from = await task("--from-kv", join(dir, "s.kv"), "--out", join(dir, "b.json"));
    assert.equal(from.code, 0, new TextDecoder().decode(from.stderr));
    assert.deepEqual(await Deno.readFile(join(dir, "b.json")), encodeDocument(DOC));
    const outside = await task("--check", "--kv", "/tmp/buddy-traffic-outside.kv");
    assert.equal(outside.code, 2);
    const err = new TextDecoder().decode(outside.stderr);
    assert.match(
      err,
      /^error: Cannot open KV store '\/tmp\/buddy-traffic-outside\.kv': permission denied/,
    );
    assert.equal(err.trim().split("\n").length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
