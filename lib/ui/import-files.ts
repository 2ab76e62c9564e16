import { importWacz } from '../exchange/wacz-import';
import { importWarcs, type ImportOutcome } from '../exchange/warc-import';
import { CairnError } from '../errors';

/** Where imported archives go. */
export interface ImportDestination {
  folderId: string;
  isPrivate: boolean;
}

/**
 * Imports one file the user picked or dropped: a WACZ (a zip) or a WARC (gzipped or not),
 * told apart by their first bytes rather than their names.
 */
export async function importFile(
  file: File,
  dest: ImportDestination,
  onProgress: (share: number) => void,
): Promise<ImportOutcome> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const progress = (bytes: number, total: number) => onProgress(total > 0 ? bytes / total : 1);
  if (head[0] === 0x50 && head[1] === 0x4b) {
    return importWacz(file, file.name, { ...dest, onProgress: progress });
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const warc = new TextDecoder().decode(head) === 'WARC';
  if (!gzip && !warc) {
    throw new CairnError(
      'import-unknown-file',
      `${file.name} is neither a WARC nor a WACZ file (Cairn imports .warc, .warc.gz and .wacz).`,
    );
  }
  return importWarcs([{ blob: file, name: file.name }], {
    ...dest,
    label: file.name,
    onProgress: progress,
  });
}
