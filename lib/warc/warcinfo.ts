import { WARCRecord, WARC_1_1 } from 'warcio';
import { BlobSerializerBuffer } from './blob-buffer';
import type { BuiltRecord } from './built-record';
import { payloadDigestOf } from './digest';
import { isValidHeaderName, sanitizeHeaderValue } from './http-headers';
import { describeRecord, newRecordId, serializeRecord, warcDate } from './record-serializer';

/** What the warcinfo record of a WARC file says. */
export interface WarcinfoInfo {
  /** File name (WARC-Filename), e.g. from `warcFileName`. */
  filename: string;
  /** Software that wrote the file, e.g. `Cairn 0.1.0`. */
  software: string;
  /** Name of the collection/archive the file belongs to. */
  isPartOf?: string;
  description?: string;
  /** More `name: value` fields; names that are not valid field names are skipped. */
  extra?: Record<string, string>;
  /** WARC-Date; defaults to now. */
  date?: Date;
}

/** The WARC 1.1 specification, as `conformsTo` names it. */
const WARC_1_1_SPEC =
  'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/';

/**
 * The `warcinfo` record that opens a WARC file (application/warc-fields body).
 *
 * warcio writes no digest for warcinfo records; Cairn adds a WARC-Block-Digest anyway so every
 * record of the file can be verified.
 */
export async function buildWarcinfo(info: WarcinfoInfo): Promise<BuiltRecord> {
  const fields: [string, string | undefined][] = [
    ['software', info.software],
    ['format', 'WARC File Format 1.1'],
    ['conformsTo', WARC_1_1_SPEC],
    ['isPartOf', info.isPartOf],
    ['description', info.description],
    ...Object.entries(info.extra ?? {}),
  ];
  const text = fields
    .filter(([name, value]) => isValidHeaderName(name) && value !== undefined && value !== '')
    .map(([name, value]) => `${name}: ${sanitizeHeaderValue(value ?? '')}\r\n`)
    .join('');
  const body = new TextEncoder().encode(text);

  const date = warcDate((info.date ?? new Date()).getTime());
  const record = WARCRecord.create(
    {
      type: 'warcinfo',
      date,
      warcVersion: WARC_1_1,
      warcHeaders: [
        ['WARC-Type', 'warcinfo'],
        ['WARC-Record-ID', newRecordId()],
        ['WARC-Date', date],
        ['WARC-Filename', sanitizeHeaderValue(info.filename)],
        ['Content-Type', 'application/warc-fields'],
        // warcinfo has no HTTP headers, so its block is exactly this body.
        ['WARC-Block-Digest', await payloadDigestOf(new Blob([body]))],
      ],
    },
    [body],
  );
  const out = await serializeRecord(record, new BlobSerializerBuffer());
  return describeRecord(record, out);
}
