import type { ArchivePage, ArchiveRow } from '../db/entities';
import { createArchive, updateArchive } from '../db/repos/archives';
import { findSameArchive } from '../db/repos/imports';
import { appendRecords, type NewRecord } from '../db/repos/records';
import { putPageText } from '../db/repos/texts';
import { BlobBuilder } from '../warc/blob-builder';
import { readBlobChunks } from '../warc/blob-chunks';
import { gzipMember } from '../warc/gzip-member';
import { htmlTitleAndText } from './html-text';
import type { ListedPage } from './wacz-reader';
import { readWarc, type FoundRecord, type WarcLayout } from './warc-reader';

/** A WARC file to import (a file the user picked, or a WARC inside a WACZ). */
export interface WarcSource {
  blob: Blob;
  name: string;
}

/** What one import did. */
export type ImportOutcome =
  | { kind: 'imported'; archiveId: string; title: string; pages: number; records: number }
  | { kind: 'duplicate'; archiveId: string; title: string };

/** Records appended per transaction. */
const BATCH = 64;

/**
 * Imports WARC data as one archive in `folderId`: every record, stored byte for byte (a
 * record of a plain, uncompressed WARC becomes its own gzip member), and the pages found in
 * it, each with its URL, title, capture time and text for search.
 *
 * Pages: those `listed` (a WACZ's pages.jsonl); else the responses marked
 * `WARC-Resource-Type: document` (Cairn, Browsertrix); else every successful HTML response.
 * Text: a `urn:text:` record of the page where there is one, else the page's HTML.
 *
 * Every file is read through once before anything is written, so a damaged file imports
 * nothing and says why. The archive is written as "partial: import interrupted" and marked
 * complete at the end, so a closed tab leaves an honest partial archive. The same records
 * imported before (same page URL, same WARC-Record-IDs) are not imported again.
 */
