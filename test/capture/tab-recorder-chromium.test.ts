/**
 * The TabRecorder ("Record this tab") against real headless Chromium: a person's session
 * played through CDP (a click that fetches, a POST form, links), recorded into one archive
 * with a page list, each page's text and screenshot, and the tab left running afterwards.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TabRecorder, type TabRecorderOptions } from '../../lib/capture/tab-recorder';
import { Browser, CHROME_PATH, type TabTransport } from './chromium';
import { MemorySink, TEST_ENVIRONMENT, bodyText } from './memory-sink';
import { startTestSite, type TestSite } from './site';
import { saveFixture } from './fixture-file';

/** RECORD_CDP=1 also writes the session's CDP traffic to test/fixtures/cdp/tab-session.json. */
const RECORD = process.env.RECORD_CDP === '1';

const BASE: TabRecorderOptions = {
  reloadFirst: false,
  maxBodySize: 1 << 30,
  streamThreshold: 256 * 1024,
  screenshot: true,
  idleStopMs: 30 * 60_000,
  environment: TEST_ENVIRONMENT,
};

describe.skipIf(!existsSync(CHROME_PATH))('TabRecorder in real Chromium', () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    [browser, site] = await Promise.all([Browser.launch(), startTestSite()]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Runs `expression` in the tab's page (as the person's clicks would), returns its value. */
  async function run<T>(tab: TabTransport, expression: string): Promise<T> {
    const r = await browser.send<{ result: { value: T } }>(
      'Runtime.evaluate',
      { expression, returnByValue: true, awaitPromise: true },
      tab.sessionId,
    );
    return r.result.value;
  }

  /** Waits until the tab shows `path`, fully loaded. */
  async function shows(tab: TabTransport, path: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const ok = await run<boolean>(
        tab,
        `location.pathname === ${JSON.stringify(path)} && document.readyState === 'complete'`,
      ).catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the tab never showed ${path}`);
  }

  it('records a session page after page, with each page taken as it is left', async () => {
    const tab = await browser.newTab({ record: RECORD });
    await tab.navigate(`${site.origin}/session/start`);
    await run(tab, `document.querySelector('#q').value = 'typed before'`);
    const sink = new MemorySink();
    const pagesSeen: string[][] = [];
    const options: TabRecorderOptions = {
      ...BASE,
      reloadFirst: true,
      onPages: (pages) => pagesSeen.push(pages.map((p) => p.title || p.url)),
    };
    const recorder = new TabRecorder(tab, sink, options);
    await recorder.start();
    await shows(tab, '/session/start');
    // The person clicks "Load more", searches, and follows two links.
    await run(tab, `document.querySelector('#more').click()`);
    await run(
      tab,
      `new Promise((r) => { const t = setInterval(() => { if (document.querySelector('#loaded')) { clearInterval(t); r(true); } }, 20); })`,
    );
    // A person reads what loaded before going on: the page's text is read once it settles
    // (within a second or two); the screenshot is taken as it is left.
    await new Promise((r) => setTimeout(r, 2_500));
    await run(
      tab,
      `document.querySelector('#q').value = 'cairn'; document.querySelector('#go').click()`,
    );
    await shows(tab, '/session/search');
    // The results page is read before going on. A page left within a few milliseconds of
    // showing can lose its body: it streams to the recorder from the renderer, and a stream
    // command that reaches the renderer after the next page committed finds nothing (seen
    // when this test ran beside others on two busy cores).
    for (let i = 0; i < 100 && sink.find('/session/search').length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    await run(tab, `document.querySelector('#to-a').click()`);
    await shows(tab, '/session/a');
    await run(tab, `document.querySelector('#to-b').click()`);
    await shows(tab, '/session/b');
    await recorder.stop();
    const outcome = await recorder.done;
    if (RECORD)
      await saveFixture(
        {
          name: 'tab-session',
          description:
            'Record this tab, reload first: a click that fetches, a POST form, two links (four pages), then Stop',
          recordedBy: 'test/capture/tab-recorder-chromium.test.ts',
        },
        options,
        tab,
        site,
      );

    expect(outcome).toMatchObject({ status: 'complete', endReason: 'stopped' });
    expect(outcome.pages.map((p) => [new URL(p.url).pathname, p.title])).toEqual([
      ['/session/start', 'Session start'],
      ['/session/search', 'Results for cairn'],
      ['/session/a', 'Page A'],
      ['/session/b', 'Page B'],
    ]);
    expect(pagesSeen.at(-1)).toEqual(['Session start', 'Results for cairn', 'Page A', 'Page B']);
    // Every response, the clicked-in fetch and the POST with its body included.
    expect(await bodyText(sink.one('/session/more'))).toBe('More item, loaded by a click');
    const search = sink.one('/session/search');
    expect(search.request.method).toBe('POST');
    expect(new TextDecoder().decode(search.request.body)).toBe('q=cairn');
    expect(await bodyText(search)).toContain('Results for cairn');
    expect(await bodyText(sink.one('/session/b'))).toContain('Text of page B.');
    expect(sink.one('/basic/style.css').response.status).toBe(200);
    // Each page's text and screenshot, taken as it was left (the first shows the loaded item).
    const resource = (kind: string, path: string) =>
      sink.resources.find((r) => r.uri === `urn:${kind}:${site.origin}${path}`);
    expect(await resource('text', '/session/start')?.body.text()).toContain(
      'More item, loaded by a click',
    );
    expect(await resource('text', '/session/b')?.body.text()).toContain('Text of page B.');
    for (const path of ['/session/start', '/session/search', '/session/a', '/session/b'])
      expect(resource('view', path)?.contentType, path).toBe('image/png');
    expect(sink.metadataRecord?.pages?.length).toBe(4);
    expect(sink.calls.at(-1)).toBe('metadata');
    // The tab runs on, no longer paused: a request after the end completes.
    expect(await run(tab, `fetch('/session/more').then((r) => r.text())`)).toBe(
      'More item, loaded by a click',
    );
    await tab.close();
  }, 60_000);

  it('records from now on without touching the page: typed input and history stay', async () => {
    const tab = await browser.newTab();
    await tab.navigate(`${site.origin}/session/start`);
    await run(tab, `document.querySelector('#q').value = 'half typed'`);
    const historyBefore = await run<number>(tab, 'history.length');
    const sink = new MemorySink();
    const recorder = new TabRecorder(tab, sink, BASE);
    await recorder.start();
    await run(tab, `document.querySelector('#more').click()`);
    await run(
      tab,
      `new Promise((r) => { const t = setInterval(() => { if (document.querySelector('#loaded')) { clearInterval(t); r(true); } }, 20); })`,
    );
    expect(await run(tab, `document.querySelector('#q').value`)).toBe('half typed');
    expect(await run(tab, 'history.length')).toBe(historyBefore);
    await recorder.stop();
    const outcome = await recorder.done;
    expect(outcome.status).toBe('complete');
    expect(outcome.pages.map((p) => p.title)).toEqual(['Session start']);
    expect(sink.find('/session/start')).toHaveLength(0);
    expect(await bodyText(sink.one('/session/more'))).toBe('More item, loaded by a click');
    expect(sink.metadataRecord?.notes.join('\n')).toContain('already loaded');
    await tab.close();
  }, 60_000);

  it('ends cleanly when the tab is closed, keeping what was recorded', async () => {
    const tab = await browser.newTab();
    await tab.navigate(`${site.origin}/session/start`);
    const sink = new MemorySink();
    const recorder = new TabRecorder(tab, sink, BASE);
    await recorder.start();
    await run(tab, `document.querySelector('#to-a').click()`);
    await shows(tab, '/session/a');
    await tab.simulateDetach('target_closed');
    const outcome = await recorder.done;
    expect(outcome).toMatchObject({ status: 'complete', reasonCode: 'tab-closed' });
    expect(outcome.pages.map((p) => new URL(p.url).pathname)).toEqual([
      '/session/start',
      '/session/a',
    ]);
    expect(await bodyText(sink.one('/session/a'))).toContain('Text of page A.');
    expect(sink.metadataRecord?.pages?.length).toBe(2);
    await tab.close();
  }, 60_000);
});
