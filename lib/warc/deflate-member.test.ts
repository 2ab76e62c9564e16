import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import type { Exchange } from '../capture/types';
import { deflateStoredMember } from './deflate-member';
import { buildExchangeRecords } from './exchange-records';
import { pseudoRandomBytes } from './test-utils';

const text = new TextEncoder().encode(
  '<p>The same paragraph, again and again.</p>\n'.repeat(20_000),
);
const noise = pseudoRandomBytes(300_000, 11);

function exchange(body: Uint8Array, mimeType: string): Exchange {
  return {
    id: '1',
    resourceType: 'Document',
    startedAt: Date.UTC(2026, 11, 7),
    request: { url: 'https://example.com/page', method: 'GET', headers: [] },
    response: {
      status: 200,
      statusText: 'OK',
      headers: [['Content-Type', mimeType]],
      mimeType,
      body: { blob: new Blob([body as BlobPart]), bytes: body, length: body.length },
    },
  };
}

async function captured(body: Uint8Array, mimeType: string) {
  const [response] = await buildExchangeRecords(exchange(body, mimeType), { deflateLater: true });
  return response!;
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

describe('a capture record with its deflate deferred', () => {
  it('is written stored, marked, and already a valid record', async () => {
    const record = await captured(text, 'text/html');
    expect(record.deflateLater).toBe(true);
    expect(record.blob.size).toBeGreaterThan(text.length);
    const parsed = await new WARCParser([await bytesOf(record.blob)]).parse();
    expect(new Uint8Array(await parsed!.readFully(false))).toEqual(text);
  });

  it('is not marked when its type is compressed already or it is small', async () => {
    expect((await captured(noise, 'image/jpeg')).deflateLater).toBeUndefined();
    expect((await captured(text.subarray(0, 1000), 'text/html')).deflateLater).toBeUndefined();
  });
});

describe('deflateStoredMember', () => {
  it('deflates a stored member into a smaller one holding the same record bytes', async () => {
    const record = await captured(text, 'text/html');
    const deflated = await deflateStoredMember(record.blob);
    expect(deflated).toBeDefined();
    expect(deflated!.size).toBeLessThan(text.length / 10);
    expect(gunzipSync(await bytesOf(deflated!))).toEqual(gunzipSync(await bytesOf(record.blob)));
    const parsed = await new WARCParser([await bytesOf(deflated!)]).parse();
    expect(parsed?.warcPayloadDigest).toBe(record.payloadDigest);
    expect(new Uint8Array(await parsed!.readFully(false))).toEqual(text);
  });

  it('leaves a payload that does not compress as it is, judged from its start', async () => {
    const record = await captured(noise, 'application/octet-stream');
    expect(record.deflateLater).toBe(true);
    expect(await deflateStoredMember(record.blob)).toBeUndefined();
  });
});
