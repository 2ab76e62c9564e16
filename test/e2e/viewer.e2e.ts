import { describe, expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import { listArchives, sendCairn, waitForEnd } from './support/extension-state';
import { runAxe, serious } from './support/library-axe';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';

// Cairn's viewer replays an archive offline, from its own records, in a frame of an origin of
// its own that can reach neither Cairn nor the network.

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;

useCaptureSuite('viewer', (suite) => {
  ({ ext, site, state } = suite);
});

/** Archives `url` through the URL box's path and waits for the capture to end. */
async function archive(url: string) {
  const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
    url,
    trigger: 'url-box',
  });
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  const ended = await waitForEnd(state, reply.result.archiveId);
  expect(ended.status, ended.reason).toBe('complete');
  return ended;
}

/** Opens the viewer on an archive. */
async function openViewer(archiveId: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/viewer.html?archive=${archiveId}`);
  return page;
}

function replayFrame(viewer: Page): FrameLocator {
  return viewer.frameLocator('iframe.replay-frame');
}

/**
 * /simple.html, replayed whole: its heading, its image and its stylesheet all came from the
 * archive (a blank, imageless or unstyled replay fails).
 */
async function expectSimplePage(frame: FrameLocator) {
  await expect.poll(() => frame.locator('h1').innerText()).toBe('Simple page');
  await expect
    .poll(() => frame.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(120);
  expect(await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
    'rgb(232, 241, 242)',
  );
}

describe('the viewer', () => {
  it('shows an archived page with its stylesheet and image, named by the banner', async () => {
    const url = `${site.origin}/simple.html`;
    const archived = await archive(url);
    const viewer = await openViewer(archived.id);
    await expectSimplePage(replayFrame(viewer));
    const banner = viewer.locator('.viewer-banner');
    await expect.poll(() => banner.locator('h1').innerText()).toBe('Cairn fixture: simple');
    expect(await banner.innerText()).toContain(`Archived copy of ${url}`);
    const live = banner.getByRole('link', { name: /Live site/ });
    expect(await live.getAttribute('href')).toBe(url);
    expect(await viewer.title()).toContain('Cairn fixture: simple');
    await viewer.close();
  });

  it('a hostile archived page reaches neither Cairn nor the network', async () => {
    const archived = await archive(`${site.origin}/hostile.html`);
    const logBefore = site.log.length;
    const viewer = await openViewer(archived.id);
    const viewerUrl = viewer.url();
    const frame = replayFrame(viewer);
    await frame.locator('html[data-hostile="done"]').waitFor({ timeout: 60_000 });
    const attempts = Object.fromEntries(
      await frame
        .locator('#attempts li')
        .evaluateAll((items) =>
          items.map((li) => [
            (li as HTMLElement).dataset.attempt!,
            li.textContent!.slice(li.textContent!.indexOf(': ') + 2),
          ]),
        ),
    );
    // Each attempt is listed, so a page that stopped early cannot pass.
    expect(Object.keys(attempts)).toHaveLength(15);
    for (const name of [
      'storage',
      'storage-in-fresh-frame',
      'message',
      'message-in-fresh-frame',
      'databases',
      'script-parent',
      'open-cairn-page',
      'fetch-cairn-page',
      'fetch-live',
      'fetch-live-from-fresh-frame',
      'websocket',
      'image',
      'service-worker',
    ]) {
      expect(attempts[name], name).toMatch(/^refused/);
    }
    // Nothing reached the fixture server while the page was replayed, beacons included, and
    // the page could not navigate the viewer away.
    await viewer.waitForTimeout(500);
    expect(site.log.slice(logBefore).map((e) => e.url)).toEqual([]);
    expect(viewer.url()).toBe(viewerUrl);
    // No archive was started by the page's messages.
    expect((await listArchives(state)).some((a) => a.url === 'https://example.com/')).toBe(false);
    await viewer.close();
  });

  it('replays with the site gone: nothing is fetched from the live web', async () => {
    const gone = await startFixtureSite();
    const url = `${gone.origin}/simple.html`;
    const archived = await archive(url);
    await gone.close();
    const viewer = await openViewer(archived.id);
    await expectSimplePage(replayFrame(viewer));
    await viewer.close();
  });

  it('a link to a page that was not archived says so, with the live site as a choice', async () => {
    const archived = await archive(`${site.origin}/simple.html?links`);
    const viewer = await openViewer(archived.id);
    const frame = replayFrame(viewer);
    await frame.locator('h1').waitFor();
    const logBefore = site.log.length;
    await frame.locator('body').evaluate((body, href) => {
      const a = document.createElement('a');
      a.href = href;
      a.id = 'elsewhere';
      a.textContent = 'elsewhere';
      body.append(a);
    }, `${site.origin}/never-archived.html`);
    await frame.locator('#elsewhere').click();
    await expect.poll(() => frame.locator('h1').innerText()).toBe('Not archived');
    const live = frame.getByRole('link', { name: 'Open the live site in a new tab' });
    expect(await live.getAttribute('href')).toBe(`${site.origin}/never-archived.html`);
    expect(site.log.slice(logBefore)).toEqual([]);
    await viewer.close();
  });

  it('the timeline switches between two captures of one address in place', async () => {
    const url = `${site.origin}/cookies`;
    await ext.context.addCookies([{ name: 'version', value: 'first', url: site.origin }]);
    const first = await archive(url);
    await ext.context.addCookies([{ name: 'version', value: 'second', url: site.origin }]);
    const second = await archive(url);
    await ext.context.clearCookies();
    const viewer = await openViewer(second.id);
    const frame = replayFrame(viewer);
    await expect.poll(() => frame.locator('body').innerText()).toContain('version=second');
    await viewer.getByRole('button', { name: 'Captures of this address (2)' }).click();
    const timeline = viewer.getByRole('region', { name: '2 captures of this URL' });
    const entries = timeline.getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(2);
    // Newest first; the one on show is marked, the other opens in its place.
    expect(await entries.nth(0).innerText()).toContain('(this capture)');
    await entries.nth(1).getByRole('button').click();
    await expect.poll(() => frame.locator('body').innerText()).toContain('version=first');
    expect(new URL(viewer.url()).searchParams.get('archive')).toBe(first.id);
    await expect
      .poll(() => viewer.locator('.viewer-facts time').getAttribute('datetime'))
      .toBe(new Date(first.createdAt).toISOString());
    await viewer.close();
  });

  it("an archive's title in the library opens it in the viewer", async () => {
    const archived = await archive(`${site.origin}/simple.html?from-library`);
    const library = await ext.context.newPage();
    await library.goto(`chrome-extension://${ext.extensionId}/library.html`);
    const row = library.locator(`[data-archive-id="${archived.id}"]`);
    const [viewer] = await Promise.all([
      ext.context.waitForEvent('page'),
      row.getByRole('link', { name: archived.title }).click(),
    ]);
    await expect.poll(() => new URL(viewer.url()).searchParams.get('archive')).toBe(archived.id);
    await expect.poll(() => replayFrame(viewer).locator('h1').innerText()).toBe('Simple page');
    await viewer.close();
    await library.close();
  });

  it('a link to a page archived on its own opens that archive, and the banner follows', async () => {
    const target = await archive(`${site.origin}/simple.html?target`);
    const from = await archive(`${site.origin}/form.html`);
    const viewer = await openViewer(from.id);
    const frame = replayFrame(viewer);
    await frame.locator('form').waitFor();
    await frame.locator('body').evaluate((body, href) => {
      const a = document.createElement('a');
      a.href = href;
      a.id = 'to-target';
      a.textContent = 'to the simple page';
      body.append(a);
    }, target.url);
    await frame.locator('#to-target').click();
    await expect.poll(() => frame.locator('h1').innerText()).toBe('Simple page');
    await expect.poll(() => new URL(viewer.url()).searchParams.get('archive')).toBe(target.id);
    await expect
      .poll(() => viewer.locator('.viewer-banner h1').innerText())
      .toBe('Cairn fixture: simple');
    await viewer.close();
  });

  it('the banner and timeline are keyboard-usable and pass axe', async () => {
    // Two captures of one address, so the timeline is there.
    await archive(`${site.origin}/simple.html?keyboard`);
    const archived = await archive(`${site.origin}/simple.html?keyboard`);
    const viewer = await openViewer(archived.id);
    await expectSimplePage(replayFrame(viewer));
    // The archived page is the frame's content, audited by its own authors; the banner is ours.
    for (const pane of ['Archived page', 'Screenshot', 'Text', /Captured URLs/, /Captures of/]) {
      const tab = viewer.getByRole('button', { name: pane });
      await tab.focus();
      await viewer.keyboard.press('Enter');
      await expect.poll(() => tab.getAttribute('aria-pressed')).toBe('true');
      // Audit what the user sees: the pane's content, not its "Loading…".
      await expect.poll(() => viewer.locator('.viewer-main').innerText()).not.toContain('Loading');
      if (pane === 'Screenshot') {
        await expect
          .poll(() =>
            viewer
              .locator('.viewer-screenshot img')
              .evaluate((i: HTMLImageElement) => i.naturalWidth),
          )
          .toBeGreaterThan(0);
      }
      const violations = serious(await runAxe(viewer, ['iframe.replay-frame']));
      expect(violations, `axe on the ${String(pane)} pane`).toEqual([]);
    }
    // The timeline is reached and used with the keyboard alone.
    const older = viewer
      .getByRole('region', { name: /captures of this URL/ })
      .getByRole('button')
      .first();
    await older.focus();
    await viewer.keyboard.press('Enter');
    await expect
      .poll(() =>
        viewer.getByRole('button', { name: 'Archived page' }).getAttribute('aria-pressed'),
      )
      .toBe('true');
    await viewer.close();
  });
});
