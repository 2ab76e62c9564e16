import { writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import type { ArchiveRow } from '../../../lib/db/entities';

/**
 * An extension page that reads Cairn's IndexedDB with the raw IndexedDB API, independent of
 * the popup's layout (so these helpers do not break when the UI changes).
 */
export async function openStatePage(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html?noCapture`);
  return page;
}

/** Every archive row, newest first. */
export async function listArchives(page: Page): Promise<ArchiveRow[]> {
  return page.evaluate(
    () =>
      new Promise<ArchiveRow[]>((resolve, reject) => {
        const open = indexedDB.open('cairn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('archives').objectStore('archives').getAll();
          request.onsuccess = () => {
            db.close();
            const rows = request.result as ArchiveRow[];
            resolve(rows.sort((a, b) => b.createdAt - a.createdAt));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** A record's index row as the tests read it (no blob). */
export interface StoredRecord {
  seq: number;
  warcType: string;
  url?: string;
  status?: number;
}

/** The index rows of an archive's WARC records, in order, read with the raw IndexedDB API. */
export async function listRecords(page: Page, archiveId: string): Promise<StoredRecord[]> {
  return page.evaluate(
    (id) =>
      new Promise<StoredRecord[]>((resolve, reject) => {
        const open = indexedDB.open('cairn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db
            .transaction('records')
            .objectStore('records')
            .index('archiveId')
            .getAll(id);
          request.onsuccess = () => {
            db.close();
            resolve(
              (request.result as StoredRecord[])
                .map(({ seq, warcType, url, status }) => ({ seq, warcType, url, status }))
                .sort((a, b) => a.seq - b.seq),
            );
          };
          request.onerror = () => reject(request.error);
        };
      }),
    archiveId,
  );
}

/** Waits until `predicate` holds for some archive and returns it (polling IndexedDB). */
export async function waitForArchive(
  page: Page,
  predicate: (row: ArchiveRow) => boolean,
  { timeout = 120_000, what = 'an archive' } = {},
): Promise<ArchiveRow> {
  const deadline = Date.now() + timeout;
  let last: ArchiveRow[] = [];
  while (Date.now() < deadline) {
    last = await listArchives(page);
    const hit = last.find(predicate);
    if (hit) return hit;
    await page.waitForTimeout(250);
  }
  const summary = last.map((a) => `${a.url} ${a.status} ${a.reasonCode ?? ''}`).join('\n');
  throw new Error(`Timed out waiting for ${what}. Archives:\n${summary}`);
}

/** Waits until an archive has left 'capturing'. */
export function waitForEnd(page: Page, archiveId: string, timeout = 120_000): Promise<ArchiveRow> {
  return waitForArchive(page, (a) => a.id === archiveId && a.status !== 'capturing', {
    timeout,
    what: `archive ${archiveId} to end`,
  });
}

/**
 * Saves an archive's .warc.gz to `file` through a real browser download of the stored record
 * Blobs (the same concatenation the "Download WARC" button performs), so even a 200 MB file
 * never passes through the test process as one string.
 */
export async function saveWarc(page: Page, archiveId: string, file: string): Promise<void> {
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.evaluate(
    (id) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('cairn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const index = db.transaction('records').objectStore('records').index('archiveId');
          const request = index.getAll(id);
          request.onsuccess = () => {
            db.close();
            const rows = (request.result as { seq: number; blob: Blob }[]).sort(
              (a, b) => a.seq - b.seq,
            );
            const url = URL.createObjectURL(new Blob(rows.map((row) => row.blob)));
            const link = document.createElement('a');
            link.href = url;
            link.download = 'capture.warc.gz';
            document.body.append(link);
            link.click();
            link.remove();
            resolve();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    archiveId,
  );
  await (await download).saveAs(file);
}

/** Writes the capture settings the background reads (chrome.storage.local `captureSettings`). */
export async function setCaptureSettings(
  page: Page,
  settings: Partial<Record<string, number | boolean>>,
): Promise<void> {
  await page.evaluate(async (patch) => {
    const current = (await chrome.storage.local.get('captureSettings')).captureSettings ?? {};
    await chrome.storage.local.set({ captureSettings: { ...current, ...patch } });
  }, settings);
}

/** Writes bytes to a file (small helper for debugging output). */
export async function writeArtifact(file: string, data: string | Buffer): Promise<void> {
  await writeFile(file, data);
}

/** The background's reply envelope (lib/messaging/protocol.ts). */
export type Reply<T> =
  { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

/**
 * Sends one protocol message from an extension page, exactly as Cairn's own pages do, and
 * returns the raw reply envelope (errors included, for the tests to read their codes).
 */
export function sendCairn<T = unknown>(page: Page, name: string, data: unknown): Promise<Reply<T>> {
  return page.evaluate(({ name, data }) => chrome.runtime.sendMessage({ cairn: 1, name, data }), {
    name,
    data,
  }) as Promise<Reply<T>>;
}

/** Records the notifications the background shows from now on (read with `notificationsOf`). */
export async function recordNotifications(ext: ExtensionBrowser): Promise<void> {
  await (
    await ext.worker()
  ).evaluate(() => {
    const seen: chrome.notifications.NotificationOptions[] = [];
    const create = chrome.notifications.create.bind(chrome.notifications);
    Object.assign(globalThis, { __cairnNotifications: seen });
    chrome.notifications.create = ((...args: unknown[]) => {
      const options = args.find(
        (a) => typeof a === 'object',
      ) as chrome.notifications.NotificationOptions;
      const id = args.find((a) => typeof a === 'string');
      seen.push({ ...options, ...(id ? { id } : {}) } as chrome.notifications.NotificationOptions);
      return (create as (...a: unknown[]) => unknown)(...args);
    }) as typeof chrome.notifications.create;
  });
}

/** Notifications shown since `recordNotifications`. */
export async function notificationsOf(
  ext: ExtensionBrowser,
): Promise<
  Array<{ id?: string; title?: string; message?: string; buttons?: Array<{ title: string }> }>
> {
  return (await ext.worker()).evaluate(
    () => (globalThis as unknown as { __cairnNotifications?: [] }).__cairnNotifications ?? [],
  );
}

/**
 * Calls a function of the worker's `globalThis.cairn`: the real menu and command handlers,
 * exactly as Chrome's onClicked and onCommand call them.
 */
export async function callWorker(
  ext: ExtensionBrowser,
  fn: 'handleMenuClick' | 'handleCommand' | 'handleOpenedTabChoice',
  ...args: unknown[]
): Promise<void> {
  await (
    await ext.worker()
  ).evaluate(
    ([name, rest]) =>
      (globalThis as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<void>>>)
        .cairn![name as string]!(...(rest as unknown[])),
    [fn, args] as const,
  );
}

/**
 * Stops the extension's service worker as Chrome may at any time (through DevTools), then
 * wakes it with a message, which runs its start-up recovery; resolves once it answers.
 */
export async function stopServiceWorker(ext: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  const deadline = Date.now() + 20_000;
  while ((await sendCairn(page, 'no-such-message', {})).ok !== false) {
    if (Date.now() > deadline) throw new Error('the service worker did not wake up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
