import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import {
  listArchives,
  listRecords,
  saveWarc,
  sendCairn,
  setCaptureSettings,
  stopServiceWorker,
  waitForArchive,
  waitForEnd,
} from './support/extension-state';
import type { FixtureSite } from '../fixtures/site/server.js';
import { readWarcRecords, warcioCheck } from '../support/warcio-check.js';

// Large bodies stream into the archive byte for byte, and a service worker stopped in the
// middle of a capture loses no completed record and leaves no archive "capturing".

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;
let out: string;

useCaptureSuite('resilience', (suite) => {
  ({ ext, site, state, out } = suite);
});

describe('capture resilience', () => {
  it('stores a 200 MB response byte-identical to what the server sent', async () => {
    const url = `${site.origin}/big.html`;
    const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
      url,
      trigger: 'url-box',
    });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    if (!reply.ok) return;
    const archive = await waitForEnd(state, reply.result.archiveId, 240_000);
    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.title).toBe('big done');

    const file = path.join(out, 'big.warc.gz');
    await saveWarc(state, archive.id, file);
    const bigUrl = `${site.origin}/big/200mb.bin`;
    const big = (await readWarcRecords(file)).find(
      (r) => r.type === 'response' && r.targetUri === bigUrl,
    );
    expect(big?.truncated ?? null).toBeNull();
    expect(big?.payloadLength).toBe(200 * 1024 * 1024);
    expect(big?.payloadSha256).toBe(await site.expectedSha256(bigUrl));
    const check = await warcioCheck(file);
    expect(check.ok, check.output).toBe(true);
  });

  it('a link to a 60 MB file is stored byte-exact, read for the archive alone', async () => {
    const url = `${site.origin}/big/60mb.bin`;
    const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
      url,
      trigger: 'url-box',
    });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    if (!reply.ok) return;
    const archive = await waitForEnd(state, reply.result.archiveId, 120_000);
    expect(archive.status, archive.reason).toBe('complete');
    expect(archive.reasonCode).toBe('download');
    const file = path.join(out, 'download.warc.gz');
    await saveWarc(state, archive.id, file);
    const record = (await readWarcRecords(file)).find(
      (r) => r.type === 'response' && r.targetUri === url,
    );
    expect(record?.truncated ?? null).toBeNull();
    expect(record?.payloadLength).toBe(60 * 1024 * 1024);
    expect(record?.payloadSha256).toBe(await site.expectedSha256(url));
  });

  it('a service worker stopped mid-capture keeps every completed record and ends partial', async () => {
    await setCaptureSettings(state, { maxDurationSec: 120 });
    const url = `${site.origin}/slow-forever.html?worker-stop`;
    const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
      url,
      trigger: 'url-box',
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const id = reply.result.archiveId;
    await waitForArchive(state, (a) => a.id === id && a.responseCount > 0, {
      what: 'a stored response before the worker stops',
    });
    const before = await listRecords(state, id);
    expect(before.some((r) => r.warcType === 'response' && r.url === url)).toBe(true);

    await stopServiceWorker(ext, state);
    const archive = await waitForEnd(state, id, 30_000);
    expect(archive.status).toBe('partial');
    expect(archive.reasonCode).toBe('worker-restarted');
    expect(archive.reason).toBeTruthy();

    const after = await listRecords(state, id);
    // Every record stored before the stop is still there, in order; nothing is duplicated.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(new Set(after.map((r) => r.seq)).size).toBe(after.length);
    const file = path.join(out, 'stopped.warc.gz');
    await saveWarc(state, id, file);
    const check = await warcioCheck(file);
    expect(check.ok, check.output).toBe(true);

    // No archive is left capturing, and the extension captures again.
    expect((await listArchives(state)).filter((a) => a.status === 'capturing')).toEqual([]);
    const next = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
      url: `${site.origin}/simple.html?after-restart`,
      trigger: 'url-box',
    });
    expect(next.ok).toBe(true);
    if (next.ok) expect((await waitForEnd(state, next.result.archiveId)).status).toBe('complete');
  });
});
