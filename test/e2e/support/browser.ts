import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_ARGS, CHROME_PATH } from '../../support/chrome.js';

/** The built extension (npm run build; CAIRN_OUT_DIR moves it, as in wxt.config.ts). */
export const EXTENSION_DIR = path.resolve(process.env.CAIRN_OUT_DIR ?? '.output', 'chrome-mv3');

export { CHROME_ARGS, CHROME_PATH };

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

/** How to launch: headless (the default), or headed on an X display (see xvfb.ts). */
export interface LaunchOptions {
  display?: string;
}

/** Launches Chromium with the built extension on `profile` (an existing or empty folder). */
export function launchExtensionContext(
  profile: string,
  options: LaunchOptions = {},
): Promise<BrowserContext> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npm run build" first.`);
  }
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    headless: options.display === undefined,
    ...(options.display !== undefined ? { env: { ...process.env, DISPLAY: options.display } } : {}),
    viewport: { width: 1280, height: 900 },
    args: [
      ...CHROME_ARGS,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
}

/** The extension's service worker in `context` (waits for it to start). */
export async function extensionWorker(context: BrowserContext): Promise<Worker> {
  return (
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 20_000 }))
  );
}

/** The test handle over a launched context; `close` also deletes the profile. */
export function extensionHandle(
  context: BrowserContext,
  extensionId: string,
  profile: string,
): ExtensionBrowser {
  const worker = () => extensionWorker(context);
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

/** Launches Chromium with the built extension and a fresh temporary profile. */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'cairn-e2e-'));
  const context = await launchExtensionContext(profile, options);
  const extensionId = new URL((await extensionWorker(context)).url()).host;
  return extensionHandle(context, extensionId, profile);
}
