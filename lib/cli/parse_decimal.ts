/**
 * The one reading of a number a user typed: plain decimal notation only
 * (`12`, `-0.5`, `1e3`), so `0x10`, `0b1`, `Infinity` and `1_000` are not
 * numbers here, whatever `Number()` makes of them.
 *
 * @module
 */

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of decimal `text` (surrounding spaces allowed), or NaN when it is not one. */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
}
