/**
 * The real Recorder against real headless Chromium (CHROME_PATH, default /usr/bin/chromium)
 * over a raw flat CDP connection that behaves like chrome.debugger on one tab.
 *
 * RECORD_CDP=1 also writes the CDP traffic of the marked captures to test/fixtures/cdp/,
 * the fixtures that recorder-replay.test.ts plays back without a browser. Regenerate them
 * with this file alone (the replay tests would read half-written files):
 *   RECORD_CDP=1 npx vitest run test/capture/recorder-chromium.test.ts
 * CAIRN_BIG_BODY_MB=300 runs the memory test with a 300 MB body (default 64).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, type CaptureOutcome, type RecorderOptions } from '../../lib/capture';
import { Browser, CHROME_PATH, type TabTransport } from './chromium';
import { saveFixture } from './fixture-file';
import { MemorySink, TEST_ENVIRONMENT, bodyText, headerValues } from './memory-sink';
import { startTestSite, streamBytes, type TestSite } from './site';

const RECORD = process.env.RECORD_CDP === '1';
// A full GC on demand, to measure the heap the recorder really retains.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const BIG_MB = Number(process.env.CAIRN_BIG_BODY_MB ?? 64);

/** Options of the integration captures: quick idle, small stream threshold. */
const BASE: RecorderOptions = {
  maxBodySize: 1 << 30,
  streamThreshold: 256 * 1024,
  maxDurationMs: 20_000,
  idleMs: 400,
  autoScroll: false,
  screenshot: false,
  environment: TEST_ENVIRONMENT,
};

interface Capture {
  outcome: CaptureOutcome;
  sink: MemorySink;
  tab: TabTransport;
}

