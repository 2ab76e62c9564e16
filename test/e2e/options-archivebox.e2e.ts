import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  axeViolations,
  GRANTED_HOSTS,
  launchWithGrantedHosts,
  type GrantedBrowser,
} from './options-launch';
import { captureUrl, openPage, shoot, waitFor } from './support/library-helpers';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import { startArchiveBoxServer, type ArchiveBoxServer } from '../servers/archivebox-server.js';

/**
 * ArchiveBox through the real options page: a non-superuser's token is reported as exactly
 * that, a user name and password are exchanged once for a token (the password is stored
 * nowhere), and
 * a private archive is held back until the user confirms in the page that the server does
 * not publish snapshots, after which it reaches the server.
 */
describe('options page: ArchiveBox login, superuser check and private confirmation', () => {
  let ext: GrantedBrowser;
  let box: ArchiveBoxServer;
  let site: FixtureSite;
  let options: Page;
  const serverName = 'Test ArchiveBox';

  beforeAll(async () => {
    box = await startArchiveBoxServer({ version: '0.9-uploads' });
    site = await startFixtureSite();
    ext = await launchWithGrantedHosts(GRANTED_HOSTS);
    options = await openPage(ext, 'options.html', { width: 1100 });
  });

  afterAll(async () => {
    await ext?.close();
    await box?.close();
    await site?.close();
  });

  it('reports a token of a user who is not a superuser as exactly that', async () => {
    const viewer = box.addUser({ username: 'viewer', password: 'viewer-pass', isSuperuser: false });
    const viewerToken = box.addToken(viewer.id);
    await options.getByRole('button', { name: 'Add server' }).click();
    await options.getByRole('radio', { name: 'ArchiveBox' }).check();
    await options.getByLabel('Server address').fill(box.origin);
    await options.getByLabel('Name (shown in Cairn)').fill(serverName);
    await options.getByLabel('API token', { exact: true }).fill(viewerToken);
    await options.getByRole('button', { name: 'Test connection' }).click();
    const result = options.getByTestId('test-result');
    await result.getByText('The connection does not work yet').waitFor({ timeout: 30_000 });
    await shoot(options, 'options-e2e-archivebox-not-superuser');
    const check = (name: string) => result.locator('li', { hasText: name }).getAttribute('class');
    expect(await check('Credentials accepted')).toContain('check-ok');
    expect(await check('Account is a superuser')).toContain('check-failed');
    expect(await result.getByRole('alert').locator('[data-code="not-superuser"]').count()).toBe(1);
  });

  it('signs in with a password, keeps only the token, and shows user and expiry', async () => {
    await options.getByRole('radio', { name: 'Sign in with user name and password' }).check();
    await options.getByLabel('User name', { exact: true }).fill(box.username);
    await options.getByLabel('Password', { exact: true }).fill(box.password);
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await options.getByRole('heading', { name: serverName }).waitFor({ timeout: 30_000 });
    const card = options.locator('.server-card', { hasText: serverName });
    await card.locator('.server-facts').getByText(box.username, { exact: true }).waitFor();
    await card.locator('.server-facts').getByText('Token expires').waitFor();

    // The login went once to get_api_token; no request carried the password or token in its URL.
    const logins = box.requests.filter((r) => r.path.includes('/auth/get_api_token'));
    expect(logins).toHaveLength(1);
    const stored = await options.evaluate(() => chrome.storage.local.get(null));
    expect(JSON.stringify(stored)).not.toContain(box.password);
    const tokens = [...box.state.tokens.values()].map((tk) => tk.token);
    for (const r of box.requests) {
      const where = r.path + JSON.stringify(r.query);
      expect(where).not.toContain(box.password);
      for (const token of tokens) expect(where).not.toContain(token);
    }
  });

  it('sends a private archive to a private snapshot of its own: newest ArchiveBox needs no promise that it publishes nothing', async () => {
    const url = `${site.origin}/simple.html`;
    await captureUrl(options, url, { isPrivate: true });
    await options.getByRole('checkbox', { name: `Sync “Personal Links” to ${serverName}` }).check();
    // The archive already there is sent only after one yes, which says how many.
    const ask = options.getByRole('dialog', {
      name: 'Send the archives already in “Personal Links”?',
    });
    await ask.getByText('1 existing archive in this folder').waitFor();
    await ask.getByRole('button', { name: 'Send them' }).click();
    const card = options.locator('.server-card', { hasText: serverName });
    await card.getByText(/Private archives go into private snapshots on this server/).waitFor();
    expect(await card.getByRole('button', { name: 'This server is private…' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Sync now' }).click();
    const snapshotOf = () => [...box.state.snapshots.values()].find((s) => s.url === url);
    const snapshot = await waitFor(async () => snapshotOf(), `${url} on ArchiveBox`);
    expect(box.state.crawls.get(snapshot.crawlId!)?.config?.PERMISSIONS).toBe('private');
    await card
      .getByTestId('queue-counts')
      .getByText(/1 synced, 0 failed/)
      .waitFor({ timeout: 60_000 });
    // A stranger can neither list it nor open it.
    const listing = await fetch(`${box.origin}/public/`).then((r) => r.text());
    expect(listing).not.toContain(url);
    const page = await fetch(`${box.origin}/snapshot/${snapshot.id}/`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    await shoot(options, 'options-e2e-archivebox-private-sent');
    expect(await axeViolations(options)).toEqual([]);
  });
});
