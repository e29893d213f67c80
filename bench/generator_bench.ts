/**
 * Cost of generating traffic: the simulator's end-to-end budget is about
 * 10 microseconds per request, so generation should stay near 1.
 *
 * @module
 */
import { CATEGORIES, type Mix } from "../lib/model/category.ts";
import { createGenerator } from "../lib/traffic/generator.ts";

const BATCH = 10_000;

const byDefault = createGenerator({ seed: 1 });
Deno.bench(`createGenerator().next() x ${BATCH}, default mix`, {
  group: "generator",
  baseline: true,
}, () => {
  for (let i = 0; i < BATCH; i++) byDefault.next();
});

const edgeOnly = Object.fromEntries(CATEGORIES.map((c) => [c, c === "edge_case" ? 1 : 0])) as Mix;
const edgeCases = createGenerator({ seed: 1, mix: edgeOnly });
Deno.bench(`createGenerator().next() x ${BATCH}, edge cases only`, { group: "generator" }, () => {
  for (let i = 0; i < BATCH; i++) edgeCases.next();
});

const replay = createGenerator({
  seed: 1,
  corpus: [{ input: "What's on my calendar tomorrow?" }, { input: "fix it", expect: "clarify" }],
});
Deno.bench(`createGenerator().next() x ${BATCH}, corpus replay`, { group: "generator" }, () => {
  for (let i = 0; i < BATCH; i++) replay.next();
});
