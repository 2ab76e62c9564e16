import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import { sendCairn, waitForEnd } from './support/extension-state';
import type { FixtureSite } from '../fixtures/site/server.js';

// Cairn's viewer replays an archive offline, from its own records, in a frame of its own
// origin.

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;
let out: string;

useCaptureSuite('viewer', (suite) => {
  ({ ext, site, state, out } = suite);
});

/** Archives `url` through the URL box's path and waits for the capture to end. */
async function archive(url: string) {
  const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
    url,
    trigger: 'url-box',
  });
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return waitForEnd(state, reply.result.archiveId);
}

/** Opens the viewer on an archive and waits for the replay frame's page to be there. */
async function openViewer(archiveId: string): Promise<Page> {
  const page = await ext.context.newPage();
  page.on('console', (m) => console.log('CONSOLE', m.text().slice(0, 300)));
  await page.goto(`chrome-extension://${ext.extensionId}/viewer.html?archive=${archiveId}`);
  return page;
}

describe('the viewer', () => {
  it('replays a captured page offline', async () => {
    const url = `${site.origin}/simple.html`;
    const archived = await archive(url);
    expect(archived.status, archived.reason).toBe('complete');
    const viewer = await openViewer(archived.id);
    const frame = viewer.frameLocator('iframe.replay-frame');
    await frame.locator('body').waitFor();
    await viewer.waitForTimeout(2000);
    await viewer.screenshot({ path: `${out}/../viewer-simple.png` });
    console.log(await frame.locator('body').innerText());
    const f = viewer.frames().find((x) => x.url().includes('replay.cairn.invalid'));
    console.log(f?.url());
    console.log(
      await f?.evaluate(() =>
        JSON.stringify({
          imgs: [...document.images].map((i) => [i.src, i.naturalWidth]),
          bg: getComputedStyle(document.body).backgroundColor,
          ent: performance
            .getEntriesByType('resource')
            .map((e) => e.name + ' ' + (e as PerformanceResourceTiming).responseStatus),
        }),
      ),
    );
  });
});
