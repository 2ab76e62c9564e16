import { beforeEach, describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { useFreshDb } from '../test-db';
import { ensureDefaultFolder } from './folders';
import { seedArchive } from './library-test-utils';
import { searchArchives, type SearchResult } from './search';

/** The first answer of searchArchives run as a live query, as the library's list runs it. */
function liveSearch(query: string, tuning?: Parameters<typeof searchArchives>[2]) {
  return new Promise<SearchResult>((resolve, reject) => {
    const subscription = liveQuery(() => searchArchives(query, 50, tuning)).subscribe({
      next: (result) => {
        resolve(result);
        setTimeout(() => subscription.unsubscribe());
      },
      error: reject,
    });
  });
}

describe('searchArchives in a live query', () => {
  beforeEach(async () => {
    useFreshDb();
    const root = (await ensureDefaultFolder()).id;
    for (let i = 0; i < 40; i++) {
      await seedArchive(
        root,
        { title: `Page ${i} ${i % 2 ? 'common' : 'usual'}`, url: `https://site${i % 5}.test/${i}` },
        i % 10 === 0 ? 'rare words here' : 'common text',
      );
    }
  });

  it.each([
    ['common'],
    ['rare'],
    ['common text'],
    ['rare common'],
    ['usual common'],
    ['site3.test'],
    ['co te'],
  ])('answers %s as it does outside one', async (query) => {
    const outside = await searchArchives(query);
    expect(await liveSearch(query)).toEqual(outside);
  });

  it('answers on every path of the planner (small limits force the walks)', async () => {
    for (const query of ['common text', 'usual common', 'page common']) {
      const tuning = { termCap: 4, firstCap: 2, verifyAll: 2, firstRead: 3 };
      expect(await liveSearch(query, tuning)).toEqual(await searchArchives(query, 50, tuning));
    }
  });
});
