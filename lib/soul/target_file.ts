/**
 * `--target FILE`: a real service described by a file (JSON, or YAML for
 * `.yaml`/`.yml`): its URL, method, headers (with secrets from the
 * environment or a file), a JSON body template, a timeout, the response
 * mapping, the response size cap, the transport and its TLS files, and a
 * `preset` the other fields override. The whole file is checked here,
 * before a run starts; any mistake is one line naming the field and the
 * value found.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { InputError } from "../model/input_error.ts";
import { FileReadError } from "../model/file_read_error.ts";
import { fileReadWords } from "./_file_read_words.ts";
import { quote } from "../fmt/quote.ts";
import { checkKeys, FieldError, isObject } from "./_field_error.ts";
import { type BodyTemplate, compileBodyTemplate } from "./body_template.ts";
import { parseResponseMapping, type ResponseMapping } from "./response_mapping.ts";
import { PRESET_NAMES, type PresetName, PRESETS } from "./target_presets.ts";
import { createRedactor, type Redactor } from "./redact.ts";

/** Largest answer read when a target file names no `max_response_bytes`: 1 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** The transports: the fast HTTP/1.1 client, or `fetch` (HTTP/2, proxies, TLS files). */
export type TransportName = "fast" | "fetch";

/** The fields a target file may hold. */
export const TARGET_FILE_FIELDS = [
  "preset",
  "url",
  "method",
  "headers",
  "body",
  "model",
  "system_prompt",
  "timeout_ms",
  "response",
  "max_response_bytes",
  "transport",
  "http2",
  "ca_file",
  "cert_file",
  "key_file",
] as const;

const METHODS = ["POST", "PUT", "PATCH"] as const;

/** A checked target file, ready to build a target from. */
export interface TargetDefinition {
  /** The file it was read from. */
  source: string;
  /** The file's text, to tell an edited file from the one running. */
  fingerprint: string;
  /** The preset it starts from. */
  preset: PresetName;
  /** The endpoint. */
  url: URL;
  /** The endpoint as shown: origin and path, never the query. */
  label: string;
  /** The HTTP method. */
  method: typeof METHODS[number];
  /** Headers to send, secrets resolved. */
  headers: [string, string][];
  /** Hides the header secrets in any text. */
  redact: Redactor;
  /** The body template. */
  body: BodyTemplate;
  /** Per-request timeout, or null for the run's `--timeout-ms`. */
  timeoutMs: number | null;
  /** The response mapping. */
  response: ResponseMapping;
  /** Largest answer read, bytes. */
  maxResponseBytes: number;
  /** The transport serving it. */
  transport: TransportName;
  /** Why `fetch` was chosen when the file does not say, or null. */
  transportReason: string | null;
  /** Offer HTTP/2 (fetch only). */
  http2: boolean;
  /** The proxy requests go through (fetch only), or null. */
  proxy: string | null;
  /** PEM text of `ca_file`, `cert_file`, `key_file`. */
  tls: { caCerts?: string[]; cert?: string; key?: string };
}

/** What reading a target file may consult. */
export interface TargetFileContext {
  /** An environment variable: whether reading it is granted, and its value. */
  env(name: string): { granted: boolean; value: string | undefined };
  /**
   * Reads a file the target file names (header values from files, TLS files)
   * as text; the commands pass the bounded reader of `store/read_bounded.ts`.
   */
  readTextFile(path: string): string;
}

/** An environment variable of the process, read only when permissions allow. */
export function grantedEnv(name: string): { granted: boolean; value: string | undefined } {
  const granted = Deno.permissions.querySync({ name: "env", variable: name }).state === "granted";
  return { granted, value: granted ? Deno.env.get(name) : undefined };
}

/**
 * The process environment as permissions allow, and no file reading: a
 * target file that names a file needs a context with a reader.
 */
const envOnlyTargetFileContext: TargetFileContext = {
  env: grantedEnv,
  readTextFile(path) {
    throw new FileReadError("io", path, "no file reader was given");
  },
};

