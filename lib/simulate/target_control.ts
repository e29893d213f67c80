/**
 * Choosing the simulator's target at start-up and switching it while it
 * runs (SIGHUP re-reads the `--flags` file; `POST /api/target` on the
 * server): resolve the setting, build a target from it, read a switch
 * request, and {@linkcode TargetControl}, which owns the running target.
 *
 * @module
 */
import type { Target } from "../model/decision.ts";
import { createReferenceTarget } from "../soul/reference_engine.ts";
import { withFaults } from "../soul/fault_target.ts";
import { withGuardRegression } from "../soul/guard_regression.ts";
import { createHttpTarget, parseSoulUrl } from "../soul/http_target.ts";
import { readFlagsFile } from "../soul/flags_file.ts";
import { readBounded } from "../store/read_bounded.ts";
import {
  describeSetting,
  resolveSoulUrl,
  resolveTargetSetting,
  type TargetSetting,
} from "../soul/target_setting.ts";
import { createFileTarget } from "../soul/file_target.ts";
import {
  checkNetGrant,
  type TargetDefinition,
  type TargetFileContext,
} from "../soul/target_file.ts";
import { readTargetDefinition } from "./target_files.ts";
import { UsageError } from "../cli/usage_error.ts";
import { VERSION } from "../cli/version.ts";
import type { Random } from "../traffic/random.ts";
import type { FaultConfig } from "../model/metrics_document.ts";
import type { Clock } from "./clock.ts";
import type { SimulatorOptions } from "./simulate_options.ts";

/** Largest `--flags` file read, in bytes. */
export const MAX_FLAGS_BYTES = 64 * 1024;

/** What building a target needs besides the setting. */
export interface TargetContext {
  /** Per-request timeout of the HTTP target, ms. */
  timeoutMs: number;
  /** Most connections the HTTP target opens. */
  concurrency: number;
  /** Fault injection of the embedded engine. */
  faults: FaultConfig;
  /** Seeded source for injected faults. */
  random: Random;
}

/** The `User-Agent` of every HTTP request. */
export const USER_AGENT = `buddy-traffic/${VERSION}`;

/**
 * Builds the target a setting names: the embedded engine (with any guard
 * regression, then any faults),
 * the service a target file describes, or the Soul service at a URL.
 */
export function buildTarget(setting: TargetSetting, context: TargetContext): Target {
  if (setting.kind === "http" && setting.definition !== undefined) {
    return createFileTarget(setting.definition, {
      timeoutMs: context.timeoutMs,
      concurrency: context.concurrency,
      userAgent: USER_AGENT,
    });
  }
  if (setting.kind === "http" && setting.url !== undefined) {
    return createHttpTarget({
      url: setting.url,
      timeoutMs: context.timeoutMs,
      concurrency: context.concurrency,
      userAgent: USER_AGENT,
    });
  }
  const { leak_rate = 0, overblock_rate = 0 } = context.faults;
  const engine = withGuardRegression(
    createReferenceTarget(),
    { leak_rate, overblock_rate },
    context.random,
  );
  return withFaults(engine, context.faults, context.random);
}

/**
 * Reads the body of `POST /api/target`: `{"target": "reference"}` or
 * `{"target": "http", "url": "http://127.0.0.1:8787"}` (the URL is optional:
 * without it, the configured service: the target file when there is one,
 * else the configured URL). Throws a `RangeError` with a one-line message on
 * anything else.
 */
export function parseTargetRequest(
  body: unknown,
  defaultUrl: string,
  definition?: TargetDefinition,
): TargetSetting {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RangeError('Send a JSON object such as {"target": "reference"}');
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (key !== "target" && key !== "url") {
      throw new RangeError(`Unknown field '${key}': expected 'target' and optionally 'url'`);
    }
  }
  if (b.target === "reference") {
    if (b.url !== undefined) throw new RangeError('\'url\' only goes with "target": "http"');
    return { kind: "reference" };
  }
  if (b.target === "http") {
    if (b.url !== undefined && typeof b.url !== "string") {
      throw new RangeError("'url' must be a string");
    }
    if (b.url === undefined && definition !== undefined) return { kind: "http", definition };
    let url: URL;
    try {
      url = parseSoulUrl(typeof b.url === "string" ? b.url : defaultUrl, "url");
    } catch (error) {
      throw new RangeError((error as Error).message);
    }
    return { kind: "http", url: url.href.replace(/\/$/, "") };
  }
  throw new RangeError(
    `'target' must be "reference" or "http": current value is ${
      JSON.stringify(b.target) ?? "nothing"
    }`,
  );
}

/** The options that choose the target. */
export type TargetOptions = Pick<
  SimulatorOptions,
  "useRealSoul" | "soulUrl" | "flagsFile" | "targetFile"
>;

/** A resolved target setting and the service URL a run is configured with. */
export interface TargetChoice {
  /** What serves the traffic. */
  setting: TargetSetting;
  /**
   * The configured service URL, kept even while the embedded engine runs, so
   * a switch to `http` without a URL goes where the user pointed it.
   */
  serviceUrl: string;
  /** The configured target file (`--target`, else the flags file's), read and checked. */
  definition?: TargetDefinition;
}

/**
 * Reads the `--flags` file (if any) and the target file (`--target`, else
 * the flags file's `SOUL_TARGET_FILE`), and resolves the target from the
 * options, the files and the environment. A target file about to be used
 * must be reachable under the granted `--allow-net`. Throws a one-line
 * `UsageError` (an `InputError`).
 */
