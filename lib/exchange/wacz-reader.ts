import { BlobReader, BlobWriter, ZipReader, configure, type Entry } from '@zip.js/zip.js';
import { CairnError } from '../errors';
import { payloadDigestOf } from '../warc';

// Extension pages may not start workers from blob: URLs, and WACZ members are stored, not
// compressed: zip.js reads them on this thread.
configure({ useWebWorkers: false });

/**
 * The package's files as Blobs, each checked against the SHA-256 and size datapackage.json
 * gives for it. Throws a message naming the file and what is wrong with it.
 */
export async function readWacz(file: Blob, fileName: string): Promise<Map<string, Blob>> {
  let entries: Entry[];
  const reader = new ZipReader(new BlobReader(file));
  try {
    entries = await reader.getEntries();
  } catch (error) {
    throw new CairnError(
      'not-a-wacz',
      `${fileName} is not a WACZ file or is damaged: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  const files = new Map<string, Blob>();
  try {
    for (const entry of entries) {
      if (entry.directory || !entry.getData) continue;
      files.set(entry.filename, await entry.getData(new BlobWriter()));
    }
  } catch (error) {
    throw new CairnError(
      'not-a-wacz',
      `${fileName} is damaged and could not be read: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  } finally {
    await reader.close();
  }
  const datapackage = files.get('datapackage.json');
  if (!datapackage) {
    throw new CairnError(
      'not-a-wacz',
      `${fileName} is not a WACZ file: it has no datapackage.json.`,
    );
  }
  let resources: Array<{ path?: unknown; hash?: unknown; bytes?: unknown }>;
  try {
    resources = (JSON.parse(await datapackage.text()) as { resources: typeof resources }).resources;
    if (!Array.isArray(resources)) throw new Error('no list of resources');
  } catch (error) {
    throw new CairnError(
      'not-a-wacz',
      `${fileName} has an unreadable datapackage.json: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  for (const resource of resources) {
    const path = String(resource.path);
    const blob = files.get(path);
    const altered = (what: string) =>
      new CairnError(
        'wacz-altered',
        `${fileName} was altered after it was made: ${path} ${what}. Nothing was imported from it.`,
      );
    if (!blob) throw altered('is listed in datapackage.json but missing');
    if (typeof resource.bytes === 'number' && resource.bytes !== blob.size) {
      throw altered(`has ${blob.size} bytes where datapackage.json says ${resource.bytes}`);
    }
    if (typeof resource.hash === 'string' && (await payloadDigestOf(blob)) !== resource.hash) {
      throw altered('does not match its SHA-256 in datapackage.json');
    }
  }
  return files;
}

/** One page a WACZ lists (pages/pages.jsonl, pages/extraPages.jsonl). */
export interface ListedPage {
  /** Cairn writes the archive id here. */
  id?: string;
  url: string;
  title?: string;
  ts?: string;
  text?: string;
}

/** The pages a WACZ lists, in file order; the header line of each list is left out. */
export async function readListedPages(files: Map<string, Blob>): Promise<ListedPage[]> {
  const listed: ListedPage[] = [];
  for (const path of ['pages/pages.jsonl', 'pages/extraPages.jsonl']) {
    const pages = files.get(path);
    if (!pages) continue;
    for (const line of (await pages.text()).split('\n')) {
      if (!line.trim()) continue;
      const page = JSON.parse(line) as Partial<ListedPage> & { format?: string };
      if (typeof page.url === 'string' && !page.format) listed.push(page as ListedPage);
    }
  }
  return listed;
}
