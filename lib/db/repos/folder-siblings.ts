import type { FolderRow } from '../entities';
import { getDb } from '../schema';

/** The key under which sibling names must be unique: case- and Unicode-form-insensitive. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase();
}

/**
 * Children of a parent (null: the top level). Top-level folders are not in the parentId
 * index (null is no IndexedDB key), so they are found by a filter over the small table.
 */
export async function childrenOf(parentId: string | null): Promise<FolderRow[]> {
  const db = getDb();
  return parentId === null
    ? db.folders.filter((f) => f.parentId === null).toArray()
    : db.folders.where('parentId').equals(parentId).toArray();
}

/** "Name", "Name (2)", "Name (3)"... : the first name not taken among these siblings. */
export function freeName(name: string, taken: Set<string>): string {
  if (!taken.has(nameKey(name))) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}
