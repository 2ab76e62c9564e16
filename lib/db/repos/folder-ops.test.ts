import Dexie from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CairnError } from '../../errors';
import type { CairnDb } from '../schema';
import { useFreshDb } from '../test-db';
import { trashArchives, restoreArchives } from './archive-ops';
import { listFolderArchives } from './archives';
import { createFolder, deleteFolder, moveFolder, renameFolder } from './folder-ops';
import {
  defaultFolder,
  defaultFolderIdOf,
  ensureDefaultFolder,
  folderContents,
  folderTree,
  getFolder,
  type FolderNode,
} from './folders';
import { rowsOf, seedArchive } from './library-test-utils';
import { listTrash, purgeTrash, restoreFolderTree } from './trash';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    return (error as CairnError).code;
  }
  throw new Error('expected a CairnError');
}

function find(nodes: FolderNode[], name: string): FolderNode | undefined {
  for (const node of nodes) {
    if (node.folder.name === name) return node;
    const inner = find(node.children, name);
    if (inner) return inner;
  }
  return undefined;
}

describe('folder operations', () => {
  let db: CairnDb;
  let root: string;
  beforeEach(async () => {
    db = useFreshDb();
    root = (await ensureDefaultFolder()).id;
  });

  it('creates nested folders with trimmed names and refuses bad names with specific codes', async () => {
    const news = await createFolder(root, '  News \n Items ');
    expect(news).toMatchObject({ parentId: root, name: 'News Items' });
    expect(await codeOf(createFolder(root, '   '))).toBe('name-empty');
    expect(await codeOf(createFolder(root, 'x'.repeat(201)))).toBe('name-too-long');
    expect(await codeOf(createFolder(root, 'news items'))).toBe('name-taken');
    expect(await codeOf(createFolder('nope', 'A'))).toBe('folder-not-found');
    // The same name is fine under another parent, and at the top level.
    await createFolder(news.id, 'News Items');
    await createFolder(null, 'News Items');
    expect(await codeOf(createFolder(null, 'NEWS ITEMS'))).toBe('name-taken');
    expect(await db.folders.count()).toBe(4);
  });

  it('renames, allowing a change of case of the same folder but not a sibling clash', async () => {
    const a = await createFolder(root, 'Alpha');
    await createFolder(root, 'Beta');
    await renameFolder(a.id, 'ALPHA');
    expect((await getFolder(a.id))?.name).toBe('ALPHA');
    expect(await codeOf(renameFolder(a.id, 'beta'))).toBe('name-taken');
    expect(await codeOf(renameFolder('gone', 'x'))).toBe('folder-not-found');
    expect((await getFolder(a.id))?.name).toBe('ALPHA');
  });

  it('moves folders but never into themselves, a descendant, or onto a sibling name', async () => {
    const a = await createFolder(root, 'A');
    const b = await createFolder(a.id, 'B');
    const c = await createFolder(b.id, 'C');
    expect(await codeOf(moveFolder(a.id, a.id))).toBe('folder-cycle');
    expect(await codeOf(moveFolder(a.id, c.id))).toBe('folder-cycle');
    expect(await codeOf(moveFolder(root, a.id))).toBe('default-folder');
    await createFolder(root, 'C');
    expect(await codeOf(moveFolder(c.id, root))).toBe('name-taken');
    await moveFolder(b.id, root);
    expect((await getFolder(b.id))?.parentId).toBe(root);
    await moveFolder(a.id, null);
    expect((await getFolder(a.id))?.parentId).toBeNull();
    await moveFolder(a.id, c.id); // no longer a descendant
    expect((await getFolder(a.id))?.parentId).toBe(c.id);
  });

  it('never deletes the default folder', async () => {
    expect(await codeOf(deleteFolder(root, 'move-up'))).toBe('default-folder');
    expect(await codeOf(deleteFolder(root, 'delete-all'))).toBe('default-folder');
    expect(await getFolder(root)).toBeDefined();
  });

  it('deletes with move-up: archives and subfolders go to the parent, clashing names get a suffix', async () => {
    const a = await createFolder(root, 'A');
    const sub = await createFolder(a.id, 'Shared');
    await createFolder(root, 'shared');
    const x = await seedArchive(a.id);
    const y = await seedArchive(a.id);
    await trashArchives([y.id]);
    const result = await deleteFolder(a.id, 'move-up');
    expect(result).toEqual({ movedArchives: 1, deletedArchives: 0, deletedFolders: 1 });
    expect(await getFolder(a.id)).toBeUndefined();
    expect(await getFolder(sub.id)).toMatchObject({ parentId: root, name: 'Shared (2)' });
    expect((await listFolderArchives(root)).map((r) => r.id)).toEqual([x.id]);
    // The trashed one, restored, lands in the folder its folder went to.
    await restoreArchives([y.id]);
    expect((await db.archives.get(y.id))?.folderId).toBe(root);
  });

  it('keeps the default folder when others are created in the same millisecond or after the clock goes back', async () => {
    const rootRow = (await getFolder(root))!;
    const clock = vi.spyOn(Date, 'now');
    try {
      // Random ids: with a tied createdAt about half of these would sort before the default.
      clock.mockReturnValue(rootRow.createdAt);
      const tied = [];
      for (let i = 0; i < 8; i++) tied.push(await createFolder(null, `Tied ${i}`));
      clock.mockReturnValue(rootRow.createdAt - 60_000);
      const earlier = await createFolder(null, 'Clock set back');
      for (const f of [...tied, earlier]) {
        expect(f.createdAt).toBeGreaterThan(rootRow.createdAt);
      }
      expect((await defaultFolder())?.id).toBe(root);
      expect(defaultFolderIdOf(await db.folders.toArray())).toBe(root);
      for (const f of [...tied, earlier]) await deleteFolder(f.id, 'move-up');
      expect(await db.folders.count()).toBe(1);
    } finally {
      clock.mockRestore();
    }
  });

  it('deletes a top-level folder with move-up into the default folder', async () => {
    const top = await createFolder(null, 'Top');
    const child = await createFolder(top.id, 'Child');
    const x = await seedArchive(top.id);
    await deleteFolder(top.id, 'move-up');
    expect((await db.archives.get(x.id))?.folderId).toBe(root);
    expect((await getFolder(child.id))?.parentId).toBe(root);
  });

  it('deletes with delete-all to the Trash: restored with nesting and archives, or purged with every row', async () => {
    const a = await createFolder(root, 'A');
    const b = await createFolder(a.id, 'B');
    const keep = await seedArchive(root);
    const inA = await seedArchive(a.id);
    const inB = await seedArchive(b.id);
    const trashedInB = await seedArchive(b.id);
    await trashArchives([trashedInB.id]);
    expect(await folderContents(a.id)).toEqual({ archives: 1, subfolders: 1, totalArchives: 2 });
    const result = await deleteFolder(a.id, 'delete-all');
    expect(result).toEqual({ movedArchives: 0, deletedArchives: 2, deletedFolders: 2 });
    expect(await getFolder(a.id)).toBeUndefined();
    expect(await getFolder(b.id)).toBeUndefined();
    expect(await listFolderArchives(root)).toHaveLength(1);
    const trash = await listTrash();
    expect(trash.folders.map((f) => [f.folder.name, f.archives, f.subfolders])).toEqual([
      ['A', 3, 1],
    ]);
    expect(trash.archives).toEqual([]);
    // Restored: the folders with their nesting, every archive where it was, counts right.
    expect(await restoreFolderTree(a.id)).toEqual({ archives: 3 });
    expect(await getFolder(a.id)).toMatchObject({ parentId: root, name: 'A' });
    expect(await getFolder(b.id)).toMatchObject({ parentId: a.id, name: 'B' });
    expect((await listFolderArchives(b.id)).map((r) => r.id).sort()).toEqual(
      [inB.id, trashedInB.id].sort(),
    );
    expect(await folderContents(a.id)).toEqual({ archives: 1, subfolders: 1, totalArchives: 3 });
    expect(await listTrash()).toEqual({ folders: [], archives: [], bytes: 0 });
    // Deleted again and purged: every row of every archive in it is gone, nothing else.
    await deleteFolder(a.id, 'delete-all');
    await purgeTrash();
    for (const gone of [inA, inB, trashedInB]) {
      expect(await rowsOf(gone.id)).toEqual({
        archive: 0,
        records: 0,
        texts: 0,
        searchTerms: 0,
        syncStates: 0,
      });
    }
    expect(await rowsOf(keep.id)).toEqual({
      archive: 1,
      records: 1,
      texts: 1,
      searchTerms: 1,
      syncStates: 1,
    });
    expect(await db.folders.count()).toBe(1);
    expect(await db.trashedFolders.count()).toBe(0);
  });

  it('restores a deleted folder at the top level when its parent is gone, with a free name', async () => {
    const a = await createFolder(root, 'A');
    const b = await createFolder(a.id, 'B');
    await seedArchive(b.id);
    await deleteFolder(b.id, 'delete-all');
    await deleteFolder(a.id, 'move-up');
    await createFolder(null, 'B');
    expect(await restoreFolderTree(b.id)).toEqual({ archives: 1 });
    expect(await getFolder(b.id)).toMatchObject({ parentId: null, name: 'B (2)' });
    expect(await listFolderArchives(b.id)).toHaveLength(1);
  });

  it('counts archives per folder and per subtree, skipping trashed ones', async () => {
    const a = await createFolder(root, 'A');
    const b = await createFolder(a.id, 'B');
    await createFolder(root, 'Empty');
    await seedArchive(root);
    await seedArchive(a.id);
    const t = await seedArchive(b.id);
    await seedArchive(b.id);
    await trashArchives([t.id]);
    const tree = await folderTree();
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ isDefault: true, count: 1, total: 3, depth: 0 });
    expect(tree[0]!.children.map((n) => n.folder.name)).toEqual(['A', 'Empty']);
    expect(find(tree, 'A')).toMatchObject({ count: 1, total: 2, depth: 1 });
    expect(find(tree, 'B')).toMatchObject({ count: 1, total: 1, depth: 2 });
    expect(find(tree, 'Empty')).toMatchObject({ count: 0, total: 0 });
  });
});

