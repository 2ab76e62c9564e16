import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startArchiveBoxServer,
  type AbVersion,
  type ArchiveBoxServer,
  type ArchiveBoxServerOptions,
} from '../servers/archivebox-server.js';
import { useFreshDb } from '../../lib/db/test-db';
import type { CairnDb } from '../../lib/db/schema';
import { getSyncState } from '../../lib/db/repos/sync-states';
import { listOutbox } from '../../lib/db/repos/outbox';
import { editArchive } from '../../lib/db/repos/archive-ops';
import { listRecords, warcBlob } from '../../lib/db/repos/records';
import { createArchiveSink } from '../../lib/db/archive-sink';
import { bodyExchange } from '../../lib/warc/test-utils';
import type { FolderRow } from '../../lib/db/entities';
import { getServerSecret } from '../../lib/storage/sync-secrets';
import { warcOutputPath } from '../../lib/sync/warc-upload';
import { addArchive, addFolder, captureConsole, testSyncService } from './support';

let server: ArchiveBoxServer;
let db: CairnDb;
let root: FolderRow;

async function start(version: AbVersion, options: ArchiveBoxServerOptions = {}) {
  server = await startArchiveBoxServer({
    version,
    addDelayMs: 20,
    progress: { queuedMs: 5, startedMs: 5 },
    ...options,
  });
}

/** The chunk upload route (PATCH of an ArchiveResult). */
const CHUNK_PATH = /^\/api\/v1\/core\/archiveresult\//;

/** The chunk_index of every chunk the server accepted, in order. */
function chunksAccepted(): Array<string | undefined> {
  return server.requests
    .filter((r) => r.method === 'PATCH' && CHUNK_PATH.test(r.path) && r.status === 200)
    .map((r) => /name="chunk_index"\r\n\r\n(\d+)/.exec(r.body.toString('latin1'))?.[1]);
}

/** The server holds the archive's WARC, complete and byte for byte. */
async function expectUploadedWarc(archiveId: string) {
  const result = [...server.state.results.values()].find(
    (r) => r.plugin === 'chrome_extension_warc',
  );
  const file = result!.files.get(warcOutputPath(archiveId))!;
  expect(file.upload?.complete).toBe(true);
  expect(new Uint8Array(file.data)).toEqual(
    new Uint8Array(await (await warcBlob(archiveId)).arrayBuffer()),
  );
}

beforeEach(async () => {
  db = useFreshDb();
  root = await addFolder(db, 'Personal Links');
});
afterEach(async () => {
  await server?.close();
  db.close();
});

async function configure(overrides: Parameters<typeof testSyncService>[0] = {}) {
  const harness = testSyncService(overrides);
  const { server: config, test } = await harness.service.saveServer({
    kind: 'archivebox',
    name: 'ArchiveBox test',
    baseUrl: server.origin,
    credentials: { type: 'token', token: server.token },
  });
  await harness.service.setFolderSync({ folderId: root.id, serverIds: [config.id] });
  return { ...harness, serverId: config.id, test };
}

const snapshots = () => [...server.state.snapshots.values()].filter((s) => s.status !== 'deleting');
/** The requests that add a URL: cli/add, or on newest 0.9 a crawl of Cairn's own (B9b). */
const addPath = (version: AbVersion) =>
  version === '0.9-uploads' ? '/api/v1/crawls/crawls' : '/api/v1/cli/add';
const adds = () =>
  server.requests.filter((r) => r.method === 'POST' && r.path === addPath(server.version));

const FLAVORS: Record<AbVersion, string> = {
  '0.8': 'archivebox-0.8',
  '0.9': 'archivebox-0.9',
  '0.9-uploads': 'archivebox-0.9-uploads',
};

