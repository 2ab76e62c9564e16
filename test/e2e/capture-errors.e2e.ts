import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import {
  listArchives,
  saveWarc,
  sendCairn,
  setCaptureSettings,
  waitForArchive,
  waitForEnd,
} from './support/extension-state';
import { HANGING_DOCUMENT_PREFIX, type FixtureSite } from '../fixtures/site/server.js';
import { readWarcRecords, warcioCheck } from '../support/warcio-check.js';

// What goes wrong: each case gets a specific message, keeps what was recorded and leaves the
// extension able to capture the next page.

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;
let out: string;

useCaptureSuite('errors', (suite) => {
  ({ ext, site, state, out } = suite);
});

/** Opens `url` in a new tab and returns the tab's id. */
async function tabShowing(url: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  // 'commit': some of these pages never finish loading.
  await page.goto(url, { waitUntil: 'commit' }).catch(() => undefined);
  // The tab's url can lag the page's commit by a moment (seen in CI for chrome:// pages), so
  // look for it until it shows.
  const worker = await ext.worker();
  const deadline = Date.now() + 5000;
  for (;;) {
    const tabId = await worker.evaluate(
      async (u) => (await chrome.tabs.query({})).find((t) => (t.url ?? t.pendingUrl) === u)?.id,
      url,
    );
    if (tabId !== undefined) return { page, tabId };
    if (Date.now() > deadline) throw new Error(`no tab shows ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Asks the background to capture a tab, as the popup does. */
function captureTab(tabId: number) {
  return sendCairn<{ archiveId: string }>(state, 'captureTab', { tabId, trigger: 'action' });
}

describe('pages that cannot be captured get a specific message', () => {
  it.each([
    ['chrome://version/', 'browser-page', /browser's own pages/],
    ['about:blank', 'blank-page', /no web page loaded/],
  ])('%s', async (url, code, message) => {
    const { tabId, page } = await tabShowing(url);
    const reply = await captureTab(tabId);
    expect(reply).toMatchObject({ ok: false, error: { code } });
    if (!reply.ok) expect(reply.error.message).toMatch(message);
    await page.close();
  });

  it('view-source:, another extension and the Web Store (URL box)', async () => {
    const cases: Array<[string, string]> = [
      [`view-source:${site.origin}/simple.html`, 'view-source'],
      ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/page.html', 'extension-page'],
      ['https://chromewebstore.google.com/detail/some-extension/abc', 'web-store'],
    ];
    for (const [url, code] of cases) {
      const reply = await sendCairn(state, 'captureUrl', { url, trigger: 'url-box' });
      expect(reply, url).toMatchObject({ ok: false, error: { code } });
    }
    // Refused before anything was stored or opened.
    expect(await listArchives(state)).toEqual([]);
  });

  it("Cairn's own pages are named as Cairn's, not another extension's", async () => {
    const url = `chrome-extension://${ext.extensionId}/library.html`;
    const reply = await sendCairn(state, 'captureUrl', { url, trigger: 'url-box' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'own-page' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/one of Cairn's own pages/);
  });

  it('the popup says calmly why a browser page has nothing to archive, without an error box', async () => {
    const { tabId } = await tabShowing('chrome://version/');
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    const notice = popup.getByRole('status').filter({ hasText: 'Nothing to archive on this tab' });
    await expect.poll(() => notice.innerText()).toMatch(/browser's own pages/);
    expect(await popup.getByRole('alert').count()).toBe(0);
    await popup.close();
  });

  it('a tab that DevTools is debugging is still archived: Cairn records a capture tab of its own', async () => {
    const url = `${site.origin}/simple.html?debugged`;
    const { tabId } = await tabShowing(url);
    const worker = await ext.worker();
    await worker.evaluate((id) => chrome.debugger.attach({ tabId: id }, '1.3'), tabId);
    try {
      const reply = await captureTab(tabId);
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      if (!reply.ok) return;
      const archive = await waitForEnd(state, reply.result.archiveId);
      expect(archive.status, archive.reason).toBe('complete');
      expect(archive.url).toBe(url);
    } finally {
      await worker.evaluate((id) => chrome.debugger.detach({ tabId: id }), tabId);
    }
  });
});

/**
 * Captures `url` under a 4 s time limit (the URL box's path) and returns the ended archive
 * with its WARC's records, checked by warcio.
 */
async function captureWithTimeLimit(url: string, file: string) {
  await setCaptureSettings(state, { maxDurationSec: 4 });
  try {
    const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
      url,
      trigger: 'url-box',
    });
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    const archive = await waitForEnd(state, reply.result.archiveId, 60_000);
    const warc = path.join(out, file);
    await saveWarc(state, archive.id, warc);
    expect((await warcioCheck(warc)).ok).toBe(true);
    return { archive, records: await readWarcRecords(warc) };
  } finally {
    await setCaptureSettings(state, { maxDurationSec: 60 });
  }
}

