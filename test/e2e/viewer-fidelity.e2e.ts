import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import { sendCairn, waitForEnd, writeArtifact } from './support/extension-state';
import { compareScreenshots } from '../support/replay.js';
import type { FixtureSite } from '../fixtures/site/server.js';

// Every page of the fixture site, captured and opened in Cairn's viewer, looks and reads as it
// did live: the same text in every frame, and the same pixels after the same scrolling. A blank
// or half-loaded replay cannot pass: each screenshot is also compared with a blank page.

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;
let out: string;

useCaptureSuite('viewer-fidelity', (suite) => {
  ({ ext, site, state, out } = suite);
});

const PAGES: { path: string; ready?: string; scrollTo?: number }[] = [
  { path: '/simple.html' },
  // The index: cross-origin frame, web font, srcset, lazy images, CSS images, fetch, XHR, a
  // POST, a 500, a redirect chain, workers; its checks write each outcome into the page.
  { path: '/', ready: 'html[data-fixture="ready"]', scrollTo: 4200 },
  { path: '/form.html' },
  { path: '/legacy-latin1.html' },
  // An audio player that reads its file by byte ranges.
  { path: '/media.html', ready: 'html[data-fixture="ready"]' },
  // Scrolled to its end (Infinity): the page's last line, below a 3000 px spacer.
  { path: '/user-state.html', scrollTo: Infinity },
];

/** Text of every frame of a page, main frame first, the rest sorted. */
async function frameTexts(frames: Frame[]): Promise<string[]> {
  const texts: string[] = [];
  for (const frame of frames) {
    const text = await frame
      .locator('body')
      .innerText({ timeout: 5000 })
      .catch(() => '');
    texts.push(text.replace(/\s+/g, ' ').trim());
  }
  return [texts[0]!, ...texts.slice(1).sort()];
}

/** The replay frame and the frames inside it. */
function replayFrames(viewer: Page): Frame[] {
  const top = viewer.frames().find((f) => f.url().startsWith('https://replay.cairn.invalid/'));
  if (!top) return [];
  const all: Frame[] = [];
  const walk = (f: Frame) => {
    all.push(f);
    f.childFrames().forEach(walk);
  };
  walk(top);
  return all;
}

async function scrollTo(frame: Frame, y: number) {
  await frame.evaluate(
    (top) => window.scrollTo(0, top ?? document.documentElement.scrollHeight),
    Number.isFinite(y) ? y : null,
  );
  await frame.waitForTimeout(800);
}

describe('replay in the viewer matches the live page', () => {
  for (const { path, ready, scrollTo: scrollY } of PAGES) {
    it(path, async () => {
      const url = `${site.origin}${path}`;
      const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
        url,
        trigger: 'url-box',
      });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      const archived = await waitForEnd(state, reply.result.archiveId);
      expect(archived.status, archived.reason).toBe('complete');

      const viewer = await ext.context.newPage();
      await viewer.setViewportSize({ width: 1200, height: 900 });
      await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html?archive=${archived.id}`);
      const frameElement = viewer.locator('iframe.replay-frame');
      await expect.poll(() => replayFrames(viewer).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const replayTop = replayFrames(viewer)[0]!;
      await replayTop.locator(ready ?? 'body').waitFor({ state: 'attached', timeout: 60_000 });
      // The frame starts on a whole pixel, as the live page's viewport does: a banner of a
      // fractional height would shift every row of the replay by a fraction of a pixel.
      await viewer
        .locator('.viewer-banner')
        .evaluate((b) => (b.style.height = `${Math.ceil(b.getBoundingClientRect().height)}px`));
      const box = (await frameElement.boundingBox())!;
      const size = { width: Math.round(box.width), height: Math.round(box.height) };

      const live = await ext.context.newPage();
      await live.setViewportSize(size);
      await live.goto(url);
      await live.locator(ready ?? 'body').waitFor({ state: 'attached', timeout: 60_000 });
      const blank = await ext.context.newPage();
      await blank.setViewportSize(size);
      await blank.goto('about:blank');
      const blankShot = await blank.screenshot();
      await blank.close();

      const positions = scrollY ? [0, scrollY] : [0];
      let mostFromBlank = 0;
      for (const y of positions) {
        await scrollTo(live.mainFrame(), y);
        await scrollTo(replayTop, y);
        await live.waitForTimeout(700);
        const liveShot = await live.screenshot({ animations: 'disabled', caret: 'hide' });
        const replayShot = await frameElement.screenshot({ animations: 'disabled', caret: 'hide' });
        const name = `${path.replace(/\W+/g, '_')}-${y}`;
        const replayVsLive = await compareScreenshots(liveShot, replayShot, {
          diffPath: `${out}/${name}-diff.png`,
        });
        // Exact colours here: the default tolerance takes a pale page background for white.
        const blankVsLive = await compareScreenshots(liveShot, blankShot, { threshold: 0 });
        if (replayVsLive.diffRatio > 0.01) {
          await writeArtifact(`/tmp/cairn-viewer-${name}-live.png`, liveShot);
          await writeArtifact(`/tmp/cairn-viewer-${name}-replay.png`, replayShot);
        }
        expect(replayVsLive.diffRatio, `${path} at ${y}px`).toBeLessThan(0.01);
        // The comparison could tell an empty replay apart: blank differs from live far more.
        expect(blankVsLive.diffRatio, `${path} at ${y}px, blank`).toBeGreaterThan(
          Math.max(0.0001, replayVsLive.diffRatio * 4),
        );
        mostFromBlank = Math.max(mostFromBlank, blankVsLive.diffRatio);
      }
      // Somewhere on the page there is plenty a blank replay would miss.
      expect(mostFromBlank, `${path}: differs from a blank page`).toBeGreaterThan(0.001);

      // The same text in every frame (lazy content included, after the scroll).
      expect(await frameTexts(replayFrames(viewer))).toEqual(await frameTexts(live.frames()));
      await live.close();
      await viewer.close();
    });
  }
});
