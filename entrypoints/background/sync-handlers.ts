import type { Handlers } from '../../lib/messaging/server';
import type { SyncProtocol } from '../../lib/messaging/protocol-sync';
import { CairnError } from '../../lib/errors';
import {
  folderSyncRulesItem,
  getServerConfig,
  listServerConfigs,
  patchServerConfig,
} from '../../lib/storage/sync-servers';
import { getServerSecret } from '../../lib/storage/sync-secrets';
import type { ServerConfig, ServerSummary } from '../../lib/storage/sync-types';

async function summary(server: ServerConfig): Promise<ServerSummary> {
  return { ...server, hasCredentials: Boolean(await getServerSecret(server.id)) };
}

function notYet(): never {
  throw new CairnError('sync-unavailable', 'Sync is being set up in this build.');
}

/** Handlers of the sync messages (lib/messaging/protocol-sync.ts). */
export function syncHandlers(): Pick<Handlers, keyof SyncProtocol> {
  return {
    async listServers() {
      const servers = await Promise.all((await listServerConfigs()).map(summary));
      return { servers, folderRules: await folderSyncRulesItem.getValue() };
    },
    async confirmPrivateServer({ serverId, confirmed }) {
      const server = await patchServerConfig(serverId, { confirmedPrivate: confirmed });
      if (!server) throw new CairnError('unknown-server', 'This server is no longer configured.');
      return { server: await summary(server), queued: 0 };
    },
    async saveServer() {
      return notYet();
    },
    async removeServer({ serverId }) {
      if (!(await getServerConfig(serverId))) return { ok: true };
      return notYet();
    },
    testConnection: async () => notYet(),
    listRemoteFolders: async () => notYet(),
    setFolderSync: async () => notYet(),
    syncNow: async () => notYet(),
    retrySync: async () => notYet(),
    getSyncStatus: async () => notYet(),
    listRemoteCopies: async () => notYet(),
    deleteRemote: async () => notYet(),
    uploadRendering: async () => notYet(),
  };
}
