/**
 * Headless Chromium for the browser tests: Debian's package driven by
 * playwright-core, with the flags that keep it off the network. Without the
 * browser the tests are skipped locally and fail in CI (`CI=true`).
 *
 * @module
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Where Debian installs Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a headless run that makes no connection of its own. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** True when running in CI, where a missing browser is a failure. */
export const IN_CI = Deno.env.get("CI") === "true";

/** True when the browser is installed. */
export const CHROMIUM_INSTALLED: boolean = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** True when browser tests should be skipped: no browser and not in CI. */
export const SKIP_BROWSER_TESTS = !CHROMIUM_INSTALLED && !IN_CI;

/** Options of {@linkcode launchChromium}. */
export interface LaunchOptions {
  /** Page size. @default {{width: 1280, height: 900}} */
  viewport?: { width: number; height: number };
}

/** Launches Chromium with a fresh profile in `profileDir`; asserts it is installed. */
export async function launchChromium(
  profileDir: string,
  options: LaunchOptions = {},
): Promise<BrowserContext> {
  if (!CHROMIUM_INSTALLED) {
    throw new Error(`Chromium is required for this test: '${CHROMIUM}' is missing`);
  }
  return await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
}

/** Runs `fn` with Chromium launched on a fresh temp profile; closes it and removes the profile after. */
export async function withBrowser(
  fn: (context: BrowserContext) => Promise<void>,
  options: LaunchOptions = {},
): Promise<void> {
  const profile = await Deno.makeTempDir({ prefix: "buddy-traffic-chromium-" });
  const context = await launchChromium(profile, options);
  try {
    await fn(context);
  } finally {
    await context.close();
    await Deno.remove(profile, { recursive: true });
  }
}

/**
 * Watches a page for what must never happen: dialogs (dismissed), script
 * errors, console errors such as CSP violations. Returns the list it fills.
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  return problems;
}
