/**
 * "Record this tab": records a tab the user keeps using, page after page, into one archive.
 * Every response the tab and its child targets load goes through the same Traffic as a
 * one-page capture; what differs is who decides. The user clicks, types and navigates; the
 * recording keeps a list of the pages they visited and, as they leave each one, takes what
 * it showed (the visible part as a screenshot, and its text). It ends only when the user
 * stops it, closes the tab or the debugging bar, or leaves the tab idle for a long time.
 *
 * Nothing here acts on the page for the user: dialogs are theirs to answer, downloads theirs
 * to keep, and the page is reloaded only when they asked to include it ("reload first").
 */
import type { EvaluateResult, FrameNavigated, RequestPaused, RequestWillBeSent } from './cdp-types';
import { type Clock, messageOf, systemClock, withTimeout } from './clock';
import { collectText, readViewport, takeVisibleScreenshot, textResource } from './page-extras';
import { describeRecordingEnd, type RecordingEnd } from './recording-end';
import { Traffic, sendWhileAttached } from './traffic';
import type { SendCommand } from './target-sessions';
import type { CaptureSink, CdpTransport } from './transport';
import type { CaptureMetadata, RecordedPage } from './types';
import type { CaptureOutcome } from './recorder';

interface NavigationHistory {
  currentIndex: number;
  entries: Array<{ url: string; title: string }>;
}

/** How a tab recording runs. */
export interface TabRecorderOptions {
  /** Reload the page first so it is recorded too; otherwise record from now on. */
  reloadFirst: boolean;
  /** See RecorderOptions. */
  maxBodySize: number;
  streamThreshold: number;
  fulfilLimit?: number;
  /** Take a screenshot of each page as the user leaves it. */
  screenshot: boolean;
  /** Stop after this long without a request, a navigation or input in the tab. */
  idleStopMs: number;
  environment: { software: string; browserVersion: string; userAgent: string };
  clock?: Clock;
  /** Told whenever the page list changes (a page is added, or its title is known). */
  onPages?: (pages: RecordedPage[]) => void;
}

/** How a tab recording ended: a capture outcome with its page list. */
export interface RecordingOutcome extends CaptureOutcome {
  pages: RecordedPage[];
}

interface Page extends RecordedPage {
  /** Its screenshot and text were stored (or there was no chance to). */
  left: boolean;
  /** Its text, as last read. */
  text?: string;
}

const HOUSEKEEPING_MS = 1_000;
/**
 * The longest the next page's response is held while the leaving page's screenshot and text
 * are taken: the user is waiting for that page.
 */
const LEAVE_HOLD_MS = 3_000;
/** Name of the isolated world that watches the page (invisible to the page's scripts). */
const WATCH_WORLD = 'cairn-watch';
/** Notes the time of the last input and whether the document changed. */
const WATCH_SCRIPT = `(() => {
  if (globalThis.cairnWatch) return;
  const w = (globalThis.cairnWatch = { input: 0, changed: false });
  const input = () => { w.input = Date.now(); w.changed = true; };
  for (const type of ['pointerdown', 'keydown', 'wheel', 'input'])
    addEventListener(type, input, { capture: true, passive: true });
  new MutationObserver(() => { w.changed = true; }).observe(document, {
    subtree: true, childList: true, characterData: true,
  });
})()`;
/** The page's title, and whether its tab is in the background. */
const PAGE_STATE = `({ title: document.title, hidden: document.visibilityState === 'hidden' })`;
/** Reads and resets what WATCH_SCRIPT noted. */
const POLL_EXPRESSION = `(() => {
  const w = globalThis.cairnWatch;
  if (!w) return undefined;
  const state = { input: w.input, changed: w.changed, hidden: document.visibilityState === 'hidden' };
  w.changed = false;
  return state;
})()`;

/** Records a tab the user browses; see the file comment. */
export class TabRecorder {
  /** Resolves once, after every sink write settled; never rejects. */
  readonly done: Promise<RecordingOutcome>;

