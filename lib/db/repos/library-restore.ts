import type { ArchiveRow, FolderRow, RecordRow, RemoteFolderRow, SyncStateRow } from '../entities';
import { getDb } from '../schema';
import { searchTermsOf } from '../search-terms';
import { DEFAULT_FOLDER_NAME, compareFolderNames, defaultFolder } from './folders';
import { FolderCountChanges } from './folder-counts';
import { countedFolderOf } from './archives';

/** An archive as a backup brings it back: its row, records, text and sync links. */
export interface RestoredArchive {
  row: ArchiveRow;
  records: Omit<RecordRow, 'id'>[];
  text?: string;
  syncStates: SyncStateRow[];
}

/**
 * Brings a backup's folders into the library, parents first. A folder whose id exists is the
 * same folder; one with the name of a folder already under the same parent (a second
 * restore) is merged into it. The backup's default folder (its oldest top-level one) becomes
 * this library's default, taking its name when that is still the untouched default of a
 * fresh profile; other top-level folders must stay younger than it, since the default is
 * the oldest. Returns the id each backup folder has here.
 */
export async function restoreFolders(folders: FolderRow[]): Promise<Map<string, string>> {
  const db = getDb();
  const idMap = new Map<string, string>();
  await db.transaction('rw', db.folders, async () => {
    const localDefault = await defaultFolder();
    const backupDefault = folders
      .filter((f) => f.parentId === null)
      .sort((a, b) => a.createdAt - b.createdAt)[0];
    if (localDefault && backupDefault && !folders.some((f) => f.id === localDefault.id)) {
      idMap.set(backupDefault.id, localDefault.id);
      if (localDefault.name === DEFAULT_FOLDER_NAME && !localDefault.archiveCount) {
        await db.folders.update(localDefault.id, { name: backupDefault.name });
      }
      folders = folders.filter((f) => f !== backupDefault);
    }
    let younger = localDefault?.createdAt ?? -Infinity;
    const existing = await db.folders.toArray();
    const byId = new Map(existing.map((f) => [f.id, f]));
    const byParentAndName = new Map(
      existing.map((f) => [`${f.parentId ?? ''}\n${f.name.toLowerCase()}`, f.id]),
    );
    const pending = [...folders].sort(compareFolderNames);
    // Parents before children: repeat until no folder waits for its parent.
    while (pending.length > 0) {
      const before = pending.length;
      for (let i = 0; i < pending.length;) {
        const folder = pending[i]!;
        const parentId = folder.parentId === null ? null : idMap.get(folder.parentId);
        if (parentId === undefined) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        const key = `${parentId ?? ''}\n${folder.name.toLowerCase()}`;
        const same = byId.has(folder.id) ? folder.id : byParentAndName.get(key);
        if (same) {
          idMap.set(folder.id, same);
          continue;
        }
        const row: FolderRow = { ...folder, parentId, archiveCount: 0 };
        if (parentId === null && row.createdAt <= younger) row.createdAt = ++younger;
        await db.folders.add(row);
        byId.set(row.id, row);
        byParentAndName.set(key, row.id);
        idMap.set(folder.id, row.id);
      }
      if (pending.length === before) {
        // A parent the backup does not hold: keep the folder at the top level.
        const orphan = pending.shift()!;
        pending.unshift({ ...orphan, parentId: null });
      }
    }
  });
  return idMap;
}

/**
 * Stores one restored archive in one transaction (so an interrupted restore leaves whole
 * archives only). Returns false, writing nothing, when an archive with its id is already
 * here: restoring the same backup twice makes no copies.
 */
export async function restoreArchive(archive: RestoredArchive): Promise<boolean> {
  const db = getDb();
  const tables = [db.archives, db.records, db.texts, db.searchTerms, db.syncStates, db.folders];
  return db.transaction('rw', tables, async () => {
    if (await db.archives.get(archive.row.id)) return false;
    await db.archives.add(archive.row);
    await db.records.bulkAdd(archive.records as RecordRow[]);
    if (archive.text !== undefined) {
      await db.texts.put({ archiveId: archive.row.id, text: archive.text });
    }
    await db.searchTerms.put({
      archiveId: archive.row.id,
      terms: searchTermsOf({ ...archive.row, text: archive.text }),
    });
    if (archive.syncStates.length > 0) await db.syncStates.bulkPut(archive.syncStates);
    const counts = new FolderCountChanges();
    counts.move(undefined, countedFolderOf(archive.row));
    await counts.apply();
    return true;
  });
}

/** Restores links between local folders and their server counterparts. */
export async function restoreRemoteFolders(rows: RemoteFolderRow[]): Promise<void> {
  if (rows.length === 0) return;
  await getDb().remoteFolders.bulkPut(rows);
}

/** What a backup of the library holds besides the WARCs (trashed items are left out). */
export async function libraryForBackup(): Promise<{
  folders: FolderRow[];
  archives: ArchiveRow[];
  syncStates: SyncStateRow[];
  remoteFolders: RemoteFolderRow[];
}> {
  const db = getDb();
  return db.transaction(
    'r',
    [db.folders, db.archives, db.syncStates, db.remoteFolders],
    async () => {
      const archives = (await db.archives.toArray()).filter(
        (a) => countedFolderOf(a) !== undefined && a.status !== 'capturing' && a.recordCount > 0,
      );
      const ids = new Set(archives.map((a) => a.id));
      return {
        folders: await db.folders.toArray(),
        archives,
        syncStates: (await db.syncStates.toArray()).filter((s) => ids.has(s.archiveId)),
        remoteFolders: await db.remoteFolders.toArray(),
      };
    },
  );
}
