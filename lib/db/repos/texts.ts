import { getDb } from '../schema';
import { searchTermsOf } from '../search-terms';

/** Stores (or replaces) the extracted text of an archive's page and re-indexes it for search. */
export async function putPageText(archiveId: string, text: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.texts, db.archives, db.searchTerms, async () => {
    await db.texts.put({ archiveId, text });
    const archive = await db.archives.get(archiveId);
    if (archive)
      await db.searchTerms.put({ archiveId, terms: searchTermsOf({ ...archive, text }) });
  });
}

/** The extracted text of an archive's page, or undefined. */
export async function getPageText(archiveId: string): Promise<string | undefined> {
  return (await getDb().texts.get(archiveId))?.text;
}

/**
 * Rebuilds an archive's search terms from its current title, URL and stored text; call it
 * in the same transaction as a title change (the caller opens it over archives, texts and
 * searchTerms).
 */
export async function reindexArchive(archiveId: string): Promise<void> {
  const db = getDb();
  const archive = await db.archives.get(archiveId);
  if (!archive) return;
  const text = (await db.texts.get(archiveId))?.text;
  await db.searchTerms.put({ archiveId, terms: searchTermsOf({ ...archive, text }) });
}
