/**
 * The layering of lib/ as written in docs/architecture.md: every import
 * points down the list of layers, and no files or folders import each other
 * in a circle. Reads the imports as text, so it needs no module to load.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";

/** Layers of lib/, bottom first; a folder may import only folders listed before it. */
const LAYERS = [
  "fmt",
  "model",
  "traffic",
  "soul",
  "metrics",
  "load",
  "store",
  "alerts",
  "analysis",
  "view",
  "render",
  "server",
  "cli",
  "rules",
  "migrate",
  "visualize",
  "soul_server",
  "dashboard",
  "simulate",
  "deploy",
] as const;

const ROOT = new URL("..", import.meta.url).pathname;
const LIB = join(ROOT, "lib");

interface Import {
  from: string;
  to: string;
}

function libFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...libFiles(path));
    else if (entry.name.endsWith(".ts")) files.push(relative(LIB, path));
  }
  return files.sort();
}

/** Relative module specifiers of static imports and re-exports, type-only ones included. */
export function importedSpecifiers(source: string): string[] {
  const found: string[] = [];
  const statement =
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm;
  for (const match of source.matchAll(statement)) {
    const specifier = match[1] ?? match[2] ?? "";
    if (specifier.startsWith(".")) found.push(specifier);
  }
  return found;
}

function libImports(): Import[] {
  const imports: Import[] = [];
  for (const file of libFiles(LIB)) {
    const source = Deno.readTextFileSync(join(LIB, file));
    for (const specifier of importedSpecifiers(source)) {
      const to = normalize(join(dirname(file), specifier));
      if (to.endsWith(".ts")) imports.push({ from: file, to });
    }
  }
  return imports;
}

function folderOf(file: string): string {
  return file.includes("/") ? file.slice(0, file.indexOf("/")) : ".";
}

/** Strongly connected components with more than one member (Tarjan). */
export function circles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== node);
      if (members.length > 1) found.push(members.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

function graph(pairs: Iterable<[string, string]>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [from, to] of pairs) {
    if (!edges.has(from)) edges.set(from, new Set());
    if (!edges.has(to)) edges.set(to, new Set());
    if (from !== to) edges.get(from)!.add(to);
  }
  return edges;
}

Deno.test("circles() finds a cycle of three and ignores a chain", () => {
  const cycle = graph([["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"]]);
  assert.deepEqual(circles(cycle), [["a", "b", "c"]]);
  assert.deepEqual(circles(graph([["a", "b"], ["b", "c"]])), []);
});

Deno.test("importedSpecifiers() reads multi-line, type-only and re-export imports", () => {
  const source = [
    'import { a } from "./a.ts";',
    "import type {",
    "  B,",
    '} from "../model/b.ts";',
    'export { c } from "./c.ts";',
    'import "./side_effect.ts";',
    'import { parseArgs } from "node:util";',
  ].join("\n");
  assert.deepEqual(importedSpecifiers(source), [
    "./a.ts",
    "../model/b.ts",
    "./c.ts",
    "./side_effect.ts",
  ]);
});

Deno.test("every folder of lib/ is a known layer", () => {
  const folders = new Set(libFiles(LIB).map(folderOf));
  const unknown = [...folders].filter((f) => !(LAYERS as readonly string[]).includes(f));
  assert.deepEqual(unknown, [], "add new folders to LAYERS and to docs/architecture.md");
});

Deno.test("imports in lib/ point only down the layers", () => {
  const rank = (file: string) => (LAYERS as readonly string[]).indexOf(folderOf(file));
  const upward = libImports()
    .filter(({ from, to }) => rank(to) > rank(from))
    .map(({ from, to }) => `${from} -> ${to}`);
  assert.deepEqual(upward, []);
});

Deno.test("no files in lib/ import each other in a circle", () => {
  const edges = graph(libImports().map(({ from, to }) => [from, to]));
  assert.deepEqual(circles(edges), []);
});

Deno.test("no folders in lib/ import each other in a circle", () => {
  const edges = graph(libImports().map(({ from, to }) => [folderOf(from), folderOf(to)]));
  assert.deepEqual(circles(edges), []);
});

Deno.test("docs/architecture.md lists the layers in the tested order", () => {
  const text = Deno.readTextFileSync(join(ROOT, "docs", "architecture.md"));
  const listed = [...text.matchAll(/^\s*\d+\.\s+`([a-z_]+)\/`/gm)].map((m) => m[1]);
  assert.deepEqual(listed, [...LAYERS]);
});