describe.each(['0.8', '0.9', '0.9-uploads'] as AbVersion[])('ArchiveBox %s', (version) => {
  it('detects the version and reports user and token expiry', async () => {
    await start(version);
    const { test } = await configure();
    expect(test).toMatchObject({
      ok: true,
      reachable: true,
      isApi: true,
      authOk: true,
      superuser: true,
      user: 'admin',
    });
    expect(test.capabilities?.flavor).toBe(FLAVORS[version]);
    expect(test.tokenExpiresAt === null || typeof test.tokenExpiresAt === 'string').toBe(true);
  });

  it('sends the URL with its folder as a tag and reads back URL, title and tags', async () => {
    await start(version, { pageTitle: () => 'Title found by ArchiveBox' });
    const { service, serverId } = await configure();
    const research = await addFolder(db, 'Research', root.id);
    const archive = await addArchive({
      folderId: research.id,
      url: 'https://example.test/ab',
      title: 'Our title',
    });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state).toBe('synced');
    const [snapshot] = snapshots();
    expect(snapshots()).toHaveLength(1);
    expect(snapshot!.id).toBe(state?.remoteId);
    expect(snapshot!.url).toBe('https://example.test/ab');
    expect(snapshot!.tags).toEqual(['Personal Links/Research']);
    // 0.9 lets us set the title. 0.8 takes it only from a JSON import, which this test
    // server's 0.8 mode does not parse: the bare URL is added instead (the fallback), and the
    // title is what its own title extractor found. The real 0.8 suite checks the import.
    expect(snapshot!.title).toBe(version === '0.8' ? 'Title found by ArchiveBox' : 'Our title');
    expect(state?.remoteUrl).toBe(`${server.origin}/archive/${snapshot!.timestamp}/`);
    expect(adds()).toHaveLength(version === '0.8' ? 2 : 1);
    for (const r of server.requests.filter(
      (x) => x.path.startsWith('/api/v1/') && !x.path.includes('auth/'),
    )) {
      expect(r.headers.authorization).toBe(`Bearer ${server.token}`);
      expect(r.headers['x-archivebox-api-key']).toBe(server.token);
      expect(r.query.api_key).toBeUndefined();
      expect(r.headers.cookie).toBeUndefined();
    }
    const uploads = server.requests.filter((r) => r.path.includes('archiveresult'));
    if (version === '0.9-uploads') {
      const result = [...server.state.results.values()].find(
        (r) => r.plugin === 'chrome_extension_warc',
      );
      const file = result?.files.get(warcOutputPath(archive.id));
      const local = new Uint8Array(await (await warcBlob(archive.id)).arrayBuffer());
      expect(file?.upload?.complete).toBe(true);
      expect(new Uint8Array(file!.data)).toEqual(local);
    } else {
      expect(uploads).toEqual([]);
    }
  });

  it('never sends a private archive until the server is confirmed private (no per-snapshot privacy)', async () => {
    if (version === '0.9-uploads') return; // private snapshots: see the newest-0.9 tests below
    await start(version);
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id, isPrivate: true });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    expect(await getSyncState(archive.id, serverId)).toMatchObject({
      state: 'failed',
      errorCode: 'private-not-confirmed',
    });
    expect(adds()).toHaveLength(0);
    expect(snapshots()).toHaveLength(0);
    // Sync now says why nothing went, rather than "nothing was waiting".
    const again = await service.syncNow(serverId);
    expect(again).toMatchObject({ attempted: 0, remaining: 0 });
    expect(again.blocked).toBe(
      'Nothing else was waiting. 1 private archive waits until you confirm that this server does not publish snapshots.',
    );
    const { queued } = await service.confirmPrivateServer(serverId, true);
    expect(queued).toBe(1);
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
    expect(snapshots()).toHaveLength(1);
  });

  it('adds nothing twice when the answer to the add is lost', async () => {
    await start(version);
    const { service, serverId } = await configure({ timeoutMs: 1000 });
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.add({ kind: 'lose-response', method: 'POST', path: addPath(version) });
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
    expect(snapshots()).toHaveLength(1);
    // 0.8 on this server: the lost JSON import (ignored by it), its retry, then the bare URL
    // once; never a second snapshot.
    expect(adds()).toHaveLength(version === '0.8' ? 3 : 1);
  });

  it.each([
    [
      'a 503 with a traceback',
      {
        kind: 'status',
        status: 503,
        body: {
          succeeded: false,
          message: 'OperationalError: database is locked',
          errors: ['Traceback (most recent call last): …'],
        },
      },
    ],
    ['a 429 with Retry-After', { kind: 'status', status: 429, retryAfter: 1 }],
    ['a dropped connection', { kind: 'drop' }],
  ] as const)('retries %s', async (_name, fault) => {
    await start(version);
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.add({ ...fault, method: 'POST', path: addPath(version) });
    await service.syncNow();
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state).toBe('synced');
    expect(snapshots()).toHaveLength(1);
  });

  it('stops on a refused token and on a non-superuser', async () => {
    await start(version);
    const { service, serverId, notices } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.state.tokens.delete(server.token);
    await service.syncNow();
    expect(await getSyncState(archive.id, serverId)).toMatchObject({
      state: 'pending',
      errorCode: 'bad-credentials',
    });
    expect(notices).toHaveLength(1);

    const user = server.addUser({ username: 'viewer', password: 'pw-viewer', isSuperuser: false });
    const token = server.addToken(user.id);
    const { test } = await service.saveServer({
      id: serverId,
      kind: 'archivebox',
      name: 'x',
      baseUrl: server.origin,
      credentials: { type: 'token', token },
    });
    expect(test.ok).toBe(false);
    expect(test.superuser).toBe(false);
    expect(test.problems.map((p) => p.code)).toContain('not-superuser');
  });

  it('exchanges username and password for a token once and keeps no password', async () => {
    await start(version);
    const out = captureConsole();
    const harness = testSyncService();
    const { server: config, test } = await harness.service.saveServer({
      kind: 'archivebox',
      name: 'AB',
      baseUrl: `${server.origin}/api/v1/`,
      credentials: { type: 'password', username: server.username, password: server.password },
    });
    expect(test.ok).toBe(true);
    expect(config.baseUrl).toBe(server.origin);
    const secret = await getServerSecret(config.id);
    expect(secret?.key).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(secret)).not.toContain(server.password);
    expect(JSON.stringify(config)).not.toContain(secret!.key);
    await expect(
      harness.service.saveServer({
        kind: 'archivebox',
        name: 'AB',
        baseUrl: server.origin,
        credentials: { type: 'password', username: 'admin', password: 'wrong' },
      }),
    ).rejects.toMatchObject({ code: 'login-failed' });
    const draft = await harness.service.testConnection({
      kind: 'archivebox',
      baseUrl: server.origin,
      credentials: { type: 'password', username: 'admin', password: 'wrong' },
    });
    expect(draft.problems.map((p) => p.code)).toContain('login-failed');
    expect(out.text()).not.toContain(server.password);
    expect(out.text()).not.toContain(secret!.key);
  });
});

