import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  axeViolations,
  GRANTED_HOSTS,
  launchWithGrantedHosts,
  type GrantedBrowser,
} from './options-launch';
import {
  captureUrl,
  openPage,
  send,
  shoot,
  SHOTS_DIR,
  waitFor,
  rowAction,
} from './support/library-helpers';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import { startPermaServer, type PermaServer } from '../servers/perma-server.js';

/**
 * The sync path end to end, driven through the real options page: configure the Perma test
 * server, "Test connection" names the user, choose a folder for it, capture a fixture page,
 * watch the archive arrive on the server (read from the server's own state), and see its
 * state and remote link in the options page and in the library's archive detail. A page the
 * server refuses shows up as failed with the server's reason, and Retry sends it once the
 * server accepts it.
 */

/** The server's archive for a URL, once created. */
function remoteArchive(perma: PermaServer, url: string) {
  return [...perma.state.archives.values()].find((a) => a.url === url && !a.userDeleted);
}

describe('options page: configure a Perma server and sync a capture to it', () => {
  let ext: GrantedBrowser;
  let perma: PermaServer;
  let site: FixtureSite;
  let options: Page;
  const serverName = 'Test Perma';

  beforeAll(async () => {
    perma = await startPermaServer();
    site = await startFixtureSite();
    ext = await launchWithGrantedHosts(GRANTED_HOSTS);
    options = await openPage(ext, 'options.html', { width: 1100 });
  });

  afterAll(async () => {
    await ext?.close();
    await perma?.close();
    await site?.close();
  });

  it('holds the server origin as granted (the harness, checked)', async () => {
    const granted = await options.evaluate(
      (origin) => chrome.permissions.contains({ origins: [`${origin}/*`] }),
      perma.origin,
    );
    expect(granted).toBe(true);
  });

  it('adds the server; Test connection shows the user; Save stores the key out of sight', async () => {
    await options.getByRole('button', { name: 'Add server' }).click();
    await options.getByRole('radio', { name: 'Perma.cc' }).check();
    await options.getByLabel('Server address').fill(perma.origin);
    await options.getByLabel('Name (shown in Cairn)').fill(serverName);
    await options.getByLabel('API key').fill(perma.apiKey);
    await options.getByRole('button', { name: 'Test connection' }).click();
    const result = options.getByTestId('test-result');
    await result.getByText('Connection works').waitFor({ timeout: 30_000 });
    expect(await result.getByTestId('test-user').textContent()).toBe('Jane Doe');

    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await options.getByRole('heading', { name: serverName }).waitFor({ timeout: 30_000 });
    const card = options.locator('.server-card', { hasText: serverName });
    await card.locator('.server-facts').getByText('Jane Doe').waitFor();

    // The key went to the server only in the Authorization header, never in a URL.
    const userCalls = perma.requests.filter((r) => /\/v1\/user\/?$/.test(r.path));
    expect(userCalls.length).toBeGreaterThan(0);
    expect(userCalls.every((r) => r.headers.authorization === `ApiKey ${perma.apiKey}`)).toBe(true);
    for (const r of perma.requests) {
      expect(r.path + JSON.stringify(r.query)).not.toContain(perma.apiKey);
    }
    // The page's view of the servers carries no secret.
    const listed = await send(options, 'listServers', {});
    expect(JSON.stringify(listed)).not.toContain(perma.apiKey);
    expect(listed.servers[0]).toMatchObject({ name: serverName, hasCredentials: true });
    await shoot(options, 'options-e2e-configured');
  });

  it('captures a page into a folder chosen for the server; Sync now sends it and shows the link', async () => {
    const url = `${site.origin}/simple.html`;
    const archive = await captureUrl(options, url);
    expect(archive.status).not.toBe('failed');
    const folderRow = options.locator('tr', { hasText: 'Personal Links' });
    await folderRow.waitFor();
    await options.getByRole('checkbox', { name: `Sync “Personal Links” to ${serverName}` }).check();
    // The archive already there is sent only after one yes, which says how many.
    const ask = options.getByRole('dialog', {
      name: 'Send the archives already in “Personal Links”?',
    });
    await ask.getByText('1 existing archive in this folder').waitFor();
    await ask.getByRole('button', { name: 'Send them' }).click();
    await options.getByText('Saved. Archives queued for sending: 1.').waitFor({ timeout: 30_000 });

    const card = options.locator('.server-card', { hasText: serverName });
    await card.getByRole('button', { name: 'Sync now' }).click();
    const remote = await waitFor(async () => remoteArchive(perma, url), `${url} on the server`);
    expect(remote.title).toBeTruthy();
    await card
      .getByTestId('queue-counts')
      .getByText(/1 synced/)
      .waitFor({ timeout: 60_000 });

    // The library's archive detail shows the state and the link to the Perma record.
    const library = await openPage(ext, 'library.html', { width: 1400 });
    await rowAction(library.locator('li[data-archive-id]', { hasText: url }).first(), 'Details');
    // The row carries the server's mark, named for assistive technology.
    await library
      .locator('li[data-archive-id]', { hasText: url })
      .first()
      .getByRole('img', { name: `${serverName}: synced` })
      .waitFor({ timeout: 30_000 });
    const states = library.locator('.sync-states');
    await states.getByText('Synced').waitFor({ timeout: 30_000 });
    const link = states.getByRole('link');
    expect(await link.getAttribute('href')).toContain(remote.guid);
    await states.scrollIntoViewIfNeeded();
    await library.screenshot({ path: `${SHOTS_DIR}/options-e2e-library-synced.png` });
    await library.close();
  });

  it('shows a refused archive as failed with the server reason; Retry sends it once accepted', async () => {
    const url = `${site.origin}/form.html`;
    perma.state.rejectedUrls.set(url, "Couldn't load URL");
    await captureUrl(options, url);
    const card = options.locator('.server-card', { hasText: serverName });
    await card.getByRole('button', { name: 'Sync now' }).click();
    const failure = card.locator('.failure', { hasText: "Couldn't load URL" });
    await failure.waitFor({ timeout: 60_000 });
    expect(remoteArchive(perma, url)).toBeUndefined();
    await shoot(options, 'options-e2e-failed');
    // Test result, folder table and failure list together: still no accessibility violation.
    expect(await axeViolations(options)).toEqual([]);

    perma.state.rejectedUrls.delete(url);
    await failure.getByRole('button', { name: /Retry/ }).click();
    await waitFor(async () => remoteArchive(perma, url), `${url} on the server after Retry`);
    await failure.waitFor({ state: 'detached', timeout: 60_000 });
    await card
      .getByTestId('queue-counts')
      .getByText(/2 synced, 0 failed/)
      .waitFor({ timeout: 60_000 });
  });

  it('deleting an archive asks about its Perma copy and deletes it there too when asked', async () => {
    const url = `${site.origin}/simple.html`;
    const remote = remoteArchive(perma, url);
    expect(remote, 'synced by the test above').toBeDefined();
    const library = await openPage(ext, 'library.html', { width: 1400 });
    const item = library.locator('li[data-archive-id]', { hasText: url }).first();
    await rowAction(item, 'Delete');
    const dialog = library.getByRole('dialog');
    // Within Perma's 24-hour window the copy can go too; nothing is deleted there unless asked.
    await dialog
      .getByRole('checkbox', { name: `Also delete the copy on ${serverName} (${remote!.guid})` })
      .check();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await waitFor(
      async () => remoteArchive(perma, url) === undefined || undefined,
      'the remote delete',
    );
    expect(
      [...perma.state.archives.values()].find((a) => a.guid === remote!.guid)?.userDeleted,
    ).toBe(true);
    await library.close();
  });

  it('a quota refusal pauses new archives with the server\'s words until Try again; a refused key reads "Key refused" with Edit key', async () => {
    const card = options.locator('.server-card', { hasText: serverName });
    perma.user.linkLimit = 0;
    perma.user.bonusLinks = 0;
    const urls = [`${site.origin}/simple.html?quota1`, `${site.origin}/simple.html?quota2`];
    for (const url of urls) await captureUrl(options, url);
    await card.getByRole('button', { name: 'Sync now' }).click();
    const paused = card.getByRole('status').filter({ hasText: 'New archives are paused' });
    await paused.waitFor({ timeout: 60_000 });
    // The counts are a live query: the sentence settles once the refused run has ended.
    await expect
      .poll(() => paused.textContent(), { timeout: 10_000 })
      .toMatch(
        /the server says the quota is used up \(Perma can't create this link\. You've reached your usage limit.*\)\. 2 archives wait; Cairn checks again at/,
      );
    const creates = () =>
      perma.requests.filter((r) => r.method === 'POST' && /^\/v1\/archives\/?$/.test(r.path));
    const refused = creates().length;
    // Sync now while paused sends nothing and says why.
    await card.getByRole('button', { name: 'Sync now' }).click();
    await card.locator('[aria-live] p', { hasText: /^New archives are paused/ }).waitFor();
    expect(creates().length).toBe(refused);
    await shoot(options, 'options-e2e-quota-paused');
    expect(await axeViolations(options)).toEqual([]);

    perma.user.linkLimit = Infinity;
    await card.getByRole('button', { name: 'Try again' }).click();
    for (const url of urls) {
      await waitFor(async () => remoteArchive(perma, url), `${url} on the server after Try again`);
    }
    await paused.waitFor({ state: 'detached', timeout: 30_000 });

    // A key the server no longer accepts: the card says so, with when and an Edit key action.
    perma.user.active = false;
    await captureUrl(options, `${site.origin}/simple.html?key`);
    await card.getByRole('button', { name: 'Sync now' }).click();
    await card.locator('.server-facts').getByText('Key refused').waitFor({ timeout: 60_000 });
    const alert = card.getByRole('alert').filter({ hasText: 'The server refused the key on' });
    await alert.waitFor();
    await shoot(options, 'options-e2e-key-refused');
    expect(await axeViolations(options)).toEqual([]);
    await alert.getByRole('button', { name: 'Edit key' }).click();
    await options.getByLabel('API key').waitFor();
    perma.user.active = true;
  });
});
