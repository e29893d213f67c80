/**
 * Debian's Prometheus and Alertmanager as child processes on 127.0.0.1, for
 * end-to-end tests: each gets a free loopback port and a temporary folder,
 * is waited for until `/-/ready` answers, and is stopped with SIGTERM.
 * Without the binaries the tests that need them are skipped, except in CI
 * (`CI=true`), where they run and fail.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { freePort } from "./_tasks.ts";

/** Debian's Prometheus server. */
export const PROMETHEUS = "/usr/bin/prometheus";
/** Debian's Alertmanager. */
export const ALERTMANAGER = "/usr/bin/prometheus-alertmanager";

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Whether the tests needing `binaries` are skipped (missing and not in CI), with a warning. */
export function skipWithout(...binaries: string[]): boolean {
  const missing = binaries.filter((b) => !isFile(b));
  if (missing.length === 0) return false;
  if (Deno.env.get("CI") === "true") return false;
  console.warn(`tests ignored: ${missing.join(", ")} not found (install Debian's prometheus)`);
  return true;
}

/** A running Prometheus or Alertmanager. */
export interface StackProcess {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Its temporary folder (configuration and storage). */
  readonly dir: string;
  /** Stops the process, waits for it and removes its folder. */
  stop(): Promise<void>;
}

async function start(
  binary: string,
  args: (dir: string, address: string) => string[],
  files: Record<string, string>,
): Promise<StackProcess> {
  assert.ok(isFile(binary), `${binary} is missing: CI must install Debian's prometheus`);
  const dir = await Deno.makeTempDir();
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, name, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, name), text);
  }
  const address = `127.0.0.1:${freePort()}`;
  const child = new Deno.Command(binary, {
    args: args(dir, address),
    cwd: dir,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log = new Response(child.stderr).text();
  const url = `http://${address}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already exited.
    }
    await child.status;
    await log;
    await Deno.remove(dir, { recursive: true });
  };
  const until = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${url}/-/ready`).then(
      (r) => r.body?.cancel().then(() => r.ok),
      () => false,
    );
    if (ok) return { url, dir, stop };
    if (Date.now() > until) {
      await stop();
      throw new Error(`${binary} did not become ready: ${(await log).slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts Prometheus with `files` (its `prometheus.yml` among them) and more flags. */
export function startPrometheus(
  files: Record<string, string>,
  extra: readonly string[] = [],
): Promise<StackProcess> {
  return start(PROMETHEUS, (dir, address) => [
    `--config.file=${join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${join(dir, "data")}`,
    `--web.listen-address=${address}`,
    ...extra,
  ], files);
}

/** Starts Alertmanager with `config` (YAML), without clustering, on loopback. */
export function startAlertmanager(config: string): Promise<StackProcess> {
  return start(ALERTMANAGER, (dir, address) => [
    `--config.file=${join(dir, "alertmanager.yml")}`,
    `--storage.path=${join(dir, "data")}`,
    `--web.listen-address=${address}`,
    "--cluster.listen-address=",
  ], { "alertmanager.yml": config });
}

/** Runs an instant PromQL query; returns the result vector. */
export async function instantQuery(
  url: string,
  query: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = await res.json();
  if (body.status !== "success") throw new Error(`query ${query} failed: ${JSON.stringify(body)}`);
  return body.data.result;
}

/** Polls `check` every 250 ms until it returns a value other than null, or throws after `ms`. */
export async function waitFor<T>(
  what: string,
  ms: number,
  check: () => Promise<T | null>,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
