import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveWarc } from './support/extension-state';
import {
  axeViolations,
  GRANTED_HOSTS,
  launchWithGrantedHosts,
  type GrantedBrowser,
} from './options-launch';
import {
  archives,
  captureUrl,
  folders,
  openPage,
  send,
  shoot,
  waitFor,
  rowAction,
} from './support/library-helpers';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import { startPermaServer, type PermaServer } from '../servers/perma-server.js';
import { startArchiveBoxServer, type ArchiveBoxServer } from '../servers/archivebox-server.js';
import { createPermaClient } from '../../lib/sync/perma-client';

/**
 * Sync both ways, through the real pages. "Import from Perma" on the options page pulls three
 * archives another device made in two Perma folders into the matching local folders, byte
 * for byte, private flag kept, and skips the one this Cairn already sent. Then the library's
 * sync marks and its "Not synced" filter: a private archive in a folder that also syncs to an
 * ArchiveBox server that cannot keep snapshots private waits, and says for what, on its row,
 * in its detail, on the server card and in Sync now's answer.
 */

/** SHA-256 of an archive's stored WARC, saved through the page's own download of it. */
async function warcDigest(page: Page, archiveId: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cairn-pull-'));
  try {
    const file = path.join(dir, `${archiveId}.warc.gz`);
    await saveWarc(page, archiveId, file);
    return createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('sync both ways: Import from Perma, sync marks and the Not synced filter', () => {
  let ext: GrantedBrowser;
  let perma: PermaServer;
  let box: ArchiveBoxServer;
  let site: FixtureSite;
  let options: Page;
  let permaId: string;
  const seeded: Record<string, { guid: string }> = {};

  beforeAll(async () => {
    perma = await startPermaServer({ capture: { pendingMs: 5, inProgressMs: 5 } });
    box = await startArchiveBoxServer({ version: '0.8' });
    site = await startFixtureSite();
    ext = await launchWithGrantedHosts(GRANTED_HOSTS);
    options = await openPage(ext, 'options.html', { width: 1100 });
  });

  afterAll(async () => {
    await ext?.close();
    await perma?.close();
    await box?.close();
    await site?.close();
  });

  it('lists the Perma account by folder and imports the chosen archives into matching folders', async () => {
    // Another device's archives: one in Personal Links, one private in Trips, one in Reading.
    const device = createPermaClient({ baseUrl: perma.origin, apiKey: perma.apiKey });
    const root = perma.user.rootFolderId;
    const trips = perma.addFolder(root, 'Trips');
    const reading = perma.addFolder(root, 'Reading');
    seeded.home = await device.createArchive({
      url: `${site.origin}/simple.html`,
      title: 'Home',
      folder: root,
    });
    seeded.alps = await device.createArchive({
      url: `${site.origin}/form.html`,
      title: 'Alps trip',
      folder: trips.id,
      is_private: true,
      notes: 'the long walk',
    });
    seeded.essay = await device.createArchive({
      url: `${site.origin}/index.html`,
      title: 'An essay',
      folder: reading.id,
    });

    // And one this Cairn captured and sent itself.
    const { server } = await send(options, 'saveServer', {
      kind: 'perma',
      name: 'Test Perma',
      baseUrl: perma.origin,
      credentials: { type: 'apiKey', apiKey: perma.apiKey },
    });
    permaId = server.id;
    const mine = await captureUrl(options, `${site.origin}/simple.html?mine`);
    await send(options, 'setFolderSync', { folderId: mine.folderId, serverIds: [permaId] });
    await send(options, 'syncNow', { serverId: permaId });
    await waitFor(
      async () =>
        [...perma.state.archives.values()].some((a) => a.url.endsWith('/simple.html?mine')),
      'the captured archive on Perma',
    );
    const before = (await archives(options)).length;

    await options.reload();
    const card = options.locator('.server-card', { hasText: 'Test Perma' });
    await card.getByRole('button', { name: 'Import from Perma…' }).click();
    const pull = card.locator('.perma-pull');
    await pull
      .getByText('4 archives on Perma: 1 already in your library, 3 can be imported', {
        exact: false,
      })
      .waitFor({ timeout: 30_000 });
    expect(await pull.getByRole('group', { name: 'Personal Links / Trips' }).count()).toBe(1);
    const mineBox = pull.locator('li', { hasText: '/simple.html?mine' }).getByRole('checkbox');
    expect(await mineBox.isDisabled()).toBe(true);
    await shoot(options, 'options-e2e-perma-pull-list');
    expect(await axeViolations(options)).toEqual([]);

    await pull.getByRole('button', { name: 'Choose all that can be imported' }).click();
    await pull.getByRole('button', { name: 'Import 3 archives' }).click();
    await pull
      .getByText('3 imported, 0 already in your library, 0 not imported.')
      .waitFor({ timeout: 60_000 });
    await pull
      .getByText('4 archives on Perma: 4 already in your library, 0 can be imported', {
        exact: false,
      })
      .waitFor({ timeout: 30_000 });
    await shoot(options, 'options-e2e-perma-pull-done');

    const rows = await archives(options);
    expect(rows).toHaveLength(before + 3);
    const all = await folders(options);
    const nameOf = (id: string) => all.find((f) => f.id === id)?.name;
    for (const [key, folder] of [
      ['home', 'Personal Links'],
      ['alps', 'Trips'],
      ['essay', 'Reading'],
    ] as const) {
      const remote = perma.state.archives.get(seeded[key]!.guid)!;
      const row = rows.find((r) => r.importedFrom?.includes(remote.guid));
      expect(row, `${key} imported`).toBeTruthy();
      expect(nameOf(row!.folderId)).toBe(folder);
      expect(row).toMatchObject({
        title: remote.title,
        isPrivate: remote.isPrivate,
        notes: remote.notes,
      });
      expect(await warcDigest(options, row!.id)).toBe(
        createHash('sha256').update(remote.warc!).digest('hex'),
      );
    }
  });

  it('marks rows, filters what is not synced, and says a private archive waits for the confirmation', async () => {
    const { server } = await send(options, 'saveServer', {
      kind: 'archivebox',
      name: 'Test Box',
      baseUrl: box.origin,
      credentials: { type: 'token', token: box.token },
    });
    const trips = (await folders(options)).find((f) => f.name === 'Trips')!;
    await send(options, 'setFolderSync', { folderId: trips.id, serverIds: [permaId, server.id] });
    const reply = await send(options, 'syncNow', { serverId: server.id });
    expect(reply.blocked).toBe(
      'Nothing else was waiting. 1 private archive waits until you confirm that this server does not publish snapshots.',
    );

    const library = await openPage(ext, 'library.html', { width: 1400 });
    await library.getByRole('button', { name: 'Not synced' }).click();
    await library.getByRole('heading', { name: '1 archive not synced yet' }).waitFor();
    const row = library.locator('li[data-archive-id]', { hasText: 'Alps trip' });
    await row
      .getByRole('img', {
        name: 'Test Box: waiting for your confirmation that the server keeps it private',
      })
      .waitFor();
    await row.getByRole('img', { name: 'Test Perma: synced' }).waitFor();
    await rowAction(row, 'Details');
    const states = library.locator('.sync-states');
    await states.getByRole('button', { name: 'Confirm in settings' }).waitFor();
    expect(await states.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    await shoot(library, 'library-e2e-not-synced');
    expect(await axeViolations(library)).toEqual([]);

    await options.reload();
    const card = options.locator('.server-card', { hasText: 'Test Box' });
    await card.getByText('1 private archive waits for this answer.').waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('queue-counts').textContent()).toMatch(
      /^1 waiting, .* 0 failed$/,
    );
    expect(await card.locator('.sync-failures').count()).toBe(0);

    // Confirming sends it; then nothing is left for the filter.
    await card.getByRole('button', { name: 'This server is private…' }).click();
    await options.getByRole('button', { name: 'Yes, it does not publish snapshots' }).click();
    await send(options, 'syncNow', { serverId: server.id });
    await library
      .getByText('Every archive is on the servers it goes to.')
      .waitFor({ timeout: 60_000 });
    await library.close();
  });
});
