import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import type { ArchiveRow, FolderRow } from '../../../lib/db/entities';
import type { MessageData, MessageName, MessageReply } from '../../../lib/messaging/protocol';

/** Where the library tests put their screenshots (outside the repository). */
export const SHOTS_DIR = process.env.CAIRN_SHOTS_DIR ?? '/tmp/cairn-shots';

/** Opens an extension page in a tab, in the given colour scheme, and waits for data-ready. */
export async function openPage(
  ext: ExtensionBrowser,
  path: string,
  opts: { colorScheme?: 'light' | 'dark'; width?: number; height?: number; ready?: boolean } = {},
): Promise<Page> {
  const page = await ext.context.newPage();
  await page.emulateMedia({ colorScheme: opts.colorScheme ?? 'light' });
  if (opts.width) await page.setViewportSize({ width: opts.width, height: opts.height ?? 800 });
  page.on('pageerror', (error) => console.error(`[${path}] page error:`, error));
  await page.goto(`chrome-extension://${ext.extensionId}/${path}`);
  if (opts.ready !== false) await page.waitForSelector('[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/**
 * Chooses an action from an archive row's one menu ("Actions for …"): Details, Private,
 * Download WARC, Edit, Move to…, Delete.
 */
export async function rowAction(row: Locator, name: string): Promise<void> {
  await row.locator('.row-menu-button').click();
  await row
    .getByRole('menuitem', { name, exact: true })
    .or(row.getByRole('menuitemcheckbox', { name, exact: true }))
    .click();
}

/** The popup without its capture-on-open (as a tab, like every popup test). */
export function openPopup(ext: ExtensionBrowser, opts: Parameters<typeof openPage>[2] = {}) {
  return openPage(ext, 'popup.html?noCapture', { width: 440, height: 760, ...opts });
}

/** The full-page library. */
export function openLibrary(ext: ExtensionBrowser, opts: Parameters<typeof openPage>[2] = {}) {
  return openPage(ext, 'library.html', { width: 1400, height: 900, ...opts });
}

/**
 * Sends one protocol message from an extension page, exactly as the UI does, and returns the
 * reply (or throws the background's error message). Used to set up data, never to act in
 * place of the UI under test.
 */
export async function send<K extends MessageName>(
  page: Page,
  name: K,
  data: MessageData<K>,
): Promise<MessageReply<K>> {
  const reply = (await page.evaluate(
    ([n, d]) => chrome.runtime.sendMessage({ cairn: 1, name: n, data: d }),
    [name, data] as const,
  )) as { ok: true; result: MessageReply<K> } | { ok: false; error: { message: string } };
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.result;
}

/** Every row of one object store of Cairn's IndexedDB, read with the raw API. */
export function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('cairn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

/** Every archive row (trashed ones included). */
export const archives = (page: Page) => readStore<ArchiveRow>(page, 'archives');
/** Every folder row. */
export const folders = (page: Page) => readStore<FolderRow>(page, 'folders');

/** Polls until `check` returns a value (not undefined/false), or fails with `what`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeout = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until an archive's capture has ended and returns its row. */
export function waitForCaptureEnd(page: Page, archiveId: string): Promise<ArchiveRow> {
  return waitFor(
    async () => (await archives(page)).find((a) => a.id === archiveId && a.status !== 'capturing'),
    `capture ${archiveId} to end`,
    120_000,
  );
}

/**
 * Captures a page through the real capture path ("URL to archive" message) and waits for
 * the end; used to give the library real archives (records, screenshot, text).
 */
export async function captureUrl(
  page: Page,
  url: string,
  dest: { folderId?: string; isPrivate?: boolean } = {},
): Promise<ArchiveRow> {
  const { archiveId } = await send(page, 'captureUrl', { url, trigger: 'url-box', ...dest });
  return waitForCaptureEnd(page, archiveId);
}

/** The folder with this name (first match). */
export async function folderNamed(page: Page, name: string): Promise<FolderRow> {
  return waitFor(
    async () => (await folders(page)).find((f) => f.name === name),
    `folder "${name}"`,
    10_000,
  );
}

/** Saves a full-page screenshot under SHOTS_DIR. */
export async function shoot(page: Page, name: string): Promise<string> {
  await mkdir(SHOTS_DIR, { recursive: true });
  const file = `${SHOTS_DIR}/${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
