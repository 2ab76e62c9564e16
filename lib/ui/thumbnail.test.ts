import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../db/test-db';
import { createArchive } from '../db/repos/archives';
import { purgeArchives } from '../db/repos/archive-ops';
import { archiveRow } from '../db/repos/library-test-utils';
import { getThumbnail, putThumbnail } from '../db/repos/thumbnails';
import { thumbnailOf } from './thumbnail';

describe('thumbnails', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('an archive without a screenshot is noted once, so the next list does not look again', async () => {
    const archive = archiveRow('f', { status: 'failed' });
    await createArchive(archive);
    expect(await thumbnailOf(archive)).toBeUndefined();
    expect(await getThumbnail(archive.id)).toEqual({ archiveId: archive.id });
  });

  it('a capture still running is asked again later', async () => {
    const archive = archiveRow('f', { status: 'capturing' });
    await createArchive(archive);
    expect(await thumbnailOf(archive)).toBeUndefined();
    expect(await getThumbnail(archive.id)).toBeUndefined();
  });

  it('a stored thumbnail is served as it is, and goes when its archive is purged', async () => {
    const archive = archiveRow('f');
    await createArchive(archive);
    const picture = new Blob(['webp'], { type: 'image/webp' });
    await putThumbnail(archive.id, picture);
    expect((await thumbnailOf(archive))?.size).toBe(picture.size);
    await purgeArchives([archive.id]);
    expect(await getThumbnail(archive.id)).toBeUndefined();
    // An archive gone meanwhile gets no thumbnail row.
    await putThumbnail(archive.id, picture);
    expect(await getThumbnail(archive.id)).toBeUndefined();
  });
});
