import { getDb } from '../schema';

/**
 * An archive of `url` whose records carry exactly these WARC-Record-IDs: the same file (or
 * Cairn's own export of that archive) imported before. Returns its id and title.
 */
export async function findSameArchive(
  url: string,
  recordIds: string[],
): Promise<{ id: string; title: string } | undefined> {
  const db = getDb();
  const wanted = new Set(recordIds);
  const candidates = await db.archives.where('url').equals(url).toArray();
  for (const archive of candidates) {
    if (archive.trashedAt !== undefined || archive.recordCount < wanted.size) continue;
    const ids = new Set<string>();
    await db.records
      .where('[archiveId+seq]')
      .between([archive.id, 0], [archive.id, Infinity])
      .each((row) => void ids.add(row.recordId));
    if ([...wanted].every((id) => ids.has(id))) return { id: archive.id, title: archive.title };
  }
  return undefined;
}
