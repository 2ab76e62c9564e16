import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPermaServer, type PermaServer } from '../servers/perma-server.js';
import { useFreshDb } from '../../lib/db/test-db';
import type { CairnDb } from '../../lib/db/schema';
import type { FolderRow } from '../../lib/db/entities';
import { getSyncState } from '../../lib/db/repos/sync-states';
import { warcBlob } from '../../lib/db/repos/records';
import { getRemoteFolder } from '../../lib/db/repos/remote-folders';
import { createPermaClient } from '../../lib/sync/perma-client';
import type { PullListing, PullPlace } from '../../lib/sync/perma-pull';
import { addArchive, addFolder, configurePerma } from './support';

let server: PermaServer;
let db: CairnDb;
let root: FolderRow;

beforeEach(async () => {
  server = await startPermaServer({
    capture: { pendingMs: 5, inProgressMs: 5, fails: (url) => url.includes('broken') },
  });
  db = useFreshDb();
  root = await addFolder(db, 'Personal Links');
});
afterEach(async () => {
  await server.close();
  db.close();
});

/** The account as another device left it: archives made on Perma, not by this Cairn. */
async function seedAccount() {
  const device = createPermaClient({ baseUrl: server.origin, apiKey: server.apiKey });
  const trips = server.addFolder(server.user.rootFolderId, 'Trips');
  const reading = server.addFolder(server.user.rootFolderId, 'Reading');
  const make = (url: string, title: string, folder: number, isPrivate = false) =>
    device.createArchive({ url, title, folder, is_private: isPrivate, notes: `notes of ${title}` });
  const home = await make('https://example.test/home', 'Home page', server.user.rootFolderId);
  const alps = await make('https://example.test/alps', 'Alps trip', trips.id, true);
  const essay = await make('https://example.test/essay', 'An essay', reading.id);
  const broken = await make('https://example.test/broken', 'Broken', reading.id);
  // Let the simulated captures finish (5 + 5 ms on the server clock).
  await new Promise((resolve) => setTimeout(resolve, 40));
  return { trips, reading, home, alps, essay, broken };
}

const configure = () => configurePerma(server, root.id);

function placeOf(listing: PullListing, guid: string): PullPlace {
  const folder = listing.folders.find((f) => f.archives.some((a) => a.guid === guid));
  return folder
    ? { folderId: folder.id, path: folder.path, personal: folder.personal }
    : { path: [], personal: false };
}

const creates = () =>
  server.requests.filter((r) => r.method === 'POST' && /^\/v1\/archives\/?$/.test(r.path));