describe.skipIf(!existsSync(CHROME_PATH))('Recorder in real Chromium', () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    [browser, site] = await Promise.all([Browser.launch(), startTestSite()]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function capture(opts: {
    url?: string;
    reloadUrl?: string;
    options?: Partial<RecorderOptions>;
    fixture?: { name: string; description: string; facts?: Record<string, unknown> };
    deny?: string[];
    during?: (tab: TabTransport, recorder: Recorder) => Promise<void>;
  }): Promise<Capture> {
    const tab = await browser.newTab({ record: RECORD && !!opts.fixture, deny: opts.deny });
    if (opts.reloadUrl) await tab.navigate(opts.reloadUrl);
    const sink = new MemorySink();
    const options: RecorderOptions = {
      ...BASE,
      ...(opts.url ? { navigateTo: opts.url } : {}),
      ...opts.options,
    };
    const recorder = new Recorder(tab, sink, options);
    await recorder.start();
    if (opts.during) await opts.during(tab, recorder);
    // If the recorder ever hangs, say which commands Chromium never answered.
    const watchdog = setTimeout(
      () => console.log('STUCK', [...tab.inFlight], tab.attached),
      (options.maxDurationMs ?? 0) + 5_000,
    );
    const outcome = await recorder.done;
    clearTimeout(watchdog);
    if (RECORD && opts.fixture) await saveFixture(opts.fixture, options, tab, site);
    await tab.close();
    return { outcome, sink, tab };
  }

  it('records redirects, POST bodies, errors, gzip, cookies and ranges', async () => {
    const { outcome, sink, tab } = await capture({
      url: `${site.origin}/basic/start`,
      options: { screenshot: true },
      fixture: {
        name: 'basic',
        description:
          'Redirect chain with cookies, POSTs (text, binary, Blob), 404/500, failed request, gzip, 206, HEAD, 204, CORS preflight, data:/blob: URLs',
        facts: { css: site.css, binaryPost: Buffer.from(site.binaryPost).toString('base64') },
      },
    });
    expect(outcome).toMatchObject({
      status: 'complete',
      endReason: 'idle',
      finalUrl: `${site.origin}/basic/page`,
    });
    expect(outcome.title).toBe('Basic page done');

    // One exchange per redirect hop, with distinct ids; the cookie set on the way is sent on.
    const start = sink.one('/basic/start');
    const hop = sink.one('/basic/hop');
    const page = sink.one('/basic/page');
    expect(start.response.status).toBe(301);
    expect(headerValues(start.response.headers, 'location')).toEqual(['/basic/hop']);
    expect(start.response.body).toBeUndefined();
    expect(hop.response.status).toBe(302);
    expect(headerValues(hop.response.headers, 'set-cookie')).toEqual(['sid=abc123; Path=/']);
    expect(new Set([start.id, hop.id, page.id]).size).toBe(3);
    expect(headerValues(page.request.headers, 'cookie')).toEqual(['sid=abc123']);
    expect(headerValues(page.response.headers, 'set-cookie')).toEqual(['theme=dark; Path=/']);
    expect(page.response.statusText).toBe('OK');
    expect(page.resourceType).toBe('Document');
    expect(await bodyText(page)).toContain('Visible text of the basic page.');

    // POST bodies: text from the event, binary, and a Blob upload.
    expect(new TextDecoder().decode(sink.one('/basic/echo').request.body)).toBe('a=1&b=2');
    const bin = sink.one('/basic/echo-bin');
    expect(bin.request.method).toBe('POST');
    expect(Buffer.from(bin.request.body!).equals(Buffer.from(site.binaryPost))).toBe(true);
    expect(
      Buffer.from(sink.one('/basic/echo-blob').request.body!).equals(Buffer.from(site.binaryPost)),
    ).toBe(true);

    // Errors are stored as they were; the failed request is only a note.
    expect(sink.one('/basic/missing.png').response.status).toBe(404);
    expect(await bodyText(sink.one('/basic/missing.png'))).toBe('no such image');
    expect(sink.one('/basic/broken.js').response.status).toBe(500);
    expect(sink.find('/nothing')).toHaveLength(0);
    const notes = sink.metadataRecord!.notes;
    expect(
      notes.some(
        (n) =>
          n.includes(`127.0.0.1:${site.closedPort}/nothing`) &&
          n.includes('ERR_CONNECTION_REFUSED'),
      ),
    ).toBe(true);

    // gzip: the body arrives decoded, the headers still say gzip.
    const css = sink.one('/basic/style.css');
    expect(await bodyText(css)).toBe(site.css);
    expect(headerValues(css.response.headers, 'content-encoding')).toEqual(['gzip']);

    // Ranges: the full 206 becomes a 200, the partial one is not stored.
    const ranges = sink.find('/basic/range');
    expect(ranges).toHaveLength(1);
    expect(ranges[0]!.response.status).toBe(200);
    expect(await bodyText(ranges[0]!)).toBe('0123456789abcdefghijklmnopqrstuvwxyz');
    expect(notes.some((n) => n.includes('206, bytes 10-19/36'))).toBe(true);

    // Bodiless responses, preflights, data: and blob: URLs.
    expect(sink.one('/basic/head').response.body).toBeUndefined();
    expect(sink.one('/basic/nocontent').response.status).toBe(204);
    const cors = sink.find('/basic/cors');
    expect(cors.map((e) => e.request.method)).toEqual(['GET']);
    expect(sink.exchanges.every((e) => /^http:/.test(e.request.url))).toBe(true);

    // Extras and metadata, written last.
    expect(sink.resources.map((r) => r.uri).sort()).toEqual([
      `urn:text:${site.origin}/basic/page`,
      `urn:view:${site.origin}/basic/page`,
    ]);
    const png = new Uint8Array(
      await sink.resources.find((r) => r.uri.startsWith('urn:view:'))!.body.arrayBuffer(),
    );
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    expect(await sink.resources.find((r) => r.uri.startsWith('urn:text:'))!.body.text()).toContain(
      'Visible text of the basic page.',
    );
    expect(sink.calls.at(-1)).toBe('metadata');
    expect(sink.metadataRecord).toMatchObject({
      requestedUrl: `${site.origin}/basic/start`,
      endReason: 'idle',
      responseCount: outcome.responses,
    });
    expect(sink.metadataRecord!.viewport.width).toBeGreaterThan(0);
    expect(Object.keys(sink.metadataRecord!.timings)).toEqual(
      expect.arrayContaining(['load', 'idle', 'end']),
    );
    expectEveryPauseResumed(tab);
  }, 30_000);

  it('records an out-of-process iframe and dedicated, shared and service workers', async () => {
    const { outcome, sink, tab } = await capture({
      url: `${site.origin}/workers/page`,
      fixture: {
        name: 'workers-oopif',
        description:
          'Cross-site iframe (OOPIF child session), dedicated worker, shared worker, service worker',
      },
    });
    expect(outcome.status).toBe('complete');
    // The iframe document is announced in the page session and finishes in the child's: one exchange.
    expect(sink.one(`${site.otherOrigin}/workers/frame`).response.status).toBe(200);
    expect(sink.one(`${site.otherOrigin}/workers/frame-data`).response.status).toBe(200);
    for (const path of [
      '/workers/worker.js',
      '/workers/from-worker',
      '/workers/shared.js',
      '/workers/sw.js',
      '/workers/from-sw',
    ]) {
      expect(await bodyText(sink.one(`${site.origin}${path}`)), path).not.toBe('');
    }
    // Known gap: a shared worker is not a child of the tab, so Chrome does not auto-attach it
    // and its own requests are not seen (its script is: the page's session loads it).
    expect(tab.attached.map((a) => a.type)).not.toContain('shared_worker');
    expect(sink.find('/workers/from-shared')).toHaveLength(0);
    expect(await sink.resources.find((r) => r.uri.startsWith('urn:text:'))!.body.text()).toContain(
      'Frame text from the other site.',
    );
    const types = new Set(tab.attached.map((a) => a.type));
    expect([...types].sort()).toEqual(['iframe', 'service_worker', 'worker']);
    expect(outcome.endReason).toBe('idle');
    // Every child that was auto-attached was resumed.
    for (const child of tab.attached) {
      expect(
        tab.sent.some(
          (c) => c.method === 'Runtime.runIfWaitingForDebugger' && c.sessionId === child.sessionId,
        ),
        child.type,
      ).toBe(true);
    }
    expectEveryPauseResumed(tab);
  }, 30_000);

  it('streams large bodies of known and unknown length, and keeps a broken one as disconnect', async () => {
    const size = 12_000;
    const { outcome, sink, tab } = await capture({
      url: `${site.origin}/stream/page?size=${size}`,
      options: { streamThreshold: 4 * 1024 },
      fixture: {
        name: 'stream',
        description:
          'Bodies streamed with Network.streamResourceContent (unknown and known length) and a stream cut by the server',
        facts: { size, sha256: site.streamSha256(size) },
      },
    });
    expect(outcome.status).toBe('complete');
    for (const suffix of [`/stream?size=${size}`, `/stream?size=${size}&known=1`]) {
      const body = sink.one(suffix).response.body!;
      expect(body.length).toBe(size);
      expect(body.truncated).toBeUndefined();
      expect(await sha256(body.blob)).toBe(site.streamSha256(size));
    }
    const broken = sink.one('/stream/broken').response.body!;
    expect(broken.truncated).toBe('disconnect');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.length).toBeLessThan(60_000);
    // The two bodies, the broken one, and the page itself (a document of unknown length).
    expect(tab.sent.filter((c) => c.method === 'Network.streamResourceContent')).toHaveLength(4);
    expect(
      tab.sent.some(
        (c) => c.method === 'Fetch.getResponseBody' && /stream/.test(JSON.stringify(c.params)),
      ),
    ).toBe(false);
    expectEveryPauseResumed(tab);
  }, 30_000);

  it(`streams a ${BIG_MB} MB body with bounded memory, and truncates at maxBodySize`, async () => {
    const size = BIG_MB * 1024 * 1024;
    const expected = site.streamSha256(size);
    // Peak heap includes garbage not yet collected; the retained heap (sampled right after a
    // full GC) is what the recorder really holds.
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let retained = 0;
    const fast = setInterval(
      () => (peak = Math.max(peak, process.memoryUsage().heapUsed - base)),
      5,
    );
    const slow = setInterval(() => {
      gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed - base);
    }, 250);
    const started = Date.now();
    const { outcome, sink } = await capture({
      url: `${site.origin}/stream/page?size=${size}`,
      options: { streamThreshold: 1024 * 1024, maxDurationMs: 120_000 },
    });
    clearInterval(fast);
    clearInterval(slow);
    const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
    console.log(
      `${BIG_MB} MB body streamed twice (known and unknown length) in ${Date.now() - started} ms; JS heap: peak +${mb(peak)}, retained after GC +${mb(retained)}`,
    );
    expect(outcome.status).toBe('complete');
    const body = sink.one(`/stream?size=${size}`).response.body!;
    expect(body.length).toBe(size);
    const known = sink.one(`/stream?size=${size}&known=1`).response.body!;
    expect(known.length).toBe(size);
    expect([await sha256(body.blob), await sha256(known.blob)]).toEqual([expected, expected]);
    expect(retained).toBeLessThan(32 * 1024 * 1024);
    // Small enough to be read whole at its pause: Chrome answers with the part that arrived.
    expect(sink.one('/stream/broken').response.body).toMatchObject({
      length: 15_000,
      truncated: 'disconnect',
    });

    const cap = 1_000_000;
    const small = await capture({
      url: `${site.origin}/stream/page?size=${4 * cap}`,
      options: { maxBodySize: cap, streamThreshold: 64 * 1024 },
    });
    for (const suffix of [`/stream?size=${4 * cap}`, `/stream?size=${4 * cap}&known=1`]) {
      const cut = small.sink.one(suffix).response.body!;
      expect(cut).toMatchObject({ length: cap, truncated: 'length' });
      expect(Buffer.from(await cut.blob.arrayBuffer()).equals(streamBytes(0, cap))).toBe(true);
    }
  }, 240_000);

  it('falls back to Fetch streams and Network.getResponseBody where streamResourceContent is missing', async () => {
    const size = 300_000;
    const { outcome, sink, tab } = await capture({
      url: `${site.origin}/stream/page?size=${size}`,
      options: { streamThreshold: 16 * 1024 },
      deny: ['Network.streamResourceContent'],
    });
    // The page itself got every byte (fulfilled from the taken stream, or passed through).
    expect(outcome.title).toMatch(new RegExp(`^streams ${size},${size},`));
    for (const suffix of [`/stream?size=${size}`, `/stream?size=${size}&known=1`]) {
      const body = sink.one(suffix).response.body!;
      expect(await sha256(body.blob), suffix).toBe(site.streamSha256(size));
    }
    expect(
      tab.sent.filter((c) => c.method === 'Fetch.takeResponseBodyAsStream').length,
    ).toBeGreaterThanOrEqual(2);
    expect(tab.sent.some((c) => c.method === 'Fetch.fulfillRequest')).toBe(true);
    expect(tab.sent.some((c) => c.method === 'Network.getResponseBody')).toBe(true);
    expectEveryPauseResumed(tab);
  }, 30_000);

  it('fulfils a gzip body read through a Fetch stream with the decoded bytes', async () => {
    const size = 200_000;
    const { outcome, sink, tab } = await capture({
      url: `${site.origin}/stream/gzip-page?size=${size}`,
      options: { streamThreshold: 100 },
      deny: ['Network.streamResourceContent'],
    });
    expect(outcome.title).toBe(`gzip ${size + 4}`);
    const js = sink.one(`/stream/gzip-js?size=${size}`);
    expect(headerValues(js.response.headers, 'content-encoding')).toEqual(['gzip']);
    expect(js.response.body!.length).toBe(size + 4);
    expect(tab.sent.some((c) => c.method === 'Fetch.fulfillRequest')).toBe(true);
  }, 30_000);

  it('streams a large document after its navigation commits', async () => {
    const size = 3_000_000;
    for (const deny of [[], ['Network.streamResourceContent']]) {
      const { outcome, sink } = await capture({
        url: `${site.origin}/stream/doc?size=${size}`,
        options: { streamThreshold: 1 << 20 },
        deny,
      });
      expect(outcome.status).toBe('complete');
      const body = sink.one(`/stream/doc?size=${size}`).response.body!;
      expect(body.length, deny.join()).toBe(size);
      expect(Buffer.from(await body.blob.arrayBuffer()).equals(Buffer.alloc(size, 'a'))).toBe(true);
    }
  }, 30_000);

  it('stores a PDF shown in the browser viewer', async () => {
    const { outcome, sink } = await capture({
      url: `${site.origin}/doc.pdf`,
      options: { screenshot: true },
    });
    expect(outcome.status).toBe('complete');
    // The viewer's own inner document for the same URL (made up by Chrome) is not stored.
    const pdf = sink.one('/doc.pdf');
    expect(pdf.resourceType).toBe('Document');
    expect((await bodyText(pdf)).startsWith('%PDF-1.4')).toBe(true);
    expect(headerValues(pdf.response.headers, 'content-type')).toEqual(['application/pdf']);
    expect(sink.exchanges.every((e) => /^http:/.test(e.request.url))).toBe(true);
  }, 30_000);

  it('answers JavaScript dialogs so they cannot block the capture', async () => {
    const { outcome, sink } = await capture({ url: `${site.origin}/dialog/page` });
    expect(outcome).toMatchObject({ status: 'complete', endReason: 'idle', title: 'no' });
    expect(sink.metadataRecord!.notes).toEqual(
      expect.arrayContaining([
        'answered a JavaScript alert dialog with OK: Hello',
        'answered a JavaScript confirm dialog with Cancel: Sure?',
      ]),
    );
  }, 30_000);

  it('reports a failed navigation', async () => {
    const { outcome, sink } = await capture({
      url: `http://127.0.0.1:${site.closedPort}/`,
      fixture: { name: 'navigation-failed', description: 'Link-mode navigation to a closed port' },
    });
    expect(outcome).toMatchObject({ status: 'failed', reasonCode: 'navigation-failed' });
    expect(outcome.reason).toContain('net::ERR_CONNECTION_REFUSED');
    expect(sink.exchanges).toHaveLength(0);
    expect(sink.metadataRecord?.endReason).toBe('navigation-failed');
  }, 30_000);

  it("completes on a server's error page, reporting its status", async () => {
    const { outcome, sink } = await capture({ url: `${site.origin}/gone/for/good` });
    expect(outcome).toMatchObject({
      status: 'complete',
      finalUrl: `${site.origin}/gone/for/good`,
      pageStatus: 404,
    });
    expect(await bodyText(sink.one('/gone/for/good'))).toBe('not found');
  }, 30_000);

  it('records a file download (link to a file)', async () => {
    const { outcome, sink } = await capture({ url: `${site.origin}/stream?size=50000` });
    expect(outcome).toMatchObject({ status: 'complete', reasonCode: 'download' });
    expect(sink.one('/stream?size=50000').response.body!.length).toBe(50_000);
  }, 30_000);

  it('records a 60 MB attachment whole, read for the archive alone', async () => {
    const size = 60 * 1024 * 1024;
    const url = `${site.origin}/stream?size=${size}&known=1&attachment=1`;
    const { outcome, sink } = await capture({ url, options: { maxBodySize: 1024 * 1024 * 1024 } });
    expect(outcome).toMatchObject({ status: 'complete', reasonCode: 'download' });
    const body = sink.one(`/stream?size=${size}&known=1&attachment=1`).response.body!;
    expect(body.length).toBe(size);
    expect(body.truncated).toBeUndefined();
    expect(await sha256(body.blob)).toBe(site.streamSha256(size));
  }, 60_000);

  it('keeps a download bigger than the size cap up to the cap, and says so', async () => {
    const size = 5 * 1024 * 1024;
    const { outcome, sink } = await capture({
      url: `${site.origin}/stream?size=${size}&attachment=1`,
      options: { maxBodySize: 1024 * 1024 },
    });
    expect(outcome).toMatchObject({ status: 'partial', reasonCode: 'size-cap' });
    expect(outcome.reason).toMatch(/size cap of 1 MB.*first 1 MB were kept/);
    const body = sink.one(`/stream?size=${size}&attachment=1`).response.body!;
    expect(body.length).toBe(1024 * 1024);
    expect(body.truncated).toBe('length');
  }, 30_000);

  it('reloads an open tab when there is no navigateTo', async () => {
    const { outcome, sink } = await capture({ reloadUrl: `${site.origin}/basic/page` });
    expect(outcome).toMatchObject({ status: 'complete', finalUrl: `${site.origin}/basic/page` });
    expect(sink.metadataRecord?.requestedUrl).toBe(`${site.origin}/basic/page`);
    expect(sink.one('/basic/page').response.status).toBe(200);
    expect(sink.one('/basic/style.css').response.status).toBe(200);
  }, 30_000);

  it('ends at the time limit on a page that is never idle', async () => {
    const { outcome, sink } = await capture({
      url: `${site.origin}/busy/page`,
      options: { maxDurationMs: 2500, idleMs: 1000 },
      fixture: {
        name: 'busy',
        description: 'A page that fetches every 300 ms, so the network is never idle',
      },
    });
    expect(outcome).toMatchObject({
      status: 'partial',
      reasonCode: 'max-duration',
      endReason: 'max-duration',
    });
    expect(outcome.reason).toContain('time limit of 3 s');
    expect(sink.find('/busy/tick?0')).toHaveLength(1);
    expect(sink.metadataRecord?.endReason).toBe('max-duration');
  }, 30_000);

  it('scrolls to trigger lazy content, then takes a full-page screenshot', async () => {
    const { outcome, sink } = await capture({
      url: `${site.origin}/scroll/page`,
      options: { autoScroll: true, screenshot: true },
      fixture: {
        name: 'scroll',
        description: 'Tall page whose IntersectionObserver fetches as it is scrolled into view',
      },
    });
    expect(outcome.status).toBe('complete');
    expect(
      sink.find('/scroll/seen?n=1').length +
        sink.find('/scroll/seen?n=2').length +
        sink.find('/scroll/seen?n=3').length,
    ).toBe(3);
    expect(sink.metadataRecord!.timings.scrollDone).toBeGreaterThan(0);
    const shot = sink.resources.find((r) => r.uri === `urn:view:${site.origin}/scroll/page`)!;
    expect(shot.body.size).toBeGreaterThan(1000);
  }, 30_000);

  it('scrolls a page with CSS smooth scrolling through to its bottom, step by step', async () => {
    const { outcome, sink } = await capture({
      url: `${site.origin}/scroll/page?smooth`,
      options: { autoScroll: true },
    });
    expect(outcome.status).toBe('complete');
    // A step is taken for the bottom when the page did not move: a glide must not look so.
    for (const n of [1, 2, 3]) expect(sink.find(`/scroll/seen?n=${n}`)).toHaveLength(1);
  }, 30_000);

  it('ends as partial when the user cancels the debugging bar', async () => {
    const { outcome, sink } = await capture({
      url: `${site.origin}/busy/page`,
      options: { maxDurationMs: 10_000 },
      during: async (tab) => {
        await new Promise((r) => setTimeout(r, 1000));
        await tab.simulateDetach('canceled_by_user');
      },
    });
    expect(outcome).toMatchObject({
      status: 'partial',
      reasonCode: 'canceled-by-user',
      endReason: 'detached',
    });
    expect(outcome.responses).toBeGreaterThan(1);
    expect(outcome.reason).toContain(`${outcome.responses} responses`);
    expect(sink.metadataRecord?.endReason).toBe('detached');
  }, 30_000);

  it('ends as partial when the tab is closed, and as partial, stopped by you, on Stop', async () => {
    const closed = await capture({
      url: `${site.origin}/busy/page`,
      during: async (tab) => {
        await new Promise((r) => setTimeout(r, 800));
        await browser.send('Target.closeTarget', { targetId: tab.targetId });
      },
    });
    expect(closed.outcome).toMatchObject({ status: 'partial', reasonCode: 'tab-closed' });

    const stopped = await capture({
      url: `${site.origin}/busy/page`,
      options: { screenshot: true },
      during: async (_tab, recorder) => {
        await new Promise((r) => setTimeout(r, 800));
        await recorder.stop();
      },
    });
    expect(stopped.outcome).toMatchObject({
      status: 'partial',
      reasonCode: 'stopped',
      endReason: 'stopped',
      reason: expect.stringMatching(/^Partial: stopped by you; the \d+ responses? recorded/),
    });
    expect(stopped.sink.resources.map((r) => r.uri.split(':')[1])).toEqual(['view', 'text']);
  }, 30_000);
});

/** Every Fetch pause was continued, fulfilled or failed exactly once (a request can pause twice). */
function expectEveryPauseResumed(tab: TabTransport): void {
  const resumed = new Map<string, number>();
  for (const c of tab.sent) {
    if (/^Fetch\.(continueRequest|continueResponse|fulfillRequest|failRequest)$/.test(c.method)) {
      const key = `${c.sessionId}|${(c.params as { requestId: string }).requestId}`;
      resumed.set(key, (resumed.get(key) ?? 0) + 1);
    }
  }
  expect(resumed.size).toBeGreaterThan(0);
  expect(Object.fromEntries(resumed)).toEqual(Object.fromEntries(tab.pauses));
}

export const sha256 = async (blob: Blob): Promise<string> => {
  const hash = createHash('sha256');
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
  }
  return hash.digest('hex');
};
