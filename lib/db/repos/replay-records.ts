import type { ArchiveRow, RecordRow } from '../entities';
import { getDb } from '../schema';
import { isTrashed } from './archives';

/**
 * The response and revisit records of one archive for one exact URL, in file order: what
 * replay serves for that URL. Blobs are handles; nothing is read here.
 */
export async function responsesForUrl(archiveId: string, url: string): Promise<RecordRow[]> {
  const rows = await getDb().records.where('[archiveId+url]').equals([archiveId, url]).toArray();
  return rows
    .filter((r) => r.warcType === 'response' || r.warcType === 'revisit')
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Other archives captured at this page address (requested or final URL), not deleted, the
 * one captured nearest to `near` first: a link inside a replayed page leads to the capture of
 * its target that is closest in time.
 */
export async function archivesAtUrl(url: string, near: number): Promise<ArchiveRow[]> {
  const rows = await getDb().archives.where('url').equals(url).toArray();
  return rows
    .filter((row) => !isTrashed(row) && row.status !== 'capturing' && row.responseCount > 0)
    .sort((a, b) => Math.abs(a.createdAt - near) - Math.abs(b.createdAt - near));
}
