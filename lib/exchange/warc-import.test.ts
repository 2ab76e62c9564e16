import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getArchive } from '../db/repos/archives';
import { ensureDefaultFolder } from '../db/repos/folders';
import { listRecords } from '../db/repos/records';
import { searchArchives } from '../db/repos/search';
import { getPageText } from '../db/repos/texts';
import { getDb } from '../db/schema';
import { useFreshDb } from '../db/test-db';
import { buildWacz } from './wacz-export';
import { importWacz } from './wacz-import';
import { importWarcs } from './warc-import';
import { makeWarcs } from './test-warcs';

const venv = resolve(__dirname, '../../.venv/bin');
const hasPython = existsSync(join(venv, 'wacz'));
const inCi = process.env.CI === 'true';

describe.runIf(hasPython || inCi)('importing WARC and WACZ files', () => {
  let dir: string;
  let folderId: string;
  const file = (name: string) => readFileSync(join(dir, name));
  const importFile = (name: string) =>
    importWarcs([{ blob: new Blob([file(name)]), name }], { folderId, label: name });

  beforeAll(() => {
    dir = makeWarcs();
    const made = spawnSync(
      join(venv, 'wacz'),
      ['create', '-o', join(dir, 'py.wacz'), join(dir, 'two-pages.warc.gz'), '-d', '-t'],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(made.stderr);
  });
  beforeEach(async () => {
    useFreshDb();
    folderId = (await ensureDefaultFolder()).id;
  });

  it('imports a WARC gzipped per record: every record byte for byte, its pages, titles and text', async () => {
    const progress: number[] = [];
    const outcome = await importWarcs(
      [{ blob: new Blob([file('two-pages.warc.gz')]), name: 'two-pages.warc.gz' }],
      { folderId, label: 'two-pages.warc.gz', onProgress: (bytes) => progress.push(bytes) },
    );
    expect(outcome).toMatchObject({ kind: 'imported', pages: 2, records: 9 });
    // Reading reports the first half, storing the second, and it only goes forward.
    const size = file('two-pages.warc.gz').length;
    expect(progress.at(-1)).toBe(size);
    expect(progress).toContain(size / 2);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    const archive = (await getArchive(outcome.archiveId))!;
    expect(archive).toMatchObject({
      url: 'https://example.org/',
      title: 'First page – café',
      status: 'complete',
      trigger: 'import',
      importedFrom: 'two-pages.warc.gz',
      createdAt: Date.parse('2026-01-02T03:04:05Z'),
      folderId,
      recordCount: 9,
      responseCount: 3,
      size: file('two-pages.warc.gz').length,
      pages: [
        {
          url: 'https://example.org/',
          title: 'First page – café',
          ts: Date.parse('2026-01-02T03:04:05Z'),
        },
        {
          url: 'https://example.org/second',
          title: 'Second page',
          ts: Date.parse('2026-01-02T03:05:00Z'),
        },
      ],
    });
    expect(archive.reason).toBeUndefined();
    // The stored WARC is the file itself: each record is a slice of it.
    const rows = await listRecords(archive.id);
    const stored = Buffer.concat(
      await Promise.all(rows.map(async (r) => Buffer.from(await r.blob.arrayBuffer()))),
    );
    expect(stored.equals(file('two-pages.warc.gz'))).toBe(true);
    // Text from the page's own text record, and from the HTML of the page without one
    // (declared ISO-8859-1, scripts and styles left out).
    const text = await getPageText(archive.id);
    expect(text).toContain('Welcome. Café opening hours & menu');
    expect(text).toContain('Latin one text: naïve résumé');
    expect(text).not.toContain('not text');
    expect((await searchArchives('résumé')).total).toBe(1);
  });

  it('imports a plain WARC, storing each record as its own gzip member of the same bytes', async () => {
    const outcome = await importFile('two-pages.warc');
    expect(outcome).toMatchObject({ kind: 'imported', pages: 2, records: 9 });
    const rows = await listRecords(outcome.archiveId);
    const plain = Buffer.concat(
      await Promise.all(rows.map(async (r) => gunzipSync(Buffer.from(await r.blob.arrayBuffer())))),
    );
    expect(plain.equals(file('two-pages.warc'))).toBe(true);
  });

  it('does not import the same records twice', async () => {
    const first = await importFile('two-pages.warc.gz');
    const again = await importFile('two-pages.warc.gz');
    expect(again).toEqual({
      kind: 'duplicate',
      archiveId: first.archiveId,
      title: 'First page – café',
    });
    expect(await getDb().archives.count()).toBe(1);
  });

  it('imports nothing from a damaged file and says what is wrong', async () => {
    await expect(importFile('truncated.warc.gz')).rejects.toThrow(/truncated\.warc\.gz is damaged/);
    await expect(importFile('whole-gzip.warc.gz')).rejects.toThrow(/gzipped as a whole/);
    expect(await getDb().archives.count()).toBe(0);
    expect(await getDb().records.count()).toBe(0);
  });

  it('imports a WACZ made by py-wacz, and one Cairn exported, with their pages', async () => {
    const py = await importWacz(new Blob([file('py.wacz')]), 'py.wacz', { folderId });
    expect(py).toMatchObject({ kind: 'imported', pages: 2, records: 9 });

    // Cairn's own export of that archive, into a fresh library: every page comes back.
    const exported = await buildWacz([(await getArchive(py.archiveId))!], {
      title: 't',
      software: 'test',
      created: new Date(),
    });
    const bytes = await exported.arrayBuffer();
    useFreshDb();
    folderId = (await ensureDefaultFolder()).id;
    const back = await importWacz(new Blob([bytes]), 'export.wacz', { folderId });
    expect(back).toMatchObject({ kind: 'imported', pages: 2, records: 9 });
    expect((await getArchive(back.archiveId))!.title).toBe('First page – café');
    // Importing it again finds the same records.
    const again = await importWacz(new Blob([bytes]), 'export.wacz', { folderId });
    expect(again.kind).toBe('duplicate');
  });
});
