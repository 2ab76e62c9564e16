import { CairnError } from '../errors';
import { LIBRARY_PATH } from './backup-format';
import { readListedPages, readWacz } from './wacz-reader';
import { importWarcs, type ImportOutcome } from './warc-import';

/**
 * Imports a WACZ (ArchiveWeb.page, Browsertrix, Perma, Cairn's own export) as one archive:
 * its WARCs' records, and the pages its pages.jsonl lists with their titles, times and text.
 * The package is checked against datapackage.json first: an altered file imports nothing.
 * A Cairn backup is refused here with a pointer to "Restore from backup".
 */
export async function importWacz(
  file: Blob,
  fileName: string,
  opts: {
    folderId: string;
    isPrivate?: boolean;
    onProgress?: (bytes: number, total: number) => void;
  },
): Promise<ImportOutcome> {
  const files = await readWacz(file, fileName);
  if (files.has(LIBRARY_PATH)) {
    throw new CairnError(
      'import-is-backup',
      `${fileName} is a Cairn library backup: use "Restore from backup…" to bring back its folders and archives.`,
    );
  }
  const listed = await readListedPages(files);
  const sources = [...files]
    .filter(([path]) => /^archive\/[^/]+\.warc(\.gz)?$/i.test(path))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, blob]) => ({ blob, name: `${fileName}/${path}` }));
  if (sources.length === 0) {
    throw new CairnError('wacz-empty', `${fileName} holds no WARC files (archive/*.warc.gz).`);
  }
  return importWarcs(sources, {
    folderId: opts.folderId,
    isPrivate: opts.isPrivate,
    label: fileName,
    listed,
    onProgress: opts.onProgress,
  });
}
