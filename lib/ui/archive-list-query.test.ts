import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../db/test-db';
import { createArchive } from '../db/repos/archives';
import { createFolder } from '../db/repos/folder-ops';
import { archiveRow } from '../db/repos/library-test-utils';
import { readArchiveList, type ListRequest } from './archive-list-query';

const base: ListRequest = { query: '', pageSize: 50, sort: 'newest', failedOnly: false };
const titles = async (r: Partial<ListRequest>) =>
  (await readArchiveList({ ...base, ...r })).archives.map((a) => a.title);

describe('readArchiveList with filters', () => {
  let home: string;
  let sub: string;
  beforeEach(async () => {
    useFreshDb();
    home = (await createFolder(null, 'Home')).id;
    sub = (await createFolder(home, 'Sub')).id;
    const day = (d: number) => new Date(2026, 2, d, 12).getTime();
    for (const row of [
      archiveRow(home, { title: 'Bravo page', createdAt: day(1), isPrivate: true }),
      archiveRow(home, { title: 'Alpha page', createdAt: day(2), pageStatus: 404 }),
      archiveRow(home, { title: 'Charlie page', createdAt: day(3), size: 900 }),
      archiveRow(home, { title: 'Failed page', createdAt: day(4), status: 'failed' }),
      archiveRow(sub, { title: 'Delta page', createdAt: day(5), pageStatus: 500 }),
    ]) {
      await createArchive(row);
    }
  });

  it('filters a folder, keeping its order and leaving failed captures out', async () => {
    expect(await titles({ folderId: home })).toEqual(['Charlie page', 'Alpha page', 'Bravo page']);
    expect(await titles({ folderId: home, filters: { privacy: 'public' } })).toEqual([
      'Charlie page',
      'Alpha page',
    ]);
    expect(
      await titles({
        folderId: home,
        sort: 'title',
        filters: { from: '2026-03-01', to: '2026-03-02' },
      }),
    ).toEqual(['Alpha page', 'Bravo page']);
    expect(await titles({ folderId: home, filters: { httpError: true } })).toEqual(['Alpha page']);
  });

  it('filters and orders a search, and keeps it in a folder when asked', async () => {
    expect(await titles({ query: 'page' })).toEqual([
      'Delta page',
      'Failed page',
      'Charlie page',
      'Alpha page',
      'Bravo page',
    ]);
    expect(await titles({ query: 'page', sort: 'title', filters: { httpError: true } })).toEqual([
      'Alpha page',
      'Delta page',
    ]);
    expect(await titles({ query: 'page', folderId: sub, filters: { inFolder: true } })).toEqual([
      'Delta page',
    ]);
    const answer = await readArchiveList({
      ...base,
      query: 'page',
      filters: { privacy: 'private' },
    });
    expect(answer.search?.total).toBe(1);
  });
});
