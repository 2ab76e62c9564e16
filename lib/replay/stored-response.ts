import { WARCParser } from 'warcio';
import type { RecordRow } from '../db/entities';
import { readBlobChunks } from '../warc/blob-chunks';

/** An archived HTTP response as replay needs it: status, headers and the whole payload. */
export interface StoredResponse {
  url: string;
  date: Date;
  status: number;
  statusText: string;
  headers: Headers;
  payload: Uint8Array;
}

/**
 * Reads one stored response (or revisit) record: a single gzip member, parsed by warcio. A
 * revisit has no payload of its own; `payloadOf` supplies the record holding it (the first
 * complete response with the same digest), whose payload is used with the revisit's headers.
 * Returns undefined for a record without HTTP headers (nothing replay could answer with).
 */
export async function readStoredResponse(
  row: RecordRow,
  payloadOf: (row: RecordRow) => Promise<RecordRow | undefined>,
): Promise<StoredResponse | undefined> {
  const parsed = await parseRecord(row);
  if (!parsed) return undefined;
  let payload = parsed.payload;
  if (row.warcType === 'revisit') {
    const original = await payloadOf(row);
    const originalParsed = original ? await parseRecord(original) : undefined;
    if (!originalParsed) return undefined;
    payload = originalParsed.payload;
  }
  return {
    url: row.url ?? '',
    date: new Date(row.date),
    status: parsed.status,
    statusText: parsed.statusText,
    headers: parsed.headers,
    payload,
  };
}

async function parseRecord(
  row: RecordRow,
): Promise<
  { status: number; statusText: string; headers: Headers; payload: Uint8Array } | undefined
> {
  const parser = new WARCParser(readBlobChunks(row.blob));
  const record = await parser.parse();
  const http = record?.httpHeaders;
  if (!record || !http) return undefined;
  const payload = await record.readFully(false);
  const headers = new Headers();
  for (const [name, value] of http.headers as Headers) {
    // A header value the Headers class refuses (stray control characters) is dropped rather
    // than failing the whole response.
    try {
      headers.append(name, value);
    } catch {
      continue;
    }
  }
  const status = Number(http.statusCode) || 200;
  const statusText = http.statusline.split(' ').slice(2).join(' ');
  return { status, statusText, headers, payload };
}
