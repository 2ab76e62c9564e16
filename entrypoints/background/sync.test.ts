import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startPermaServer, type PermaServer } from '../../test/servers/perma-server.js';
import { useFreshDb } from '../../lib/db/test-db';
import type { CairnDb } from '../../lib/db/schema';
import { getSyncState } from '../../lib/db/repos/sync-states';
import { notifyArchiveChanged } from '../../lib/sync/archive-changes';
import { addArchive, addFolder } from '../../test/sync/support';
import { setupSync } from './sync';
import { syncHandlers } from './sync-handlers';

let server: PermaServer;
let db: CairnDb;

beforeEach(async () => {
  server = await startPermaServer({ capture: { pendingMs: 1, inProgressMs: 1 } });
  db = useFreshDb();
});
afterEach(async () => {
  await server.close();
  db.close();
});

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('background sync wiring', () => {
  it('arms the sweep alarm and sends a finished capture it is notified of', async () => {
    setupSync();
    expect(
      await until(
        () => fakeBrowser.alarms.get('cairn-sync-sweep'),
        (a) => !!a,
      ),
    ).toMatchObject({
      periodInMinutes: 15,
    });
    const handlers = syncHandlers();
    const root = await addFolder(db, 'Personal Links');
    const { server: config, test } = await handlers.saveServer({
      kind: 'perma',
      name: 'Perma',
      baseUrl: server.origin,
      credentials: { type: 'apiKey', apiKey: server.apiKey },
    });
    expect(test.authOk).toBe(true);
    // The fake browser has no permissions API: the test says so instead of failing.
    expect(test.problems.map((p) => p.code)).toEqual(['no-host-permission']);
    await handlers.setFolderSync({ folderId: root.id, serverIds: [config.id] });
    const listed = await handlers.listServers({});
    expect(listed.servers[0]).toMatchObject({ id: config.id, hasCredentials: true });
    expect(JSON.stringify(listed)).not.toContain(server.apiKey);

    const archive = await addArchive({ folderId: root.id, title: 'Via the hook' });
    notifyArchiveChanged(archive.id, 'captured');
    const state = await until(
      () => getSyncState(archive.id, config.id),
      (s) => s?.state === 'synced',
    );
    expect(state?.state).toBe('synced');
    expect(server.state.archives.get(state!.remoteId!)?.title).toBe('Via the hook');
    const status = await handlers.getSyncStatus({});
    expect(status.servers[0]).toMatchObject({
      serverId: config.id,
      synced: 1,
      pending: 0,
      failed: 0,
    });
  });
});
