import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readUiState, saveUiState } from './ui-state';

describe('UI state (idb-keyval)', () => {
  it('starts empty, merges what each browser saves, and keeps the popup and page apart', async () => {
    expect(await readUiState('popup')).toEqual({});
    await saveUiState('popup', { folderId: 'news' });
    await saveUiState('popup', { closedFolders: ['root'], notSynced: true });
    await saveUiState('page', { folderId: 'research' });
    expect(await readUiState('popup')).toEqual({
      folderId: 'news',
      closedFolders: ['root'],
      notSynced: true,
    });
    expect(await readUiState('page')).toEqual({ folderId: 'research' });
    await saveUiState('popup', { notSynced: false });
    expect((await readUiState('popup')).notSynced).toBe(false);
  });
});