/**
 * Reads (with `read`, the bounded reader of `store/read_bounded.ts`) and
 * checks a target file. Throws a one-line {@linkcode InputError}; when a
 * permission is missing, its hint names the grant to add. `from` names where
 * the path came from in that message.
 */
export async function readTargetFile(
  path: string,
  read: (path: string) => Promise<Uint8Array>,
  context: TargetFileContext = envOnlyTargetFileContext,
  from = "--target",
): Promise<TargetDefinition> {
  let text: string;
  try {
    text = new TextDecoder().decode(await read(path));
  } catch (error) {
    const hint = grantHint(error);
    throw new InputError(
      `Cannot use ${from} ${quote(path)} as ${unreadable(error)}`,
      hint === undefined ? { usage: true } : { usage: true, hint },
    );
  }
  return parseTargetFile(text, path, context);
}

/** Parses and checks a target file's text; `source` names it in messages. */
export function parseTargetFile(
  text: string,
  source: string,
  context: TargetFileContext = envOnlyTargetFileContext,
): TargetDefinition {
  const fail = (message: string, hint?: string) =>
    new InputError(
      `Cannot use target file ${quote(source)} as ${message}`,
      hint === undefined ? { usage: true } : { usage: true, hint },
    );
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(source) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw fail(`it is not valid ${/\.ya?ml$/i.test(source) ? "YAML" : "JSON"}: ${detail}`);
  }
  try {
    return { ...checkTargetFile(raw, source, context), fingerprint: text };
  } catch (error) {
    if (error instanceof FieldError) throw fail(error.message);
    if (error instanceof SecretError) throw fail(error.message, error.hint);
    throw error;
  }
}

/** A value the file needs (a header secret, a file it names) that cannot be read, with a hint. */
class SecretError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

function checkTargetFile(
  raw: unknown,
  source: string,
  context: TargetFileContext,
): Omit<TargetDefinition, "fingerprint"> {
  if (!isObject(raw)) throw new FieldError("the file", "be an object of fields", raw);
  checkKeys(raw, TARGET_FILE_FIELDS, "");
  const presetName = raw.preset ?? "soul";
  const preset = PRESET_NAMES.find((p) => p === presetName);
  if (preset === undefined) {
    throw new FieldError("preset", `be one of ${PRESET_NAMES.join(", ")}`, presetName);
  }
  const base = PRESETS[preset].fields;
  const merged: Record<string, unknown> = { ...base, ...raw };
  if (isObject(base.response) && isObject(raw.response)) {
    merged.response = { ...base.response, ...raw.response };
  }
  const url = checkUrl(merged.url);
  const method = merged.method ?? "POST";
  const known = METHODS.find((m) => m === method);
  if (known === undefined) throw new FieldError("method", `be ${METHODS.join(", ")}`, method);
  const secrets: string[] = [];
  const headers = checkHeaders(merged.headers, context, secrets);
  const fixed: Record<string, string> = {};
  for (const key of ["model", "system_prompt"] as const) {
    const value = merged[key];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new FieldError(key, "be a string", value);
    fixed[key] = value;
  }
  const tls = checkTls(merged, context);
  const http2 = merged.http2 ?? false;
  if (typeof http2 !== "boolean") throw new FieldError("http2", "be true or false", http2);
  const proxy = url.protocol === "https:" || url.protocol === "http:"
    ? proxyFor(url, context)
    : null;
  const { transport, reason } = chooseTransport(merged.transport, url, tls, http2, proxy);
  return {
    source,
    preset,
    url,
    label: `${url.origin}${url.pathname}`,
    method: known,
    headers,
    redact: createRedactor(secrets),
    body: compileBodyTemplate(merged.body, fixed),
    timeoutMs: optionalNumber(merged.timeout_ms, "timeout_ms", 1, 3_600_000),
    response: parseResponseMapping(merged.response ?? {}),
    maxResponseBytes: optionalNumber(merged.max_response_bytes, "max_response_bytes", 1, 2 ** 30) ??
      DEFAULT_MAX_RESPONSE_BYTES,
    transport,
    transportReason: reason,
    http2,
    proxy: transport === "fetch" ? proxy : null,
    tls,
  };
}