describe('ArchiveBox newest 0.9: private archives go to private snapshots', () => {
  /** What a stranger's browser gets: no token, no cookies, redirects not followed. */
  const anonymous = (path: string) =>
    fetch(`${server.origin}${path}`, { redirect: 'manual' }).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));

  it('sends a private archive without a confirmation into a private crawl, which strangers can neither list nor open', async () => {
    await start('0.9-uploads');
    const { service, serverId } = await configure();
    const url = 'https://example.test/same-page';
    const pub = await addArchive({ folderId: root.id, url, title: 'Public copy' });
    await service.onArchiveChanged(pub.id, 'captured');
    await service.syncNow();
    // Same URL, private: the server's ONLY_NEW would hand back the public snapshot.
    const priv = await addArchive({
      folderId: root.id,
      url,
      title: 'Private copy',
      isPrivate: true,
    });
    await service.onArchiveChanged(priv.id, 'captured');
    await service.syncNow();
    const pubState = await getSyncState(pub.id, serverId);
    const privState = await getSyncState(priv.id, serverId);
    expect(privState?.state, privState?.error).toBe('synced');
    expect(privState?.remoteId).not.toBe(pubState?.remoteId);
    const snapshot = server.state.snapshots.get(privState!.remoteId!)!;
    expect(snapshot.title).toBe('Private copy');
    expect(server.state.crawls.get(snapshot.crawlId!)?.config?.PERMISSIONS).toBe('private');
    const listing = await anonymous('/public/');
    expect(listing.text).toContain('Public copy');
    expect(listing.text).not.toContain('Private copy');
    const warcPath = `chrome_extension_warc/${warcOutputPath(priv.id)}`;
    const warcs = [...server.state.results.values()].filter(
      (r) => r.plugin === 'chrome_extension_warc',
    );
    expect(warcs.map((r) => r.snapshotId).sort()).toEqual([snapshot.id, pubState!.remoteId].sort());
    expect((await anonymous(`/snapshot/${snapshot.id}/${warcPath}`)).status).toBe(302);
    expect(
      (
        await anonymous(
          `/snapshot/${pubState!.remoteId}/chrome_extension_warc/${warcOutputPath(pub.id)}`,
        )
      ).status,
    ).toBe(200);
  });

  it('sends nothing to a server that reports PERMISSIONS but serves the snapshot to anyone', async () => {
    await start('0.9-uploads', { permissionsIgnored: true });
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id, isPrivate: true, title: 'Secret' });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    const state = await getSyncState(archive.id, serverId);
    expect(state).toMatchObject({ state: 'failed', errorCode: 'private-not-kept' });
    expect(state?.error).toMatch(/did not keep its snapshot private/);
    expect(snapshots()).toHaveLength(0); // the crawl and its snapshot were removed
    expect(server.state.crawls.size).toBe(0);
    expect(server.requests.some((r) => r.path.includes('/archiveresult'))).toBe(false);
  });

  it('an archive made private after it was sent says its copy may be public', async () => {
    await start('0.9-uploads');
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    await editArchive(archive.id, { isPrivate: true });
    await service.onArchiveChanged(archive.id, 'edited');
    await service.syncNow();
    expect(await getSyncState(archive.id, serverId)).toMatchObject({
      state: 'failed',
      errorCode: 'private-after-sync',
    });
  });
});

