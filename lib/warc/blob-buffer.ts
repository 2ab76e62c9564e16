import { BaseSerializerBuffer } from 'warcio';
import { BlobBuilder } from './blob-builder';
import { readBodyChunks } from './blob-chunks';

/**
 * A warcio serializer buffer that keeps the payload in Blobs instead of the JS heap.
 *
 * warcio's WARCSerializer reads the whole payload once to compute the block and payload digests
 * (they go in the WARC headers, which come before the payload), writing every chunk to this
 * buffer, and then replays the buffer to emit the payload. The default SerializerInMemBuffer
 * keeps every chunk in memory, which for a 300 MB video means 300 MB of heap.
 *
 * Two modes:
 * - with a `source` Blob (the Blob the record's reader streams from): `write` only counts bytes
 *   and `readAll` streams the source again. No second copy of the payload is made at all.
 * - without: chunks are collected into ~1 MiB Blob parts, and `readAll` streams those back.
 */
export class BlobSerializerBuffer extends BaseSerializerBuffer {
  readonly #source: Blob | undefined;
  readonly #sourceBytes: Uint8Array | undefined;
  #builder = new BlobBuilder();
  #length = 0;

  /**
   * @param source the Blob the record's payload reader reads, to replay instead of copying.
   * @param sourceBytes the same bytes in memory, when the caller has them (read instead).
   */
  constructor(source?: Blob, sourceBytes?: Uint8Array) {
    super();
    this.#source = source;
    this.#sourceBytes = sourceBytes;
  }

  /** Called by warcio for each payload chunk while it computes the digests. */
  write(chunk: Uint8Array): void {
    this.#length += chunk.byteLength;
    if (!this.#source && !this.#sourceBytes) this.#builder.append(chunk);
  }

  /** Called by warcio to emit the payload after the headers. */
  async *readAll(): AsyncIterable<Uint8Array> {
    if (this.#source || this.#sourceBytes) {
      // The digests were computed over what `write` saw; replaying a different payload would
      // produce a record whose digests lie, so refuse rather than write it.
      const expected = this.#sourceBytes?.byteLength ?? this.#source!.size;
      if (this.#length !== expected) {
        throw new Error(
          `warc: payload reader produced ${this.#length} bytes, expected the source's ${expected}`,
        );
      }
      yield* readBodyChunks(this.#source ?? new Blob([]), this.#sourceBytes);
    } else {
      yield* readBodyChunks(this.#builder.toBlob());
    }
  }

  /** Drops collected chunks (warcio's contract; unused by the serializer itself). */
  purge(): void {
    this.#builder = new BlobBuilder();
    this.#length = 0;
  }

  /** Payload bytes written so far. */
  get length(): number {
    return this.#length;
  }
}
