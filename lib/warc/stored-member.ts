import { createCRC32 } from 'hash-wasm';
import { readBlobChunks } from './blob-chunks';

/** Most bytes one stored deflate block can hold (its LEN field has 16 bits). */
const MAX_BLOCK = 65535;
/** gzip header: magic, deflate, no flags, no mtime, no extra flags, OS unknown. */
const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty stored block with BFINAL set: ends the deflate stream. */
const FINAL_BLOCK = new Uint8Array([1, 0, 0, 0xff, 0xff]);

/** One piece of a member's uncompressed content: bytes in memory, or a Blob. */
export type MemberPart = Uint8Array | Blob;

/**
 * One gzip member of deflate's stored blocks holding `parts` in order, composed as a Blob
 * that refers to the parts instead of copying them through the JS heap.
 *
 * Why: streaming a record through a gzip writer and collecting the output into a new Blob
 * copied every payload once more after it had been read; on bench/capture's heavy page those
 * Blob copies were the service worker's largest cost after the page loaded. A stored block
 * is a 5-byte header before the data, so the member can be assembled from slices of the
 * payload's own Blob (no copy at all) or from views of its bytes (one copy, into the
 * browser's blob store). Only the CRC-32 of the trailer needs to see every byte.
 */
export async function storedMemberBlob(parts: MemberPart[]): Promise<Blob> {
  const crc = await createCRC32();
  crc.init();
  const pieces: BlobPart[] = [GZIP_HEADER];
  let total = 0;
  for (const part of parts) {
    const size = part instanceof Blob ? part.size : part.byteLength;
    if (part instanceof Blob) {
      for await (const chunk of readBlobChunks(part)) crc.update(chunk);
    } else {
      crc.update(part);
    }
    for (let start = 0; start < size; start += MAX_BLOCK) {
      const end = Math.min(start + MAX_BLOCK, size);
      // A view, not a copy: TypedArray.slice would copy the bytes once more.
      const data = part instanceof Blob ? part.slice(start, end) : part.subarray(start, end);
      pieces.push(blockHeader(end - start), data as BlobPart);
    }
    total += size;
  }
  pieces.push(FINAL_BLOCK, trailer(Number.parseInt(crc.digest('hex'), 16), total));
  return new Blob(pieces);
}

/** The header of a stored block of `length` bytes (not final). */
function blockHeader(length: number): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(5);
  const view = new DataView(header.buffer);
  view.setUint16(1, length, true);
  view.setUint16(3, ~length & 0xffff, true);
  return header;
}

/** CRC-32 and length (modulo 2^32) of the uncompressed content, little-endian. */
function trailer(crc: number, length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, length % 2 ** 32, true);
  return out;
}