  private resolveDone!: (outcome: RecordingOutcome) => void;
  private readonly clock: Clock;
  private readonly send: SendCommand;
  private readonly traffic: Traffic;
  private readonly pages: Page[] = [];
  private readonly unsubscribers: Array<() => void> = [];
  private topId?: string;
  private started = false;
  private startedAt = 0;
  private detached?: string;
  private end?: RecordingEnd;
  private houseTimer: unknown;
  private lastActivity = 0;
  /** Execution context of the watching world in the current top document. */
  private watchContext?: number;
  /** The page changed since its text was read. */
  private changed = false;
  /** The tab was in the background when last asked. */
  private hidden = false;
  /** The reading of a page's title and text under way. */
  private snapshotting?: { page: Page; done: Promise<void> };
  private viewport?: CaptureMetadata['viewport'];

  constructor(
    private readonly transport: CdpTransport,
    private readonly sink: CaptureSink,
    private readonly options: TabRecorderOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.send = sendWhileAttached(transport, () => this.detached !== undefined);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.traffic = new Traffic(
      transport,
      this.send,
      this.clock,
      sink,
      {
        maxBodySize: options.maxBodySize,
        streamThreshold: options.streamThreshold,
        fulfilLimit: options.fulfilLimit,
        ownTab: false,
      },
      {
        isMainDocument: (p, sessionId) => this.isTopDocument(p, sessionId),
        mainDocumentRequested: () => undefined,
        responseReceived: () => undefined,
        loadingFailed: () => undefined,
        storing: () => undefined,
        beforeResume: (p, sessionId) => this.beforeResume(p, sessionId),
        activity: () => (this.lastActivity = this.clock.now()),
        progress: () => this.progress(),
      },
    );
  }

  /** The pages visited so far. */
  get pageList(): RecordedPage[] {
    return this.pages.map(({ url, title, ts }) => ({ url, title, ts }));
  }

  /**
   * Starts recording the tab as it is (or reloads it first). Never rejects: failures end
   * the recording and are reported through `done`.
   */
  async start(): Promise<void> {
    if (this.started || this.end) return;
    this.started = true;
    this.startedAt = this.lastActivity = this.clock.now();
    this.unsubscribers.push(
      this.transport.onEvent((method, params, sessionId) =>
        this.onEvent(method, params, sessionId),
      ),
      this.transport.onDetach((reason) => {
        this.detached = reason;
        this.finishWith({ kind: 'detached', reason });
      }),
    );
    this.housekeeping();
    let current: { url: string; title: string };
    try {
      await this.traffic.sessions.setupTop();
      const tree = await this.send<{ frameTree: { frame: { id: string; url: string } } }>(
        'Page.getFrameTree',
        {},
        undefined,
      );
      this.topId = tree.frameTree.frame.id;
      current = await this.pageInfo(tree.frameTree.frame.url);
    } catch (error) {
      this.finishWith({ kind: 'attach-failed', message: messageOf(error) });
      return;
    }
    // The user is using the page: what it loads is read and stored as it arrives.
    this.traffic.gate.open();
    this.progress();
    if (this.options.reloadFirst) {
      await this.send('Page.reload', { ignoreCache: true }, undefined).catch((error: unknown) =>
        this.traffic.notes.add(`the page could not be reloaded: ${messageOf(error)}`),
      );
      return;
    }
    // Recording from now on: the page on screen is the first page. Its document and what it
    // loaded before are not in the archive; what it shows when the user leaves it is.
    this.traffic.notes.add(
      `recording began on ${current.url}, already loaded: its document and the files it loaded before are not recorded`,
    );
    this.addPage(current.url, current.title);
    await this.watchPage();
    await this.snapshot(this.current()!);
  }

  /** The user's Stop: finish now, keeping everything. Resolves when done. */
  async stop(reason?: string): Promise<void> {
    this.finishWith(reason === 'storage-failed' ? { kind: 'storage-failed' } : { kind: 'stopped' });
    await this.done;
  }

