import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import {
  callWorker,
  listArchives,
  notificationsOf,
  recordNotifications,
  saveWarc,
  waitForArchive,
  waitForEnd,
} from './support/extension-state';
import type { FixtureSite } from '../fixtures/site/server.js';
import { readWarcRecords } from '../support/warcio-check.js';
import path from 'node:path';
import { rowAction } from './support/library-helpers';

// Every way in besides the toolbar: right-click a link, right-click a page, the keyboard
// shortcut and the popup's URL box, each through the handler Chrome itself calls.

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;
let out: string;

useCaptureSuite('paths', async (suite) => {
  ({ ext, site, state, out } = suite);
  await recordNotifications(ext);
});

/** Opens a fixture page in its own tab and returns it with its tab id. */
async function openTab(pathname: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(site.origin + pathname);
  return { page, tabId: await ext.tabIdOf(site.origin + pathname) };
}

/** Right-clicks "Archive link" on `linkUrl` in the page's tab; returns the archive once it ends. */
async function archiveLink(linkUrl: string, page: Page, tabId: number) {
  await callWorker(
    ext,
    'handleMenuClick',
    { menuItemId: 'cairn-archive-link', linkUrl, pageUrl: page.url() },
    { id: tabId },
  );
  return waitForArchive(state, (a) => a.url === linkUrl && a.status !== 'capturing', {
    what: `the capture of the link ${linkUrl} to end`,
  });
}

describe('ways to start a capture', () => {
  it('"Archive link" records the link in a background tab from its first request, then closes it', async () => {
    const { page, tabId } = await openTab('/simple.html');
    const linkUrl = `${site.origin}/simple.html?via=link`;
    const userPageLoads = () =>
      site.log.filter((e) => e.url === `${site.origin}/simple.html`).length;
    const before = userPageLoads();

    const archive = await archiveLink(linkUrl, page, tabId);
    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.trigger).toBe('link-menu');
    expect(archive.title).toBe('Cairn fixture: simple');

    // The WARC starts from the link's own first request: its document is recorded.
    const file = path.join(out, 'link.warc.gz');
    await saveWarc(state, archive.id, file);
    const records = await readWarcRecords(file);
    const doc = records.find((r) => r.type === 'response' && r.targetUri === linkUrl);
    expect(doc?.payloadSha256).toBe(await site.expectedSha256(linkUrl));

    // The background tab is gone, the user's page was neither reloaded nor navigated.
    await expect
      .poll(async () =>
        (await ext.worker()).evaluate(
          async (u) => (await chrome.tabs.query({ url: u })).length,
          linkUrl,
        ),
      )
      .toBe(0);
    expect(page.url()).toBe(`${site.origin}/simple.html`);
    expect(userPageLoads()).toBe(before);
    // A notification reports the result with the page title.
    await expect
      .poll(async () =>
        (await notificationsOf(ext)).map((n) => `${n.title} ${n.message}`).join('\n'),
      )
      .toContain('Cairn fixture: simple');
  });

  it('"Archive link" on a dead link says the archive holds the server\'s 404 page', async () => {
    const { page, tabId } = await openTab('/simple.html?dead-link');
    const linkUrl = `${site.origin}/status/404`;
    const archive = await archiveLink(linkUrl, page, tabId);
    // The capture worked: it faithfully holds what the server answered.
    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.pageStatus).toBe(404);
    await expect
      .poll(async () => (await notificationsOf(ext)).map((n) => n.message).join('\n'))
      .toContain('but the server answered HTTP 404');

    const library = await ext.context.newPage();
    await library.goto(`chrome-extension://${ext.extensionId}/library.html`);
    const row = library.locator(`[data-archive-id="${archive.id}"]`);
    await expect.poll(() => row.locator('.page-status').textContent()).toBe('HTTP 404');
    await rowAction(row, 'Details');
    await expect
      .poll(() => library.locator('.detail-meta').innerText())
      .toMatch(/Page answered\s+HTTP 404 The server answered HTTP 404/);
    await library.close();
    await page.close();
  });

  it('"Archive this page" captures the page the menu was opened on', async () => {
    const { tabId } = await openTab('/simple.html?via=page-menu');
    await callWorker(ext, 'handleMenuClick', { menuItemId: 'cairn-archive-page' }, { id: tabId });
    const archive = await waitForArchive(
      state,
      (a) => a.trigger === 'page-menu' && a.status !== 'capturing',
      { what: 'the page-menu capture to end' },
    );
    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.url).toBe(`${site.origin}/simple.html?via=page-menu`);
  });

  it('the keyboard shortcut captures the active tab', async () => {
    const { page } = await openTab('/simple.html?via=command');
    await page.bringToFront();
    // Chrome passes the active tab; without it the handler looks the active tab up itself.
    await callWorker(ext, 'handleCommand', 'archive-page');
    const archive = await waitForArchive(
      state,
      (a) => a.trigger === 'command' && a.status !== 'capturing',
      { what: 'the shortcut capture to end' },
    );
    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.url).toBe(`${site.origin}/simple.html?via=command`);
  });

  it('the popup\'s "URL to archive" box records the URL like "Archive link"', async () => {
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?noCapture`);
    const url = `${site.origin}/simple.html?via=url-box`;
    await popup.getByRole('textbox', { name: 'URL to archive' }).fill(url);
    await popup.getByRole('button', { name: 'Archive', exact: true }).click();
    const started = await waitForArchive(state, (a) => a.url === url, {
      what: 'the URL-box capture',
    });
    const archive = await waitForEnd(state, started.id);
    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.trigger).toBe('url-box');
    expect(archive.title).toBe('Cairn fixture: simple');
  });

  it('every archive is stored with URL, title, time, size, status and a folder', async () => {
    const archives = await listArchives(state);
    expect(archives.length).toBe(5);
    for (const a of archives) {
      expect(a.folderId).toBeTruthy();
      expect(a.size).toBeGreaterThan(0);
      expect(a.createdAt).toBeGreaterThan(Date.now() - 10 * 60_000);
      expect(a.recordCount).toBeGreaterThan(3);
    }
  });
});