export async function importWarcs(
  sources: WarcSource[],
  opts: {
    folderId: string;
    isPrivate?: boolean;
    label: string;
    listed?: ListedPage[];
    onProgress?: (bytes: number, total: number) => void;
  },
): Promise<ImportOutcome> {
  const total = sources.reduce((n, s) => n + s.blob.size, 0);
  let done = 0;
  const files: Array<{ source: WarcSource; layout: WarcLayout; records: FoundRecord[] }> = [];
  const pageText = new Map<string, { title?: string; text: string }>();
  const textRecords = new Map<string, string>();
  for (const source of sources) {
    const records: FoundRecord[] = [];
    const { layout } = await readWarc(source.blob, source.name, {
      wantPayload: (r) => isHtmlPage(r) || isTextResource(r),
      onRecord: (record) => {
        if (record.payload && isTextResource(record)) {
          textRecords.set(
            record.url!.slice('urn:text:'.length),
            new TextDecoder().decode(record.payload),
          );
        } else if (record.payload && !pageText.has(record.url!)) {
          pageText.set(record.url!, htmlTitleAndText(record.payload, record.charset));
        }
        delete record.payload;
        records.push(record);
        // Reading is the first half of the work, storing the second.
        opts.onProgress?.((done + record.offset + record.length) / 2, total);
      },
    });
    done += source.blob.size;
    files.push({ source, layout, records });
  }

  const all = files.flatMap((f) => f.records);
  const pages = findPages(all, opts.listed, pageText);
  const first = pages[0] ?? {
    url: all.find((r) => r.url && r.warcType === 'response')?.url ?? opts.label,
    title: opts.label,
    ts: Date.now(),
  };
  const same = await findSameArchive(first.url, all.map((r) => r.recordId).filter(Boolean));
  if (same) return { kind: 'duplicate', archiveId: same.id, title: same.title };

  const now = Date.now();
  const row: ArchiveRow = {
    id: crypto.randomUUID(),
    url: first.url,
    title: first.title,
    notes: '',
    folderId: opts.folderId,
    isPrivate: opts.isPrivate ?? false,
    status: 'partial',
    reasonCode: 'import-interrupted',
    reason: `The import of ${opts.label} was interrupted; the records read before that are kept.`,
    trigger: 'import',
    createdAt: first.ts,
    updatedAt: now,
    size: 0,
    recordCount: 0,
    responseCount: 0,
    importedFrom: opts.label,
    ...(pages.length > 1 ? { pages } : {}),
  };
  await createArchive(row);
  let written = 0;
  let storedBytes = 0;
  for (const file of files) {
    let batch: NewRecord[] = [];
    let responses = 0;
    const flush = async () => {
      if (batch.length > 0) await appendRecords(row.id, batch, { responses });
      written += batch.length;
      batch = [];
      responses = 0;
      opts.onProgress?.((total + storedBytes) / 2, total);
    };
    for (const record of file.records) {
      batch.push(await storedRecord(file.source.blob, record, file.layout));
      storedBytes += record.length;
      if (record.warcType === 'response' || record.warcType === 'revisit') responses++;
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  }
  const listedText = new Map((opts.listed ?? []).map((p) => [p.url, p.text]));
  const texts = pages
    .map((p) => listedText.get(p.url) || textRecords.get(p.url) || pageText.get(p.url)?.text || '')
    .filter(Boolean);
  if (texts.length > 0) await putPageText(row.id, texts.join('\n\n'));
  await updateArchive(row.id, {
    status: 'complete',
    reasonCode: undefined,
    reason: undefined,
    endedAt: Date.now(),
  });
  return {
    kind: 'imported',
    archiveId: row.id,
    title: row.title,
    pages: pages.length,
    records: written,
  };
}

function isHtmlPage(r: FoundRecord): boolean {
  return (
    r.warcType === 'response' &&
    (r.mime === 'text/html' || r.mime === 'application/xhtml+xml') &&
    r.status !== undefined &&
    r.status >= 200 &&
    r.status < 300
  );
}

function isTextResource(r: FoundRecord): boolean {
  return r.warcType === 'resource' && (r.url ?? '').startsWith('urn:text:');
}

/** The archive's pages in capture order (see importWarcs). */
function findPages(
  records: FoundRecord[],
  listed: ListedPage[] | undefined,
  pageText: Map<string, { title?: string; text: string }>,
): ArchivePage[] {
  const dateOf = new Map<string, number>();
  for (const r of records) if (r.url && !dateOf.has(r.url)) dateOf.set(r.url, Date.parse(r.date));
  const page = (url: string, title?: string, ts?: number): ArchivePage => ({
    url,
    title: title || pageText.get(url)?.title || url,
    ts: ts !== undefined && Number.isFinite(ts) ? ts : (dateOf.get(url) ?? Date.now()),
  });
  if (listed && listed.length > 0) {
    return listed.map((p) => page(p.url, p.title, p.ts ? Date.parse(p.ts) : undefined));
  }
  const marked = records.some((r) => r.resourceType !== undefined);
  const seen = new Set<string>();
  const pages: ArchivePage[] = [];
  for (const r of records) {
    if (!isHtmlPage(r) || (marked && r.resourceType !== 'document') || seen.has(r.url!)) continue;
    seen.add(r.url!);
    pages.push(page(r.url!, undefined, Date.parse(r.date)));
  }
  return pages.sort((a, b) => a.ts - b.ts);
}

/** A found record as Cairn stores it: one gzip member, sliced or made from the plain bytes. */
async function storedRecord(file: Blob, r: FoundRecord, layout: WarcLayout): Promise<NewRecord> {
  const slice = file.slice(r.offset, r.offset + r.length);
  let blob = slice;
  if (layout === 'plain') {
    const out = new BlobBuilder();
    for await (const chunk of gzipMember(readBlobChunks(slice), 'deflate')) out.append(chunk);
    blob = out.toBlob();
  }
  // The index fields as found; what only the import used stays behind.
  const {
    offset: _offset,
    length: _length,
    charset: _charset,
    blockDigest: _blockDigest,
    resourceType: _resourceType,
    payload: _payload,
    ...fields
  } = r;
  return { ...fields, blob };
}
