import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPermaServer, type PermaServer } from '../servers/perma-server.js';
import { seededRandom, type FaultRule } from '../servers/faults.js';
import { useFreshDb } from '../../lib/db/test-db';
import type { CairnDb } from '../../lib/db/schema';
import { getSyncState } from '../../lib/db/repos/sync-states';
import { listOutbox } from '../../lib/db/repos/outbox';
import { purgeArchives } from '../../lib/db/repos/archive-ops';
import type { ArchiveRow, FolderRow } from '../../lib/db/entities';
import { addArchive, addFolder, configurePerma } from './support';

// Recovery after creates whose answers were lost (server-apis.md A9), against the Perma test
// server: a copy is only ever linked to the archive that made it, privacy is never crossed,
// and copies made twice are deleted.

let server: PermaServer;
let db: CairnDb;
let root: FolderRow;

beforeEach(async () => {
  db = useFreshDb();
  root = await addFolder(db, 'Personal Links');
  server = await startPermaServer({ capture: { pendingMs: 5, inProgressMs: 5 } });
});
afterEach(async () => {
  await server?.close();
  db.close();
});

const configure = () => configurePerma(server, root.id);

const createPath = /^\/v1\/archives\/?$/;
const live = () => [...server.state.archives.values()].filter((a) => !a.userDeleted);
const creates = () => server.requests.filter((r) => r.method === 'POST' && createPath.test(r.path));
/** The name of the Perma folder a remote archive is in. */
const folderName = (folderId: number) => server.state.folders.get(folderId)?.name;

/**
 * Every local archive is linked to a live copy of its own: same URL, same privacy, in the
 * Perma folder named like its local folder; and no live copy is left that nobody owns.
 */
async function expectOneCopyEach(
  archives: Array<ArchiveRow & { folderName: string }>,
  serverId: string,
) {
  const linked = new Set<string>();
  for (const archive of archives) {
    const state = await getSyncState(archive.id, serverId);
    expect(state?.state, `${archive.title}: ${state?.error}`).toBe('synced');
    const remote = server.state.archives.get(state!.remoteId!)!;
    expect(remote.userDeleted).toBeFalsy();
    expect(remote.url).toBe(archive.url);
    expect(remote.isPrivate).toBe(archive.isPrivate);
    expect(folderName(remote.folderId)).toBe(archive.folderName);
    expect(state?.note ?? '').not.toMatch(/makes its archives private/);
    linked.add(remote.guid);
  }
  expect(linked.size).toBe(archives.length);
  expect(
    live()
      .map((a) => a.guid)
      .sort(),
  ).toEqual([...linked].sort());
}