  // --- events ----------------------------------------------------------------------------

  private onEvent(method: string, params: unknown, sessionId: string | undefined): void {
    try {
      if (this.traffic.handle(method, params, sessionId)) return;
      if (sessionId !== undefined) return;
      switch (method) {
        case 'Page.frameNavigated':
          return this.onNavigated(params as FrameNavigated);
        case 'Page.loadEventFired':
          this.lastActivity = this.clock.now();
          void this.onLoad();
          return;
        case 'Page.navigatedWithinDocument':
          this.lastActivity = this.clock.now();
          return;
        case 'Inspector.targetCrashed':
          this.detached = 'target_crashed';
          this.finishWith({ kind: 'detached', reason: 'target_crashed' });
          return;
      }
    } catch (error) {
      this.traffic.notes.add(`internal error while handling ${method}: ${messageOf(error)}`);
    }
  }

  private isTopDocument(p: RequestWillBeSent, sessionId: string | undefined): boolean {
    return (
      sessionId === undefined &&
      p.type === 'Document' &&
      p.requestId === p.loaderId &&
      p.frameId === this.topId &&
      !p.redirectResponse
    );
  }

  private onNavigated(p: FrameNavigated): void {
    if (p.frame.parentId || p.frame.id !== this.topId) return;
    this.lastActivity = this.clock.now();
    const previous = this.current();
    if (previous && !previous.left) {
      // Back and forward can restore a page from Chrome's cache without a request: the next
      // page was on screen before its screenshot could be taken.
      this.traffic.notes.add(`no screenshot of ${previous.url}: it was left without a request`);
      void this.leave(previous, false);
    }
    this.watchContext = undefined;
    this.addPage(p.frame.url + (p.frame.urlFragment ?? ''), '');
  }

  private async onLoad(): Promise<void> {
    await this.watchPage();
    const page = this.current();
    if (page && !page.left) await this.snapshot(page);
  }

  /**
   * The next top document's response is held until the page on screen was photographed:
   * while the response waits, the old page is still shown.
   */
  private beforeResume(p: RequestPaused, sessionId: string | undefined): Promise<void> | undefined {
    if (sessionId !== undefined || p.resourceType !== 'Document' || p.frameId !== this.topId)
      return undefined;
    const page = this.current();
    if (!page || page.left) return undefined;
    return withTimeout(this.clock, this.leave(page, true), LEAVE_HOLD_MS, 'Leaving the page').catch(
      (error: unknown) =>
        this.traffic.notes.add(`the screenshot of ${page.url} was cut short: ${messageOf(error)}`),
    );
  }

  // --- pages -----------------------------------------------------------------------------

  private current(): Page | undefined {
    return this.pages[this.pages.length - 1];
  }

  private addPage(url: string, title: string): void {
    this.pages.push({ url, title, ts: this.clock.now(), left: false });
    this.pagesChanged();
  }

  private pagesChanged(): void {
    try {
      this.options.onPages?.(this.pageList);
    } catch {
      // The page list shown to the user is cosmetic; the records carry the truth.
    }
  }

  /**
   * Reads the page's title and text now. Once the next document is on its way, the tab
   * answers no command meant for the page until that document commits, so what a page says
   * is read while the user is on it: at its load, and whenever it changed and settled since
   * (see `poll`). The last reading is stored as the user leaves.
   */
  private snapshot(page: Page): Promise<void> {
    if (this.snapshotting?.page === page) return this.snapshotting.done;
    const done = this.read(page).finally(() => {
      if (this.snapshotting?.done === done) this.snapshotting = undefined;
    });
    this.snapshotting = { page, done };
    return done;
  }

