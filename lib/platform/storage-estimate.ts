/** Share of the quota from which the UI warns that space is running out. */
export const STORAGE_WARNING_RATIO = 0.8;

/** How much of the origin's storage Cairn uses, from `navigator.storage.estimate()`. */
export interface StorageUse {
  /** Bytes used by this extension's origin (IndexedDB, caches, ...). */
  usage: number;
  /** Bytes the browser lets this origin use. */
  quota: number;
  /** usage / quota, 0 when the quota is unknown. */
  ratio: number;
  /** True from STORAGE_WARNING_RATIO. */
  warning: boolean;
  /** Whether the browser promised not to evict this origin's data. */
  persisted: boolean;
}

/** The StorageManager API surface used here, replaceable in tests. */
export type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persist' | 'persisted'>;

function manager(custom?: StorageManagerLike): StorageManagerLike | undefined {
  return custom ?? (typeof navigator === 'undefined' ? undefined : navigator.storage);
}

/**
 * Current storage use of the extension's origin; undefined where the StorageManager API is
 * missing (the UI then shows no meter rather than a wrong one).
 */
export async function readStorageUse(custom?: StorageManagerLike): Promise<StorageUse | undefined> {
  const storage = manager(custom);
  if (!storage?.estimate) return undefined;
  const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([
    storage.estimate(),
    storage.persisted ? storage.persisted() : Promise.resolve(false),
  ]);
  const ratio = quota > 0 ? usage / quota : 0;
  return { usage, quota, ratio, warning: ratio >= STORAGE_WARNING_RATIO, persisted };
}

/**
 * Asks the browser to keep Cairn's data when space is short (`navigator.storage.persist()`).
 * Works from an extension page; resolves to whether storage is now persistent.
 */
export async function requestPersistentStorage(custom?: StorageManagerLike): Promise<boolean> {
  const storage = manager(custom);
  if (!storage?.persist) return false;
  return storage.persist();
}
