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
import { warcOutputPath } from '../../lib/sync/warc-upload';
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

  async function configure() {
    const harness = testSyncService({ timeoutMs: 120_000 });
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
});
