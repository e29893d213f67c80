/**
 * Who holds a store (a metrics file or a KV shard) and whether that holder
 * is gone: the host name and process id a writer records, and the check that
 * a recorded process on this host has died (so its store is taken over at
 * once instead of after its lease).
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
 * Whether process `pid` of host `host` still runs, as far as this process can
 * tell: a process of another host, or one this process may not look up
 * (reading `/proc` not granted, not Linux), is `"unknown"`.
 */
export function pidState(pid: number, host: string): PidState {
  if (host === "unknown" || host !== thisHost()) return "unknown";
  if (pid === Deno.pid) return "alive";
  if (Deno.build.os !== "linux" || !Number.isSafeInteger(pid) || pid <= 0) return "unknown";
  try {
    Deno.statSync(`/proc/${pid}`);
    return "alive";
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? "dead" : "unknown";
  }
}

/** How long ago `at` (epoch ms) was, as `"12 s ago"`, from `now`. */
export function agoText(at: number, now: number): string {
  return `${Math.max(0, Math.round((now - at) / 1000))} s ago`;
}
