import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../test-db';
import {
  claimOutbox,
  enqueueOutbox,
  listOutbox,
  makeOutboxDueNow,
  rescheduleOutbox,
} from './outbox';

beforeEach(() => {
  useFreshDb();
});

const base = { serverId: 's1', now: 1000 };

describe('outbox', () => {
  it('coalesces a create and later edits into one waiting entry', async () => {
    const id = await enqueueOutbox({ ...base, archiveId: 'a', op: 'create' });
    expect(await enqueueOutbox({ ...base, archiveId: 'a', op: 'update' })).toBe(id);
    expect(await enqueueOutbox({ ...base, archiveId: 'a', op: 'create' })).toBe(id);
    expect(await listOutbox()).toHaveLength(1);
    // Another server is separate work.
    await enqueueOutbox({ ...base, serverId: 's2', archiveId: 'a', op: 'create' });
    expect(await listOutbox()).toHaveLength(2);
  });

  it('queues an edit after a create that is in flight', async () => {
    await enqueueOutbox({ ...base, archiveId: 'a', op: 'create' });
    const [claimed] = await claimOutbox({
      now: 1000,
      limit: 5,
      leaseMs: 60_000,
      serverIds: ['s1'],
    });
    expect(claimed?.op).toBe('create');
    await enqueueOutbox({ ...base, now: 2000, archiveId: 'a', op: 'update' });
    expect((await listOutbox()).map((e) => e.op)).toEqual(['create', 'update']);
    // The update waits for the create: same archive and server run one at a time, in order.
    expect(await claimOutbox({ now: 2000, limit: 5, leaseMs: 60_000, serverIds: ['s1'] })).toEqual(
      [],
    );
  });

  it('a delete drops waiting creates and updates', async () => {
    await enqueueOutbox({ ...base, archiveId: 'a', op: 'create' });
    await enqueueOutbox({ ...base, archiveId: 'a', op: 'delete', payload: { remoteId: 'G' } });
    expect((await listOutbox()).map((e) => e.op)).toEqual(['delete']);
  });

  it('leases claimed entries, and a dead worker’s entries are taken over when the lease ends', async () => {
    await enqueueOutbox({ ...base, archiveId: 'a', op: 'create' });
    await enqueueOutbox({ ...base, archiveId: 'b', op: 'create' });
    const first = await claimOutbox({ now: 1000, limit: 5, leaseMs: 10_000, serverIds: ['s1'] });
    expect(first.map((e) => [e.archiveId, e.takenOver])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    // Still leased: nobody else gets them.
    expect(await claimOutbox({ now: 5000, limit: 5, leaseMs: 10_000, serverIds: ['s1'] })).toEqual(
      [],
    );
    // The worker died (no reschedule, no removal); after the lease a new worker takes them over.
    const again = await claimOutbox({ now: 11_001, limit: 5, leaseMs: 10_000, serverIds: ['s1'] });
    expect(again.map((e) => [e.archiveId, e.takenOver])).toEqual([
      ['a', true],
      ['b', true],
    ]);
  });

  it('respects the limit, due times and the servers asked for', async () => {
    for (const id of ['a', 'b', 'c']) await enqueueOutbox({ ...base, archiveId: id, op: 'create' });
    await enqueueOutbox({ ...base, serverId: 'stopped', archiveId: 'd', op: 'create' });
    const [one] = await claimOutbox({ now: 1000, limit: 1, leaseMs: 1000, serverIds: ['s1'] });
    await rescheduleOutbox(one!.id, { dueAt: 50_000, attempts: 1 });
    const rest = await claimOutbox({ now: 1000, limit: 5, leaseMs: 1000, serverIds: ['s1'] });
    expect(rest.map((e) => e.archiveId)).toEqual(['b', 'c']);
    expect(await claimOutbox({ now: 1000, limit: 5, leaseMs: 1000, serverIds: ['s1'] })).toEqual(
      [],
    );
    // "Sync now" makes the backed-off entry due at once.
    expect(await makeOutboxDueNow(1500, 's1')).toBe(1);
    expect(
      (await claimOutbox({ now: 1500, limit: 5, leaseMs: 1000, serverIds: ['s1'] }))[0]?.archiveId,
    ).toBe('a');
  });
});

describe('sync states of several archives', () => {
  it('lists exactly the asked archives, every server', async () => {
    const { setSyncState, listSyncStatesOfArchives } = await import('./sync-states');
    await setSyncState('a', 's1', { state: 'synced', remoteId: 'G1' });
    await setSyncState('a', 's2', { state: 'failed', error: 'x' });
    await setSyncState('b', 's1', { state: 'pending' });
    await setSyncState('c', 's1', { state: 'pending' });
    const rows = await listSyncStatesOfArchives(['c', 'a']);
    expect(rows.map((r) => `${r.archiveId}/${r.serverId}/${r.state}`).sort()).toEqual([
      'a/s1/synced',
      'a/s2/failed',
      'c/s1/pending',
    ]);
    expect(await listSyncStatesOfArchives([])).toEqual([]);
  });
});
