import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { MetricsFileError, type MetricsFileErrorKind } from "../lib/model/metrics_file_error.ts";
import {
  asidePath,
  encodeDocument,
  encodeReport,
  parseDocument,
  prepareMetricsFile,
  readMetricsFile,
  serializeDocument,
  writeMetricsFile,
} from "../lib/store/metrics_file.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { buildDocument } from "./_builders.ts";
import { freezeReport } from "../lib/metrics/document.ts";

const GOOD = new URL("./testdata/metrics_good.json", import.meta.url);
const FOREIGN = new URL("./testdata/metrics_foreign.json", import.meta.url);
const VERSION = new URL("./testdata/metrics_version.json", import.meta.url);
const goodText = Deno.readTextFileSync(GOOD);

function expectError(fn: () => unknown, kind: MetricsFileErrorKind, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof MetricsFileError, `expected MetricsFileError, got ${error}`);
    assert.equal(error.kind, kind);
    assert.equal(error.message, message);
    assert.ok(!error.message.includes("\n"), "message must be one line");
    return true;
  });
}

async function expectRejects(
  promise: Promise<unknown>,
  kind: MetricsFileErrorKind,
  message: string | RegExp,
): Promise<MetricsFileError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof MetricsFileError, `expected MetricsFileError, got ${caught}`);
  assert.equal(caught.kind, kind);
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  assert.ok(!caught.message.includes("\n"), "message must be one line");
  return caught;
}

function tempDir(): string {
  return Deno.makeTempDirSync({ prefix: "metrics_file_test_" });
}

function smallDocument(seed = 1): MetricsDocument {
  return buildDocument({ reports: 4, requestsPerReport: 40, seed });
}

Deno.test("writeMetricsFile() then readMetricsFile() gives back an equal document", async () => {
  const dir = tempDir();
  const path = join(dir, "m.json");
  const doc = smallDocument();
  await writeMetricsFile(path, doc);
  const back = await readMetricsFile(path);
  assert.deepEqual(back, JSON.parse(JSON.stringify(doc)));
  assert.equal(back.cumulative.total_requests, 160);
  assert.equal(back.reports.length, 4);
  await assert.rejects(Deno.stat(`${path}.tmp`), Deno.errors.NotFound);
});

Deno.test("serializeDocument() matches JSON.stringify() in content, before and after caching", () => {
  const doc = smallDocument(3);
  const expected = JSON.parse(JSON.stringify(doc));
  assert.deepEqual(JSON.parse(serializeDocument(doc)), expected);
  assert.deepEqual(JSON.parse(serializeDocument(doc)), expected);
});

Deno.test("parseDocument() reads the good fixture", () => {
  const doc = parseDocument(goodText, "good.json");
  assert.equal(doc.reports.length, 3);
  assert.equal(doc.cumulative.total_requests, 18);
  assert.equal(doc.status.state, "running");
});

Deno.test("parseDocument() accepts a leading byte order mark", () => {
  const doc = parseDocument(`\ufeff${goodText}`, "good.json");
  assert.equal(doc.cumulative.total_requests, 18);
});

Deno.test("parseDocument() reports an empty file", () => {
  for (const text of ["", "   \n\t"]) {
    expectError(
      () => parseDocument(text, "x.json"),
      "empty",
      "Cannot read metrics file 'x.json': file is empty (is the simulator still starting?)",
    );
  }
});

Deno.test("parseDocument() reports any cut-off document as truncated", () => {
  const text = JSON.stringify(smallDocument());
  fc.assert(
    fc.property(fc.integer({ min: 1, max: text.length - 1 }), (cut) => {
      expectError(
        () => parseDocument(text.slice(0, cut), "x.json"),
        "truncated",
        "Cannot read metrics file 'x.json': file ends mid-document (was it copied or cut while being written?)",
      );
    }),
    { numRuns: 200 },
  );
  // Cuts inside escapes, numbers and literals.
  for (const partial of ['{"a": "x\\', '{"a": "\\u00', '{"a": -', '{"a": 1.', '{"a": tr', "[1e"]) {
    expectError(
      () => parseDocument(partial, "x.json"),
      "truncated",
      "Cannot read metrics file 'x.json': file ends mid-document (was it copied or cut while being written?)",
    );
  }
});

