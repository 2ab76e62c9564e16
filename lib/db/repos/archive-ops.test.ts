import { beforeEach, describe, expect, it } from 'vitest';
import { CairnError } from '../../errors';
import type { CairnDb } from '../schema';
import { useFreshDb } from '../test-db';
import {
  editArchive,
  moveArchives,
  purgeArchives,
  restoreArchives,
  setArchivesPrivate,
  trashArchives,
} from './archive-ops';
import { purgeTrash } from './trash';
import { getArchive, listFolderArchives, listRecentArchives } from './archives';
import { createFolder, deleteFolder } from './folder-ops';
import { ensureDefaultFolder, folderTree } from './folders';
import { rowsOf, seedArchive } from './library-test-utils';
import { searchArchives } from './search';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CairnError);
  return (error as CairnError).code;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('archive operations', () => {
  let db: CairnDb;
  let root: string;
  let other: string;
  beforeEach(async () => {
    db = useFreshDb();
    root = (await ensureDefaultFolder()).id;
    other = (await createFolder(root, 'Other')).id;
  });

  it('edits title, notes, private flag and folder in one call; a new title is searchable', async () => {
    const a = await seedArchive(root, { title: 'Old heading' });
    expect((await searchArchives('heading')).total).toBe(1);
    await editArchive(a.id, {
      title: '  Fresh   words ',
      notes: 'why I kept it',
      isPrivate: true,
      folderId: other,
    });
    expect(await getArchive(a.id)).toMatchObject({
      title: 'Fresh words',
      notes: 'why I kept it',
      isPrivate: true,
      folderId: other,
    });
    expect((await searchArchives('heading')).total).toBe(0);
    expect((await searchArchives('fresh words')).hits.map((h) => h.archive.id)).toEqual([a.id]);
    // The page text is still indexed after the title change.
    expect((await searchArchives('page text')).total).toBe(1);
  });

  it('refuses edits with specific codes and changes nothing', async () => {
    const a = await seedArchive(root);
    expect(await codeOf(editArchive(a.id, { folderId: 'missing' }))).toBe('folder-not-found');
    expect(await codeOf(editArchive('missing', { title: 'x' }))).toBe('archive-not-found');
    expect(await codeOf(editArchive(a.id, { title: 'x'.repeat(1001) }))).toBe('title-too-long');
    expect(await codeOf(editArchive(a.id, { notes: 'x'.repeat(20_001) }))).toBe('notes-too-long');
    await trashArchives([a.id]);
    expect(await codeOf(editArchive(a.id, { isPrivate: true }))).toBe('archive-not-found');
    await restoreArchives([a.id]);
    expect(await getArchive(a.id)).toMatchObject({
      folderId: root,
      isPrivate: false,
      title: 'A page',
    });
  });

  it('moves and flags several archives at once, skipping trashed ones', async () => {
    const [a, b, c] = [await seedArchive(root), await seedArchive(root), await seedArchive(root)];
    await trashArchives([c!.id]);
    expect(await moveArchives([a!.id, b!.id, c!.id, 'missing'], other)).toBe(2);
    expect(ids(await listFolderArchives(other))).toEqual([b!.id, a!.id]);
    expect(await setArchivesPrivate([a!.id, c!.id], true)).toBe(1);
    expect((await getArchive(a!.id))?.isPrivate).toBe(true);
    expect((await getArchive(b!.id))?.isPrivate).toBe(false);
    expect(await codeOf(moveArchives([a!.id], 'missing'))).toBe('folder-not-found');
    expect((await getArchive(a!.id))?.folderId).toBe(other);
  });

  it('trash hides archives from lists, counts and search at once; restore brings them back', async () => {
    const a = await seedArchive(other, { title: 'Unique zebra' });
    const b = await seedArchive(other);
    expect(await trashArchives([a.id, a.id, 'missing'], 5000)).toEqual([a.id]);
    expect(await trashArchives([a.id])).toEqual([]);
    expect(ids(await listFolderArchives(other))).toEqual([b.id]);
    expect(ids(await listRecentArchives(10))).toEqual([b.id]);
    expect((await folderTree())[0]!.children[0]).toMatchObject({ count: 1 });
    expect((await searchArchives('zebra')).hits).toEqual([]);
    expect(await restoreArchives([a.id, b.id])).toBe(1);
    const back = await getArchive(a.id);
    expect(back).toMatchObject({ folderId: other });
    expect(back).not.toHaveProperty('trashedAt');
    expect(ids(await listFolderArchives(other))).toEqual([b.id, a.id]);
    expect((await searchArchives('zebra')).hits).toHaveLength(1);
  });

  it('restores into the default folder when the original folder was deleted meanwhile', async () => {
    const sub = await createFolder(other, 'Sub');
    const a = await seedArchive(sub.id);
    await trashArchives([a.id]);
    await deleteFolder(other, 'delete-all');
    // Its folder went to the Trash too: restored on its own, it lands in the default folder.
    expect(await restoreArchives([a.id])).toBe(1);
    expect((await getArchive(a.id))?.folderId).toBe(root);
    const b = await seedArchive(root);
    await trashArchives([b.id]);
    await db.archives.update(b.id, { folderId: 'trash:gone-folder' });
    expect(await restoreArchives([b.id])).toBe(1);
    expect((await getArchive(b.id))?.folderId).toBe(root);
  });

  it('purges only expired trash, with every row of it, and says when the next is due', async () => {
    const [a, b, c] = [await seedArchive(root), await seedArchive(root), await seedArchive(root)];
    await trashArchives([a!.id], 1000);
    await trashArchives([b!.id], 9000);
    const result = await purgeTrash(5000);
    expect(result).toEqual({ purged: [a!.id], nextTrashedAt: 9000 });
    expect(await rowsOf(a!.id)).toEqual({
      archive: 0,
      records: 0,
      texts: 0,
      searchTerms: 0,
      syncStates: 0,
    });
    expect((await rowsOf(b!.id)).records).toBe(1);
    expect(await purgeTrash(9000)).toEqual({ purged: [b!.id], nextTrashedAt: undefined });
    expect(await rowsOf(c!.id)).toEqual({
      archive: 1,
      records: 1,
      texts: 1,
      searchTerms: 1,
      syncStates: 1,
    });
  });

  it('purges archives directly with all their rows', async () => {
    const a = await seedArchive(root);
    const b = await seedArchive(root);
    await purgeArchives([a.id]);
    expect(await rowsOf(a.id)).toEqual({
      archive: 0,
      records: 0,
      texts: 0,
      searchTerms: 0,
      syncStates: 0,
    });
    expect((await rowsOf(b.id)).archive).toBe(1);
  });

  it('an interrupted bulk move changes no archive', async () => {
    const rows = [await seedArchive(root), await seedArchive(root), await seedArchive(root)];
    let seen = 0;
    db.archives.hook('updating', () => {
      if (++seen > 1) throw new Error('interrupted');
    });
    await expect(moveArchives(ids(rows), other)).rejects.toThrow('interrupted');
    expect(seen).toBe(2);
    expect((await db.archives.toArray()).map((r) => r.folderId)).toEqual([root, root, root]);
  });
});
