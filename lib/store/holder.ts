/**
 * Who holds a store (a metrics file or a KV shard) and whether that holder
 * is gone: the host name and process id a writer records, and a lock file
 * the system releases when its process dies (so its store is taken over at
 * once instead of after its lease), without reading other processes' state.
 *
 * @module
 */

/**
 * This machine's host name, or `"unknown"` when it may not be read
 * (`--allow-sys=hostname` not granted).
 */
export function thisHost(): string {
  try {
    return Deno.hostname();
  } catch {
    return "unknown";
  }
}

/** Whether a recorded process is alive: `"alive"`, `"dead"` or `"unknown"`. */
export type PidState = "alive" | "dead" | "unknown";

/**
 * Holds the lock file at `path` for this process, as a sign of life: the
 * system releases it when the process ends, even by `kill -9`. Resolves to
 * the open file (close it to release), `"busy"` when a live process holds it,
 * or `"unknown"` when it may not be opened (no grant, no such directory).
 */
export async function holdProcessLock(path: string): Promise<Deno.FsFile | "busy" | "unknown"> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { read: true, write: true, create: true });
    } catch {
      return "unknown";
    }
    if (!(await file.tryLock(true))) {
      file.close();
      return "busy";
    }
    // A holder may have removed the file between our open and our lock: lock the one at `path`.
    const ino = (await file.stat()).ino;
    const now = await Deno.stat(path).catch(() => null);
    if (now !== null && now.ino === ino) return file;
    file.close();
  }
  return "unknown";
}

/** How long ago `at` (epoch ms) was, as `"12 s ago"`, from `now`. */
export function agoText(at: number, now: number): string {
  return `${Math.max(0, Math.round((now - at) / 1000))} s ago`;
}
