import type { ArchiveRow, FolderRow, TrashedFolderRow } from '../entities';
import { getDb } from '../schema';
import { TRASH_KEY_PREFIX } from './archives';
import { purgeArchivesIn } from './archive-ops';
import { FolderCountChanges } from './folder-counts';
import { childrenOf, freeName, nameKey } from './folder-siblings';
import { subtreeIds } from './folders';

/** How long deleted archives and folders stay in the Trash before they are purged. */
export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** A folder in the Trash as the Trash lists it: the deleted folder and what it holds. */
export interface TrashedFolderItem {
  folder: TrashedFolderRow;
  /** Archives in it and its subfolders. */
  archives: number;
  /** Its subfolders, at any depth. */
  subfolders: number;
}

/** What the Trash holds, newest first. */
export interface TrashContents {
  folders: TrashedFolderItem[];
  /** Archives deleted on their own (not inside a deleted folder). */
  archives: ArchiveRow[];
  /** Sum of the archives' stored sizes, folders' archives included (for the storage meter). */
  bytes: number;
}

const originalFolderOf = (row: ArchiveRow) =>
  row.folderId.startsWith(TRASH_KEY_PREFIX) ? row.folderId.slice(TRASH_KEY_PREFIX.length) : '';

/**
 * Moves a folder, its descendants and their archives to the Trash: the archives are trashed
 * in place (their trash keys keep their folders), the folder rows move to `trashedFolders`.
 * A folder with nothing in it (not even deleted archives) is simply removed.
 * Must run inside a read-write transaction over folders, archives and trashedFolders.
 */
export async function trashFolderTree(
  folderId: string,
  folders: FolderRow[],
  now: number,
): Promise<{ archives: number; folders: number }> {
  const db = getDb();
  const ids = subtreeIds(folderId, folders);
  const counts = new FolderCountChanges();
  let archives = 0;
  await db.archives
    .where('folderId')
    .anyOf(ids)
    .modify((row) => {
      counts.move(row.folderId, undefined);
      row.folderId = TRASH_KEY_PREFIX + row.folderId;
      row.trashedAt = now;
      archives++;
    });
  await counts.apply();
  const holdsTrash = await db.archives
    .where('folderId')
    .anyOf(ids.map((id) => TRASH_KEY_PREFIX + id))
    .count();
  if (archives === 0 && holdsTrash === 0 && ids.length === 1) {
    // An empty folder: nothing to bring back, so it is not worth a place in the Trash.
    await db.folders.delete(folderId);
    return { archives, folders: 1 };
  }
  const rows = await db.folders.bulkGet(ids);
  await db.trashedFolders.bulkPut(
    rows
      .filter((row): row is FolderRow => !!row)
      .map((row) => ({ ...row, archiveCount: 0, trashedAt: now, trashRootId: folderId })),
  );
  await db.folders.bulkDelete(ids);
  return { archives, folders: ids.length };
}

/** What the Trash holds (read in one transaction; pages call it in liveQuery). */
export async function listTrash(): Promise<TrashContents> {
  const db = getDb();
  return db.transaction('r', db.archives, db.trashedFolders, async () => {
    const trashedFolders = await db.trashedFolders.toArray();
    const archives = await db.archives.where('folderId').startsWith(TRASH_KEY_PREFIX).toArray();
    const inFolder = new Map(trashedFolders.map((f) => [f.id, f.trashRootId]));
    const perRoot = new Map<string, number>();
    const loose: ArchiveRow[] = [];
    let bytes = 0;
    for (const archive of archives) {
      bytes += archive.size ?? 0;
      const root = inFolder.get(originalFolderOf(archive));
      if (root === undefined) loose.push(archive);
      else perRoot.set(root, (perRoot.get(root) ?? 0) + 1);
    }
    const foldersPerRoot = new Map<string, number>();
    for (const f of trashedFolders) {
      foldersPerRoot.set(f.trashRootId, (foldersPerRoot.get(f.trashRootId) ?? 0) + 1);
    }
    const folders = trashedFolders
      .filter((f) => f.id === f.trashRootId)
      .map((folder) => ({
        folder,
        archives: perRoot.get(folder.id) ?? 0,
        subfolders: foldersPerRoot.get(folder.id)! - 1,
      }))
      .sort((a, b) => b.folder.trashedAt - a.folder.trashedAt);
    loose.sort((a, b) => (b.trashedAt ?? 0) - (a.trashedAt ?? 0) || b.id.localeCompare(a.id));
    return { folders, archives: loose, bytes };
  });
}

