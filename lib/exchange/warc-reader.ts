import { Gunzip } from 'fflate';
import { WARCParser, type WARCRecord } from 'warcio';
import type { NewRecord } from '../db/repos/records';
import type { WarcType } from '../db/entities';
import { CairnError } from '../errors';

/**
 * One record of a WARC file being imported, as found in the file: the index fields Cairn
 * stores with every record, plus where it sits in the file and what the import needs.
 */
export interface FoundRecord extends Omit<NewRecord, 'blob' | 'payloadLength'> {
  /** Where the record starts in the file, and its length there (up to the next record). */
  offset: number;
  length: number;
  /** The charset parameter of the response's Content-Type, if it named one. */
  charset?: string;
  blockDigest?: string;
  /** WARC-Resource-Type (Cairn, Browsertrix): 'document' marks a page's own response. */
  resourceType?: string;
  /** The payload, decoded, when `wantPayload` asked for it. */
  payload?: Uint8Array;
}

/** What the file is: per-record gzip members, or plain WARC text. */
export type WarcLayout = 'gzip-per-record' | 'plain';

const KNOWN_TYPES = new Set(['warcinfo', 'request', 'response', 'revisit', 'resource', 'metadata']);

/**
 * Reads the records of a WARC file (1.0 or 1.1, gzipped per record or not) as a stream, with
 * bounded memory: payloads are skipped unless `wantPayload` asks for one (up to
 * `maxPayload` bytes). Each record's offset and length are where it sits in the file, so
 * its bytes can be sliced from the file afterwards.
 *
 * A file gzipped as a whole (several records in one member) cannot be sliced into records;
 * it is refused with a message that says how to convert it. A damaged or truncated file
 * throws a message naming the file and the offset where reading failed.
 */
export async function readWarc(
  file: Blob,
  fileName: string,
  opts: {
    wantPayload?: (record: FoundRecord) => boolean;
    maxPayload?: number;
    onRecord?: (record: FoundRecord, layout: WarcLayout) => void | Promise<void>;
  },
): Promise<{ layout: WarcLayout; count: number }> {
  const maxPayload = opts.maxPayload ?? 8 * 1024 * 1024;
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const layout: WarcLayout = head[0] === 0x1f && head[1] === 0x8b ? 'gzip-per-record' : 'plain';
  if (layout === 'gzip-per-record') await checkGzip(file, fileName);
  const parser = new WARCParser(file.stream() as unknown as AsyncIterable<Uint8Array>);
  let pending: FoundRecord | undefined;
  let count = 0;
  const emit = async (next: number) => {
    if (!pending) return;
    pending.length = next - pending.offset;
    if (pending.length <= 0) {
      throw new CairnError(
        'warc-whole-gzip',
        `${fileName} is gzipped as a whole rather than record by record, so its records cannot be stored one by one. Convert it first, for example with "warcio recompress ${fileName} fixed.warc.gz", then import the new file.`,
      );
    }
    count++;
    await opts.onRecord?.(pending, layout);
    pending = undefined;
  };
  try {
    for await (const record of parser) {
      const offset = parser.offset;
      await emit(offset);
      const found = describe(record, offset);
      if (found.payload === undefined && opts.wantPayload?.(found)) {
        const length = record.warcContentLength;
        if (length <= maxPayload) found.payload = await record.readFully(true);
      }
      await record.skipFully();
      pending = found;
    }
    await emit(file.size);
  } catch (error) {
    if (error instanceof CairnError) throw error;
    throw new CairnError(
      'warc-damaged',
      `${fileName} is damaged or is not a WARC file: reading stopped ${pending ? `after the record at byte ${pending.offset}` : 'at its start'} (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
  if (count === 0) {
    throw new CairnError('warc-empty', `${fileName} holds no WARC records.`);
  }
  return { layout, count };
}

/**
 * Decompresses the whole file once, without keeping anything, to find damage before warcio
 * reads it: warcio 2.4 loops forever on a gzip stream that ends mid-member (a download cut
 * short), which would hang the page.
 */
async function checkGzip(file: Blob, fileName: string): Promise<void> {
  const gunzip = new Gunzip();
  gunzip.ondata = () => undefined;
  const chunk = 1024 * 1024;
  let at = 0;
  try {
    for (; at < file.size; at += chunk) {
      const bytes = new Uint8Array(await file.slice(at, at + chunk).arrayBuffer());
      gunzip.push(bytes, at + chunk >= file.size);
    }
  } catch (error) {
    throw new CairnError(
      'warc-damaged',
      /EOF/i.test(String(error))
        ? `${fileName} is damaged: its gzip data is cut short (the file is incomplete, ${file.size} bytes).`
        : `${fileName} is damaged: its gzip data is corrupt (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
}

function describe(record: WARCRecord, offset: number): FoundRecord {
  const headers = record.warcHeaders.headers;
  const type = record.warcType ?? '';
  // WARC 1.1 also has 'conversion' and 'continuation': they are kept, filed as metadata, so
  // nothing in the file is dropped.
  const found: FoundRecord = {
    offset,
    length: 0,
    warcType: (KNOWN_TYPES.has(type) ? type : 'metadata') as WarcType,
    recordId: headers.get('WARC-Record-ID') ?? '',
    date: headers.get('WARC-Date') ?? '',
  };
  const url = record.warcTargetURI;
  if (url) found.url = url;
  const payloadDigest = headers.get('WARC-Payload-Digest');
  if (payloadDigest) found.payloadDigest = payloadDigest;
  const blockDigest = headers.get('WARC-Block-Digest');
  if (blockDigest) found.blockDigest = blockDigest;
  const truncated = headers.get('WARC-Truncated');
  if (truncated === 'length' || truncated === 'disconnect') found.truncated = truncated;
  const resourceType = headers.get('WARC-Resource-Type');
  if (resourceType) found.resourceType = resourceType.toLowerCase();
  if (record.httpHeaders && (type === 'response' || type === 'revisit')) {
    found.status = Number(record.httpHeaders.statusCode);
    const contentType = record.httpHeaders.headers.get('content-type');
    if (contentType) found.mime = contentType.split(';')[0]!.trim().toLowerCase();
    const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
    if (charset) found.charset = charset;
  } else {
    const contentType = record.warcContentType;
    if (contentType) found.mime = contentType.split(';')[0]!.trim().toLowerCase();
  }
  return found;
}
