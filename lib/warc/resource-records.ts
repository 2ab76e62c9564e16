import { WARCRecord, WARC_1_1 } from 'warcio';
import type { CaptureMetadata, CaptureResource } from '../capture/types';
import { BlobSerializerBuffer } from './blob-buffer';
import { readBlobChunks } from './blob-chunks';
import type { BuiltRecord } from './built-record';
import { essenceOf, sanitizeHeaderValue } from './http-headers';
import { describeRecord, newRecordId, serializeRecord, warcDate } from './record-serializer';

/** Options of {@link buildResourceRecord}. */
export interface ResourceRecordOptions {
  /** Record id of a record made in the same capture (e.g. the page's response). */
  concurrentTo?: string;
  /**
   * Record id of the record this resource was derived from. WARC 1.1 §5.8 forbids
   * WARC-Refers-To on resource records, so it is written as (another) WARC-Concurrent-To,
   * which links records of the same capture event and is allowed here.
   */
  refersTo?: string;
}

/**
 * A `resource` record for a non-HTTP item of the capture (screenshot, page text) under its
 * `urn:` URI. The body Blob is streamed, never read whole.
 */
export async function buildResourceRecord(
  res: CaptureResource,
  opts: ResourceRecordOptions = {},
): Promise<BuiltRecord> {
  const contentType = sanitizeHeaderValue(res.contentType) || 'application/octet-stream';
  const date = warcDate(res.createdAt);
  const warcHeaders: [string, string][] = [
    ['WARC-Type', 'resource'],
    ['WARC-Record-ID', newRecordId()],
    ['WARC-Date', date],
    ['WARC-Target-URI', sanitizeHeaderValue(res.uri)],
  ];
  const links = new Set([opts.concurrentTo, opts.refersTo].filter((id): id is string => !!id));
  for (const id of links) warcHeaders.push(['WARC-Concurrent-To', sanitizeHeaderValue(id)]);
  warcHeaders.push(['Content-Type', contentType]);

  const record = WARCRecord.create(
    { type: 'resource', url: res.uri, date, warcVersion: WARC_1_1, warcHeaders },
    readBlobChunks(res.body),
  );
  const buffer = new BlobSerializerBuffer(res.body);
  const out = await serializeRecord(record, buffer);
  return describeRecord(record, out, {
    mime: essenceOf(contentType),
    payloadLength: buffer.length,
  });
}

/** Options of {@link buildMetadataRecord}. */
export interface MetadataRecordOptions {
  /** WARC-Target-URI; defaults to the capture's requested URL. */
  targetUri?: string;
  /** Record id of the record this metadata describes (e.g. the page's response). */
  concurrentTo?: string;
}

/**
 * A `metadata` record (application/json) saying how the capture was made: software, browser,
 * viewport, timings, end reason. Its WARC-Date is the capture's start, so it sorts and
 * indexes next to the page's response record.
 */
export async function buildMetadataRecord(
  meta: CaptureMetadata,
  opts: MetadataRecordOptions = {},
): Promise<BuiltRecord> {
  const targetUri = sanitizeHeaderValue(opts.targetUri ?? meta.requestedUrl);
  const date = warcDate(meta.startedAt);
  const warcHeaders: [string, string][] = [
    ['WARC-Type', 'metadata'],
    ['WARC-Record-ID', newRecordId()],
    ['WARC-Date', date],
    ['WARC-Target-URI', targetUri],
  ];
  if (opts.concurrentTo) {
    warcHeaders.push(['WARC-Concurrent-To', sanitizeHeaderValue(opts.concurrentTo)]);
  }
  warcHeaders.push(['Content-Type', 'application/json']);

  const json = new TextEncoder().encode(JSON.stringify(meta, null, 2));
  const record = WARCRecord.create(
    { type: 'metadata', url: targetUri, date, warcVersion: WARC_1_1, warcHeaders },
    [json],
  );
  const buffer = new BlobSerializerBuffer();
  const out = await serializeRecord(record, buffer);
  return describeRecord(record, out, { mime: 'application/json', payloadLength: buffer.length });
}
