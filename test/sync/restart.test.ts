import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPermaServer, type PermaServer } from '../servers/perma-server.js';
import { useFreshDb } from '../../lib/db/test-db';
import type { CairnDb } from '../../lib/db/schema';
import { getSyncState } from '../../lib/db/repos/sync-states';
import { listOutbox } from '../../lib/db/repos/outbox';
import { addArchive, addFolder, testSyncService } from './support';

let server: PermaServer;
let db: CairnDb;

beforeEach(async () => {
  server = await startPermaServer({ capture: { pendingMs: 5, inProgressMs: 5 } });
  db = useFreshDb();
});
afterEach(async () => {
  await server.close();
  db.close();
});

const LEASE = 300;

describe('a worker that dies in the middle of a create', () => {
  it('is taken over by the next worker after its lease, which finds the archive instead of creating it again', async () => {
    const root = await addFolder(db, 'Personal Links');
    // Worker 1: its create reaches the server, then the worker is gone (the answer never comes).
    let reached!: () => void;
    const createReached = new Promise<void>((resolve) => (reached = resolve));
    const dying = testSyncService({
      engine: { leaseMs: LEASE },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (init?.method === 'POST' && /\/v1\/archives\/?$/.test(String(input))) {
          reached();
          return new Promise<Response>(() => undefined);
        }
        return response;
      },
    });
    const { server: config } = await dying.service.saveServer({
      kind: 'perma',
      name: 'P',
      baseUrl: server.origin,
      credentials: { type: 'apiKey', apiKey: server.apiKey },
    });
    await dying.service.setFolderSync({ folderId: root.id, serverIds: [config.id] });
    const archive = await addArchive({ folderId: root.id, title: 'Survives restarts' });
    await dying.service.onArchiveChanged(archive.id, 'captured');
    void dying.service.syncNow();
    await createReached;
    expect(server.state.archives.size).toBe(1);
    const [entry] = await listOutbox();
    expect(entry).toMatchObject({ op: 'create', outcomeUnknown: true });
    expect(entry?.leaseUntil).toBeDefined();

    // Worker 2 starts later (its clock is past any lease worker 1 could still hold).
    const next = testSyncService({
      engine: { leaseMs: LEASE },
      now: () => Date.now() + 100 * LEASE,
    });
    await next.service.syncNow();
    const state = await getSyncState(archive.id, config.id);
    expect(state?.state).toBe('synced');
    expect(server.state.archives.size).toBe(1);
    expect(state?.remoteId).toBe([...server.state.archives.keys()][0]);
    const posts = server.requests.filter(
      (r) => r.method === 'POST' && /^\/v1\/archives\/?$/.test(r.path),
    );
    expect(posts).toHaveLength(1);
    expect(await listOutbox()).toEqual([]);
  });
});
