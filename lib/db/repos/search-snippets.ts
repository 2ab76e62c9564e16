import type { ArchiveRow } from '../entities';
import { getDb } from '../schema';
import { findSnippet, type Snippet } from '../search-snippet';

/**
 * Where the query matched in each listed search result, for the rows to show: the user's notes
 * first, else the page text. An archive matched only by its title or URL (both shown on the
 * row already) gets none. Read after the results are on screen, so the search itself reads no
 * page text.
 */
export async function searchSnippets(
  archives: ArchiveRow[],
  query: string,
): Promise<Map<string, Snippet>> {
  const out = new Map<string, Snippet>();
  const needText: ArchiveRow[] = [];
  for (const archive of archives) {
    const inNotes = archive.notes ? findSnippet(archive.notes, query) : undefined;
    if (inNotes) out.set(archive.id, inNotes);
    else needText.push(archive);
  }
  if (needText.length === 0) return out;
  const texts = await getDb().texts.bulkGet(needText.map((a) => a.id));
  for (const [i, row] of texts.entries()) {
    const snippet = row?.text ? findSnippet(row.text, query) : undefined;
    if (snippet) out.set(needText[i]!.id, snippet);
  }
  return out;
}