describe('ArchiveBox newest 0.9: snapshots the server does not finish', () => {
  it('a snapshot that never seals is "synced" with a note after an hour, not "syncing" forever', async () => {
    await start('0.9-uploads', { progress: { manual: true } });
    let offset = 0;
    const { service, serverId } = await configure({
      now: () => Date.now() + offset,
      syncNowWaitMs: 0,
      engine: { timing: { pollIntervalMs: 10, pollBudgetMs: 50, followUpMs: 10 } },
    });
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow(serverId);
    expect((await getSyncState(archive.id, serverId))?.state).toBe('syncing');
    offset += 61 * 60_000;
    await service.syncNow(serverId);
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state).toBe('synced');
    expect(state?.note).toBe(
      'Sent. The server has not finished its own archiving of this snapshot yet (status: queued).',
    );
    expect(await listOutbox()).toEqual([]);
  });
});

describe('ArchiveBox edits, deletes and uploads', () => {
  it('0.9: a move changes the folder tag and a title edit reaches the snapshot', async () => {
    await start('0.9');
    const { service, serverId } = await configure();
    const a = await addFolder(db, 'A', root.id);
    const b = await addFolder(db, 'B', root.id);
    const archive = await addArchive({ folderId: a.id, title: 'First' });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    await editArchive(archive.id, { folderId: b.id, title: 'Second' });
    await service.onArchiveChanged(archive.id, 'moved');
    await service.syncNow();
    const [snapshot] = snapshots();
    expect(snapshots()).toHaveLength(1);
    expect(snapshot!.tags).toEqual(['Personal Links/B']);
    expect(snapshot!.title).toBe('Second');
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
  });

  it('0.8: edits cannot be sent; the state says so', async () => {
    await start('0.8');
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id, title: 'First' });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    await editArchive(archive.id, { title: 'Second' });
    await service.onArchiveChanged(archive.id, 'edited');
    await service.syncNow();
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state).toBe('synced');
    expect(state?.note).toMatch(/cannot change/);
  });

  it.each(['0.8', '0.9'] as AbVersion[])('%s: deletes the snapshot on request', async (version) => {
    await start(version);
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    const result = await service.deleteRemote(archive.id, serverId);
    expect(result).toEqual({ deleted: true });
    expect(snapshots()).toHaveLength(0);
  });

  it('0.9-uploads: a WARC upload cut off mid-way resumes where the server stopped (a server that reports chunk progress, B6)', async () => {
    await start('0.9-uploads', { uploadProgress: true });
    const { service, serverId } = await configure({ chunkSize: 256 });
    const archive = await addArchive({ folderId: root.id });
    const size = (await warcBlob(archive.id)).size;
    expect(size).toBeGreaterThan(3 * 256);
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.add({ kind: 'drop', method: 'PATCH', path: CHUNK_PATH, skip: 1 });
    server.faults.add({ kind: 'lose-response', method: 'PATCH', path: CHUNK_PATH, skip: 1 });
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
    // Every chunk reached the server exactly once: nothing restarted from zero.
    expect(chunksAccepted().filter((i) => i === '0')).toHaveLength(1);
    await expectUploadedWarc(archive.id);
    expect(await listOutbox()).toEqual([]);
  });

  it('0.9-uploads: a WARC upload cut off mid-way starts again from chunk 0 on a server that keeps no progress (0.9.73)', async () => {
    await start('0.9-uploads');
    const { service, serverId } = await configure({ chunkSize: 256 });
    const archive = await addArchive({ folderId: root.id });
    await service.onArchiveChanged(archive.id, 'captured');
    server.faults.add({ kind: 'drop', method: 'PATCH', path: CHUNK_PATH, skip: 1 });
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
    expect(chunksAccepted().filter((i) => i === '0')).toHaveLength(2);
    await expectUploadedWarc(archive.id);
  });

  it('0.9-uploads: an archive whose deflate is still pending is deflated before its WARC is sent', async () => {
    await start('0.9-uploads');
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id });
    const page = new TextEncoder().encode('<p>A paragraph of the page.</p>\n'.repeat(5000));
    await createArchiveSink(archive.id).exchange(bodyExchange(archive.url, page, 'text/html'));
    const stored = (await warcBlob(archive.id)).size;
    expect((await listRecords(archive.id)).some((r) => r.deflateLater)).toBe(true);
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
    expect((await listRecords(archive.id)).some((r) => r.deflateLater)).toBe(false);
    expect((await warcBlob(archive.id)).size).toBeLessThan(stored - page.length / 2);
    await expectUploadedWarc(archive.id);
  });

  it('0.9 with subdomain routing: the connection test names the wrong host', async () => {
    await start('0.9', { securityMode: 'safe-subdomains-fullreplay' });
    const harness = testSyncService();
    const test = await harness.service.testConnection({
      kind: 'archivebox',
      baseUrl: server.origin,
      credentials: { type: 'token', token: server.token },
    });
    expect(test.ok).toBe(false);
    expect(test.problems.map((p) => p.code)).toContain('wrong-host-routing');
  });
});
