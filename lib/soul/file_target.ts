/**
 * The target a target file describes: each request's body rendered from the
 * template, sent over the definition's transport, and the answer mapped to
 * a decision. Every failure is a typed, counted {@linkcode TargetError}
 * whose message never carries a secret; 429 and 503 are `rate_limited`
 * with their `Retry-After`, and nothing is retried.
 *
 * @module
 */
import type { Decision, Target, TargetInput } from "../model/decision.ts";
import { TargetError, validateDecision } from "../model/decision.ts";
import { HttpClientError, type HttpResponse } from "./http_client.ts";
import { createResponseMapper } from "./response_mapping.ts";
import { excerpt } from "./reply_classifier.ts";
import { DEFAULT_TIMEOUT_MS } from "./http_target.ts";
import type { TargetDefinition } from "./target_file.ts";
import { createTransport, type Transport } from "./transport.ts";

/** Options of {@linkcode createFileTarget}. */
export interface FileTargetOptions {
  /**
   * Per-request timeout when the file names none, ms.
   * @default 5000
   */
  timeoutMs?: number;
  /** Most connections at once (fast transport). @default unlimited */
  concurrency?: number;
  /** The `User-Agent` header, e.g. `buddy-traffic/1.0.0`. */
  userAgent: string;
  /** A transport instead of the definition's (tests). */
  transport?: Transport;
}

/** One exchange as the probe shows it. */
export interface Exchange {
  /** HTTP status, or null when no answer came. */
  status: number | null;
  /** An excerpt of the raw answer (secrets hidden), or the transport's failure. */
  raw: string;
  /** The mapped decision, or the typed failure. */
  result: { decision: Decision } | { error: TargetError };
}

/** A target from a target file; `exchange` also returns the raw answer. */
export interface FileTarget extends Target {
  /** Sends one input and returns the status, the raw answer and the mapped result. */
  exchange(request: TargetInput): Promise<Exchange>;
}

const decoder = new TextDecoder();

/** Creates the target `definition` describes. */
export function createFileTarget(
  definition: TargetDefinition,
  options: FileTargetOptions,
): FileTarget {
  const timeoutMs = definition.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = options.transport ?? createTransport(definition, {
    userAgent: options.userAgent,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  const mapper = createResponseMapper(definition.response);
  const contract = Object.keys(definition.response.fields).length === 0 &&
    definition.response.reply === null;
  // The URL as shown (no query) wherever a transport message would repeat it whole.
  const href = definition.url.href;
  const redact = (text: string) => definition.redact(text.split(href).join(definition.label));

  async function send(request: TargetInput, signal?: AbortSignal): Promise<HttpResponse> {
    const body = definition.body.render(request.id, request.input);
    try {
      return await transport.send(
        body,
        signal === undefined ? { timeoutMs } : { timeoutMs, signal },
      );
    } catch (error) {
      throw transportFailure(error, redact);
    }
  }

  function decide(response: HttpResponse): Decision {
    const { status } = response;
    if (status === 429 || status === 503) {
      const after = response.retryAfter === null ? "" : ` (Retry-After: ${response.retryAfter})`;
      throw new TargetError("rate_limited", redact(`${statusLine(response)}${after}`));
    }
    // Secrets go before anything is cut or parsed, so no excerpt can hold part of one.
    const text = definition.redact(decoder.decode(response.body));
    if (status < 200 || status > 299) {
      const detail = text.trim() === "" ? "" : `: ${excerpt(text, 60)}`;
      throw new TargetError("http_status", redact(`${statusLine(response)}${detail}`));
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new TargetError(
        "invalid_json",
        `Answer is not JSON: ${text.trim() === "" ? "empty body" : excerpt(text, 40)}`,
      );
    }
    return contract ? validateContract(value) : mapper.map(value);
  }

  return {
    name: `http:${definition.preset}`,
    enforcesTimeout: true,
    async evaluate(request, signal) {
      // The hot path: one await, no helper in between.
      let response: HttpResponse;
      try {
        response = await transport.send(
          definition.body.render(request.id, request.input),
          signal === undefined ? { timeoutMs } : { timeoutMs, signal },
        );
      } catch (error) {
        throw transportFailure(error, redact);
      }
      return decide(response);
    },
    async exchange(request) {
      let response: HttpResponse;
      try {
        response = await send(request);
      } catch (error) {
        const failure = error as TargetError;
        return { status: null, raw: failure.message, result: { error: failure } };
      }
      const raw = excerpt(redact(decoder.decode(response.body)), 160);
      try {
        return { status: response.status, raw, result: { decision: decide(response) } };
      } catch (error) {
        if (!(error instanceof TargetError)) throw error;
        return { status: response.status, raw, result: { error } };
      }
    },
    close() {
      transport.close();
    },
  };
}

/** The `soul` preset: the answer is a decision of the contract itself. */
function validateContract(value: unknown): Decision {
  const decision = validateDecision(value);
  if (typeof decision === "string") throw new TargetError("invalid_decision", decision);
  return decision;
}

function statusLine(response: HttpResponse): string {
  const text = response.statusText.replace(/[^\x20-\x7e]/g, "").trim().slice(0, 60);
  return text === "" ? `HTTP ${response.status}` : `HTTP ${response.status} ${text}`;
}

function transportFailure(error: unknown, redact: (text: string) => string): TargetError {
  if (error instanceof HttpClientError) {
    const message = redact(error.message);
    switch (error.kind) {
      case "connection_refused":
        return new TargetError("connection_refused", message);
      case "timeout":
      case "aborted":
        return new TargetError("timeout", message);
      case "too_large":
        return new TargetError("response_too_large", message);
      case "connection_error":
        return new TargetError("connection_error", message);
    }
  }
  const message = error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
  return new TargetError("connection_error", redact(message));
}
