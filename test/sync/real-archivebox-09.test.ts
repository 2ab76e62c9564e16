// Sync against a real ArchiveBox 0.9.73, the version new users install (server-apis.md B9b),
// installed by scripts/setup-archivebox-09.sh and started headless on 127.0.0.1 with its
// default security mode and every plugin off. Archives are built through the repositories
// with real WARC records, synced through the sync service and read back from the server: its
// API, and what a stranger sees (no token, no cookies).
// Without the venv the suite is skipped with a loud warning, except on CI (CI=true): there the
// availability check in test/servers/real-archivebox-09.test.ts fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  realArchiveBox09Available,
  startRealArchiveBox09,
  type RealArchiveBox09,
} from '../servers/real-archivebox-09.js';
import { useFreshDb } from '../../lib/db/test-db';
import type { CairnDb } from '../../lib/db/schema';
import type { FolderRow } from '../../lib/db/entities';
import { getSyncState } from '../../lib/db/repos/sync-states';
import { editArchive } from '../../lib/db/repos/archive-ops';
import { warcOutputPath } from '../../lib/sync/warc-upload';
import { gunzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendRecords, warcBlob } from '../../lib/db/repos/records';
import { buildResourceRecord } from '../../lib/warc';
import { addArchive, addFolder, testSyncService } from './support';

const available = realArchiveBox09Available();
if (!available.ok && process.env.CI !== 'true') {
  console.warn(`\n!!! SKIPPING the real ArchiveBox 0.9 sync suite: ${available.reason}\n`);
}

interface Snapshot {
  id: string;
  crawl_id: string;
  url: string;
  title: string | null;
  tags: string[];
}

