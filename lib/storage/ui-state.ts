import { createStore, get, update, type UseStore } from 'idb-keyval';
import type { ArchiveFilters } from '../db/archive-filters';
import type { ArchiveSort } from '../db/repos/folders';

/** Which library browser: the toolbar popup or the full library page. */
export type BrowserLayout = 'popup' | 'page';

/**
 * Where a library browser was left on this device: the folder it showed, the folders the
 * user closed in the tree, whether the "Not synced" filter was on, and the list's order. Small per-device UI
 * state, kept with idb-keyval in its own IndexedDB database; settings and secrets stay in
 * chrome.storage.local, archives in Cairn's own database.
 */
export interface BrowserUiState {
  folderId?: string;
  closedFolders?: string[];
  notSynced?: boolean;
  /** The folder list's order. */
  sort?: ArchiveSort;
  /** The list's filters (private, HTTP error, dates, search in this folder). */
  filters?: ArchiveFilters;
}

let store: UseStore | undefined;
/** Opened on first use, so a page that never reads it opens no database. */
const uiStore = () => (store ??= createStore('cairn-ui', 'state'));

/** The state a browser was left in; {} the first time, or if it cannot be read. */
export async function readUiState(layout: BrowserLayout): Promise<BrowserUiState> {
  try {
    return (await get<BrowserUiState>(layout, uiStore())) ?? {};
  } catch (error) {
    console.warn('[cairn] UI state could not be read', error);
    return {};
  }
}

/**
 * Remembers part of a browser's state (merged into what is stored). Not awaited by callers:
 * a lost write only means the browser opens where it did before.
 */
export async function saveUiState(layout: BrowserLayout, patch: BrowserUiState): Promise<void> {
  try {
    await update<BrowserUiState>(layout, (old) => ({ ...old, ...patch }), uiStore());
  } catch (error) {
    console.warn('[cairn] UI state could not be saved', error);
  }
}
