import type { ArchiveRow, RecordRow, WarcType } from '../entities';
import { getDb } from '../schema';
import { isTrashed, newestFirst } from './archives';
import { folderPathOf } from './folders';

/** One line of an archive's "captured URLs" list: the index entry of a record, no payload. */
export interface RecordSummary {
  seq: number;
  warcType: WarcType;
  url?: string;
  status?: number;
  mime?: string;
  /** Bytes of the stored gzip member. */
  length: number;
  /** Bytes of the payload as received (before gzip). */
  payloadLength?: number;
  truncated?: 'length' | 'disconnect';
}

/** One capture of the same URL, for the detail view's list of an address's captures. */
export interface CaptureOfUrl {
  id: string;
  createdAt: number;
  status: ArchiveRow['status'];
  pageStatus?: number;
  isPrivate: boolean;
  /** Folder names from the top down. */
  folderPath: string[];
}

/**
 * Captures of one URL the detail view lists at most: a page archived daily for months shows
 * its newest ones, and search finds the rest.
 */
export const CAPTURES_OF_URL_SHOWN = 50;

/** What the detail view of one archive shows (the screenshot is read separately). */
export interface ArchiveDetail {
  archive: ArchiveRow;
  /** Folder names from the top down. */
  folderPath: string[];
  /**
   * Every capture of the same URL, this one included, newest first (at most
   * CAPTURES_OF_URL_SHOWN; `capturesOfUrlTotal` counts them all). Deleted ones are left out.
   */
  capturesOfUrl: CaptureOfUrl[];
  capturesOfUrlTotal: number;
  records: RecordSummary[];
  /** True when the archive has a screenshot resource (readScreenshot returns it). */
  hasScreenshot: boolean;
  /** True when the archive has a metadata record (readCaptureMetadata returns it). */
  hasMetadata: boolean;
}

/** Prefix of the screenshot resource's target URI (lib/capture/page-extras.ts). */
export const SCREENSHOT_URI_PREFIX = 'urn:view:';

/** An archive with its folder path and record list, or undefined if it does not exist. */
export async function getArchiveDetail(archiveId: string): Promise<ArchiveDetail | undefined> {
  const db = getDb();
  return db.transaction('r', db.archives, db.folders, db.records, async () => {
    const archive = await db.archives.get(archiveId);
    if (!archive) return undefined;
    const folders = await db.folders.toArray();
    const byId = new Map(folders.map((f) => [f.id, f]));
    const rows = await db.records
      .where('[archiveId+seq]')
      .between([archiveId, 0], [archiveId, Infinity])
      .toArray();
    // The url index holds only captures of this exact address: a handful of rows, not a scan.
    const sameUrl = (await db.archives.where('url').equals(archive.url).toArray())
      .filter((row) => !isTrashed(row))
      .sort(newestFirst);
    return {
      archive,
      folderPath: folderPathOf(archive.folderId, byId),
      capturesOfUrl: sameUrl.slice(0, CAPTURES_OF_URL_SHOWN).map((row) => ({
        id: row.id,
        createdAt: row.createdAt,
        status: row.status,
        ...(row.pageStatus !== undefined ? { pageStatus: row.pageStatus } : {}),
        isPrivate: row.isPrivate,
        folderPath: folderPathOf(row.folderId, byId),
      })),
      capturesOfUrlTotal: sameUrl.length,
      records: rows.map(summaryOf),
      hasScreenshot: rows.some(isScreenshot),
      hasMetadata: rows.some((r) => r.warcType === 'metadata'),
    };
  });
}

function summaryOf(row: RecordRow): RecordSummary {
  return {
    seq: row.seq,
    warcType: row.warcType,
    url: row.url,
    status: row.status,
    mime: row.mime,
    length: row.length,
    payloadLength: row.payloadLength,
    truncated: row.truncated,
  };
}

function isScreenshot(row: RecordRow): boolean {
  return row.warcType === 'resource' && (row.url ?? '').startsWith(SCREENSHOT_URI_PREFIX);
}

/**
 * The archive's screenshot as an image Blob (the block of its `urn:view:` resource record,
 * gunzipped), or undefined when the capture has none.
 */
export async function readScreenshot(archiveId: string): Promise<Blob | undefined> {
  // A range of the [archiveId+url] index: only the screenshot rows are read, not every record.
  const rows = await getDb()
    .records.where('[archiveId+url]')
    .between([archiveId, SCREENSHOT_URI_PREFIX], [archiveId, `${SCREENSHOT_URI_PREFIX}\uffff`])
    .toArray();
  const row = rows.find(isScreenshot);
  if (!row) return undefined;
  const block = await readRecordBlock(row.blob);
  return new Blob([block], { type: row.mime ?? 'image/png' });
}

/** The capture's metadata record (JSON written by lib/warc buildMetadataRecord), parsed. */
export async function readCaptureMetadata(
  archiveId: string,
): Promise<Record<string, unknown> | undefined> {
  const rows = await getDb().records.where('archiveId').equals(archiveId).toArray();
  const row = rows.find((r) => r.warcType === 'metadata');
  if (!row) return undefined;
  const block = await readRecordBlock(row.blob);
  try {
    return JSON.parse(new TextDecoder().decode(block)) as Record<string, unknown>;
  } catch {
    // An unreadable record is shown as absent rather than breaking the detail view.
    return undefined;
  }
}

const CRLFCRLF = [13, 10, 13, 10];

/**
 * The block (Content-Length bytes after the WARC headers) of one stored record: a record is
 * a complete gzip member, so it can be gunzipped on its own.
 */
export async function readRecordBlock(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
  const stream = blob.stream().pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const end = indexOfSequence(bytes, CRLFCRLF);
  if (end < 0) throw new Error('WARC record without the end of its headers');
  const head = new TextDecoder().decode(bytes.subarray(0, end));
  const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const start = end + CRLFCRLF.length;
  const length = match ? Number(match[1]) : bytes.length - start;
  return bytes.slice(start, start + length);
}

function indexOfSequence(bytes: Uint8Array, seq: number[]): number {
  outer: for (let i = 0; i + seq.length <= bytes.length; i++) {
    for (let j = 0; j < seq.length; j++) if (bytes[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}
