/** Default slice size when reading a Blob: big enough to keep hashing and gzip efficient. */
export const BLOB_READ_CHUNK = 1024 * 1024;

/**
 * Reads a payload as chunks of at most `chunkSize` bytes: from `bytes` when the caller holds
 * them in memory (no blob-store round trips), else from the Blob (see readBlobChunks).
 */
export async function* readBodyChunks(
  blob: Blob,
  bytes?: Uint8Array,
  chunkSize: number = BLOB_READ_CHUNK,
): AsyncGenerator<Uint8Array, void, unknown> {
  if (!bytes) {
    yield* readBlobChunks(blob, chunkSize);
    return;
  }
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    yield bytes.subarray(offset, Math.min(offset + chunkSize, bytes.length));
  }
}

/**
 * Reads a Blob as a sequence of Uint8Array chunks of at most `chunkSize` bytes.
 *
 * Slices are read one at a time, so at most one chunk of the Blob is in the JS heap. We read
 * slices with `arrayBuffer()` rather than `blob.stream()` because async iteration of a
 * ReadableStream only exists from Chrome 124 and the chunk size of `stream()` is up to the
 * engine; fixed 1 MiB slices behave the same in Node and in the service worker.
 */
export async function* readBlobChunks(
  blob: Blob,
  chunkSize: number = BLOB_READ_CHUNK,
): AsyncGenerator<Uint8Array, void, unknown> {
  for (let offset = 0; offset < blob.size; offset += chunkSize) {
    const slice = blob.slice(offset, Math.min(offset + chunkSize, blob.size));
    yield new Uint8Array(await slice.arrayBuffer());
  }
}
