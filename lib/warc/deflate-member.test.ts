import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { deflateStoredMember } from './deflate-member';
import { buildExchangeRecords } from './exchange-records';
import { bodyExchange, pseudoRandomBytes } from './test-utils';

const text = new TextEncoder().encode(
  '<p>The same paragraph, again and again.</p>\n'.repeat(20_000),
);
const noise = pseudoRandomBytes(300_000, 11);

async function captured(body: Uint8Array, mimeType: string) {
  const [response] = await buildExchangeRecords(
    bodyExchange('https://example.com/page', body, mimeType),
    {
      deflateLater: true,
    },
  );
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
