// @ts-check
// The Chromium every test and benchmark drives, and the flags for a quiet, offline,
// deterministic browser (the machine has no network beyond loopback).
import { chromium } from 'playwright-core';

/**
 * Debian's chromium by default; CHROME_PATH for another Chromium build. Branded Google Chrome
 * ignores --load-extension, so it cannot run the extension tests.
 */
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Flags shared by every launch. */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches Chromium on `profile` (an existing or empty folder) with the unpacked extension in
 * `extensionDir`, and waits for the extension's service worker. The benchmarks' launch; the
 * e2e tests have their own typed handle in test/e2e/support/browser.ts.
 * @param {string} profile
 * @param {string} extensionDir
 * @param {{ viewport?: { width: number, height: number }, args?: string[] }} [options]
 * @returns {Promise<{
 *   context: import('playwright-core').BrowserContext,
 *   worker: import('playwright-core').Worker,
 *   base: string,
 * }>} `base` is the extension's origin, chrome-extension://<id>.
 */
export async function launchExtension(profile, extensionDir, options = {}) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    headless: true,
    viewport: options.viewport ?? { width: 800, height: 600 },
    args: [
      ...CHROME_ARGS,
      ...(options.args ?? []),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  try {
    const worker =
      context.serviceWorkers()[0] ??
      (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    return { context, worker, base: `chrome-extension://${new URL(worker.url()).host}` };
  } catch (error) {
    await context.close();
    throw error;
  }
}