describe('Perma recovery never mixes up archives', () => {
  it.each([['public first'], ['private first']])(
    'two same-URL archives, public and private in other folders, both answered 502 after the save (%s)',
    async (order) => {
      const { service, serverId } = await configure();
      const other = await addFolder(db, 'Case files', root.id);
      const url = 'https://example.test/same-page';
      const pub = await addArchive({ folderId: root.id, url, title: 'Same page' });
      const priv = await addArchive({
        folderId: other.id,
        url,
        title: 'Same page',
        isPrivate: true,
      });
      server.faults.add({
        kind: 'html',
        status: 502,
        method: 'POST',
        path: createPath,
        afterHandler: true,
        times: 2,
      });
      // The first archive's lookup fails once, so the other one is recovered first: the one
      // whose copy is the newer of the two. A lookup that matched on URL, date and title
      // alone took the older copy, the other archive's, every time.
      server.faults.add({ kind: 'status', status: 503, method: 'GET', path: /\/archives\/?$/ });
      for (const archive of order === 'public first' ? [pub, priv] : [priv, pub]) {
        await service.onArchiveChanged(archive.id, 'captured');
      }
      await service.syncNow();
      expect(server.faults.hits).toHaveLength(3);
      expect(creates()).toHaveLength(2); // both found by the lookup: none sent again
      await expectOneCopyEach(
        [
          { ...pub, folderName: 'Personal Links' },
          { ...priv, folderName: 'Case files' },
        ],
        serverId,
      );
      expect(await listOutbox()).toEqual([]);
    },
  );

  it('a private archive whose copy was lost never takes a public copy of the same URL in its folder', async () => {
    const { service, serverId } = await configure();
    const url = 'https://example.test/shared';
    const pub = await addArchive({ folderId: root.id, url, title: 'Shared' });
    await service.onArchiveChanged(pub.id, 'captured');
    await service.syncNow();
    // The private one's create is cut before the server saves it: the public copy is the
    // only one of that URL in the folder, within the window, with the same title.
    const priv = await addArchive({ folderId: root.id, url, title: 'Shared', isPrivate: true });
    server.faults.add({ kind: 'drop', method: 'POST', path: createPath });
    await service.onArchiveChanged(priv.id, 'captured');
    await service.syncNow();
    await expectOneCopyEach(
      [
        { ...pub, folderName: 'Personal Links' },
        { ...priv, folderName: 'Personal Links' },
      ],
      serverId,
    );
  });

  it('deletes the twin of a create the browser resent, and says so', async () => {
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id, title: 'Resent' });
    server.faults.add({ kind: 'resend', method: 'POST', path: createPath });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    expect(creates()).toHaveLength(2); // the server saw the POST twice
    await expectOneCopyEach([{ ...archive, folderName: 'Personal Links' }], serverId);
    const state = await getSyncState(archive.id, serverId);
    expect(state?.note).toBe(
      'The server had 1 extra copy of this archive, made when a request was sent twice; Cairn deleted it.',
    );
    expect(state?.spares).toEqual([]);
    expect(state?.sparesDeleted).toBe(1);
  });

  it('keeps the copy and deletes the spare when a retried create had also been saved', async () => {
    const { service, serverId } = await configure();
    const archive = await addArchive({ folderId: root.id, title: 'Twice' });
    // The browser resends the create and the second answer is lost too: two copies, neither
    // seen. The lookup finds both: one is kept, the other deleted as a spare.
    server.faults.add({ kind: 'resend', lose: true, method: 'POST', path: createPath });
    await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    expect(creates()).toHaveLength(2); // no third: the lookup found both
    await expectOneCopyEach([{ ...archive, folderName: 'Personal Links' }], serverId);
    expect((await getSyncState(archive.id, serverId))?.sparesDeleted).toBe(1);
  });

  it('never takes an older copy kept on the server for a twin', async () => {
    const { service, serverId } = await configure();
    const url = 'https://example.test/kept';
    const first = await addArchive({ folderId: root.id, url, title: 'Kept' });
    await service.onArchiveChanged(first.id, 'captured');
    await service.syncNow();
    const kept = (await getSyncState(first.id, serverId))!.remoteId!;
    // Deleted here, kept on the server: its copy is linked to nothing any more.
    await purgeArchives([first.id]);
    server.clock.advance(60_000); // a minute later, in the server's clock
    const again = await addArchive({ folderId: root.id, url, title: 'Kept' });
    await service.onArchiveChanged(again.id, 'captured');
    await service.syncNow();
    expect(server.state.archives.get(kept)?.userDeleted).toBeFalsy();
    expect(live()).toHaveLength(2);
    expect((await getSyncState(again.id, serverId))?.sparesDeleted).toBeUndefined();
  });

  it('guesses nothing when two archives of the same page may own the copies found', async () => {
    const { service, serverId } = await configure();
    const url = 'https://example.test/twins';
    const a = await addArchive({ folderId: root.id, url, title: 'Twins' });
    const b = await addArchive({ folderId: root.id, url, title: 'Twins' });
    server.faults.add({ kind: 'lose-response', method: 'POST', path: createPath, times: 2 });
    await service.onArchiveChanged(a.id, 'captured');
    await service.onArchiveChanged(b.id, 'captured');
    await service.syncNow();
    expect(live()).toHaveLength(2); // nothing deleted, nothing created again
    for (const archive of [a, b]) {
      const state = await getSyncState(archive.id, serverId);
      expect(state?.state).toBe('failed');
      expect(state?.errorCode).toBe('needs-review');
      expect(state?.error).toMatch(/^Needs review: 2 copies on the server could be/);
      expect(state?.remoteId).toBeUndefined();
      expect(state?.candidates?.map((c) => c.remoteId).sort()).toEqual(
        live()
          .map((r) => r.guid)
          .sort(),
      );
    }

    // The user settles both: the copy chosen for one is no longer offered to the other, and
    // "delete the others" spares a copy that another review still lists.
    const [x, y] = live().map((r) => r.guid);
    expect(
      await service.resolveSyncReview({
        archiveId: a.id,
        serverId,
        remoteId: x!,
        deleteOthers: true,
      }),
    ).toEqual({ deleted: 0, kept: 1 });
    await expect(
      service.resolveSyncReview({ archiveId: b.id, serverId, remoteId: x!, deleteOthers: false }),
    ).rejects.toThrow(`Copy ${x} already belongs to another archive.`);
    await service.resolveSyncReview({
      archiveId: b.id,
      serverId,
      remoteId: y!,
      deleteOthers: true,
    });
    await service.syncNow();
    await expectOneCopyEach(
      [
        { ...a, folderName: 'Personal Links' },
        { ...b, folderName: 'Personal Links' },
      ],
      serverId,
    );
  });

  it('a review deletes the unused copies when asked, and never gives a private archive a public copy', async () => {
    const { service, serverId } = await configure();
    const url = 'https://example.test/review';
    const a = await addArchive({ folderId: root.id, url, title: 'Review' });
    const b = await addArchive({ folderId: root.id, url, title: 'Review' });
    server.faults.add({ kind: 'lose-response', method: 'POST', path: createPath, times: 2 });
    await service.onArchiveChanged(a.id, 'captured');
    await service.onArchiveChanged(b.id, 'captured');
    await service.syncNow();
    // b is sent again as a new copy ("none of these"); a then keeps one and deletes the other.
    await service.retrySync({ archiveId: b.id, serverId });
    await service.syncNow();
    expect(live()).toHaveLength(3);
    const state = await getSyncState(a.id, serverId);
    const [keep, spare] = state!.candidates!.map((c) => c.remoteId);
    expect(
      await service.resolveSyncReview({
        archiveId: a.id,
        serverId,
        remoteId: keep!,
        deleteOthers: true,
      }),
    ).toEqual({ deleted: 1, kept: 0 });
    expect(server.state.archives.get(spare!)?.userDeleted).toBe(true);
    await service.syncNow();
    await expectOneCopyEach(
      [
        { ...a, folderName: 'Personal Links' },
        { ...b, folderName: 'Personal Links' },
      ],
      serverId,
    );

    const priv = await addArchive({ folderId: root.id, url, title: 'Review', isPrivate: true });
    const { setSyncState } = await import('../../lib/db/repos/sync-states');
    await setSyncState(priv.id, serverId, {
      state: 'failed',
      errorCode: 'needs-review',
      candidates: [{ remoteId: 'PUBL-1C22', createdAt: Date.now(), isPrivate: false }],
    });
    await expect(
      service.resolveSyncReview({
        archiveId: priv.id,
        serverId,
        remoteId: 'PUBL-1C22',
        deleteOthers: false,
      }),
    ).rejects.toThrow('A private archive cannot take a public copy.');
  });

  it('never crosses privacy or folders under random faults (5 seeds)', async () => {
    const { service, serverId } = await configure();
    const other = await addFolder(db, 'Private cases', root.id);
    const archives: Array<ArchiveRow & { folderName: string }> = [];
    for (let i = 0; i < 8; i++) {
      const url = `https://example.test/pair-${i}`;
      const pub = await addArchive({ folderId: root.id, url, title: `Pair ${i}` });
      const priv = await addArchive({
        folderId: other.id,
        url,
        title: `Pair ${i}`,
        isPrivate: true,
      });
      archives.push({ ...pub, folderName: 'Personal Links' });
      archives.push({ ...priv, folderName: 'Private cases' });
    }
    const kinds: FaultRule[] = [
      { kind: 'html', status: 502, afterHandler: true },
      { kind: 'status', status: 503, afterHandler: true },
      { kind: 'lose-response' },
      { kind: 'drop' },
      { kind: 'resend' },
      { kind: 'status', status: 500 },
    ];
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      for (let i = 0; i < 6; i++) {
        const fault = kinds[Math.floor(random() * kinds.length)]!;
        server.faults.add({ ...fault, method: 'POST', path: createPath, skip: i });
      }
    }
    for (const archive of archives) await service.onArchiveChanged(archive.id, 'captured');
    await service.syncNow();
    await expectOneCopyEach(archives, serverId);
  });
});
