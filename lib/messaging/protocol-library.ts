import type { ArchiveEdit } from '../db/repos/archive-ops';
import type { DeleteFolderMode } from '../db/repos/folder-ops';

/**
 * Library messages (folders, archive edits, deletion): requests from the popup and the
 * library page that change archive data, which only the background writes. Reads never go
 * through messages: pages call the read functions of lib/db/repos (folders.ts folderTree,
 * archives.ts listFolderArchives / getArchiveDetail, search.ts searchArchives) in liveQuery.
 *
 * Failures come back as a rejected CairnError whose `code` the UI can switch on:
 * - 'name-empty', 'name-too-long': folder name after trimming is empty or > 200 characters;
 * - 'name-taken': a sibling folder already has this name (case-insensitive);
 * - 'folder-cycle': a folder cannot move into itself or one of its descendants;
 * - 'default-folder': the default top folder cannot be deleted or moved;
 * - 'folder-not-found', 'archive-not-found': the id does not exist (any more);
 * - 'storage-full': IndexedDB ran out of space.
 */
export interface LibraryProtocol {
  /** Create a folder; `parentId` null makes a top-level folder. */
  createFolder(data: { parentId: string | null; name: string }): { folderId: string };
  /** Rename a folder (sibling names stay unique). */
  renameFolder(data: { folderId: string; name: string }): { ok: true };
  /** Move a folder under another one (null: top level); never into itself or a descendant. */
  moveFolder(data: { folderId: string; parentId: string | null }): { ok: true };
  /**
   * Delete a folder. 'move-up': its archives and subfolders go to its parent (a subfolder
   * whose name clashes there gets a " (2)" suffix); 'delete-all': the folder, every
   * descendant folder and every archive in them go to the Trash (restoreFolder brings them
   * back with their nesting; purged after 30 days).
   * A top-level folder's contents move to the default folder in 'move-up' mode.
   */
  deleteFolder(data: { folderId: string; mode: DeleteFolderMode }): {
    /** Archives moved to the parent ('move-up'). */
    movedArchives: number;
    /** Archives moved to the Trash with it ('delete-all'). */
    deletedArchives: number;
    /** Folders removed (the folder itself plus descendants in 'delete-all'). */
    deletedFolders: number;
  };
  /**
   * Edit one archive: any of title, notes, private flag, folder. Supersedes the capture
   * protocol's `updateArchive` for library edits (that one stays for the popup's
   * destination choice, which is also remembered for the next capture).
   */
  editArchive(data: { archiveId: string } & ArchiveEdit): { ok: true };
  /** Move several archives to one folder in one transaction. */
  moveArchives(data: { archiveIds: string[]; folderId: string }): { count: number };
  /** Set or clear the private flag of several archives in one transaction. */
  setArchivesPrivate(data: { archiveIds: string[]; isPrivate: boolean }): { count: number };
  /**
   * Delete archives to the Trash: they disappear from every list and count at once, and the
   * background purges them (records, texts, search terms, sync states) at `purgeAt` (30 days)
   * unless `restoreArchives` comes first. "Undo" is offered until `undoUntil`. Stale trash
   * is also purged when the worker starts.
   */
  trashArchives(data: { archiveIds: string[] }): {
    count: number;
    purgeAt: number;
    undoUntil: number;
  };
  /** Undo a trashArchives: the archives reappear where they were (or in the default folder
   * if theirs was deleted meanwhile). Ids already purged are skipped. */
  restoreArchives(data: { archiveIds: string[] }): { count: number };
  /**
   * Brings a folder deleted with its contents back from the Trash, with its subfolders and
   * archives, under its old parent (or at the top level if that is gone).
   */
  restoreFolder(data: { folderId: string }): { archives: number };
  /** Purges everything in the Trash now. */
  emptyTrash(data: Record<string, never>): { purged: number };
}

export type { ArchiveEdit } from '../db/repos/archive-ops';
export type { DeleteFolderMode } from '../db/repos/folder-ops';
