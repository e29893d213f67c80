/**
 * Loopback addresses: the server binds there by default and needs no token
 * there; it then also refuses requests whose `Host` names anything else, so a
 * web page on another site cannot reach it through DNS rebinding.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";

/** True for `localhost`, 127.0.0.0/8 and `::1` (with or without brackets). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255);
}

/** Middleware that answers 403 to a request whose `Host` is not a loopback name (except `/healthz`). */
export function loopbackHostOnly(): MiddlewareHandler {
  return async function checkHost(c, next) {
    if (c.req.path !== "/healthz" && !isLoopback(new URL(c.req.url).hostname)) {
      throw new HTTPException(403, {
        message: "Host not allowed: without a token the server answers only to loopback names",
      });
    }
    await next();
  };
}
