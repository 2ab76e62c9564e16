import { getDb } from '../schema';
import type { ArchiveRow, CaptureState } from '../entities';
import { searchTermsOf } from '../search-terms';
import { reindexArchive } from './texts';

/** Creates an archive row, searchable by its URL and title from the start. */
export async function createArchive(row: ArchiveRow): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.archives, db.searchTerms, async () => {
    await db.archives.add(row);
    await db.searchTerms.put({ archiveId: row.id, terms: searchTermsOf(row) });
  });
}

/** One archive by id, or undefined. */
export function getArchive(id: string): Promise<ArchiveRow | undefined> {
  return getDb().archives.get(id);
}

/** Applies a partial update and bumps `updatedAt`; a new title re-indexes it for search. */
export async function updateArchive(id: string, patch: Partial<ArchiveRow>): Promise<void> {
  const db = getDb();
  if (patch.title === undefined) {
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

/** The newest archives across all folders, newest first. */
export function listRecentArchives(limit: number): Promise<ArchiveRow[]> {
  return getDb().archives.orderBy('createdAt').reverse().limit(limit).toArray();
}

/** The capture in progress for a tab, if any. */
export async function findCapturingInTab(tabId: number): Promise<ArchiveRow | undefined> {
  const rows = await listCapturing();
  return rows.find((row) => row.capture?.tabId === tabId);
}
