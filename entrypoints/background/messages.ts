import { registerHandlers } from '../../lib/messaging/server';
import { editArchive } from '../../lib/db/repos/archive-ops';
import { lastDestinationItem } from '../../lib/storage/items';
import { captureService } from './capture';
import { libraryHandlers } from './library-handlers';
import { syncHandlers } from './sync-handlers';
import { notifyArchiveChanged } from '../../lib/sync/archive-changes';

/** Answers the UI pages' messages (lib/messaging/protocol.ts). */
export function setupMessages(): void {
  registerHandlers({
    ...libraryHandlers(),
    ...syncHandlers(),
    async captureTab({ tabId, trigger, folderId, isPrivate, again }) {
      return captureService().captureTab(tabId, { trigger, folderId, isPrivate, again });
    },
    async captureUrl({ url, trigger, folderId, isPrivate }) {
      return captureService().captureUrl(url, { trigger, folderId, isPrivate });
    },
    async recordTab({ tabId, reloadFirst, reloadConfirmed, folderId, isPrivate }) {
      return captureService().recordTab(tabId, {
        reloadFirst,
        reloadConfirmed,
        folderId,
        isPrivate,
      });
    },
    async stopCapture({ archiveId }) {
      return { stopped: await captureService().stop(archiveId) };
    },
    async updateArchive({ archiveId, folderId, isPrivate }) {
      const patch: { folderId?: string; isPrivate?: boolean } = {};
      if (folderId !== undefined) patch.folderId = folderId;
      if (isPrivate !== undefined) patch.isPrivate = isPrivate;
      // The same checked edit as the library's (folder exists, archive not trashed).
      await editArchive(archiveId, patch);
      notifyArchiveChanged(archiveId, folderId !== undefined ? 'moved' : 'edited');
      await lastDestinationItem.setValue({
        ...(await lastDestinationItem.getValue()),
        ...patch,
      });
      return { ok: true };
    },
  });
}
