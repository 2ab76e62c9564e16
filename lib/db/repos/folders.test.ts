import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../test-db';
import { ensureDefaultFolder, listFolders } from './folders';

describe('folders repository', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('creates the default top folder once, even when asked concurrently', async () => {
    const [a, b, c] = await Promise.all([
      ensureDefaultFolder(),
      ensureDefaultFolder(),
      ensureDefaultFolder(),
    ]);
    expect(a.id).toBe(b.id);
    expect(b.id).toBe(c.id);
    expect(a).toMatchObject({ name: 'Personal Links', parentId: null });
    expect(await listFolders()).toHaveLength(1);
  });
});