Deno.test("parseDocument() reports text that is not JSON with its line and column", () => {
  const cases: Array<[string, string]> = [
    ["hello", "line 1, column 1"],
    ['{\n  "a": 1,\n}', "line 3, column 1"],
    ["{'a': 1}", "line 1, column 2"],
    ['{"a": 1} trailing', "line 1, column 10"],
    ['{"a": 01}', "line 1, column 8"],
    ['{"a": "\\x"}', "line 1, column 9"],
    ['{"a": nul!}', "line 1, column 10"],
  ];
  for (const [text, where] of cases) {
    expectError(
      () => parseDocument(text, "x.json"),
      "not_json",
      `Cannot read metrics file 'x.json': not valid JSON: unexpected character at ${where}`,
    );
  }
});

Deno.test("parseDocument() tells another JSON shape from a metrics file", () => {
  expectError(
    () => parseDocument(Deno.readTextFileSync(FOREIGN), "f.json"),
    "foreign",
    `Cannot read metrics file 'f.json': not a buddy-traffic metrics file: it has no "schema" field`,
  );
  expectError(
    () => parseDocument('{"schema": "k6/summary"}', "f.json"),
    "foreign",
    `Cannot read metrics file 'f.json': not a buddy-traffic metrics file: "schema" is "k6/summary", expected "buddy-traffic/metrics"`,
  );
  expectError(
    () => parseDocument("[1, 2]", "f.json"),
    "foreign",
    "Cannot read metrics file 'f.json': not a buddy-traffic metrics file: the JSON is a list, not an object",
  );
  expectError(
    () => parseDocument("42", "f.json"),
    "foreign",
    "Cannot read metrics file 'f.json': not a buddy-traffic metrics file: the JSON is 42, not an object",
  );
});

Deno.test("parseDocument() rejects unknown schema versions", () => {
  expectError(
    () => parseDocument(Deno.readTextFileSync(VERSION), "v.json"),
    "version",
    "Cannot read metrics file 'v.json': written with schema version 2, this buddy-traffic reads version 1 (upgrade buddy-traffic to read it)",
  );
  expectError(
    () => parseDocument('{"schema": "buddy-traffic/metrics", "schema_version": "1"}', "v.json"),
    "version",
    `Cannot read metrics file 'v.json': unsupported schema version "1": this buddy-traffic reads version 1`,
  );
  expectError(
    () => parseDocument('{"schema": "buddy-traffic/metrics"}', "v.json"),
    "version",
    "Cannot read metrics file 'v.json': unsupported schema version nothing: this buddy-traffic reads version 1",
  );
});

Deno.test("parseDocument() names the bad field of an invalid document", () => {
  expectError(
    () =>
      parseDocument(
        Deno.readTextFileSync(new URL("./testdata/metrics_bad_types.json", import.meta.url)),
        "bad.json",
      ),
    "invalid",
    `Cannot read metrics file 'bad.json': reports[1].success_rate must be a percentage (0..100) or null: got "abc"`,
  );
});

Deno.test("readMetricsFile() reports a missing file and a directory", async () => {
  const dir = tempDir();
  const path = join(dir, "none.json");
  await expectRejects(
    readMetricsFile(path),
    "missing",
    `Cannot read metrics file '${path}': file not found (is the simulator running, and writing to this path?)`,
  );
  await expectRejects(
    readMetricsFile(dir),
    "io",
    `Cannot read metrics file '${dir}': it is a directory, not a file`,
  );
});

