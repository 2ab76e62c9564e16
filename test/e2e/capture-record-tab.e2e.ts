import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ArchiveRow } from '../../lib/db/entities';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import {
  callWorker,
  listRecords,
  notificationsOf,
  recordNotifications,
  saveWarc,
  stopServiceWorker,
  waitForArchive,
  waitForEnd,
} from './support/extension-state';
import { shoot } from './support/library-helpers';
import { readWarcRecords, warcioCheck, type WarcRecordSummary } from '../support/warcio-check.js';
import { openReplay, startReplayServer } from '../support/replay.js';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROME_PATH } from './support/browser';
import type { FixtureSite } from '../fixtures/site/server.js';

// "Record this tab": the user's own tab recorded page after page while they use it.

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;
let out: string;

useCaptureSuite('record-tab', (suite) => {
  ({ ext, site, state, out } = suite);
});

/** Opens `path` in a tab of its own and the popup for that tab; waits for its one-click copy. */
async function openWithPopup(file: string): Promise<{ page: Page; popup: Page; tabId: number }> {
  const url = `${site.origin}${file}`;
  const page = await ext.context.newPage();
  await page.goto(url);
  const tabId = await ext.tabIdOf(url);
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
  // Opening the popup archives the page in a capture tab of its own; let that one finish so
  // the server's log after it holds only what the recorded tab loads.
  await popup.locator('.capture-card[data-status="complete"]').waitFor({ timeout: 60_000 });
  return { page, popup, tabId };
}

/**
 * Opens /session.html?<query>, starts "Record from now on" from the popup, and follows the
 * page's link to /session-next.html in the recorded tab.
 */
async function recordingOnNextPage(query: string) {
  const { page, popup, tabId } = await openWithPopup(`/session.html?${query}`);
  await popup.getByRole('button', { name: 'Record this tab' }).click();
  await popup.getByRole('button', { name: 'Record from now on' }).click();
  const recording = await waitForArchive(state, recordingOf(tabId), { what: 'the recording' });
  await page.bringToFront();
  await page.locator('#next').click();
  await page.waitForURL('**/session-next.html');
  return { page, popup, recording };
}

function recordingOf(tabId: number) {
  return (a: ArchiveRow) => a.trigger === 'record' && a.capture?.tabId === tabId;
}

function responsesOf(records: WarcRecordSummary[], url: string): WarcRecordSummary[] {
  return records.filter(
    (r) => (r.type === 'response' || r.type === 'revisit') && r.targetUri === url,
  );
}

