/** Size at which pending chunks are turned into one Blob part. */
export const BLOB_PART_SIZE = 1024 * 1024;

/**
 * Collects a stream of byte chunks into a Blob without keeping the whole output in the JS heap.
 *
 * Chunks are buffered until about `partSize` bytes are pending and then moved into a Blob part
 * (in Chrome that hands the bytes to the browser's blob storage, which pages to disk when
 * large). Coalescing matters: gzip output arrives in chunks of a few KiB, and a Blob made of
 * 100k tiny parts is slow to build and to read back.
 *
 * Appended chunks are kept by reference until the next flush, so callers must not reuse or
 * mutate a chunk after appending it.
 */
export class BlobBuilder {
  readonly #partSize: number;
  readonly #parts: Blob[] = [];
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #size = 0;
  #maxPendingBytes = 0;

  /** @param partSize bytes per Blob part; the last part may be smaller. */
  constructor(partSize: number = BLOB_PART_SIZE) {
    this.#partSize = partSize;
  }

  /** Adds a chunk at the end of the output. Empty chunks are ignored. */
  append(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.byteLength;
    this.#size += chunk.byteLength;
    this.#maxPendingBytes = Math.max(this.#maxPendingBytes, this.#pendingBytes);
    if (this.#pendingBytes >= this.#partSize) this.#flush();
  }

  /** The output so far as one Blob. Can be called more than once; appending may continue. */
  toBlob(type = ''): Blob {
    this.#flush();
    return new Blob(this.#parts, { type });
  }

  /** Total bytes appended. */
  get size(): number {
    return this.#size;
  }

  /** Number of Blob parts made so far (for tests: proves chunks were coalesced). */
  get partCount(): number {
    return this.#parts.length;
  }

  /** Most bytes ever held in the JS heap at once (for tests: proves the output was streamed). */
  get maxPendingBytes(): number {
    return this.#maxPendingBytes;
  }

  #flush(): void {
    if (this.#pendingBytes === 0) return;
    // BlobPart wants ArrayBuffer-backed views; a chunk could in theory sit on a
    // SharedArrayBuffer, which Blob rejects, so the cast is only for the type checker.
    this.#parts.push(new Blob(this.#pending as BlobPart[]));
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}
