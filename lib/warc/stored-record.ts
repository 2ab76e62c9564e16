import { createSHA256 } from 'hash-wasm';
import type { WARCRecord } from 'warcio';
import { readBlobChunks } from './blob-chunks';
import { storedMemberBlob } from './stored-member';
import { DIGEST_PREFIX, sha256Digest } from './digest';

const encoder = new TextEncoder();
const CRLF = new Uint8Array([13, 10]);
const CRLF2 = new Uint8Array([13, 10, 13, 10]);

/** A payload as the capture holds it: a Blob, and for small bodies the same bytes. */
export interface StoredPayload {
  blob?: Blob;
  bytes?: Uint8Array;
}

/**
 * Serializes a record with an HTTP head and a payload into one gzip member of stored blocks,
 * writing exactly what warcio's WARCSerializer writes (its header formatting, SHA-256 block
 * and payload digests as `sha256:<hex>`, Content-Length), without passing the payload through
 * a serializer: the member refers to the payload's Blob or bytes (storedMemberBlob).
 *
 * Digests of a payload held in memory use WebCrypto, which is native and runs off the
 * worker's thread; a payload only in a Blob is streamed once through hash-wasm. After this
 * resolves, `record.warcHeaders` holds the digests and Content-Length that were written.
 *
 * @param payloadDigest the payload's digest when the caller already has it (not hashed again).
 */
export async function serializeStoredRecord(
  record: WARCRecord,
  payload: StoredPayload,
  payloadDigest?: string,
): Promise<Blob> {
  // The HTTP head as warcio writes it: its own lines, then the blank line.
  const head = record.httpHeaders
    ? encoder.encode(record.httpHeaders.toString() + '\r\n')
    : new Uint8Array(0);
  const length = payload.bytes?.byteLength ?? payload.blob?.size ?? 0;
  const digests = payload.bytes
    ? await digestsInMemory(head, payload.bytes, payloadDigest)
    : await digestsOfBlob(head, payload.blob ?? new Blob([]), payloadDigest);
  const headers = record.warcHeaders.headers;
  // Set in warcio's order, so the header block reads the same as its serializer's.
  if (record.warcType !== 'revisit') headers.set('WARC-Payload-Digest', digests.payload);
  headers.set('WARC-Block-Digest', digests.block);
  headers.set('Content-Length', String(head.byteLength + length));
  const warcHead = encoder.encode(record.warcHeaders.toString());
  const start = new Uint8Array(warcHead.byteLength + CRLF.byteLength + head.byteLength);
  start.set(warcHead, 0);
  start.set(CRLF, warcHead.byteLength);
  start.set(head, warcHead.byteLength + CRLF.byteLength);
  const body = payload.bytes ?? payload.blob ?? new Uint8Array(0);
  return storedMemberBlob([start, body, CRLF2]);
}

async function digestsInMemory(
  head: Uint8Array,
  bytes: Uint8Array,
  payloadDigest: string | undefined,
): Promise<{ payload: string; block: string }> {
  // WebCrypto cannot hash in pieces: the block (HTTP head + payload) is hashed as one copy.
  const block = new Uint8Array(head.byteLength + bytes.byteLength);
  block.set(head, 0);
  block.set(bytes, head.byteLength);
  const [payload, blockDigest] = await Promise.all([
    payloadDigest ?? sha256Digest(bytes),
    sha256Digest(block),
  ]);
  return { payload, block: blockDigest };
}

async function digestsOfBlob(
  head: Uint8Array,
  blob: Blob,
  payloadDigest: string | undefined,
): Promise<{ payload: string; block: string }> {
  const block = await createSHA256();
  const payload = payloadDigest ? undefined : await createSHA256();
  block.init();
  payload?.init();
  block.update(head);
  for await (const chunk of readBlobChunks(blob)) {
    block.update(chunk);
    payload?.update(chunk);
  }
  return {
    payload: payloadDigest ?? DIGEST_PREFIX + payload!.digest('hex'),
    block: DIGEST_PREFIX + block.digest('hex'),
  };
}
