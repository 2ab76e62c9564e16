import Dexie from 'dexie';
import { getDb } from '../schema';
import type { ArchiveRow, CaptureState } from '../entities';
import { searchTermsOf } from '../search-terms';
import { FolderCountChanges } from './folder-counts';
import { reindexArchive } from './texts';

/**
 * Creates an archive row, searchable by its URL and title from the start and counted in its
 * folder (a caller's outer transaction must include folders too).
 */
export async function createArchive(row: ArchiveRow): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.archives, db.folders, db.searchTerms, async () => {
    await db.archives.add(row);
    await db.searchTerms.put({ archiveId: row.id, terms: searchTermsOf(row) });
    const counts = new FolderCountChanges();
    counts.move(undefined, countedFolderOf(row));
    await counts.apply();
  });
}

/** One archive by id, or undefined. */
export function getArchive(id: string): Promise<ArchiveRow | undefined> {
  return getDb().archives.get(id);
}

/**
 * Applies a partial update and bumps `updatedAt`; a new title re-indexes it for search. A
 * change of folder or trash state belongs to archive-ops.ts (it keeps folder counts), so such
 * a patch is refused.
 */
export async function updateArchive(id: string, patch: Partial<ArchiveRow>): Promise<void> {
  if ('folderId' in patch || 'trashedAt' in patch) {
    throw new Error('updateArchive cannot move or trash an archive: use archive-ops.ts');
  }
  const db = getDb();
  if (patch.title === undefined && patch.notes === undefined) {
    await db.archives.update(id, { ...patch, updatedAt: Date.now() });
    return;
  }
  await db.transaction('rw', db.archives, db.texts, db.searchTerms, async () => {
    await db.archives.update(id, { ...patch, updatedAt: Date.now() });
    await reindexArchive(id);
  });
}

/** Updates the live capture state of an archive that is still capturing. */
export async function updateCaptureState(id: string, patch: Partial<CaptureState>): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.archives, async () => {
    const row = await db.archives.get(id);
    if (!row?.capture || row.status !== 'capturing') return;
    await db.archives.update(id, { capture: { ...row.capture, ...patch } });
  });
}

/** Archives whose status is still 'capturing'. */
export function listCapturing(): Promise<ArchiveRow[]> {
  return getDb().archives.where('status').equals('capturing').toArray();
}

/** The newest archives across all folders, newest first (trashed ones skipped). */
export function listRecentArchives(limit: number): Promise<ArchiveRow[]> {
  return getDb()
    .archives.orderBy('createdAt')
    .reverse()
    .filter((row) => !isTrashed(row))
    .limit(limit)
    .toArray();
}

/**
 * Archives of one folder, newest first, trashed ones skipped; read through the
 * [folderId+createdAt] index, so a big library costs no more than the folder's own rows.
 */
export async function listFolderArchives(
  folderId: string,
  limit = 1000,
  order: 'newest' | 'oldest' = 'newest',
): Promise<ArchiveRow[]> {
  const range = () => {
    const all = getDb()
      .archives.where('[folderId+createdAt]')
      .between([folderId, Dexie.minKey], [folderId, Dexie.maxKey]);
    return order === 'newest' ? all.reverse() : all;
  };
  // Without a filter Dexie reads the page with one getAll; a filter would walk a cursor row by
  // row. Trashed archives have a trash folder key, so they are not in this range; should one be
  // (a row trashed by an older build), read again with the filter so the page stays full.
  // Infinity reads the whole folder (IndexedDB takes no infinite count).
  const limited = <T extends { limit(n: number): T }>(c: T) =>
    Number.isFinite(limit) ? c.limit(limit) : c;
  const rows = await limited(range()).toArray();
  if (!rows.some(isTrashed)) return rows;
  return limited(range().filter((row) => !isTrashed(row))).toArray();
}

/**
 * Sorts archives newest first, as the createdAt index read in reverse gives them: archives
 * captured in the same millisecond by id, descending, so every search path, the folder list and
 * the captures of a URL agree on one order.
 */
export function newestFirst(
  a: Pick<ArchiveRow, 'createdAt' | 'id'>,
  b: Pick<ArchiveRow, 'createdAt' | 'id'>,
): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Trashed archives keep their folder under a trash key (`TRASH_KEY_PREFIX` + folder id) so
 * every folderId index read (lists, counts) skips them without loading rows, and a restore
 * knows where they came from.
 */
export const TRASH_KEY_PREFIX = 'trash:';

/** Whether an archive is in the trash (deleted, waiting for purge or undo). */
export function isTrashed(row: Pick<ArchiveRow, 'trashedAt' | 'folderId'>): boolean {
  return row.trashedAt !== undefined || row.folderId.startsWith(TRASH_KEY_PREFIX);
}

/** The folder an archive is counted in: its folder, or undefined while it is trashed. */
export function countedFolderOf(
  row: Pick<ArchiveRow, 'trashedAt' | 'folderId'>,
): string | undefined {
  return isTrashed(row) ? undefined : row.folderId;
}

/**
 * The newest archive of the page at `key` (an address without #fragment, see captureKey)
 * created at or after `since` that is capturing or kept something: what the popup shows
 * instead of archiving the same page again minutes later. Failed and trashed ones do not count.
 */
export async function findRecentCapture(
  key: string,
  since: number,
): Promise<ArchiveRow | undefined> {
  // The url index holds addresses as captured, fragment included: read the key and its
  // #-variants in one range, then keep exact matches.
  const rows = await getDb()
    .archives.where('url')
    .between(key, `${key}#\uffff`, true, true)
    .filter(
      (row) =>
        (row.url === key || row.url.startsWith(`${key}#`)) &&
        row.createdAt >= since &&
        row.status !== 'failed' &&
        !isTrashed(row),
    )
    .toArray();
  return rows.sort(newestFirst)[0];
}
