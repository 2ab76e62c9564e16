import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../test-db';
import { searchTermsOf, tokenize } from '../search-terms';
import type { ArchiveRow } from '../entities';
import { editArchive, trashArchives } from './archive-ops';
import { createArchive } from './archives';
import { createFolder } from './folder-ops';
import { ensureDefaultFolder } from './folders';
import { archiveRow, seedArchive } from './library-test-utils';
import { putPageText } from './texts';
import { searchArchives } from './search';
import { queryTerms } from '../search-terms';

const hitIds = async (query: string, limit?: number) =>
  (await searchArchives(query, limit)).hits.map((h) => h.archive.id);

describe('searchArchives', () => {
  let root: string;
  beforeEach(async () => {
    useFreshDb();
    root = (await ensureDefaultFolder()).id;
  });

  it('matches every word (AND) across title, URL and page text, ignoring case and accents', async () => {
    const a = await seedArchive(
      root,
      { title: 'Crème brûlée recipe', url: 'https://food.test/a' },
      'sugar eggs',
    );
    const b = await seedArchive(
      root,
      { title: 'Bread recipe', url: 'https://food.test/b' },
      'flour water',
    );
    expect(await hitIds('RECIPE')).toEqual([b.id, a.id]);
    expect(await hitIds('creme recipe')).toEqual([a.id]);
    expect(await hitIds('recipe flour')).toEqual([b.id]);
    expect(await hitIds('food.test/b')).toEqual([b.id]);
    expect(await hitIds('recipe nothing')).toEqual([]);
    expect(await hitIds('  !! ')).toEqual([]);
  });

  it('finds the words of the notes the user wrote, and follows edits of them', async () => {
    const a = await seedArchive(root, { title: 'Plain page', notes: 'Ask Lena about this' }, 'x');
    const b = await seedArchive(root, { title: 'Other page' }, 'y');
    expect(await hitIds('lena')).toEqual([a.id]);
    await editArchive(b.id, { notes: 'Lena sent it too' });
    await editArchive(a.id, { notes: 'Nothing left' });
    expect(await hitIds('lena')).toEqual([b.id]);
    expect(await hitIds('nothing page')).toEqual([a.id]);
  });

  it('treats words as prefixes while typing, but a one-letter word must match exactly', async () => {
    const a = await seedArchive(root, { title: 'Archive of x rays' }, '');
    const b = await seedArchive(root, { title: 'Archipelago' }, '');
    expect(await hitIds('arch')).toEqual([b.id, a.id]);
    expect(await hitIds('archiv')).toEqual([a.id]);
    expect(await hitIds('ray arc')).toEqual([a.id]);
    expect(await hitIds('x')).toEqual([a.id]);
    expect(await hitIds('a')).toEqual([]);
    expect(queryTerms('arc archive x')).toEqual([
      { token: 'archive', prefix: true },
      { token: 'x', prefix: false },
    ]);
  });

  it('returns the newest first, limited, skipping trashed, with each folder path', async () => {
    const news = await createFolder(root, 'News');
    const deep = await createFolder(news.id, 'Deep');
    const rows = [];
    for (let i = 0; i < 8; i++)
      rows.push(await seedArchive(i % 2 ? deep.id : root, { title: `item ${i}` }));
    await trashArchives([rows[7]!.id]);
    const result = await searchArchives('item', 3);
    expect(result.total).toBe(8);
    expect(result.hits.map((h) => h.archive.id)).toEqual([rows[6]!.id, rows[5]!.id, rows[4]!.id]);
    expect(result.hits[1]).toMatchObject({
      folderId: deep.id,
      folderPath: ['Personal Links', 'News', 'Deep'],
    });
    expect(result.hits[0]!.folderPath).toEqual(['Personal Links']);
  });

  it('agrees with a brute-force scan on a random library (both the verify and the intersect paths)', async () => {
    // A small vocabulary makes some words common (hundreds of archives: intersect path) and
    // combinations rare (verify path).
    const vocabulary = [
      'alpha',
      'alpine',
      'beta',
      'gamma',
      'delta',
      'deltoid',
      'omega',
      'kappa',
      'zeta',
      'q',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = (n: number) =>
      Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(
        ' ',
      );
    const rows: ArchiveRow[] = [];
    const terms = new Map<string, string[]>();
    for (let i = 0; i < 700; i++) {
      const row = archiveRow(root, { title: pick(2), url: `https://site${i % 13}.test/${i}` });
      // Captures started in the same millisecond: every path must order ties alike.
      if (i % 3) row.createdAt = rows[i - 1]!.createdAt;
      const text = pick(1 + Math.floor(random() * 4));
      await createArchive(row);
      await putPageText(row.id, text);
      rows.push(row);
      terms.set(row.id, searchTermsOf({ ...row, text }));
    }
    await trashArchives([rows[699]!.id, rows[698]!.id]);
    const live = rows.slice(0, 698);
    const queries = [
      'alp',
      'alpha beta',
      'delt omega',
      'q',
      'q alpha',
      'site3',
      'gamma kappa zeta',
      'beta beta',
      'zeta delta alpine',
      'test alpha',
      'alp test',
      'test site1 de',
    ];
    let sawMore = false;
    for (const query of queries) {
      const words = queryTerms(query);
      const expected = live
        .filter((r) =>
          words.every((w) =>
            terms.get(r.id)!.some((t) => (w.prefix ? t.startsWith(w.token) : t === w.token)),
          ),
        )
        .sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? 1 : -1));
      // Default limits, then a tiny per-word cap that forces the capped paths (verification
      // by stored terms, and the newest-first walk when every word is common).
      const tunings = [
        {},
        { termCap: 40 },
        { termCap: 150, verifyAll: 5 },
        // Small first reads of the newest archives, so they double several times.
        { firstRead: 7 },
        { termCap: 150, verifyAll: 5, firstRead: 7 },
        // A first short read as long as the full one: no second read of the words.
        { termCap: 150, firstCap: 150 },
        // Tiny first reads: words read further one at a time, the rest checked on stored terms.
        { firstCap: 20 },
        { firstCap: 20, termCap: 150, verifyAll: 5 },
      ];
      for (const tuning of tunings) {
        const label = `${query} ${JSON.stringify(tuning)}`;
        const result = await searchArchives(query, 50, tuning);
        expect(
          result.hits.map((h) => h.archive.id),
          label,
        ).toEqual(expected.slice(0, 50).map((r) => r.id));
        if (result.more) {
          // Stopped at enough hits: "N+" where N counts matches found (trashed ones may count).
          sawMore = true;
          expect(result.total, label).toBeGreaterThanOrEqual(result.hits.length);
          expect(result.total, label).toBeLessThanOrEqual(expected.length + 2);
          expect(expected.length, label).toBeGreaterThan(50);
        } else {
          expect(result.total - expected.length, label).toBeGreaterThanOrEqual(0);
          expect(result.total - expected.length, label).toBeLessThanOrEqual(2);
        }
      }
      expect(expected.length, `${query} should match something`).toBeGreaterThan(0);
    }
    expect(sawMore, 'some query took the newest-first walk and stopped early').toBe(true);
    expect(tokenize('alpha')).toEqual(['alpha']);
  }, 90_000);
});
