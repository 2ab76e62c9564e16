import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchiveSink } from '../db/archive-sink';
import { createArchive, getArchive } from '../db/repos/archives';
import { archiveRow } from '../db/repos/library-test-utils';
import { useFreshDb } from '../db/test-db';
import { sampleExchange } from '../warc/test-utils';
import { buildWacz } from './wacz-export';
import { readListedPages, readWacz } from './wacz-reader';
import { updateArchive } from '../db/repos/archives';
import { putPageText } from '../db/repos/texts';

/** The project's Python with warcio and py-wacz (scripts/setup-python.sh). */
const venv = resolve(__dirname, '../../.venv/bin');
const hasWacz = existsSync(join(venv, 'wacz'));
const inCi = process.env.CI === 'true';
if (!hasWacz && !inCi) {
  console.warn(
    '\n!!! lib/exchange/wacz-export.test.ts: the py-wacz checks are SKIPPED (no .venv/bin/wacz).\n' +
      '!!! Run "npm run setup:python". In CI (CI=true) they fail instead.\n',
  );
}

function run(bin: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(join(venv, bin), args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Stores an archive of `url` with a page and an image, its text and a screenshot. */
async function storeArchive(url: string, title: string) {
  const archive = archiveRow('f', { url, title });
  await createArchive(archive);
  const sink = createArchiveSink(archive.id);
  const html = new TextEncoder().encode(`<!doctype html><title>${title}</title><p>${title}</p>`);
  await sink.exchange(
    sampleExchange({
      request: { url },
      response: {
        headers: [['Content-Type', 'text/html; charset=utf-8']],
        body: { blob: new Blob([html]), length: html.length },
      },
    }),
  );
  await sink.resource({
    uri: `urn:text:${url}`,
    contentType: 'text/plain; charset=utf-8',
    body: new Blob([`${title} text for search`]),
    createdAt: Date.UTC(2026, 0, 1),
  });
  return (await getArchive(archive.id))!;
}

describe('buildWacz', () => {
  let dir: string;
  beforeEach(async () => {
    useFreshDb();
    dir = await mkdtemp(join(tmpdir(), 'cairn-wacz-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every page of a tab recording, each with its own text', async () => {
    const a = await storeArchive('https://example.com/a', 'Page A');
    const sink = createArchiveSink(a.id);
    await sink.resource({
      uri: 'urn:text:https://example.com/next',
      contentType: 'text/plain; charset=utf-8',
      body: new Blob(['Next page words']),
      createdAt: Date.UTC(2026, 0, 1),
    });
    const pages = [
      { url: 'https://example.com/a', title: 'Page A', ts: Date.UTC(2026, 0, 1, 10) },
      { url: 'https://example.com/next', title: 'Next', ts: Date.UTC(2026, 0, 1, 11) },
    ];
    await updateArchive(a.id, { pages, trigger: 'record' });
    const response = await buildWacz([(await getArchive(a.id))!], {
      title: 'Recording',
      software: 'Cairn test',
      created: new Date(Date.UTC(2026, 11, 7)),
    });
    const files = await readWacz(await response.blob(), 'recording.wacz');
    const listed = await readListedPages(files);
    expect(listed.map((p) => [p.url, p.title, p.text])).toEqual([
      ['https://example.com/a', 'Page A', 'Page A text for search'],
      ['https://example.com/next', 'Next', 'Next page words'],
    ]);
  });

  it('gives an imported crawl, with one text for the whole archive, that text on its first page', async () => {
    const archive = archiveRow('f', {
      url: 'https://example.com/a',
      title: 'Crawl',
      trigger: 'import',
      pages: [
        { url: 'https://example.com/a', title: 'A', ts: Date.UTC(2026, 0, 1, 10) },
        { url: 'https://example.com/b', title: 'B', ts: Date.UTC(2026, 0, 1, 11) },
      ],
    });
    await createArchive(archive);
    await putPageText(archive.id, 'Words of the whole crawl');
    const response = await buildWacz([(await getArchive(archive.id))!], {
      title: 'Crawl',
      software: 'Cairn test',
      created: new Date(Date.UTC(2026, 11, 7)),
    });
    const listed = await readListedPages(await readWacz(await response.blob(), 'crawl.wacz'));
    expect(listed.map((p) => [p.url, p.text])).toEqual([
      ['https://example.com/a', 'Words of the whole crawl'],
      ['https://example.com/b', undefined],
    ]);
  });

  it.runIf(hasWacz || inCi)(
    'writes a WACZ 1.1.1 that py-wacz validates, with pages, index and WARCs',
    async () => {
      const a = await storeArchive('https://example.com/a', 'Page A');
      const b = await storeArchive('https://example.org/b', 'Page B');
      const response = await buildWacz([a, b], {
        title: 'Two pages',
        software: 'Cairn test',
        created: new Date(Date.UTC(2026, 11, 7)),
      });
      const file = join(dir, 'export.wacz');
      await writeFile(file, Buffer.from(await response.arrayBuffer()));

      const validated = run('wacz', ['validate', '-f', file]);
      expect(validated.output).not.toMatch(/error|invalid|fail/i);
      expect(validated.status, validated.output).toBe(0);

      const listing = run('python', [
        '-c',
        [
          'import json, sys, zipfile',
          'z = zipfile.ZipFile(sys.argv[1])',
          'print(json.dumps({',
          '  "names": sorted(z.namelist()),',
          '  "datapackage": json.loads(z.read("datapackage.json")),',
          '  "pages": [json.loads(l) for l in z.read("pages/pages.jsonl").decode().splitlines()],',
          '  "index": z.read("indexes/index.cdx").decode().splitlines(),',
          '}))',
        ].join('\n'),
        file,
      ]);
      expect(listing.status, listing.output).toBe(0);
      const wacz = JSON.parse(listing.output) as {
        names: string[];
        datapackage: { wacz_version: string; resources: { path: string }[]; mainPageUrl: string };
        pages: { url?: string; title?: string; text?: string; format?: string }[];
        index: string[];
      };
      expect(wacz.names).toEqual(
        [
          'datapackage.json',
          'pages/pages.jsonl',
          'indexes/index.cdx',
          `archive/${a.id}.warc.gz`,
          `archive/${b.id}.warc.gz`,
        ].sort(),
      );
      expect(wacz.datapackage.wacz_version).toBe('1.1.1');
      expect(wacz.datapackage.mainPageUrl).toBe('https://example.com/a');
      expect(wacz.datapackage.resources.map((r) => r.path)).not.toContain('datapackage.json');
      expect(wacz.pages[0]?.format).toBe('json-pages-1.0');
      expect(wacz.pages.slice(1)).toMatchObject([
        { url: 'https://example.com/a', title: 'Page A', text: 'Page A text for search' },
        { url: 'https://example.org/b', title: 'Page B', text: 'Page B text for search' },
      ]);
      // Sorted by SURT: com,example)/a before org,example)/b; each names its WARC and offset.
      const responses = wacz.index.filter((l) => l.includes('"status"'));
      expect(responses.map((l) => l.split(' ')[0])).toEqual(['com,example)/a', 'org,example)/b']);
      expect(JSON.parse(responses[0]!.slice(responses[0]!.indexOf('{')))).toMatchObject({
        url: 'https://example.com/a',
        status: '200',
        mime: 'text/html',
        filename: `${a.id}.warc.gz`,
      });
      // The index's offsets are where Python warcio finds those records in the exported WARC.
      const extracted = join(dir, 'a.warc.gz');
      const unzip = run('python', [
        '-c',
        'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))',
        file,
        `archive/${a.id}.warc.gz`,
        extracted,
      ]);
      expect(unzip.status, unzip.output).toBe(0);
      const warcioIndex = run('warcio', ['index', '-f', 'offset,warc-target-uri', extracted]);
      const offsets = new Map(
        warcioIndex.output
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { offset: string; 'warc-target-uri'?: string })
          .map((r) => [r.offset, r['warc-target-uri']]),
      );
      for (const line of wacz.index) {
        const fields = JSON.parse(line.slice(line.indexOf('{'))) as Record<string, string>;
        if (fields.filename !== `${a.id}.warc.gz`) continue;
        expect(offsets.get(fields.offset!), line).toBe(fields.url);
      }
    },
  );

  it.runIf(hasWacz || inCi)(
    'writes a long index compressed and block-indexed, which py-wacz validates block by block',
    async () => {
      const stored = [];
      for (const [i, host] of ['a.example', 'b.example', 'c.example'].entries()) {
        stored.push(await storeArchive(`https://${host}/page`, `Page ${i}`));
      }
      // Three archives give six index lines (page and text); blocks of two make three blocks.
      const response = await buildWacz(
        stored,
        { title: 'Blocks', software: 'Cairn test', created: new Date(Date.UTC(2026, 11, 7)) },
        { linesPerBlock: 2 },
      );
      const file = join(dir, 'blocks.wacz');
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      const validated = run('wacz', ['validate', '-f', file]);
      expect(validated.status, validated.output).toBe(0);

      const check = run('python', [
        '-c',
        [
          'import gzip, hashlib, json, sys, zipfile',
          'z = zipfile.ZipFile(sys.argv[1])',
          'names = z.namelist()',
          'idx = z.read("indexes/index.idx").decode().splitlines()',
          'cdx = z.read("indexes/index.cdx.gz")',
          'blocks = []',
          'for line in idx[1:]:',
          '    key, meta = line.split(" {", 1)',
          '    meta = json.loads("{" + meta)',
          '    raw = cdx[meta["offset"]:meta["offset"] + meta["length"]]',
          '    assert "sha256:" + hashlib.sha256(raw).hexdigest() == meta["digest"]',
          '    lines = gzip.decompress(raw).decode().splitlines()',
          '    assert lines[0].startswith(key + " "), (key, lines[0])',
          '    blocks.append(len(lines))',
          'print(json.dumps({"meta": idx[0], "blocks": blocks, "plain": "indexes/index.cdx" in names}))',
        ].join('\n'),
        file,
      ]);
      expect(check.status, check.output).toBe(0);
      expect(JSON.parse(check.output)).toEqual({
        meta: '!meta 0 {"format":"cdxj-gzip-1.0","filename":"index.cdx.gz"}',
        blocks: [2, 2, 2],
        plain: false,
      });
    },
  );
});
