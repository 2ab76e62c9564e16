/**
 * Collects a response body chunk by chunk with bounded memory: chunks are gathered into Blob
 * parts of about PART_BYTES, so a 300 MB body is a few hundred Blobs (held by the browser's
 * blob store, not the JS heap) instead of one giant string or array.
 */
import { base64ToBytes, concatBytes } from '../bytes';
import type { RecordedBody } from './types';

/** Size of the Blob parts chunks are coalesced into. */
export const PART_BYTES = 2 * 1024 * 1024;

/** Accumulates one body up to a size cap; see `RecordedBody` for the truncation marks. */
export class BodyAccumulator {
  private readonly parts: Blob[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private stored = 0;
  private cut: RecordedBody['truncated'];

  /** @param maxBytes bytes to keep; anything after is dropped and the body marked 'length'. */
  constructor(private readonly maxBytes: number) {}

  /** Bytes kept so far. */
  get length(): number {
    return this.stored;
  }

  /** Whether the cap was reached (later chunks are ignored without decoding them). */
  get full(): boolean {
    return this.cut === 'length';
  }

  /** Appends raw bytes. */
  append(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.cut === 'length') return;
    const room = this.maxBytes - this.stored;
    let chunk = bytes;
    if (chunk.length > room) {
      chunk = chunk.subarray(0, Math.max(0, room));
      this.cut = 'length';
    }
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.stored += chunk.length;
    if (this.pendingBytes >= PART_BYTES) this.seal();
  }

  /** Appends a base64 chunk (CDP stream data). */
  appendBase64(b64: string): void {
    if (this.cut === 'length' || b64.length === 0) return;
    this.append(base64ToBytes(b64));
  }

  /** Marks the body as cut short by a broken connection (unless the cap already cut it). */
  markDisconnected(): void {
    this.cut ??= 'disconnect';
  }

  /** The body so far as one Blob (made of the parts, not copied again). */
  finish(contentType = ''): RecordedBody {
    if (this.parts.length === 0) {
      // Small body: one Blob, and the bytes kept beside it for the WARC writer.
      const bytes = concatBytes(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      return smallBody(bytes, this.stored, contentType, this.cut);
    }
    this.seal();
    const blob = new Blob(this.parts, { type: contentType });
    return this.cut
      ? { blob, length: this.stored, truncated: this.cut }
      : { blob, length: this.stored };
  }

  private seal(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob(this.pending as BlobPart[]));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/**
 * A body held in memory, whose Blob is made only when something asks for it.
 *
 * Why: the WARC writer reads `bytes` and builds the record's member from them, so a Blob made
 * at once was a copy into the browser's blob store that nobody read; on bench/capture's heavy
 * page those copies cost the service worker 0.4 s while the archive was being completed.
 */
function smallBody(
  bytes: Uint8Array,
  length: number,
  contentType: string,
  cut: RecordedBody['truncated'],
): RecordedBody {
  let blob: Blob | undefined;
  return {
    get blob() {
      return (blob ??= new Blob([bytes as BlobPart], { type: contentType }));
    },
    bytes,
    length,
    ...(cut ? { truncated: cut } : {}),
  };
}

/** A whole body that arrived in one piece, capped at `maxBytes`. */
export function recordedBody(bytes: Uint8Array, maxBytes: number, contentType = ''): RecordedBody {
  const acc = new BodyAccumulator(maxBytes);
  acc.append(bytes);
  return acc.finish(contentType);
}
