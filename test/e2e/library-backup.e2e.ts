import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import {
  archives,
  captureUrl,
  folderNamed,
  folders,
  openLibrary,
  send,
  shoot,
} from './support/library-helpers';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import type { FolderRow } from '../../lib/db/entities';

/** Every record of the library: its index fields and the SHA-256 of its stored bytes. */
function recordDigests(page: Page) {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('cairn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('records').objectStore('records').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = async () => {
            open.result.close();
            const rows = request.result as Array<Record<string, unknown> & { blob: Blob }>;
            const out = await Promise.all(
              rows.map(async ({ id: _id, blob, ...row }) => {
                const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
                const hex = [...new Uint8Array(digest)]
                  .map((b) => b.toString(16).padStart(2, '0'))
                  .join('');
                const fields = { ...row, sha256: hex } as Record<string, unknown>;
                // Key order differs between a captured row and a restored one; values count.
                return JSON.stringify(fields, Object.keys(fields).sort());
              }),
            );
            resolve(out.sort());
          };
        };
      }),
  );
}

/** The library as a user knows it: folder paths, and each archive with its folder's path. */
async function libraryState(page: Page) {
  const all = await folders(page);
  const byId = new Map(all.map((f) => [f.id, f]));
  const pathOf = (id: string): string => {
    const f: FolderRow | undefined = byId.get(id);
    return f ? (f.parentId ? `${pathOf(f.parentId)} / ${f.name}` : f.name) : '?';
  };
  const rows = (await archives(page)).filter((a) => !a.trashedAt);
  return {
    folders: all.map((f) => pathOf(f.id)).sort(),
    archives: rows
      .map(({ folderId, updatedAt: _u, capture: _c, ...a }) => ({ ...a, folder: pathOf(folderId) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    records: await recordDigests(page),
  };
}

/**
 * Back up and restore: a library of nested folders, notes and a private archive leaves the
 * browser as one WACZ and comes back into a fresh profile exactly: folders, metadata and
 * every record byte.
 */
describe('library backup and restore', () => {
  let site: FixtureSite;
  let first: ExtensionBrowser | undefined;
  let second: ExtensionBrowser | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cairn-e2e-backup-'));
    site = await startFixtureSite();
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores folders, notes, the private flag and every record byte in a fresh profile', async () => {
    first = await launchWithExtension();
    const page = await openLibrary(first);
    const home = await folderNamed(page, 'Personal Links');
    const { folderId: research } = await send(page, 'createFolder', {
      parentId: null,
      name: 'Research',
    });
    const { folderId: papers } = await send(page, 'createFolder', {
      parentId: research,
      name: 'Papers',
    });
    const { folderId: drafts } = await send(page, 'createFolder', {
      parentId: papers,
      name: 'Drafts',
    });
    const a = await captureUrl(page, `${site.origin}/simple.html`, { folderId: home.id });
    await captureUrl(page, `${site.origin}/form.html`, { folderId: papers, isPrivate: true });
    await captureUrl(page, `${site.origin}/legacy-latin1.html`, { folderId: drafts });
    await send(page, 'editArchive', { archiveId: a.id, notes: 'Read this again in spring.' });
    const before = await libraryState(page);
    expect(before.archives).toHaveLength(3);

    const backup = page.getByRole('region', { name: 'Backup' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      backup.getByRole('button', { name: 'Back up library' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^cairn-backup-\d{4}-\d{2}-\d{2}\.wacz$/);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    await expect
      .poll(() => backup.getByRole('status').textContent())
      .toContain(`Saved ${download.suggestedFilename()} with 3 archives.`);
    await first.close();
    first = undefined;

    second = await launchWithExtension();
    const fresh = await openLibrary(second);
    const restoreSection = fresh.getByRole('region', { name: 'Backup' });
    const [chooser] = await Promise.all([
      fresh.waitForEvent('filechooser'),
      restoreSection.getByRole('button', { name: 'Restore from backup…' }).click(),
    ]);
    await chooser.setFiles(file);
    await expect
      .poll(() => restoreSection.getByRole('status').textContent(), { timeout: 30_000 })
      .toContain(`Restored 3 archives from ${download.suggestedFilename()}.`);
    const after = await libraryState(fresh);
    expect(after.folders).toEqual(before.folders);
    expect(after.archives).toEqual(before.archives);
    expect(after.records).toEqual(before.records);
    // The folder tree shows the restored nesting, and the private archive keeps its mark.
    await fresh.getByRole('tree').getByText('Research').waitFor();
    await shoot(fresh, 'library-restored');

    // The same file again adds nothing.
    const [again] = await Promise.all([
      fresh.waitForEvent('filechooser'),
      restoreSection.getByRole('button', { name: 'Restore from backup…' }).click(),
    ]);
    await again.setFiles(file);
    await expect
      .poll(() => restoreSection.getByRole('status').textContent(), { timeout: 30_000 })
      .toContain('3 archives were already in this library');
    expect((await archives(fresh)).length).toBe(3);
  });
});
