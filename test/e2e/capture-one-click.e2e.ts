import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import {
  callWorker,
  listArchives,
  listRecords,
  sendCairn,
  waitForArchive,
  waitForEnd,
} from './support/extension-state';
import type { FixtureSite } from '../fixtures/site/server.js';

// One click never touches the user's tab, and never makes accidental copies.

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;

useCaptureSuite('one-click', (suite) => {
  ({ ext, site, state } = suite);
});

/** What the user has in the tab: everything a reload would lose. */
async function tabState(page: Page) {
  return page.evaluate(() => ({
    draft: (document.getElementById('draft') as HTMLTextAreaElement).value,
    items: [...document.querySelectorAll('#items li')].map((li) => li.textContent),
    scrollY: Math.round(window.scrollY),
    historyLength: history.length,
    instance: (window as unknown as { pageInstance: string }).pageInstance,
    beforeunload: sessionStorage.getItem('beforeunload'),
  }));
}

/** Opens /user-state.html, types a draft, loads two items and scrolls: a page in use. */
async function pageInUse(query: string): Promise<{ page: Page; tabId: number; url: string }> {
  const url = `${site.origin}/user-state.html?${query}`;
  const page = await ext.context.newPage();
  await page.goto(url);
  await page.locator('#draft').fill('A draft the user is still writing');
  await page.locator('#more').click();
  await page.locator('#items li').nth(0).waitFor();
  await page.locator('#more').click();
  await page.locator('#items li').nth(1).waitFor();
  await page.evaluate(() => window.scrollTo(0, 1200));
  await page.waitForFunction(() => Math.round(window.scrollY) === 1200);
  return { page, tabId: await ext.tabIdOf(url), url };
}

/** Document loads of `url` the fixture server answered. */
function documentLoads(url: string): number {
  return site.log.filter((e) => e.url === url && e.method === 'GET').length;
}

describe('one click leaves the page as the user has it', () => {
  it('the toolbar popup archives the page in a capture tab of its own', async () => {
    const { page, tabId, url } = await pageInUse('via=toolbar');
    const before = await tabState(page);
    expect(before).toMatchObject({ items: ['Loaded item 1', 'Loaded item 2'], scrollY: 1200 });
    const loadsBefore = documentLoads(url);

    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    await popup.locator('.capture-card[data-status="complete"]').waitFor({ timeout: 60_000 });
    const [archive] = await listArchives(state);
    expect(archive).toMatchObject({ url, status: 'complete', trigger: 'action' });

    // The user's tab: same text, same loaded content, same scroll, same history, same script
    // state, and no "Leave site?" was ever raised.
    expect(await tabState(page)).toEqual(before);
    expect(before.beforeunload).toBeNull();
    // The page was loaded once more, by the capture tab, not reloaded in the user's tab.
    expect(documentLoads(url)).toBe(loadsBefore + 1);
    const records = await listRecords(state, archive!.id);
    expect(records.some((r) => r.warcType === 'response' && r.url === url)).toBe(true);
    // The capture tab is gone.
    const tabs = await (
      await ext.worker()
    ).evaluate(async () => (await chrome.tabs.query({})).length);
    expect(tabs).toBe(ext.context.pages().length);
    await popup.close();
    await page.close();
  });

  it('the keyboard shortcut leaves the tab untouched too', async () => {
    const { page, url } = await pageInUse('via=shortcut');
    const before = await tabState(page);
    await page.bringToFront();
    await callWorker(ext, 'handleCommand', 'archive-page');
    const archive = await waitForArchive(
      state,
      (a) => a.url === url && a.trigger === 'command' && a.status !== 'capturing',
      { what: 'the shortcut capture to end' },
    );
    expect(archive.status, archive.reason).toBe('complete');
    expect(await tabState(page)).toEqual(before);
    await page.close();
  });
});

describe('no accidental copies', () => {
  it('opening the popup again shows the capture of minutes ago, with "Archive again"', async () => {
    const page = await ext.context.newPage();
    const url = `${site.origin}/simple.html?popup-twice`;
    await page.goto(url);
    const tabId = await ext.tabIdOf(url);
    const popupUrl = `chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`;

    const first = await ext.context.newPage();
    await first.goto(popupUrl);
    await first.locator('.capture-card[data-status="complete"]').waitFor({ timeout: 60_000 });
    await first.close();

    const second = await ext.context.newPage();
    await second.goto(popupUrl);
    const card = second.locator('.capture-card[data-status="complete"]');
    await card.waitFor();
    await expect(card.locator('.capture-recent').innerText()).resolves.toMatch(
      /You archived this page less than a minute ago/,
    );
    expect((await listArchives(state)).filter((a) => a.url === url)).toHaveLength(1);
    // Its "Archive this page" button gives way to the card's "Archive again".
    await expect(second.getByRole('button', { name: 'Archive this page' }).count()).resolves.toBe(
      0,
    );

    await second.getByRole('button', { name: 'Archive again' }).click();
    await second.locator('.capture-card[data-status="capturing"]').waitFor();
    await second.locator('.capture-card[data-status="complete"]').waitFor({ timeout: 60_000 });
    expect((await listArchives(state)).filter((a) => a.url === url)).toHaveLength(2);
    await second.close();
    await page.close();
  });

  it('a double click, two menu clicks and two triggers at once give one capture', async () => {
    const page = await ext.context.newPage();
    const url = `${site.origin}/simple.html?all-at-once`;
    await page.goto(url);
    const tabId = await ext.tabIdOf(url);
    const replies = await Promise.all([
      sendCairn<{ archiveId: string; started: boolean }>(state, 'captureTab', {
        tabId,
        trigger: 'action',
      }),
      sendCairn<{ archiveId: string; started: boolean }>(state, 'captureTab', {
        tabId,
        trigger: 'action',
        again: true,
      }),
      callWorker(ext, 'handleMenuClick', { menuItemId: 'cairn-archive-page' }, { id: tabId }),
      callWorker(ext, 'handleMenuClick', { menuItemId: 'cairn-archive-page' }, { id: tabId }),
      callWorker(
        ext,
        'handleMenuClick',
        { menuItemId: 'cairn-archive-link', linkUrl: url },
        {
          id: tabId,
        },
      ),
    ]);
    const ids = new Set(replies.flatMap((r) => (r && r.ok ? [r.result.archiveId] : [])));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    await waitForEnd(state, id!);
    expect((await listArchives(state)).filter((a) => a.url === url)).toHaveLength(1);
    await page.close();
  });
});
