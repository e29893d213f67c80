/**
 * Golden frames of the terminal dashboard: a frame fits its terminal, and
 * equals the text kept in tests/testdata (`UPDATE_GOLDEN=1` rewrites it).
 *
 * @module
 */
import assert from "node:assert/strict";
import { visibleWidth } from "../lib/render/ansi.ts";

/** Asserts `frame` has at most `height` lines, none wider than `width` columns. */
export function assertFits(frame: string, width: number, height: number): void {
  const lines = frame.split("\n");
  assert.ok(lines.length <= height, `${lines.length} lines > ${height}`);
  for (const line of lines) assert.ok(visibleWidth(line) <= width, `too wide: ${line}`);
}

/** Asserts `frame` equals tests/testdata/`name` (written first when `UPDATE_GOLDEN=1`). */
export async function assertGoldenFrame(name: string, frame: string): Promise<void> {
  const path = new URL(`./testdata/${name}`, import.meta.url);
  if (Deno.env.get("UPDATE_GOLDEN") === "1") await Deno.writeTextFile(path, `${frame}\n`);
  const expected = await Deno.readTextFile(path);
  assert.equal(`${frame}\n`, expected);
}
