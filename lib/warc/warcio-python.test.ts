import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuiltRecord } from './built-record';
import { buildExchangeRecords } from './exchange-records';
import { warcFileName } from './file-name';
import { buildMetadataRecord, buildResourceRecord } from './resource-records';
import { pseudoRandomBytes, sampleExchange, sampleMetadata } from './test-utils';
import { buildWarcinfo } from './warcinfo';

/** Python with warcio: $WARCIO_PYTHON, else the project's .venv (see the README of test setup). */
function findWarcioPython(): string | undefined {
  const candidates = [process.env.WARCIO_PYTHON, resolve(__dirname, '../../.venv/bin/python')];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

const python = findWarcioPython();
const inCi = process.env.CI === 'true';

if (!python && !inCi) {
  console.warn(
    '\n!!! lib/warc/warcio-python.test.ts SKIPPED: no Python warcio found. Create it with\n' +
      '!!!   python3 -m venv .venv && .venv/bin/pip install warcio\n' +
      '!!! or set WARCIO_PYTHON=/path/to/python. In CI (CI=true) this test fails instead.\n',
  );
}

/** Runs Python warcio's CLI (`python -m warcio` is not runnable, so call its main()). */
function warcio(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(
    python!,
    ['-c', 'import sys; from warcio.cli import main; main(sys.argv[1:])', ...args],
    { encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A file with every record type Cairn writes. */
async function buildSampleFile(): Promise<BuiltRecord[]> {
  const page = sampleExchange({});
  const [response, request] = await buildExchangeRecords(page);
  const h2 = sampleExchange({
    id: 'req-2',
    resourceType: 'Script',
    request: {
      url: 'https://cdn.example.com/app.js',
      headers: [
        [':authority', 'cdn.example.com'],
        [':path', '/app.js'],
      ],
    },
    response: {
      statusText: '',
      protocol: 'h2',
      headers: [
        [':status', '200'],
        ['content-type', 'text/javascript'],
        ['content-encoding', 'br'],
      ],
      body: {
        blob: new Blob([pseudoRandomBytes(3 * 1024 * 1024 + 5)]),
        length: 3 * 1024 * 1024 + 5,
      },
    },
  });
  const h2Records = await buildExchangeRecords(h2);
  const truncated = sampleExchange({
    id: 'req-3',
    request: { url: 'https://example.com/video.mp4' },
  });
  truncated.response.body!.truncated = 'length';
  const post = sampleExchange({
    id: 'req-4',
    request: {
      method: 'POST',
      url: 'https://example.com/api',
      body: new TextEncoder().encode('a=1&b=2'),
    },
    response: { status: 201, statusText: 'Created' },
  });
  const redirect = sampleExchange({
    id: 'req-5',
    request: { url: 'http://example.com/' },
    response: {
      status: 301,
      statusText: '',
      body: undefined,
      headers: [['Location', 'https://example.com/']],
    },
  });
  const revisit = await buildExchangeRecords(
    sampleExchange({ id: 'req-6', request: { url: 'https://example.com/again.html' } }),
    { revisitOf: { targetUri: response!.url!, date: response!.date } },
  );
  const screenshot = await buildResourceRecord(
    {
      uri: `urn:view:${page.request.url}`,
      contentType: 'image/png',
      body: new Blob([pseudoRandomBytes(50_000)]),
      createdAt: page.startedAt + 1000,
    },
    { concurrentTo: response!.recordId },
  );
  const metadata = await buildMetadataRecord(sampleMetadata, { concurrentTo: response!.recordId });
  const warcinfo = await buildWarcinfo({
    filename: warcFileName({ url: page.request.url, date: new Date(page.startedAt) }),
    software: 'Cairn test',
    isPartOf: 'Tests',
  });
  return [
    warcinfo,
    response!,
    request!,
    ...h2Records,
    ...(await buildExchangeRecords(truncated)),
    ...(await buildExchangeRecords(post)),
    ...(await buildExchangeRecords(redirect)),
    ...revisit,
    screenshot,
    metadata,
  ];
}

describe('Python warcio accepts our files', () => {
  it.skipIf(!python && !inCi)('passes `warcio check` and `warcio index`', async () => {
    expect(
      python,
      'Python warcio is required in CI: set WARCIO_PYTHON or create .venv',
    ).toBeDefined();
    const records = await buildSampleFile();
    const dir = await mkdtemp(join(tmpdir(), 'cairn-warc-'));
    try {
      const file = join(dir, 'sample.warc.gz');
      await writeFile(
        file,
        new Uint8Array(await new Blob(records.map((r) => r.blob)).arrayBuffer()),
      );

      const check = warcio(['check', '-v', file]);
      expect(check.output).not.toMatch(/invalid|fail|exception|error/i);
      expect(check.status, check.output).toBe(0);
      // -v prints one verdict per record: every record with digests must have been verified.
      const passes = check.output.match(/digest pass/g) ?? [];
      const revisits = records.filter((r) => r.warcType === 'revisit').length;
      expect(passes).toHaveLength(records.length - revisits);

      const index = warcio([
        'index',
        '-f',
        'offset,length,warc-type,warc-target-uri,warc-record-id,http:status,warc-payload-digest',
        file,
      ]);
      expect(index.output).not.toMatch(/invalid|exception|error/i);
      expect(index.status, index.output).toBe(0);
      const rows = index.output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, string>);
      expect(rows.map((r) => r['warc-type'])).toEqual(records.map((r) => r.warcType));
      expect(rows.map((r) => r['warc-record-id'])).toEqual(records.map((r) => r.recordId));
      expect(rows.map((r) => r['warc-target-uri'])).toEqual(records.map((r) => r.url));
      // Offsets and lengths line up with the record Blobs: each record is its own gzip member.
      let offset = 0;
      rows.forEach((row, i) => {
        expect(Number(row.offset)).toBe(offset);
        expect(Number(row.length)).toBe(records[i]!.blob.size);
        offset += records[i]!.blob.size;
      });
      rows.forEach((row, i) => {
        const record = records[i]!;
        if (record.status !== undefined) expect(Number(row['http:status'])).toBe(record.status);
        if (record.payloadDigest) expect(row['warc-payload-digest']).toBe(record.payloadDigest);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
