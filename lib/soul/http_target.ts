/**
 * The `http` target: a real Soul service reached over the decision contract,
 * `POST {url}/v1/evaluate` with `{"id", "input"}`, answered by a decision.
 *
 * @module
 */
import { InputError } from "../model/input_error.ts";
import {
  type Decision,
  type Target,
  TargetError,
  type TargetInput,
  validateDecision,
} from "../model/decision.ts";
import { createHttpClient, HttpClientError } from "./http_client.ts";

/** Where a Soul service is looked for when nothing names one. */
export const DEFAULT_SOUL_URL = "http://127.0.0.1:8787";

/** Per-request timeout used when none is given, in ms. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** Options of {@linkcode createHttpTarget}. */
export interface HttpTargetOptions {
  /** Base URL of the service; `/v1/evaluate` is appended to its path. */
  url: string;
  /**
   * Gives up on a request after this many ms (connecting and waiting included).
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Most connections open at once; more requests in flight wait for one.
   * @default unlimited (one connection per request in flight)
   */
  concurrency?: number;
  /**
   * The `User-Agent` header, or none.
   * @default {undefined}
   */
  userAgent?: string;
}

const decoder = new TextDecoder();

/**
 * Creates the `http` target. Every failure is a {@linkcode TargetError} of the
 * matching type with a one-line message; connections persist between requests;
 * nothing is retried; `close()` releases every socket.
 */
export function createHttpTarget(options: HttpTargetOptions): Target {
  const base = parseSoulUrl(options.url, "url");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(
      `Cannot create HTTP target as 'timeoutMs' must be > 0: current value is ${timeoutMs}`,
    );
  }
  const client = createHttpClient(base, {
    ...(options.concurrency === undefined ? {} : { maxConnections: options.concurrency }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
  });
  const path = `${base.pathname.replace(/\/+$/, "")}/v1/evaluate`;

  async function evaluate(request: TargetInput, signal?: AbortSignal): Promise<Decision> {
    const body = JSON.stringify({ id: request.id, input: request.input });
    let response;
    try {
      response = await client.post(
        path,
        body,
        signal === undefined ? { timeoutMs } : { timeoutMs, signal },
      );
    } catch (error) {
      throw toTargetError(error);
    }
    if (response.status < 200 || response.status > 299) {
      const text = printable(response.statusText);
      throw new TargetError(
        "http_status",
        text === "" ? `HTTP ${response.status}` : `HTTP ${response.status} ${text}`,
      );
    }
    const text = decoder.decode(response.body);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new TargetError("invalid_json", `Answer is not JSON: ${preview(text)}`);
    }
    const decision = validateDecision(value);
    if (typeof decision === "string") throw new TargetError("invalid_decision", decision);
    return decision;
  }

  return {
    name: "http",
    enforcesTimeout: true,
    evaluate,
    close() {
      client.close();
    },
  };
}

/** Soul settings read from the environment (or a flags file). */
export interface SoulSettings {
  /** True when `SOUL_REAL_ENABLED` is `true`, `1` or `yes` (any case). */
  enabled: boolean;
  /** `SOUL_API_URL`, or {@linkcode DEFAULT_SOUL_URL}. */
  url: string;
}

/**
 * Reads `SOUL_REAL_ENABLED` and `SOUL_API_URL`; throws a {@linkcode InputError}
 * when the URL is not an http(s) URL.
 */
export function soulSettingsFromEnv(env: { get(key: string): string | undefined }): SoulSettings {
  const enabled = isTrue(env.get("SOUL_REAL_ENABLED"));
  const raw = env.get("SOUL_API_URL")?.trim();
  const url = raw === undefined || raw === ""
    ? DEFAULT_SOUL_URL
    : parseSoulUrl(raw, "SOUL_API_URL").href.replace(/\/$/, "");
  return { enabled, url };
}

/** True for `true`, `1` or `yes` in any case, with spaces around ignored. */
export function isTrue(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return v === "true" || v === "1" || v === "yes";
}

/**
 * Parses a service URL, accepting only http and https; `name` is the setting
 * named in the one-line {@linkcode InputError}.
 */
export function parseSoulUrl(text: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      `Cannot use ${name} as it must be an http or https URL: current value is '${
        maskCredentials(text)
      }'`,
      { usage: true },
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InputError(
      `Cannot use ${name} as it must be an http or https URL: current value is '${
        maskCredentials(text)
      }'`,
      { usage: true },
    );
  }
  if (url.username !== "" || url.password !== "") {
    // Never echo credentials: they are shown as ***.
    if (url.username !== "") url.username = "***";
    if (url.password !== "") url.password = "***";
    throw new InputError(
      `Cannot use ${name} as it must carry no credentials: current value is '${url.href}'`,
      { usage: true, hint: "send credentials as headers from a target file (docs/targets.md)" },
    );
  }
  if (url.search !== "" || url.hash !== "") {
    throw new InputError(
      `Cannot use ${name} as it must have no query or fragment: current value is '${text}'`,
      { usage: true },
    );
  }
  return url;
}

/** `text` with anything between `//` and `@` (user and password of a URL) shown as `***`. */
export function maskCredentials(text: string): string {
  return text.replace(/\/\/[^/?#]*@/g, "//***@");
}

function toTargetError(error: unknown): TargetError {
  if (error instanceof TargetError) return error;
  if (error instanceof HttpClientError) {
    switch (error.kind) {
      case "connection_refused":
        return new TargetError("connection_refused", error.message);
      case "connection_error":
        return new TargetError("connection_error", error.message);
      case "timeout":
      case "aborted":
        return new TargetError("timeout", error.message);
    }
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new TargetError("connection_error", message ?? "Unknown transport failure");
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "").trim().slice(0, 60);
}

function preview(text: string): string {
  if (text.trim() === "") return "empty body";
  // deno-lint-ignore no-control-regex
  const flat = text.replace(/[\x00-\x1f\x7f]+/g, " ").trim();
  return JSON.stringify(flat.length > 40 ? `${flat.slice(0, 40)}…` : flat);
}
