/**
 * `visualize --all` over many shards of 24 hours each, built as
 * `bench/visualize_bench.ts` builds them (`buildDocument({reports: 3000,
 * seed: 5})`, one run id per shard): wall time and peak RSS of the real CLI
 * for 8, 16, 32 and 64 shards, median of 3 runs each, and the time per
 * shard, which stays flat when time is linear in the number of shards.
 *
 * Two command lines are measured: `deno run --allow-read visualize.ts` (as
 * `bench/visualize_bench.ts` runs it) and the `visualize` task's own flags
 * from deno.json (its V8 heap setting included), as `deno task visualize`
 * runs it.
 *
 * Run with `deno run -A bench/visualize_shards.ts`. Options:
 * `--shards 8,16,32,64`, `--runs 3`, `--script PATH` to measure another
 * checkout's `visualize.ts` on the same files, and `--plain` to measure only
 * the first command line.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildDocument } from "../tests/_builders.ts";
import { median, timeRun } from "./_measure.ts";
import { taskFlags } from "../tests/_tasks.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    shards: { type: "string", default: "8,16,32,64" },
    runs: { type: "string", default: "3" },
    script: { type: "string", default: new URL("../visualize.ts", import.meta.url).pathname },
    plain: { type: "boolean", default: false },
  },
});
const PLAIN = ["--allow-read"];
const commands: [string, string[]][] = [["deno run --allow-read", PLAIN]];
if (!values.plain) commands.push(["deno task visualize", taskFlags("visualize")]);
const counts = values.shards.split(",").map(Number);
const runs = Number(values.runs);
const most = Math.max(...counts);

const dir = Deno.makeTempDirSync({ prefix: "visualize_shards_" });
const doc = buildDocument({ reports: 3000, seed: 5 });
doc.status.state = "stopped";
const text = JSON.stringify(doc);
const paths: string[] = [];
for (let k = 1; k <= most; k++) {
  const path = join(dir, `shard-${String(k).padStart(3, "0")}.json`);
  Deno.writeTextFileSync(path, text.replaceAll('"run-1"', `"run-${k}"`));
  paths.push(path);
}
console.log(
  `${most} shards of ${
    (text.length / 1048576).toFixed(2)
  } MB (${doc.reports.length} reports + ${doc.rollups.length} rollups each); ${values.script}`,
);

/** Wall seconds and peak RSS (MB) of one run of the real CLI under `/usr/bin/time -v`. */
async function measure(
  flags: string[],
  files: string[],
): Promise<{ seconds: number; rssMb: number; code: number }> {
  const args = ["run", ...flags, values.script, "--all"];
  for (const f of files) args.push("--file", f);
  const run = await timeRun(Deno.execPath(), args);
  return { seconds: run.seconds, rssMb: run.peakRssMb ?? NaN, code: run.code };
}

try {
  console.log("| Command | Shards | Wall time (median) | Per shard | Peak RSS (median) | Exit |");
  console.log("| ------- | -----: | -----------------: | --------: | ----------------: | ---: |");
  for (const [name, flags] of commands) {
    for (const n of counts) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await measure(flags, paths.slice(0, n)));
      const secs = median(results.map((r) => r.seconds));
      const rss = median(results.map((r) => r.rssMb));
      console.log(
        `| \`${name}\` | ${n} | ${secs.toFixed(2)} s | ${(secs / n * 1000).toFixed(0)} ms | ${
          rss.toFixed(0)
        } MB | ${results[0]!.code} |`,
      );
    }
  }
} finally {
  Deno.removeSync(dir, { recursive: true });
}
