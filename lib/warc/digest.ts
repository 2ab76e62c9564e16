import { WARCRecord, WARCSerializer, WARC_1_1 } from 'warcio';
import { BlobSerializerBuffer } from './blob-buffer';
import { readBodyChunks } from './blob-chunks';
import { SERIALIZER_OPTS } from './record-serializer';

/** How every digest Cairn writes starts. */
export const DIGEST_PREFIX = 'sha256:';

/** What a WARC-Payload-Digest written by Cairn looks like. */
export const PAYLOAD_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * SHA-256 of a payload, formatted exactly like the WARC-Payload-Digest Cairn writes
 * (`sha256:<hex>`), so it can be used to look up an earlier identical payload for a revisit.
 *
 * A payload in memory (bytes) is hashed by WebCrypto: native, and off the worker's thread
 * (bench/capture: hash-wasm spent 0.3 s of the worker's time on the heavy page's digests).
 * A payload only in a Blob is streamed in 1 MiB slices, which WebCrypto cannot do, through
 * warcio's own digesting pass (its hash-wasm SHA-256) over a throwaway record whose block
 * digest is pre-filled so only the payload is hashed.
 */
export async function payloadDigestOf(body: Blob | Uint8Array): Promise<string> {
  if (body instanceof Uint8Array) return sha256Digest(body);
  const record = WARCRecord.create(
    {
      type: 'resource',
      url: 'urn:cairn:digest',
      warcVersion: WARC_1_1,
      warcHeaders: [['WARC-Block-Digest', 'not-computed']],
    },
    readBodyChunks(body),
  );
  await new WARCSerializer(record, SERIALIZER_OPTS, new BlobSerializerBuffer(body)).digestRecord();
  const digest = record.warcPayloadDigest;
  if (!digest) throw new Error('warc: warcio computed no payload digest');
  return digest;
}

/** SHA-256 of bytes in memory, by WebCrypto, formatted like the digests Cairn writes. */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  let hex = '';
  for (const byte of hash) hex += byte.toString(16).padStart(2, '0');
  return DIGEST_PREFIX + hex;
}