describe('record this tab', () => {
  it('records a session from the popup: reload first, a fetch, two links and a POST, each page taken', async () => {
    const { page, popup, tabId } = await openWithPopup('/session.html');
    await popup.getByRole('button', { name: 'Record this tab' }).click();
    await shoot(popup, 'record-tab-choice');
    const logStart = site.log.length;
    await popup.getByRole('button', { name: 'Reload first to include this page' }).click();
    const started = await waitForArchive(
      state,
      (a) => recordingOf(tabId)(a) && (a.pages?.length ?? 0) >= 1,
      { what: 'the recording with its first page' },
    );
    expect(started.status).toBe('capturing');
    // The popup shows the recording; the person goes back to their tab and uses it.
    await popup.locator('.recording-hint').waitFor();
    await page.bringToFront();
    await page.locator('#more').click();
    await page.locator('#items li').first().waitFor();
    // A person reads what loaded before moving on.
    await page.waitForTimeout(2_500);
    await page.locator('#next').click();
    await page.waitForURL('**/session-next.html');
    await page.locator('#to-form').click();
    await page.waitForURL('**/form.html');
    await page.locator('#submit').click();
    await page.waitForURL('**/submit');
    await page.locator('#sha256').waitFor();
    const pagesSoFar = await waitForArchive(
      state,
      (a) => a.id === started.id && (a.pages?.length ?? 0) === 4,
      { what: 'four pages in the recording' },
    );
    expect(pagesSoFar.status).toBe('capturing');
    await popup.bringToFront();
    await popup.locator('.recording-pages li').nth(3).waitFor();
    await shoot(popup, 'record-tab-running');
    await popup.getByRole('button', { name: 'Stop recording' }).click();
    const done = await waitForEnd(state, started.id);

    expect(done).toMatchObject({ status: 'complete', trigger: 'record' });
    expect(done.pages!.map((p) => p.url)).toEqual([
      `${site.origin}/session.html`,
      `${site.origin}/session-next.html`,
      `${site.origin}/form.html`,
      `${site.origin}/submit`,
    ]);
    expect(done.pages!.map((p) => p.title)).toEqual([
      'Cairn fixture: a session, first page',
      'Cairn fixture: a session, next page',
      'Cairn fixture: POST form',
      'Cairn fixture: form received',
    ]);
    expect(done.title).toBe('Cairn fixture: a session, first page');
    await popup.locator('.capture-card[data-status="complete"] .recording-pages').waitFor();
    await shoot(popup, 'record-tab-done');
    // The tab is still open and the user's.
    expect(page.isClosed()).toBe(false);
    await expect(page.locator('h1').textContent()).resolves.toBe('Form received');

    const warcPath = path.join(out, 'session.warc.gz');
    await saveWarc(state, done.id, warcPath);
    const check = await warcioCheck(warcPath);
    expect(check.ok, check.output).toBe(true);
    const records = await readWarcRecords(warcPath);
    // Every response the tab loaded while recorded is in the archive, byte for byte.
    const mismatches: string[] = [];
    const checked: string[] = [];
    for (const entry of site.log.slice(logStart)) {
      if (new URL(entry.url).pathname === '/favicon.ico') continue;
      if (!entry.complete || entry.bodySha256 === undefined) continue;
      const match = responsesOf(records, entry.url).some(
        (r) =>
          r.status === entry.status &&
          (r.type === 'response'
            ? r.payloadSha256
            : (r.headers['WARC-Payload-Digest'] ?? '').replace(/^sha256:/, '')) ===
            entry.bodySha256,
      );
      if (!match) mismatches.push(`${entry.method} ${entry.url} ${entry.status}`);
      checked.push(entry.url);
    }
    expect(mismatches).toEqual([]);
    expect(checked).toEqual(
      expect.arrayContaining([
        `${site.origin}/session.html`,
        `${site.origin}/api/more?n=0`,
        `${site.origin}/session-next.html`,
        `${site.origin}/form.html`,
        `${site.origin}/submit`,
      ]),
    );
    // The POST went in with its body.
    const post = records.find(
      (r) => r.type === 'request' && r.targetUri === `${site.origin}/submit`,
    );
    expect(post?.payloadLength).toBeGreaterThan(20);
    // Each page's text and the screenshot of what the user saw as they left it.
    const resources = (kind: string) =>
      records.filter((r) => r.type === 'resource' && r.targetUri?.startsWith(`urn:${kind}:`));
    expect(resources('text').map((r) => r.targetUri)).toEqual(
      done.pages!.map((p) => `urn:text:${p.url}`),
    );
    expect(resources('view').map((r) => r.targetUri)).toEqual(
      done.pages!.map((p) => `urn:view:${p.url}`),
    );
    const stored = await listRecords(state, done.id);
    expect(stored.filter((r) => r.warcType === 'metadata')).toHaveLength(1);
    await page.close();
    await popup.close();

    // ReplayWeb.page replays the pages, and the click's content comes from the archive.
    const replay = await startReplayServer({ warcPath });
    const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
    try {
      const context = await browser.newContext();
      const size = { width: 1000, height: 700 };
      const first = await openReplay(context, replay, `${site.origin}/session.html`, {
        ...size,
        title: 'Cairn fixture: a session, first page',
      });
      await first.frame.locator('#more').click();
      await expect(first.frame.locator('#items li').first().textContent()).resolves.toBe(
        'Loaded item 1',
      );
      const next = await openReplay(context, replay, `${site.origin}/session-next.html`, {
        ...size,
        title: 'Cairn fixture: a session, next page',
      });
      await expect(next.frame.locator('h1').textContent()).resolves.toBe('A session, next page');
    } finally {
      await browser.close();
      await replay.close();
    }
  });

  it('asks before "Reload first" loses typed input; "Record from now on" leaves the tab as it is', async () => {
    const { page, popup, tabId } = await openWithPopup('/user-state.html?record=now');
    await page.locator('#draft').fill('A draft the user is still writing');
    const before = await page.evaluate(() => ({
      instance: (window as unknown as { pageInstance: string }).pageInstance,
      historyLength: history.length,
    }));
    const url = `${site.origin}/user-state.html?record=now`;
    const loads = () => site.log.filter((e) => e.url === url).length;
    const loadsBefore = loads();

    await popup.getByRole('button', { name: 'Record this tab' }).click();
    await popup.getByRole('button', { name: 'Reload first to include this page' }).click();
    await expect(popup.getByRole('alert').textContent()).resolves.toContain(
      'Reloading it would lose them',
    );
    expect(loads()).toBe(loadsBefore);
    await popup.getByRole('button', { name: 'Record from now on' }).click();
    const recording = await waitForArchive(state, recordingOf(tabId), { what: 'the recording' });

    await page.bringToFront();
    await page.locator('#more').click();
    await page.locator('#items li').first().waitFor();
    expect(
      await page.evaluate(() => ({
        draft: (document.getElementById('draft') as HTMLTextAreaElement).value,
        instance: (window as unknown as { pageInstance: string }).pageInstance,
        historyLength: history.length,
      })),
    ).toEqual({ draft: 'A draft the user is still writing', ...before });
    expect(loads()).toBe(loadsBefore);

    await popup.bringToFront();
    await popup.getByRole('button', { name: 'Stop recording' }).click();
    const done = await waitForEnd(state, recording.id);
    expect(done.status).toBe('complete');
    expect(done.pages!.map((p) => p.url)).toEqual([url]);
    const stored = await listRecords(state, done.id);
    expect(stored.some((r) => r.url === `${site.origin}/api/more?n=0`)).toBe(true);
    expect(stored.some((r) => r.warcType === 'response' && r.url === url)).toBe(false);
    // The user's text is still there, and nothing asked "Leave site?".
    expect(await page.locator('#draft').inputValue()).toBe('A draft the user is still writing');
    await page.close();
    await popup.close();
  });

  it('offers a tab the recorded tab opens, records it into the same archive when the user agrees, and remembers', async () => {
    await recordNotifications(ext);
    const { page, popup, recording } = await recordingOnNextPage('opened=1');
    const [opened] = await Promise.all([
      ext.context.waitForEvent('page'),
      page.locator('#new-tab').click(),
    ]);
    const openedUrl = `${site.origin}/simple.html?opened=new-tab`;
    let question: Awaited<ReturnType<typeof notificationsOf>>[number] | undefined;
    for (let i = 0; i < 100 && !question; i++) {
      question = (await notificationsOf(ext)).find((n) => n.title === 'Record the new tab too?');
      if (!question) await new Promise((r) => setTimeout(r, 100));
    }
    expect(question?.message).toContain(openedUrl);
    expect(question?.buttons?.map((b) => b.title)).toEqual(['Record it too', 'Leave it']);
    await callWorker(ext, 'handleOpenedTabChoice', question!.id, 0);
    const withOpened = await waitForArchive(
      state,
      (a) => a.id === recording.id && (a.pages ?? []).some((p) => p.url === openedUrl),
      { what: 'the opened tab among the pages' },
    );
    expect(withOpened.status).toBe('capturing');
    await opened.locator('h1').waitFor();

    await popup.bringToFront();
    await popup.getByRole('button', { name: 'Stop recording' }).click();
    const done = await waitForEnd(state, recording.id);
    expect(done.status).toBe('complete');
    expect(done.pages!.map((p) => p.url)).toEqual([
      `${site.origin}/session.html?opened=1`,
      `${site.origin}/session-next.html`,
      openedUrl,
    ]);
    const stored = await listRecords(state, done.id);
    expect(stored.some((r) => r.warcType === 'response' && r.url === openedUrl)).toBe(true);
    // The answer is kept: the next opened tab is recorded without a question.
    const settings = await state.evaluate(
      async () => (await chrome.storage.local.get('captureSettings')).captureSettings,
    );
    expect(settings).toMatchObject({ openedTabs: 'record' });
    expect(opened.isClosed()).toBe(false);
    await opened.close();
    await page.close();
    await popup.close();
  });

  it('ends cleanly when the user closes the recorded tab, keeping every page', async () => {
    const { page, popup, recording } = await recordingOnNextPage('close=1');
    await waitForArchive(state, (a) => a.id === recording.id && a.pages?.length === 2, {
      what: 'two pages',
    });
    await page.close();
    const done = await waitForEnd(state, recording.id);
    expect(done).toMatchObject({ status: 'complete', reasonCode: 'tab-closed' });
    expect(done.reason).toContain('2 pages');
    const stored = await listRecords(state, done.id);
    expect(
      stored.some((r) => r.warcType === 'response' && r.url === `${site.origin}/session-next.html`),
    ).toBe(true);
    await popup.close();
  });

  it('ends in a clear state when Chrome stops the service worker mid-recording', async () => {
    const { page, popup, recording } = await recordingOnNextPage('worker=1');
    const withPage = await waitForArchive(
      state,
      (a) => a.id === recording.id && a.pages?.length === 2 && a.responseCount > 0,
      { what: 'the second page stored' },
    );
    await popup.close();
    await stopServiceWorker(ext, state);
    const done = await waitForEnd(state, recording.id);
    expect(done).toMatchObject({ status: 'partial', reasonCode: 'worker-restarted' });
    // Nothing stored before the stop is lost, and the tab is the user's and still open.
    expect(done.responseCount).toBeGreaterThanOrEqual(withPage.responseCount);
    expect(done.pages?.length).toBe(2);
    expect(page.isClosed()).toBe(false);
    await expect(page.locator('h1').textContent()).resolves.toBe('A session, next page');
    await page.close();
  });
});
