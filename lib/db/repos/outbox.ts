import { getDb } from '../schema';
import type { OutboxOp, OutboxRow } from '../entities';

/** An outbox entry handed to a worker, with whether it was taken over from a dead one. */
export interface ClaimedEntry extends OutboxRow {
  id: number;
  /** The entry carried a lease that had run out: its last worker stopped mid-send. */
  takenOver: boolean;
}

/**
 * Adds sync work for an archive on a server, coalescing with what is queued: creates and
 * updates read the archive when they run, so one waiting create or update covers any number
 * of later edits; a delete drops waiting creates and updates (nothing to send any more).
 * Entries held by a worker (leased) are never changed. Returns the id of the entry that
 * covers the request, or undefined when nothing needed queuing.
 */
export async function enqueueOutbox(entry: {
  serverId: string;
  archiveId: string;
  op: OutboxOp;
  payload?: Record<string, unknown>;
  now?: number;
}): Promise<number | undefined> {
  const db = getDb();
  const now = entry.now ?? Date.now();
  return db.transaction('rw', db.outbox, async () => {
    const rows = (await db.outbox.where('archiveId').equals(entry.archiveId).toArray()).filter(
      (r) => r.serverId === entry.serverId,
    );
    const idle = (r: OutboxRow) => !(r.leaseUntil !== undefined && r.leaseUntil > now);
    if (entry.op === 'delete') {
      const drop = rows.filter((r) => r.op !== 'delete' && idle(r)).map((r) => r.id!);
      await db.outbox.bulkDelete(drop);
      const waiting = rows.find((r) => r.op === 'delete' && idle(r));
      if (waiting) return waiting.id;
    } else {
      // A waiting create or update will read the archive's current state when it runs.
      const waiting = rows.find((r) => r.op !== 'delete' && idle(r) && !r.payload?.rendering);
      if (waiting && !entry.payload?.rendering) {
        if (waiting.dueAt > now && waiting.attempts === 0)
          await db.outbox.update(waiting.id!, { dueAt: now });
        return waiting.id;
      }
      // A create that is in flight covers the archive as it was: edits need an update after it.
      if (
        entry.op === 'create' &&
        rows.some((r) => r.op === 'create') &&
        !entry.payload?.rendering
      ) {
        return rows.find((r) => r.op === 'create')!.id;
      }
    }
    return db.outbox.add({
      serverId: entry.serverId,
      archiveId: entry.archiveId,
      op: entry.op,
      dueAt: now,
      attempts: 0,
      createdAt: now,
      payload: entry.payload,
    });
  });
}

/**
 * Hands up to `limit` due entries to a worker and leases them until `now + leaseMs`. The
 * lease is written as the entry's `dueAt`, so an entry whose worker died (service worker
 * stopped, browser closed) simply becomes due again when its lease runs out and the next
 * worker takes it over. Entries of one archive on one server run one at a time, in order.
 */
export async function claimOutbox(options: {
  now: number;
  limit: number;
  leaseMs: number;
  serverIds: string[];
}): Promise<ClaimedEntry[]> {
  if (options.limit <= 0 || options.serverIds.length === 0) return [];
  const db = getDb();
  const allowed = new Set(options.serverIds);
  return db.transaction('rw', db.outbox, async () => {
    const claimed: ClaimedEntry[] = [];
    const seenPairs = new Set<string>();
    await db.outbox
      .where('dueAt')
      .belowOrEqual(options.now)
      .until(() => claimed.length >= options.limit)
      .each((row) => {
        if (!allowed.has(row.serverId)) return;
        const pair = `${row.serverId}\u0000${row.archiveId}`;
        if (seenPairs.has(pair)) return;
        seenPairs.add(pair);
        claimed.push({ ...row, id: row.id!, takenOver: row.leaseUntil !== undefined });
      });
    // Keep per-pair order: an older entry of the same pair (leased or not yet due) goes first.
    const ready: ClaimedEntry[] = [];
    for (const entry of claimed) {
      const older = await db.outbox
        .where('archiveId')
        .equals(entry.archiveId)
        .filter((r) => r.serverId === entry.serverId && r.id! < entry.id)
        .count();
      if (older === 0) ready.push(entry);
    }
    const leaseUntil = options.now + options.leaseMs;
    for (const entry of ready) {
      await db.outbox.update(entry.id, { leaseUntil, dueAt: leaseUntil });
    }
    return ready;
  });
}

