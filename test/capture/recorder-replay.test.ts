/**
 * The Recorder fed with CDP traffic recorded from real Chromium 156 (test/fixtures/cdp, made
 * by recorder-chromium.test.ts with RECORD_CDP=1), on a virtual clock: no browser needed.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Recorder, type CaptureOutcome, type RecorderOptions } from '../../lib/capture';
import type { Exchange } from '../../lib/capture/types';
import { SCROLL_TO_TOP } from '../../lib/capture/page-lifecycle';
import {
  ReplayTransport,
  loadFixture,
  type CdpFixture,
  type FixtureEntry,
  type ReplayOptions,
} from './fake-transport';
import { MemorySink, TEST_ENVIRONMENT, bodyText, headerValues } from './memory-sink';
import { streamBytes } from './site';

interface Replay {
  outcome: CaptureOutcome;
  sink: MemorySink;
  transport: ReplayTransport;
  fixture: CdpFixture;
  recorder: Recorder;
}

async function replay(
  name: string,
  opts: {
    options?: Partial<RecorderOptions>;
    replay?: ReplayOptions;
    sink?: MemorySink;
    onStart?: (r: Recorder, t: ReplayTransport) => void;
  } = {},
): Promise<Replay> {
  const fixture = loadFixture(name);
  const transport = new ReplayTransport(fixture, opts.replay);
  const sink = opts.sink ?? new MemorySink();
  const recorder = new Recorder(transport, sink, {
    ...fixture.options,
    environment: TEST_ENVIRONMENT,
    clock: transport.clock,
    ...opts.options,
  });
  await recorder.start();
  opts.onStart?.(recorder, transport);
  const outcome = await transport.play(recorder.done);
  return { outcome, sink, transport, fixture, recorder };
}

/** Whether a recorded entry is one auto-scroll step (the command, with its answer). */
function isScrollStep(e: FixtureEntry): boolean {
  return (
    e.type === 'command' &&
    String((e.params as { expression?: string } | undefined)?.expression).includes('scrollBy')
  );
}

/** The auto-scroll steps a replayed recorder sent. */
function scrollStepsSent(r: Replay) {
  return r.transport.sent.filter(
    (c) => c.method === 'Runtime.evaluate' && String(c.params.expression).includes('scrollBy'),
  );
}

/**
 * The recording plus one more fetch of the page's (a copy of its first lazy request, renamed
 * `name`), sent at `t` and ending, aborted, at `endT`.
 */
function withFetch(entries: FixtureEntry[], name: string, t: number, endT: number) {
  const template = entries.find(
    (e) => e.method === 'Network.requestWillBeSent' && JSON.stringify(e).includes('/seen?n=1'),
  )!;
  const request = JSON.parse(
    JSON.stringify(template).replaceAll('/scroll/seen?n=1', `/scroll/${name}`),
  ) as typeof template;
  const failed = {
    t: endT,
    type: 'event' as const,
    method: 'Network.loadingFailed',
    params: { requestId: name, errorText: 'net::ERR_ABORTED', type: 'Fetch' },
  };
  return [...entries, { ...request, t, params: { ...request.params, requestId: name } }, failed];
}

/** The recording with everything from the top document's DOMContentLoaded on `ms` later. */
function parsedLater(entries: FixtureEntry[], ms: number): FixtureEntry[] {
  const parsed = entries.find((e) => e.method === 'Page.domContentEventFired' && !e.sessionId)!;
  return entries.map((e) => (e.t >= parsed.t ? { ...e, t: e.t + ms } : e));
}

/** The recording with the top document's load event `ms` later (images still arriving). */
function loadLater(entries: FixtureEntry[], ms: number): FixtureEntry[] {
  return entries.map((e) =>
    e.method === 'Page.loadEventFired' && !e.sessionId ? { ...e, t: e.t + ms } : e,
  );
}