function checkUrl(value: unknown): URL {
  if (typeof value !== "string") throw new FieldError("url", "be an http or https URL", value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FieldError("url", "be an http or https URL", value);
  }
  if (url.username !== "" || url.password !== "") {
    // Never echo a URL that carries credentials.
    url.username = url.username === "" ? "" : "***";
    url.password = url.password === "" ? "" : "***";
    throw new FieldError(
      "url",
      "carry no credentials (send them in 'headers' from the environment)",
      url.href,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FieldError("url", "be an http or https URL", value);
  }
  if (url.hash !== "") throw new FieldError("url", "have no fragment", value);
  return url;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED = ["host", "content-length", "transfer-encoding", "connection"];

function checkHeaders(
  value: unknown,
  context: TargetFileContext,
  secrets: string[],
): [string, string][] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) throw new FieldError("headers", "be an object of names to values", value);
  const out: [string, string][] = [];
  for (const [name, template] of Object.entries(value)) {
    if (!TOKEN.test(name)) throw new FieldError("headers", "have valid header names", name);
    if (RESERVED.includes(name.toLowerCase())) {
      throw new FieldError(`headers.${name}`, "be left to the transport", "a reserved header");
    }
    if (typeof template !== "string") {
      throw new FieldError(`headers.${name}`, "be a string", template);
    }
    const resolved = resolveReferences(template, name, context, secrets);
    // deno-lint-ignore no-control-regex
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(resolved)) {
      throw new FieldError(
        `headers.${name}`,
        "have no line breaks or control characters once resolved",
        template,
      );
    }
    out.push([name, resolved]);
  }
  return out;
}

/** Replaces `${NAME}` (environment) and `${file:PATH}` (file contents, trimmed). */
function resolveReferences(
  template: string,
  header: string,
  context: TargetFileContext,
  secrets: string[],
): string {
  return template.replace(/\$\{([^}]*)\}/g, (_all, ref: string) => {
    if (ref.startsWith("file:")) {
      const path = ref.slice(5);
      let text: string;
      try {
        text = context.readTextFile(path).trim();
      } catch (error) {
        const hint = grantHint(error);
        if (hint !== undefined) {
          throw new SecretError(
            `header '${header}' needs the file ${quote(path)}, and ${unreadable(error)}`,
            hint,
          );
        }
        throw new FieldError(
          `headers.${header}`,
          `name a readable file (${unreadable(error)})`,
          `\${file:${path}}`,
        );
      }
      secrets.push(text);
      return text;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(ref)) {
      throw new FieldError(
        `headers.${header}`,
        "reference variables as ${NAME} or files as ${file:PATH}",
        `\${${ref}}`,
      );
    }
    const { granted, value } = context.env(ref);
    if (!granted) {
      throw new SecretError(
        `header '${header}' needs \${${ref}}, and reading it is not permitted: add --allow-env=${ref}`,
        `run with --allow-env=${ref} added to the deno run command line (see docs/targets.md)`,
      );
    }
    if (value === undefined || value === "") {
      throw new SecretError(
        `header '${header}' needs \${${ref}}, which is not set`,
        `export ${ref} before the run`,
      );
    }
    secrets.push(value);
    return value;
  });
}

function checkTls(
  merged: Record<string, unknown>,
  context: TargetFileContext,
): TargetDefinition["tls"] {
  const read = (key: "ca_file" | "cert_file" | "key_file"): string | undefined => {
    const path = merged[key];
    if (path === undefined || path === null) return undefined;
    if (typeof path !== "string" || path === "") throw new FieldError(key, "be a file path", path);
    try {
      return context.readTextFile(path);
    } catch (error) {
      const hint = grantHint(error);
      if (hint !== undefined) {
        throw new SecretError(`'${key}' names ${quote(path)}, and ${unreadable(error)}`, hint);
      }
      throw new FieldError(key, `name a readable PEM file (${unreadable(error)})`, path);
    }
  };
  const tls: TargetDefinition["tls"] = {};
  const ca = read("ca_file");
  if (ca !== undefined) tls.caCerts = [ca];
  const cert = read("cert_file");
  const key = read("key_file");
  if ((cert === undefined) !== (key === undefined)) {
    throw new FieldError(
      cert === undefined ? "cert_file" : "key_file",
      "come with its pair (cert_file and key_file)",
      cert === undefined ? merged.cert_file : merged.key_file,
    );
  }
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  return tls;
}

