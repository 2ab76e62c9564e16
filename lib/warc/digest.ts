import { WARCRecord, WARCSerializer, WARC_1_1 } from 'warcio';
import { BlobSerializerBuffer } from './blob-buffer';
import { readBodyChunks } from './blob-chunks';
import { SERIALIZER_OPTS } from './record-serializer';

/** What a WARC-Payload-Digest written by Cairn looks like. */
export const PAYLOAD_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * SHA-256 of a payload, formatted exactly like the WARC-Payload-Digest Cairn writes
 * (`sha256:<hex>`), so it can be used to look up an earlier identical payload for a revisit.
 *
 * Streams the Blob in 1 MiB slices (or reads `bytes`, the same payload in memory, if given). WebCrypto's `digest()` cannot hash incrementally, so this
 * drives warcio's own digesting pass (its hash-wasm SHA-256) over a throwaway record: the result
 * has the same format as the real records by construction, and no extra dependency is needed.
 * The block digest is pre-filled so only the payload is hashed.
 */
export async function payloadDigestOf(body: Blob, bytes?: Uint8Array): Promise<string> {
  const record = WARCRecord.create(
    {
      type: 'resource',
      url: 'urn:cairn:digest',
      warcVersion: WARC_1_1,
      warcHeaders: [['WARC-Block-Digest', 'not-computed']],
    },
    readBodyChunks(body, bytes),
  );
  await new WARCSerializer(
    record,
    SERIALIZER_OPTS,
    new BlobSerializerBuffer(body, bytes),
  ).digestRecord();
  const digest = record.warcPayloadDigest;
  if (!digest) throw new Error('warc: warcio computed no payload digest');
  return digest;
}
