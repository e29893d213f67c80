/**
 * Two real simulators on one metrics file: the second is refused in one line
 * naming the holder and no run is lost; a simulator killed with SIGKILL is
 * taken over at once by the next one, its history continued.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readMetricsFile } from "../lib/store/metrics_file.ts";
import { runTask, TaskProcess, waitFor } from "./_tasks.ts";

const FAST = ["--quiet", "--interval-min", "0", "--interval-max", "0", "--report-interval", "200"];

Deno.test("a second simulator on a held file is refused naming the holder, and no run is lost", async () => {
  const dir = await Deno.makeTempDir({ prefix: "file_ownership_" });
  const file = join(dir, "buddy_traffic_metrics.json");
  const first = new TaskProcess("simulate", [...FAST, "--duration", "60s"], { cwd: dir });
  try {
    await waitFor(async () => (await Deno.stat(file).catch(() => null)) !== null);
    const second = await runTask("simulate", [...FAST, "--max-requests", "100"], { cwd: dir });
    assert.equal(second.code, 2, second.stderr);
    const lines = second.stderr.trim().split("\n");
    assert.match(
      lines[0] ?? "",
      /^error: Cannot write metrics file 'buddy_traffic_metrics\.json': another simulator holds it \(pid \d+ on host [^,]+, last write \d+ s ago\): use another --file, stop that simulator, or wait \d+ s for its lease to run out$/,
    );
    assert.ok(lines.length <= 2, second.stderr);
  } finally {
    const end = await first.stop("SIGINT");
    assert.equal(end.code, 0, end.stderr);
  }
  const doc = await readMetricsFile(file);
  assert.equal(doc.runs.length, 1, "the refused run wrote nothing");
  assert.equal(doc.status.state, "stopped");
  // After the holder stopped, the next run continues the history: both runs are kept.
  const third = await runTask("simulate", [...FAST, "--max-requests", "100"], { cwd: dir });
  assert.equal(third.code, 0, third.stderr);
  const after = await readMetricsFile(file);
  assert.equal(after.runs.length, 2);
  assert.equal(after.cumulative.total_requests, doc.cumulative.total_requests + 100);
  await assert.rejects(Deno.stat(`${file}.lock`), Deno.errors.NotFound, "the lock is removed");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a simulator killed with SIGKILL is taken over at once, its history continued", async () => {
  const dir = await Deno.makeTempDir({ prefix: "file_ownership_" });
  const file = join(dir, "buddy_traffic_metrics.json");
  const victim = new TaskProcess("simulate", [...FAST, "--duration", "60s"], { cwd: dir });
  try {
    await waitFor(async () => {
      try {
        return (await readMetricsFile(file)).reports.length >= 2;
      } catch {
        return false;
      }
    });
  } finally {
    victim.kill("SIGKILL");
  }
  assert.equal((await victim.finished()).signal, "SIGKILL");
  const killed = await readMetricsFile(file);
  assert.equal(killed.status.state, "running");
  // Its lock file is still there, but no process holds it: the restart does not wait 15 minutes.
  await Deno.stat(`${file}.lock`);
  const restart = await runTask("simulate", [...FAST, "--max-requests", "100"], { cwd: dir });
  assert.equal(restart.code, 0, restart.stderr);
  const doc = await readMetricsFile(file);
  assert.equal(doc.runs.length, 2);
  assert.equal(doc.cumulative.total_requests, killed.cumulative.total_requests + 100);
  await Deno.remove(dir, { recursive: true });
});
