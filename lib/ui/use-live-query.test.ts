// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, renderHook, waitFor } from '@testing-library/preact';
import { useFreshDb } from '../db/test-db';
import { useLiveQueryState } from './use-live-query';

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
});
