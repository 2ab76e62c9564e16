import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../db/test-db';
import { createArchive } from '../db/repos/archives';
import { addArchive, addFolder, pngBytes } from '../../test/sync/support';
import { findRendering } from './rendering';

beforeEach(() => {
  useFreshDb();
});

describe('findRendering', () => {
  it('returns the screenshot PNG stored in the WARC, byte for byte', async () => {
    const db = useFreshDb();
    const folder = await addFolder(db, 'F');
    const archive = await addArchive({ folderId: folder.id });
    const rendering = await findRendering(archive.id);
    expect(rendering.fileName).toBe('cairn-rendering.png');
    expect(rendering.file.type).toBe('image/png');
    expect(new Uint8Array(await rendering.file.arrayBuffer())).toEqual(pngBytes());
  });
  it('explains when the capture has no screenshot', async () => {
    await createArchive({
      id: 'no-shot',
      url: 'https://x.test/',
      title: '',
      notes: '',
      folderId: 'f',
      isPrivate: false,
      status: 'complete',
      trigger: 'action',
      createdAt: 0,
      updatedAt: 0,
      size: 0,
      recordCount: 0,
      responseCount: 0,
    });
    await expect(findRendering('no-shot')).rejects.toMatchObject({ code: 'no-rendering' });
  });
});
