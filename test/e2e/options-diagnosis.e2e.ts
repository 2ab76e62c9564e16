import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { GRANTED_HOSTS, launchWithGrantedHosts, type GrantedBrowser } from './options-launch';
import { openPage, shoot } from './support/library-helpers';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import { startPermaServer, type PermaServer } from '../servers/perma-server.js';
import { startArchiveBoxServer, type ArchiveBoxServer } from '../servers/archivebox-server.js';

/**
 * "Test connection" in the real options page names exactly what is wrong, for each way a
 * server can be misconfigured: nothing listening, a web site that is not the API, a bad key,
 * and ArchiveBox 0.9's subdomain routing redirecting the API to another host.
 */
describe('options page: Test connection diagnoses each problem', () => {
  let ext: GrantedBrowser;
  let perma: PermaServer;
  let routed: ArchiveBoxServer;
  let site: FixtureSite;
  let page: Page;

  beforeAll(async () => {
    perma = await startPermaServer();
    routed = await startArchiveBoxServer({
      version: '0.9',
      securityMode: 'safe-subdomains-fullreplay',
    });
    site = await startFixtureSite();
    ext = await launchWithGrantedHosts(GRANTED_HOSTS);
    page = await openPage(ext, 'options.html', { width: 1100 });
    await page.getByRole('button', { name: 'Add server' }).click();
  });

  afterAll(async () => {
    await ext?.close();
    await perma?.close();
    await routed?.close();
    await site?.close();
  });

  /** Fills the add form, runs Test connection, returns the problem codes and the check states. */
  async function diagnose(
    kind: 'Perma.cc' | 'ArchiveBox',
    baseUrl: string,
    secret: string,
    shot: string,
  ): Promise<{ codes: string[]; failed: string[]; messages: string[] }> {
    await page.getByRole('radio', { name: kind }).check();
    await page.getByLabel('Server address').fill(baseUrl);
    const field = kind === 'Perma.cc' ? 'API key' : 'API token';
    await page.getByLabel(field, { exact: true }).fill(secret);
    // Wait for a new result element, not the previous test's (the page swaps it out).
    const before = await page.evaluate(() => {
      const w = window as unknown as { resultsSeen?: number };
      if (w.resultsSeen === undefined) {
        w.resultsSeen = 0;
        new MutationObserver((records) => {
          for (const r of records) {
            for (const n of r.addedNodes) {
              if (n instanceof HTMLElement && n.matches('[data-testid="test-result"]')) {
                w.resultsSeen!++;
              }
            }
          }
        }).observe(document.body, { childList: true, subtree: true });
      }
      return w.resultsSeen;
    });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForFunction(
      (n) => (window as unknown as { resultsSeen: number }).resultsSeen > n,
      before,
      { timeout: 45_000 },
    );
    const result = page.getByTestId('test-result');
    await shoot(page, shot);
    const problems = result.locator('.problems li');
    return {
      codes: await problems.evaluateAll((els) => els.map((el) => el.getAttribute('data-code')!)),
      messages: await problems.allTextContents(),
      failed: await result
        .locator('.check-failed')
        .evaluateAll((els) => els.map((el) => el.textContent!.replace(/^✗/, ''))),
    };
  }

  it('nothing listening: the server does not answer', async () => {
    const { codes, failed } = await diagnose(
      'Perma.cc',
      'http://127.0.0.1:9',
      'a'.repeat(40),
      'options-e2e-diagnose-unreachable',
    );
    expect(codes).toEqual(['unreachable']);
    expect(failed).toEqual(['Server answers: no']);
  });

  it('a web site, not the API: answers, but not as a Perma API', async () => {
    const { codes, failed } = await diagnose(
      'Perma.cc',
      site.origin,
      'a'.repeat(40),
      'options-e2e-diagnose-not-api',
    );
    expect(codes.length).toBe(1);
    expect(['not-api', 'html-instead-of-json']).toContain(codes[0]);
    expect(failed).toEqual(['Answers as a Perma API: no']);
  });

  it('a wrong key: the API answers and refuses the credentials', async () => {
    const { codes, failed, messages } = await diagnose(
      'Perma.cc',
      perma.origin,
      'b'.repeat(40),
      'options-e2e-diagnose-bad-key',
    );
    expect(codes).toEqual(['bad-credentials']);
    expect(failed).toEqual(['Credentials accepted: no']);
    expect(messages.join(' ')).not.toContain('b'.repeat(40));
  });

  it('ArchiveBox 0.9 subdomain routing: the wrong host is named with the fix', async () => {
    const { codes, messages } = await diagnose(
      'ArchiveBox',
      routed.origin,
      routed.token,
      'options-e2e-diagnose-wrong-host',
    );
    expect(codes).toContain('wrong-host-routing');
    expect(messages.join(' ')).toContain('SERVER_SECURITY_MODE');
  });
});