/** Extends a lease held by a worker on a long request (an ArchiveBox 0.8 add, an upload). */
export async function renewOutboxLease(id: number, leaseUntil: number): Promise<void> {
  await getDb().outbox.update(id, { leaseUntil, dueAt: leaseUntil });
}

/** Changes an entry's fields (e.g. marking a create as sent before the request goes out). */
export async function patchOutbox(id: number, patch: Partial<OutboxRow>): Promise<void> {
  await getDb().outbox.update(id, patch);
}

/** Puts an entry back in the queue for a later attempt (its lease ends). */
export async function rescheduleOutbox(
  id: number,
  patch: Pick<OutboxRow, 'dueAt'> & Partial<OutboxRow>,
): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.outbox, async () => {
    const row = await db.outbox.get(id);
    if (!row) return;
    const next: OutboxRow = { ...row, ...patch };
    delete next.leaseUntil;
    await db.outbox.put(next);
  });
}

/** Removes a finished (or permanently failed) entry. */
export async function removeOutbox(id: number): Promise<void> {
  await getDb().outbox.delete(id);
}

/** One entry by id. */
export function getOutbox(id: number): Promise<OutboxRow | undefined> {
  return getDb().outbox.get(id);
}

/** Every entry (of one server), oldest first. */
export async function listOutbox(serverId?: string): Promise<OutboxRow[]> {
  const rows = serverId
    ? await getDb()
        .outbox.where('[serverId+dueAt]')
        .between([serverId, -Infinity], [serverId, Infinity])
        .toArray()
    : await getDb().outbox.toArray();
  return rows.sort((a, b) => a.id! - b.id!);
}

/** How many entries a server has queued (leased ones included). */
export function countOutbox(serverId: string): Promise<number> {
  return getDb()
    .outbox.where('[serverId+dueAt]')
    .between([serverId, -Infinity], [serverId, Infinity])
    .count();
}

/**
 * A server's creates whose outcome is unknown (sent, answer lost): the archives they are for
 * may own copies on the server that nobody has linked yet.
 */
export async function listUnknownCreates(serverId: string): Promise<OutboxRow[]> {
  return (await listOutbox(serverId)).filter((r) => r.outcomeUnknown);
}

/** Entries of one archive. */
export function listOutboxOfArchive(archiveId: string): Promise<OutboxRow[]> {
  return getDb().outbox.where('archiveId').equals(archiveId).toArray();
}

/** The earliest `dueAt` among a set of servers' entries (leased entries: their lease end). */
export async function nextOutboxDue(serverIds: string[]): Promise<number | undefined> {
  let best: number | undefined;
  for (const serverId of serverIds) {
    const first = await getDb()
      .outbox.where('[serverId+dueAt]')
      .between([serverId, -Infinity], [serverId, Infinity])
      .first();
    if (first && (best === undefined || first.dueAt < best)) best = first.dueAt;
  }
  return best;
}

/** Makes every waiting entry (of one server) due now: "Sync now" skips backoff waits. */
export async function makeOutboxDueNow(now: number, serverId?: string): Promise<number> {
  const db = getDb();
  return db.transaction('rw', db.outbox, async () => {
    const rows = await db.outbox
      .where('dueAt')
      .above(now)
      .filter((r) => (!serverId || r.serverId === serverId) && r.leaseUntil === undefined)
      .toArray();
    for (const row of rows) await db.outbox.update(row.id!, { dueAt: now });
    return rows.length;
  });
}

/** Drops an archive's waiting entries on one server, or on all (leased ones finish). */
export async function deleteOutboxOfArchive(
  archiveId: string,
  options: { serverId?: string; keepDeletes?: boolean; now?: number } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  const db = getDb();
  await db.transaction('rw', db.outbox, async () => {
    const rows = await db.outbox.where('archiveId').equals(archiveId).toArray();
    const drop = rows.filter(
      (r) =>
        (!options.serverId || r.serverId === options.serverId) &&
        !(options.keepDeletes && r.op === 'delete') &&
        !(r.leaseUntil !== undefined && r.leaseUntil > now),
    );
    await db.outbox.bulkDelete(drop.map((r) => r.id!));
  });
}

/** Drops every entry of a server (it was removed). */
export async function deleteOutboxOfServer(serverId: string): Promise<void> {
  await getDb()
    .outbox.where('[serverId+dueAt]')
    .between([serverId, -Infinity], [serverId, Infinity])
    .delete();
}
