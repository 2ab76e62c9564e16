import { describe, expect, it, vi } from 'vitest';
import {
  readStorageUse,
  requestPersistentStorage,
  type StorageManagerLike,
} from './storage-estimate';

function fakeManager(usage: number, quota: number, persisted = false): StorageManagerLike {
  return {
    estimate: vi.fn(async () => ({ usage, quota })),
    persisted: vi.fn(async () => persisted),
    persist: vi.fn(async () => true),
  };
}

describe('storage estimate', () => {
  it.each([
    [100, 1000, 0.1, false],
    [800, 1000, 0.8, true],
    [5, 0, 0, false],
  ])('usage %d of %d is ratio %d, warning %s', async (usage, quota, ratio, warning) => {
    expect(await readStorageUse(fakeManager(usage, quota))).toEqual({
      usage,
      quota,
      ratio,
      warning,
      persisted: false,
    });
  });

  it('reports and requests persistence', async () => {
    const manager = fakeManager(1, 10, true);
    expect((await readStorageUse(manager))?.persisted).toBe(true);
    expect(await requestPersistentStorage(manager)).toBe(true);
    expect(manager.persist).toHaveBeenCalledOnce();
  });
});
