import type { ArchiveRow } from '../db/entities';
import { readScreenshot } from '../db/repos/archive-detail';
import { getThumbnail, putThumbnail } from '../db/repos/thumbnails';

/** Width of a thumbnail in pixels: twice the 96 CSS pixels a row shows, for sharp screens. */
const THUMBNAIL_WIDTH = 192;
/** Height kept of the screenshot's top, in thumbnail pixels (the row crops to its box). */
const THUMBNAIL_HEIGHT = 128;

/**
 * Scales a screenshot down to a thumbnail (WebP): decoded at the small size straight away
 * (createImageBitmap's resize), so a full screenshot is never drawn.
 */
export async function makeThumbnail(screenshot: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(screenshot, {
    resizeWidth: THUMBNAIL_WIDTH,
    resizeQuality: 'medium',
  });
  try {
    const height = Math.min(bitmap.height, THUMBNAIL_HEIGHT);
    const canvas = new OffscreenCanvas(THUMBNAIL_WIDTH, height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    return await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
  } finally {
    bitmap.close();
  }
}

/**
 * The thumbnail of an archive for its list row: the stored one, or one made now from its
 * screenshot and stored for next time. Undefined when the archive has no screenshot (a capture
 * still running is asked again later, so nothing is stored for it).
 */
export async function thumbnailOf(
  archive: Pick<ArchiveRow, 'id' | 'status'>,
): Promise<Blob | undefined> {
  const stored = await getThumbnail(archive.id);
  if (stored) return stored.blob;
  if (archive.status === 'capturing') return undefined;
  const screenshot = await readScreenshot(archive.id);
  const thumbnail = screenshot ? await makeThumbnail(screenshot) : undefined;
  await putThumbnail(archive.id, thumbnail);
  return thumbnail;
}
