/**
 * Reading a request body with a cap on its size (413 past it, counted while
 * reading, not trusted from `Content-Length`) and a deadline for it to
 * arrive (408), so a client can neither fill the server's memory nor hold a
 * request open by trickling its body.
 *
 * @module
 */
import { HTTPException } from "hono/http-exception";

/** Options for {@linkcode readBodyText}. */
export interface ReadBodyOptions {
  /** Most bytes read; more is a 413. */
  maxBytes: number;
  /**
   * How long the whole body may take to arrive, ms (408 after).
   * @default {10000}
   */
  timeoutMs?: number;
}

/** The request's body as UTF-8 text; throws an `HTTPException` (413 or 408) when it is too large or too slow. */
export async function readBodyText(request: Request, options: ReadBodyOptions): Promise<string> {
  const tooLarge = () =>
    new HTTPException(413, {
      message: `Request body is larger than the ${options.maxBytes} bytes this route accepts`,
    });
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (Number.isFinite(declared) && declared > options.maxBytes) throw tooLarge();
  if (request.body === null) return "";
  const reader = request.body.getReader();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, options.timeoutMs ?? 10_000);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > options.maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    if (timedOut) throw new HTTPException(408, { message: "Request body took too long to arrive" });
    throw new HTTPException(400, { message: "Request body could not be read" });
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) throw new HTTPException(408, { message: "Request body took too long to arrive" });
  return await new Blob(chunks as BlobPart[]).text();
}
