import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import type { Exchange } from '../capture/types';
import { buildExchangeRecords } from './exchange-records';
import { captureGzipPlan, gzipMember, gzipModeFor } from './gzip-member';
import { pseudoRandomBytes } from './test-utils';

const text = new TextEncoder().encode('function f(x) { return x * 2; }\n'.repeat(4000));
const noise = pseudoRandomBytes(200_000, 7);
const sampler = (bytes: Uint8Array) => async (n: number) => bytes.subarray(0, n);

async function member(bytes: Uint8Array, mode: 'deflate' | 'store'): Promise<Buffer> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 50_000) yield bytes.subarray(i, i + 50_000);
  }
  const out: Uint8Array[] = [];
  for await (const chunk of gzipMember(chunks(), mode)) out.push(chunk);
  return Buffer.concat(out);
}

describe('gzipModeFor', () => {
  it('stores payloads of known compressed types without probing them', async () => {
    let probed = false;
    const probe = async () => ((probed = true), text);
    for (const mime of ['image/jpeg', 'image/webp', 'video/mp4', 'font/woff2', 'application/zip'])
      expect(await gzipModeFor(mime, 100_000, probe)).toBe('store');
    expect(probed).toBe(false);
  });

  it('probes other payloads: noise is stored, text and compressible images are deflated', async () => {
    expect(await gzipModeFor('application/octet-stream', noise.length, sampler(noise))).toBe(
      'store',
    );
    expect(await gzipModeFor('image/bmp', noise.length, sampler(noise))).toBe('store');
    expect(await gzipModeFor('text/javascript', text.length, sampler(text))).toBe('deflate');
    expect(await gzipModeFor(undefined, text.length, sampler(text))).toBe('deflate');
  });

  it('deflates small payloads whatever their type', async () => {
    expect(await gzipModeFor('image/jpeg', 1000, sampler(noise))).toBe('deflate');
  });
});

describe('captureGzipPlan', () => {
  it('defers the deflate of anything that might compress, without probing it', () => {
    expect(captureGzipPlan('image/bmp', 200_000)).toBe('later');
    expect(captureGzipPlan('text/javascript', 10_000)).toBe('later');
    expect(captureGzipPlan(undefined, 10_000)).toBe('later');
  });

  it('stores known compressed types and deflates small payloads at once', () => {
    expect(captureGzipPlan('image/jpeg', 200_000)).toBe('store');
    expect(captureGzipPlan('Video/MP4', 200_000)).toBe('store');
    expect(captureGzipPlan('text/html', 1000)).toBe('deflate');
  });
});

describe('gzipMember', () => {
  it.each(['deflate', 'store'] as const)(
    'makes one gzip member that gunzips to the input (%s)',
    async (mode) => {
      for (const input of [text, noise, new Uint8Array(0)]) {
        const gz = await member(input, mode);
        expect(gz[0]).toBe(0x1f);
        expect(gz[1]).toBe(0x8b);
        expect(new Uint8Array(gunzipSync(gz))).toEqual(input);
      }
    },
  );

  it('stores noise at its own size and deflates text to a fraction of it', async () => {
    expect((await member(noise, 'store')).length).toBeLessThan(noise.length * 1.01);
    expect((await member(text, 'deflate')).length).toBeLessThan(text.length / 10);
  });
});

describe('a stored response record', () => {
  it('reads back through warcio with its payload and digests', async () => {
    const exchange: Exchange = {
      id: '1',
      resourceType: 'Image',
      startedAt: Date.UTC(2026, 11, 7),
      request: { url: 'https://example.com/photo.jpg', method: 'GET', headers: [] },
      response: {
        status: 200,
        statusText: 'OK',
        headers: [['Content-Type', 'image/jpeg']],
        mimeType: 'image/jpeg',
        body: { blob: new Blob([noise]), bytes: noise, length: noise.length },
      },
    };
    const [response] = await buildExchangeRecords(exchange);
    const bytes = new Uint8Array(await response!.blob.arrayBuffer());
    // Stored blocks: the member is about as large as the payload.
    expect(bytes.length).toBeGreaterThan(noise.length);
    const record = await new WARCParser([bytes]).parse();
    expect(record?.warcType).toBe('response');
    expect(new Uint8Array(await record!.readFully(false))).toEqual(noise);
    expect(record?.warcPayloadDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
