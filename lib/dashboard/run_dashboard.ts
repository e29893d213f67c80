/**
 * The dashboard at the edge: the runner (the rules file, then one-shot
 * frames, `--serve`, or the live loop: alternate screen, redraw in place,
 * refresh on file change and on a timer, `q` / Ctrl+C restore the terminal).
 *
 * @module
 */
import { withTokenFile } from "../cli/token_file.ts";
import { basename, dirname, resolve } from "node:path";
import { highFiring } from "../alerts/evaluate.ts";
import { type AlertRule, DEFAULT_RULES } from "../alerts/rules.ts";
import { readRulesFile } from "../cli/read_rules_file.ts";
import { writeText } from "../cli/write_text.ts";
import { InputError } from "../model/input_error.ts";
import {
  ALT_SCREEN_OFF,
  ALT_SCREEN_ON,
  CLEAR_LINE_END,
  CLEAR_SCREEN_END,
  colorEnabled,
  CURSOR_HIDE,
  CURSOR_HOME,
  CURSOR_SHOW,
} from "../render/ansi.ts";
import { renderFrame } from "../render/dashboard_frame.ts";
import { buildTerminalView, type GoodRead } from "../view/terminal_view.ts";
import { type DashboardOptions, watchedFile } from "./dashboard_options.ts";
import {
  fileSource,
  type MetricsSource,
  type SourceResult,
  urlSource,
} from "../store/metrics_source.ts";
import { type LiveTick, parseLiveTick } from "../view/live_tick.ts";
import { kvSource } from "../store/kv_source.ts";
import { Wakeup } from "./wakeup.ts";
import { serveDashboard } from "./serve_dashboard.ts";
import type { ListenAddress } from "../server/serve.ts";

/** Exit code of `--once` when a HIGH alert is firing. */
export const EXIT_ALERT = 1;

/** Runs the dashboard the options ask for: one frame, the live view, or `--serve`. */
export async function runDashboard(options: DashboardOptions): Promise<number> {
  options = await withTokenFile(options);
  const rules = options.rulesPath === null ? DEFAULT_RULES : await readRulesFile(options.rulesPath);
  const { listen } = options;
  if (listen !== null) return await runServe({ ...options, listen }, rules);
  return options.once ? await runOnce(options, rules) : await runLive(options, rules);
}

/** The source the options name. */
export function sourceOf(options: DashboardOptions): MetricsSource {
  if (options.kv !== null) {
    return kvSource(options.kv, options.shard === null ? {} : { shard: options.shard });
  }
  if (options.url === null) return fileSource(options.file);
  return urlSource(options.url, options.token === null ? {} : { token: options.token });
}

/** Terminal size, or 80x24 when stdout is not a terminal. */
export function terminalSize(): { columns: number; rows: number } {
  if (!Deno.stdout.isTerminal()) return { columns: 80, rows: 24 };
  try {
    return Deno.consoleSize();
  } catch {
    return { columns: 80, rows: 24 };
  }
}

function write(text: string): void {
  writeText(Deno.stdout, text);
}

/**
 * Prints one frame and returns the exit code: 0, or 1 when a HIGH alert is
 * firing; an unusable source is an {@linkcode InputError} once the frame
 * is printed.
 */
export async function runOnce(
  options: DashboardOptions,
  rules: readonly AlertRule[],
): Promise<number> {
  const source = sourceOf(options);
  const result = await source.read();
  const view = buildTerminalView(result, null, {
    source: source.label,
    now: new Date(),
    intervalS: options.intervalS,
    interactive: false,
    rules,
    apdexTMs: options.apdexTMs,
  });
  const size = terminalSize();
  const color = colorEnabled(Deno.stdout.isTerminal(), Deno.noColor || !options.color);
  write(`${renderFrame(view, { width: size.columns, height: size.rows, color })}\n`);
  if (result.kind === "error") throw new InputError(result.message);
  return highFiring(view.alerts) ? EXIT_ALERT : 0;
}

/** Milliseconds between two reads of the live status (the figures of the last second). */
export const LIVE_REFRESH_MS = 1000;

/** Live statuses kept for the per-second sparklines. */
const MAX_LIVE_HISTORY = 600;

/** Milliseconds file events are gathered before one refresh. */
export const WATCH_DEBOUNCE_MS = 150;