  /** One reading of `snapshot`. */
  private async read(page: Page): Promise<void> {
    try {
      const [pageState, text] = await Promise.all([
        this.send<EvaluateResult>(
          'Runtime.evaluate',
          { expression: PAGE_STATE, returnByValue: true },
          undefined,
        ),
        collectText(this.send, this.clock, this.traffic.sessions.documentSessions()),
        readViewport(this.send, this.clock).then(
          (layout) => (this.viewport = layout.viewport),
          () => undefined,
        ),
      ]);
      if (page.left) return;
      page.text = text.text;
      const state = pageState.result?.value as { title?: unknown; hidden?: unknown } | undefined;
      this.hidden = state?.hidden === true;
      if (typeof state?.title === 'string' && state.title && state.title !== page.title) {
        page.title = state.title;
        this.pagesChanged();
      }
    } catch {
      // Read again at the next change, or as the user leaves.
    }
  }

  /** Stores what the user saw of the page: its screenshot (when `live`) and last text. */
  private async leave(page: Page, live: boolean): Promise<void> {
    if (page.left) return;
    page.left = true;
    if (live) await this.titleFromHistory(page);
    // A tab in the background draws nothing, and the next page would wait for the screenshot.
    if (live && this.options.screenshot && this.hidden)
      this.traffic.notes.add(`no screenshot of ${page.url}: the tab was not on screen`);
    else if (live && this.options.screenshot) {
      try {
        const shot = await takeVisibleScreenshot(this.send, this.clock, page.url);
        this.traffic.storeResource(() => this.sink.resource(shot));
      } catch (error) {
        this.traffic.notes.add(`no screenshot of ${page.url}: ${messageOf(error)}`);
      }
    }
    if (page.text) {
      const text = textResource(page.url, page.text, this.clock.now());
      this.traffic.storeResource(() => this.sink.resource(text));
    } else this.traffic.notes.add(`no text of ${page.url} was read`);
    this.pagesChanged();
  }

  private history(): Promise<NavigationHistory> {
    return this.send<NavigationHistory>('Page.getNavigationHistory', {}, undefined);
  }

  private async pageInfo(fallbackUrl: string): Promise<{ url: string; title: string }> {
    const h = await this.history();
    const entry = h.entries[h.currentIndex];
    return { url: entry?.url || fallbackUrl, title: entry?.title ?? '' };
  }

  /**
   * The page's title as the tab's history knows it (the browser answers this while the
   * next document is on its way): a page left right after it loaded was never read.
   */
  private async titleFromHistory(page: Page): Promise<void> {
    try {
      const h = await this.history();
      const entry =
        h.entries[h.currentIndex]?.url === page.url
          ? h.entries[h.currentIndex]
          : h.entries.findLast((e) => e.url === page.url);
      if (entry?.title && entry.title !== entry.url) page.title = entry.title;
    } catch {
      // The title read with the text stays.
    }
  }

  // --- watching the page -----------------------------------------------------------------

  /**
   * Notes the user's input and changes to the current top document, in a world of Cairn's
   * own that the page's scripts cannot see.
   */
  private async watchPage(): Promise<void> {
    try {
      const world = await this.send<{ executionContextId: number }>(
        'Page.createIsolatedWorld',
        { frameId: this.topId, worldName: WATCH_WORLD },
        undefined,
      );
      await this.send(
        'Runtime.evaluate',
        { expression: WATCH_SCRIPT, contextId: world.executionContextId },
        undefined,
      );
      this.watchContext = world.executionContextId;
    } catch {
      // Then only requests and navigations count as activity, and the text is read at load.
    }
  }

  /**
   * Every few seconds: was there input (activity), and did the page change since its text
   * was read? A changed page is read again once its requests settled.
   */
  private async poll(): Promise<void> {
    const page = this.current();
    if (this.watchContext === undefined || !page || page.left) return;
    try {
      const r = await this.send<EvaluateResult>(
        'Runtime.evaluate',
        { expression: POLL_EXPRESSION, contextId: this.watchContext, returnByValue: true },
        undefined,
      );
      const state = r.result?.value as
        { input?: number; changed?: boolean; hidden?: boolean } | undefined;
      if (state) this.hidden = state.hidden === true;
      // The page notes input on the wall clock, like Date.now() here.
      const inputAgo = state?.input ? Date.now() - state.input : Infinity;
      if (inputAgo >= 0 && inputAgo < Infinity)
        this.lastActivity = Math.max(this.lastActivity, this.clock.now() - inputAgo);
      if (state?.changed) this.changed = true;
    } catch {
      this.watchContext = undefined;
    }
    if (this.changed && this.traffic.tracker.pendingCount(this.clock.now()) === 0) {
      this.changed = false;
      await this.snapshot(page);
    }
  }

