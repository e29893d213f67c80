/**
 * Human durations as k6 writes them: `500ms`, `30s`, `10m`, `2h`, `1d`,
 * and combinations such as `1h30m`.
 *
 * @module
 */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration into milliseconds. A bare number is read as seconds.
 * Throws a `RangeError` naming the value on anything else.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let end = 0;
  for (const match of trimmed.matchAll(part)) {
    total += Number(match[1]) * (UNITS[match[2] ?? "s"] ?? 0);
    end = (match.index ?? 0) + match[0].length;
  }
  if (trimmed === "" || end !== trimmed.length) {
    throw new RangeError(
      `Cannot parse duration '${text}': use a number with a unit such as 500ms, 30s, 10m, 2h or 1d`,
    );
  }
  return total;
}

/** Formats milliseconds as a short human duration, e.g. `1h 05m` or `42s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "-";
  const s = Math.floor(ms / 1000);
  if (s < 60) return ms < 1000 ? `${Math.round(ms)}ms` : `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${String(h % 24).padStart(2, "0")}h`;
}