/** Watches the file's directory and calls `onChange` (debounced) when the file changes. */
export function watchFile(path: string, onChange: () => void): { close(): void } | null {
  const full = resolve(path);
  const name = basename(full);
  let watcher: Deno.FsWatcher;
  try {
    watcher = Deno.watchFs(dirname(full), { recursive: false });
  } catch {
    return null; // the timer still refreshes
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  (async () => {
    try {
      for await (const event of watcher) {
        const ours = event.paths.some((p) => {
          const b = basename(p);
          return b === name || b === `${name}.tmp`;
        });
        if (!ours) continue;
        clearTimeout(timer);
        timer = setTimeout(onChange, WATCH_DEBOUNCE_MS);
      }
    } catch {
      // watcher closed or failed: the timer still refreshes
    }
  })();
  return {
    close() {
      clearTimeout(timer);
      try {
        watcher.close();
      } catch {
        // already closed
      }
    },
  };
}

/** Runs the live dashboard until `q`, Ctrl+C or SIGTERM; returns the exit code. */
export async function runLive(
  options: DashboardOptions,
  rules: readonly AlertRule[],
): Promise<number> {
  const source = sourceOf(options);
  const tty = Deno.stdout.isTerminal();
  const color = colorEnabled(tty, Deno.noColor || !options.color);
  const wake = new Wakeup();
  let stopping = false;
  const stop = () => {
    stopping = true;
    wake.fire();
  };
  const signals: [Deno.Signal, () => void][] = [["SIGINT", stop], ["SIGTERM", stop], [
    "SIGWINCH",
    () => wake.fire(),
  ]];
  for (const [sig, fn] of signals) {
    try {
      Deno.addSignalListener(sig, fn);
    } catch {
      // not supported on this platform
    }
  }
  /** When the document is read next (0: at once), Unix ms. */
  let nextRead = 0;
  const raw = Deno.stdin.isTerminal();
  if (raw) {
    Deno.stdin.setRaw(true);
    readKeys(stop, () => {
      nextRead = 0;
      wake.fire();
    });
  }
  const file = watchedFile(options);
  let watcher: { close(): void } | null = null;
  if (tty) write(ALT_SCREEN_ON + CURSOR_HIDE);
  let previous: GoodRead | null = null;
  let result: SourceResult | null = null;
  const history: LiveTick[] = [];
  try {
    while (!stopping) {
      // The document on change or every interval; the small live status every second.
      if (result === null || Date.now() >= nextRead) {
        result = await source.read();
        if (result.kind === "ok") previous = result;
        nextRead = Date.now() + options.intervalS * 1000;
      }
      const live = parseLiveTick((await source.readLive?.()) ?? null);
      if (live !== null && live.at > (history.at(-1)?.at ?? -Infinity)) {
        if (history.length > 0 && history.at(-1)!.run_id !== live.run_id) history.length = 0;
        history.push(live);
        if (history.length > MAX_LIVE_HISTORY) history.shift();
      }
      if (stopping) break;
      const view = buildTerminalView(result, previous, {
        source: source.label,
        now: new Date(),
        intervalS: options.intervalS,
        interactive: true,
        rules,
        apdexTMs: options.apdexTMs,
        live,
        liveHistory: history,
      });
      const size = terminalSize();
      const frame = renderFrame(view, { width: size.columns, height: size.rows, color });
      if (tty) {
        write(
          CURSOR_HOME + frame.split("\n").join(`${CLEAR_LINE_END}\r\n`) + CLEAR_LINE_END +
            CLEAR_SCREEN_END,
        );
      } else write(`${frame}\n\n`);
      if (watcher === null && file !== null) {
        watcher = watchFile(file, () => {
          nextRead = 0;
          wake.fire();
        });
      }
      const wait = source.readLive === undefined ? options.intervalS * 1000 : LIVE_REFRESH_MS;
      await wake.wait(Math.max(0, Math.min(wait, nextRead - Date.now())));
    }
  } finally {
    watcher?.close();
    for (const [sig, fn] of signals) {
      try {
        Deno.removeSignalListener(sig, fn);
      } catch {
        // not supported on this platform
      }
    }
    if (raw) {
      try {
        Deno.stdin.setRaw(false);
      } catch {
        // stdin already gone
      }
    }
    if (tty) write(CURSOR_SHOW + ALT_SCREEN_OFF);
  }
  return 0;
}

function readKeys(onQuit: () => void, onRefresh: () => void): void {
  (async () => {
    const buf = new Uint8Array(64);
    while (true) {
      let n: number | null;
      try {
        n = await Deno.stdin.read(buf);
      } catch {
        return;
      }
      if (n === null) return;
      for (const byte of buf.subarray(0, n)) {
        if (byte === 0x71 || byte === 0x51 || byte === 0x03 || byte === 0x04) {
          onQuit();
          return;
        }
        if (byte === 0x72 || byte === 0x52) onRefresh();
      }
    }
  })();
}

/** `--serve`: serves the source over HTTP until Ctrl+C or SIGTERM; returns the exit code. */
export async function runServe(
  options: DashboardOptions & { listen: ListenAddress },
  rules: readonly AlertRule[],
): Promise<number> {
  const stop = new AbortController();
  const onStop = () => stop.abort();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const sig of signals) Deno.addSignalListener(sig, onStop);
  const file = watchedFile(options);
  try {
    return await serveDashboard({
      source: sourceOf(options),
      listen: options.listen,
      token: options.token,
      intervalS: options.intervalS,
      rules,
      signal: stop.signal,
      ...(file === null ? {} : {
        watch: (onChange: () => void) => {
          const watcher = watchFile(file, onChange);
          return () => watcher?.close();
        },
      }),
    }, { out: (line) => console.log(line), err: (line) => console.error(line) });
  } finally {
    for (const sig of signals) Deno.removeSignalListener(sig, onStop);
  }
}
