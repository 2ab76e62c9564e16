import { getDb } from '../schema';
import type { RecordRow, WarcType } from '../entities';

/** A serialized WARC record ready to be stored (see lib/warc BuiltRecord). */
export interface NewRecord {
  warcType: WarcType;
  recordId: string;
  url?: string;
  date: string;
  status?: number;
  mime?: string;
  payloadDigest?: string;
  payloadLength?: number;
  truncated?: 'length' | 'disconnect';
  /** Stored blocks awaiting their deflate (see BuiltRecord.deflateLater). */
  deflateLater?: true;
  blob: Blob;
}

/**
 * Appends records to an archive in one transaction: each gets the next `seq` and its byte
 * offset in the .warc.gz, and the archive's size and counters move with them. Either all
 * records of the call are stored or none, so a full disk never leaves half an exchange.
 */
export async function appendRecords(
  archiveId: string,
  records: NewRecord[],
  counters: { responses?: number } = {},
): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.archives, db.records, async () => {
    const archive = await db.archives.get(archiveId);
    if (!archive) throw new Error(`records: archive ${archiveId} does not exist`);
    let { size, recordCount } = archive;
    const rows: RecordRow[] = records.map((record) => {
      const row: RecordRow = {
        ...record,
        archiveId,
        seq: recordCount++,
        offset: size,
        length: record.blob.size,
      };
      size += record.blob.size;
      return row;
    });
    await db.records.bulkAdd(rows);
    await db.archives.update(archiveId, {
      size,
      recordCount,
      responseCount: archive.responseCount + (counters.responses ?? 0),
      updatedAt: Date.now(),
    });
  });
}

/** The records of an archive whose members still await their deflate, in file order. */
export async function listDeflateLater(archiveId: string): Promise<RecordRow[]> {
  return (await listRecords(archiveId)).filter((row) => row.deflateLater);
}

/**
 * Swaps members of an archive's records for smaller ones holding the same record (undefined
 * keeps the member and only clears its `deflateLater` mark), in one transaction: every later
 * record's offset and the archive's size follow. Rows whose member changed since they were
 * listed are left alone, so a concurrent writer never loses bytes. The archive's version and
 * updatedAt stay: its content did not change.
 */
export async function replaceMembers(
  archiveId: string,
  members: Map<number, { was: Blob; now: Blob | undefined }>,
): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.archives, db.records, async () => {
    const rows = await listRecords(archiveId);
    const changed: RecordRow[] = [];
    let size = 0;
    for (const row of rows) {
      const swap = row.id === undefined ? undefined : members.get(row.id);
      let edited = false;
      if (swap && row.deflateLater && row.blob.size === swap.was.size) {
        if (swap.now) row.blob = swap.now;
        row.length = row.blob.size;
        delete row.deflateLater;
        edited = true;
      }
      if (row.offset !== size) {
        row.offset = size;
        edited = true;
      }
      if (edited) changed.push(row);
      size += row.length;
    }
    if (changed.length === 0) return;
    await db.records.bulkPut(changed);
    await db.archives.update(archiveId, { size });
  });
}

/** The first response record of an archive with this payload digest (target of a revisit). */
export async function findResponseByDigest(
  archiveId: string,
  payloadDigest: string,
): Promise<RecordRow | undefined> {
  const rows = await getDb()
    .records.where('[archiveId+payloadDigest]')
    .equals([archiveId, payloadDigest])
    .toArray();
  return rows
    .filter((r) => r.warcType === 'response' && !r.truncated)
    .sort((a, b) => a.seq - b.seq)[0];
}

/** All records of an archive in file order. Blobs are handles: no payload is read here. */
export function listRecords(archiveId: string): Promise<RecordRow[]> {
  return getDb()
    .records.where('[archiveId+seq]')
    .between([archiveId, 0], [archiveId, Infinity])
    .toArray();
}

/**
 * The archive as one .warc.gz Blob: the concatenation of its records' gzip members. Built
 * from Blob handles, so nothing is copied into memory.
 */
export async function warcBlob(archiveId: string): Promise<Blob> {
  return warcBlobOf(await listRecords(archiveId));
}

/** The .warc.gz Blob of records already read (in file order), for callers that need both. */
export function warcBlobOf(rows: RecordRow[]): Blob {
  return new Blob(
    rows.map((r) => r.blob),
    { type: 'application/warc' },
  );
}
