/**
 * The TabRecorder fed the CDP traffic of a person's session recorded from real Chromium 156
 * (test/fixtures/cdp/tab-session.json, made by tab-recorder-chromium.test.ts with
 * RECORD_CDP=1), on a virtual clock: four pages, a click that fetches, a POST form.
 */
import { describe, expect, it } from 'vitest';
import { TabRecorder, type TabRecorderOptions } from '../../lib/capture/tab-recorder';
import { ReplayTransport, loadFixture, type ReplayOptions } from './fake-transport';
import { MemorySink, TEST_ENVIRONMENT, bodyText } from './memory-sink';

async function replay(overrides: Partial<TabRecorderOptions> = {}, opts: ReplayOptions = {}) {
  const fixture = loadFixture('tab-session');
  const transport = new ReplayTransport(fixture, opts);
  const sink = new MemorySink();
  const pageLists: string[][] = [];
  const recorder = new TabRecorder(transport, sink, {
    ...(fixture.options as unknown as TabRecorderOptions),
    environment: TEST_ENVIRONMENT,
    clock: transport.clock,
    onPages: (pages) => pageLists.push(pages.map((p) => p.url)),
    ...overrides,
  });
  await recorder.start();
  const outcome = await transport.play(recorder.done, 10 * 60_000);
  const origin = fixture.facts.origin as string;
  return { fixture, transport, sink, outcome, origin, pageLists };
}

describe('TabRecorder replaying a recorded session', () => {
  it('lists the four pages, stores every response and each page as it was left, then ends when idle', async () => {
    const { transport, sink, outcome, origin, pageLists } = await replay({ idleStopMs: 60_000 });
    const paths = ['/session/start', '/session/search', '/session/a', '/session/b'];
    expect(outcome.pages.map((p) => p.url)).toEqual(paths.map((p) => origin + p));
    expect(outcome.pages.map((p) => p.title)).toEqual([
      'Session start',
      'Results for cairn',
      'Page A',
      'Page B',
    ]);
    // The page list grew one page at a time, as the popup shows it.
    expect(pageLists.map((l) => l.length).filter((n, i, all) => n !== all[i - 1])).toEqual([
      1, 2, 3, 4,
    ]);
    // Nobody touched the tab after the last page: a minute later the recording stopped itself.
    expect(outcome).toMatchObject({
      status: 'complete',
      reasonCode: 'recording-idle',
      endReason: 'idle',
    });
    expect(outcome.reason).toContain('4 pages');

    expect(await bodyText(sink.one('/session/more'))).toBe('More item, loaded by a click');
    const post = sink.one('/session/search');
    expect(post.request.method).toBe('POST');
    expect(new TextDecoder().decode(post.request.body)).toBe('q=cairn');
    for (const path of paths) expect(sink.find(path).length, path).toBe(1);
    // A text and a screenshot per page; the first page's text includes what the click loaded.
    const uris = sink.resources.map((r) => r.uri);
    for (const path of paths) {
      expect(uris).toContain(`urn:text:${origin}${path}`);
      expect(uris).toContain(`urn:view:${origin}${path}`);
    }
    const startText = sink.resources.find((r) => r.uri === `urn:text:${origin}/session/start`)!;
    expect(await startText.body.text()).toContain('More item, loaded by a click');
    expect(sink.metadataRecord?.pages?.map((p) => p.title)).toEqual(
      outcome.pages.map((p) => p.title),
    );

    // Every paused request was let go exactly once, and the recorder let go of the tab.
    const pauses = new Map<string, number>();
    for (const e of loadFixture('tab-session').entries)
      if (e.type === 'event' && e.method === 'Fetch.requestPaused') {
        const key = `${e.sessionId}|${(e.params as { requestId: string }).requestId}`;
        pauses.set(key, (pauses.get(key) ?? 0) + 1);
      }
    const resumed = new Map<string, number>();
    for (const c of transport.sent)
      if (/^Fetch\.(continueRequest|continueResponse|fulfillRequest|failRequest)$/.test(c.method)) {
        const key = `${c.sessionId}|${c.params.requestId as string}`;
        resumed.set(key, (resumed.get(key) ?? 0) + 1);
      }
    expect(Object.fromEntries(resumed)).toEqual(Object.fromEntries(pauses));
    expect(transport.sent.some((c) => c.method === 'Fetch.disable')).toBe(true);
    expect(transport.listenerCount).toBe(0);
    expect(sink.calls.at(-1)).toBe('metadata');
  });

  it('never answers a dialog or navigates on the user’s behalf', async () => {
    const { transport } = await replay({ idleStopMs: 60_000 });
    const methods = new Set(transport.sent.map((c) => c.method));
    expect(methods.has('Page.handleJavaScriptDialog')).toBe(false);
    expect(methods.has('Page.navigate')).toBe(false);
    // One reload: the one the user asked for ("Reload first").
    expect(transport.sent.filter((c) => c.method === 'Page.reload')).toHaveLength(1);
  });

  it('keeps every page recorded before the tab was closed', async () => {
    const fixture = loadFixture('tab-session');
    // Close the tab just before the last page's response arrives.
    const events = fixture.entries.filter((e) => e.type === 'event');
    const index = events.findIndex(
      (e) =>
        e.method === 'Fetch.requestPaused' &&
        String((e.params as { request: { url: string } }).request.url).endsWith('/session/b'),
    );
    const { outcome, sink, origin } = await replay(
      {},
      { detachAt: { index, reason: 'target_closed' } },
    );
    expect(outcome).toMatchObject({ status: 'complete', reasonCode: 'tab-closed' });
    expect(outcome.pages.map((p) => p.url)).toEqual(
      ['/session/start', '/session/search', '/session/a'].map((p) => origin + p),
    );
    expect(sink.find('/session/a')).toHaveLength(1);
    expect(sink.metadataRecord?.pages).toHaveLength(3);
  });
});
