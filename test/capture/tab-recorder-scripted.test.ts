/**
 * The TabRecorder against a scripted tab (no browser, virtual clock): the cases a recorded
 * session does not show, such as a "Reload first" the user kept from happening, a dialog of
 * the page, and a tab that answers nothing after it was closed.
 */
import { describe, expect, it } from 'vitest';
import { TabRecorder } from '../../lib/capture/tab-recorder';
import type { CdpEventListener, CdpTransport } from '../../lib/capture/transport';
import { ManualClock } from './fake-transport';
import { MemorySink, TEST_ENVIRONMENT } from './memory-sink';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** A tab showing https://a.test/ ("Page A") that answers the recorder's questions. */
class ScriptedTab implements CdpTransport {
  readonly sent: string[] = [];
  /** The tab is in the background. */
  hidden = false;
  private readonly listeners = new Set<CdpEventListener>();

  async send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    this.sent.push(method);
    const answers: Record<string, unknown> = {
      'Page.getFrameTree': { frameTree: { frame: { id: 'TOP', url: 'https://a.test/' } } },
      'Page.getNavigationHistory': {
        currentIndex: 0,
        entries: [{ url: 'https://a.test/', title: 'Page A' }],
      },
      'Page.captureScreenshot': { data: PNG },
      'Page.getLayoutMetrics': {
        cssLayoutViewport: { clientWidth: 800, clientHeight: 600 },
        layoutViewport: { clientWidth: 800, clientHeight: 600 },
      },
      'Page.createIsolatedWorld': { executionContextId: 7 },
    };
    if (method === 'Runtime.evaluate') {
      const expression = String(params.expression);
      if (expression.includes('visibilityState') && !expression.includes('cairnWatch'))
        return { result: { value: { title: 'Page A', hidden: this.hidden } } } as T;
      return { result: { value: 'Text of page A' } } as T;
    }
    return (answers[method] ?? {}) as T;
  }

  onEvent(listener: CdpEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onDetach(): () => void {
    return () => undefined;
  }

  emit(method: string, params: unknown): void {
    for (const listener of this.listeners) listener(method, params);
  }
}

function recorder(tab: ScriptedTab, reloadFirst: boolean) {
  const clock = new ManualClock();
  const sink = new MemorySink();
  const r = new TabRecorder(tab, sink, {
    reloadFirst,
    maxBodySize: 1 << 20,
    streamThreshold: 1 << 20,
    screenshot: true,
    idleStopMs: 60_000,
    environment: TEST_ENVIRONMENT,
    clock,
  });
  return { r, sink, clock };
}

describe('TabRecorder, scripted', () => {
  it('records the page on screen when a "Reload first" never happened', async () => {
    const tab = new ScriptedTab();
    const { r, sink } = recorder(tab, true);
    await r.start();
    expect(tab.sent).toContain('Page.reload');
    // The user kept the page at the "Leave site?" question: no new document ever came.
    await r.stop();
    const outcome = await r.done;
    expect(outcome.pages.map((p) => [p.url, p.title])).toEqual([['https://a.test/', 'Page A']]);
    expect(sink.resources.map((x) => x.uri)).toEqual([
      'urn:view:https://a.test/',
      'urn:text:https://a.test/',
    ]);
    // Nothing loaded while recording: nothing to replay, and the user is told so.
    expect(outcome).toMatchObject({ status: 'failed', reasonCode: 'nothing-recorded' });
  });

  it('takes no screenshot of a tab in the background, and says so', async () => {
    const tab = new ScriptedTab();
    tab.hidden = true;
    const { r, sink } = recorder(tab, false);
    await r.start();
    await r.stop();
    expect(tab.sent).not.toContain('Page.captureScreenshot');
    expect(sink.resources.map((x) => x.uri)).toEqual(['urn:text:https://a.test/']);
    expect(sink.metadataRecord?.notes.join('\n')).toContain('the tab was not on screen');
  });

  it("leaves the page's dialogs to the user", async () => {
    const tab = new ScriptedTab();
    const { r } = recorder(tab, false);
    await r.start();
    tab.emit('Page.javascriptDialogOpening', { type: 'beforeunload', message: 'Leave site?' });
    tab.emit('Page.javascriptDialogOpening', { type: 'confirm', message: 'Sure?' });
    await r.stop();
    expect(tab.sent).not.toContain('Page.handleJavaScriptDialog');
    expect(tab.sent).not.toContain('Page.reload');
    expect(tab.sent).not.toContain('Page.navigate');
  });

  it('stops by itself after the idle time, not before', async () => {
    const tab = new ScriptedTab();
    const { r, clock } = recorder(tab, false);
    await r.start();
    let ended = false;
    void r.done.then(() => (ended = true));
    await clock.advanceTo(clock.now() + 50_000);
    expect(ended).toBe(false);
    await clock.advanceTo(clock.now() + 15_000);
    const outcome = await r.done;
    expect(outcome.endReason).toBe('idle');
  });
});
