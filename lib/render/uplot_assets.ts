/**
 * uPlot's browser build and stylesheet, taken as text from the installed npm
 * package (the version pinned in deno.json) so the HTML report can inline
 * them and never fetch anything.
 *
 * @module
 */
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };

/** The chart library's code and styles. */
export interface ChartAssets {
  /** Script defining the global `uPlot`. */
  js: string;
  /** Stylesheet. */
  css: string;
}

/** uPlot's minified IIFE build and stylesheet. */
export function uplotAssets(): ChartAssets {
  return { js: uplotJs, css: uplotCss };
}
