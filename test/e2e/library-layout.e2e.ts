import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import {
  captureUrl,
  folderNamed,
  openLibrary,
  openPopup,
  send,
  shoot,
  rowAction,
} from './support/library-helpers';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';

/** How far the page scrolls sideways: 0 when nothing is wider than the window. */
const overflowX = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Text never breaks the layout: a long unbroken note and the longest title the edit dialog
 * accepts wrap or are cut, in the library and in the popup, and the details heading stays a
 * few lines tall.
 */
describe('long text in the library', () => {
  let ext: ExtensionBrowser;
  let site: FixtureSite;

  beforeAll(async () => {
    site = await startFixtureSite();
    ext = await launchWithExtension();
    const page = await openLibrary(ext);
    const home = await folderNamed(page, 'Personal Links');
    const archive = await captureUrl(page, `${site.origin}/simple.html`, { folderId: home.id });
    await send(page, 'editArchive', {
      archiveId: archive.id,
      title: 'T'.repeat(1000),
      notes: 'n'.repeat(5000),
    });
    await page.close();
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('neither the library nor its details grow wider than the window or a screen tall', async () => {
    const page = await openLibrary(ext);
    await page.locator('.archive-notes').first().waitFor();
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    const notes = await page.locator('.archive-notes').first().boundingBox();
    expect(notes!.height).toBeLessThan(80);
    await rowAction(page.locator('li[data-archive-id]').first(), 'Details');
    const heading = page.locator('#archive-detail-title');
    await heading.waitFor();
    expect((await heading.boundingBox())!.height).toBeLessThan(140);
    expect(await heading.getAttribute('title')).toBe('T'.repeat(1000));
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'library-long-text');
  });

  it.each([320, 800])('the popup at %i px wide has no sideways scroll', async (width) => {
    const popup = await openPopup(ext, { width });
    await popup.locator('.archive-notes').first().waitFor();
    expect(await overflowX(popup)).toBeLessThanOrEqual(0);
    await shoot(popup, `popup-long-text-${width}`);
    await popup.close();
  });

  it('Details from the row menu moves focus into the details; Escape closes them and returns to the row', async () => {
    const page = await openLibrary(ext);
    const title = page.locator('li[data-archive-id] a.archive-title').first();
    const openDetails = async () => {
      await title.focus();
      await page.keyboard.press('Shift+F10'); // the row's menu, on "Details"
      await page.keyboard.press('Enter');
    };
    await openDetails();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('archive-detail-title');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#archive-detail-title').count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className))
      .toContain('archive-title');
    // "Close details" returns there too.
    await openDetails();
    await page.locator('#archive-detail-title').waitFor();
    await page.getByRole('button', { name: 'Close details' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className))
      .toContain('archive-title');
    await page.close();
  });
});
