import type { ArchiveRow } from '../db/entities';
import { warcBlob } from '../db/repos/records';
import { warcFileName } from '../warc';

/**
 * Saves an archive as a .warc.gz through the page's own download (the service worker has no
 * URL.createObjectURL). The Blob is assembled from stored record Blobs, so nothing is copied.
 */
export async function downloadArchive(archive: ArchiveRow): Promise<void> {
  const blob = await warcBlob(archive.id);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = warcFileName({
    url: archive.finalUrl ?? archive.url,
    date: new Date(archive.createdAt),
  });
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
