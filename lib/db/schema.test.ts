import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { CairnDb } from './schema';
import type { ArchiveRow } from './entities';

/** An archive row as version 1 stored it. */
function v1Archive(id: string, title: string, url: string): ArchiveRow {
  return {
    id,
    url,
    title,
    notes: '',
    folderId: 'f1',
    isPrivate: false,
    status: 'complete',
    trigger: 'action',
    createdAt: 1,
    updatedAt: 1,
    size: 0,
    recordCount: 0,
    responseCount: 0,
  };
}

/** The stores of versions 2 and 3 (v3 added no index: it filled a field). */
const V2_STORES = {
  folders: 'id, parentId, [parentId+name]',
  archives: 'id, folderId, [folderId+createdAt], createdAt, status, url',
  records: '++id, archiveId, [archiveId+seq], [archiveId+payloadDigest], [archiveId+url]',
  texts: 'archiveId',
  searchTerms: 'archiveId, *terms',
  syncStates: '[archiveId+serverId], serverId, [serverId+state]',
  outbox: '++id, [serverId+dueAt], archiveId, dueAt',
  remoteFolders: '[serverId+folderId], serverId',
};

describe('schema upgrades', () => {
  it('v1 → v2 (→ latest) keeps every row and indexes existing archives for search', async () => {
    const name = `cairn-upgrade-${Date.now()}`;
    // Write a database with exactly the v1 schema, as a user of the first release has it.
    const v1 = new Dexie(name);
    v1.version(1).stores({
      folders: 'id, parentId, [parentId+name]',
      archives: 'id, folderId, [folderId+createdAt], createdAt, status, url',
      records: '++id, archiveId, [archiveId+seq], [archiveId+payloadDigest], [archiveId+url]',
      texts: 'archiveId',
    });
    await v1.table('folders').add({ id: 'f1', parentId: null, name: 'Personal Links' });
    await v1
      .table('archives')
      .bulkAdd([
        v1Archive('a1', 'Café menu', 'https://example.org/menu'),
        v1Archive('a2', 'Other', 'https://example.net/'),
      ]);
    await v1.table('texts').add({ archiveId: 'a1', text: 'Croissants and espresso' });
    v1.close();

    const db = new CairnDb(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect(await db.archives.count()).toBe(2);
    expect(await db.folders.count()).toBe(1);
    const hits = await db.searchTerms.where('terms').equals('espresso').primaryKeys();
    expect(hits).toEqual(['a1']);
    // Accents folded: "cafe" finds "Café"; URL host terms are indexed too.
    expect(await db.searchTerms.where('terms').equals('cafe').primaryKeys()).toEqual(['a1']);
    expect(await db.searchTerms.where('terms').startsWith('example').primaryKeys()).toEqual([
      'a1',
      'a2',
    ]);
    // v3 counted the folder's archives.
    expect((await db.folders.get('f1'))?.archiveCount).toBe(2);
    db.close();
  });

  it("v2 → v3 stores each folder's archive count, trashed archives excluded", async () => {
    const name = `cairn-upgrade-v3-${Date.now()}`;
    const v2 = new Dexie(name);
    v2.version(2).stores(V2_STORES);
    await v2.table('folders').bulkAdd([
      { id: 'f1', parentId: null, name: 'Personal Links', createdAt: 1, updatedAt: 1 },
      { id: 'f2', parentId: 'f1', name: 'News', createdAt: 2, updatedAt: 2 },
      { id: 'f3', parentId: 'f1', name: 'Empty', createdAt: 3, updatedAt: 3 },
    ]);
    await v2.table('archives').bulkAdd([
      { ...v1Archive('a1', 'One', 'https://example.org/1'), folderId: 'f1' },
      { ...v1Archive('a2', 'Two', 'https://example.org/2'), folderId: 'f2' },
      { ...v1Archive('a3', 'Three', 'https://example.org/3'), folderId: 'f2' },
      { ...v1Archive('a4', 'Gone', 'https://example.org/4'), folderId: 'trash:f2', trashedAt: 5 },
    ]);
    v2.close();

    const db = new CairnDb(name);
    await db.open();
    expect(db.verno).toBe(7);
    const folders = await db.folders.orderBy('id').toArray();
    expect(folders.map((f) => [f.id, f.archiveCount])).toEqual([
      ['f1', 1],
      ['f2', 2],
      ['f3', 0],
    ]);
    expect(await db.archives.count()).toBe(4);
    db.close();
  });

  it('v3 → v4 indexes folders by creation time, oldest first', async () => {
    const name = `cairn-upgrade-v4-${Date.now()}`;
    const v3 = new Dexie(name);
    v3.version(3).stores(V2_STORES);
    await v3.table('folders').bulkAdd([
      { id: 'b', parentId: null, name: 'Personal Links', createdAt: 1, updatedAt: 1 },
      { id: 'a', parentId: 'b', name: 'News', createdAt: 3, updatedAt: 3 },
      { id: 'c', parentId: null, name: 'Work', createdAt: 2, updatedAt: 2 },
    ]);
    v3.close();

    const db = new CairnDb(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect((await db.folders.orderBy('createdAt').primaryKeys()) as string[]).toEqual([
      'b',
      'c',
      'a',
    ]);
    db.close();
  });

  it('v4 → v5 adds an empty Trash for folders and keeps every folder', async () => {
    const name = `cairn-upgrade-v5-${Date.now()}`;
    const v4 = new Dexie(name);
    v4.version(4).stores({ ...V2_STORES, folders: 'id, parentId, [parentId+name], createdAt' });
    await v4.table('folders').add({
      id: 'b',
      parentId: null,
      name: 'Personal Links',
      createdAt: 1,
      updatedAt: 1,
    });
    v4.close();
    const db = new CairnDb(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect(await db.folders.count()).toBe(1);
    expect(await db.trashedFolders.count()).toBe(0);
    await db.trashedFolders.add({
      id: 'x',
      parentId: null,
      name: 'Old',
      createdAt: 1,
      updatedAt: 1,
      trashedAt: 5,
      trashRootId: 'x',
    });
    expect(await db.trashedFolders.where('trashRootId').equals('x').count()).toBe(1);
    db.close();
  });

  it('v5 → v6 makes the notes of existing archives searchable, keeping their page text', async () => {
    const name = `cairn-upgrade-v6-${Date.now()}`;
    const v5 = new Dexie(name);
    v5.version(5).stores({
      ...V2_STORES,
      folders: 'id, parentId, [parentId+name], createdAt',
      trashedFolders: 'id, trashRootId, trashedAt',
    });
    await v5
      .table('archives')
      .bulkAdd([
        { ...v1Archive('a1', 'Recipe', 'https://example.org/1'), notes: 'Grandmother liked it' },
        v1Archive('a2', 'Other', 'https://example.org/2'),
      ]);
    await v5.table('texts').add({ archiveId: 'a1', text: 'flour butter' });
    await v5.table('searchTerms').bulkAdd([
      { archiveId: 'a1', terms: ['recipe', 'flour', 'butter'] },
      { archiveId: 'a2', terms: ['other'] },
    ]);
    v5.close();
    const db = new CairnDb(name);
    await db.open();
    expect(db.verno).toBe(7);
    const found = async (term: string) =>
      (await db.searchTerms.where('terms').equals(term).primaryKeys()) as string[];
    expect(await found('grandmother')).toEqual(['a1']);
    expect(await found('butter')).toEqual(['a1']);
    expect(await found('other')).toEqual(['a2']);
    db.close();
  });
});
