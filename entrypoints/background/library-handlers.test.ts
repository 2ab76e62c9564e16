import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFreshDb } from '../../lib/db/test-db';
import { ensureDefaultFolder, folderTree } from '../../lib/db/repos/folders';
import { getArchive, listFolderArchives } from '../../lib/db/repos/archives';
import { rowsOf, seedArchive } from '../../lib/db/repos/library-test-utils';
import { TRASH_UNDO_MS } from '../../lib/db/repos/archive-ops';
import { TRASH_RETENTION_MS } from '../../lib/db/repos/trash';
import { CairnError } from '../../lib/errors';
import { libraryHandlers } from './library-handlers';
import { purgeTrashNow } from './trash';

describe('library handlers', () => {
  let root: string;
  const handlers = libraryHandlers();
  beforeEach(async () => {
    useFreshDb();
    root = (await ensureDefaultFolder()).id;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('run a folder workflow end to end through the message handlers', async () => {
    const { folderId } = await handlers.createFolder({ parentId: root, name: 'Work' });
    const { folderId: sub } = await handlers.createFolder({ parentId: folderId, name: 'Old' });
    await handlers.renameFolder({ folderId: sub, name: 'Archive' });
    await expect(handlers.moveFolder({ folderId, parentId: sub })).rejects.toMatchObject({
      code: 'folder-cycle',
    });
    const a = await seedArchive(sub);
    await handlers.editArchive({ archiveId: a.id, title: 'Edited', isPrivate: true });
    expect(await getArchive(a.id)).toMatchObject({ title: 'Edited', isPrivate: true });
    expect(await handlers.deleteFolder({ folderId, mode: 'move-up' })).toEqual({
      movedArchives: 0,
      deletedArchives: 0,
      deletedFolders: 1,
    });
    const tree = await folderTree();
    expect(tree[0]!.children.map((n) => [n.folder.name, n.count])).toEqual([['Archive', 1]]);
    await expect(
      handlers.deleteFolder({ folderId: root, mode: 'delete-all' }),
    ).rejects.toBeInstanceOf(CairnError);
  });

  it('the Trash hides at once, keeps archives for 30 days (checking daily), then purges them unless restored', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const [a, b] = [await seedArchive(root), await seedArchive(root)];
    const reply = await handlers.trashArchives({ archiveIds: [a.id, b.id] });
    expect(reply).toEqual({
      count: 2,
      purgeAt: Date.now() + TRASH_RETENTION_MS,
      undoUntil: Date.now() + TRASH_UNDO_MS,
    });
    expect(await listFolderArchives(root)).toEqual([]);
    expect(await handlers.restoreArchives({ archiveIds: [b.id] })).toEqual({ count: 1 });
    await vi.advanceTimersByTimeAsync(29 * 24 * 60 * 60_000);
    expect((await rowsOf(a.id)).archive).toBe(1); // still in the Trash after 29 days
    await vi.advanceTimersByTimeAsync(1 * 24 * 60 * 60_000 + 10);
    await vi.waitFor(async () => expect((await rowsOf(a.id)).archive).toBe(0));
    expect(await rowsOf(a.id)).toEqual({
      archive: 0,
      records: 0,
      texts: 0,
      searchTerms: 0,
      syncStates: 0,
    });
    expect((await listFolderArchives(root)).map((r) => r.id)).toEqual([b.id]);
  });

  it('purges stale trash left by an earlier worker at start', async () => {
    const a = await seedArchive(root);
    const b = await seedArchive(root);
    await handlers.trashArchives({ archiveIds: [a.id] });
    // As if the worker died: purgeTrashNow at a later start, once the 30 days are over.
    expect(await purgeTrashNow(Date.now() + TRASH_RETENTION_MS - 1000)).toEqual([]);
    expect(await purgeTrashNow(Date.now() + TRASH_RETENTION_MS)).toEqual([a.id]);
    expect(await purgeTrashNow(Date.now() + TRASH_RETENTION_MS)).toEqual([]);
    expect((await rowsOf(b.id)).archive).toBe(1);
  });

  it('bulk moves and private flags answer with counts', async () => {
    const { folderId } = await handlers.createFolder({ parentId: null, name: 'Top' });
    const [a, b] = [await seedArchive(root), await seedArchive(root)];
    expect(await handlers.moveArchives({ archiveIds: [a.id, b.id], folderId })).toEqual({
      count: 2,
    });
    expect(await handlers.setArchivesPrivate({ archiveIds: [a.id], isPrivate: true })).toEqual({
      count: 1,
    });
    expect((await listFolderArchives(folderId)).map((r) => [r.id, r.isPrivate])).toEqual([
      [b.id, false],
      [a.id, true],
    ]);
  });
});
