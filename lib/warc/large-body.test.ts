import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { readBlobChunks } from './blob-chunks';
import { payloadDigestOf } from './digest';
import { buildExchangeRecords } from './exchange-records';
import { pseudoRandomBytes, sampleExchange } from './test-utils';

const MiB = 1024 * 1024;
const SIZE = 64 * MiB + 123; // not a multiple of the chunk size, to cover the last slice

/**
 * A full garbage collection, when Node lets us turn it on at run time (it does on Node 20+).
 * Without it, freed 1 MiB slices linger and blur any memory measurement.
 */
function findGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/**
 * Peak growth of live ArrayBuffer memory while `run` executes, collecting garbage before each
 * sample. In Node, Uint8Array payload chunks AND Blob contents are counted there (in Chrome
 * Blobs live in the browser's blob storage instead), so the peak is the output Blob plus
 * whatever the serializer holds in between.
 */
async function peakLiveBuffers<T>(
  gc: () => void,
  run: () => Promise<T>,
): Promise<{ result: T; peak: number }> {
  gc();
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  // Node releases some backing stores only a tick after the collection that found them dead,
  // so collect, yield, and collect again before reading.
  const sample = async () => {
    gc();
    await new Promise((done) => setImmediate(done));
    gc();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  };
  const timer = setInterval(() => void sample(), 100);
  try {
    const result = await run();
    await sample();
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

describe('large bodies', () => {
  it('serializes a 64 MiB body as a stream; digest and length survive a round trip', async () => {
    // Generate in 1 MiB pieces (each with its own seed) and hash as we go, so the test never
    // needs the whole payload as one array either.
    const parts: Blob[] = [];
    const expected = createHash('sha256');
    for (let offset = 0, i = 0; offset < SIZE; offset += MiB, i++) {
      const piece = pseudoRandomBytes(Math.min(MiB, SIZE - offset), i + 1);
      expected.update(piece);
      parts.push(new Blob([piece]));
    }
    const expectedDigest = `sha256:${expected.digest('hex')}`;
    const body = new Blob(parts);
    expect(body.size).toBe(SIZE);
    const ex = sampleExchange({
      resourceType: 'Media',
      response: {
        headers: [['Content-Type', 'video/mp4']],
        mimeType: 'video/mp4',
        body: { blob: body, length: SIZE },
      },
    });

    const gc = findGc();
    const started = performance.now();
    const { result, peak } = gc
      ? await peakLiveBuffers(gc, () => buildExchangeRecords(ex))
      : { result: await buildExchangeRecords(ex), peak: NaN };
    const elapsed = performance.now() - started;
    const [response] = result;
    console.info(
      `[large-body] 64 MiB record built in ${Math.round(elapsed)} ms; peak live ArrayBuffers ` +
        `+${(peak / MiB).toFixed(1)} MiB; gzip member ${(response!.blob.size / MiB).toFixed(1)} MiB`,
    );
    expect(response!.payloadLength).toBe(SIZE);
    expect(response!.payloadDigest).toBe(expectedDigest);
    if (gc) {
      // Streaming: the output member (~SIZE) plus a few MiB in flight. A serializer buffer
      // holding the payload (warcio's default) would add another SIZE on top.
      expect(peak).toBeLessThan(SIZE * 1.5);
    } else {
      console.warn('[large-body] could not enable gc(); memory bound not checked');
    }
    // Random bytes do not compress: the member must hold at least the whole payload.
    expect(response!.blob.size).toBeGreaterThan(SIZE);

    // payloadDigestOf streams too and agrees.
    expect(await payloadDigestOf(body)).toBe(expectedDigest);

    // Parse back with warcio.js, hashing the payload as it streams out.
    let parsedRecords = 0;
    for await (const record of WARCParser.iterRecords(readBlobChunks(response!.blob))) {
      parsedRecords++;
      expect(record.warcType).toBe('response');
      expect(record.warcPayloadDigest).toBe(expectedDigest);
      expect(record.httpHeaders?.headers.get('content-length')).toBe(String(SIZE));
      const hash = createHash('sha256');
      let length = 0;
      for await (const chunk of record.reader) {
        hash.update(chunk);
        length += chunk.length;
      }
      expect(length).toBe(SIZE);
      expect(`sha256:${hash.digest('hex')}`).toBe(expectedDigest);
    }
    expect(parsedRecords).toBe(1);

    // Independently of warcio: gunzip the member with zlib and check the block digest.
    const blockDigest = await blockDigestOf(response!.blob);
    expect(blockDigest.trailerOk).toBe(true);
    expect(blockDigest.written).toBe(blockDigest.computed);
  }, 240_000);
});

/** Streams a record member through zlib and hashes its block (the bytes after the headers). */
async function blockDigestOf(
  blob: Blob,
): Promise<{ written: string | undefined; computed: string; trailerOk: boolean }> {
  const gunzip = Readable.from(readBlobChunks(blob)).pipe(createGunzip());
  let head = Buffer.alloc(0);
  let remaining = -1;
  let written: string | undefined;
  const hash = createHash('sha256');
  let trailer = Buffer.alloc(0);
  for await (const raw of gunzip) {
    let chunk = raw as Buffer;
    if (remaining < 0) {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) continue;
      const lines = head.subarray(0, end).toString('utf8').split('\r\n');
      remaining = Number(lines.find((l) => l.startsWith('Content-Length:'))?.split(':')[1]);
      written = lines.find((l) => l.startsWith('WARC-Block-Digest:'))?.split(': ')[1];
      chunk = head.subarray(end + 4);
    }
    const take = Math.min(remaining, chunk.length);
    hash.update(chunk.subarray(0, take));
    remaining -= take;
    trailer = Buffer.concat([trailer, chunk.subarray(take)]);
  }
  return {
    written,
    computed: `sha256:${hash.digest('hex')}`,
    trailerOk: remaining === 0 && trailer.toString() === '\r\n\r\n',
  };
}
