import type { Handlers } from '../../lib/messaging/server';
import type { LibraryProtocol } from '../../lib/messaging/protocol-library';
import {
  createFolder,
  deleteFolder,
  moveFolder,
  renameFolder,
} from '../../lib/db/repos/folder-ops';
import {
  editArchive,
  moveArchives,
  restoreArchives,
  setArchivesPrivate,
  trashArchives,
  TRASH_UNDO_MS,
} from '../../lib/db/repos/archive-ops';
import { restoreFolderTree, TRASH_RETENTION_MS } from '../../lib/db/repos/trash';
import { getArchive, listCapturing } from '../../lib/db/repos/archives';
import { listFolders, subtreeIds } from '../../lib/db/repos/folders';
import { captureService } from './capture';
import { emptyTrashNow, schedulePurge } from './trash';
import { notifyArchiveChanged } from '../../lib/sync/archive-changes';

/** Finishes running captures of these archives first, so no recorder writes into a deleted one. */
async function stopCaptures(archiveIds: string[]): Promise<void> {
  for (const id of archiveIds) {
    if ((await getArchive(id))?.status === 'capturing') await captureService().stop(id);
  }
}

/**
 * Handlers of the library messages (lib/messaging/protocol-library.ts). Each change is one
 * repository call (one transaction), the single place to hook sync in later.
 */
export function libraryHandlers(): Pick<Handlers, keyof LibraryProtocol> {
  return {
    async createFolder({ parentId, name }) {
      return { folderId: (await createFolder(parentId, name)).id };
    },
    async renameFolder({ folderId, name }) {
      await renameFolder(folderId, name);
      return { ok: true };
    },
    async moveFolder({ folderId, parentId }) {
      await moveFolder(folderId, parentId);
      return { ok: true };
    },
    async deleteFolder({ folderId, mode }) {
      if (mode === 'delete-all') {
        const doomed = new Set(subtreeIds(folderId, await listFolders()));
        const capturing = await listCapturing();
        await stopCaptures(capturing.filter((a) => doomed.has(a.folderId)).map((a) => a.id));
      }
      const result = await deleteFolder(folderId, mode);
      if (mode === 'delete-all') schedulePurge(Date.now() + TRASH_RETENTION_MS);
      return result;
    },
    async editArchive({ archiveId, ...edit }) {
      await editArchive(archiveId, edit);
      notifyArchiveChanged(archiveId, edit.folderId ? 'moved' : 'edited');
      return { ok: true };
    },
    async moveArchives({ archiveIds, folderId }) {
      const count = await moveArchives(archiveIds, folderId);
      for (const id of archiveIds) notifyArchiveChanged(id, 'moved');
      return { count };
    },
    async setArchivesPrivate({ archiveIds, isPrivate }) {
      const count = await setArchivesPrivate(archiveIds, isPrivate);
      for (const id of archiveIds) notifyArchiveChanged(id, 'edited');
      return { count };
    },
    async trashArchives({ archiveIds }) {
      await stopCaptures(archiveIds);
      const now = Date.now();
      const trashed = await trashArchives(archiveIds, now);
      const purgeAt = now + TRASH_RETENTION_MS;
      if (trashed.length > 0) schedulePurge(purgeAt);
      return { count: trashed.length, purgeAt, undoUntil: now + TRASH_UNDO_MS };
    },
    async restoreArchives({ archiveIds }) {
      const count = await restoreArchives(archiveIds);
      for (const id of archiveIds) notifyArchiveChanged(id, 'edited');
      return { count };
    },
    async restoreFolder({ folderId }) {
      return restoreFolderTree(folderId);
    },
    async emptyTrash() {
      return { purged: (await emptyTrashNow()).length };
    },
  };
}
