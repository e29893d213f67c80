/**
 * Number, time and column helpers shared by the visualizer's text
 * renderers (internal to lib/render).
 *
 * @module
 */
import type { RateInterval } from "../analysis/wilson_interval.ts";
import { MIN_RATE_SAMPLES, SMALL_SAMPLE } from "../analysis/wilson_interval.ts";
import { visibleWidth } from "./ansi.ts";
import { safeText } from "../fmt/sanitize.ts";

/** Integer with thousands separators, e.g. `12,345`. */
export function int(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = String(Math.round(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Percentage with one decimal, `-` without data. */
export function pct(v: number | null, digits = 1): string {
  return v === null || !Number.isFinite(v) ? "-" : `${v.toFixed(digits)}%`;
}

/** Milliseconds with three decimals below 10 ms, fewer above. */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return "-";
  if (v >= 1000) return v.toFixed(0);
  if (v >= 10) return v.toFixed(2);
  return v.toFixed(3);
}

/** A number with the given decimals, `-` without data. */
export function num(v: number | null, digits: number): string {
  return v === null || !Number.isFinite(v) ? "-" : v.toFixed(digits);
}

/** A signed number, e.g. `+1.20` or `-0.35`. */
export function signed(v: number | null, digits: number): string {
  if (v === null || !Number.isFinite(v)) return "-";
  const s = v.toFixed(digits);
  return v > 0 || (v === 0 && !s.startsWith("-")) ? `+${s}` : s;
}

/** ISO time shortened to seconds, `2026-11-25 00:05:53Z`. */
export function time(iso: string | null): string {
  if (iso === null || iso === "") return "-";
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return safeText(iso, { maxLength: 40 });
  return new Date(t).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

/**
 * A rate with its sample: `n too small` below {@linkcode MIN_RATE_SAMPLES},
 * the 95 % interval up to {@linkcode SMALL_SAMPLE}, the plain rate above.
 */
export function rateCell(r: RateInterval | null): string {
  if (r === null) return "-";
  if (r.n < MIN_RATE_SAMPLES) return "n too small";
  if (r.n <= SMALL_SAMPLE) {
    return `${r.rate.toFixed(1)}% [${r.low.toFixed(0)}-${r.high.toFixed(0)}]`;
  }
  return `${r.rate.toFixed(1)}%`;
}

/** Pads to `width` columns on the right (text) or left (`right: true`, numbers). */
export function pad(text: string, width: number, right = false): string {
  const fill = " ".repeat(Math.max(0, width - visibleWidth(text)));
  return right ? fill + text : text + fill;
}

/** A section title. */
export function heading(title: string): string {
  return `== ${title} ==`;
}

/** Lays out rows as columns; `right[i]` right-aligns column i. */
export function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell));
    });
  }
  return rows.map((row) =>
    row.map((cell, i) => pad(cell, widths[i] ?? 0, right[i] ?? false)).join("  ").trimEnd()
  );
}

/** What several sources are called: files, KV shards, or both. */
export function sourceNoun(paths: readonly string[]): string {
  const shards = paths.filter((p) => / shard [^ ]+$/.test(p)).length;
  if (shards === 0) return "files";
  return shards === paths.length ? "shards" : "sources";
}

/** Rates below this (success, adversarial blocking) are shown as bad in the per-source tables. */
export const LOW_RATE = 90;