  private housekeeping(): void {
    this.houseTimer = this.clock.setTimeout(() => {
      if (this.end) return;
      this.traffic.sweep();
      this.progress();
      void Promise.all([this.poll(), this.checkIdle()]).finally(() => this.housekeeping());
    }, HOUSEKEEPING_MS);
  }

  private checkIdle(): void {
    if (this.clock.now() - this.lastActivity >= this.options.idleStopMs)
      this.finishWith({ kind: 'idle', ms: this.options.idleStopMs });
  }

  // --- ending ----------------------------------------------------------------------------

  private finishWith(end: RecordingEnd): void {
    if (this.end) return;
    this.end = end;
    void this.finish();
  }

  private async finish(): Promise<void> {
    const end = this.end!;
    this.clock.clearTimeout(this.houseTimer);
    const live = this.detached === undefined && end.kind !== 'attach-failed' && this.started;
    try {
      // "Reload first" whose reload never happened (the user kept the page at a "Leave
      // site?" question) and no page since: the page on screen is the one recorded.
      if (live && this.pages.length === 0) {
        const info = await this.pageInfo('').catch(() => undefined);
        if (info?.url && !info.url.startsWith('about:')) this.addPage(info.url, info.title);
      }
      const page = this.current();
      if (live && page && !page.left) await this.snapshot(page);
      if (page) await this.leave(page, live);
      await this.traffic.settle();
      if (this.started) this.writeMetadata(end);
      await this.traffic.queue.drain();
      // The user keeps the tab: its requests must stop pausing before the debugger goes.
      if (live) await this.traffic.release();
    } catch (error) {
      this.traffic.notes.add(`internal error while finishing: ${messageOf(error)}`);
      await this.traffic.queue.drain();
    } finally {
      for (const unsubscribe of this.unsubscribers) unsubscribe();
      this.resolveDone(this.outcome(end));
    }
  }

  private writeMetadata(end: RecordingEnd): void {
    const env = this.options.environment;
    const first = this.pages[0];
    const last = this.current();
    const endedAt = this.clock.now();
    const metadata: CaptureMetadata = {
      software: env.software,
      browserVersion: env.browserVersion,
      userAgent: env.userAgent,
      viewport: this.viewport ?? { width: 0, height: 0, deviceScaleFactor: 1 },
      requestedUrl: first?.url ?? '',
      finalUrl: last?.url ?? first?.url ?? '',
      title: first?.title ?? '',
      startedAt: this.startedAt,
      endedAt,
      timings: { end: endedAt - this.startedAt },
      endReason: this.describe(end).endReason,
      responseCount: this.traffic.responses,
      notes: this.traffic.notes.all(),
      pages: this.pageList,
    };
    this.traffic.storeResource(() => this.sink.metadata(metadata));
  }

  private describe(end: RecordingEnd) {
    return describeRecordingEnd(end, {
      pages: this.pages.length,
      responses: this.traffic.responses,
    });
  }

  private outcome(end: RecordingEnd): RecordingOutcome {
    const { status, reasonCode, reason, endReason } = this.describe(end);
    const first = this.pages[0];
    return {
      status,
      ...(reasonCode ? { reasonCode } : {}),
      ...(reason ? { reason } : {}),
      finalUrl: first?.url ?? '',
      title: first?.title ?? '',
      responses: this.traffic.responses,
      bytes: this.traffic.bytes,
      endReason,
      pages: this.pageList,
    };
  }

  // --- plumbing --------------------------------------------------------------------------

  private progress(): void {
    this.traffic.report('recording');
  }
}
