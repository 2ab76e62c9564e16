import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The built extension (npm run build; CAIRN_OUT_DIR moves it, as in wxt.config.ts). */
export const EXTENSION_DIR = path.resolve(process.env.CAIRN_OUT_DIR ?? '.output', 'chrome-mv3');

/**
 * The Chromium to drive. Debian's chromium by default; CHROME_PATH for another Chromium build.
 * Branded Google Chrome ignores --load-extension, so it cannot run these tests.
 */
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Flags for a quiet, offline, deterministic browser (the machine has no network). */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A Chromium with Cairn loaded, on a fresh profile. */
export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker (re-read after a restart: Chrome reuses the target). */
  worker(): Promise<Worker>;
  /** Chrome's tab id of the tab showing `url` (first match). */
  tabIdOf(url: string): Promise<number>;
  close(): Promise<void>;
}

/** Launches Chromium with the built extension and a fresh temporary profile. */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npm run build" first.`);
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'cairn-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      ...CHROME_ARGS,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  const worker = async () =>
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL((await worker()).url()).host;
  return {
    context,
    extensionId,
    worker,
    async tabIdOf(url) {
      const id = await (
        await worker()
      ).evaluate(async (u) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((tab) => tab.url === u || tab.pendingUrl === u)?.id;
      }, url);
      if (id === undefined) throw new Error(`no tab shows ${url}`);
      return id;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
