import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import {
  archives,
  folderNamed,
  openLibrary,
  openPage,
  openPopup,
  send,
  waitFor,
  waitForCaptureEnd,
} from './support/library-helpers';

/**
 * Capturing into a chosen folder: the destination and private flag picked before a capture
 * (remembered for the next one) and changed after it; the popup's capture-on-open with live
 * progress; "Archive this page"; the "URL to archive" box in the popup and the library page.
 */
describe('library capture into a chosen folder', () => {
  let ext: ExtensionBrowser;
  let site: FixtureSite;
  let tabId: number;
  let newsId: string;
  let researchId: string;

  const folderSelect = (page: Page) => page.getByRole('combobox', { name: 'Folder' });
  const destinationSwitch = (page: Page) =>
    page.locator('.destination').getByRole('switch', { name: 'Private', exact: true });

  beforeAll(async () => {
    site = await startFixtureSite();
    ext = await launchWithExtension();
    const fixture = await ext.context.newPage();
    await fixture.goto(`${site.origin}/simple.html`);
    tabId = await ext.tabIdOf(`${site.origin}/simple.html`);
    const page = await openPopup(ext);
    const root = await folderNamed(page, 'Personal Links');
    newsId = (await send(page, 'createFolder', { parentId: root.id, name: 'News' })).folderId;
    researchId = (await send(page, 'createFolder', { parentId: null, name: 'Research' })).folderId;
    await page.close();
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('folder and Private chosen before the capture are used by it, with live progress', async () => {
    const before = await openPopup(ext);
    await folderSelect(before).selectOption({ value: newsId });
    await destinationSwitch(before).check();
    await before.close();

    // Opening the popup for the tab starts the capture at once (toolbar-button behaviour).
    const popup = await openPage(ext, `popup.html?tabId=${tabId}`, { width: 440, height: 760 });
    const card = popup.locator('.capture-card');
    await card.waitFor();
    // Keyboard users start on the capture the popup was opened for.
    await waitFor(
      () => popup.evaluate(() => document.activeElement?.classList.contains('capture-card')),
      'focus on the capture card',
    );
    await expect(card.getAttribute('data-status')).resolves.toBe('capturing');
    await expect(card.textContent()).resolves.toMatch(/Capturing…/);
    await popup.locator('.capture-card[data-status="complete"]').waitFor({ timeout: 60_000 });
    await expect(card.textContent()).resolves.toMatch(/[1-9]\d* responses · /);
    await expect(card.textContent()).resolves.toContain('in Personal Links / News');
    await expect(card.locator('.private-marker').textContent()).resolves.toBe('Private');
    const [archive] = await archives(popup);
    expect(archive).toMatchObject({
      url: `${site.origin}/simple.html`,
      folderId: newsId,
      isPrivate: true,
      status: 'complete',
    });
    // The popup's browser opened on the destination folder, showing the new archive.
    await popup.locator(`li[data-archive-id="${archive!.id}"]`).waitFor();
    await expect(folderSelect(popup).inputValue()).resolves.toBe(newsId);

    // Changed after the capture: the archive follows, and the choice is remembered.
    await folderSelect(popup).selectOption({ value: researchId });
    await destinationSwitch(popup).uncheck();
    await waitFor(async () => {
      const row = (await archives(popup)).find((a) => a.id === archive!.id);
      return row?.folderId === researchId && row.isPrivate === false;
    }, 'archive moved to Research and made public');
    await expect(card.textContent()).resolves.toContain('in Research');
    await popup.close();
  });

  it('the "URL to archive" box captures into the remembered folder; a bad URL is explained and kept', async () => {
    const popup = await openPopup(ext);
    await expect(folderSelect(popup).inputValue()).resolves.toBe(researchId);
    // With no capture to show, the popup opens with focus in the search box.
    await waitFor(
      () => popup.evaluate(() => document.activeElement?.matches('.search-box input') === true),
      'focus in the search box',
    );
    const box = popup.getByRole('textbox', { name: 'URL to archive' });
    await box.fill('chrome://settings');
    await popup.getByRole('button', { name: 'Archive', exact: true }).click();
    await popup.locator('.url-form').getByRole('alert').waitFor();
    await expect(box.inputValue()).resolves.toBe('chrome://settings');

    await box.fill(`${site.origin}/form.html`);
    await popup.getByRole('button', { name: 'Archive', exact: true }).click();
    await waitFor(async () => (await box.inputValue()) === '', 'box cleared');
    const card = popup.locator('.capture-card');
    await card.waitFor();
    const archive = await waitFor(
      async () => (await archives(popup)).find((a) => a.url === `${site.origin}/form.html`),
      'form capture',
    );
    const done = await waitForCaptureEnd(popup, archive.id);
    expect(done).toMatchObject({ folderId: researchId, isPrivate: false, status: 'complete' });
    await popup.locator('.capture-card[data-status="complete"]').waitFor();
    await popup.close();
  });

  it('"Archive this page" captures the tab again', async () => {
    const popup = await openPopup(ext, { ready: true });
    const count = (await archives(popup)).length;
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?noCapture&tabId=${tabId}`);
    await popup.getByRole('button', { name: 'Archive this page' }).click();
    const archive = await waitFor(async () => {
      const rows = await archives(popup);
      return rows.length > count ? rows.sort((a, b) => b.createdAt - a.createdAt)[0] : undefined;
    }, 'a new capture');
    expect(archive.url).toBe(`${site.origin}/simple.html`);
    expect((await waitForCaptureEnd(popup, archive.id)).folderId).toBe(researchId);
    await popup.close();
  });

  it('the library page has the URL box too, with its own destination choice', async () => {
    const library = await openLibrary(ext);
    await folderSelect(library).selectOption({ value: newsId });
    await library
      .locator('.destination')
      .getByRole('switch', { name: 'Private', exact: true })
      .check();
    await library
      .getByRole('textbox', { name: 'URL to archive' })
      .fill(`${site.origin}/status/202`);
    await library.getByRole('button', { name: 'Archive', exact: true }).click();
    const archive = await waitFor(
      async () => (await archives(library)).find((a) => a.url.endsWith('/status/202')),
      'library capture',
    );
    // Its detail opens at once and follows the capture live.
    await library.getByRole('article').waitFor();
    const done = await waitForCaptureEnd(library, archive.id);
    expect(done).toMatchObject({ folderId: newsId, isPrivate: true });
    await library.close();
  });
});
