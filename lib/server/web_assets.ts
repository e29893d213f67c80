/**
 * The web dashboard's files, embedded as text when the module loads: the
 * page, its script and style sheet, and uPlot's browser build and style sheet
 * taken from the installed npm package (no build step, no CDN, no file
 * permission needed at run time).
 *
 * @module
 */
import indexHtml from "./web/index.html" with { type: "text" };
import dashboardJs from "./web/dashboard.js" with { type: "text" };
import dashboardCss from "./web/dashboard.css" with { type: "text" };
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };

/** One file served by the dashboard. */
export interface WebAsset {
  /** Content-Type header. */
  type: string;
  /** File contents. */
  body: string;
}

/** Files by name: `index.html` is served at `/`, the others at `/assets/<name>`. */
export const WEB_ASSETS: Readonly<Record<string, WebAsset>> = Object.freeze({
  "index.html": { type: "text/html; charset=utf-8", body: indexHtml },
  "dashboard.js": { type: "text/javascript; charset=utf-8", body: dashboardJs },
  "dashboard.css": { type: "text/css; charset=utf-8", body: dashboardCss },
  "uplot.js": { type: "text/javascript; charset=utf-8", body: uplotJs },
  "uplot.css": { type: "text/css; charset=utf-8", body: uplotCss },
});
