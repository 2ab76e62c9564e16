import type { ThumbnailRow } from '../entities';
import { getDb } from '../schema';

/** The stored thumbnail of an archive: undefined when none was made yet (see ThumbnailRow). */
export function getThumbnail(archiveId: string): Promise<ThumbnailRow | undefined> {
  return getDb().thumbnails.get(archiveId);
}

/**
 * Keeps an archive's thumbnail, or the fact that it has no screenshot (`blob` undefined), so
 * the next list does not look again. Ignored when the archive is gone meanwhile.
 */
export async function putThumbnail(archiveId: string, blob: Blob | undefined): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.archives, db.thumbnails, async () => {
    if (!(await db.archives.get(archiveId))) return;
    await db.thumbnails.put(blob ? { archiveId, blob } : { archiveId });
  });
}
