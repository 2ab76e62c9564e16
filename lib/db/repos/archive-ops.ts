import Dexie from 'dexie';
import { CairnError } from '../../errors';
import type { ArchiveRow } from '../entities';
import { getDb } from '../schema';
import { countedFolderOf, isTrashed, TRASH_KEY_PREFIX } from './archives';
import { FolderCountChanges } from './folder-counts';
import { ensureDefaultFolder } from './folders';
import { reindexArchive } from './texts';

/** The fields of an archive the user can edit; absent fields stay as they are. */
export interface ArchiveEdit {
  title?: string;
  notes?: string;
  isPrivate?: boolean;
  folderId?: string;
}

/** How long the "Undo" of a delete is offered; the archives then stay in the Trash. */
export const TRASH_UNDO_MS = 8_000;

/** Longest title and notes accepted, so one paste cannot bloat every list. */
export const MAX_TITLE_LENGTH = 1000;
export const MAX_NOTES_LENGTH = 20_000;

async function requireFolder(folderId: string): Promise<void> {
  if (!(await getDb().folders.get(folderId))) {
    throw new CairnError('folder-not-found', 'That folder no longer exists.');
  }
}

/**
 * Edits one archive (title, notes, private flag, folder) in one transaction; a new title
 * re-indexes it for search. A missing or trashed archive is 'archive-not-found'.
 */
export async function editArchive(archiveId: string, edit: ArchiveEdit): Promise<void> {
  const patch: Partial<ArchiveRow> = {};
  if (edit.title !== undefined) {
    patch.title = edit.title.replace(/\s+/g, ' ').trim();
    if (patch.title.length > MAX_TITLE_LENGTH) {
      throw new CairnError(
        'title-too-long',
        `A title can have at most ${MAX_TITLE_LENGTH} characters.`,
      );
    }
  }
  if (edit.notes !== undefined) {
    if (edit.notes.length > MAX_NOTES_LENGTH) {
      throw new CairnError(
        'notes-too-long',
        `Notes can have at most ${MAX_NOTES_LENGTH} characters.`,
      );
    }
    patch.notes = edit.notes;
  }
  if (edit.isPrivate !== undefined) patch.isPrivate = edit.isPrivate;
  if (edit.folderId !== undefined) patch.folderId = edit.folderId;
  const db = getDb();
  await db.transaction('rw', [db.archives, db.folders, db.texts, db.searchTerms], async () => {
    const row = await db.archives.get(archiveId);
    if (!row || isTrashed(row)) {
      throw new CairnError('archive-not-found', 'That archive no longer exists.');
    }
    if (patch.folderId !== undefined) await requireFolder(patch.folderId);
    await db.archives.update(archiveId, { ...patch, updatedAt: Date.now() });
    if (patch.folderId !== undefined) {
      const counts = new FolderCountChanges();
      counts.move(row.folderId, patch.folderId);
      await counts.apply();
    }
    const retitled = patch.title !== undefined && patch.title !== row.title;
    const renoted = patch.notes !== undefined && patch.notes !== row.notes;
    if (retitled || renoted) await reindexArchive(archiveId);
  });
}

/** Moves archives (trashed ones skipped) to a folder in one transaction; returns how many. */
export async function moveArchives(archiveIds: string[], folderId: string): Promise<number> {
  const db = getDb();
  return db.transaction('rw', db.archives, db.folders, async () => {
    await requireFolder(folderId);
    const counts = new FolderCountChanges();
    const now = Date.now();
    const moved = await db.archives
      .where('id')
      .anyOf(archiveIds)
      .filter((row) => !isTrashed(row))
      .modify((row) => {
        counts.move(row.folderId, folderId);
        row.folderId = folderId;
        row.updatedAt = now;
      });
    await counts.apply();
    return moved;
  });
}

