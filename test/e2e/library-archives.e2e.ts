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
  readStore,
  send,
  waitFor,
  rowAction,
} from './support/library-helpers';

/** Checks a downloaded file is a gzipped WARC/1.1 whose records include the page. */
async function expectGzipWarc(download: Download, pageUrl: string): Promise<void> {
  const bytes = await readFile((await download.path())!);
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  const text = gunzipSync(bytes).toString('latin1');
  expect(text.startsWith('WARC/1.1\r\n')).toBe(true);
  expect(text).toContain('WARC-Type: warcinfo');
  expect(text).toContain(`WARC-Target-URI: ${pageUrl}`);
}

/**
 * Archive flows in the real extension: move (drag and drop and "Move to…"), the "Private"
 * switch, edit title and notes, delete with confirm and undo, delete for good, "Download
 * WARC", opening the live URL and the detail view.
 */
describe('library archives', () => {
  let ext: ExtensionBrowser;
  let site: FixtureSite;
  let page: Page;
  let simple: ArchiveRow;
  let form: ArchiveRow;
  let newsId: string;

  const item = (id: string) => page.locator(`li[data-archive-id="${id}"]`);
  const row = async (id: string) => (await archives(page)).find((a) => a.id === id);
  const treeRow = (name: string) =>
    page.getByRole('treeitem', { name, exact: true }).locator(':scope > .tree-row');

  beforeAll(async () => {
    site = await startFixtureSite();
    ext = await launchWithExtension();
    page = await openLibrary(ext);
    const root = await folderNamed(page, 'Personal Links');
    newsId = (await send(page, 'createFolder', { parentId: root.id, name: 'News' })).folderId;
    simple = await captureUrl(page, `${site.origin}/simple.html`, { folderId: root.id });
    form = await captureUrl(page, `${site.origin}/form.html`, { folderId: root.id });
    await item(form.id).waitFor();
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('lists the folder newest first with status, size and capture date', async () => {
    const ids = await page
      .locator('li[data-archive-id]')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.archiveId));
    expect(ids).toEqual([form.id, simple.id]);
    await expect(item(simple.id).locator('.status').textContent()).resolves.toBe('Complete');
    await expect(item(simple.id).textContent()).resolves.toMatch(/KB stored/);
  });

  it('each row leads with a thumbnail of its screenshot, made once and kept', async () => {
    const img = item(simple.id).locator('.archive-thumb img');
    await img.waitFor();
    await waitFor(
      () => img.evaluate((el) => (el as HTMLImageElement).naturalWidth === 192),
      'the thumbnail decoded at its size',
    );
    const kept = await readStore<{ archiveId: string; blob?: Blob }>(page, 'thumbnails');
    expect(kept.find((t) => t.archiveId === simple.id)?.blob).toBeDefined();
  });

  it('"Private" in the row menu marks an archive private, with a visible marker', async () => {
    const toggle = item(simple.id).getByRole('menuitemcheckbox', { name: 'Private' });
    // Keyboard only: the title is the row's Tab stop, Right reaches the menu button.
    await item(simple.id).locator('a.archive-title').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('false');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await row(simple.id))?.isPrivate === true, 'private flag');
    await item(simple.id).locator('.private-marker').waitFor();
    await item(simple.id).locator('.row-menu-button').click();
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('true');
    await toggle.click();
    await waitFor(async () => (await row(simple.id))?.isPrivate === false, 'flag cleared');
    await item(simple.id).locator('.private-marker').waitFor({ state: 'detached' });
  });

  it('edits title and notes', async () => {
    await rowAction(item(simple.id), 'Edit');
    const dialog = page.getByRole('dialog', { name: 'Edit archive' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('My simple page');
    await dialog.getByRole('textbox', { name: 'Notes' }).fill('Cited in chapter 2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitFor(async () => (await row(simple.id))?.title === 'My simple page', 'title');
    expect((await row(simple.id))?.notes).toBe('Cited in chapter 2');
    await item(simple.id).getByRole('link', { name: 'My simple page' }).waitFor();
    await expect(item(simple.id).textContent()).resolves.toContain('Cited in chapter 2');
  });

  it('"Download WARC" saves a .warc.gz named after the host and date, a gzip WARC', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rowAction(item(simple.id), 'Download WARC'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^cairn-127\.0\.0\.1-\d{8}-\d{6}\.warc\.gz$/);
    await expectGzipWarc(download, `${site.origin}/simple.html`);
  });

  it('opens the live URL in a new tab', async () => {
    const [live] = await Promise.all([
      ext.context.waitForEvent('page'),
      item(simple.id)
        .getByRole('link', { name: `${site.origin}/simple.html` })
        .click(),
    ]);
    await live.waitForLoadState();
    expect(live.url()).toBe(`${site.origin}/simple.html`);
    await live.close();
  });

  it('shows the detail: screenshot, capture metadata and captured URLs with status, type, size', async () => {
    await rowAction(item(simple.id), 'Details');
    const detail = page.getByRole('article', { name: 'My simple page' });
    const shot = detail.getByRole('img', { name: /^Screenshot of My simple page/ });
    await shot.waitFor();
    await waitFor(
      () => shot.evaluate((img) => (img as HTMLImageElement).naturalWidth > 0),
      'screenshot decoded',
    );
    await expect(detail.textContent()).resolves.toContain('Cairn/');
    const rows = await detail
      .getByRole('row')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      );
    expect(rows).toContainEqual([
      `${site.origin}/simple.html`,
      '200',
      'text/html',
      expect.any(String),
    ]);
    expect(rows).toContainEqual([
      `${site.origin}/assets/simple.css`,
      '200',
      'text/css',
      expect.any(String),
    ]);
    await detail.getByRole('button', { name: 'Close details' }).click();
    await detail.waitFor({ state: 'detached' });
  });

  it('moves an archive by drag and drop onto a folder', async () => {
    await item(form.id).dragTo(treeRow('News'), { sourcePosition: { x: 4, y: 4 } });
    await waitFor(async () => (await row(form.id))?.folderId === newsId, 'moved to News');
    await item(form.id).waitFor({ state: 'detached' });
    await waitFor(
      async () => (await treeRow('News').locator('.folder-count').textContent()) === '1',
      'News to count 1 archive',
    );
  });

  it('moves an archive with the "Move to…" picker, keyboard only', async () => {
    await item(simple.id).locator('a.archive-title').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown'); // opens the menu on "Details"
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Move “My simple page” to…' });
    await expect(dialog.getByRole('radio', { name: 'Personal Links' }).isDisabled()).resolves.toBe(
      true,
    );
    await expect(dialog.getByRole('radio', { name: 'News' }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await waitFor(async () => (await row(simple.id))?.folderId === newsId, 'moved to News');
    await treeRow('News').click();
    await item(simple.id).waitFor();
  });

  it('one archive is deleted at once, with no dialog, and Undo brings it back', async () => {
    await rowAction(item(simple.id), 'Delete');
    await item(simple.id).waitFor({ state: 'detached' });
    expect(await page.getByRole('dialog').count()).toBe(0);
    const toast = page.getByRole('status').filter({ hasText: 'Deleted 1 archive.' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await item(simple.id).waitFor();
    await page.waitForTimeout(9_000); // past the undo window: it must still be there
    const back = await row(simple.id);
    expect(back?.trashedAt).toBeUndefined();
    expect(back?.folderId).toBe(newsId);
    expect(
      (await readStore<{ archiveId: string }>(page, 'records')).some(
        (r) => r.archiveId === simple.id,
      ),
    ).toBe(true);
  });

  it('without Undo the archive stays in the Trash with its records, and comes back from there', async () => {
    await rowAction(item(form.id), 'Delete');
    await item(form.id).waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Deleted 1 archive.' }).waitFor();
    // The toast goes with the undo window; the archive and its records stay, in the Trash.
    await page.getByRole('status').filter({ hasText: 'Deleted 1 archive.' }).waitFor({
      state: 'detached',
    });
    const trashed = (await row(form.id))!;
    expect(trashed.trashedAt).toBeGreaterThan(0);
    const records = await readStore<{ archiveId: string }>(page, 'records');
    expect(records.some((r) => r.archiveId === form.id)).toBe(true);
    await page.getByRole('button', { name: /^Trash \(\d+\)$/ }).click();
    const trash = page.getByRole('region', { name: 'Trash' });
    await trash.getByRole('button', { name: `Restore “${trashed.title || trashed.url}”` }).click();
    await page.getByRole('status').filter({ hasText: 'Restored 1 archive.' }).waitFor();
    await waitFor(async () => (await row(form.id))?.trashedAt === undefined, 'archive restored');
    await page.getByRole('button', { name: 'Back to the folders' }).click();
    await item(form.id).waitFor();
  });

  it('deleting really frees the storage: the estimate and the meter drop by the archive', async () => {
    const usage = async () => (await page.evaluate(() => navigator.storage.estimate())).usage ?? 0;
    // The meter's "used" figure ("20.4 MB of 10.0 GB used (0%)") in bytes.
    const meter = async () => {
      const text = (await page.locator('.storage-text').textContent()) ?? '';
      const [, value, unit] = /^([\d.]+) (B|KB|MB|GB) of/.exec(text) ?? [];
      return Number(value) * 1024 ** ['B', 'KB', 'MB', 'GB'].indexOf(unit ?? '');
    };
    // A page that fetches 20 MiB: its body is most of what the archive stores.
    const big = await captureUrl(page, `${site.origin}/big.html?src=/big/20mb.bin`, {
      folderId: newsId,
    });
    await treeRow('News').click();
    expect(big.size).toBeGreaterThan(20 * 1024 * 1024);
    const before = await usage();
    expect(before).toBeGreaterThan(big.size);
    await waitFor(
      async () => (await meter()) >= big.size,
      'the meter to count the archive',
      20_000,
    );
    await item(big.id).locator('a.archive-title').focus();
    await page.keyboard.press('Delete');
    await item(big.id).waitFor({ state: 'detached' });
    // In the Trash it still takes its room (the Trash says how much); emptying the Trash
    // purges its records, and IndexedDB then drops their files.
    await page.getByRole('button', { name: /^Trash \(\d+\)$/ }).click();
    const trash = page.getByRole('region', { name: 'Trash' });
    await expect(trash.textContent()).resolves.toMatch(/The Trash holds 2\d\.\d MB/);
    await trash.getByRole('button', { name: 'Empty the Trash' }).click();
    await page
      .getByRole('dialog', { name: 'Empty the Trash?' })
      .getByRole('button', { name: 'Empty the Trash' })
      .click();
    await trash.getByText('The Trash is empty.').waitFor();
    await page.getByRole('button', { name: 'Back to the folders' }).click();
    const after = await waitFor(
      async () => {
        const now = await usage();
        return now < before - 19 * 1024 * 1024 && now;
      },
      'the storage estimate to drop',
      60_000,
    );
    console.log(`storage estimate: ${before} B with the archive, ${after} B after deleting it`);
    // The meter shows it too (it reads the estimate again at least every 10 s).
    await waitFor(
      async () => (await meter()) < before - 19 * 1024 * 1024,
      'the meter to drop',
      30_000,
    );
  });

  it('the detail lists every capture of the same URL and steps between them', async () => {
    // `simple` (renamed "My simple page", now in News) is captured a second time.
    const again = await captureUrl(page, simple.url, { folderId: newsId });
    await rowAction(item(again.id), 'Details');
    let detail = page.getByRole('article', { name: again.title });
    const captures = detail.getByRole('region', { name: '2 captures of this URL' });
    const entries = captures.getByRole('listitem');
    await waitFor(async () => (await entries.count()) === 2, 'two captures listed');
    // Newest first: the one on show is marked, the older one opens in its place.
    await expect(entries.nth(0).textContent()).resolves.toContain('(this capture)');
    await expect(entries.nth(0).locator('[aria-current="true"]').count()).resolves.toBe(1);
    await expect(entries.nth(1).textContent()).resolves.toContain('in Personal Links / News');
    await entries.nth(1).getByRole('button').focus();
    await page.keyboard.press('Enter');
    detail = page.getByRole('article', { name: 'My simple page' });
    await detail.waitFor();
    const now = detail
      .getByRole('region', { name: '2 captures of this URL' })
      .getByRole('listitem');
    await waitFor(
      async () => (await now.nth(1).textContent())?.includes('(this capture)') === true,
      'the older capture to be the one on show',
    );
    await expect(now.nth(0).getByRole('button').count()).resolves.toBe(1);
  });
});
