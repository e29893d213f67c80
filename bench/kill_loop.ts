/**
 * `kill -9` over and over: a simulator is started on one metrics file (or one
 * KV shard), killed with SIGKILL after a random moment, and started again.
 * After every kill the store must read back whole (0 unreadable), its history
 * must never shrink (0 lost: runs and requests only grow), and the restart
 * must take the store over at once (0 refused: a dead holder holds nothing).
 *
 * Run with `deno run -A bench/kill_loop.ts [--kills N] [--mode file|kv]`
 * (default 100 kills in each mode); `tests/kill_loop_test.ts` runs a few.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { openKvStore } from "../lib/store/kv_open.ts";
import { readKvShard } from "../lib/store/kv_reader.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import { simulateArgs, UNTHROTTLED } from "./_measure.ts";

/** What a kill loop found. */
export interface KillLoopResult {
  /** Kills done. */
  kills: number;
  /** Reads after a kill that failed (the store was not whole). */
  unreadable: number;
  /** Kills after which the history had fewer runs or requests than before. */
  lost: number;
  /** Restarts refused because the killed simulator still held the store. */
  refused: number;
  /** Requests in the store at the end. */
  requests: number;
}

/** Kills a simulator `kills` times in `mode` (in a fresh directory) and checks the store each time. */
export async function killLoop(mode: "file" | "kv", kills: number): Promise<KillLoopResult> {
  const dir = await Deno.makeTempDir({ prefix: `kill_loop_${mode}_` });
  const store = mode === "file" ? [] : ["--kv", "buddy_traffic_data/store.kv", "--shard", "k"];
  const args = simulateArgs(["--quiet", ...UNTHROTTLED, "--report-interval", "100", ...store]);
  const result: KillLoopResult = { kills: 0, unreadable: 0, lost: 0, refused: 0, requests: 0 };
  let before = { runs: 0, requests: 0 };
  try {
    for (let i = 0; i < kills; i++) {
      const child = new Deno.Command(Deno.execPath(), {
        args,
        cwd: dir,
        stdout: "null",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).spawn();
      const ended = child.output();
      // Anywhere from before the first write (reports come at most once a second) to a few in.
      const racer = await Promise.race([
        new Promise<"timer">((r) => setTimeout(() => r("timer"), 300 + Math.random() * 2200)),
        ended.then(() => "ended" as const),
      ]);
      if (racer === "ended") {
        const out = await ended;
        if (out.code === 2) result.refused++;
        continue;
      }
      child.kill("SIGKILL");
      await ended;
      result.kills++;
      let doc: MetricsDocument | null;
      try {
        doc = await read(dir, mode);
      } catch {
        result.unreadable++;
        continue;
      }
      const now = {
        runs: doc?.runs.length ?? 0,
        requests: doc?.cumulative.total_requests ?? 0,
      };
      if (now.runs < before.runs || now.requests < before.requests) result.lost++;
      before = now;
      result.requests = now.requests;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return result;
}

async function read(dir: string, mode: "file" | "kv"): Promise<MetricsDocument | null> {
  if (mode === "file") {
    try {
      return await readMetricsFile(join(dir, "buddy_traffic_metrics.json"));
    } catch (error) {
      if ((error as { kind?: string }).kind === "missing") return null;
      throw error;
    }
  }
  const path = join(dir, "buddy_traffic_data", "store.kv");
  if ((await Deno.stat(path).catch(() => null)) === null) return null;
  const kv = await openKvStore(path, { create: false });
  try {
    return await readKvShard(kv, "k");
  } finally {
    kv.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { kills: { type: "string" }, mode: { type: "string" } },
    strict: true,
  });
  const kills = Number(values.kills ?? 100);
  const modes = values.mode === undefined
    ? ["file", "kv"] as const
    : [values.mode as "file" | "kv"];
  for (const mode of modes) {
    const started = Date.now();
    const r = await killLoop(mode, kills);
    console.log(
      `${mode}: ${r.kills} kills, ${r.unreadable} unreadable, ${r.lost} lost, ${r.refused} restarts refused, ${r.requests} requests kept (${
        ((Date.now() - started) / 1000).toFixed(0)
      } s)`,
    );
  }
}
