import { getSurt } from 'warcio';
import type { RecordRow } from '../db/entities';

/** Records a replay tool looks up by URL: responses, revisits and resources (screenshots). */
const INDEXED = new Set(['response', 'revisit', 'resource']);

/**
 * CDXJ index lines (`<SURT> <timestamp> <JSON>`) of one archive's records, as they sit in
 * `filename`: each line gives the record's byte offset and length in that .warc.gz, which
 * Cairn stores with every record, so nothing is read or parsed. Unsorted; the WACZ sorts all.
 */
export function cdxjLines(rows: RecordRow[], filename: string): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    if (!row.url || !INDEXED.has(row.warcType)) continue;
    const fields: Record<string, string> = {
      url: row.url,
      mime: row.warcType === 'revisit' ? 'warc/revisit' : (row.mime ?? 'unk'),
      offset: String(row.offset),
      length: String(row.length),
      filename,
    };
    if (row.status !== undefined) fields.status = String(row.status);
    if (row.payloadDigest) fields.digest = row.payloadDigest;
    // WARC-Date (ISO 8601) to the 14-digit timestamp: its digits, without parsing.
    const timestamp = row.date.replace(/\D/g, '').slice(0, 14);
    lines.push(`${surtOf(row.url)} ${timestamp} ${JSON.stringify(fields)}`);
  }
  return lines;
}

/** SURT form of a URL, the index's sort key; non-HTTP URIs (urn:...) are kept as they are. */
function surtOf(url: string): string {
  try {
    return /^https?:/i.test(url) ? getSurt(url) : url;
  } catch {
    return url;
  }
}