/** Every recorded pause got exactly one continue/fulfil/fail from the recorder. */
function expectEveryPauseResumed(r: Replay): void {
  const pauses = new Map<string, number>();
  for (const e of r.fixture.entries) {
    if (e.type === 'event' && e.method === 'Fetch.requestPaused') {
      const key = `${e.sessionId}|${(e.params as { requestId: string }).requestId}`;
      pauses.set(key, (pauses.get(key) ?? 0) + 1);
    }
  }
  const resumed = new Map<string, number>();
  for (const c of r.transport.sent) {
    if (/^Fetch\.(continueRequest|continueResponse|fulfillRequest|failRequest)$/.test(c.method)) {
      const key = `${c.sessionId}|${c.params.requestId as string}`;
      resumed.set(key, (resumed.get(key) ?? 0) + 1);
    }
  }
  expect(Object.fromEntries(resumed)).toEqual(Object.fromEntries(pauses));
}

/** The recorder let go of everything: listeners, timers. */
function expectCleanEnd(r: Replay): void {
  expect(r.transport.listenerCount).toBe(0);
  expect(r.transport.clock.pendingTimers).toBe(0);
  expect(r.sink.calls.at(-1)).toBe('metadata');
}

/** A comparable summary of an exchange. */
async function summary(e: Exchange) {
  return {
    id: e.id,
    method: e.request.method,
    url: e.request.url,
    status: e.response.status,
    requestHeaders: e.request.headers,
    responseHeaders: e.response.headers,
    requestBody: e.request.body ? Buffer.from(e.request.body).toString('base64') : undefined,
    body: e.response.body ? await bodyText(e) : undefined,
    truncated: e.response.body?.truncated,
  };
}

const sha256 = async (blob: Blob) =>
  createHash('sha256')
    .update(Buffer.from(await blob.arrayBuffer()))
    .digest('hex');

