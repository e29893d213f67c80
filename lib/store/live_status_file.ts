/**
 * The live status file beside the metrics file (`<file>.live.json`): the
 * simulator's figures of the last second, so a dashboard reading files moves
 * each second without the whole metrics file being rewritten more often.
 * Written at most once a second, atomically (temp sibling + rename), and
 * bounded in size; readers treat anything unreadable as "no live status".
 *
 * @module
 */

/** Largest live status file written or read, bytes. */
export const MAX_LIVE_BYTES = 16 * 1024;

/** Kind tag of the live status document. */
export const LIVE_KIND = "buddy-traffic/live";

/** The live status file of the metrics file at `path`. */
export function liveStatusPath(path: string): string {
  return `${path}.live.json`;
}

/**
 * Writes `status` (a plain JSON object) to `path` atomically through
 * `${path}.tmp`. Throws a `RangeError` when it would exceed
 * {@linkcode MAX_LIVE_BYTES}.
 */
export async function writeLiveStatus(path: string, status: object): Promise<void> {
  const bytes = new TextEncoder().encode(JSON.stringify({ kind: LIVE_KIND, ...status }));
  if (bytes.length > MAX_LIVE_BYTES) {
    throw new RangeError(
      `Cannot write live status '${path}' as it would take ${bytes.length} bytes: the limit is ${MAX_LIVE_BYTES}`,
    );
  }
  const tmp = `${path}.tmp`;
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/**
 * Reads the live status at `path`: the parsed object when it is a live
 * status document no larger than {@linkcode MAX_LIVE_BYTES}, else null
 * (missing, too large, not JSON, another kind).
 */
export async function readLiveStatus(path: string): Promise<Record<string, unknown> | null> {
  try {
    const info = await Deno.stat(path);
    if (info.size > MAX_LIVE_BYTES) return null;
    const value: unknown = JSON.parse(await Deno.readTextFile(path));
    if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
    const record = value as Record<string, unknown>;
    return record.kind === LIVE_KIND ? record : null;
  } catch {
    return null;
  }
}
