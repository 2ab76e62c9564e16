import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StatusAndHeaders, WARCRecord, WARCSerializer, WARC_1_1 } from 'warcio';
import { OrderedHeaders } from './ordered-headers';
import { SERIALIZER_OPTS } from './record-serializer';
import { storedMemberBlob } from './stored-member';
import { serializeStoredRecord } from './stored-record';
import { payloadDigestOf } from './digest';
import { pseudoRandomBytes, sameBytes } from './test-utils';

async function gunzip(blob: Blob): Promise<Buffer> {
  return gunzipSync(Buffer.from(await blob.arrayBuffer()));
}

/** A response record with fixed ids, so two serializations can be compared byte for byte. */
function response(payload: Uint8Array, extra: [string, string][] = []): WARCRecord {
  const record = WARCRecord.create(
    {
      type: 'response',
      url: 'https://example.com/a.bin',
      date: '2026-12-07T10:00:00.000Z',
      warcVersion: WARC_1_1,
      warcHeaders: [
        ['WARC-Record-ID', '<urn:uuid:00000000-0000-4000-8000-000000000001>'],
        ...extra,
      ],
    },
    [payload],
  );
  record.httpHeaders = new StatusAndHeaders({
    statusline: 'HTTP/1.1 200 OK',
    headers: new OrderedHeaders([
      ['Content-Type', 'application/octet-stream'],
      ['Content-Length', String(payload.length)],
    ]),
  });
  return record;
}

describe('storedMemberBlob', () => {
  it('is one gzip member holding the parts in order, across many stored blocks', async () => {
    const a = pseudoRandomBytes(70_000, 1);
    const b = pseudoRandomBytes(200_000, 2);
    const c = new TextEncoder().encode('tail');
    const member = await storedMemberBlob([a, new Blob([b]), new Uint8Array(0), c]);
    const plain = await gunzip(member);
    expect(sameBytes(plain, Buffer.concat([a, b, c]))).toBe(true);
    // Stored, not compressed: 10-byte header, 5 bytes per block, empty final block, trailer.
    const blocks = Math.ceil(a.length / 65535) + Math.ceil(b.length / 65535) + 1;
    expect(member.size).toBe(10 + a.length + b.length + c.length + 5 * blocks + 5 + 8);
  });

  it('makes a valid member of nothing at all', async () => {
    expect((await gunzip(await storedMemberBlob([]))).length).toBe(0);
  });
});

describe('serializeStoredRecord', () => {
  for (const [name, length] of [
    ['a small payload', 5_000],
    ['a payload of many blocks', 300_000],
    ['an empty payload', 0],
  ] as const) {
    it(`writes exactly what warcio's serializer writes, for ${name}`, async () => {
      const payload = pseudoRandomBytes(length, length + 3);
      const reference = await WARCSerializer.serialize(response(payload), {
        ...SERIALIZER_OPTS,
        gzip: false,
      });
      // From bytes in memory (WebCrypto digests) and from a Blob alone (hash-wasm).
      for (const source of [{ bytes: payload }, { blob: new Blob([payload]) }]) {
        const record = response(payload);
        const plain = await gunzip(await serializeStoredRecord(record, source));
        expect(plain.toString('latin1')).toBe(Buffer.from(reference).toString('latin1'));
      }
    });
  }

  it('keeps a payload digest the caller already has, and hashes only the block', async () => {
    const payload = pseudoRandomBytes(10_000, 9);
    const digest = await payloadDigestOf(new Blob([payload]));
    const record = response(payload, [['WARC-Payload-Digest', digest]]);
    await serializeStoredRecord(record, { bytes: payload }, digest);
    expect(record.warcPayloadDigest).toBe(digest);
    const reference = response(payload);
    await new WARCSerializer(reference, SERIALIZER_OPTS).digestRecord();
    expect(record.warcBlockDigest).toBe(reference.warcBlockDigest);
    expect(record.warcPayloadDigest).toBe(reference.warcPayloadDigest);
  });
});
