import { describe, expect, it, vi } from 'vitest';
import { BodyAccumulator, PART_BYTES, recordedBody } from './body-buffer';

const bytes = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => (i + seed) & 0xff);

describe('BodyAccumulator', () => {
  it('keeps every byte in order across coalesced parts', async () => {
    const acc = new BodyAccumulator(Number.MAX_SAFE_INTEGER);
    const chunks = [bytes(PART_BYTES - 1), bytes(10, 1), bytes(PART_BYTES * 2, 2), bytes(1, 3)];
    for (const chunk of chunks) acc.append(chunk);
    const body = acc.finish('application/octet-stream');
    const expected = Buffer.concat(chunks.map((c) => Buffer.from(c)));
    expect(body.length).toBe(expected.length);
    expect(body.truncated).toBeUndefined();
    expect(Buffer.from(await body.blob.arrayBuffer()).equals(expected)).toBe(true);
  });

  it('stops at the cap and marks the body truncated by length', async () => {
    const acc = new BodyAccumulator(25);
    acc.appendBase64(Buffer.from(bytes(20)).toString('base64'));
    acc.append(bytes(20, 20));
    expect(acc.full).toBe(true);
    acc.appendBase64('!!! not even base64, never decoded once full');
    acc.markDisconnected();
    const body = acc.finish();
    expect(body).toMatchObject({ length: 25, truncated: 'length' });
    expect(Array.from(new Uint8Array(await body.blob.arrayBuffer()))).toEqual(
      Array.from(bytes(25)),
    );
  });

  it('marks a broken stream as disconnect', () => {
    const acc = new BodyAccumulator(100);
    acc.append(bytes(10));
    acc.markDisconnected();
    expect(acc.finish()).toMatchObject({ length: 10, truncated: 'disconnect' });
  });

  it('recordedBody caps a whole body', () => {
    expect(recordedBody(bytes(10), 100)).toMatchObject({ length: 10 });
    expect(recordedBody(bytes(10), 4)).toMatchObject({ length: 4, truncated: 'length' });
  });
});

describe('small bodies in memory', () => {
  it('keeps the bytes of a body under one part beside its Blob, identical to it', async () => {
    const acc = new BodyAccumulator(1024);
    acc.append(new Uint8Array([1, 2, 3]));
    acc.append(new Uint8Array([4, 5]));
    const body = acc.finish('text/plain');
    expect([...body.bytes!]).toEqual([1, 2, 3, 4, 5]);
    expect([...new Uint8Array(await body.blob.arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
    expect(body.blob.type).toBe('text/plain');
  });

  it('makes the Blob of a small body only when it is asked for, and only once', () => {
    let made = 0;
    vi.stubGlobal(
      'Blob',
      class extends Blob {
        constructor(...args: ConstructorParameters<typeof Blob>) {
          super(...args);
          made++;
        }
      },
    );
    try {
      const acc = new BodyAccumulator(1024);
      acc.append(new Uint8Array([1, 2, 3]));
      const body = acc.finish();
      expect(made).toBe(0);
      expect(body.blob).toBe(body.blob);
      expect(made).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('keeps a large body only in Blob parts', () => {
    const acc = new BodyAccumulator(Infinity);
    acc.append(new Uint8Array(PART_BYTES + 10));
    const body = acc.finish();
    expect(body.bytes).toBeUndefined();
    expect(body.length).toBe(PART_BYTES + 10);
  });
});
