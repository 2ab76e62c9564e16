import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startPermaServer,
  type PermaServer,
  type PermaServerOptions,
} from '../servers/perma-server.js';
import type { FaultRule } from '../servers/faults.js';
import { useFreshDb } from '../../lib/db/test-db';
import type { CairnDb } from '../../lib/db/schema';
import { getSyncState } from '../../lib/db/repos/sync-states';
import { listOutbox } from '../../lib/db/repos/outbox';
import { purgeArchives } from '../../lib/db/repos/archive-ops';
import type { FolderRow } from '../../lib/db/entities';
import { getServerConfig } from '../../lib/storage/sync-servers';
import { addArchive, addFolder, testSyncService, configurePerma } from './support';

let server: PermaServer;
let db: CairnDb;
let root: FolderRow;

async function start(options: PermaServerOptions = {}) {
  server = await startPermaServer({ capture: { pendingMs: 5, inProgressMs: 5 }, ...options });
}

beforeEach(async () => {
  db = useFreshDb();
  root = await addFolder(db, 'Personal Links');
});
afterEach(async () => {
  await server?.close();
  db.close();
});

const configure = (overrides: Parameters<typeof testSyncService>[0] = {}) =>
  configurePerma(server, root.id, testSyncService(overrides));

const live = () => [...server.state.archives.values()].filter((a) => !a.userDeleted);
const creates = () =>
  server.requests.filter((r) => r.method === 'POST' && /^\/v1\/archives\/?$/.test(r.path));
const createPath = /^\/v1\/archives\/?$/;

