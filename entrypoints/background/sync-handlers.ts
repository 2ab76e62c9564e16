import type { Handlers } from '../../lib/messaging/server';
import type { SyncProtocol } from '../../lib/messaging/protocol-sync';
import { syncService } from './sync';

/** Handlers of the sync messages (lib/messaging/protocol-sync.ts): thin calls into lib/sync. */
export function syncHandlers(): Pick<Handlers, keyof SyncProtocol> {
  const sync = syncService;
  return {
    listServers: () => sync().listServers(),
    saveServer: (data) => sync().saveServer(data),
    removeServer: ({ serverId }) => sync().removeServer(serverId),
    testConnection: (data) => sync().testConnection(data),
    listRemoteFolders: ({ serverId }) => sync().listRemoteFolders(serverId),
    previewFolderSync: (data) => sync().previewFolderSync(data),
    setFolderSync: (data) => sync().setFolderSync(data),
    confirmPrivateServer: ({ serverId, confirmed }) =>
      sync().confirmPrivateServer(serverId, confirmed),
    syncNow: ({ serverId }) => sync().syncNow(serverId),
    retrySync: (data) => sync().retrySync(data),
    resumeCreates: ({ serverId }) => sync().resumeCreates(serverId),
    getSyncStatus: () => sync().getSyncStatus(),
    listRemoteCopies: ({ archiveId }) => sync().listRemoteCopies(archiveId),
    deleteRemote: ({ archiveId, serverId }) => sync().deleteRemote(archiveId, serverId),
    resolveSyncReview: (data) => sync().resolveSyncReview(data),
    listPermaPull: ({ serverId }) => sync().listPermaPull(serverId),
    pullPermaArchive: (data) => sync().pullPermaArchive(data),
    uploadRendering: async ({ archiveId, serverId }) => sync().uploadRendering(archiveId, serverId),
  };
}
