/**
 * End-to-end test of the web dashboard in real headless Chromium: the page
 * loads under its content security policy, draws the charts from the event
 * stream, updates them when a new report is published, shows hostile error
 * text as text, fits a phone screen, and authenticates its event stream with
 * the session cookie when the server needs a token.
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
import { type RunningServer, startServer } from "../lib/server/serve.ts";
import type { MetricsDocument } from "../lib/model/metrics_document.ts";
import type { ReportSpec } from "./_report_builders.ts";
import { errorSample, HOSTILE, serverDocument } from "./_server_builders.ts";

const TOKEN = "browser-t0ken";
const CHARTS = [
  "chart-throughput",
  "chart-rates",
  "chart-latency",
  "chart-confidence",
  "chart-routing",
];

/** Reports with varying load so the charts have shape. */
function specs(n: number): ReportSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    requests: 80 + 15 * (i % 4),
    failed: i % 3,
    execMs: 0.4 + 0.3 * (i % 5),
    firstExecMs: 3 + i,
  }));
}

function documentWith(reports: number): MetricsDocument {
  const doc = serverDocument(specs(reports), [errorSample(HOSTILE), errorSample("plain failure")]);
  doc.status.updated_at = new Date().toISOString();
  return doc;
}

/** Serves documents published through the returned `publish`. */
async function serve(token?: string) {
  let doc = documentWith(3);
  const now = new Date(doc.status.updated_at);
  const hub = new EventHub({ now: () => now });
  hub.publishReport(doc);
  const server: RunningServer = await startServer({
    hostname: "127.0.0.1",
    port: 0,
    getDocument: () => doc,
    hub,
    ...(token === undefined ? {} : { token }),
  });
  return {
    server,
    hub,
    base: `http://127.0.0.1:${server.addr.port}`,
    publish(next: MetricsDocument) {
      doc = next;
      hub.publishReport(next);
    },
  };
}

/** Number of non-transparent pixels in a chart's canvas, and a digest of its pixels. */
function canvasInk(page: Page, id: string): Promise<{ ink: number; digest: number }> {
  // Runs in the page (a string, as these tests are type-checked without the DOM library).
  return page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(`#${id} canvas`)});
    if (canvas === null || canvas.width === 0) return { ink: 0, digest: 0 };
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    let digest = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] > 0) {
        ink++;
        digest = (digest * 31 + i * (data[i - 1] + data[i - 2] + data[i - 3] + 1)) % 1e9;
      }
    }
    return { ink, digest };
  })()`);
}

Deno.test({
  name: "the web dashboard draws, updates and shows hostile text as text in Chromium",
  ignore: SKIP_BROWSER_TESTS,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assert.ok(CHROMIUM_INSTALLED, `Chromium is required in CI: '${CHROMIUM}' is missing`);
    const { server, hub, base, publish } = await serve();
    try {
      await withBrowser(async (context) => {
        const page = await context.newPage();
        const problems = watchPage(page);
        await page.goto(`${base}/`);
        await page.waitForSelector('body[data-points="3"]');
        for (const id of CHARTS) {
          await page.waitForSelector(`#${id}[data-points="3"] canvas`);
          assert.ok((await canvasInk(page, id)).ink > 0, `${id} draws`);
        }
        const before = await canvasInk(page, "chart-throughput");

        assert.equal(await page.textContent("#health-score"), String(hub.view?.health?.score));
        assert.match(await page.textContent("#status") ?? "", /running · target reference/);
        const rows = await page.locator("#categories tbody tr").count();
        assert.equal(rows, 2);

        const messages = await page.locator(".error-message").allTextContents();
        assert.ok(messages.includes(HOSTILE), `hostile text shown as text: ${messages}`);
        assert.equal(await page.locator("img").count(), 0, "no element from the hostile text");
        const inputs = await page.locator(".error-input").allTextContents();
        assert.ok(inputs.some((t) => t.includes(HOSTILE)));

        publish(documentWith(4));
        await page.waitForSelector('body[data-points="4"]');
        await page.waitForSelector('body[data-report-id="4"]');
        for (const id of CHARTS) await page.waitForSelector(`#${id}[data-points="4"]`);
        await page.waitForFunction(
          `(document.querySelector("#tiles")?.textContent ?? "").includes("Requests")`,
        );
        const after = await canvasInk(page, "chart-throughput");
        assert.notEqual(after.digest, before.digest, "the throughput chart redrew");

        const failing = serverDocument([...specs(4), { failed: 30 }, { failed: 30 }], [
          errorSample(HOSTILE),
        ]);
        publish(failing);
        await page.waitForSelector('.alert[data-rule="low_success_rate"].status-firing');
        assert.equal(await page.locator("img").count(), 0);
        // This document was last written long ago while running: the page says so.
        await page.waitForSelector('#status[data-state="stale"]');
        assert.match(await page.textContent("#status") ?? "", /^stale/);

        const phone = await context.newPage();
        const phoneProblems = watchPage(phone);
        await phone.setViewportSize({ width: 390, height: 844 });
        await phone.goto(`${base}/`);
        await phone.waitForSelector('#chart-throughput[data-points="6"] canvas');
        const overflow = await phone.evaluate<number>(
          "document.documentElement.scrollWidth - document.documentElement.clientWidth",
        );
        assert.ok(overflow <= 0, `no sideways scrolling on a phone: ${overflow}px`);
        await phone.close();

        assert.deepEqual(problems, []);
        assert.deepEqual(phoneProblems, []);
      });
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test({
  name: "the web dashboard signs in with ?token= once and streams with the session cookie",
  ignore: SKIP_BROWSER_TESTS,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assert.ok(CHROMIUM_INSTALLED, `Chromium is required in CI: '${CHROMIUM}' is missing`);
    const { server, base, publish } = await serve(TOKEN);
    try {
      await withBrowser(async (context) => {
        const stranger = await context.newPage();
        const denied = await stranger.goto(`${base}/`);
        assert.equal(denied?.status(), 401);
        await stranger.close();
        const page = await context.newPage();
        const problems = watchPage(page);
        await page.goto(`${base}/?token=${TOKEN}`);
        assert.equal(new URL(page.url()).search, "", "the token leaves the address bar");
        await page.waitForSelector('body[data-points="3"]');
        publish(documentWith(4));
        await page.waitForSelector('body[data-points="4"]');
        const cookies = await context.cookies(base);
        assert.equal(cookies.length, 1);
        assert.equal(cookies[0]?.httpOnly, true);
        assert.equal(cookies[0]?.sameSite, "Strict");
        assert.ok(!cookies[0]?.value.includes(TOKEN));
        assert.deepEqual(problems, []);
      });
    } finally {
      await server.shutdown();
    }
  },
});