export async function readTargetChoice(
  options: TargetOptions,
  env: { get(name: string): string | undefined },
  files?: TargetFileContext,
): Promise<TargetChoice> {
  const flags = options.flagsFile === null ? undefined : await readFlagsFile(
    options.flagsFile,
    (path) => readBounded(path, { maxBytes: MAX_FLAGS_BYTES, what: "a flags file" }),
  );
  const fromFlags = flags?.SOUL_TARGET_FILE?.trim();
  const path = options.targetFile ?? (fromFlags === "" ? undefined : fromFlags);
  if (path !== undefined && options.soulUrl !== null) {
    throw new UsageError(
      "Cannot use --soul-url with a target file: put the endpoint in the target file's 'url'",
    );
  }
  const definition = path === undefined ? undefined : await readTargetDefinition(
    path,
    files,
    options.targetFile === null ? "the flags file's SOUL_TARGET_FILE" : "--target",
  );
  const input = {
    useRealSoul: options.useRealSoul,
    flagUrl: options.soulUrl ?? undefined,
    env,
    flags,
    definition,
  };
  const setting = resolveTargetSetting(input);
  if (setting.definition !== undefined) checkNetGrant(setting.definition);
  const serviceUrl = setting.url ?? resolveSoulUrl(input);
  return definition === undefined ? { setting, serviceUrl } : { setting, serviceUrl, definition };
}

/** What a switch request did: `{switched, target}` is also the answer of `POST /api/target`. */
export interface TargetSwitch {
  /** False when the target asked for is the one running. */
  switched: boolean;
  /** The running target, as {@linkcode describeSetting} names it. */
  target: string;
}

/** Options for {@linkcode TargetControl}. */
export interface TargetControlOptions {
  /** The target to start with. */
  choice: TargetChoice;
  /** What building a target needs besides the setting. */
  context: TargetContext;
  /** Re-reads the settings (SIGHUP). */
  reread(): Promise<TargetChoice>;
  /** Time source for closing replaced targets. */
  clock: Clock;
  /** Writes a line of normal output. */
  say(line: string): void;
  /** Writes a line of diagnostics. */
  err(line: string): void;
}

/**
 * The running target and its switches. A replaced target keeps serving the
 * requests it has in flight for their timeout and is closed after; whatever
 * is left is closed by {@linkcode TargetControl.close}.
 */
export class TargetControl {
  readonly #o: TargetControlOptions;
  #setting: TargetSetting;
  #target: Target;
  #serviceUrl: string;
  #definition: TargetDefinition | undefined;
  #onSwitch: ((target: Target, reason: string) => void) | null = null;
  /** Old targets waiting to be closed, with the cancel function of their timer. */
  readonly #retiring = new Map<() => void, () => void>();

  /** Builds the starting target. */
  constructor(options: TargetControlOptions) {
    this.#o = options;
    this.#setting = options.choice.setting;
    this.#serviceUrl = options.choice.serviceUrl;
    this.#definition = options.choice.definition;
    this.#target = buildTarget(this.#setting, options.context);
  }

  /** The running target. */
  get target(): Target {
    return this.#target;
  }

  /** Hands every later switch to `onSwitch` (the simulation); switches are refused before. */
  attach(onSwitch: (target: Target, reason: string) => void): void {
    this.#onSwitch = onSwitch;
  }

  /** Switches to `next` unless it is what runs already; `reason` goes into the event. */
  switchTo(next: TargetSetting, reason: string): TargetSwitch {
    if (this.#onSwitch === null) {
      throw new RangeError("Cannot switch the target yet: the run is starting");
    }
    const from = describeSetting(this.#setting);
    const to = describeSetting(next);
    const edited = next.definition?.fingerprint !== this.#setting.definition?.fingerprint;
    if (from === to && !edited) return { switched: false, target: to };
    const old = this.#target;
    this.#target = buildTarget(next, this.#o.context);
    this.#setting = next;
    this.#onSwitch(this.#target, `${reason} (${from} -> ${to})`);
    if (next.url !== undefined) this.#serviceUrl = next.url;
    // Requests still in flight on the old target get their timeout to finish.
    const close = () => {
      this.#retiring.delete(close);
      void old.close?.();
    };
    const cancel = this.#o.clock.timer(this.#o.context.timeoutMs + 100, close);
    this.#retiring.set(close, cancel);
    this.#o.say(`Target switched to ${to}: ${reason}`);
    return { switched: true, target: to };
  }

  /** Answers `POST /api/target`: throws a `RangeError` on a body it cannot use. */
  request(body: unknown): TargetSwitch {
    const next = parseTargetRequest(body, this.#serviceUrl, this.#definition);
    if (next.definition !== undefined) {
      try {
        checkNetGrant(next.definition);
      } catch (error) {
        throw new RangeError((error as Error).message);
      }
    }
    return this.switchTo(next, "POST /api/target");
  }

  /** Answers SIGHUP: re-reads the settings and switches; never throws. */
  async reload(): Promise<void> {
    try {
      const choice = await this.#o.reread();
      const next = choice.setting;
      this.#serviceUrl = choice.serviceUrl;
      this.#definition = choice.definition;
      if (next.notice !== undefined) this.#o.err(next.notice);
      if (!this.switchTo(next, "SIGHUP").switched) {
        this.#o.say(`SIGHUP: target unchanged (${describeSetting(next)})`);
      }
    } catch (error) {
      this.#o.err(
        `SIGHUP: target unchanged: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Closes replaced targets at once, then the running one. */
  async close(): Promise<void> {
    for (const [close, cancel] of this.#retiring) {
      cancel();
      close();
    }
    await this.#target.close?.();
  }
}
