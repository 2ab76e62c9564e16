import type { ArchiveRow } from '../entities';
import { getDb } from '../schema';
import { createArchive } from './archives';
import { appendRecords, type NewRecord } from './records';
import { putPageText } from './texts';

let clock = Date.UTC(2026, 0, 1);

/** Deterministic xorshift32 in [0, 1): a failing seed can be replayed, a bench reseeded alike. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** An archive row with sensible defaults; each call is newer than the previous one. */
export function archiveRow(folderId: string, overrides: Partial<ArchiveRow> = {}): ArchiveRow {
  clock += 1000;
  return {
    id: crypto.randomUUID(),
    url: 'https://example.test/page',
    title: 'A page',
    notes: '',
    folderId,
    isPrivate: false,
    status: 'complete',
    trigger: 'action',
    createdAt: clock,
    updatedAt: clock,
    size: 0,
    recordCount: 0,
    responseCount: 0,
    ...overrides,
  };
}

/** A small stored record (not a real gzip member; enough for repository tests). */
export function fakeRecord(url: string, bytes = 'x'.repeat(100)): NewRecord {
  return {
    warcType: 'response',
    recordId: `<urn:uuid:${crypto.randomUUID()}>`,
    url,
    date: '2026-01-01T00:00:00Z',
    status: 200,
    mime: 'text/html',
    blob: new Blob([bytes]),
  };
}

/**
 * Stores an archive through the real repositories, with one record, page text (so texts and
 * searchTerms rows exist) and a sync state, like a captured and synced page.
 */
export async function seedArchive(
  folderId: string,
  overrides: Partial<ArchiveRow> = {},
  text = 'some page text',
): Promise<ArchiveRow> {
  const row = archiveRow(folderId, overrides);
  await createArchive(row);
  await appendRecords(row.id, [fakeRecord(row.url)], { responses: 1 });
  await putPageText(row.id, text);
  await getDb().syncStates.put({
    archiveId: row.id,
    serverId: 'server-1',
    state: 'synced',
    updatedAt: row.createdAt,
  });
  return row;
}

/** How many rows each table holds for one archive (all 0 once it is purged). */
export async function rowsOf(archiveId: string) {
  const db = getDb();
  return {
    archive: (await db.archives.get(archiveId)) ? 1 : 0,
    records: await db.records.where('archiveId').equals(archiveId).count(),
    texts: (await db.texts.get(archiveId)) ? 1 : 0,
    searchTerms: (await db.searchTerms.get(archiveId)) ? 1 : 0,
    syncStates: await db.syncStates
      .where('[archiveId+serverId]')
      .equals([archiveId, 'server-1'])
      .count(),
  };
}
