/**
 * The visualizer reads its sources one at a time and folds each into the
 * analyses: what it prints must be what it printed when it held every
 * source in memory, for every section, output format, range selection,
 * `--check` and `--baseline`, over files and over a KV store.
 */
import assert from "node:assert/strict";
import {
  type CaseOutput,
  digest,
  runCase,
  STREAMING_ARGS,
  streamingInputs,
  writeInput,
  writeKvInput,
} from "./_streaming_cases.ts";

const GOLDEN = new URL("./testdata/visualize_streaming_golden.json", import.meta.url);

type Digests = Record<string, { code: number; stdout: string; stderr: string; html: string }>;

async function digestsOf(out: CaseOutput): Promise<Digests[string]> {
  return {
    code: out.code,
    stdout: await digest(out.stdout),
    stderr: await digest(out.stderr),
    html: await digest(out.html),
  };
}

async function allDigests(): Promise<Digests> {
  const dir = await Deno.makeTempDir({ prefix: "visualize_streaming_" });
  const out: Digests = {};
  try {
    const inputs = streamingInputs();
    const baseline = (await writeInput(dir, inputs[4]!))[0]!;
    for (const input of inputs) {
      const paths = await writeInput(dir, input);
      const files = paths.flatMap((p) => ["--file", p]);
      for (const args of STREAMING_ARGS) {
        out[`${input.name} ${args.join(" ")}`] = await digestsOf(
          await runCase(dir, files, args, baseline),
        );
      }
      const kv = `${dir}/${input.name}.kv`;
      await writeKvInput(kv, input);
      for (const args of [...STREAMING_ARGS.slice(0, 4), STREAMING_ARGS[5]!]) {
        out[`${input.name} (kv) ${args.join(" ")}`] = await digestsOf(
          await runCase(dir, ["--kv", kv], args, baseline),
        );
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return out;
}

Deno.test("visualize prints what it printed holding every source in memory, for every case", async () => {
  const got = await allDigests();
  if (Deno.env.get("UPDATE_GOLDEN") === "1") {
    await Deno.writeTextFile(GOLDEN, JSON.stringify(got, null, 2) + "\n");
    return;
  }
  const want: Digests = JSON.parse(await Deno.readTextFile(GOLDEN));
  const differ = Object.keys(want).filter((k) =>
    JSON.stringify(want[k]) !== JSON.stringify(got[k])
  );
  assert(
    differ.length === 0 && Object.keys(got).length === Object.keys(want).length,
    `output changed for: ${differ.join("; ")}`,
  );
});
