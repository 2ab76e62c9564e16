import { getDb } from '../schema';

/** Stores (or replaces) the extracted text of an archive's page. */
export async function putPageText(archiveId: string, text: string): Promise<void> {
  await getDb().texts.put({ archiveId, text });
}

/** The extracted text of an archive's page, or undefined. */
export async function getPageText(archiveId: string): Promise<string | undefined> {
  return (await getDb().texts.get(archiveId))?.text;
}