describe.runIf(available.ok)('sync to a real ArchiveBox 0.9.73', () => {
  let ab: RealArchiveBox09;
  let db: CairnDb;
  let root: FolderRow;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    ab = await startRealArchiveBox09();
  }, 400_000);
  afterAll(async () => {
    await ab?.close();
  }, 120_000);
  beforeEach(async () => {
    db = useFreshDb();
    root = await addFolder(db, 'Personal Links');
  });

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${ab.apiBase}${path}`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${ab.token}` },
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  }
  /** A stranger's request: no token, no cookies, redirects not followed. */
  const anonymous = (path: string) =>
    fetch(`${ab.origin}${path}`, { redirect: 'manual' }).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));

  async function configure(overrides: Parameters<typeof testSyncService>[0] = {}) {
    const harness = testSyncService({ timeoutMs: 120_000, ...overrides });
    const { server, test } = await harness.service.saveServer({
      kind: 'archivebox',
      name: 'Real ArchiveBox 0.9',
      baseUrl: ab.origin,
      credentials: { type: 'token', token: ab.token },
    });
    await harness.service.setFolderSync({ folderId: root.id, serverIds: [server.id] });
    return { ...harness, serverId: server.id, test };
  }

  it('diagnoses a username and password refused at 127.0.0.1 and names the ways out', async () => {
    const harness = testSyncService({ timeoutMs: 60_000 });
    const attempt = harness.service.saveServer({
      kind: 'archivebox',
      name: 'Real ArchiveBox 0.9',
      baseUrl: ab.origin,
      credentials: { type: 'password', username: ab.username, password: ab.password },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'control-plane-disabled' });
    await expect(attempt).rejects.toThrow(
      /refuses sign-in with a username and password at this address .*Paste an API token instead/,
    );
  }, 60_000);

  it('detects newest 0.9 with private snapshots', async () => {
    const { test } = await configure();
    expect(test).toMatchObject({ ok: true, authOk: true, superuser: true });
    expect(test.serverVersion).toBe('0.9.73');
    expect(test.capabilities).toMatchObject({
      flavor: 'archivebox-0.9-uploads',
      privateSnapshots: true,
    });
  }, 60_000);

  it('a private archive lands in a private snapshot: strangers can neither list it nor download its WARC, while a public archive of the same page stays public', async () => {
    const { service, serverId } = await configure();
    const url = `https://example.com/cairn-sync-${run}`;
    const pub = await addArchive({ folderId: root.id, url, title: `Public page ${run}` });
    await service.onArchiveChanged(pub.id, 'captured');
    await service.syncNow();
    const pubState = await getSyncState(pub.id, serverId);
    expect(pubState?.state, pubState?.error).toMatch(/synced|syncing/);

    const priv = await addArchive({
      folderId: root.id,
      url,
      title: `Private page ${run}`,
      isPrivate: true,
    });
    await service.onArchiveChanged(priv.id, 'captured');
    await service.syncNow();
    const privState = await getSyncState(priv.id, serverId);
    expect(privState?.state, privState?.error).toMatch(/synced|syncing/);
    expect(privState?.remoteId).not.toBe(pubState?.remoteId);

    // Read back: the snapshot is in a crawl whose PERMISSIONS is private.
    const snapshot = await api<Snapshot>(`/core/snapshot/${privState!.remoteId}`);
    expect(snapshot.title).toBe(`Private page ${run}`);
    const crawl = await api<{ config: { PERMISSIONS: string } }>(
      `/crawls/crawl/${snapshot.crawl_id}`,
    );
    expect(crawl.config.PERMISSIONS).toBe('private');

    const listing = await anonymous('/public/');
    expect(listing.status).toBe(200);
    expect(listing.text).toContain(`Public page ${run}`);
    expect(listing.text).not.toContain(`Private page ${run}`);
    const privWarc = await anonymous(
      `/snapshot/${snapshot.id}/chrome_extension_warc/${warcOutputPath(priv.id)}`,
    );
    expect(privWarc.status).toBe(302);
    const pubWarc = await anonymous(
      `/snapshot/${pubState!.remoteId}/chrome_extension_warc/${warcOutputPath(pub.id)}`,
    );
    expect(pubWarc.status).toBe(200);
    expect(pubWarc.text).toContain('WARC/1.1');
  }, 180_000);

  async function post(path: string, body: unknown) {
    const response = await fetch(`${ab.apiBase}${path}`, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: `Bearer ${ab.token}`,
      },
      body: JSON.stringify(body),
    });
    expect(response.status, path).toBe(200);
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2500));

  it('moves and tags as the server keeps them: a move without a title change drops the old folder tag; sanitised and case-merged tags are recognised', async () => {
    const { service, serverId, traces } = await configure();
    const odd = await addFolder(db, `R&D <b>x</b> ${run}`, root.id);
    const travel = await addFolder(db, `Travel ${run}`, root.id);
    // The server already has this tag in lower case: it merges ours into it.
    await post('/core/tags/create/', { name: `personal links/travel ${run}` });
    const archive = await addArchive({
      folderId: odd.id,
      url: `https://example.com/cairn-tags-${run}`,
      title: `Tagged ${run}`,
    });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    const remoteId = (await getSyncState(archive.id, serverId))!.remoteId!;
    await settle();
    expect((await api<Snapshot>(`/core/snapshot/${remoteId}`)).tags).toEqual([
      `Personal Links/R&amp;D x ${run}`,
    ]);
    // A title edit: the sanitised tag is ours, so no tag change is sent.
    const patchesBefore = traces.filter((t) => t.method === 'PATCH').length;
    await editArchive(archive.id, { title: `Tagged again ${run}` });
    await service.onArchiveChanged(archive.id, 'edited');
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
    expect(traces.filter((t) => t.method === 'PATCH').length).toBe(patchesBefore);
    // A move alone: the old folder's tag goes, the new one (merged) stays, also after saves.
    await editArchive(archive.id, { folderId: travel.id });
    await service.onArchiveChanged(archive.id, 'moved');
    await service.syncNow();
    expect((await getSyncState(archive.id, serverId))?.state).toBe('synced');
    await settle();
    const moved = await api<Snapshot>(`/core/snapshot/${remoteId}`);
    expect(moved.tags.map((x) => x.toLowerCase())).toEqual([`personal links/travel ${run}`]);
    expect(moved.title).toBe(`Tagged again ${run}`);
  }, 180_000);

  it('a page captured again right after its copy was deleted gets a new snapshot, not the one being deleted', async () => {
    const { service, serverId } = await configure();
    const url = `https://example.com/cairn-again-${run}`;
    const first = await addArchive({ folderId: root.id, url, title: `First ${run}` });
    await service.onArchiveChanged(first.id, 'captured');
    await service.syncNow();
    const oldId = (await getSyncState(first.id, serverId))!.remoteId!;
    expect(await service.deleteRemote(first.id, serverId)).toEqual({ deleted: true });
    const again = await addArchive({ folderId: root.id, url, title: `Again ${run}` });
    await service.onArchiveChanged(again.id, 'captured');
    await service.syncNow();
    const state = await getSyncState(again.id, serverId);
    expect(state?.state, state?.error).toMatch(/synced|syncing/);
    expect(state?.remoteId).not.toBe(oldId);
    const snapshot = await api<Snapshot & { status: string }>(`/core/snapshot/${state!.remoteId}`);
    expect(snapshot.status).not.toBe('deleting');
    expect(snapshot.title).toBe(`Again ${run}`);
  }, 180_000);

  it('an upload cut off mid-way starts again from the first chunk, and the server ends with the WARC byte for byte', async () => {
    // The server keeps no progress of chunks before the last (B9b), so a resume must restart.
    let patches = 0;
    let cut = false;
    const { service, serverId } = await configure({
      chunkSize: 1024 * 1024,
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (init?.method === 'PATCH' && url.includes('/core/archiveresult/') && ++patches === 2) {
          cut = true;
          throw new TypeError('fetch failed: the connection was cut');
        }
        return fetch(input, init);
      },
    });
    const url = `https://example.com/cairn-upload-${run}`;
    const archive = await addArchive({ folderId: root.id, url, title: `Upload ${run}` });
    // 2.5 MB that does not compress: three chunks.
    const body = new Blob([randomBytes(2_500_000)], { type: 'application/octet-stream' });
    await appendRecords(archive.id, [
      await buildResourceRecord({
        uri: `${url}/data.bin`,
        contentType: 'application/octet-stream',
        body,
        createdAt: Date.now(),
      }),
    ]);
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    expect(cut).toBe(true);
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state, state?.error).toMatch(/synced|syncing/);
    // Read back as a stranger would (the archive is public): the whole WARC, unchanged. The
    // server sends a .gz with Content-Encoding gzip, so fetch hands over the plain records.
    const served = await fetch(
      `${ab.origin}/snapshot/${state!.remoteId}/chrome_extension_warc/${warcOutputPath(archive.id)}`,
    );
    expect(served.status).toBe(200);
    const local = gunzipSync(Buffer.from(await (await warcBlob(archive.id)).arrayBuffer()));
    let remote = Buffer.from(await served.arrayBuffer());
    if (remote[0] === 0x1f && remote[1] === 0x8b) remote = gunzipSync(remote);
    expect(remote.length).toBe(local.length);
    expect(remote.equals(local)).toBe(true);
    // 3 chunks sent, one cut, then all 3 again.
    expect(patches).toBeGreaterThanOrEqual(5);
  }, 240_000);

  /** The server's background worker (`archivebox run`) and everything it started. */
  function workerPids(): number[] {
    const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='])
      .toString()
      .trim()
      .split('\n')
      .map((line) => {
        const [pid, ppid, ...args] = line.trim().split(/\s+/);
        return { pid: Number(pid), ppid: Number(ppid), args: args.join(' ') };
      });
    const mine = new Set(ab.pids());
    const workers = rows.filter((r) => mine.has(r.pid) && r.args.includes('archivebox run'));
    const out = new Set(workers.map((r) => r.pid));
    for (let grew = true; grew;) {
      grew = false;
      for (const r of rows) {
        if (out.has(r.ppid) && !out.has(r.pid)) {
          out.add(r.pid);
          grew = true;
        }
      }
    }
    return [...out];
  }

  it('a snapshot the server never seals (its worker stuck) waits as "syncing", then counts as sent, with a note, after an hour', async () => {
    let offset = 0;
    const { service, serverId } = await configure({
      now: () => Date.now() + offset,
      // Sync now returns while the follow-up of the unsealed snapshot is a minute away.
      syncNowWaitMs: 500,
      engine: { timing: { pollIntervalMs: 200, pollBudgetMs: 2000, followUpMs: 60_000 } },
    });
    const workers = workerPids();
    expect(workers.length).toBeGreaterThan(0);
    for (const pid of workers) process.kill(pid, 'SIGSTOP');
    try {
      const url = `https://example.com/cairn-stuck-${run}`;
      const archive = await addArchive({ folderId: root.id, url, title: `Stuck ${run}` });
      await service.onArchiveChanged(archive.id, 'captured');
      await service.syncNow();
      const waiting = await getSyncState(archive.id, serverId);
      expect(waiting?.state, waiting?.error).toBe('syncing');
      const snapshot = await api<Snapshot & { status: string }>(
        `/core/snapshot/${waiting!.remoteId}`,
      );
      expect(snapshot.status).not.toBe('sealed');

      offset = 61 * 60_000;
      await service.syncNow();
      const sent = await getSyncState(archive.id, serverId);
      expect(sent?.state).toBe('synced');
      expect(sent?.note).toMatch(
        /^Sent\. The server has not finished its own archiving of this snapshot yet \(status: \w+\)\.$/,
      );
    } finally {
      for (const pid of workers) process.kill(pid, 'SIGCONT');
    }
  }, 240_000);
});