describe('Recorder replaying recorded Chromium traffic', () => {
  it('basic page: redirect hops, cookies, POST bodies, errors, gzip, ranges, skipped URLs', async () => {
    const r = await replay('basic');
    const { sink, outcome, fixture } = r;
    const origin = fixture.facts.origin as string;
    expect(outcome).toMatchObject({
      status: 'complete',
      endReason: 'idle',
      finalUrl: `${origin}/basic/page`,
      title: 'Basic page done',
      // The last hop's status, not the 301 the chain started with.
      pageStatus: 200,
    });

    const [start, hop, page] = [
      sink.one('/basic/start'),
      sink.one('/basic/hop'),
      sink.one('/basic/page'),
    ];
    expect([start.response.status, hop.response.status, page.response.status]).toEqual([
      301, 302, 200,
    ]);
    expect(new Set([start.id, hop.id, page.id]).size).toBe(3);
    expect(start.id).toMatch(/#0$/);
    expect(headerValues(hop.response.headers, 'location')).toEqual(['/basic/page']);
    expect(hop.response.body).toBeUndefined();
    // Raw ExtraInfo headers: the Cookie sent and the Set-Cookie received are kept.
    expect(headerValues(hop.response.headers, 'set-cookie')).toEqual(['sid=abc123; Path=/']);
    expect(headerValues(page.request.headers, 'cookie')).toEqual(['sid=abc123']);
    expect(page.response.protocol).toBe('http/1.1');
    expect(page.response.remoteIp).toBe('127.0.0.1');

    const binary = Buffer.from(fixture.facts.binaryPost as string, 'base64');
    expect(new TextDecoder().decode(sink.one('/basic/echo').request.body)).toBe('a=1&b=2');
    expect(Buffer.from(sink.one('/basic/echo-bin').request.body!).equals(binary)).toBe(true);
    // The Blob upload's bytes were not in the event: fetched with Network.getRequestPostData.
    expect(Buffer.from(sink.one('/basic/echo-blob').request.body!).equals(binary)).toBe(true);
    expect(r.transport.sent.some((c) => c.method === 'Network.getRequestPostData')).toBe(true);

    expect(sink.one('/basic/missing.png').response.status).toBe(404);
    expect(sink.one('/basic/broken.js').response.status).toBe(500);
    expect(await bodyText(sink.one('/basic/broken.js'))).toBe('server error');
    expect(await bodyText(sink.one('/basic/style.css'))).toBe(fixture.facts.css);
    expect(sink.one('/basic/range').response.status).toBe(200);
    expect(sink.one('/basic/head').response.body).toBeUndefined();
    expect(sink.one('/basic/nocontent').response.status).toBe(204);
    expect(sink.find('/basic/cors').map((e) => e.request.method)).toEqual(['GET']);
    expect(sink.exchanges.every((e) => e.request.url.startsWith('http:'))).toBe(true);
    expect(new Set(sink.exchanges.map((e) => e.id)).size).toBe(sink.exchanges.length);

    const notes = sink.metadataRecord!.notes;
    expect(notes).toContain(
      `failed: http://127.0.0.1:${fixture.facts.closedPort}/nothing (net::ERR_CONNECTION_REFUSED)`,
    );
    expect(
      notes.some((n) => n.startsWith('partial response (206, bytes 10-19/36) not stored')),
    ).toBe(true);
    expect(notes.some((n) => n.startsWith('stored as 200: the 206 response'))).toBe(true);
    expect(sink.metadataRecord).toMatchObject({
      software: 'Cairn/test',
      userAgent: 'Mozilla/5.0 (test)',
      requestedUrl: `${origin}/basic/start`,
      finalUrl: `${origin}/basic/page`,
      endReason: 'idle',
      responseCount: sink.exchanges.length,
    });
    expect(sink.metadataRecord!.viewport.width).toBeGreaterThan(0);
    expect(sink.resources.map((x) => x.uri).sort()).toEqual([
      `urn:text:${origin}/basic/page`,
      `urn:view:${origin}/basic/page`,
    ]);
    expect(outcome.responses).toBe(sink.exchanges.length);
    expect(sink.progressLog.at(-1)).toMatchObject({
      phase: 'finishing',
      responses: sink.exchanges.length,
    });
    expect(r.transport.unanswered).toEqual([]);
    expectEveryPauseResumed(r);
    expectCleanEnd(r);
  });

  it('gives the same exchanges when ExtraInfo and loadingFinished arrive out of order', async () => {
    const inOrder = await replay('basic');
    const shuffled = await replay('basic', { replay: { transform: shuffleEvents } });
    const a = await Promise.all(inOrder.sink.exchanges.map(summary));
    const b = await Promise.all(shuffled.sink.exchanges.map(summary));
    const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
    expect(b.sort(byId)).toEqual(a.sort(byId));
    expectEveryPauseResumed(shuffled);
  });

  it('out-of-process iframe and workers: events merged across sessions, children resumed', async () => {
    const r = await replay('workers-oopif');
    const { sink, fixture } = r;
    const [origin, other] = [fixture.facts.origin as string, fixture.facts.otherOrigin as string];
    expect(sink.one(`${other}/workers/frame`).resourceType).toBe('Document');
    expect(sink.one(`${other}/workers/frame-data`).response.status).toBe(200);
    for (const path of [
      '/workers/worker.js',
      '/workers/from-worker',
      '/workers/sw.js',
      '/workers/from-sw',
      '/workers/shared.js',
    ]) {
      expect(await bodyText(sink.one(`${origin}${path}`)), path).not.toBe('');
    }
    const attached = fixture.entries
      .filter((e) => e.method === 'Target.attachedToTarget')
      .map((e) => (e.params as { sessionId: string }).sessionId);
    expect(attached.length).toBe(3);
    for (const sessionId of attached) {
      expect(
        r.transport.sent.some(
          (c) => c.method === 'Runtime.runIfWaitingForDebugger' && c.sessionId === sessionId,
        ),
      ).toBe(true);
    }
    expect(await sink.resources.find((x) => x.uri.startsWith('urn:text:'))!.body.text()).toContain(
      'Frame text from the other site.',
    );
    expectEveryPauseResumed(r);
    expectCleanEnd(r);
  });

  it('streamed bodies: whole, truncated at maxBodySize, broken as disconnect', async () => {
    const full = await replay('stream');
    const size = full.fixture.facts.size as number;
    for (const suffix of [`/stream?size=${size}`, `/stream?size=${size}&known=1`]) {
      const body = full.sink.one(suffix).response.body!;
      expect(body.truncated).toBeUndefined();
      expect(await sha256(body.blob)).toBe(full.fixture.facts.sha256);
    }
    expect(full.sink.one('/stream/broken').response.body!.truncated).toBe('disconnect');

    const cap = 5_000;
    const cut = await replay('stream', { options: { maxBodySize: cap } });
    for (const suffix of [`/stream?size=${size}`, `/stream?size=${size}&known=1`]) {
      const body = cut.sink.one(suffix).response.body!;
      expect(body).toMatchObject({ length: cap, truncated: 'length' });
      expect(Buffer.from(await body.blob.arrayBuffer()).equals(streamBytes(0, cap))).toBe(true);
    }
    expectEveryPauseResumed(cut);
    expectCleanEnd(cut);
  });

  it('ends as partial when the user cancels the debugging bar mid-capture', async () => {
    const fixture = loadFixture('busy');
    const index = fixture.entries.filter((e) => e.type === 'event').findIndex((e) => e.t > 1200);
    const r = await replay('busy', { replay: { detachAt: { index, reason: 'canceled_by_user' } } });
    expect(r.outcome).toMatchObject({
      status: 'partial',
      reasonCode: 'canceled-by-user',
      endReason: 'detached',
    });
    expect(r.outcome.responses).toBeGreaterThan(1);
    expect(r.outcome.responses).toBe(r.sink.exchanges.length);
    expect(r.outcome.reason).toBe(
      `You cancelled the debugging bar ("Cairn started debugging this browser"), which stops the recording; the ${r.outcome.responses} responses recorded before that were kept.`,
    );
    expect(r.sink.metadataRecord).toMatchObject({ endReason: 'detached' });
    expect(r.sink.resources).toHaveLength(0);
    expectCleanEnd(r);
  });

  it('ends as partial when the tab is closed', async () => {
    const r = await replay('busy', {
      replay: { detachAt: { index: 30, reason: 'target_closed' } },
    });
    expect(r.outcome).toMatchObject({ status: 'partial', reasonCode: 'tab-closed' });
    expect(r.outcome.reason).toMatch(/^The tab was closed before the capture finished/);
  });

  it('finishes at maxDurationMs on a page that is never idle', async () => {
    const r = await replay('busy', { options: { maxDurationMs: 1500 } });
    expect(r.outcome).toMatchObject({
      status: 'partial',
      reasonCode: 'max-duration',
      endReason: 'max-duration',
    });
    expect(r.outcome.reason).toContain('Partial: the time limit of 2 s was reached');
    expect(r.sink.metadataRecord!.timings.end).toBeGreaterThanOrEqual(1500);
    expect(r.sink.metadataRecord!.timings.idle).toBeUndefined();
    expectCleanEnd(r);
  });

  it("user's Stop finishes at once, still taking screenshot and text", async () => {
    const r = await replay('basic', {
      options: { maxDurationMs: 60_000 },
      onStart: (recorder) => void recorder.stop(),
    });
    // Stopped before any response arrived: the screenshot and text are kept, but with no
    // response stored the capture is not called complete or partial.
    expect(r.outcome).toMatchObject({
      status: r.outcome.responses > 0 ? 'partial' : 'failed',
      reasonCode: 'stopped',
      endReason: 'stopped',
    });
    expect(r.outcome.reason).toMatch(/stopped by you; /i);
    expect(r.sink.resources.map((x) => x.uri.split(':')[1])).toEqual(['view', 'text']);
    expect(r.sink.metadataRecord!.timings.load).toBeUndefined();
    expectCleanEnd(r);
  });

  it('reports a failed navigation', async () => {
    const r = await replay('navigation-failed');
    expect(r.outcome).toMatchObject({
      status: 'failed',
      reasonCode: 'navigation-failed',
      endReason: 'navigation-failed',
    });
    expect(r.outcome.reason).toBe(
      'The page could not be loaded: the server refused the connection (net::ERR_CONNECTION_REFUSED).',
    );
    expect(r.sink.exchanges).toHaveLength(0);
    expect(r.outcome.pageStatus).toBeUndefined();
    expectCleanEnd(r);
  });

  it('auto-scroll: steps down, records what the scroll triggered, then screenshot and text', async () => {
    const r = await replay('scroll', { options: { idleMs: 1500 } });
    expect(r.outcome.status).toBe('complete');
    expect([1, 2, 3].map((n) => r.sink.find(`/scroll/seen?n=${n}`).length)).toEqual([1, 1, 1]);
    expect(scrollStepsSent(r).length).toBeGreaterThan(3);
    expect(r.transport.sent.some((c) => c.params.expression === SCROLL_TO_TOP)).toBe(true);
    const timings = r.sink.metadataRecord!.timings;
    expect(timings.load).toBeLessThanOrEqual(timings.idle!);
    expect(timings.idle).toBeLessThanOrEqual(timings.scrollDone!);
    // Back at the top, a step's quiet (500 ms, 300 of them after the move) ends the capture,
    // not the whole quiet period again.
    const lastQuiet = timings.finishing! - timings.scrollDone!;
    expect(lastQuiet).toBeGreaterThanOrEqual(300);
    expect(lastQuiet).toBeLessThan(1000);
    // The screenshot and text were taken while that quiet ran, once: nothing came after.
    expect(timings.extras).toBe(timings.finishing);
    expect(r.transport.sent.filter((c) => c.method === 'Page.captureScreenshot')).toHaveLength(1);
    expect(r.transport.sent.filter((c) => c.method === 'Page.getLayoutMetrics')).toHaveLength(1);
    expect(r.sink.resources.map((x) => x.uri.split(':')[1])).toEqual(['view', 'text']);
    expectCleanEnd(r);
  });

  it('a capture tab draws frames from DOMContentLoaded on, not while its document loads', async () => {
    const r = await replay('scroll', {
      replay: { transform: (entries) => parsedLater(entries, 2_000) },
    });
    expect(r.outcome.status).toBe('complete');
    const navigate = r.transport.sent.find((c) => c.method === 'Page.navigate')!;
    const screencast = r.transport.sent.filter((c) => c.method === 'Page.startScreencast');
    expect(screencast).toHaveLength(1);
    // The document was parsed 2 s (plus the recording's 77 ms) after the navigation.
    expect(screencast[0]!.at - navigate.at).toBeGreaterThanOrEqual(2_077);
    expect(screencast[0]!.at).toBeLessThanOrEqual(scrollStepsSent(r)[0]!.at);
    expect(r.transport.sent.filter((c) => c.method === 'Page.stopScreencast')).toHaveLength(1);
  });

  it('a capture tab still not parsed 3 s into its load draws frames from then on', async () => {
    const r = await replay('scroll', {
      replay: { transform: (entries) => parsedLater(entries, 10_000) },
    });
    expect(r.outcome.status).toBe('complete');
    const navigate = r.transport.sent.find((c) => c.method === 'Page.navigate')!;
    const screencast = r.transport.sent.find((c) => c.method === 'Page.startScreencast')!;
    expect(screencast.at - navigate.at).toBe(3_000);
  });

  it('auto-scroll: starts once the page is parsed, and goes on from the bottom after its load', async () => {
    const r = await replay('scroll', {
      options: { idleMs: 1500 },
      replay: {
        transform: (entries) => {
          // The load event comes 8 s after DOMContentLoaded (images still arriving) …
          const moved = loadLater(entries, 8_000);
          // … and the page has not grown meanwhile: the pass after the load finds the bottom.
          const last = moved.filter(isScrollStep).at(-1)!;
          return [...moved, { ...last }].sort((a, b) => a.t - b.t);
        },
      },
    });
    expect(r.outcome.status).toBe('complete');
    const timings = r.sink.metadataRecord!.timings;
    expect(timings.idle).toBeLessThan(timings.load!);
    expect(timings.scrollDone).toBeGreaterThanOrEqual(timings.load!);
    expect([1, 2, 3].map((n) => r.sink.find(`/scroll/seen?n=${n}`).length)).toEqual([1, 1, 1]);
    // 10 screens and the bottom before the load; after it, the bottom again, where it stops.
    expect(scrollStepsSent(r)).toHaveLength(12);
    // Back to the top once, after the load: never while the page was still loading.
    const methods = r.transport.sent.map((c) => String(c.params.expression ?? c.method));
    expect(methods.filter((m) => m === SCROLL_TO_TOP)).toHaveLength(1);
    expect(r.sink.metadataRecord!.notes.filter((n) => n.includes('auto-scroll'))).toEqual([]);
  });

  it('auto-scroll: a page that grew while it loaded is scrolled on from where the scroll stopped', async () => {
    const r = await replay('scroll', {
      options: { idleMs: 1500 },
      replay: {
        transform: (entries) => {
          const moved = loadLater(entries, 8_000);
          // After the load, one more screen further down, then the new bottom.
          const last = moved.filter(isScrollStep).at(-1)!;
          const at = (y: number) => ({
            ...last,
            result: {
              result: { type: 'object', value: { y, view: 493, height: 5051, drawn: true } },
            },
          });
          return [...moved, at(4558), at(4558)];
        },
      },
    });
    expect(r.outcome.status).toBe('complete');
    // 10 screens and the bottom before the load; after it, one screen more and the new bottom.
    expect(scrollStepsSent(r)).toHaveLength(13);
    expect(r.transport.unanswered).toEqual([]);
    expect(r.sink.metadataRecord!.notes.filter((n) => n.includes('auto-scroll'))).toEqual([]);
  });

  it('auto-scroll: a request during the last quiet has the screenshot and text taken again', async () => {
    // A beacon the page sends once it is back at the top, after the scroll of the recording.
    const r = await replay('scroll', {
      options: { idleMs: 1500 },
      replay: {
        transform: (entries) => {
          const t = entries.at(-1)!.t + 650;
          return withFetch(entries, 'beacon', t, t + 50);
        },
      },
    });
    expect(r.outcome.status).toBe('complete');
    // Each taking of the extras starts by reading the page's size: twice, the second after
    // the beacon ended the quiet (the recording answers it once, so it fails as a note).
    const reads = r.transport.sent.filter((c) => c.method === 'Page.getLayoutMetrics');
    expect(reads).toHaveLength(2);
    expect(r.sink.metadataRecord!.notes).toContain(
      'page size not read: no recorded answer for Page.getLayoutMetrics',
    );
  });

  it('auto-scroll: with a request still running at the end of the scroll, screenshot and text wait for it', async () => {
    // A long download the page started during the scroll's last settle, ending 6 s later
    // (a page may set its title only then): nothing new starts, but the page changes.
    let end = 0;
    const r = await replay('scroll', {
      options: { idleMs: 1500 },
      replay: {
        transform: (entries) => {
          const t = entries.at(-1)!.t + 100;
          end = t + 6_000;
          return withFetch(entries, 'download', t, end);
        },
      },
    });
    expect(r.outcome.status).toBe('complete');
    const reads = r.transport.sent.filter((c) => c.method === 'Page.getLayoutMetrics');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.at - r.transport.base).toBeGreaterThanOrEqual(end);
  });

  it('never waits for the sink before resuming paused requests', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sink = new MemorySink();
    const slow = Object.assign(Object.create(sink) as MemorySink, {
      exchange: async (e: Exchange) => {
        await gate;
        return sink.exchange(e);
      },
    });
    const fixture = loadFixture('basic');
    const transport = new ReplayTransport(fixture);
    const recorder = new Recorder(transport, slow, {
      ...fixture.options,
      environment: TEST_ENVIRONMENT,
      clock: transport.clock,
    });
    await recorder.start();
    const playing = transport.play(recorder.done);
    for (let i = 0; i < 200; i++) await new Promise((resolve) => setImmediate(resolve));
    const pauses = fixture.entries.filter((e) => e.method === 'Fetch.requestPaused').length;
    const resumes = transport.sent.filter((c) =>
      /^Fetch\.(continue|fulfill|fail)/.test(c.method),
    ).length;
    expect(sink.exchanges).toHaveLength(0);
    expect(resumes).toBe(pauses);
    release();
    const outcome = await playing;
    expect(outcome.status).toBe('complete');
    expect(sink.exchanges.length).toBeGreaterThan(10);
  });

  it('reports storage failures as partial, keeping what was stored', async () => {
    const r = await replay('basic', { sink: new MemorySink({ failExchangeAt: 2 }) });
    expect(r.outcome).toMatchObject({ status: 'partial', reasonCode: 'storage-failed' });
    expect(r.outcome.reason).toContain('disk full');
    expect(r.outcome.responses).toBe(r.sink.exchanges.length);
  });

  it('a capture stopped before it started still resolves done once', async () => {
    const fixture = loadFixture('basic');
    const transport = new ReplayTransport(fixture);
    const recorder = new Recorder(transport, new MemorySink(), {
      ...fixture.options,
      environment: TEST_ENVIRONMENT,
      clock: transport.clock,
    });
    await recorder.stop();
    await recorder.start();
    expect(await recorder.done).toMatchObject({
      status: 'failed',
      reasonCode: 'stopped',
      responses: 0,
    });
    expect(transport.sent).toHaveLength(0);
  });
});