/** Sets or clears the private flag of archives in one transaction; returns how many. */
export async function setArchivesPrivate(
  archiveIds: string[],
  isPrivate: boolean,
): Promise<number> {
  const db = getDb();
  return db.transaction('rw', db.archives, async () =>
    db.archives
      .where('id')
      .anyOf(archiveIds)
      .filter((row) => !isTrashed(row))
      .modify({ isPrivate, updatedAt: Date.now() }),
  );
}

/**
 * Moves archives to the Trash: hidden from every list, count and search at once, purged by
 * purgeTrash (trash.ts) after TRASH_RETENTION_MS unless restored. The folder is kept in the trash key for a restore.
 * Returns the ids actually trashed (missing or already trashed ones are skipped).
 */
export async function trashArchives(archiveIds: string[], now = Date.now()): Promise<string[]> {
  const db = getDb();
  return db.transaction('rw', db.archives, db.folders, async () => {
    const trashed: string[] = [];
    const counts = new FolderCountChanges();
    await db.archives
      .where('id')
      .anyOf(archiveIds)
      .filter((row) => !isTrashed(row))
      .modify((row) => {
        counts.move(row.folderId, undefined);
        row.folderId = TRASH_KEY_PREFIX + row.folderId;
        row.trashedAt = now;
        trashed.push(row.id);
      });
    await counts.apply();
    return trashed;
  });
}

/**
 * Brings trashed archives back to their folder, or to the default folder when theirs was
 * deleted meanwhile. Already purged ids are skipped; returns how many came back.
 */
export async function restoreArchives(archiveIds: string[]): Promise<number> {
  const db = getDb();
  return db.transaction('rw', db.archives, db.folders, async () => {
    const rows = (await db.archives.bulkGet(archiveIds)).filter(
      (row): row is ArchiveRow => !!row && isTrashed(row),
    );
    if (rows.length === 0) return 0;
    const existing = new Set((await db.folders.toCollection().primaryKeys()) as string[]);
    let fallback: string | undefined;
    const counts = new FolderCountChanges();
    for (const row of rows) {
      const original = row.folderId.startsWith(TRASH_KEY_PREFIX)
        ? row.folderId.slice(TRASH_KEY_PREFIX.length)
        : row.folderId;
      const folderId = existing.has(original)
        ? original
        : (fallback ??= (await ensureDefaultFolder()).id);
      await db.archives.update(row.id, { folderId, trashedAt: undefined });
      counts.move(undefined, folderId);
    }
    await counts.apply();
    return rows.length;
  });
}

/**
 * Deletes archives for good with everything that belongs to them (records and their Blobs,
 * page text, search terms, sync states, thumbnail) and lowers the counts of their folders.
 * Must run inside a transaction that includes archives, folders, records, texts,
 * searchTerms, syncStates and thumbnails (callers open it).
 */
export async function purgeArchivesIn(archiveIds: string[]): Promise<void> {
  if (archiveIds.length === 0) return;
  const db = getDb();
  const counts = new FolderCountChanges();
  for (const row of await db.archives.bulkGet(archiveIds)) {
    if (row) counts.move(countedFolderOf(row), undefined);
  }
  await db.records.where('archiveId').anyOf(archiveIds).delete();
  await db.texts.bulkDelete(archiveIds);
  await db.searchTerms.bulkDelete(archiveIds);
  await db.thumbnails.bulkDelete(archiveIds);
  for (const id of archiveIds) {
    await db.syncStates
      .where('[archiveId+serverId]')
      .between([id, Dexie.minKey], [id, Dexie.maxKey])
      .delete();
  }
  await db.archives.bulkDelete(archiveIds);
  await counts.apply();
}

/** Deletes archives for good in one transaction (see purgeArchivesIn). */
export async function purgeArchives(archiveIds: string[]): Promise<void> {
  const db = getDb();
  await db.transaction(
    'rw',
    [db.archives, db.folders, db.records, db.texts, db.searchTerms, db.syncStates, db.thumbnails],
    () => purgeArchivesIn(archiveIds),
  );
}
