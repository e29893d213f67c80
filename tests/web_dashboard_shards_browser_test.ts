/**
 * End-to-end test of the web dashboard's shard table in real headless
 * Chromium: `dashboard --serve` over a KV store of several shards lists each
 * one (a shard with a firing alert marked, a hostile label shown as text),
 * and serving a single metrics file shows no shard table.
 *
 * Chromium comes from the Debian package; without it the test is skipped
 * locally and fails in CI (CI=true).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import {
  CHROMIUM,
  CHROMIUM_INSTALLED,
  SKIP_BROWSER_TESTS,
  watchPage,
  withBrowser,
} from "./_browser.ts";
import { kvSource } from "../lib/store/kv_source.ts";
import { fileSource, type MetricsSource } from "../lib/store/metrics_source.ts";
import { encodeDocument } from "../lib/store/metrics_file.ts";
import { shardDocument } from "./_shard_builders.ts";
import { startDashboard, withKvPath, writeShards } from "./_kv_builders.ts";

/** A shard label no writer accepts but a reader of the store may meet. */
const HOSTILE_LABEL = 'us"1\n<img src=x onerror=alert(1)>';

const EU1 = shardDocument("run-eu-1", { status: { state: "stopped" } });
/** Approves 3 of its 20 adversarial requests a window: its blocking alert fires. */
const EU2 = shardDocument("run-eu-2", { adversarialApproved: 3, status: { state: "stopped" } });
const US1 = shardDocument("run-us-1", { reports: 2, status: { state: "stopped" } });

/** The source with the part labelled `from` relabelled `to`. */
function relabeled(source: MetricsSource, from: string, to: string): MetricsSource {
  return {
    label: source.label,
    async read() {
      const result = await source.read();
      if (result.kind !== "ok" || result.parts === undefined) return result;
      return {
        ...result,
        parts: result.parts.map((p) => p.label === from ? { ...p, label: to } : p),
      };
    },
  };
}

/** Runs `fn` against `dashboard --serve` of `source` on an ephemeral loopback port. */
async function served(source: MetricsSource, fn: (base: string) => Promise<void>): Promise<void> {
  const s = await startDashboard(source, { intervalS: 0.5 });
  try {
    await fn(s.base);
  } finally {
    s.stop.abort();
    assert.equal(await s.done, 0);
  }
}

/** The text of each cell of each row of the shard table. */
function shardCells(page: Page): Promise<string[][]> {
  return page.evaluate(`Array.from(document.querySelectorAll("#shards tbody tr"),
    (tr) => Array.from(tr.cells, (cell) => cell.textContent))`);
}

Deno.test({
  name: "the web dashboard lists a KV store's shards, hostile labels as text, in Chromium",
  ignore: SKIP_BROWSER_TESTS,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assert.ok(CHROMIUM_INSTALLED, `Chromium is required in CI: '${CHROMIUM}' is missing`);
    await withKvPath("web_shards_", async (path) => {
      await writeShards(path, { "eu-1": EU1, "eu-2": EU2, "us-1": US1 });
      await served(relabeled(kvSource(path), "us-1", HOSTILE_LABEL), async (base) => {
        await withBrowser(async (context) => {
          const page = await context.newPage();
          const problems = watchPage(page);
          await page.goto(`${base}/`);
          await page.waitForSelector("#shards-panel:not([hidden]) #shards tbody tr");
          assert.deepEqual(await shardCells(page), [
            ["eu-1", "stopped", "800", "54.0", "100.0", "0.50", "100", "none"],
            ["eu-2", "stopped", "800", "55.5", "85.0", "0.50", "96", "1 firing"],
            [HOSTILE_LABEL, "stopped", "400", "54.0", "100.0", "0.50", "100", "none"],
          ]);
          assert.equal(
            await page.textContent("#shards-summary"),
            "3 shards, 1 with firing alerts",
          );
          const marked = await page.locator("#shards tr.status-firing").allTextContents();
          assert.equal(marked.length, 1);
          assert.match(marked[0] ?? "", /^eu-2/);
          assert.equal(
            await page.locator("#shards tr.status-firing.severity-high th").textContent(),
            "eu-2",
          );
          // The hostile label made no element and ran no script.
          assert.equal(await page.locator("img").count(), 0);
          assert.deepEqual(problems, []);

          // The same server's Prometheus text has the shard series, label escaped.
          const text = await (await fetch(`${base}/metrics`)).text();
          assert.match(text, /^buddy_traffic_shard_alerts_firing\{shard="eu-2"\} 1$/m);
          assert.match(
            text,
            /^buddy_traffic_shard_requests_total\{shard="us\\"1\\n<img src=x onerror=alert\(1\)>",outcome="blocked"\} 40$/m,
          );
        });
      });
    });
  },
});

Deno.test({
  name: "the web dashboard of a single metrics file shows no shard table in Chromium",
  ignore: SKIP_BROWSER_TESTS,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assert.ok(CHROMIUM_INSTALLED, `Chromium is required in CI: '${CHROMIUM}' is missing`);
    const dir = await Deno.makeTempDir({ prefix: "web_shards_" });
    try {
      const file = join(dir, "metrics.json");
      await Deno.writeFile(file, encodeDocument(EU1));
      await served(fileSource(file), async (base) => {
        await withBrowser(async (context) => {
          const page = await context.newPage();
          const problems = watchPage(page);
          await page.goto(`${base}/`);
          await page.waitForSelector('body[data-report-id="4"]');
          assert.equal(await page.locator("#shards-panel").isHidden(), true);
          assert.equal(await page.locator("#shards tbody tr").count(), 0);
          assert.deepEqual(problems, []);
          const text = await (await fetch(`${base}/metrics`)).text();
          assert.doesNotMatch(text, /shard/);
        });
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
