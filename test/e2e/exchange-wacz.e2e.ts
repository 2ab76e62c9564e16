import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { captureUrl, folderNamed, openLibrary, send, waitFor } from './support/library-helpers';
import { openReplay, startReplayServer } from '../support/replay.js';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import type { ArchiveRow } from '../../lib/db/entities';

const run = promisify(execFile);
const WACZ_BIN = path.resolve('.venv/bin/wacz');

/**
 * Export as WACZ: archives selected in the library leave Cairn as one WACZ 1.1.1 file that
 * py-wacz validates and ReplayWeb.page opens.
 */
describe('export as WACZ', () => {
  let ext: ExtensionBrowser;
  let site: FixtureSite;
  let page: Page;
  let dir: string;
  const captured: ArchiveRow[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cairn-e2e-wacz-'));
    site = await startFixtureSite();
    ext = await launchWithExtension();
    page = await openLibrary(ext);
    const rootId = (await folderNamed(page, 'Personal Links')).id;
    for (const p of ['/simple.html', '/form.html']) {
      captured.push(await captureUrl(page, `${site.origin}${p}`, { folderId: rootId }));
    }
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports the selection as one valid WACZ that ReplayWeb.page replays', async () => {
    for (const a of captured) {
      await page
        .locator(`li[data-archive-id="${a.id}"]`)
        .getByRole('checkbox', { name: `Select ${a.title || a.url}` })
        .check();
    }
    const bulk = page.getByRole('toolbar', { name: 'Actions on selected archives' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      bulk.getByRole('button', { name: 'Export as WACZ' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^cairn-cairn-export-\d{8}-\d{6}\.wacz$/);
    const file = path.join(dir, 'export.wacz');
    await download.saveAs(file);
    await waitFor(
      async () => (await page.getByRole('status').allInnerTexts()).join(' ').includes('2 archives'),
      'the notice',
    );

    const validated = await run(WACZ_BIN, ['validate', '-f', file]);
    expect(`${validated.stdout}${validated.stderr}`).not.toMatch(/error|invalid|fail/i);

    const replay = await startReplayServer({ warcPath: file });
    try {
      const { page: replayPage, frame } = await openReplay(
        ext.context,
        replay,
        `${site.origin}/simple.html`,
        { width: 1000, height: 700, title: 'Cairn fixture: simple' },
      );
      expect(await frame.locator('h1').innerText()).toBe('Simple page');
      expect(await frame.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(
        120,
      );
      await replayPage.close();
    } finally {
      await replay.close();
    }
  });

  it('exports a folder with its subfolders as one valid WACZ named after it', async () => {
    const { folderId: research } = await send(page, 'createFolder', {
      parentId: null,
      name: 'Research notes',
    });
    const { folderId: papers } = await send(page, 'createFolder', {
      parentId: research,
      name: 'Papers',
    });
    const top = await captureUrl(page, `${site.origin}/simple.html?folder`, { folderId: research });
    const nested = await captureUrl(page, `${site.origin}/media.html`, { folderId: papers });
    await page
      .getByRole('tree', { name: 'Folders' })
      .getByRole('treeitem', { name: 'Research notes', exact: true })
      .locator(':scope > .tree-row')
      .click();
    const toolbar = page.getByRole('toolbar', { name: 'Folder actions' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      toolbar.getByRole('button', { name: 'Export as WACZ' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^cairn-folder-research-notes-\d{8}\.wacz$/);
    const file = path.join(dir, 'folder.wacz');
    await download.saveAs(file);
    const validated = await run(WACZ_BIN, ['validate', '-f', file]);
    expect(`${validated.stdout}${validated.stderr}`).not.toMatch(/error|invalid|fail/i);
    const listing = await run(path.resolve('.venv/bin/python'), [
      '-c',
      'import sys, zipfile; print("\\n".join(sorted(n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("archive/"))))',
      file,
    ]);
    expect(listing.stdout.trim().split('\n')).toEqual(
      [`archive/${top.id}.warc.gz`, `archive/${nested.id}.warc.gz`].sort(),
    );
  });
});
