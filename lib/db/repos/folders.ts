import { getDb } from '../schema';
import type { FolderRow } from '../entities';

/** Name of the top-level folder every new archive goes to by default (as in Perma). */
export const DEFAULT_FOLDER_NAME = 'Personal Links';

/**
 * Returns the default top-level folder, creating it on first use. Runs in a transaction so
 * two concurrent first captures cannot create two defaults.
 */
export async function ensureDefaultFolder(name = DEFAULT_FOLDER_NAME): Promise<FolderRow> {
  const db = getDb();
  return db.transaction('rw', db.folders, async () => {
    const tops = await db.folders.filter((f) => f.parentId === null).sortBy('createdAt');
    if (tops[0]) return tops[0];
    const now = Date.now();
    const folder: FolderRow = {
      id: crypto.randomUUID(),
      parentId: null,
      name,
      createdAt: now,
      updatedAt: now,
    };
    await db.folders.add(folder);
    return folder;
  });
}

/** One folder by id, or undefined. */
export function getFolder(id: string): Promise<FolderRow | undefined> {
  return getDb().folders.get(id);
}

/** Every folder (the tree is small: hundreds, not millions). */
export function listFolders(): Promise<FolderRow[]> {
  return getDb().folders.toArray();
}
