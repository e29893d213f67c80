/**
 * Writing text to stdout or stderr whole: `writeSync` may write part of a
 * buffer (a pipe that is full), so the rest is written until none is left.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A synchronous byte sink such as `Deno.stdout`. */
export interface SyncWriter {
  /** Writes some of `p`; returns how many bytes. */
  writeSync(p: Uint8Array): number;
}

/** Writes all of `text`, UTF-8 encoded, to `w`. */
export function writeText(w: SyncWriter, text: string): void {
  const bytes = encoder.encode(text);
  for (let at = 0; at < bytes.length;) at += w.writeSync(bytes.subarray(at));
}
