import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import {
  captureUrl,
  folderNamed,
  openLibrary,
  openPopup,
  send,
  rowAction,
} from './support/library-helpers';
import { runAxe, serious, type AxeViolation } from './support/library-axe';

const report = (v: AxeViolation[]) =>
  v.map((x) => `${x.impact} ${x.id}: ${x.help}\n    ${x.targets.join('\n    ')}`).join('\n');

/**
 * axe-core audit of the popup and the library page, in light and dark, in their main states
 * (folder list, an archive's detail, a dialog, search results): no serious or critical
 * violation. Minor and moderate ones are printed for the record.
 */
describe('library accessibility (axe-core)', () => {
  let ext: ExtensionBrowser;
  let site: FixtureSite;
  let privateTitle = '';

  beforeAll(async () => {
    site = await startFixtureSite();
    ext = await launchWithExtension();
    const page = await openPopup(ext);
    const root = await folderNamed(page, 'Personal Links');
    const { folderId } = await send(page, 'createFolder', { parentId: root.id, name: 'News' });
    await send(page, 'createFolder', { parentId: folderId, name: 'Science' });
    await captureUrl(page, `${site.origin}/simple.html`, { folderId: root.id });
    const failed = await captureUrl(page, `${site.origin}/status/404`, {
      folderId: root.id,
      isPrivate: true,
    });
    privateTitle = failed.title || failed.url;
    // A second capture of that URL, so its detail lists the captures of the URL.
    await captureUrl(page, `${site.origin}/status/404`, { folderId });
    await page.close();
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  const audit = async (page: Page, state: string) => {
    const violations = await runAxe(page);
    const bad = serious(violations);
    const minor = violations.filter((v) => !bad.includes(v));
    if (minor.length > 0) console.log(`[axe] ${state}: minor/moderate\n${report(minor)}`);
    expect(report(bad), `${state}: serious or critical axe violations`).toBe('');
  };

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`popup, ${colorScheme}: list, dialog, detail, search`, async () => {
      const page = await openPopup(ext, { colorScheme });
      await page.getByRole('treeitem', { name: 'Science' }).waitFor();
      await audit(page, `popup ${colorScheme}`);
      await rowAction(page.locator('li[data-archive-id]').first(), 'Move to…');
      await page.getByRole('dialog').waitFor();
      await audit(page, `popup ${colorScheme} move dialog`);
      await page.keyboard.press('Escape');
      await rowAction(
        page.locator('li[data-archive-id]').filter({ hasText: privateTitle }).first(),
        'Details',
      );
      await page.getByRole('article').waitFor();
      await page.getByRole('region', { name: '2 captures of this URL' }).waitFor();
      await audit(page, `popup ${colorScheme} detail`);
      await page.getByRole('button', { name: 'Close details' }).click();
      await page.getByRole('searchbox', { name: 'Search archives' }).fill('simple');
      await page.getByRole('heading', { name: /results? for/ }).waitFor();
      await audit(page, `popup ${colorScheme} search`);
      await page.close();
    });

    it(`library page, ${colorScheme}: list with detail, delete dialog, undo toast`, async () => {
      const page = await openLibrary(ext, { colorScheme });
      await rowAction(
        page.locator('li[data-archive-id]').filter({ hasText: 'Cairn fixture: simple' }).first(),
        'Details',
      );
      await page.getByRole('img', { name: /Screenshot of/ }).waitFor();
      await audit(page, `library ${colorScheme} detail`);
      await page.getByRole('treeitem', { name: 'News' }).locator(':scope > .tree-row').click();
      await page.getByRole('button', { name: 'Delete', exact: true }).first().click();
      await page.getByRole('dialog').waitFor();
      await audit(page, `library ${colorScheme} delete-folder dialog`);
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('treeitem', { name: 'News' }).focus();
      await page.keyboard.press('F2');
      await audit(page, `library ${colorScheme} inline rename`);
      await page.keyboard.press('Escape');
      const simple = page
        .locator('li[data-archive-id]')
        .filter({ hasText: 'Cairn fixture: simple' });
      await page
        .getByRole('treeitem', { name: 'Personal Links' })
        .locator(':scope > .tree-row')
        .click();
      // One archive goes at once, with Undo (no dialog: never both).
      await rowAction(simple, 'Delete');
      const toast = page.getByRole('status').filter({ hasText: 'Deleted 1 archive.' });
      await toast.waitFor();
      await audit(page, `library ${colorScheme} undo toast`);
      await toast.getByRole('button', { name: 'Undo' }).click();
      await simple.waitFor();
      await page.close();
    });
  }
});
