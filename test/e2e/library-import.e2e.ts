import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { archives, openLibrary, rowAction, shoot } from './support/library-helpers';
import { makeWarcs } from '../../lib/exchange/test-warcs';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';

const run = promisify(execFile);

/**
 * Import: WARC and WACZ files from other tools become archives in the chosen folder, through
 * the file picker and by dropping files on the library; a damaged file or one of another kind
 * is named with what is wrong, and an imported archive replays in Cairn's viewer.
 */
describe('importing WARC and WACZ files', () => {
  let ext: ExtensionBrowser;
  let page: Page;
  let dir: string;
  let site: FixtureSite | undefined;

  beforeAll(async () => {
    dir = makeWarcs();
    await writeFile(path.join(dir, 'notes.txt'), 'just some notes');
    ext = await launchWithExtension();
    page = await openLibrary(ext);
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const importSection = () => page.getByRole('region', { name: 'Import' });

  it('imports picked files into the chosen folder and says what became of each', async () => {
    const section = importSection();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      section.getByRole('button', { name: 'Import files…' }).click(),
    ]);
    await chooser.setFiles(
      ['two-pages.warc.gz', 'truncated.warc.gz', 'notes.txt'].map((f) => path.join(dir, f)),
    );
    const status = section.getByRole('status');
    await expect
      .poll(() => status.innerText(), { timeout: 30_000 })
      .toContain('notes.txt: not imported.');
    const text = await status.innerText();
    expect(text).toContain(
      'two-pages.warc.gz: imported as “First page – café” (2 pages, 9 records).',
    );
    expect(text).toContain(
      'truncated.warc.gz: not imported. truncated.warc.gz is damaged: its gzip data is cut short (the file is incomplete,',
    );
    expect(text).toContain('notes.txt is neither a WARC nor a WACZ file');
    const rows = await archives(page);
    expect(rows.map((a) => [a.title, a.status, a.trigger])).toEqual([
      ['First page – café', 'complete', 'import'],
    ]);
    // It is listed like any archive, and its title opens it in the viewer.
    const link = page.getByRole('link', { name: 'First page – café' });
    await link.waitFor();
    // Its details name the file and list both pages, each opening in the viewer.
    const row = page.locator(`[data-archive-id="${rows[0]!.id}"]`);
    await rowAction(row, 'Details');
    await expect
      .poll(() => page.locator('.detail-meta').innerText())
      .toMatch(/Imported from\s+two-pages\.warc\.gz/);
    const pages = page.locator('.archive-pages li');
    await expect.poll(() => pages.count()).toBe(2);
    expect(await pages.nth(1).getByRole('link').innerText()).toBe('Second page');
    await shoot(page, 'library-imported');

    const viewer = await ext.context.newPage();
    await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html?archive=${rows[0]!.id}`);
    const frame = viewer.frameLocator('iframe.replay-frame');
    await expect.poll(() => frame.locator('h1').innerText(), { timeout: 30_000 }).toBe('Welcome');
    expect(await frame.locator('p').first().innerText()).toBe('Café opening hours & menu');
    await viewer.close();
  });

  it('imports files dropped on the library page, and not the same records twice', async () => {
    const drop = async (names: string[]) => {
      const files = names.map((name) => ({
        name,
        data: readFileSync(path.join(dir, name)).toString('base64'),
      }));
      const transfer = await page.evaluateHandle((list) => {
        const dt = new DataTransfer();
        for (const { name, data } of list) {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          dt.items.add(new File([bytes], name));
        }
        return dt;
      }, files);
      await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
      await expect
        .poll(() => page.locator('.drop-overlay').innerText())
        .toBe('Drop WARC or WACZ files to import them into “Personal Links”');
      await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    };
    await drop(['two-pages.warc', 'two-pages.warc.gz']);
    const status = importSection().getByRole('status');
    await expect
      .poll(() => status.innerText(), { timeout: 30_000 })
      .toContain('two-pages.warc.gz: already in the library as “First page – café”');
    expect(await status.innerText()).toContain(
      'two-pages.warc: imported as “First page – café” (2 pages, 9 records).',
    );
    expect(await page.locator('.drop-overlay').count()).toBe(0);
    expect((await archives(page)).length).toBe(2);
  });

  it('imports what `wget --warc-file` wrote, and the viewer replays it with its image and style', async () => {
    site = await startFixtureSite();
    const url = `${site.origin}/simple.html`;
    await run('wget', [
      '-q',
      '-p',
      '-e',
      'robots=off',
      '--warc-file',
      path.join(dir, 'wget'),
      '-P',
      path.join(dir, 'wget-files'),
      url,
    ]);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      importSection().getByRole('button', { name: 'Import files…' }).click(),
    ]);
    await chooser.setFiles(path.join(dir, 'wget.warc.gz'));
    const status = importSection().getByRole('status');
    await expect
      .poll(() => status.innerText(), { timeout: 30_000 })
      .toMatch(/wget\.warc\.gz: imported as “Cairn fixture: simple” \(\d+ records\)\./);
    const imported = (await archives(page)).find((a) => a.importedFrom === 'wget.warc.gz')!;
    expect(imported).toMatchObject({ url, title: 'Cairn fixture: simple', status: 'complete' });
    // Replayed from the imported records alone: the fixture server is gone.
    await site.close();
    site = undefined;
    const viewer = await ext.context.newPage();
    await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html?archive=${imported.id}`);
    const frame = viewer.frameLocator('iframe.replay-frame');
    await expect
      .poll(() => frame.locator('h1').innerText(), { timeout: 30_000 })
      .toBe('Simple page');
    await expect
      .poll(() => frame.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(120);
    expect(await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
      'rgb(232, 241, 242)',
    );
    await viewer.close();
  });
});
