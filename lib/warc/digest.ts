import { createSHA256 } from 'hash-wasm';
import { readBlobChunks } from './blob-chunks';

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
 * hash-wasm's SHA-256 (the one warcio uses), so no copy of it is ever whole in the heap.
 */
export async function payloadDigestOf(body: Blob | Uint8Array): Promise<string> {
  if (body instanceof Uint8Array) return sha256Digest(body);
  const hasher = await createSHA256();
  hasher.init();
  for await (const chunk of readBlobChunks(body)) hasher.update(chunk);
  return DIGEST_PREFIX + hasher.digest('hex');
}

/** SHA-256 of bytes in memory, by WebCrypto, formatted like the digests Cairn writes. */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  let hex = '';
  for (const byte of hash) hex += byte.toString(16).padStart(2, '0');
  return DIGEST_PREFIX + hex;
}
