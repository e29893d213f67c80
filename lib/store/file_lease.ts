/**
 * Ownership of a metrics file, like a KV shard's lease: a running simulator
 * holds `<file>.lock` with an exclusive lock for the whole run. A second
 * simulator on the same file is refused in one line naming the holder (pid,
 * host, last write). A holder that is gone is taken over at once: the system
 * releases the lock of a process that died (even by `kill -9`); a holder that
 * stopped writing for longer than its lease is taken over too, and learns so
 * at its next write.
 *
 * @module
 */
import { MetricsFileError } from "../model/metrics_file_error.ts";
import { agoText, thisHost } from "./holder.ts";
import { safeText } from "../fmt/sanitize.ts";

/** Options for {@linkcode acquireFileLease}. */
export interface FileLeaseOptions {
  /**
   * How long after its last write a live holder keeps the file, ms.
   * @default {60000}
   */
  leaseMs?: number;
  /** Clock for the lease, epoch ms. @default {Date.now} */
  clock?: () => number;
}

/** What the lock file records about its holder. */
export interface FileHolder {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder. */
  host: string;
  /** When it took the file, ISO 8601. */
  since: string;
}

/** A held metrics file; {@linkcode FileLease.release} gives it back. */
export interface FileLease {
  /** The lock file's path, `<file>.lock`. */
  readonly lockPath: string;
  /** Throws a `conflict` {@linkcode MetricsFileError} when another simulator took the file over. */
  check(): Promise<void>;
  /** Removes the lock file and releases the lock; idempotent. */
  release(): void;
}

const MAX_LOCK_BYTES = 4096;

/**
 * Takes the metrics file at `path` for this process. Throws a
 * {@linkcode MetricsFileError} of kind `in_use` when a live simulator holds
 * it and its lease has not run out.
 */
export async function acquireFileLease(
  path: string,
  options: FileLeaseOptions = {},
): Promise<FileLease> {
  const lockPath = `${path}.lock`;
  const leaseMs = options.leaseMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  for (let attempt = 0; attempt < 5; attempt++) {
    const file = await Deno.open(lockPath, { read: true, write: true, create: true });
    let kept = false;
    try {
      if (await file.tryLock(true)) {
        const ino = (await file.stat()).ino;
        // Another simulator may have removed this lock file between our open and our lock.
        if (ino !== (await statOrNull(lockPath))?.ino) continue;
        const holder: FileHolder = {
          pid: Deno.pid,
          host: thisHost(),
          since: new Date(clock()).toISOString(),
        };
        await file.truncate(0);
        await file.write(new TextEncoder().encode(JSON.stringify(holder) + "\n"));
        kept = true;
        return heldLease(path, lockPath, file, ino);
      }
      const holder = await readHolder(file);
      const lastWrite = Math.max(
        (await statOrNull(path))?.mtime?.getTime() ?? 0,
        (await statOrNull(lockPath))?.mtime?.getTime() ?? 0,
      );
      const now = clock();
      if (lastWrite + leaseMs <= now) {
        // A live holder that has not written for a whole lease: take the file over.
        await Deno.remove(lockPath).catch(() => {});
        continue;
      }
      throw new MetricsFileError(
        "in_use",
        path,
        `another simulator holds it (pid ${holder?.pid ?? "?"} on host ${
          holder?.host ?? "?"
        }, last write ${
          agoText(lastWrite, now)
        }): use another --file, stop that simulator, or wait ${
          Math.ceil((lastWrite + leaseMs - now) / 1000)
        } s for its lease to run out`,
        "write",
      );
    } finally {
      if (!kept) file.close();
    }
  }
  throw new MetricsFileError(
    "conflict",
    path,
    "another simulator is taking it at the same time",
    "write",
  );
}

function heldLease(path: string, lockPath: string, file: Deno.FsFile, ino: number | null) {
  let released = false;
  return {
    lockPath,
    async check(): Promise<void> {
      if (released) return;
      const now = await statOrNull(lockPath);
      if (now === null || now.ino !== ino) {
        throw new MetricsFileError(
          "conflict",
          path,
          "another simulator has taken it over (this one had not written for a whole lease)",
          "write",
        );
      }
    },
    release(): void {
      if (released) return;
      released = true;
      try {
        if (Deno.statSync(lockPath).ino === ino) Deno.removeSync(lockPath);
      } catch {
        // Gone already, or not ours any more.
      }
      file.close();
    },
  };
}

async function readHolder(file: Deno.FsFile): Promise<FileHolder | null> {
  try {
    const buffer = new Uint8Array(MAX_LOCK_BYTES);
    await file.seek(0, Deno.SeekMode.Start);
    const n = await file.read(buffer);
    const value = JSON.parse(new TextDecoder().decode(buffer.subarray(0, n ?? 0)));
    if (
      typeof value === "object" && value !== null && Number.isSafeInteger(value.pid) &&
      typeof value.host === "string"
    ) {
      return {
        pid: value.pid,
        host: safeText(value.host, { maxLength: 64 }),
        since: safeText(String(value.since), { maxLength: 40 }),
      };
    }
  } catch {
    // An unreadable lock file names no holder.
  }
  return null;
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
