import { getDb } from '../schema';
import type { ArchiveRow, SyncStateKind } from '../entities';
import { isTrashed, newestFirst } from './archives';

const NOT_SYNCED: SyncStateKind[] = ['pending', 'syncing', 'failed'];

/**
 * The library's "Not synced" filter: archives that are not yet on every server they go to,
 * that is with a state other than synced on one of `serverIds` (waiting, sending, failed,
 * needing review, or held for a private-server confirmation). Newest first; trashed archives
 * are left out. States of servers not in `serverIds` (a removed one) do not count.
 */
export async function listUnsyncedArchives(serverIds: string[]): Promise<ArchiveRow[]> {
  const db = getDb();
  const ids = new Set<string>();
  for (const serverId of serverIds) {
    for (const state of NOT_SYNCED) {
      // Primary keys are [archiveId, serverId]: no row needs reading for the ids.
      const keys = await db.syncStates
        .where('[serverId+state]')
        .equals([serverId, state])
        .primaryKeys();
      for (const [archiveId] of keys) ids.add(archiveId);
    }
  }
  const rows = await db.archives.bulkGet([...ids]);
  return rows
    .filter((row): row is ArchiveRow => row !== undefined && !isTrashed(row))
    .sort(newestFirst);
}
