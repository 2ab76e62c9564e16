import { describe, expect, it } from 'vitest';
import { activeFilterCount, archiveFilter } from './archive-filters';
import { archiveRow } from './repos/library-test-utils';

const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();

describe('archiveFilter', () => {
  const rows = [
    archiveRow('a', {
      id: 'private-404',
      isPrivate: true,
      pageStatus: 404,
      createdAt: at(2026, 3, 1),
    }),
    archiveRow('a', { id: 'public-200', pageStatus: 200, createdAt: at(2026, 3, 2, 0) }),
    archiveRow('b', { id: 'public-500', pageStatus: 500, createdAt: at(2026, 3, 3, 23) }),
    archiveRow('b', { id: 'no-status', createdAt: at(2026, 3, 4) }),
  ];
  const ids = (f: Parameters<typeof archiveFilter>[0], folders?: Set<string>) =>
    rows.filter(archiveFilter(f, folders) ?? (() => true)).map((r) => r.id);

  it('is undefined when nothing is set, so lists keep their index reads', () => {
    expect(archiveFilter({})).toBeUndefined();
    expect(activeFilterCount({})).toBe(0);
  });

  it('filters by the private flag and by an HTTP error page', () => {
    expect(ids({ privacy: 'private' })).toEqual(['private-404']);
    expect(ids({ privacy: 'public' })).toEqual(['public-200', 'public-500', 'no-status']);
    expect(ids({ httpError: true })).toEqual(['private-404', 'public-500']);
    expect(ids({ httpError: true, privacy: 'public' })).toEqual(['public-500']);
  });

  it('takes whole local days, both ends included, in either order', () => {
    expect(ids({ from: '2026-03-02', to: '2026-03-03' })).toEqual(['public-200', 'public-500']);
    expect(ids({ from: '2026-03-03', to: '2026-03-02' })).toEqual(['public-200', 'public-500']);
    expect(ids({ from: '2026-03-04' })).toEqual(['no-status']);
    expect(ids({ to: '2026-03-01' })).toEqual(['private-404']);
    expect(ids({ from: 'not a day' })).toEqual(rows.map((r) => r.id));
  });

  it('keeps a search in the chosen folders when asked', () => {
    expect(ids({ inFolder: true }, new Set(['b']))).toEqual(['public-500', 'no-status']);
    expect(activeFilterCount({ inFolder: true, httpError: true, to: '2026-01-01' })).toBe(3);
  });
});
