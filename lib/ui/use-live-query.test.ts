// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, renderHook, waitFor } from '@testing-library/preact';
import { useFreshDb } from '../db/test-db';
import { useLiveQuery, useLiveQueryState } from './use-live-query';

afterEach(cleanup);

describe('useLiveQueryState', () => {
  it('is loaded only once the value answers the current deps, and follows writes', async () => {
    const db = useFreshDb();
    await db.folders.bulkAdd([
      { id: 'a', parentId: null, name: 'A', createdAt: 1, updatedAt: 1 },
      { id: 'b', parentId: null, name: 'B', createdAt: 2, updatedAt: 2 },
    ]);
    const { result, rerender } = renderHook(
      ({ id }: { id: string }) =>
        useLiveQueryState(async () => (await db.folders.get(id))?.name ?? '', [id], 'none'),
      { initialProps: { id: 'a' } },
    );
    expect(result.current).toEqual({ value: 'none', loaded: false });
    await waitFor(() => expect(result.current).toEqual({ value: 'A', loaded: true }));
    rerender({ id: 'b' });
    // The old value stays on screen, but it no longer counts as loaded.
    expect(result.current).toEqual({ value: 'A', loaded: false });
    await waitFor(() => expect(result.current).toEqual({ value: 'B', loaded: true }));
    await db.folders.update('b', { name: 'B2' });
    await waitFor(() => expect(result.current.value).toBe('B2'));
  });

  it('useLiveQuery renders again only when the answer differs from what is shown', async () => {
    const db = useFreshDb();
    let renders = 0;
    let answers = 0;
    const { result } = renderHook(() => {
      renders++;
      return useLiveQuery(
        async () => {
          answers++;
          return (await db.folders.get('x'))?.name;
        },
        [],
        undefined as string | undefined,
      );
    });
    await waitFor(() => expect(answers).toBeGreaterThan(0));
    // The answers (no such folder) are what was already shown: no second render.
    await new Promise((r) => setTimeout(r, 50));
    expect(renders).toBe(1);
    await db.folders.add({ id: 'x', parentId: null, name: 'X', createdAt: 1, updatedAt: 1 });
    await waitFor(() => expect(result.current).toBe('X'));
    expect(renders).toBe(2);
  });
});