/**
 * Deliberate disorder: every ExtraInfo event of a request moves to just before its first
 * other event, and each loadingFinished swaps places with the responseReceived before it.
 */
function shuffleEvents(entries: FixtureEntry[]): FixtureEntry[] {
  const out = [...entries];
  const idOf = (e: FixtureEntry) => (e.params as { requestId?: string } | undefined)?.requestId;
  for (let i = 0; i < out.length; i++) {
    const e = out[i]!;
    if (e.type !== 'event' || !e.method.endsWith('ExtraInfo')) continue;
    const first = out.findIndex(
      (x) => x.type === 'event' && idOf(x) === idOf(e) && x.method === 'Network.requestWillBeSent',
    );
    if (first >= 0 && first < i) {
      out.splice(i, 1);
      out.splice(first, 0, { ...e, t: out[first]!.t });
    }
  }
  for (let i = 1; i < out.length; i++) {
    const e = out[i]!;
    if (e.method !== 'Network.loadingFinished') continue;
    const j = out.findLastIndex(
      (x, k) => k < i && x.method === 'Network.responseReceived' && idOf(x) === idOf(e),
    );
    // Streamed data must still come before the end (Chrome never reorders those).
    const streamed = out
      .slice(j, i)
      .some((x) => idOf(x) === idOf(e) && (x.params as { data?: string }).data !== undefined);
    if (j >= 0 && !streamed) {
      const finished = out[i]!;
      out[i] = out[j]!;
      out[j] = finished;
    }
  }
  return out;
}
