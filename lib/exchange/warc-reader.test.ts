import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeWarcs } from './test-warcs';
import { readWarc, type FoundRecord } from './warc-reader';

const venv = resolve(__dirname, '../../.venv/bin');
const hasPython = existsSync(join(venv, 'warcio'));
const inCi = process.env.CI === 'true';
if (!hasPython && !inCi) {
  console.warn('\n!!! lib/exchange/warc-reader.test.ts SKIPPED: run "npm run setup:python".\n');
}

const blobOf = (dir: string, name: string) => new Blob([readFileSync(join(dir, name))]);

async function records(dir: string, name: string) {
  const found: FoundRecord[] = [];
  const result = await readWarc(blobOf(dir, name), name, {
    wantPayload: (r) => r.mime === 'text/html',
    onRecord: (r) => void found.push(r),
  });
  return { found, ...result };
}

describe.runIf(hasPython || inCi)('readWarc', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeWarcs();
  });

  it('finds every record where Python warcio indexes it, gzipped per record', async () => {
    const index = spawnSync(
      join(venv, 'warcio'),
      ['index', '-f', 'offset,length,warc-type,warc-target-uri', join(dir, 'two-pages.warc.gz')],
      { encoding: 'utf8' },
    );
    const expected = index.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>)
      .map((r) => ({
        offset: Number(r.offset),
        length: Number(r.length),
        warcType: r['warc-type'],
        url: r['warc-target-uri'],
      }));
    const { found, layout } = await records(dir, 'two-pages.warc.gz');
    expect(layout).toBe('gzip-per-record');
    expect(
      found.map(({ offset, length, warcType, url }) => ({ offset, length, warcType, url })),
    ).toEqual(expected);
    const page = found.find((r) => r.url === 'https://example.org/' && r.warcType === 'response')!;
    expect(page).toMatchObject({ status: 200, mime: 'text/html' });
    expect(new TextDecoder().decode(page.payload)).toContain('<title>First page');
    expect(found.find((r) => r.url?.endsWith('img.png'))?.payload).toBeUndefined();
  });

  it('reads a plain WARC the same way, each record ending where the next starts', async () => {
    const { found, layout } = await records(dir, 'two-pages.warc');
    expect(layout).toBe('plain');
    expect(found).toHaveLength(9);
    const size = readFileSync(join(dir, 'two-pages.warc')).length;
    expect(found.at(-1)!.offset + found.at(-1)!.length).toBe(size);
    const text = new TextDecoder().decode(
      readFileSync(join(dir, 'two-pages.warc')).subarray(found[1]!.offset, found[1]!.offset + 9),
    );
    expect(text).toBe('WARC/1.1\r');
  });

  it('refuses a file gzipped as a whole and a truncated file, naming each', async () => {
    await expect(records(dir, 'whole-gzip.warc.gz')).rejects.toThrow(
      /whole-gzip\.warc\.gz is gzipped as a whole .*warcio recompress/,
    );
    await expect(records(dir, 'truncated.warc.gz')).rejects.toThrow(
      /truncated\.warc\.gz is damaged: its gzip data is cut short \(the file is incomplete, \d+ bytes\)/,
    );
  });
});
