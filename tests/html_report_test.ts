import assert from "node:assert/strict";
import { buildDataset } from "../lib/analysis/metrics_dataset.ts";
import { runAnalyses, SECTIONS } from "../lib/analysis/visualize_analysis.ts";
import { jsonForScript, renderHtmlReport } from "../lib/render/html_report.ts";
import { uplotAssets } from "../lib/render/uplot_assets.ts";
import { buildVisualizeFixture, HOSTILE } from "./_visualize_fixture.ts";

function page(): string {
  const doc = buildVisualizeFixture();
  const analyses = runAnalyses(buildDataset([{ path: `x${HOSTILE.html}.json`, doc }]), {
    sections: SECTIONS,
    families: true,
    check: true,
    now: new Date(Date.parse(doc.status.updated_at)),
  });
  return renderHtmlReport(analyses, uplotAssets());
}

Deno.test("jsonForScript() never lets data end its script element", () => {
  const text = jsonForScript({ s: `</script><!-- & \u2028 \u2029 >` });
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(text), { s: `</script><!-- & \u2028 \u2029 >` });
});

Deno.test("renderHtmlReport() escapes every hostile string and inlines uPlot", () => {
  const html = page();
  assert.equal(html.match(/<script/g)?.length, 3);
  assert.equal(html.match(/<\/script>/g)?.length, 3);
  assert.ok(!html.includes("<img"));
  assert.ok(html.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
  assert.ok(html.includes("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
  assert.ok(!html.includes("\x1b"));
  assert.ok(!html.includes("\u202e"));
  assert.ok(html.includes(uplotAssets().js.slice(0, 200)));
  assert.doesNotMatch(html, /\b(?:src|href)=["']?(?:https?:)?\/\//);
});

Deno.test("renderHtmlReport() allows its own scripts only and no network access", () => {
  const html = page();
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  assert.equal(csp.match(/'sha256-[A-Za-z0-9+/=]+'/g)?.length, 2);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
});