describe('Import from Perma against the Perma test server', () => {
  it('pulls 3 archives of 2 folders byte for byte, linked to their GUIDs, and skips the one already linked', async () => {
    const seeded = await seedAccount();
    const { service, serverId } = await configure();
    // An archive this Cairn sent itself: already linked.
    const mine = await addArchive({ folderId: root.id, url: 'https://example.test/mine' });
    await service.onArchiveChanged(mine.id, 'captured');
    await service.syncNow();
    const mineGuid = (await getSyncState(mine.id, serverId))!.remoteId!;
    const createsBefore = creates().length;

    const listing = await service.listPermaPull(serverId);
    const byGuid = new Map(
      [...listing.folders.flatMap((f) => f.archives), ...listing.other].map((a) => [a.guid, a]),
    );
    expect(listing.folders.map((f) => f.path.join('/')).sort()).toEqual([
      'Personal Links',
      'Personal Links/Reading',
      'Personal Links/Trips',
    ]);
    expect(byGuid.get(mineGuid)?.linkedArchiveId).toBe(mine.id);
    expect(byGuid.get(seeded.alps.guid)).toMatchObject({ isPrivate: true, title: 'Alps trip' });
    expect(byGuid.get(seeded.home.guid)?.linkedArchiveId).toBeUndefined();
    expect(byGuid.get(seeded.broken.guid)?.unavailable).toMatch(/capture of this page failed/);
    expect(listing.other).toEqual([]);

    const pulled = new Map<string, string>();
    for (const remote of [seeded.home, seeded.alps, seeded.essay]) {
      const outcome = await service.pullPermaArchive({
        serverId,
        guid: remote.guid,
        place: placeOf(listing, remote.guid),
      });
      expect(outcome.kind).toBe('imported');
      pulled.set(remote.guid, outcome.archiveId);
    }

    for (const remote of [seeded.home, seeded.alps, seeded.essay]) {
      const archiveId = pulled.get(remote.guid)!;
      const archive = (await db.archives.get(archiveId))!;
      const onServer = server.state.archives.get(remote.guid)!;
      expect(archive).toMatchObject({
        title: onServer.title,
        notes: onServer.notes,
        isPrivate: onServer.isPrivate,
        status: 'complete',
        url: onServer.url,
      });
      // Byte-exact: the local WARC is the downloaded one.
      const local = new Uint8Array(await (await warcBlob(archiveId)).arrayBuffer());
      expect(Buffer.from(local).equals(onServer.warc!)).toBe(true);
      expect(await getSyncState(archiveId, serverId)).toMatchObject({
        state: 'synced',
        remoteId: remote.guid,
        remoteUrl: `${server.origin}/${remote.guid}`,
      });
    }
    // Folders: Personal Links is the local default; Trips and Reading are made under it and
    // mapped to their Perma folders.
    const folderOf = async (guid: string) =>
      (await db.folders.get((await db.archives.get(pulled.get(guid)!))!.folderId))!;
    expect((await folderOf(seeded.home.guid)).id).toBe(root.id);
    const trips = await folderOf(seeded.alps.guid);
    expect(trips).toMatchObject({ name: 'Trips', parentId: root.id });
    expect(await getRemoteFolder(serverId, trips.id)).toBe(String(seeded.trips.id));
    expect(await folderOf(seeded.essay.guid)).toMatchObject({ name: 'Reading', parentId: root.id });

    // Linked means done: nothing is sent back as new, and nothing is patched.
    await service.syncNow();
    expect(creates()).toHaveLength(createsBefore);
    expect(server.requests.some((r) => r.method === 'PATCH')).toBe(false);

    // Never twice: the one already linked, and one just pulled.
    const count = await db.archives.count();
    for (const guid of [mineGuid, seeded.home.guid]) {
      const again = await service.pullPermaArchive({
        serverId,
        guid,
        place: placeOf(listing, guid),
      });
      expect(again.kind).toBe('linked');
    }
    expect(await db.archives.count()).toBe(count);
    const relisted = await service.listPermaPull(serverId);
    const linked = relisted.folders.flatMap((f) => f.archives).filter((a) => a.linkedArchiveId);
    expect(linked).toHaveLength(4);
  });

  it('says why an archive cannot be pulled: capture failed, deleted, another user’s', async () => {
    const seeded = await seedAccount();
    const { service, serverId } = await configure();
    const place: PullPlace = { path: [], personal: false };
    await expect(
      service.pullPermaArchive({ serverId, guid: seeded.broken.guid, place }),
    ).rejects.toThrow(/capture of this page failed/);
    server.state.archives.get(seeded.essay.guid)!.userDeleted = true;
    await expect(
      service.pullPermaArchive({ serverId, guid: seeded.essay.guid, place }),
    ).rejects.toThrow(/Perma no longer has this archive/);
    const other = server.addUser({ apiKey: 'other-key' });
    const stranger = createPermaClient({ baseUrl: server.origin, apiKey: 'other-key' });
    const theirs = await stranger.createArchive({
      url: 'https://example.test/theirs',
      folder: other.rootFolderId,
    });
    await expect(service.pullPermaArchive({ serverId, guid: theirs.guid, place })).rejects.toThrow(
      /belongs to another user or organisation/,
    );
    expect(await db.archives.count()).toBe(0);
  });
});