describe('captures that end early keep what arrived', () => {
  it('a page that never stops loading ends at the time limit as partial, with what arrived', async () => {
    const url = `${site.origin}/slow-forever.html`;
    const { archive, records } = await captureWithTimeLimit(url, 'slow.warc.gz');
    expect(archive.status).toBe('partial');
    expect(archive.reasonCode).toBe('max-duration');
    expect(archive.reason).toMatch(/^Partial: the time limit of 4 s was reached/);
    expect(records.some((r) => r.type === 'response' && r.targetUri === url)).toBe(true);
  });

  it('a document that never ends is kept as far as it arrived, marked truncated, with a screenshot', async () => {
    const url = `${site.origin}/hang/document.html`;
    const { archive, records } = await captureWithTimeLimit(url, 'hanging-document.warc.gz');
    expect(archive.status, archive.reason).toBe('partial');
    expect(archive.responseCount).toBeGreaterThan(0);
    const doc = records.find((r) => r.type === 'response' && r.targetUri === url);
    expect(doc, 'the partly received document').toBeTruthy();
    expect(doc!.truncated).toBeTruthy();
    expect(doc!.payloadLength).toBe(Buffer.byteLength(HANGING_DOCUMENT_PREFIX));
    expect(
      records.some((r) => r.type === 'resource' && r.targetUri?.startsWith('urn:view:')),
      'a screenshot of what was shown',
    ).toBe(true);
  });

  it('closing the capture tab mid-capture keeps the archive as partial, with why', async () => {
    const { tabId } = await tabShowing(`${site.origin}/slow-forever.html?close`);
    const reply = await captureTab(tabId);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const running = await waitForArchive(
      state,
      (a) => a.id === reply.result.archiveId && a.responseCount > 0,
      { what: 'the first stored response' },
    );
    // The capture runs in a tab of its own, not in the user's tab.
    const captureTabId = running.capture!.tabId;
    expect(captureTabId).not.toBe(tabId);
    const worker = await ext.worker();
    await worker.evaluate((id) => chrome.tabs.remove(id), captureTabId);
    const archive = await waitForEnd(state, reply.result.archiveId, 30_000);
    expect(archive.status).toBe('partial');
    expect(archive.reasonCode).toBe('tab-closed');
    expect(archive.reason).toMatch(/closed/i);
    expect(archive.responseCount).toBeGreaterThan(0);
  });

  it('a PDF shown in the built-in viewer is stored byte for byte', async () => {
    const url = `${site.origin}/pdf/sample.pdf`;
    const { tabId } = await tabShowing(url);
    const reply = await captureTab(tabId);
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    if (!reply.ok) return;
    const archive = await waitForEnd(state, reply.result.archiveId, 60_000);
    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.reasonCode).toBe('pdf-viewer');
    const file = path.join(out, 'pdf.warc.gz');
    await saveWarc(state, archive.id, file);
    const pdf = (await readWarcRecords(file)).find(
      (r) => r.type === 'response' && r.targetUri === url,
    );
    expect(pdf?.payloadSha256).toBe(await site.expectedSha256(url));
  });

  it('the extension still captures normally afterwards', async () => {
    const url = `${site.origin}/simple.html?after-errors`;
    const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
      url,
      trigger: 'url-box',
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect((await waitForEnd(state, reply.result.archiveId)).status).toBe('complete');
  });
});
