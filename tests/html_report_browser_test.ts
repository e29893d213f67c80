/**
 * The HTML report in a real headless browser (Debian's chromium through
 * playwright-core): charts draw, tables fill, hostile strings from the file
 * stay text, and the page makes no network request at all. In CI
 * (`CI=true`) a missing browser fails the test; elsewhere it is skipped with
 * a message.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CHROMIUM, CHROMIUM_INSTALLED, launchChromium, SKIP_BROWSER_TESTS } from "./_browser.ts";
import { buildDataset } from "../lib/analysis/metrics_dataset.ts";
import { runAnalyses, SECTIONS } from "../lib/analysis/visualize_analysis.ts";
import { renderHtmlReport } from "../lib/render/html_report.ts";
import { uplotAssets } from "../lib/render/uplot_assets.ts";
import { parseDocument } from "../lib/store/metrics_file.ts";
import { FIXTURE_PATH, HOSTILE } from "./_visualize_fixture.ts";

/** What the test reads from the page. */
interface PageFacts {
  charts: number;
  canvases: number;
  drawn: number;
  categoryRows: string[];
  familyRows: number;
  images: number;
  scripts: number;
  errorText: string;
  bodyText: string;
  legends: string[];
  wrapped: string[];
}

if (SKIP_BROWSER_TESTS) {
  console.warn(
    `html report browser test ignored: ${CHROMIUM} not found (install Debian's chromium)`,
  );
}

Deno.test({
  name: "the HTML report draws its charts and tables offline in headless chromium",
  ignore: SKIP_BROWSER_TESTS,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    assert.ok(CHROMIUM_INSTALLED, `${CHROMIUM} is missing: CI must install Debian's chromium`);
    const doc = parseDocument(await Deno.readTextFile(FIXTURE_PATH), FIXTURE_PATH);
    const analyses = runAnalyses(buildDataset([{ path: FIXTURE_PATH, doc }]), {
      sections: SECTIONS,
      families: true,
      check: true,
      now: new Date(Date.parse(doc.status.updated_at) + 1000),
    });
    const dir = await Deno.makeTempDir({ prefix: "visualize_html_" });
    const file = join(dir, "report.html");
    await Deno.writeTextFile(file, renderHtmlReport(analyses, uplotAssets()));
    const profile = join(dir, "profile");
    const context = await launchChromium(profile);
    try {
      const blocked: string[] = [];
      const dialogs: string[] = [];
      const pageErrors: string[] = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      await page.goto(`file://${file}`);
      await page.waitForFunction(
        () => {
          const w = globalThis as unknown as { __reportCharts?: unknown[] };
          return (w.__reportCharts?.length ?? 0) >= 5;
        },
        undefined,
        { timeout: 15_000 },
      );
      // Runs in the page (a string, so the test needs no DOM typings).
      const facts = await page.evaluate(`(() => {
        const canvases = [...document.querySelectorAll("canvas")];
        const drawn = canvases.filter((c) => {
          const ctx = c.getContext("2d");
          if (!ctx || c.width === 0 || c.height === 0) return false;
          const px = ctx.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
          return false;
        }).length;
        return {
          charts: window.__reportCharts.length,
          canvases: canvases.length,
          drawn,
          categoryRows: [...document.querySelectorAll("#category-table tbody tr")]
            .map((tr) => tr.querySelector("td")?.textContent ?? ""),
          familyRows: document.querySelectorAll("#family-table tbody tr").length,
          images: document.querySelectorAll("img").length,
          scripts: document.querySelectorAll("script").length,
          errorText: document.querySelector("#error-table")?.textContent ?? "",
          bodyText: document.body.textContent ?? "",
          legends: [...document.querySelectorAll(".u-legend")].map((l) => l.textContent ?? ""),
          // Cells taller than one line: a Wilson interval or a name broken across two lines.
          wrapped: [...document.querySelectorAll("#category-table td, #family-table td")]
            .filter((td) => td.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(td).lineHeight))
            .map((td) => td.textContent ?? ""),
        };
      })()`) as PageFacts;
      assert.deepEqual(blocked, [], "the page must not fetch anything");
      assert.deepEqual(dialogs, [], "no script from the file may run");
      assert.deepEqual(pageErrors, []);
      assert.equal(facts.charts, 5);
      assert.ok(facts.legends.every((l) => !l.includes("--")), `static legends: ${facts.legends}`);
      assert.deepEqual(facts.wrapped, [], "no table cell breaks across lines at 1280 px");
      assert.ok(facts.canvases >= 5, `expected 5 canvases, got ${facts.canvases}`);
      assert.equal(facts.drawn, facts.canvases, "every chart canvas has pixels drawn");
      assert.deepEqual(facts.categoryRows, [
        "simple",
        "multi_step",
        "low_confidence",
        "high_confidence",
        "conflicting_gates",
        "clarification",
        "edge_case",
        "adversarial",
        "total",
      ]);
      assert.ok(facts.familyRows > 20);
      assert.equal(facts.images, 0, "the hostile <img> stays text");
      assert.equal(facts.scripts, 3, "only the page's own scripts exist");
      assert.ok(facts.errorText.includes(HOSTILE.script), "the hostile input shows as text");
      assert.ok(facts.errorText.includes(HOSTILE.html));
      assert.ok(facts.bodyText.includes("safe<U+202E>txt.exe<U+202C>"));
    } finally {
      await context.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
