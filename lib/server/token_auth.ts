/**
 * Token check for a server bound beyond loopback. A request is let in with
 * `Authorization: Bearer <token>`, or, for the browser (whose `EventSource`
 * cannot send headers), with a session cookie: opening `/?token=<token>` once
 * sets an HttpOnly, SameSite=Strict cookie and redirects to `/`, so the token
 * leaves the address bar. `/healthz` stays open for probes.
 *
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";

/** Name of the session cookie. */
export const SESSION_COOKIE = "buddy_traffic_session";

/** Paths reachable without a token. */
export const OPEN_PATHS: readonly string[] = Object.freeze(["/healthz"]);

/** Options for {@linkcode tokenAuth}. */
export interface TokenAuthOptions {
  /** The secret every request must present. */
  token: string;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Constant-time comparison of two strings through their SHA-256 digests. */
function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

/** Value of the session cookie for a token (a digest, never the token itself). */
export function sessionValue(token: string): string {
  return digest(`buddy-traffic session:${token}`).toString("hex");
}

/**
 * Middleware that rejects every request without the token (401), except
 * {@linkcode OPEN_PATHS}. Throws a `RangeError` on an empty token.
 */
export function tokenAuth(options: TokenAuthOptions): MiddlewareHandler {
  const token = options.token;
  if (token.length === 0) {
    throw new RangeError("Cannot protect the server with an empty token");
  }
  const tokenDigest = digest(token);
  const session = sessionValue(token);
  const sessionDigest = digest(session);

  return async function checkToken(c, next) {
    if (OPEN_PATHS.includes(c.req.path)) return await next();
    const header = c.req.header("Authorization");
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (match !== null && sameSecret(match[1] ?? "", tokenDigest)) return await next();
      throw unauthorized("Invalid token");
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined && sameSecret(cookie, sessionDigest)) return await next();
    const query = c.req.query("token");
    if (c.req.path === "/" && c.req.method === "GET" && query !== undefined) {
      if (!sameSecret(query, tokenDigest)) throw unauthorized("Invalid token");
      setCookie(c, SESSION_COOKIE, session, {
        httpOnly: true,
        sameSite: "Strict",
        path: "/",
        secure: new URL(c.req.url).protocol === "https:",
      });
      return c.redirect("/", 303);
    }
    throw unauthorized(
      c.req.path === "/"
        ? "Token required: open /?token=<token> once, or send 'Authorization: Bearer <token>'"
        : "Token required: send 'Authorization: Bearer <token>'",
    );
  };
}

function unauthorized(message: string): HTTPException {
  return new HTTPException(401, {
    message,
    res: new Response(null, { headers: { "WWW-Authenticate": 'Bearer realm="buddy-traffic"' } }),
  });
}