describe('Perma faults: every archive arrives exactly once', () => {
  const transient: Array<[string, FaultRule]> = [
    ['a dropped connection', { kind: 'drop', method: 'POST', path: createPath }],
    [
      'a lost response after the server created it',
      { kind: 'lose-response', method: 'POST', path: createPath },
    ],
    ['a 500', { kind: 'status', status: 500, method: 'POST', path: createPath }],
    ['a 503', { kind: 'status', status: 503, method: 'POST', path: createPath }],
    ['a proxy HTML page with 502', { kind: 'html', status: 502, method: 'POST', path: createPath }],
    [
      'a request that hangs past the timeout',
      { kind: 'hang', method: 'POST', path: createPath, delayMs: 600 },
    ],
  ];
  it.each(transient)('survives %s on create', async (_name, fault) => {
    await start();
    const { service, serverId } = await configure({ timeoutMs: 400 });
    const archive = await addArchive({ folderId: root.id, title: 'Once' });
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.add({ ...fault, times: 2 });
    await service.syncNow();
    // A lost response is found by the lookup, so its second fault never gets a POST to hit.
    expect(server.faults.hits.length).toBe(fault.kind === 'lose-response' ? 1 : 2);
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state).toBe('synced');
    expect(live()).toHaveLength(1);
    expect(live()[0]!.guid).toBe(state?.remoteId);
    expect(await listOutbox()).toEqual([]);
  });

  it('looks a create with an unknown outcome up before retrying it', async () => {
    await start();
    const { service, serverId } = await configure();
    const archive = await addArchive({
      folderId: root.id,
      title: 'Lost answer',
      url: 'https://example.test/lost',
    });
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.add({ kind: 'lose-response', method: 'POST', path: createPath });
    await service.syncNow();
    expect(creates()).toHaveLength(1); // the lookup found it: no second POST
    // Looked up in the archive's own Perma folder, within its attempt's time window.
    const folderList = /^\/v1\/folders\/\d+\/archives\/?$/;
    const lookups = server.requests.filter((r) => r.method === 'GET' && folderList.test(r.path));
    expect(lookups[0]!.query.url).toBe('https://example.test/lost');
    expect(lookups[0]!.query.min_date).toBeDefined();
    expect(lookups[0]!.query.max_date).toBeDefined();
    expect((await getSyncState(archive.id, serverId))?.remoteId).toBe(live()[0]!.guid);
  });

  it('does not adopt another archive of the same URL', async () => {
    await start();
    const { service, serverId } = await configure();
    const first = await addArchive({
      folderId: root.id,
      title: 'Same page',
      url: 'https://example.test/same',
    });
    await service.onArchiveChanged(first.id, 'captured');
    await service.syncNow();
    const second = await addArchive({
      folderId: root.id,
      title: 'Same page',
      url: 'https://example.test/same',
    });
    await service.onArchiveChanged(second.id, 'captured');
    server.faults.add({ kind: 'drop', method: 'POST', path: createPath });
    await service.syncNow();
    expect(live()).toHaveLength(2);
    const a = await getSyncState(first.id, serverId);
    const b = await getSyncState(second.id, serverId);
    expect(a?.remoteId).not.toBe(b?.remoteId);
  });

  it('honours Retry-After on a 429', async () => {
    await start();
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 1,
      method: 'POST',
      path: createPath,
    });
    await service.syncNow();
    const posts = creates();
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
  });

  it('retries the capture service network error, which is the one retryable 400', async () => {
    await start();
    const { service, serverId } = await configure({ syncNowWaitMs: 0 });
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.setCaptureServiceDown(true);
    await service.syncNow();
    expect(await getSyncState(archive.id, serverId)).toMatchObject({
      state: 'pending',
      error: 'url: We encountered a network error: please try again.',
    });
    server.setCaptureServiceDown(false);
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
  });

  it('fails a rejected URL with the server message and never retries it', async () => {
    await start();
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id, url: 'https://nowhere.invalid/' });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    expect(await getSyncState(archive.id, serverId)).toMatchObject({
      state: 'failed',
      error: "url: Couldn't resolve domain.",
      errorCode: 'rejected',
    });
    expect(creates()).toHaveLength(1);
    expect(await listOutbox()).toEqual([]);
  });

  it('pauses creates after a quota refusal: 5 queued archives, one refusal, all keep waiting with the reason', async () => {
    await start({ users: [{ linkLimit: 0, bonusLinks: 0 }] });
    let clock = Date.now();
    const { service, serverId, notices } = await configure({ now: () => clock });
    const archives = [];
    for (let i = 0; i < 5; i++) archives.push(await addArchive({ folderId: root.id }));
    for (const archive of archives) await service.onArchiveChanged(archive.id, 'captured');
    const result = await service.syncNow(serverId);
    expect(creates()).toHaveLength(1); // quota is per account: one refusal is enough
    expect(notices).toHaveLength(1);
    expect(notices[0]![0]).toBe('Cairn paused sending new archives to Perma test');
    expect(notices[0]![1]).toMatch(/usage limit/);
    for (const archive of archives) {
      const state = await getSyncState(archive.id, serverId);
      expect(state).toMatchObject({ state: 'pending', errorCode: 'quota-paused' });
      expect(state?.error).toMatch(
        /^Waiting: the server says the quota is used up \(Perma can't create this link\. You've reached your usage limit/,
      );
      expect(state?.retryAt).toBe(clock + 24 * 60 * 60_000);
    }
    expect(result.remaining).toBe(5);
    expect(result.blocked).toMatch(
      /^New archives are paused: the server says the quota is used up \(.*usage limit.*\)\. 5 archives wait; Cairn checks again at .+, or choose Try again\.$/,
    );
    const status = (await service.getSyncStatus()).servers.find((s) => s.serverId === serverId)!;
    expect(status.createsPaused?.message).toMatch(/usage limit/);
    expect(status.waiting).toBe(5);
    // Sync now while paused sends nothing and says why.
    const again = await service.syncNow(serverId);
    expect(creates()).toHaveLength(1);
    expect(again.blocked).toMatch(/^New archives are paused/);
    // The user got more quota and chose Try again: everything goes.
    server.user.linkLimit = Infinity;
    await service.resumeCreates(serverId);
    expect(creates()).toHaveLength(6);
    for (const archive of archives) {
      expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
    }
    expect((await getServerConfig(serverId))?.createsPaused).toBeUndefined();
    clock += 1; // keeps the clock moving for the lint of unused lets
  });

  it('checks the quota again once a day on its own', async () => {
    await start({ users: [{ linkLimit: 0, bonusLinks: 0 }] });
    let clock = Date.now();
    const { service, serverId } = await configure({ now: () => clock });
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow(serverId);
    expect(creates()).toHaveLength(1);
    server.user.linkLimit = Infinity;
    clock += 24 * 60 * 60_000 + 1;
    await service.syncNow(serverId);
    expect(creates()).toHaveLength(2);
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
  });

  it('stops the server and tells the user when the key is refused', async () => {
    await start();
    const { service, serverId, notices } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.user.active = false;
    await service.syncNow();
    const config = await getServerConfig(serverId);
    expect(config?.credentialProblem).toMatch(/User inactive or deleted/);
    expect(config?.credentialProblemAt).toBeGreaterThan(0);
    const status = (await service.getSyncStatus()).servers.find((s) => s.serverId === serverId)!;
    expect(status.stoppedReason).toMatch(/User inactive or deleted/);
    expect(status.stoppedAt).toBe(config?.credentialProblemAt);
    expect(notices).toHaveLength(1);
    expect(await getSyncState(archive.id, serverId)).toMatchObject({
      state: 'pending',
      errorCode: 'bad-credentials',
    });
    // Stopped: another round sends nothing, and Sync now says why.
    const before = server.requests.length;
    const result = await service.syncNow(serverId);
    expect(server.requests.length).toBe(before);
    expect(result.blocked).toMatch(
      /^Nothing was sent: the server refused the key \(.*User inactive or deleted.*\)\. 1 archive waits; edit the key to go on\.$/,
    );
    // New credentials resume it.
    server.user.active = true;
    await service.saveServer({
      id: serverId,
      kind: 'perma',
      name: 'Perma test',
      baseUrl: server.origin,
      credentials: { type: 'apiKey', apiKey: server.apiKey },
    });
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
  });

  it.each([
    [
      'a 302 on the POST (a login page)',
      { kind: 'redirect', method: 'POST', path: createPath } as FaultRule,
    ],
    [
      'an HTML page with 200',
      { kind: 'html', status: 200, method: 'POST', path: createPath } as FaultRule,
    ],
  ])('treats %s as a configuration problem and stops', async (_name, fault) => {
    await start();
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.add(fault);
    await service.syncNow();
    expect((await getServerConfig(serverId))?.credentialProblem).toBeTruthy();
    expect(live()).toHaveLength(0);
    expect(await listOutbox()).toHaveLength(1);
  });

  it('reports an organisation that forces archives private', async () => {
    await start();
    const org = server.addOrganization({
      name: 'Law Library',
      defaultToPrivate: true,
      members: [server.user.id],
    });
    const harness = testSyncService();
    const { server: config, test } = await harness.service.saveServer({
      kind: 'perma',
      name: 'Org',
      baseUrl: server.origin,
      credentials: { type: 'apiKey', apiKey: server.apiKey },
      remoteParentId: String(org.sharedFolderId),
    });
    expect(test.orgForcesPrivate).toBe(true);
    const folders = await harness.service.listRemoteFolders(config.id);
    expect(folders.folders.find((f) => f.id === String(org.sharedFolderId))?.forcesPrivate).toBe(
      true,
    );
    await harness.service.setFolderSync({ folderId: root.id, serverIds: [config.id] });
    const archive = await addArchive({ folderId: root.id, isPrivate: false });
    await harness.service.onArchiveChanged(archive.id, 'captured');
    await harness.service.syncNow();
    const state = await getSyncState(archive.id, config.id);
    expect(state?.state).toBe('synced');
    expect(state?.note).toMatch(/makes its archives private/);
    expect(server.state.archives.get(state!.remoteId!)?.isPrivate).toBe(true);
  });

  it('reports a failed capture job, then uploads our own rendering instead', async () => {
    await start({
      capture: { pendingMs: 5, inProgressMs: 5, fails: (url) => url.includes('login') },
    });
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id, url: 'https://example.test/login-only' });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    const failed = await getSyncState(archive.id, serverId);
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'capture-failed' });
    expect(failed?.remoteId).toBeTruthy();
    // Retry follows the job again; it never PATCHes a failed capture into "synced".
    expect(await service.retrySync({ archiveId: archive.id })).toEqual({ requeued: 1 });
    await service.syncNow();
    expect(await getSyncState(archive.id, serverId)).toMatchObject({
      state: 'failed',
      errorCode: 'capture-failed',
    });
    expect(server.requests.filter((r) => r.method === 'PATCH')).toEqual([]);

    await service.uploadRendering(archive.id, serverId);
    await service.syncNow();
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state).toBe('synced');
    const remote = server.state.archives.get(state!.remoteId!)!;
    expect(remote.upload?.filename).toMatch(/\.png$/);
    expect(remote.upload?.data.subarray(1, 4).toString()).toBe('PNG');
    expect(live()).toHaveLength(1);
  });

  it('creates an archive from our rendering when it was never sent', async () => {
    await start();
    const { service, serverId } = await configure();
    const other = await addFolder(db, 'Elsewhere');
    const archive = await addArchive({ folderId: other.id, title: 'Logged-in page' });
    await service.uploadRendering(archive.id, serverId);
    await service.syncNow();
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state).toBe('synced');
    const remote = server.state.archives.get(state!.remoteId!)!;
    expect(remote.captures.some((c) => c.user_upload)).toBe(true);
    expect(remote.title).toBe('Logged-in page');
  });

  it('deletes on the server within 24 hours only', async () => {
    await start();
    const { service, serverId } = await configure();
    const a = await addArchive({ folderId: root.id });
    const b = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(a.id, 'captured');
    await service.onArchiveChanged(b.id, 'captured');
    await service.syncNow();
    expect((await service.listRemoteCopies(a.id)).copies[0]).toMatchObject({ deletable: true });
    expect(await service.deleteRemote(a.id, serverId)).toEqual({ deleted: true });
    expect(live()).toHaveLength(1);
    expect(await getSyncState(a.id, serverId)).toBeUndefined();
    // The server's clock moves past the window; its 403 becomes a clear answer.
    server.clock.advance(25 * 3600_000);
    const late = await service.deleteRemote(b.id, serverId);
    expect(late).toMatchObject({ deleted: false, code: 'window-passed' });
    expect(live()).toHaveLength(1);
  });

  it('queues a remote delete the server could not take now, and sends it later', async () => {
    await start();
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    server.faults.add({ kind: 'status', status: 503, method: 'DELETE' });
    expect(await service.deleteRemote(archive.id, serverId)).toMatchObject({
      deleted: false,
      code: 'queued',
    });
    expect(live()).toHaveLength(1);
    // The local archive is purged meanwhile; the queued delete survives that.
    await purgeArchives([archive.id]);
    await service.onArchiveChanged(archive.id, 'deleted');
    await service.syncNow();
    expect(live()).toHaveLength(0);
    expect(await listOutbox()).toEqual([]);
    expect(await getSyncState(archive.id, serverId)).toBeUndefined();
  });

  it('drops waiting work of an archive purged before it was sent', async () => {
    await start();
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    expect(await listOutbox()).toHaveLength(1);
    await purgeArchives([archive.id]);
    await service.onArchiveChanged(archive.id, 'deleted');
    expect(await listOutbox()).toEqual([]);
    expect(await getSyncState(archive.id, serverId)).toBeUndefined();
    await service.syncNow();
    expect(creates()).toEqual([]);
  });
});