/**
 * Brings a deleted folder back with its subfolders, nesting and archives: under its old
 * parent if that still exists, else at the top level; a name now taken there gets " (2)".
 * Returns how many archives came back (0 and nothing done when it is no longer in the Trash).
 */
export async function restoreFolderTree(rootId: string): Promise<{ archives: number }> {
  const db = getDb();
  return db.transaction('rw', db.folders, db.archives, db.trashedFolders, async () => {
    const rows = await db.trashedFolders.where('trashRootId').equals(rootId).toArray();
    const root = rows.find((r) => r.id === rootId);
    if (!root) return { archives: 0 };
    const parentId = root.parentId && (await db.folders.get(root.parentId)) ? root.parentId : null;
    const taken = new Set((await childrenOf(parentId)).map((f) => nameKey(f.name)));
    const now = Date.now();
    const restored: FolderRow[] = rows.map(({ trashedAt: _t, trashRootId: _r, ...folder }) =>
      folder.id === rootId
        ? { ...folder, parentId, name: freeName(folder.name, taken), updatedAt: now }
        : folder,
    );
    await db.folders.bulkPut(restored.map((f) => ({ ...f, archiveCount: 0 })));
    await db.trashedFolders.bulkDelete(rows.map((r) => r.id));
    const counts = new FolderCountChanges();
    let archives = 0;
    await db.archives
      .where('folderId')
      .anyOf(rows.map((r) => TRASH_KEY_PREFIX + r.id))
      .modify((row) => {
        row.folderId = originalFolderOf(row);
        delete row.trashedAt;
        counts.move(undefined, row.folderId);
        archives++;
      });
    await counts.apply();
    return { archives };
  });
}

/**
 * Purges what the Trash holds: everything (`cutoff` undefined, "Empty the Trash") or what was
 * deleted at or before `cutoff` (the 30-day purge). Archives go with their records, texts,
 * search terms and sync states. Returns the purged archive ids and when the oldest item left
 * was deleted, so the caller can schedule the next purge.
 */
export async function purgeTrash(
  cutoff = Infinity,
): Promise<{ purged: string[]; nextTrashedAt?: number }> {
  const db = getDb();
  return db.transaction(
    'rw',
    [
      db.archives,
      db.folders,
      db.records,
      db.texts,
      db.searchTerms,
      db.syncStates,
      db.trashedFolders,
      db.thumbnails,
    ],
    async () => {
      const rows = await db.archives.where('folderId').startsWith(TRASH_KEY_PREFIX).toArray();
      const due = (at: number | undefined) => (at ?? 0) <= cutoff;
      const purged = rows.filter((r) => due(r.trashedAt)).map((r) => r.id);
      await purgeArchivesIn(purged);
      const folders = await db.trashedFolders.toArray();
      await db.trashedFolders.bulkDelete(folders.filter((f) => due(f.trashedAt)).map((f) => f.id));
      const waiting = [
        ...rows.filter((r) => !due(r.trashedAt)).map((r) => r.trashedAt!),
        ...folders.filter((f) => !due(f.trashedAt)).map((f) => f.trashedAt),
      ];
      return { purged, nextTrashedAt: waiting.length > 0 ? Math.min(...waiting) : undefined };
    },
  );
}
