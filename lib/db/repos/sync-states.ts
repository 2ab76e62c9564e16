import { getDb } from '../schema';
import type { SyncStateKind, SyncStateRow } from '../entities';
import type { RemoteCandidate } from '../../storage/sync-types';

/**
 * A sync state as sync stores it: the v2 row plus fields that need no index (Dexie stores
 * any extra property, so no schema version is needed for them).
 */
export interface SyncStateRecord extends SyncStateRow {
  /** Stable code of the last failure (e.g. 'private-not-confirmed', 'quota'). */
  errorCode?: string;
  /** A user-facing remark on a synced archive (e.g. "the organisation made it private"). */
  note?: string;
  /** When the server created the remote copy (epoch ms): Perma's 24-hour delete window. */
  remoteCreatedAt?: number;
  /**
   * The archive's `updatedAt` that the last successful send covered; a newer one means a
   * local edit has not reached the server yet (the reconciliation queues it).
   */
  archiveVersion?: number;
  /** When a waiting archive is tried next (backoff, or the end of a quota pause), epoch ms. */
  retryAt?: number;
  /** needs-review: the remote copies that could be this archive's; the user picks one. */
  candidates?: RemoteCandidate[];
  /** Spare remote copies of this archive still to be deleted (their capture was running). */
  spares?: string[];
  /** Spare copies deleted so far, and those that could not be deleted (listed to the user). */
  sparesDeleted?: number;
  sparesKept?: string[];
}

/**
 * Whether a state waits for the user rather than failed: a private archive that an older
 * ArchiveBox server gets only once the user confirms, in the options, that the server does
 * not publish snapshots. It is stored as failed (nothing retries it), but shown as waiting,
 * with that reason, everywhere: row marks, the detail, the server card and Sync now.
 */
export function awaitsPrivateConfirmation(state: Pick<SyncStateRecord, 'state' | 'errorCode'>) {
  return state.state === 'failed' && state.errorCode === 'private-not-confirmed';
}

/** The state of one archive on one server, or undefined. */
export async function getSyncState(
  archiveId: string,
  serverId: string,
): Promise<SyncStateRecord | undefined> {
  return getDb().syncStates.get([archiveId, serverId]);
}

/** Every server's state of one archive (the library shows them). */
export function listSyncStatesOfArchive(archiveId: string): Promise<SyncStateRecord[]> {
  return getDb()
    .syncStates.where('[archiveId+serverId]')
    .between([archiveId, ''], [archiveId, '\uffff'])
    .toArray();
}

/** The states of several archives (a library list shows one badge per archive and server). */
export async function listSyncStatesOfArchives(archiveIds: string[]): Promise<SyncStateRecord[]> {
  const ids = new Set(archiveIds);
  if (ids.size === 0) return [];
  return getDb()
    .syncStates.where('[archiveId+serverId]')
    .between([[...ids].sort()[0]!, ''], [[...ids].sort().at(-1)!, '\uffff'])
    .filter((row) => ids.has(row.archiveId))
    .toArray();
}

/** All states on one server. */
export function listSyncStatesOfServer(serverId: string): Promise<SyncStateRecord[]> {
  return getDb().syncStates.where('serverId').equals(serverId).toArray();
}

/** States of one server in one state (e.g. its failures, for Retry). */
export function listSyncStatesByState(
  serverId: string,
  state: SyncStateKind,
): Promise<SyncStateRecord[]> {
  return getDb().syncStates.where('[serverId+state]').equals([serverId, state]).toArray();
}

/** How many archives of a server are in each state. */
export async function countSyncStates(serverId: string): Promise<Record<SyncStateKind, number>> {
  const table = getDb().syncStates;
  const kinds: SyncStateKind[] = ['pending', 'syncing', 'synced', 'failed'];
  const counts = await Promise.all(
    kinds.map((k) => table.where('[serverId+state]').equals([serverId, k]).count()),
  );
  return Object.fromEntries(kinds.map((k, i) => [k, counts[i]])) as Record<SyncStateKind, number>;
}

/**
 * Writes the state of an archive on a server, merging with what is stored. Fields set to
 * undefined in `patch` are cleared (an old error disappears once synced).
 */
export async function setSyncState(
  archiveId: string,
  serverId: string,
  patch: Partial<Omit<SyncStateRecord, 'archiveId' | 'serverId'>>,
): Promise<SyncStateRecord> {
  const db = getDb();
  return db.transaction('rw', db.syncStates, async () => {
    const current = (await db.syncStates.get([archiveId, serverId])) as SyncStateRecord | undefined;
    const next: SyncStateRecord = {
      state: 'pending',
      ...current,
      ...patch,
      archiveId,
      serverId,
      updatedAt: Date.now(),
    };
    for (const key of Object.keys(patch) as Array<keyof SyncStateRecord>) {
      if (patch[key as keyof typeof patch] === undefined) delete next[key];
    }
    await db.syncStates.put(next);
    return next;
  });
}

/** Remote ids of a server already linked to some local archive (no two archives share one). */
export async function linkedRemoteIds(serverId: string): Promise<Set<string>> {
  const rows = await listSyncStatesOfServer(serverId);
  return new Set(rows.flatMap((r) => (r.remoteId ? [r.remoteId] : [])));
}

/**
 * Remote copies listed by other archives' open reviews on a server (recovery found copies it
 * could not attribute): no other archive may take or delete them without the user.
 */
export async function reviewedRemoteIds(serverId: string, exceptArchiveId: string) {
  const rows = await listSyncStatesByState(serverId, 'failed');
  return new Set(
    rows
      .filter((r) => r.archiveId !== exceptArchiveId && r.errorCode === 'needs-review')
      .flatMap((r) => (r.candidates ?? []).map((c) => c.remoteId)),
  );
}

/** Forgets the state of one archive on one server. */
export async function deleteSyncState(archiveId: string, serverId: string): Promise<void> {
  await getDb().syncStates.delete([archiveId, serverId]);
}

/** Forgets every state of an archive (it was purged locally). */
export async function deleteSyncStatesOfArchive(archiveId: string): Promise<void> {
  const keys = (await listSyncStatesOfArchive(archiveId)).map(
    (r) => [r.archiveId, r.serverId] as [string, string],
  );
  await getDb().syncStates.bulkDelete(keys);
}

/** Forgets every state on a server (it was removed). */
export async function deleteSyncStatesOfServer(serverId: string): Promise<void> {
  await getDb().syncStates.where('serverId').equals(serverId).delete();
}
