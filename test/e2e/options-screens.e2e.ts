import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { openPage, shoot } from './support/library-helpers';
import { axeViolations } from './options-launch';
import type { ServerConfig } from '../../lib/storage/sync-types';

/**
 * The options page in both themes with two configured servers (one stopped by a credential
 * problem, one on plain HTTP), a failed archive and the add-server form showing its
 * validation, saved for a person to look at; axe-core checks each state for accessibility
 * violations (names, contrast, roles) and the test checks nothing overflows sideways.
 */
const SERVERS: ServerConfig[] = [
  {
    id: 'perma-1',
    kind: 'perma',
    name: 'Perma (work)',
    baseUrl: 'https://api.perma.cc',
    allowInsecureHttp: false,
    confirmedPrivate: false,
    enabled: true,
    user: 'Jane Doe',
    capabilities: { flavor: 'perma', fileUpload: true },
    createdAt: 1,
    updatedAt: 1,
  },
  {
    id: 'abx-1',
    kind: 'archivebox',
    name: 'Home ArchiveBox',
    baseUrl: 'http://192.168.1.20:8000',
    allowInsecureHttp: true,
    confirmedPrivate: false,
    enabled: true,
    user: 'admin',
    tokenExpiresAt: '2027-01-01T00:00:00Z',
    credentialProblem: 'ArchiveBox refused the token: it has expired. Enter a new one.',
    createdAt: 2,
    updatedAt: 2,
  },
];

async function seed(page: Page): Promise<void> {
  await page.evaluate(async (servers) => {
    await chrome.storage.local.set({ syncServers: servers });
    // One failed archive on the Perma server, written with the raw IndexedDB API.
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('cairn');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('syncStates', 'readwrite');
        tx.objectStore('syncStates').put({
          archiveId: 'gone-archive',
          serverId: 'perma-1',
          state: 'failed',
          error: "Perma can't create this link. You've reached your usage limit.",
          updatedAt: Date.now(),
        });
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, SERVERS);
}

describe('options page: screenshots, accessibility, keyboard', () => {
  let ext: ExtensionBrowser;

  beforeAll(async () => {
    ext = await launchWithExtension();
    const page = await openPage(ext, 'options.html');
    await seed(page);
    await page.close();
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('works from the keyboard with a visible focus ring', async () => {
    const page = await openPage(ext, 'options.html', { width: 1100 });
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          text: el.textContent?.trim(),
          outline: style.outlineStyle,
          value: (el as HTMLInputElement).value,
        };
      });
    let current = await focused();
    for (let i = 0; i < 10 && current.text !== 'Add server'; i++) {
      await page.keyboard.press('Tab');
      current = await focused();
    }
    expect(current).toMatchObject({ text: 'Add server' });
    expect(current.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    // Focus moves into the form, on the chosen kind; arrow keys change it.
    expect(await focused()).toMatchObject({ value: 'perma' });
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatchObject({ value: 'archivebox' });
    await page.keyboard.press('Tab');
    await page.keyboard.type('https://archive.example.org');
    expect(await page.getByLabel('Server address').inputValue()).toBe(
      'https://archive.example.org',
    );
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`server list and form, ${scheme}`, async () => {
      const page = await openPage(ext, 'options.html', { colorScheme: scheme, width: 1100 });
      await page.getByRole('heading', { name: 'Home ArchiveBox' }).waitFor();
      await page.getByText('usage limit').waitFor();
      await shoot(page, `options-servers-${scheme}`);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Add server' }).click();
      await page.getByRole('radio', { name: 'ArchiveBox' }).check();
      await page.getByLabel('Server address').fill('http://archive.example.org');
      await page.getByRole('radio', { name: 'Sign in with user name and password' }).check();
      await page.getByLabel('User name', { exact: true }).fill('admin');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Confirm the plain-HTTP warning above').waitFor();
      await page.getByText('Enter both the user name and the password.').waitFor();
      await shoot(page, `options-form-${scheme}`);
      expect(await axeViolations(page)).toEqual([]);

      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.close();
    });
  }
});
