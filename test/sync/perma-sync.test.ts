import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPermaServer, type PermaServer } from '../servers/perma-server.js';
import { useFreshDb } from '../../lib/db/test-db';
import type { CairnDb } from '../../lib/db/schema';
import { getSyncState } from '../../lib/db/repos/sync-states';
import { listOutbox } from '../../lib/db/repos/outbox';
import { editArchive, purgeArchives } from '../../lib/db/repos/archive-ops';
import type { FolderRow } from '../../lib/db/entities';
import { addArchive, addFolder, captureConsole, configurePerma, testSyncService } from './support';

let server: PermaServer;
let db: CairnDb;
let root: FolderRow;

beforeEach(async () => {
  server = await startPermaServer({ capture: { pendingMs: 5, inProgressMs: 5 } });
  db = useFreshDb();
  root = await addFolder(db, 'Personal Links');
});
afterEach(async () => {
  await server.close();
  db.close();
});

/** Configures the test server as a Perma server syncing the whole local tree. */
const configure = (harness = testSyncService()) => configurePerma(server, root.id, harness);

function createRequests() {
  return server.requests.filter((r) => r.method === 'POST' && /^\/v1\/archives\/?$/.test(r.path));
}

describe('Perma sync against the test server', () => {
  it('tests the connection and reports the user', async () => {
    const { test } = await configure();
    expect(test).toMatchObject({ ok: true, reachable: true, isApi: true, authOk: true });
    expect(test.user).toBe('Jane Doe');
    expect(test.problems).toEqual([]);
  });

  it('a folder choice is previewed with how many existing archives it would send, changing nothing', async () => {
    const { service, serverId } = await configure();
    const research = await addFolder(db, 'Research');
    await addArchive({ folderId: research.id });
    await addArchive({ folderId: (await addFolder(db, 'Sub', research.id)).id });
    const preview = await service.previewFolderSync({
      folderId: research.id,
      serverIds: [serverId],
    });
    expect(preview).toEqual({ toSend: 2, archives: 2 });
    expect(await listOutbox()).toEqual([]);
    expect((await service.listServers()).folderRules.map((r) => r.folderId)).toEqual([root.id]);
    const { queued } = await service.setFolderSync({
      folderId: research.id,
      serverIds: [serverId],
    });
    expect(queued).toBe(2);
    expect(
      await service.previewFolderSync({ folderId: research.id, serverIds: [serverId] }),
    ).toEqual({
      toSend: 0,
      archives: 0,
    });
  });

  it('creates the archive with title, notes, folder and is_private in one request, follows the capture job', async () => {
    const { service, serverId } = await configure();
    const research = await addFolder(db, 'Research', root.id);
    const archive = await addArchive({
      folderId: research.id,
      url: 'https://example.test/article',
      title: 'An article',
      notes: 'read later',
      isPrivate: true,
    });
    await service.onArchiveChanged(archive.id, 'captured');
    expect((await getSyncState(archive.id, serverId))?.state).toBe('pending');
    await service.syncNow();

    const state = await getSyncState(archive.id, serverId);
    expect(state).toMatchObject({ state: 'synced' });
    expect(state?.remoteId).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(state?.remoteUrl).toBe(`${server.origin}/${state?.remoteId}`);
    const remote = server.state.archives.get(state!.remoteId!)!;
    expect(remote).toMatchObject({
      url: 'https://example.test/article',
      title: 'An article',
      notes: 'read later',
      isPrivate: true,
    });
    // The local folder "Research" under the default folder became a Perma folder of that name
    // inside Personal Links (the default local folder is Perma's own Personal Links).
    const folder = server.state.folders.get(remote.folderId)!;
    expect(folder.name).toBe('Research');
    expect(folder.parentId).toBe(server.user.rootFolderId);
    // One create, private from the start: never created public then patched.
    const creates = createRequests();
    expect(creates).toHaveLength(1);
    expect(JSON.parse(creates[0]!.body.toString())).toMatchObject({
      is_private: true,
      folder: remote.folderId,
    });
    expect(server.requests.some((r) => r.method === 'PATCH')).toBe(false);
    expect(server.state.captureJobs.get(remote.jobId!)?.status).toBe('completed');
    expect(await listOutbox()).toEqual([]);
  });

  it('sends later edits with PATCH and a move with PUT', async () => {
    const { service, serverId } = await configure();
    const a = await addFolder(db, 'A', root.id);
    const b = await addFolder(db, 'B', root.id);
    const archive = await addArchive({ folderId: a.id, title: 'Old' });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    const guid = (await getSyncState(archive.id, serverId))!.remoteId!;

    await editArchive(archive.id, {
      title: 'New title',
      notes: 'n',
      isPrivate: true,
      folderId: b.id,
    });
    await service.onArchiveChanged(archive.id, 'moved');
    await service.syncNow();

    const remote = server.state.archives.get(guid)!;
    expect(remote).toMatchObject({ title: 'New title', notes: 'n', isPrivate: true });
    expect(server.state.folders.get(remote.folderId)?.name).toBe('B');
    expect(server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(createRequests()).toHaveLength(1);
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
  });

  it('catches up with edits and purges nobody notified it of', async () => {
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id, title: 'Before' });
    const gone = await addArchive({ folderId: root.id, title: 'Gone' });
    // No notification at all: "Sync now" reconciles and sends both.
    await service.syncNow();
    const guid = (await getSyncState(archive.id, serverId))!.remoteId!;
    expect((await getSyncState(gone.id, serverId))?.state).toBe('synced');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await editArchive(archive.id, { title: 'After' });
    await purgeArchives([gone.id]);
    await service.syncNow();
    expect(server.state.archives.get(guid)?.title).toBe('After');
    expect(await getSyncState(gone.id, serverId)).toBeUndefined();
    // Nothing left to catch up: another round sends nothing.
    const before = server.requests.length;
    await service.syncNow();
    expect(server.requests.length).toBe(before);
  });

  it('never puts the key in a URL and never prints it', async () => {
    const out = captureConsole();
    const { service, traces } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.next(1, { kind: 'status', status: 500 });
    await service.syncNow();
    expect(traces.length).toBeGreaterThan(3);
    for (const trace of traces) expect(trace.url).not.toContain(server.apiKey);
    for (const request of server.requests) {
      expect(JSON.stringify(request.query)).not.toContain(server.apiKey);
      expect(request.query.api_key).toBeUndefined();
      expect(request.headers.authorization).toBe(`ApiKey ${server.apiKey}`);
      expect(request.headers.cookie).toBeUndefined();
      expect(request.body.toString()).not.toContain(server.apiKey);
    }
    expect(out.text()).not.toContain(server.apiKey);
  });
});
