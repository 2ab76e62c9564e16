import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startFixtureSite } from '../fixtures/site/server.js';
import type { FixtureSite } from '../fixtures/site/server';
import {
  captureUrl,
  folderNamed,
  openLibrary,
  openPage,
  openPopup,
  send,
  shoot,
  SHOTS_DIR,
  rowAction,
} from './support/library-helpers';

/**
 * Screenshots of the popup and the library in both themes, with real captures in nested
 * folders, saved for a person to look at; the test also checks that nothing overflows the
 * popup's width (a cut-off control would be unreachable).
 */
describe('library screenshots', () => {
  let ext: ExtensionBrowser;
  let site: FixtureSite;

  beforeAll(async () => {
    site = await startFixtureSite();
    ext = await launchWithExtension();
    const page = await openPopup(ext);
    const root = (await folderNamed(page, 'Personal Links')).id;
    const { folderId: news } = await send(page, 'createFolder', { parentId: root, name: 'News' });
    await send(page, 'createFolder', { parentId: news, name: 'Science' });
    await send(page, 'createFolder', { parentId: null, name: 'Research' });
    await captureUrl(page, `${site.origin}/simple.html`, { folderId: root });
    await captureUrl(page, `${site.origin}/status/404`, { folderId: root, isPrivate: true });
    await captureUrl(page, `${site.origin}/form.html`, { folderId: news });
    await page.close();
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  /** Opens the details of the first capture of the simple fixture page. */
  const openSimpleDetails = (page: Page) =>
    rowAction(
      page
        .locator('li[data-archive-id]')
        .filter({ hasText: /simple/i })
        .first(),
      'Details',
    );

  for (const scheme of ['light', 'dark'] as const) {
    it(`popup, ${scheme}`, async () => {
      const page = await openPopup(ext, { colorScheme: scheme });
      await page.getByRole('treeitem', { name: 'News' }).waitFor();
      await shoot(page, `popup-${scheme}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      // The row menu and the filters, open, at the popup's narrowest width.
      await page.setViewportSize({ width: 320, height: 760 });
      await page.getByRole('button', { name: 'Filters' }).click();
      await page.locator('li[data-archive-id] .row-menu-button').first().click();
      await page.getByRole('menu').waitFor();
      await shoot(page, `popup-320-menu-filters-${scheme}`);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Filters' }).click();
      await page.setViewportSize({ width: 440, height: 760 });
      await openSimpleDetails(page);
      await page.getByRole('table').waitFor();
      await shoot(page, `popup-detail-${scheme}`);
      await page.close();
    });

    it(`popup capturing the current tab, ${scheme}`, async () => {
      const tab = await ext.context.newPage();
      const url = `${site.origin}/simple.html?shot-${scheme}`;
      await tab.goto(url);
      const tabId = await ext.tabIdOf(url);
      const page = await openPage(ext, `popup.html?tabId=${tabId}`, {
        colorScheme: scheme,
        width: 440,
        height: 760,
      });
      await page.locator('.capture-card').waitFor();
      await shoot(page, `popup-capturing-${scheme}`);
      await page.locator('.capture-card[data-status="complete"]').waitFor({ timeout: 60_000 });
      await shoot(page, `popup-captured-${scheme}`);
      await rowAction(page.locator('li[data-archive-id]').first(), 'Move to…');
      await page.getByRole('dialog').waitFor();
      await page.screenshot({ path: `${SHOTS_DIR}/popup-dialog-${scheme}.png` });
      await page.close();
      await tab.close();
    });

    it(`library, ${scheme}`, async () => {
      const page = await openLibrary(ext, { colorScheme: scheme });
      await openSimpleDetails(page);
      await page.getByRole('img', { name: /Screenshot of/ }).waitFor();
      await shoot(page, `library-${scheme}`);
      await page.close();
    });
  }
});