/**
 * The proxy for `url` from `HTTPS_PROXY`/`HTTP_PROXY` (or their lower-case
 * forms), unless `NO_PROXY` names its host; null when none applies.
 */
export function proxyFor(url: URL, context: Pick<TargetFileContext, "env">): string | null {
  const get = (name: string) =>
    context.env(name).value ?? context.env(name.toLowerCase()).value ?? "";
  const proxy = (url.protocol === "https:" ? get("HTTPS_PROXY") : get("HTTP_PROXY")).trim();
  if (proxy === "") return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  for (const entry of get("NO_PROXY").split(",")) {
    const rule = entry.trim().toLowerCase().replace(/:\d+$/, "");
    if (rule === "") continue;
    if (rule === "*") return null;
    const bare = rule.replace(/^\*?\./, "");
    if (host === bare || host.endsWith(`.${bare}`)) return null;
  }
  try {
    new URL(proxy);
  } catch {
    throw new FieldError(
      "url",
      "be reached through a valid proxy URL (HTTPS_PROXY/HTTP_PROXY)",
      "***",
    );
  }
  return proxy;
}

function chooseTransport(
  value: unknown,
  url: URL,
  tls: TargetDefinition["tls"],
  http2: boolean,
  proxy: string | null,
): { transport: TransportName; reason: string | null } {
  const needs = url.protocol === "https:"
    ? "https"
    : proxy !== null
    ? "a proxy"
    : tls.caCerts !== undefined || tls.cert !== undefined
    ? "TLS files"
    : http2
    ? "HTTP/2"
    : null;
  if (value === undefined || value === null) {
    return needs === null
      ? { transport: "fast", reason: null }
      : { transport: "fetch", reason: needs };
  }
  if (value !== "fast" && value !== "fetch") {
    throw new FieldError("transport", "be fast or fetch", value);
  }
  if (value === "fast" && needs !== null && needs !== "https") {
    throw new FieldError("transport", `be fetch for a target that needs ${needs}`, value);
  }
  return { transport: value, reason: null };
}

function optionalNumber(value: unknown, field: string, min: number, max: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new FieldError(field, `be an integer from ${min} to ${max}`, value);
  }
  return value;
}

function unreadable(error: unknown): string {
  if (error instanceof FileReadError) return fileReadWords(error);
  if (error instanceof Deno.errors.NotFound) return "it does not exist";
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return "reading it is not permitted";
  }
  return `it cannot be read (${error instanceof Error ? error.message.split("\n")[0] : error})`;
}

/** The hint naming the grant that would let a file be read, when one is missing. */
function grantHint(error: unknown): string | undefined {
  if (!(error instanceof FileReadError) || error.grant === null) return undefined;
  return `run with ${error.grant} added to the deno run command line (see docs/targets.md)`;
}

/** Where a definition connects: the proxy's host and port, or the target's. */
export function connectAddress(definition: TargetDefinition): string {
  const url = definition.proxy === null ? definition.url : new URL(definition.proxy);
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  return `${url.hostname}:${port}`;
}

/**
 * Checks that the process may reach the target (or its proxy); throws a
 * one-line {@linkcode InputError} naming the exact `--allow-net` to add.
 */
export function checkNetGrant(
  definition: TargetDefinition,
  granted: (host: string) => boolean = (host) =>
    Deno.permissions.querySync({ name: "net", host }).state === "granted",
): void {
  const address = connectAddress(definition);
  if (granted(address)) return;
  throw new InputError(
    `Cannot reach ${address} for target file ${
      quote(definition.source)
    } as network access to it is not permitted: add --allow-net=${address}`,
    { hint: "see docs/targets.md for the command line that runs a remote target" },
  );
}

/** A one-line description of the definition, safe to show: `preset url`. */
export function describeDefinition(definition: TargetDefinition): string {
  return `${definition.preset} ${definition.label}`;
}
