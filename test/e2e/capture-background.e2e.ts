import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { listRecords, openStatePage, sendCairn, waitForEnd } from './support/extension-state';
import { hasXvfb, startXvfb, type VirtualDisplay } from './support/xvfb';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';

// A background capture tab is as complete as a foreground one: content that loads only once
// its bottom is seen on a drawn frame (IntersectionObserver, then requestAnimationFrame) is in
// every capture, headless and in a headed browser where the capture tab is hidden.

const RUNS = 10;

/** Captures /lazy-bottom.html RUNS times in background tabs; returns the runs that missed. */
async function missedRuns(ext: ExtensionBrowser, site: FixtureSite, label: string) {
  const state: Page = await openStatePage(ext);
  // The user's own tab stays in front, as when a person clicks the toolbar button.
  const front = await ext.context.newPage();
  await front.goto(`${site.origin}/simple.html?front`);
  await front.bringToFront();
  const missed: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const url = `${site.origin}/lazy-bottom.html?${label}=${run}`;
    const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
      url,
      trigger: 'url-box',
    });
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    const archive = await waitForEnd(state, reply.result.archiveId, 90_000);
    const seen = `${site.origin}/api/seen?${label}=${run}`;
    const records = await listRecords(state, archive.id);
    if (archive.status !== 'complete' || !records.some((r) => r.url === seen)) {
      missed.push(`run ${run}: ${archive.status}, ${records.length} records`);
    }
  }
  await state.close();
  await front.close();
  return missed;
}

describe('lazy content in a background capture tab', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await startFixtureSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it(`headless: the bottom-triggered fetch is in ${RUNS} of ${RUNS} captures`, async () => {
    const ext = await launchWithExtension();
    try {
      expect(await missedRuns(ext, site, 'headless')).toEqual([]);
    } finally {
      await ext.close();
    }
  });

  const headed = hasXvfb() || process.env.CI === 'true';
  if (!headed) {
    console.warn('\n*** SKIPPED: the headed capture test needs Xvfb (apt-get install xvfb) ***\n');
  }
  it.runIf(headed)(
    `headed under Xvfb, capture tab hidden: the fetch is in ${RUNS} of ${RUNS} captures`,
    async () => {
      let display: VirtualDisplay | undefined;
      let ext: ExtensionBrowser | undefined;
      try {
        display = await startXvfb();
        ext = await launchWithExtension({ display: display.display });
        expect(await missedRuns(ext, site, 'headed')).toEqual([]);
      } finally {
        await ext?.close();
        await display?.close();
      }
    },
  );
});
