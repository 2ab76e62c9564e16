import { describe, expect, it } from 'vitest';
import { BlobBuilder } from './blob-builder';
import { BlobSerializerBuffer } from './blob-buffer';
import { readBlobChunks } from './blob-chunks';
import { pseudoRandomBytes, sameBytes } from './test-utils';

async function collect(iter: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of iter) parts.push(chunk);
  return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
}

describe('BlobBuilder', () => {
  it('coalesces many small chunks into few parts and keeps the bytes', async () => {
    const data = pseudoRandomBytes(300_000);
    const builder = new BlobBuilder(64 * 1024);
    for (let i = 0; i < data.length; i += 1000) builder.append(data.slice(i, i + 1000));
    const blob = builder.toBlob();
    expect(blob.size).toBe(data.length);
    expect(builder.size).toBe(data.length);
    // 300 appends became ceil(300000 / 65536) parts, give or take one chunk per part.
    expect(builder.partCount).toBeLessThanOrEqual(5);
    expect(builder.maxPendingBytes).toBeLessThan(64 * 1024 + 1000);
    expect(sameBytes(new Uint8Array(await blob.arrayBuffer()), data)).toBe(true);
  });

  it('ignores empty chunks and gives an empty Blob when nothing was appended', () => {
    const builder = new BlobBuilder();
    builder.append(new Uint8Array());
    expect(builder.toBlob().size).toBe(0);
    expect(builder.partCount).toBe(0);
  });
});

describe('readBlobChunks', () => {
  it.each([0, 1, 999, 1000, 1001, 4321])('reads %i bytes in slices of at most 1000', async (n) => {
    const data = pseudoRandomBytes(n);
    const sizes: number[] = [];
    const parts: Uint8Array[] = [];
    for await (const chunk of readBlobChunks(new Blob([data]), 1000)) {
      sizes.push(chunk.length);
      parts.push(chunk);
    }
    expect(sizes.every((s) => s > 0 && s <= 1000)).toBe(true);
    expect(sameBytes(new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer()), data)).toBe(
      true,
    );
  });
});

describe('BlobSerializerBuffer', () => {
  it('collects written chunks into Blob parts and replays them', async () => {
    const data = pseudoRandomBytes(3 * 1024 * 1024 + 17);
    const buffer = new BlobSerializerBuffer();
    for (let i = 0; i < data.length; i += 65536) buffer.write(data.slice(i, i + 65536));
    expect(buffer.length).toBe(data.length);
    expect(sameBytes(await collect(buffer.readAll()), data)).toBe(true);
    buffer.purge();
    expect(buffer.length).toBe(0);
    expect(await collect(buffer.readAll())).toHaveLength(0);
  });

  it('replays its source Blob without copying the writes', async () => {
    const data = pseudoRandomBytes(5000);
    const source = new Blob([data]);
    const buffer = new BlobSerializerBuffer(source);
    // What was written is only counted; the source is what gets replayed.
    buffer.write(new Uint8Array(5000));
    expect(sameBytes(await collect(buffer.readAll()), data)).toBe(true);
  });

  it('refuses to replay a source whose size differs from what was digested', async () => {
    const buffer = new BlobSerializerBuffer(new Blob([new Uint8Array(10)]));
    buffer.write(new Uint8Array(9));
    await expect(collect(buffer.readAll())).rejects.toThrow(/9 bytes/);
  });
});
