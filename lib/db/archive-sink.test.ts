import { beforeEach, describe, expect, it } from 'vitest';
import { parseWarc } from '../warc/test-utils';
import { useFreshDb } from './test-db';
import { createArchiveSink } from './archive-sink';
import { createArchive, getArchive } from './repos/archives';
import { archiveRow } from './repos/library-test-utils';
import { listRecords, warcBlob } from './repos/records';
import { getPageText } from './repos/texts';
import type { CaptureMetadata, Exchange } from '../capture/types';

function exchange(url: string, body: string): Exchange {
  const bytes = new TextEncoder().encode(body);
  return {
    id: url,
    resourceType: 'Script',
    startedAt: Date.UTC(2026, 0, 1),
    request: { method: 'GET', url, headers: [['Accept', '*/*']] },
    response: {
      status: 200,
      statusText: 'OK',
      headers: [
        ['Content-Type', 'text/javascript'],
        ['Content-Encoding', 'gzip'],
      ],
      body: { blob: new Blob([bytes]), length: bytes.length },
      mimeType: 'text/javascript',
    },
  };
}

async function parse(blob: Blob) {
  return (await parseWarc(blob)).map((r) => ({
    type: r.record.warcType,
    uri: r.record.warcTargetURI,
    refers: r.warc('WARC-Refers-To-Target-URI')[0],
    payload: new TextDecoder().decode(r.payload),
  }));
}

describe('archive sink', () => {
  beforeEach(async () => {
    useFreshDb();
    await createArchive(archiveRow('f', { id: 'a', status: 'capturing' }));
  });

  it('stores exchanges as response + request records and repeats as revisits', async () => {
    const sink = createArchiveSink('a');
    await sink.exchange(exchange('https://e.test/a.js', 'console.log(1)'));
    await sink.exchange(exchange('https://e.test/b.js', 'console.log(1)'));
    const records = await parse(await warcBlob('a'));
    expect(records.map((r) => [r.type, r.uri])).toEqual([
      ['response', 'https://e.test/a.js'],
      ['request', 'https://e.test/a.js'],
      ['revisit', 'https://e.test/b.js'],
      ['request', 'https://e.test/b.js'],
    ]);
    expect(records[0]!.payload).toContain('console.log(1)');
    expect(records[2]!.refers).toBe('https://e.test/a.js');
    expect(await getArchive('a')).toMatchObject({ responseCount: 2, recordCount: 4 });
    const rows = await listRecords('a');
    expect(rows[0]!.payloadDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('stores bodies held in memory without ever making their Blob (a copy nobody reads)', async () => {
    const sink = createArchiveSink('a');
    for (const [url, text] of [
      ['https://e.test/big.js', 'x'.repeat(100_000)],
      ['https://e.test/again.js', 'x'.repeat(100_000)],
      ['https://e.test/small.js', 'y'],
    ] as const) {
      const ex = exchange(url, text);
      const bytes = new TextEncoder().encode(text);
      ex.response.body = {
        get blob(): Blob {
          throw new Error('the Blob of a body in memory was made');
        },
        bytes,
        length: bytes.length,
      };
      await sink.exchange(ex);
    }
    const records = await parse(await warcBlob('a'));
    expect(records.map((r) => r.type)).toEqual([
      'response',
      'request',
      'revisit',
      'request',
      'response',
      'request',
    ]);
    expect(records[0]!.payload).toBe('x'.repeat(100_000));
  });

  it('keeps the page text for search beside the text resource record', async () => {
    const sink = createArchiveSink('a');
    await sink.resource({
      uri: 'urn:text:https://e.test/',
      contentType: 'text/plain; charset=utf-8',
      body: new Blob(['Hello archive']),
      createdAt: Date.UTC(2026, 0, 1),
    });
    expect(await getPageText('a')).toBe('Hello archive');
    expect((await listRecords('a'))[0]).toMatchObject({
      warcType: 'resource',
      url: 'urn:text:https://e.test/',
    });
  });

  it('keeps the text of every page of a tab recording for search', async () => {
    const sink = createArchiveSink('a');
    for (const [url, text] of [
      ['https://e.test/one', 'First page words'],
      ['https://e.test/two', 'Second page words'],
    ] as const)
      await sink.resource({
        uri: `urn:text:${url}`,
        contentType: 'text/plain; charset=utf-8',
        body: new Blob([text]),
        createdAt: Date.UTC(2026, 0, 1),
      });
    expect(await getPageText('a')).toBe('First page words\n\nSecond page words');
  });

  it('stores overlapping calls in the order they were made, repeats included', async () => {
    const sink = createArchiveSink('a');
    const big = 'let x = 1;\n'.repeat(200_000);
    // The first call has the most to hash and serialize, so the later ones are ready first.
    await Promise.all([
      sink.exchange(exchange('https://e.test/big.js', big)),
      sink.exchange(exchange('https://e.test/small.js', 'small()')),
      sink.exchange(exchange('https://e.test/again.js', 'small()')),
      sink.metadata({
        software: 'Cairn test',
        browserVersion: '1',
        userAgent: 'test',
        viewport: { width: 800, height: 600, deviceScaleFactor: 1 },
        requestedUrl: 'https://e.test/',
        finalUrl: 'https://e.test/',
        title: 'E',
        startedAt: Date.UTC(2026, 0, 1),
        endedAt: Date.UTC(2026, 0, 1),
        timings: {},
        endReason: 'idle',
        responseCount: 3,
        notes: [],
      } satisfies CaptureMetadata),
    ]);
    const records = await parse(await warcBlob('a'));
    expect(records.map((r) => [r.type, r.uri])).toEqual([
      ['response', 'https://e.test/big.js'],
      ['request', 'https://e.test/big.js'],
      ['response', 'https://e.test/small.js'],
      ['request', 'https://e.test/small.js'],
      ['revisit', 'https://e.test/again.js'],
      ['request', 'https://e.test/again.js'],
      ['metadata', 'https://e.test/'],
    ]);
    expect(records[4]!.refers).toBe('https://e.test/small.js');
    expect(await getArchive('a')).toMatchObject({ responseCount: 3, recordCount: 7 });
  });

  it('a failed call does not stop the calls after it', async () => {
    const sink = createArchiveSink('a');
    const broken = exchange('https://e.test/broken.js', 'x');
    broken.response.body = { blob: null as never, length: 5 };
    const results = await Promise.allSettled([
      sink.exchange(broken),
      sink.exchange(exchange('https://e.test/ok.js', 'ok()')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((await parse(await warcBlob('a'))).map((r) => r.uri)).toEqual([
      'https://e.test/ok.js',
      'https://e.test/ok.js',
    ]);
  });
});
