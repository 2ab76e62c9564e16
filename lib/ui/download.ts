import type { ArchiveRow } from '../db/entities';
import { warcBlob } from '../db/repos/records';
// The file-name module alone: lib/warc's index brings warcio, which the popup never needs to
// open (nor the WACZ writer, loaded when an export starts).
import { warcFileName } from '../warc/file-name';

/**
 * Saves an archive as a .warc.gz through the page's own download (the service worker has no
 * URL.createObjectURL). The Blob is assembled from stored record Blobs, so nothing is copied.
 */
export async function downloadArchive(archive: ArchiveRow): Promise<void> {
  saveBlob(
    await warcBlob(archive.id),
    warcFileName({ url: archive.finalUrl ?? archive.url, date: new Date(archive.createdAt) }),
  );
}

/**
 * Saves archives as one WACZ file (WARCs, index, pages with their text): the package
 * ReplayWeb.page, ArchiveWeb.page and Perma open. A folder's export is named after the
 * folder, a single archive after its page, several after the export's date. Archives without
 * records are left out.
 */
export async function downloadWacz(
  archives: ArchiveRow[],
  /** A folder's export is titled and named after the folder. */
  about?: { title: string },
): Promise<number> {
  const software = `Cairn/${chrome.runtime.getManifest().version} (Chrome extension)`;
  const included = archives.filter((a) => a.recordCount > 0 && a.status !== 'capturing');
  if (included.length === 0) return 0;
  const created = new Date();
  const first = included[0]!;
  const day = created.toISOString().slice(0, 10).replaceAll('-', '');
  const slug = about?.title
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  const name = about
    ? `cairn-folder-${slug || 'export'}-${day}.warc.gz`
    : included.length === 1
      ? warcFileName({ url: first.finalUrl ?? first.url, date: new Date(first.createdAt) })
      : warcFileName({ url: 'https://cairn-export/', date: created });
  const { buildWacz } = await import('../exchange/wacz-export');
  const response = await buildWacz(included, {
    title: about
      ? `Cairn folder “${about.title}” (${included.length} archives)`
      : included.length === 1
        ? first.title || first.url
        : `Cairn export of ${included.length} archives`,
    software,
    created,
  });
  saveBlob(await response.blob(), name.replace(/\.warc\.gz$/, '.wacz'));
  return included.length;
}

/** Hands a Blob to the browser's downloads under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Chrome reads the Blob asynchronously; revoke late so large files finish.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads several archives, one file each, a moment apart (Chrome drops clicks on
 * download links that come in the same instant). Archives without records are skipped.
 */
export async function downloadArchives(archives: ArchiveRow[], gapMs = 250): Promise<number> {
  let count = 0;
  for (const archive of archives) {
    if (archive.recordCount === 0 || archive.status === 'capturing') continue;
    if (count > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    await downloadArchive(archive);
    count++;
  }
  return count;
}
