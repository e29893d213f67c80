/**
 * The web dashboard's live section in real headless Chromium: fed by `tick`
 * events once a second (from a {@linkcode LiveMonitor}, as the simulator
 * feeds its server), the per-second charts gain a point at each tick, and a
 * fault burst shows as a pending or firing alert within two ticks.
 *
 * Chromium comes from the Debian package; without it the test is skipped
 * locally and fails in CI (CI=true).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  CHROMIUM,
  CHROMIUM_INSTALLED,
  SKIP_BROWSER_TESTS,
  watchPage,
  withBrowser,
} from "./_browser.ts";
import { EventHub } from "../lib/server/event_hub.ts";
import { startServer } from "../lib/server/serve.ts";
import { LiveMonitor } from "../lib/view/live_tick.ts";
import { DEFAULT_RULES } from "../lib/alerts/rules.ts";
import { createRecordStream } from "./_builders.ts";
import { serverDocument } from "./_server_builders.ts";

const LIVE_CHARTS = ["live-throughput", "live-success", "live-latency", "live-guard"];

/** A page attribute as a number (0 when absent). */
async function attr(page: Page, name: string): Promise<number> {
  return Number(await page.evaluate(`document.body.dataset.${name} ?? "0"`));
}

Deno.test({
  name: "the web dashboard's live charts gain a point each second and show a fault burst at once",
  ignore: SKIP_BROWSER_TESTS,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assert.ok(CHROMIUM_INSTALLED, `Chromium is required in CI: '${CHROMIUM}' is missing`);
    const doc = serverDocument([{}, {}]);
    doc.status.updated_at = new Date().toISOString();
    const hub = new EventHub();
    hub.publishReport(doc);
    const startMs = Date.now();
    // The synthetic stream blocks 7-9 % of benign requests: that rule would rightly fire.
    const rules = DEFAULT_RULES.filter((r) => r.id !== "high_benign_over_blocking");
    const monitor = new LiveMonitor(rules, startMs);
    const healthy = createRecordStream({ seed: 1, errorRate: 0 });
    const failing = createRecordStream({ seed: 2, errorRate: 1 });
    let burst = false;
    let runId = "live-test";
    // The simulator's feed: requests through the second, a tick at each second.
    const feed = setInterval(() => {
      const now = Date.now();
      for (let i = 0; i < 40; i++) monitor.add((burst ? failing : healthy).next(), now - 1000);
      hub.publishTick(monitor.tick(now, { runId, startMs, inFlight: 0 }));
    }, 1000);
    const server = await startServer({
      hostname: "127.0.0.1",
      port: 0,
      getDocument: () => doc,
      hub,
    });
    try {
      await withBrowser(async (context) => {
        const page = await context.newPage();
        const problems = watchPage(page);
        await page.goto(`http://127.0.0.1:${server.addr.port}/`);
        await page.waitForSelector("#live:not([hidden])");
        const first = await attr(page, "ticks");
        for (const more of [1, 2, 3]) {
          await page.waitForSelector(`body[data-ticks="${first + more}"]`);
          for (const id of LIVE_CHARTS) {
            await page.waitForSelector(`#${id}[data-points="${first + more}"] canvas`);
          }
        }
        assert.equal(await attr(page, "livePending") + await attr(page, "liveFiring"), 0);
        assert.equal(await page.locator(".uplot .u-legend").count(), 0, "no uPlot legends");
        assert.match(await page.textContent("#live-summary") ?? "", /\d\d:\d\d:\d\d UTC/);

        const before = await attr(page, "ticks");
        burst = true;
        await page.waitForSelector(
          'body[data-live-pending]:not([data-live-pending="0"]), ' +
            'body[data-live-firing]:not([data-live-firing="0"])',
        );
        const seen = await attr(page, "ticks");
        assert.ok(seen - before <= 2, `the burst showed ${seen - before} ticks after it began`);
        await page.waitForSelector('#live-alerts .alert[data-rule="low_success_rate"]');
        assert.equal(
          await page.getAttribute("#live-throughput", "data-breaks"),
          "0",
          "one run, no pause: one line",
        );
        // A new run: its line starts apart from the last one.
        runId = "next-run";
        await page.waitForSelector('#live-throughput[data-breaks="1"]');
        assert.deepEqual(problems, []);
      });
    } finally {
      clearInterval(feed);
      await server.shutdown();
    }
  },
});
