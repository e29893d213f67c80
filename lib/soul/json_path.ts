/**
 * Dotted paths into a JSON answer, as target files write them:
 * `results.0.flagged` or `results[0].flagged`, `choices.0.message.content`.
 *
 * @module
 */

/** A parsed path: object keys and array indices, in order. */
export type JsonPath = readonly string[];

/**
 * Parses a dotted path (`a.b.0.c`, `a.b[0].c`); returns null when it is
 * empty or has an empty segment.
 */
export function parseJsonPath(text: string): JsonPath | null {
  const normal = text.trim().replace(/\[(\d+)\]/g, ".$1");
  if (normal === "") return null;
  const parts = normal.split(".");
  return parts.every((p) => p !== "") ? parts : null;
}

/** The value at `path` in `value`, or undefined when any step is missing. */
export function readJsonPath(value: unknown, path: JsonPath): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (Array.isArray(at)) {
      if (!/^\d+$/.test(key)) return undefined;
      at = at[Number(key)];
    } else if (typeof at === "object" && at !== null && Object.hasOwn(at, key)) {
      at = (at as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return at;
}

/** The path as target files write it, e.g. `results.0.flagged`. */
export function formatJsonPath(path: JsonPath): string {
  return path.join(".");
}
