import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Download, Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import type { ArchiveRow } from '../../lib/db/entities';
import {
  archives,
  captureUrl,
  folderNamed,
  openLibrary,
  openPopup,
  send,
  waitFor,
} from './support/library-helpers';

/**
 * Bulk actions on several selected archives (move, private, download, delete with undo) and
 * the search box (title, URL and full page text, across folders, with the folder shown).
 */
describe('library bulk actions and search', () => {
  let ext: ExtensionBrowser;
  let site: FixtureSite;
  let page: Page;
  let rootId: string;
  let newsId: string;
  const captured: ArchiveRow[] = [];

  const item = (id: string) => page.locator(`li[data-archive-id="${id}"]`);
  const select = (a: ArchiveRow) =>
    item(a.id)
      .getByRole('checkbox', { name: `Select ${a.title || a.url}` })
      .check();
  const rowOf = async (id: string) => (await archives(page)).find((a) => a.id === id);
  const bulk = () => page.getByRole('toolbar', { name: 'Actions on selected archives' });
  const treeRow = (name: string) =>
    page.getByRole('treeitem', { name, exact: true }).locator(':scope > .tree-row');

  beforeAll(async () => {
    site = await startFixtureSite();
    ext = await launchWithExtension();
    page = await openLibrary(ext);
    rootId = (await folderNamed(page, 'Personal Links')).id;
    newsId = (await send(page, 'createFolder', { parentId: rootId, name: 'News' })).folderId;
    for (const path of ['/simple.html', '/form.html', '/status/201?ref=quokka']) {
      captured.push(await captureUrl(page, `${site.origin}${path}`, { folderId: rootId }));
    }
    await item(captured[2]!.id).waitFor();
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('selects several archives and makes them private, then not private, together', async () => {
    const [a, b, c] = captured as [ArchiveRow, ArchiveRow, ArchiveRow];
    await select(a);
    await select(b);
    await expect(bulk().textContent()).resolves.toContain('2 selected');
    await bulk().getByRole('button', { name: 'Make private' }).click();
    await waitFor(
      async () => (await rowOf(a.id))?.isPrivate && (await rowOf(b.id))?.isPrivate,
      'both private',
    );
    expect((await rowOf(c.id))?.isPrivate).toBe(false);
    await bulk().getByRole('button', { name: 'Make not private' }).click();
    await waitFor(
      async () => !(await rowOf(a.id))?.isPrivate && !(await rowOf(b.id))?.isPrivate,
      'both public',
    );
  });

  it('downloads the selected archives, one gzip WARC each', async () => {
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await bulk().getByRole('button', { name: 'Download WARCs' }).click();
    await waitFor(async () => downloads.length === 2, 'two downloads', 20_000);
    const urls: string[] = [];
    for (const download of downloads) {
      expect(download.suggestedFilename()).toMatch(/^cairn-127\.0\.0\.1-\d{8}-\d{6}\.warc\.gz$/);
      const text = gunzipSync(await readFile((await download.path())!)).toString('latin1');
      expect(text.startsWith('WARC/1.1\r\n')).toBe(true);
      urls.push(/WARC-Target-URI: (\S+\/(?:simple|form)\.html)\r\n/.exec(text)?.[1] ?? '');
    }
    expect(urls.sort()).toEqual([`${site.origin}/form.html`, `${site.origin}/simple.html`]);
  });

  it('moves the selected archives with "Move to…"', async () => {
    const [a, b, c] = captured as [ArchiveRow, ArchiveRow, ArchiveRow];
    await bulk().getByRole('button', { name: 'Move to…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move 2 archives to…' });
    await dialog.getByRole('radio', { name: 'News' }).check();
    await dialog.getByRole('button', { name: 'Move here' }).click();
    await waitFor(
      async () =>
        (await rowOf(a.id))?.folderId === newsId && (await rowOf(b.id))?.folderId === newsId,
      'both moved',
    );
    expect((await rowOf(c.id))?.folderId).toBe(rootId);
    await item(a.id).waitFor({ state: 'detached' });
    // The selection went with them.
    await expect(bulk().textContent()).resolves.not.toContain('selected');
  });

  it('drags a selection onto a folder: all selected archives move', async () => {
    const [a, b] = captured as [ArchiveRow, ArchiveRow];
    await treeRow('News').click();
    await select(a);
    await select(b);
    await item(a.id).dragTo(treeRow('Personal Links'), { sourcePosition: { x: 4, y: 4 } });
    await waitFor(
      async () =>
        (await rowOf(a.id))?.folderId === rootId && (await rowOf(b.id))?.folderId === rootId,
      'both dragged back',
    );
    await treeRow('Personal Links').click();
  });

  it('deletes the selected archives after one confirmation, with no Undo: the Trash has them', async () => {
    const [a, b, c] = captured as [ArchiveRow, ArchiveRow, ArchiveRow];
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await expect(bulk().textContent()).resolves.toContain('3 selected');
    await item(c.id).getByRole('checkbox').uncheck();
    await bulk().getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete 2 archives?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await item(a.id).waitFor({ state: 'detached' });
    await item(b.id).waitFor({ state: 'detached' });
    const notice = page.getByRole('status').filter({
      hasText: 'Moved 2 archives to the Trash, where they can be restored for 30 days.',
    });
    await notice.waitFor();
    expect(await notice.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    // Back from the Trash, for the searches below.
    await page.getByRole('button', { name: /^Trash \(\d+\)$/ }).click();
    const trash = page.getByRole('region', { name: 'Trash' });
    for (const archive of [a, b]) {
      await trash
        .getByRole('button', { name: `Restore “${archive.title || archive.url}”` })
        .click();
      await waitFor(async () => (await rowOf(archive.id))?.trashedAt === undefined, 'restored');
    }
    await page.getByRole('button', { name: 'Back to the folders' }).click();
    await item(a.id).waitFor();
    await item(b.id).waitFor();
    expect((await rowOf(a.id))?.trashedAt).toBeUndefined();
  });

  describe('search', () => {
    const search = () => page.getByRole('searchbox', { name: 'Search archives' });
    const results = () => page.locator('li[data-archive-id]');
    // The list is aria-busy while it still shows the last answer (the search, after Escape).
    const resultIds = async () => {
      await page.locator('.archive-list:not([aria-busy]), .empty:not([aria-busy])').waitFor();
      return results().evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.archiveId));
    };

    beforeAll(async () => {
      await send(page, 'moveArchives', { archiveIds: [captured[0]!.id], folderId: newsId });
    });

    it('finds an archive by a word of its page text only, across folders, with its folder', async () => {
      await search().fill('smallest');
      await page.getByRole('heading', { name: '1 result for “smallest”' }).waitFor();
      expect(await resultIds()).toEqual([captured[0]!.id]);
      await expect(results().first().textContent()).resolves.toContain('in Personal Links / News');
    });

    it('finds archives by title and by URL; a word in several finds them newest first', async () => {
      await send(page, 'editArchive', { archiveId: captured[1]!.id, title: 'Zanzibar notes' });
      await search().fill('zanzibar');
      await page.getByRole('heading', { name: '1 result for “zanzibar”' }).waitFor();
      expect(await resultIds()).toEqual([captured[1]!.id]);
      // "quokka" is only in the third archive's URL (?ref=quokka).
      await search().fill('quokka');
      await page.getByRole('heading', { name: '1 result for “quokka”' }).waitFor();
      expect(await resultIds()).toEqual([captured[2]!.id]);
      await expect(results().first().textContent()).resolves.toContain('in Personal Links');
      // "fixture" is in the simple page's title and the status page's text.
      await search().fill('fixture');
      await page.getByRole('heading', { name: /results for “fixture”/ }).waitFor();
      const ids = await resultIds();
      expect(ids).toEqual(expect.arrayContaining([captured[2]!.id, captured[0]!.id]));
      const order = captured.map((a) => a.id).reverse(); // newest first
      expect([...ids].sort((x, y) => order.indexOf(x!) - order.indexOf(y!))).toEqual(ids);
    });

    it('says when nothing matches, and Escape goes back to the folder', async () => {
      await search().fill('zebra-unicorn');
      await page.getByText('No archive matches.').waitFor();
      await search().press('Escape');
      await page.getByRole('heading', { name: 'Personal Links', exact: true }).waitFor();
      expect(await resultIds()).toEqual([captured[2]!.id, captured[1]!.id]);
    });

    it('filters and orders the list and the search; a search can stay in the folder', async () => {
      // "fixture" matches the simple page (now in News) and the status page (in Personal Links).
      await search().fill('fixture');
      await page.getByRole('heading', { name: /results for “fixture”/ }).waitFor();
      await page.getByRole('button', { name: 'Filters' }).click();
      await page
        .getByRole('checkbox', { name: 'Search only in “Personal Links” and its subfolders' })
        .waitFor();
      await treeRow('News').click();
      await search().fill('fixture');
      await page.getByRole('checkbox', { name: /Search only in “News”/ }).check();
      await page.getByRole('button', { name: 'Filters (1)' }).waitFor();
      expect(await resultIds()).toEqual([captured[0]!.id]);
      await page.getByRole('checkbox', { name: /Search only in “News”/ }).uncheck();
      // The status page answered 201, no HTTP error: only a private archive or an error page
      // passes these filters, and none is both.
      await send(page, 'updateArchive', { archiveId: captured[2]!.id, isPrivate: true });
      await page.getByRole('combobox', { name: 'Private flag' }).selectOption('private');
      await expect.poll(resultIds).toEqual([captured[2]!.id]);
      await page
        .getByRole('checkbox', { name: 'Only pages that answered with an HTTP error' })
        .check();
      await page.getByText('No archive here passes the filters.').waitFor();
      // Remembered on this device: the library opens again with the same filters.
      const again = await openLibrary(ext);
      await again.getByRole('button', { name: 'Filters (2)' }).waitFor();
      await again.close();
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByRole('button', { name: 'Filters' }).waitFor();
      await send(page, 'updateArchive', { archiveId: captured[2]!.id, isPrivate: false });
      // Sorted by title: "Cairn fixture: simple" before "http://…/status/201…".
      await page.getByRole('combobox', { name: 'Sort' }).selectOption('title');
      await expect.poll(resultIds).toEqual([captured[0]!.id, captured[2]!.id]);
      await page.getByRole('combobox', { name: 'Sort' }).selectOption('newest');
      await search().press('Escape');
    });

    it('the popup searches too', async () => {
      const popup = await openPopup(ext);
      await popup.getByRole('searchbox', { name: 'Search archives' }).fill('smallest');
      await popup.locator(`li[data-archive-id="${captured[0]!.id}"]`).waitFor();
      await popup.close();
    });
  });
});
