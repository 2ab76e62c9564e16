import { downloadZip } from 'client-zip';
import type { ArchiveRow, RecordRow } from '../db/entities';
import { listRecords, warcBlobOf } from '../db/repos/records';
import { getPageText } from '../db/repos/texts';
import { readRecordBlock } from '../db/repos/archive-detail';
import { payloadDigestOf } from '../warc';
import { cdxjLines } from './cdxj';
import { CDXJ_LINES_PER_BLOCK, blockIndexed } from './cdxj-blocks';
import { pagesJsonl, type WaczPage } from './wacz-pages';

/** The WACZ version written (https://specs.webrecorder.net/wacz/1.1.1/). */
export const WACZ_VERSION = '1.1.1';

/** One file of the package, with what datapackage.json says of it. */
export interface PackageFile {
  path: string;
  input: Blob;
}

/**
 * A WACZ of `archives`: each archive's WARC as it is stored (`archive/<id>.warc.gz`), one
 * sorted CDXJ index built from the stored record offsets (compressed and block-indexed past
 * `linesPerBlock` lines, see cdxj-blocks.ts), the pages with their text, and
 * datapackage.json with each file's SHA-256 and size. The WARCs are Blob handles streamed into
 * the zip (zip64 past 4 GB), so memory stays bounded by the index and the page texts.
 * Further files (a backup's Cairn metadata) are packed and hashed like the others.
 */
export async function buildWacz(
  archives: ArchiveRow[],
  about: { title: string; software: string; created: Date },
  opts: {
    /** Files of the whole package. */
    extra?: PackageFile[];
    /** Files of one archive, made from the record rows the export reads anyway. */
    filesOf?: (archive: ArchiveRow, rows: RecordRow[]) => PackageFile[];
    /** An index longer than this many lines is written compressed and block-indexed. */
    linesPerBlock?: number;
  } = {},
): Promise<Response> {
  const linesPerBlock = opts.linesPerBlock ?? CDXJ_LINES_PER_BLOCK;
  const files: PackageFile[] = [];
  const extra: PackageFile[] = [...(opts.extra ?? [])];
  const index: string[] = [];
  const pages: WaczPage[] = [];
  for (const archive of archives) {
    const filename = `${archive.id}.warc.gz`;
    // One read of the archive's rows gives its index lines, its WARC and any extra files.
    const rows = await listRecords(archive.id);
    index.push(...cdxjLines(rows, filename));
    files.push({ path: `archive/${filename}`, input: warcBlobOf(rows) });
    if (opts.filesOf) extra.push(...opts.filesOf(archive, rows));
    pages.push(...(await pagesOf(archive, rows)));
  }
  index.sort();
  files.push(...extra);
  if (index.length > linesPerBlock) {
    const { cdxGz, idx } = await blockIndexed(index, linesPerBlock);
    files.unshift(
      { path: 'indexes/index.cdx.gz', input: cdxGz },
      { path: 'indexes/index.idx', input: new Blob([idx]) },
    );
  } else {
    files.unshift({
      path: 'indexes/index.cdx',
      input: new Blob([index.length ? `${index.join('\n')}\n` : '']),
    });
  }
  files.unshift({ path: 'pages/pages.jsonl', input: new Blob([pagesJsonl(pages)]) });

  const resources = [];
  for (const file of files) {
    resources.push({
      name: file.path.slice(file.path.lastIndexOf('/') + 1),
      path: file.path,
      hash: await payloadDigestOf(file.input),
      bytes: file.input.size,
    });
  }
  const first = pages[0];
  const datapackage = {
    profile: 'data-package',
    wacz_version: WACZ_VERSION,
    title: about.title,
    software: about.software,
    created: about.created.toISOString(),
    ...(first
      ? { mainPageUrl: first.url, mainPageDate: new Date(first.capturedAt).toISOString() }
      : {}),
    resources,
  };
  const lastModified = about.created;
  return downloadZip([
    { name: 'datapackage.json', input: JSON.stringify(datapackage, null, 2), lastModified },
    ...files.map((file) => ({ name: file.path, input: file.input, lastModified })),
  ]);
}

/**
 * The WACZ pages of one archive: the archive's page for a capture of one page; each page
 * for an archive of several (a tab recording, an imported crawl), with its own text where
 * the archive holds one (`urn:text:<url>`), so replay tools list and search every page.
 */
async function pagesOf(archive: ArchiveRow, rows: RecordRow[]): Promise<WaczPage[]> {
  const listed = archive.pages ?? [];
  if (listed.length < 2)
    return [
      {
        id: archive.id,
        url: archive.finalUrl ?? archive.url,
        title: archive.title,
        capturedAt: archive.createdAt,
        text: await getPageText(archive.id),
      },
    ];
  const texts = new Map(rows.filter((r) => r.url?.startsWith('urn:text:')).map((r) => [r.url, r]));
  const pages = await Promise.all(
    listed.map(async (page, i) => {
      const row = texts.get(`urn:text:${page.url}`);
      return {
        // Backup restore reads the archive id before the slash.
        id: i === 0 ? archive.id : `${archive.id}/${i}`,
        url: page.url,
        title: page.title,
        capturedAt: page.ts,
        text: row ? new TextDecoder().decode(await readRecordBlock(row.blob)) : undefined,
      };
    }),
  );
  // An imported crawl keeps one text for the whole archive, not one per page: it goes with
  // the first page, as it did before the pages were listed one by one.
  if (pages.every((p) => p.text === undefined)) pages[0]!.text = await getPageText(archive.id);
  return pages;
}
