import { beforeEach, describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { useFreshDb } from '../test-db';
import { createArchive, listFolderArchives } from './archives';
import { createFolder, deleteFolder } from './folder-ops';
import {
  archivesInSubtree,
  defaultFolder,
  defaultFolderIdOf,
  ensureDefaultFolder,
  listFolders,
  openFolderPage,
} from './folders';
import { getDb } from '../schema';
import { archiveRow } from './library-test-utils';

describe('folders repository', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('creates the default top folder once, even when asked concurrently', async () => {
    const [a, b, c] = await Promise.all([
      ensureDefaultFolder(),
      ensureDefaultFolder(),
      ensureDefaultFolder(),
    ]);
    expect(a.id).toBe(b.id);
    expect(b.id).toBe(c.id);
    expect(a).toMatchObject({ name: 'Personal Links', parentId: null });
    expect(await listFolders()).toHaveLength(1);
  });

  it('opens the asked folder, or the default one when none is asked or it is gone', async () => {
    const root = await ensureDefaultFolder();
    // A newer top-level folder is not the default: the oldest top-level one is.
    const other = await createFolder(null, 'Other');
    const inRoot = [archiveRow(root.id), archiveRow(root.id), archiveRow(root.id)];
    const inOther = archiveRow(other.id);
    for (const row of [...inRoot, inOther]) await createArchive(row);

    const page = await openFolderPage(undefined, 2);
    expect(page.folderId).toBe(root.id);
    expect(page.archives.map((a) => a.id)).toEqual([inRoot[2]!.id, inRoot[1]!.id]);
    expect(await openFolderPage(other.id, 50)).toEqual({
      folderId: other.id,
      archives: [inOther],
    });

    await deleteFolder(other.id, 'delete-all');
    expect((await openFolderPage(other.id, 50)).folderId).toBe(root.id);
  });

  it('opens nothing in a library without folders', async () => {
    expect(await openFolderPage(undefined, 50)).toEqual({
      folderId: undefined,
      archives: [],
    });
  });

  it('lists a full page even when a row trashed without a trash key is in the folder', async () => {
    const root = await ensureDefaultFolder();
    const rows = [archiveRow(root.id), archiveRow(root.id), archiveRow(root.id)];
    for (const row of rows) await createArchive(row);
    // The newest row is trashed the old way (trashedAt only, folderId unchanged).
    await createArchive(archiveRow(root.id, { trashedAt: Date.now() }));
    const ids = (await listFolderArchives(root.id, 3)).map((a) => a.id);
    expect(ids).toEqual([rows[2]!.id, rows[1]!.id, rows[0]!.id]);
  });

  it('finds the default folder from the oldest rows up, past older subfolders', async () => {
    expect(await defaultFolder()).toBeUndefined();
    // Rows as an import or a moved branch can leave them: subfolders older than every
    // top-level folder, more of them than the first short read holds.
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: `sub-${String(i).padStart(2, '0')}`,
      parentId: 'top-new',
      name: `Sub ${i}`,
      createdAt: 10 + i,
      updatedAt: 10 + i,
    }));
    await getDb().folders.bulkAdd([
      ...rows,
      { id: 'top-new', parentId: null, name: 'Newer', createdAt: 200, updatedAt: 200 },
      { id: 'top-old', parentId: null, name: 'Older', createdAt: 100, updatedAt: 100 },
    ]);
    expect((await defaultFolder())?.id).toBe('top-old');
    expect(defaultFolderIdOf(await listFolders())).toBe('top-old');
    expect((await ensureDefaultFolder()).id).toBe('top-old');
    expect((await openFolderPage(undefined, 5)).folderId).toBe('top-old');
    // The same inside a live query, as the library's list runs it (reads that Dexie may
    // answer from its cache must not leave the transaction to commit early).
    const live = await new Promise<string | undefined>((resolve, reject) => {
      const subscription = liveQuery(() => openFolderPage(undefined, 5)).subscribe({
        next: (page) => {
          resolve(page.folderId);
          setTimeout(() => subscription.unsubscribe());
        },
        error: reject,
      });
    });
    expect(live).toBe('top-old');
  });

  it('lists the archives of a folder and its subfolders, oldest first, without trashed ones', async () => {
    const home = await ensureDefaultFolder();
    const research = await createFolder(null, 'Research');
    const papers = await createFolder(research.id, 'Papers');
    const other = await createFolder(null, 'Other');
    const a = archiveRow(research.id, { title: 'a' });
    const b = archiveRow(papers.id, { title: 'b' });
    const trashed = archiveRow(`trash:${papers.id}`, { title: 'gone', trashedAt: Date.now() });
    for (const row of [a, b, trashed, archiveRow(other.id), archiveRow(home.id)]) {
      await createArchive(row);
    }
    expect((await archivesInSubtree(research.id)).map((r) => r.title)).toEqual(['a', 'b']);
    expect((await archivesInSubtree(papers.id)).map((r) => r.title)).toEqual(['b']);
  });
});
