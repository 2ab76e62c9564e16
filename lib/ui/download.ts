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