/** Every archive points at an existing folder (or the trash key of one), and ids are unique. */
async function assertNoOrphans(db: CairnDb) {
  const folders = new Set((await db.folders.toCollection().primaryKeys()) as string[]);
  const archives = await db.archives.toArray();
  for (const a of archives) expect(folders.has(a.folderId.replace(/^trash:/, ''))).toBe(true);
  expect(new Set(archives.map((a) => a.id)).size).toBe(archives.length);
}

describe('an interrupted folder change leaves no orphaned or duplicated archive', () => {
  let db: CairnDb;
  let root: string;
  let a: string;
  let b: string;
  let ids: string[];

  beforeEach(async () => {
    db = useFreshDb();
    root = (await ensureDefaultFolder()).id;
    a = (await createFolder(root, 'A')).id;
    b = (await createFolder(a, 'B')).id;
    ids = [];
    for (let i = 0; i < 6; i++) ids.push((await seedArchive(i % 2 ? a : b)).id);
  });

  /** Fails the Nth write of a kind inside the running transaction, by throwing or aborting. */
  function interruptAfter(
    table: 'archives' | 'folders' | 'records',
    kind: 'updating' | 'deleting',
    writes: number,
    how: 'throw' | 'abort',
  ) {
    let seen = 0;
    const hook = () => {
      if (++seen <= writes) return;
      if (how === 'abort') Dexie.currentTransaction?.abort();
      throw new Error('interrupted');
    };
    db.table(table).hook(kind as 'deleting', hook);
    // Proves the interruption happened after `writes` writes had gone through.
    return () => seen;
  }

  async function snapshot() {
    return {
      folders: (await db.folders.toArray()).sort((x, y) => x.id.localeCompare(y.id)),
      archives: (await db.archives.toArray()).sort((x, y) => x.id.localeCompare(y.id)),
      records: await db.records.count(),
      texts: await db.texts.count(),
      searchTerms: await db.searchTerms.count(),
      syncStates: await db.syncStates.count(),
    };
  }

  it.each(['throw', 'abort'] as const)(
    'delete with move-up (%s after 2 archive moves)',
    async (how) => {
      const before = await snapshot();
      const seen = interruptAfter('archives', 'updating', 2, how);
      await expect(deleteFolder(a, 'move-up')).rejects.toThrow();
      expect(seen()).toBe(3);
      expect(await snapshot()).toEqual(before);
      await assertNoOrphans(db);
    },
  );

  it.each(['throw', 'abort'] as const)(
    'delete-all (%s after 3 archives were trashed)',
    async (how) => {
      const before = await snapshot();
      const seen = interruptAfter('archives', 'updating', 3, how);
      await expect(deleteFolder(a, 'delete-all')).rejects.toThrow();
      expect(seen()).toBe(4);
      expect(await snapshot()).toEqual(before);
      await assertNoOrphans(db);
    },
  );

  it('delete-all interrupted at the very last step (folder rows) keeps every archive', async () => {
    const before = await snapshot();
    const seen = interruptAfter('folders', 'deleting', 1, 'throw');
    await expect(deleteFolder(a, 'delete-all')).rejects.toThrow();
    expect(seen()).toBe(2);
    expect(await snapshot()).toEqual(before);
  });

  it('a folder move interrupted by an abort changes nothing', async () => {
    const before = await snapshot();
    const seen = interruptAfter('folders', 'updating', 0, 'abort');
    await expect(moveFolder(b, root)).rejects.toThrow();
    expect(seen()).toBe(1);
    expect(await snapshot()).toEqual(before);
    await assertNoOrphans(db);
  });
});
