/**
 * Unicode block sparklines for terminal views.
 *
 * @module
 */

const BLOCKS = "▁▂▃▄▅▆▇█";

/**
 * Draws `values` as a sparkline of at most `width` characters (the most
 * recent values are kept). Null values draw as a space; a flat series draws
 * at the lowest block.
 */
export function sparkline(values: readonly (number | null)[], width = 40): string {
  const tail = values.slice(-Math.max(0, width));
  const finite = tail.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return " ".repeat(tail.length);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = hi - lo;
  return tail.map((v) => {
    if (v === null || !Number.isFinite(v)) return " ";
    const i = span === 0 ? 0 : Math.round(((v - lo) / span) * (BLOCKS.length - 1));
    return BLOCKS[i];
  }).join("");
}
