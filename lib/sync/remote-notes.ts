import type { ArchiveRow } from '../db/entities';

/**
 * The notes an archive carries to a server: the user's notes, and for an archive of several
 * pages (a tab recording, an imported crawl) the list of its pages. Servers know one URL per
 * archive, the first page's; the list says what else the uploaded WARC holds. One function
 * for every path (create, update, and the matching of a create whose answer was lost), so they
 * always send and compare the same text.
 */
export function remoteNotes(archive: Pick<ArchiveRow, 'notes' | 'pages'>): string {
  const pages = archive.pages ?? [];
  if (pages.length < 2) return archive.notes;
  const list = pages
    .map((page, i) => `${i + 1}. ${page.title ? `${page.title} — ` : ''}${page.url}`)
    .join('\n');
  const head = `Pages in this archive (${pages.length}, recorded with Cairn):\n${list}`;
  return archive.notes ? `${archive.notes}\n\n${head}` : head;
}
