import type { ArchiveBoxClient, ArchiveBoxOutputFile } from './archivebox-client';
import { isSyncError } from './sync-error';

/** ArchiveResult plugin name of our WARC (≤32 chars of [A-Za-z0-9_.-], B6). */
export const WARC_PLUGIN = 'chrome_extension_warc';
/** Chunk size: the official extension's minimum is 1 MiB; 8 MiB keeps requests short. */
export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

/** Where our WARC goes inside the ArchiveResult: one file per local archive, never shared. */
export function warcOutputPath(archiveId: string): string {
  return `cairn-${archiveId}.warc.gz`;
}

/**
 * The chunk to continue from, judged from the server's bookkeeping of an earlier try: a
 * complete upload of the same size needs nothing (returns `count`), a partial one of the
 * same chunking resumes after its last received chunk, anything else restarts at 0.
 */
export function resumeIndex(
  file: ArchiveBoxOutputFile | undefined,
  totalSize: number,
  chunkSize: number,
): number {
  const count = Math.max(1, Math.ceil(totalSize / chunkSize));
  if (!file) return 0;
  if (file.upload?.complete && file.size === totalSize) return count;
  // Uploaded in one piece earlier (no chunk bookkeeping) and of the same size: done.
  if (!file.upload && file.size === totalSize) return count;
  const received = file.upload?.chunks_received;
  if (
    file.upload?.chunk_count === count &&
    typeof received === 'number' &&
    received > 0 &&
    received < count &&
    file.size === received * chunkSize
  ) {
    return received;
  }
  return 0;
}

/**
 * Uploads a WARC into a snapshot as an ArchiveResult in resumable chunks (newest 0.9, B6):
 * open the result with status `started`, skip what the server already holds, PATCH the
 * remaining chunks with their offsets (`succeeded` on the last). A 409 offset mismatch
 * re-reads the server's state and resumes from there once.
 */
export async function uploadWarc(
  client: ArchiveBoxClient,
  options: {
    snapshotId: string;
    archiveId: string;
    warc: Blob;
    chunkSize?: number;
    /** Called after each chunk (the engine renews its lease). */
    onProgress?: (sent: number, total: number) => void;
  },
): Promise<void> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const path = warcOutputPath(options.archiveId);
  const total = options.warc.size;
  const count = Math.max(1, Math.ceil(total / chunkSize));
  for (let round = 0; round < 2; round++) {
    const result = await client.openArchiveResult(options.snapshotId, WARC_PLUGIN, {
      source: 'cairn',
      archive_id: options.archiveId,
      files: [path],
    });
    let index = resumeIndex(result.output_files?.[path], total, chunkSize);
    if (index >= count) return;
    try {
      for (; index < count; index++) {
        const offset = index * chunkSize;
        await client.uploadChunk(result.id, {
          path,
          index,
          count,
          offset,
          totalSize: total,
          data: options.warc.slice(offset, Math.min(total, offset + chunkSize)),
          mimeType: 'application/warc',
          last: index === count - 1,
        });
        options.onProgress?.(Math.min(total, offset + chunkSize), total);
      }
      return;
    } catch (error) {
      if (!isSyncError(error, 'conflict') || round === 1) throw error;
    }
  }
}
