import type { FolderRow } from '../entities';
import { getDb } from '../schema';

/**
 * Changes to the per-folder archive counts stored on folder rows (`FolderRow.archiveCount`).
 * The folder tree reads those counts instead of running one index count per folder, so every
 * write that adds, removes or moves a counted (non-trashed) archive records the move here and
 * applies it in its own transaction: an aborted write then leaves the counts as they were.
 */
export class FolderCountChanges {
  private readonly deltas = new Map<string, number>();

  /**
   * Notes that `n` archives left folder `from` and arrived in folder `to`; undefined stands
   * for "not counted anywhere" (created, purged, trashed or restored).
   */
  move(from: string | undefined, to: string | undefined, n = 1): void {
    if (from === to || n === 0) return;
    if (from !== undefined) this.deltas.set(from, (this.deltas.get(from) ?? 0) - n);
    if (to !== undefined) this.deltas.set(to, (this.deltas.get(to) ?? 0) + n);
  }

  /**
   * Writes the changes to the folder rows. Must run inside the read-write transaction of the
   * archive writes (it includes the folders table). A folder without a stored count is left
   * alone (folderTree counts it from the index); a missing folder is skipped.
   */
  async apply(): Promise<void> {
    const changed = [...this.deltas].filter(([, delta]) => delta !== 0);
    this.deltas.clear();
    if (changed.length === 0) return;
    const db = getDb();
    const rows = await db.folders.bulkGet(changed.map(([id]) => id));
    const updated: FolderRow[] = [];
    rows.forEach((row, i) => {
      if (row?.archiveCount === undefined) return;
      updated.push({ ...row, archiveCount: row.archiveCount + changed[i]![1] });
    });
    if (updated.length > 0) await db.folders.bulkPut(updated);
  }
}

/**
 * Archives directly in each folder (trashed ones excluded): the stored count, or for a row
 * written without one (e.g. by a test or an older build) a count of the folderId index.
 * Call it inside a transaction over folders and archives so both agree.
 */
export async function archiveCountsOf(folders: FolderRow[]): Promise<Map<string, number>> {
  const db = getDb();
  const missing = folders.filter((f) => f.archiveCount === undefined).map((f) => f.id);
  const counted = await Promise.all(
    missing.map((id) => db.archives.where('folderId').equals(id).count()),
  );
  const counts = new Map(missing.map((id, i) => [id, counted[i] ?? 0]));
  for (const f of folders) if (f.archiveCount !== undefined) counts.set(f.id, f.archiveCount);
  return counts;
}
