/**
 * What `--remote-write` costs at the defaults, measured on the real CLI as
 * paired runs: two simulators at the default load for the same duration,
 * started together, one without and one with `--remote-write` to a receiver
 * in this process (which decodes nothing and answers 204, so its own work is
 * not counted). The difference in CPU time is given as a share of one core
 * and as a share of the simulator's own CPU (target: at most 2 %).
 *
 * Each figure is the median of several pairs, because the machine is shared.
 * Run with `deno run -A bench/remote_write_figures.ts [--seconds S] [--pairs N]`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuUntilExit, median, simulateArgs } from "./_measure.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { seconds: { type: "string" }, pairs: { type: "string" } },
  strict: true,
});
const seconds = Number(values.seconds ?? 60);
const pairs = Number(values.pairs ?? 3);

let received = { batches: 0, bytes: 0 };
const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
  const body = new Uint8Array(await req.arrayBuffer());
  received = { batches: received.batches + 1, bytes: received.bytes + body.length };
  return new Response(null, { status: 204 });
});
const url = `http://127.0.0.1:${receiver.addr.port}/api/v1/write`;

/** CPU seconds of one run, sampled until just before it ends. */
async function cpuOfRun(remote: boolean): Promise<number> {
  const dir = await Deno.makeTempDir({ prefix: "buddy-traffic-rw-bench-" });
  const args = ["--seed", "7", "--duration", `${seconds}s`, "--quiet"];
  if (remote) args.push("--remote-write", url);
  const child = new Deno.Command(Deno.execPath(), {
    args: simulateArgs(args),
    cwd: dir,
    stdout: "null",
    stderr: "null",
  }).spawn();
  const last = await cpuUntilExit(child);
  await Deno.remove(dir, { recursive: true });
  return last;
}

const without: number[] = [];
const withRw: number[] = [];
for (let i = 0; i < pairs; i++) {
  const [a, b] = await Promise.all([cpuOfRun(false), cpuOfRun(true)]);
  without.push(a);
  withRw.push(b);
  console.log(
    `pair ${i + 1}: ${a.toFixed(2)} s CPU without, ${b.toFixed(2)} s with --remote-write`,
  );
}
const base = median(without);
const extra = median(withRw.map((w, i) => w - without[i]!));
console.log(
  `remote write at the defaults (${seconds} s runs, median of ${pairs} pairs): ` +
    `${extra.toFixed(2)} s more CPU, ${(100 * extra / seconds).toFixed(2)} % of a core, ` +
    `${(100 * extra / base).toFixed(1)} % of the simulator's own ${base.toFixed(2)} s; ` +
    `${received.batches} batches, ${
      (received.bytes / Math.max(1, received.batches) / 1024).toFixed(1)
    } KiB each`,
);
await receiver.shutdown();
