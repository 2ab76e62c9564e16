import {
  WARCSerializer,
  type BaseSerializerBuffer,
  type WARCRecord,
  type WARCSerializerOpts,
} from 'warcio';
import { BlobBuilder } from './blob-builder';
import { gzipMember, type GzipMode } from './gzip-member';
import type { BuiltRecord } from './built-record';
import { DIGEST_PREFIX } from './digest';

/**
 * How every Cairn record is serialized: one gzip member per record (architecture.md), SHA-256
 * block and payload digests as `sha256:<hex>` (WARC/1.1 practice; base32 is the WARC/1.0 SHA-1
 * habit).
 */
export const SERIALIZER_OPTS: WARCSerializerOpts = {
  gzip: true,
  digest: { algo: 'sha-256', prefix: DIGEST_PREFIX, base32: false },
};

/** A fresh WARC-Record-ID value, `<urn:uuid:...>`. */
export function newRecordId(): string {
  return `<urn:uuid:${crypto.randomUUID()}>`;
}

/** WARC-Date for a time in ms since the epoch: ISO 8601 UTC with milliseconds (WARC/1.1). */
export function warcDate(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Serializes a record into one gzip member held in a Blob.
 *
 * warcio streams: it reads the payload once through `buffer` to compute the digests, then emits
 * headers + payload, which `mode` deflates or stores (see gzipModeFor). Output chunks are
 * coalesced into ~1 MiB Blob parts, so neither the payload nor the compressed member is ever
 * whole in the heap. After this resolves, `record.warcHeaders` holds the digests and
 * Content-Length that were written.
 */
export async function serializeRecord(
  record: WARCRecord,
  buffer: BaseSerializerBuffer,
  mode: GzipMode = 'deflate',
): Promise<Blob> {
  const out = new BlobBuilder();
  const plain = new WARCSerializer(record, { ...SERIALIZER_OPTS, gzip: false }, buffer);
  for await (const chunk of gzipMember(plain as AsyncIterable<Uint8Array>, mode)) {
    out.append(chunk);
  }
  return out.toBlob();
}

/**
 * The BuiltRecord of a serialized record: identity fields are read back from the headers that
 * were actually written (warcio normalizes WARC-Target-URI), `extra` adds what only the
 * caller knows.
 */
export function describeRecord(
  record: WARCRecord,
  blob: Blob,
  extra: Omit<Partial<BuiltRecord>, 'blob' | 'warcType' | 'recordId' | 'date'> = {},
): BuiltRecord {
  const headers = record.warcHeaders.headers;
  const recordId = headers.get('WARC-Record-ID');
  const date = headers.get('WARC-Date');
  if (!recordId || !date) {
    throw new Error('warc: serialized record lacks WARC-Record-ID or WARC-Date');
  }
  const built: BuiltRecord = {
    warcType: record.warcType as BuiltRecord['warcType'],
    recordId,
    date,
    blob,
    ...extra,
  };
  const url = headers.get('WARC-Target-URI');
  if (url) built.url = url;
  const payloadDigest = headers.get('WARC-Payload-Digest');
  if (payloadDigest) built.payloadDigest = payloadDigest;
  return built;
}