Deno.test("readMetricsFile() reports a read the sandbox does not allow as a permission error", async () => {
  const dir = tempDir();
  const path = join(dir, "m.json");
  await Deno.writeTextFile(path, goodText);
  const module = new URL("../lib/store/metrics_file.ts", import.meta.url).href;
  const script = join(dir, "reader.ts");
  await Deno.writeTextFile(
    script,
    `
    import { readMetricsFile } from ${JSON.stringify(module)};
    try { await readMetricsFile(${JSON.stringify(path)}); console.log("read"); }
    catch (e) { console.log(JSON.stringify({ kind: e.kind, message: e.message })); }
  `,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-lock", "--no-prompt", script],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const result = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(result.kind, "permission");
  assert.equal(
    result.message,
    `Cannot read metrics file '${path}': permission denied: run with --allow-read=${path}`,
  );
});

Deno.test("writeMetricsFile() reports a missing directory in one line", async () => {
  const dir = tempDir();
  const path = join(dir, "nope", "m.json");
  await expectRejects(
    writeMetricsFile(path, smallDocument()),
    "io",
    `Cannot write metrics file '${path}': directory '${join(dir, "nope")}' does not exist`,
  );
});

Deno.test("writeMetricsFile() never lets a concurrent reader see a partial file", async () => {
  const dir = tempDir();
  const path = join(dir, "m.json");
  const small = smallDocument(1);
  const large = buildDocument({ reports: 30, requestsPerReport: 200, seed: 2 });
  const sizes = new Set([JSON.stringify(small).length, JSON.stringify(large).length]);
  await writeMetricsFile(path, small);
  let writing = true;
  let reads = 0;
  const reader = (async () => {
    while (writing) {
      const text = await Deno.readTextFile(path);
      assert.ok(sizes.has(text.length), `reader saw ${text.length} bytes`);
      parseDocument(text, path);
      reads++;
    }
  })();
  for (let i = 0; i < 60; i++) await writeMetricsFile(path, i % 2 === 0 ? large : small);
  writing = false;
  await reader;
  assert.ok(reads > 0);
});

Deno.test("a stale temp file left by a crash does not affect the metrics file", async () => {
  const dir = tempDir();
  const path = join(dir, "m.json");
  const doc = smallDocument();
  await writeMetricsFile(path, doc);
  await Deno.writeTextFile(`${path}.tmp`, JSON.stringify(doc).slice(0, 1000));
  assert.equal((await readMetricsFile(path)).cumulative.total_requests, 160);
  const next = buildDocument({ reports: 5, requestsPerReport: 40 });
  await writeMetricsFile(path, next);
  assert.equal((await readMetricsFile(path)).cumulative.total_requests, 200);
  await assert.rejects(Deno.stat(`${path}.tmp`), Deno.errors.NotFound);
});

Deno.test("a writer killed with SIGKILL mid-loop leaves a file that parses", async () => {
  const dir = tempDir();
  const path = join(dir, "m.json");
  const store = new URL("../lib/store/metrics_file.ts", import.meta.url).href;
  const builders = new URL("./_builders.ts", import.meta.url).href;
  const code = `
    import { writeMetricsFile } from ${JSON.stringify(store)};
    import { buildDocument } from ${JSON.stringify(builders)};
    const docs = [buildDocument({ reports: 20, requestsPerReport: 200 }), buildDocument({ reports: 3 })];
    for (let i = 0; ; i++) await writeMetricsFile(${JSON.stringify(path)}, docs[i % 2]);
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-lock", code],
    stdout: "null",
    stderr: "null",
  }).spawn();
  // Wait until several writes have happened, then kill the writer without warning.
  let exited = false;
  const status = child.status.then((s) => (exited = true, s));
  let seen = 0;
  while (seen < 5) {
    if (exited) assert.fail(`the writer exited early with code ${(await status).code}`);
    try {
      await Deno.stat(path);
      seen++;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  assert.equal((await status).signal, "SIGKILL");
  const doc = await readMetricsFile(path);
  assert.ok([4000, 1500].includes(doc.cumulative.total_requests));
});

Deno.test("prepareMetricsFile() without a file has nothing to continue", async () => {
  const dir = tempDir();
  const path = join(dir, "buddy_traffic_metrics.json");
  assert.deepEqual(await prepareMetricsFile(path, { fresh: false }), {
    previous: null,
    keptAside: null,
  });
  assert.deepEqual(await prepareMetricsFile(path, { fresh: true }), {
    previous: null,
    keptAside: null,
  });
  assert.deepEqual([...Deno.readDirSync(dir)], []);
});

Deno.test("prepareMetricsFile() names a missing directory", async () => {
  const dir = tempDir();
  const path = join(dir, "gone", "m.json");
  await expectRejects(
    prepareMetricsFile(path, { fresh: false }),
    "io",
    `Cannot write metrics file '${path}': directory '${join(dir, "gone")}' does not exist`,
  );
});

Deno.test("prepareMetricsFile() continues an existing file unless fresh", async () => {
  const dir = tempDir();
  const path = join(dir, "buddy_traffic_metrics.json");
  const doc = smallDocument();
  await writeMetricsFile(path, doc);
  const before = await Deno.readTextFile(path);
  const result = await prepareMetricsFile(path, { fresh: false });
  assert.equal(result.keptAside, null);
  assert.deepEqual(result.previous, JSON.parse(JSON.stringify(doc)));
  assert.equal(await Deno.readTextFile(path), before);
  assert.ok(Object.isFrozen(result.previous?.reports[0]));
});

Deno.test("prepareMetricsFile() with fresh keeps the old file aside in the data directory under a UTC timestamp", async () => {
  const dir = tempDir();
  const path = join(dir, "buddy_traffic_metrics.json");
  const doc = smallDocument();
  const now = () => new Date(Date.UTC(2026, 10, 26, 23, 5, 1, 250));
  await writeMetricsFile(path, doc);
  const first = await prepareMetricsFile(path, { fresh: true, now });
  assert.deepEqual(first, {
    previous: null,
    keptAside: join(dir, "buddy_traffic_data", "buddy_traffic_metrics.20261126T230501Z.json"),
  });
  await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
  assert.equal((await readMetricsFile(first.keptAside!)).cumulative.total_requests, 160);
  await writeMetricsFile(path, doc);
  const second = await prepareMetricsFile(path, { fresh: true, now });
  assert.equal(
    second.keptAside,
    join(dir, "buddy_traffic_data", "buddy_traffic_metrics.20261126T230501Z-2.json"),
  );
});

Deno.test("prepareMetricsFile() leaves a corrupt or foreign file untouched", async () => {
  const dir = tempDir();
  const path = join(dir, "buddy_traffic_metrics.json");
  const cut = goodText.slice(0, 5000);
  for (const fresh of [false, true]) {
    await Deno.writeTextFile(path, cut);
    await expectRejects(prepareMetricsFile(path, { fresh }), "truncated", /ends mid-document/);
    assert.equal(await Deno.readTextFile(path), cut);
    await Deno.writeTextFile(path, '{"hello": "world"}');
    await expectRejects(prepareMetricsFile(path, { fresh }), "foreign", /no "schema" field/);
    assert.equal(await Deno.readTextFile(path), '{"hello": "world"}');
  }
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["buddy_traffic_metrics.json"]);
});

Deno.test("asidePath() goes to the data directory beside the file and keeps the extension", () => {
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.equal(asidePath("a/b/m.json", at), "a/b/buddy_traffic_data/m.20260102T030405Z.json");
  assert.equal(asidePath("metrics", at), "buddy_traffic_data/metrics.20260102T030405Z.json");
});

Deno.test("encodeReport() pre-encodes frozen reports only, and the document bytes stay equal", () => {
  const doc = buildDocument({ reports: 4 });
  const expected = JSON.parse(JSON.stringify(doc));
  const frozen = freezeReport(structuredClone(doc.reports[0]!));
  doc.reports[0] = frozen;
  assert.equal(encodeReport(structuredClone(doc.reports[1]!)), false);
  assert.equal(encodeReport(frozen), true);
  assert.equal(encodeReport(frozen), false);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(encodeDocument(doc))), expected);
});

Deno.test("writeMetricsFile() failing between write and rename leaves the old file intact", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "m.json");
  const old = buildDocument();
  await writeMetricsFile(path, old);
  const before = await Deno.readTextFile(path);
  const newer = buildDocument({ reports: 3 });
  const injected = new Error("injected failure before the rename");
  await assert.rejects(
    writeMetricsFile(path, newer, { beforeRename: () => Promise.reject(injected) }),
    (error: unknown) => error instanceof MetricsFileError && /injected failure/.test(error.message),
  );
  assert.equal(await Deno.readTextFile(path), before, "the old file is untouched");
  await assert.rejects(Deno.stat(`${path}.tmp`), Deno.errors.NotFound, "the temp file is removed");
  assert.deepEqual(await readMetricsFile(path), old);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeMetricsFile() never writes through a symlink planted as the temp file", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "m.json");
  const victim = join(dir, "victim.txt");
  await Deno.writeTextFile(victim, "keep me");
  await Deno.symlink(victim, `${path}.tmp`);
  await writeMetricsFile(path, buildDocument());
  assert.equal(await Deno.readTextFile(victim), "keep me");
  assert.ok((await readMetricsFile(path)).reports.length > 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeMetricsFile() writes the document's exact bytes across many batches and chunks larger than one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const doc = buildDocument({ reports: 120 });
    doc.reports = doc.reports.map(freezeReport);
    doc.events.push({
      at: "2026-01-01T00:00:00.000Z",
      run_id: doc.runs[0]!.run_id,
      type: "run_started",
      message: "x".repeat(300 * 1024),
    });
    const path = join(dir, "m.json");
    await writeMetricsFile(path, doc);
    const written = await Deno.readFile(path);
    assert.ok(written.length > 3 * 256 * 1024, `${written.length} bytes`);
    assert.deepEqual(written, encodeDocument(doc));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
