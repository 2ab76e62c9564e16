import type { ArchiveRow, FolderRow } from '../db/entities';
import { getArchive, listRecentArchives } from '../db/repos/archives';
import { listFolders } from '../db/repos/folders';
import { deleteOutboxOfArchive, enqueueOutbox, listOutboxOfArchive } from '../db/repos/outbox';
import {
  deleteSyncState,
  getSyncState,
  listSyncStatesOfArchive,
  listSyncStatesOfServer,
  setSyncState,
} from '../db/repos/sync-states';
import type { FolderSyncRule, ServerConfig } from '../storage/sync-types';
import type { ArchiveChange } from './archive-changes';
import { serversOfFolder } from './folder-rules';
import { isSyncable } from './outbox-engine';

/** What queuing needs to know about configuration. */
export interface QueueConfig {
  servers(): Promise<ServerConfig[]>;
  rules(): Promise<FolderSyncRule[]>;
}

async function folderMap(): Promise<Map<string, FolderRow>> {
  return new Map((await listFolders()).map((f) => [f.id, f]));
}

/** Queues the first send of an archive to a server and shows it as pending. */
export async function queueCreate(archive: ArchiveRow, serverId: string): Promise<void> {
  await setSyncState(archive.id, serverId, {
    state: 'pending',
    error: undefined,
    errorCode: undefined,
    candidates: undefined,
  });
  await enqueueOutbox({ serverId, archiveId: archive.id, op: 'create' });
}

/** Queues an edit (or, when the archive never reached the server, its first send). */
export async function queueUpdate(archive: ArchiveRow, serverId: string): Promise<void> {
  const state = await getSyncState(archive.id, serverId);
  await setSyncState(archive.id, serverId, {
    state: 'pending',
    error: undefined,
    errorCode: undefined,
    candidates: undefined,
  });
  await enqueueOutbox({
    serverId,
    archiveId: archive.id,
    op: state?.remoteId ? 'update' : 'create',
  });
}

/** The configured (enabled) servers an archive's folder syncs to. */
async function targetServers(
  archive: ArchiveRow,
  config: QueueConfig,
  folders: Map<string, FolderRow>,
): Promise<string[]> {
  const known = new Set((await config.servers()).filter((s) => s.enabled).map((s) => s.id));
  return serversOfFolder(archive.folderId, folders, await config.rules()).filter((id) =>
    known.has(id),
  );
}

/**
 * Turns an archive change into outbox work: a finished capture is queued for every server
 * its folder syncs to; an edit or move is queued for every server that has (or is getting)
 * a copy, and a move into a folder that syncs elsewhere adds those servers; a local purge
 * drops waiting work and forgets states (remote deletes the user asked for stay queued).
 * Returns how many entries were queued.
 */
export async function queueArchiveChange(
  archiveId: string,
  change: ArchiveChange,
  config: QueueConfig,
): Promise<number> {
  if (change === 'deleted') {
    await deleteOutboxOfArchive(archiveId, { keepDeletes: true });
    const deleting = new Set(
      (await listOutboxOfArchive(archiveId))
        .filter((e) => e.op === 'delete')
        .map((e) => e.serverId),
    );
    for (const state of await listSyncStatesOfArchive(archiveId)) {
      if (!deleting.has(state.serverId)) await deleteSyncState(archiveId, state.serverId);
    }
    return 0;
  }
  const archive = await getArchive(archiveId);
  if (!isSyncable(archive)) return 0;
  const folders = await folderMap();
  const wanted = new Set(await targetServers(archive, config, folders));
  let queued = 0;
  if (change === 'captured') {
    for (const serverId of wanted) {
      const state = await getSyncState(archiveId, serverId);
      if (state?.state === 'synced' || state?.state === 'syncing') continue;
      await queueCreate(archive, serverId);
      queued++;
    }
    return queued;
  }
  const states = await listSyncStatesOfArchive(archiveId);
  const known = new Set((await config.servers()).map((s) => s.id));
  for (const state of states) {
    if (!known.has(state.serverId)) continue;
    await queueUpdate(archive, state.serverId);
    wanted.delete(state.serverId);
    queued++;
  }
  if (change === 'moved') {
    for (const serverId of wanted) {
      await queueCreate(archive, serverId);
      queued++;
    }
  }
  return queued;
}

/**
 * Catches up with changes whose notification never came (the worker stopped in between, or
 * a caller does not notify): queues every syncable archive that should be on a server but
 * has no state there, queues an update for a synced archive edited since its last send, and
 * forgets states of archives that no longer exist. Runs at worker start, on the sync alarm
 * and on "Sync now". Returns how many entries were queued.
 */
export async function reconcile(config: QueueConfig, onlyServer?: string): Promise<number> {
  const servers = (await config.servers()).filter(
    (s) => s.enabled && (!onlyServer || s.id === onlyServer),
  );
  if (servers.length === 0) return 0;
  const rules = await config.rules();
  const folders = await folderMap();
  const ids = new Set(servers.map((s) => s.id));
  let queued = 0;
  const archives = await listRecentArchives(Number.MAX_SAFE_INTEGER);
  for (const archive of archives) {
    if (!isSyncable(archive)) continue;
    for (const serverId of serversOfFolder(archive.folderId, folders, rules)) {
      if (!ids.has(serverId) || (await getSyncState(archive.id, serverId))) continue;
      await queueCreate(archive, serverId);
      queued++;
    }
  }
  const byId = new Map(archives.map((a) => [a.id, a]));
  for (const server of servers) {
    for (const state of await listSyncStatesOfServer(server.id)) {
      const archive = byId.get(state.archiveId);
      if (!archive) {
        // Purged locally without a notification: keep only what a queued remote delete needs.
        const deleting = (await listOutboxOfArchive(state.archiveId)).some(
          (e) => e.op === 'delete',
        );
        if (!deleting) await deleteSyncState(state.archiveId, server.id);
        continue;
      }
      const edited =
        state.state === 'synced' &&
        state.remoteId !== undefined &&
        state.archiveVersion !== undefined &&
        archive.updatedAt > state.archiveVersion;
      if (edited && isSyncable(archive)) {
        await queueUpdate(archive, server.id);
        queued++;
      }
    }
  }
  return queued;
}
