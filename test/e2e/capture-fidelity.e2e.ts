import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  launchWithExtension,
  CHROME_ARGS,
  CHROME_PATH,
  type ExtensionBrowser,
} from './support/browser';
import { openStatePage, saveWarc, waitForArchive, waitForEnd } from './support/extension-state';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import { expectedIndexUrls } from '../fixtures/site/manifest.js';
import {
  readWarcRecords,
  warcioCheck,
  warcioIndex,
  type WarcRecordSummary,
} from '../support/warcio-check.js';
import {
  compareScreenshots,
  screenshotLive,
  screenshotReplay,
  startReplayServer,
} from '../support/replay.js';

// The toolbar path end to end: the popup opened for a tab records it, the WARC it stores is
// byte-faithful to what the server sent, passes Python warcio, and replays like the live page.

let ext: ExtensionBrowser;
let site: FixtureSite;
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'cairn-e2e-fidelity-'));
  site = await startFixtureSite();
  ext = await launchWithExtension();
});

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

/** The response or revisit records of a URL. */
function responsesOf(records: WarcRecordSummary[], url: string): WarcRecordSummary[] {
  return records.filter(
    (r) => (r.type === 'response' || r.type === 'revisit') && r.targetUri === url,
  );
}

/** sha256 (hex) of a record's payload: computed for responses, declared for revisits. */
function payloadSha256(record: WarcRecordSummary): string {
  if (record.type === 'response') return record.payloadSha256;
  return (record.headers['WARC-Payload-Digest'] ?? '').replace(/^sha256:/, '');
}

describe('toolbar capture of the fixture page', () => {
  let warcPath: string;
  let records: WarcRecordSummary[];
  let liveLog: FixtureSite['log'];

  it('records the active tab from the popup, with live progress, and ends complete', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${site.origin}/`);
    await page.waitForSelector('html[data-fixture="ready"]');
    const tabId = await ext.tabIdOf(`${site.origin}/`);
    const state = await openStatePage(ext);

    // What the server sends from here on is what the recorded reload loaded.
    const logStart = site.log.length;
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    // One click is the whole gesture: the popup started a capture of that tab by opening.
    const started = await waitForArchive(state, (a) => a.url === `${site.origin}/`, {
      what: 'the capture to start',
    });
    await page.bringToFront();
    const archive = await waitForEnd(state, started.id);
    liveLog = site.log.slice(logStart);

    warcPath = path.join(out, 'index.warc.gz');
    await saveWarc(state, archive.id, warcPath);
    records = await readWarcRecords(warcPath);

    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.trigger).toBe('action');
    expect(archive.title).toBe(await page.title());
    expect(archive.responseCount).toBe(
      records.filter((r) => r.type === 'response' || r.type === 'revisit').length,
    );
    // The popup shows the result and offers the download.
    await expect
      .poll(() => popup.getByRole('button', { name: 'Download WARC' }).count())
      .toBeGreaterThan(0);
  });

  it('passes `warcio check` and `warcio index`', async () => {
    const check = await warcioCheck(warcPath);
    expect(check.ok, check.output).toBe(true);
    expect(check.records.filter((r) => r.digest === 'fail')).toEqual([]);
    const index = await warcioIndex(warcPath);
    expect(index.length).toBe(records.length);
  });

  it('holds warcinfo first, linked request/response pairs, screenshot, text and metadata', () => {
    expect(records[0]!.type).toBe('warcinfo');
    const ids = new Set(records.map((r) => r.recordId));
    for (const request of records.filter((r) => r.type === 'request')) {
      expect(request.concurrentTo.length, request.targetUri ?? '').toBeGreaterThan(0);
      for (const id of request.concurrentTo) expect(ids.has(id)).toBe(true);
    }
    const view = records.find((r) => r.type === 'resource' && r.targetUri?.startsWith('urn:view:'));
    expect(view?.headers['Content-Type']).toBe('image/png');
    expect(view!.payloadLength).toBeGreaterThan(1000);
    const text = records.find((r) => r.type === 'resource' && r.targetUri?.startsWith('urn:text:'));
    expect(text!.payloadLength).toBeGreaterThan(10);
    const metadata = records.find((r) => r.type === 'metadata');
    expect(metadata).toBeDefined();
  });

  it('stores every URL the page loads, cross-origin frame, workers and lazy images included', () => {
    const missing = expectedIndexUrls(site.origin, site.crossOrigin)
      .filter((e) => responsesOf(records, e.url).length === 0)
      .map((e) => `${e.url} (${e.note})`);
    expect(missing).toEqual([]);
    // Redirect hops each have their own record with their own status.
    expect(responsesOf(records, `${site.origin}/redirect/1`)[0]!.status).toBe(302);
    expect(responsesOf(records, `${site.origin}/redirect/2`)[0]!.status).toBe(301);
    expect(responsesOf(records, `${site.origin}/img/missing.png`)[0]!.status).toBe(404);
    expect(responsesOf(records, `${site.origin}/status/500`)[0]!.status).toBe(500);
  });

  it('keeps each payload byte-identical to what the server sent (decoded)', () => {
    const checked: string[] = [];
    const mismatches: string[] = [];
    for (const entry of liveLog) {
      // The browser fetches favicons itself, outside any page target, so no recorder sees them.
      if (new URL(entry.url).pathname === '/favicon.ico') continue;
      if (!entry.complete || entry.bodySha256 === undefined) continue;
      const stored = responsesOf(records, entry.url);
      const match = stored.some(
        (r) => payloadSha256(r) === entry.bodySha256 && r.status === entry.status,
      );
      if (!match)
        mismatches.push(
          `${entry.method} ${entry.url} ${entry.status}: ${stored.length} records, none with sha256 ${entry.bodySha256}`,
        );
      checked.push(entry.url);
    }
    expect(mismatches).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });

  it('keeps encoded responses consistent: no stale Content-Encoding or Content-Length', () => {
    for (const url of [`${site.origin}/encoded/gzip.js`, `${site.origin}/encoded/br.css`]) {
      const [record] = responsesOf(records, url);
      const headers = new Map(record!.httpHeaders.map(([k, v]) => [k.toLowerCase(), v]));
      expect(headers.get('content-encoding'), url).toBeUndefined();
      const length = headers.get('content-length');
      if (length !== undefined) expect(Number(length)).toBe(record!.payloadLength);
    }
  });

  it('replays in ReplayWeb.page looking like the live page', async () => {
    const replay = await startReplayServer({ warcPath });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const shot = {
        width: 1280,
        height: 900,
        title: 'Cairn fixture' as string | RegExp,
        timeout: 90_000,
      };
      const title = await (async () => {
        const p = await context.newPage();
        await p.goto(`${site.origin}/`);
        const value = await p.title();
        await p.close();
        return value;
      })();
      shot.title = title;
      const live = await screenshotLive(context, `${site.origin}/`, shot);
      const replayed = await screenshotReplay(context, replay, `${site.origin}/`, shot);
      const diff = await compareScreenshots(live, replayed, {
        diffPath: path.join(out, 'diff.png'),
      });
      // Anti-aliasing aside, the pages must match; a missing image or font fails this.
      expect(diff.diffRatio, `diff image: ${out}/diff.png`).toBeLessThan(0.01);
    } finally {
      await browser?.close();
      await replay.close();
    }
  });
});
