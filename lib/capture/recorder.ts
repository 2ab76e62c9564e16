/**
 * The recorder: drives one tab over CDP from setup to the last record, composing the request
 * tracker, the body reader, the target sessions, the page lifecycle and the page extras.
 *
 * Life of a capture: setup (domains, auto-attach) → reload or navigate → load event →
 * network idle → optional auto-scroll → idle again → extras (screenshot, text) → metadata.
 * Stop, the time limit and a detach all jump to the end; everything already handed to the
 * sink stays, and `done` always resolves exactly once.
 */
import type { FrameNavigated, LoadingFailed, RequestWillBeSent } from './cdp-types';
import { type Clock, messageOf, systemClock } from './clock';
import { IdleWatcher, type ScrollResult, TopFrame, autoScroll } from './page-lifecycle';
import { collectExtras, type Extras } from './page-extras';
import { MainDocument } from './main-document';
import { isDownload } from './body-plan';
import { FramePump } from './frame-pump';
import { getHeader, mediaType } from './headers';
import { Traffic, sendWhileAttached } from './traffic';
import type { SendCommand } from './target-sessions';
import type { CaptureProgress, CaptureSink, CdpTransport } from './transport';
import type { CaptureMetadata, Exchange } from './types';
import { describeEnd, type EndCause } from './outcome';

/** How a capture runs. */
export interface RecorderOptions {
  /** Link mode: the tab is fresh (about:blank); navigate here after setup. Otherwise reload. */
  navigateTo?: string;
  /** Bytes kept per body; beyond it the first maxBodySize bytes are kept, truncated 'length'. */
  maxBodySize: number;
  /**
   * Bodies with a Content-Length above this (or of unknown length and not HTML/CSS/JS/JSON)
   * are streamed in chunks instead of read whole.
   */
  streamThreshold: number;
  /** Hard limit; then the capture finishes with what arrived (status complete, with a note). */
  maxDurationMs: number;
  /** Network quiet period after the load event before finishing (e.g. 1500). */
  idleMs: number;
  /** Scroll to the bottom step by step to trigger lazy content, then back to the top. */
  autoScroll: boolean;
  /** Take a full-page PNG as the resource `urn:view:<url>`. */
  screenshot: boolean;
  /** Who recorded: goes into the metadata record. */
  environment: { software: string; browserVersion: string; userAgent: string };
  /** Timers; tests pass a virtual clock. */
  clock?: Clock;
  /**
   * Largest body that may be read through Fetch.takeResponseBodyAsStream, which must hand
   * the whole body back in one piece. Default 32 MiB.
   */
  fulfilLimit?: number;
}

/** How a capture ended. */
export interface CaptureOutcome {
  status: 'complete' | 'partial' | 'failed';
  /** Machine code: 'max-duration', 'canceled-by-user', 'tab-closed', 'navigation-failed', ... */
  reasonCode?: string;
  /** A sentence for the user: what happened and what was kept. */
  reason?: string;
  finalUrl: string;
  title: string;
  /**
   * HTTP status of the top document stored last (after any redirects): a 404 or 500 here means
   * the archive holds the server's error page, which the user must be told. Absent when no
   * document response was stored.
   */
  pageStatus?: number;
  /** Responses stored. */
  responses: number;
  /** Payload bytes stored. */
  bytes: number;
  /** Same vocabulary as CaptureMetadata.endReason: 'idle', 'max-duration', 'stopped', ... */
  endReason: string;
  /**
   * Milestones in ms from the start of the capture, where reached: navigate (the tab set up,
   * the load begins), load (the page's load event), idle (the scroll began, once the page was
   * parsed; without auto-scroll, the network was quiet), scrollDone, finishing (the end
   * cause), extras (screenshot and text taken), reads (every body read), drained (every
   * response record stored), written (the metadata record stored, the tab released).
   */
  timings?: Record<string, number>;
}

const HOUSEKEEPING_MS = 1_000;
/** Quiet that ends one auto-scroll step, and the longest a step waits for it. */
const SCROLL_SETTLE_MS = 500;
const SCROLL_SETTLE_MAX_MS = 3_000;
/** After the scroll, at least this much of the final quiet period is new (see IdleWatcher). */
const FRESH_QUIET_MS = 300;
/** A capture tab draws frames from DOMContentLoaded, or this long into its load at the latest. */
const FRAMES_AT_LATEST_MS = 3_000;

/** Records one tab; see the file comment. */
export class Recorder {
  /** Resolves once, after every sink write settled; never rejects. */
  readonly done: Promise<CaptureOutcome>;

  private resolveDone!: (outcome: CaptureOutcome) => void;
  private readonly clock: Clock;
  private readonly send: SendCommand;
  private readonly traffic: Traffic;
  private readonly frames: FramePump;
  private readonly top = new TopFrame();
  private readonly idle: IdleWatcher;
  private readonly unsubscribers: Array<() => void> = [];
  private readonly timings: Record<string, number> = {};
  /**
   * The recorder navigates a tab of Cairn's own (`navigateTo`): a hidden tab that must be
   * made to draw, that joins the user's shared workers, where downloads are denied, and that
   * is closed afterwards. Otherwise it reloads a tab the user keeps.
   */
  private readonly ownTab: boolean;

  private phase: CaptureProgress['phase'] = 'starting';
  private startedAt = 0;
  private started = false;
  private detached?: string;
  private end?: EndCause;
  private resolveEnd!: () => void;
  private readonly ended: Promise<void>;
  private maxTimer: unknown;
  private houseTimer: unknown;
  private requestedUrl = '';
  private viewport?: CaptureMetadata['viewport'];
  private readonly mainDoc = new MainDocument();
  private download = false;
  private finalUrl = '';
  private title = '';
  /** Requests started so far: extras taken before the last quiet stand only if none came. */
  private requestsSeen = 0;
  /** Screenshot and text taken while the last quiet period ran (see run). */
  private early?: { extras: Promise<Extras>; requestsSeen: number };

  constructor(
    private readonly transport: CdpTransport,
    private readonly sink: CaptureSink,
    private readonly options: RecorderOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.send = sendWhileAttached(transport, () => this.detached !== undefined);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.ended = new Promise((resolve) => (this.resolveEnd = resolve));
    this.requestedUrl = options.navigateTo ?? '';
    this.ownTab = options.navigateTo !== undefined;
    this.traffic = new Traffic(
      transport,
      this.send,
      this.clock,
      sink,
      {
        maxBodySize: options.maxBodySize,
        streamThreshold: options.streamThreshold,
        fulfilLimit: options.fulfilLimit,
        ownTab: this.ownTab,
      },
      {
        isMainDocument: (p, sessionId) => this.isMainDocument(p, sessionId),
        mainDocumentRequested: (requestId) => this.mainDoc.requested(requestId),
        responseReceived: (requestId) => this.mainDoc.responseReceived(requestId),
        loadingFailed: (p) => {
          if (this.mainDoc.is(p.requestId)) this.onMainDocumentFailed(p);
        },
        storing: (exchange, main) => this.storing(exchange, main),
        activity: () => {
          this.requestsSeen++;
          this.idle.poke();
        },
        progress: () => this.progress(),
      },
    );
    this.frames = new FramePump(this.send, (text) => this.traffic.notes.add(text));
    this.idle = new IdleWatcher(
      this.clock,
      () => this.traffic.tracker.pendingCount(this.clock.now()),
      () => this.end !== undefined,
    );
  }

  /**
   * Sets up the tab (domains, auto-attach) and reloads it, or navigates to `navigateTo`.
   * Resolves once the load has started. Never rejects: failures end the capture and are
   * reported through `done`.
   */
  async start(): Promise<void> {
    if (this.started || this.end) return;
    this.started = true;
    this.startedAt = this.clock.now();
    try {
      this.unsubscribers.push(
        this.transport.onEvent((method, params, sessionId) =>
          this.onEvent(method, params, sessionId),
        ),
        this.transport.onDetach((reason) => {
          this.detached = reason;
          // Chrome's PDF viewer is another extension's frame: loading it detaches us. The
          // page *is* the PDF, already stored, so the capture is whole.
          const pdf = reason === 'target_closed' && this.mainDoc.stored && this.mainDoc.isPdf;
          this.finishWith(pdf ? { kind: 'pdf-viewer' } : { kind: 'detached', reason });
        }),
      );
    } catch (error) {
      this.finishWith({ kind: 'attach-failed', message: messageOf(error) });
      return;
    }
    this.maxTimer = this.clock.setTimeout(
      () => this.finishWith({ kind: 'max-duration', ms: this.options.maxDurationMs }),
      this.options.maxDurationMs,
    );
    this.housekeeping();
    this.progress();
    try {
      await this.traffic.sessions.setupTop();
      const tree = await this.send<{ frameTree: { frame: { id: string; url: string } } }>(
        'Page.getFrameTree',
        {},
        undefined,
      );
      this.top.id = tree.frameTree.frame.id;
      this.requestedUrl ||= tree.frameTree.frame.url;
    } catch (error) {
      this.finishWith({ kind: 'attach-failed', message: messageOf(error) });
      return;
    }
    // A page loaded in a capture tab of its own joins the shared workers the user's tabs
    // started: attach them now so what they fetch for the page is recorded.
    if (this.ownTab) await this.traffic.sharedWorkers.adoptRunning(this.requestedUrl);
    if (this.end) return;
    this.top.arm();
    this.traffic.gate.arm();
    // Records wait with the reads: writing them costs the loading page as much as reading.
    this.traffic.queue.holdUntil(this.traffic.gate.opened);
    this.setPhase('loading');
    const drawing = this.ownTab ? this.drawFrames() : Promise.resolve();
    void this.run(drawing);
    this.timings.navigate = this.elapsed();
    try {
      if (this.options.navigateTo) {
        // A link to a file would otherwise also land in the user's Downloads folder; the file
        // is recorded at its Fetch pause either way. Deprecated and refused in some contexts,
        // so best effort.
        await this.send('Page.setDownloadBehavior', { behavior: 'deny' }, undefined).catch(
          () => undefined,
        );
        const r = await this.send<{ errorText?: string; isDownload?: boolean }>(
          'Page.navigate',
          { url: this.options.navigateTo },
          undefined,
        );
        if (r.isDownload) this.onDownload();
        else if (r.errorText && r.errorText !== 'net::ERR_ABORTED')
          this.finishWith({ kind: 'navigation-failed', errorText: r.errorText });
      } else {
        await this.send('Page.reload', { ignoreCache: true }, undefined);
      }
    } catch (error) {
      this.finishWith({ kind: 'navigation-failed', errorText: messageOf(error) });
    }
  }

  /**
   * The user's Stop (or the caller's, with a reason code): finish now with what arrived;
   * screenshot and text are still taken when the tab allows. Resolves when done.
   */
  async stop(reason?: string): Promise<void> {
    this.finishWith({ kind: 'stopped', code: reason ?? 'stopped' });
    await this.done;
  }

  // --- events ----------------------------------------------------------------------------

  private onEvent(method: string, params: unknown, sessionId: string | undefined): void {
    try {
      if (!this.traffic.handle(method, params, sessionId)) this.dispatch(method, params, sessionId);
    } catch (error) {
      // A malformed event must not take the whole capture down.
      this.traffic.notes.add(`internal error while handling ${method}: ${messageOf(error)}`);
    }
  }

  /** Page-level events; the traffic's own go to Traffic. */
  private dispatch(method: string, params: unknown, sessionId: string | undefined): void {
    switch (method) {
      case 'Page.frameNavigated':
        this.top.onFrameNavigated(params as FrameNavigated, sessionId);
        if (sessionId === undefined) this.finalUrl = this.top.url || this.finalUrl;
        return;
      case 'Page.domContentEventFired':
        this.top.onParsed(sessionId);
        return;
      case 'Page.loadEventFired':
        this.top.onLoad(sessionId);
        if (this.top.loaded) {
          this.timings.load ??= this.elapsed();
          this.traffic.gate.open();
        }
        return;
      case 'Page.downloadWillBegin':
        if (sessionId === undefined && (params as { frameId?: string }).frameId === this.top.id)
          this.onDownload();
        return;
      case 'Inspector.targetCrashed':
        if (sessionId === undefined) {
          // Nothing left to ask the page: finish without commands.
          this.detached = 'target_crashed';
          this.finishWith({ kind: 'detached', reason: 'target_crashed' });
        }
        return;
      case 'Page.screencastFrame':
        return this.frames.onFrame(params as { sessionId: number }, sessionId);
      case 'Page.javascriptDialogOpening':
        return this.onDialog(params as { type: string; message: string }, sessionId);
    }
  }

  /** The top frame's own navigation request, after the capture's navigation began. */
  private isMainDocument(p: RequestWillBeSent, sessionId: string | undefined): boolean {
    return (
      sessionId === undefined &&
      p.type === 'Document' &&
      p.requestId === p.loaderId &&
      (this.top.id === undefined || p.frameId === this.top.id) &&
      !p.redirectResponse
    );
  }

  /**
   * A dialog would block the page (and every script the recorder runs) until someone
   * answers: alerts are acknowledged, confirm and prompt declined, the safer answer for a
   * page that is only being recorded.
   */
  private onDialog(p: { type: string; message: string }, sessionId: string | undefined): void {
    const accept = p.type === 'alert' || p.type === 'beforeunload';
    this.traffic.notes.add(
      `answered a JavaScript ${p.type} dialog with ${accept ? 'OK' : 'Cancel'}: ${p.message.slice(0, 200)}`,
    );
    void this.send('Page.handleJavaScriptDialog', { accept }, sessionId).catch(() => undefined);
  }

  private onMainDocumentFailed(p: LoadingFailed): void {
    if (this.mainDoc.responded || this.download) return;
    if (this.timings.load !== undefined) {
      // A later navigation of a page that already loaded: what was recorded stands.
      this.traffic.notes.add(`a later navigation of the page failed: ${p.errorText}`);
      return;
    }
    // ERR_ABORTED: replaced by another navigation, or turned into a download (handled there).
    if (p.errorText === 'net::ERR_ABORTED') return;
    this.finishWith({ kind: 'navigation-failed', errorText: p.errorText });
  }

  private onDownload(): void {
    if (this.download) return;
    this.download = true;
    // The file is read at its Fetch pause (in a capture tab of Cairn's own, whatever its size,
    // up to the cap): end once it is stored, not when Chrome says it is a download.
    void this.until(this.downloadSettled()).then(() =>
      this.finishWith({
        kind: 'download',
        stored: () => this.mainDoc.stored,
        cut: () => this.mainDoc.cut,
        bytes: () => this.mainDoc.bytes,
        capBytes: this.options.maxBodySize,
      }),
    );
  }

  /** Resolves once the downloaded file is stored, or nothing is left reading it. */
  private async downloadSettled(): Promise<void> {
    for (let quiet = 0; !this.mainDoc.stored && quiet < 20;) {
      const busy = await this.traffic.reader.settled();
      quiet = busy ? 0 : quiet + 1;
      if (!this.mainDoc.stored)
        await new Promise<void>((r) => this.clock.setTimeout(() => r(), 100));
    }
  }

  // --- lifecycle -------------------------------------------------------------------------

  /**
   * (Parsed →) scroll → load → quiet → finish. Any end cause cuts it short.
   *
   * The scroll starts once the document is parsed (DOMContentLoaded), not at its load event:
   * each step waits for drawn frames and for the network to settle, so scrolling while the
   * images still arrive overlaps the two (bench/capture: the scroll after the load was 0.7 s
   * of the heavy page's 2.7 s). A scroll that reached the bottom before the load event stays
   * there and goes on once the page has loaded, in case it grew. The final quiet counts the
   * quiet the last step already saw. Without auto-scroll, the quiet period follows the load.
   */
  private async run(drawing: Promise<void>): Promise<void> {
    const { idleMs, autoScroll: scrolls } = this.options;
    for (;;) {
      await this.until(scrolls ? this.top.waitForParsed() : this.top.waitForLoad());
      // Scroll steps wait for drawn frames: the screencast is asked for first.
      await this.until(drawing);
      if (this.end) return;
      let scrolled = false;
      if (scrolls) {
        this.timings.idle ??= this.elapsed();
        this.setPhase('scrolling');
        let pass = await this.scroll();
        scrolled = pass.steps > 0;
        if (this.end) return;
        if (!this.top.loaded) {
          await this.until(this.top.waitForLoad());
          if (this.end) return;
          pass = await this.scroll(pass.y);
          scrolled ||= pass.steps > 0;
          if (this.end) return;
        }
        this.timings.scrollDone = this.elapsed();
      } else {
        await this.until(this.top.waitForLoad());
        if (this.end) return;
      }
      this.setPhase('settling');
      // After a scroll every step already waited for its quiet: the last position (back at
      // the top) needs only a step's quiet of its own, counted from the last step's, with a
      // fresh look after the move. A full quiet period again only delayed the archive (0.9 s
      // of the heavy page's 3 s in bench/capture) without finding anything new.
      if (scrolled) {
        // The page is back at the top and usually done: with no request running, its
        // screenshot and text are taken while the quiet is awaited, and kept unless a
        // request started meanwhile.
        if (this.top.loaded) this.takeExtrasEarly();
        await this.idle.wait(Math.min(idleMs, SCROLL_SETTLE_MS), Infinity, FRESH_QUIET_MS);
      } else await this.idle.wait(idleMs);
      if (this.end) return;
      if (!scrolls) this.timings.idle = this.elapsed();
      // Otherwise the top document changed (script navigation): the new one is taken again.
      if (this.top.loaded) break;
    }
    this.finishWith({ kind: 'idle' });
  }

  /**
   * A capture tab of its own is in the background: it is made to draw frames like a shown
   * tab once its document is parsed (or FRAMES_AT_LATEST_MS into the load). Not from the
   * start: drawing every frame of a page still loading cost the heavy page of bench/capture
   * 15-20 % of its load, and what would have run in those frames (requestAnimationFrame,
   * IntersectionObserver, lazy images) is not lost, only run at the first one.
   */
  private async drawFrames(): Promise<void> {
    let timer: unknown;
    const latest = new Promise<void>((resolve) => {
      timer = this.clock.setTimeout(resolve, FRAMES_AT_LATEST_MS);
    });
    await this.until(Promise.race([this.top.waitForParsed(), latest]));
    this.clock.clearTimeout(timer);
    // Resolves once the command is sent, not answered: the scroll's first step (sent after
    // it) waits for frames anyway, and the answer took 0.1 s at the heavy page's load.
    if (!this.end) void this.frames.start();
  }

  /**
   * One auto-scroll pass, from the top or on from `fromY`. A page still loading when the
   * pass reaches the bottom is left there.
   */
  private scroll(fromY?: number): Promise<ScrollResult> {
    const { idleMs } = this.options;
    return autoScroll({
      send: this.send,
      clock: this.clock,
      settle: () => this.idle.wait(Math.min(idleMs, SCROLL_SETTLE_MS), SCROLL_SETTLE_MAX_MS),
      stopped: () => this.end !== undefined,
      stayAtBottom: () => !this.top.loaded,
      fromY,
    }).catch((error: unknown) => {
      // A document replaced while it was scrolled is scrolled again once it loads.
      if (this.top.loaded) this.traffic.notes.add(`auto-scroll stopped: ${messageOf(error)}`);
      return { steps: 0, y: fromY ?? -1 };
    });
  }

  /** Ends the capture (first cause wins) and starts the finishing work. */
  private finishWith(cause: EndCause): void {
    if (this.end) return;
    this.end = cause;
    this.resolveEnd();
    void this.finish();
  }

  private async finish(): Promise<void> {
    const cause = this.end!;
    this.clock.clearTimeout(this.maxTimer);
    this.clock.clearTimeout(this.houseTimer);
    this.idle.dispose();
    // Held bodies are read while the screenshot is taken.
    this.traffic.gate.open();
    const live = this.detached === undefined && cause.kind !== 'attach-failed' && this.started;
    if (this.started) this.timings.finishing = this.elapsed();
    try {
      this.setPhase('finishing');
      if (live) {
        const kind = cause.kind;
        await this.traffic.sharedWorkers.recordAdoptedScripts();
        await this.takeExtras(kind === 'idle' || kind === 'max-duration' || kind === 'stopped');
        await this.frames.stop();
        this.timings.extras = this.elapsed();
      }
      await this.traffic.settle(() => {
        if (this.started) this.timings.reads = this.elapsed();
      });
      if (this.started) this.timings.drained = this.elapsed();
      if (this.started) this.writeMetadata(cause);
      await this.traffic.queue.drain();
      // A capture tab of Cairn's own is closed next, which releases everything at once; only
      // a tab the user keeps must get its interception switched off.
      if (live && !this.ownTab) await this.traffic.release();
    } catch (error) {
      this.traffic.notes.add(`internal error while finishing: ${messageOf(error)}`);
      await this.traffic.queue.drain();
    } finally {
      for (const unsubscribe of this.unsubscribers) unsubscribe();
      if (this.started) this.timings.written = this.elapsed();
      this.resolveDone(this.outcome(cause));
    }
  }

  private takeExtrasEarly(): void {
    // Only a page with no request still running: one that is still arriving can change the
    // page when it ends (a title set once a big file is in) without any new request starting.
    if (this.traffic.tracker.pendingCount(this.clock.now()) > 0) return;
    const extras = this.collectExtras(true);
    // Failures are notes inside Extras; a rejection here would only be a bug, retaken below.
    extras.catch(() => undefined);
    this.early = { extras, requestsSeen: this.requestsSeen };
  }

  private collectExtras(full: boolean): Promise<Extras> {
    return collectExtras(this.send, this.clock, {
      full,
      screenshot: this.options.screenshot,
      fallbackUrl: this.finalUrl || this.requestedUrl,
      childDocuments: this.traffic.sessions.documentSessions(),
    });
  }

  /**
   * Screenshot and text when `full`, and in any case the final URL, title and viewport. The
   * early ones stand when nothing was requested since they were begun; otherwise the page
   * may have changed, and they are taken again (after the early ones finished: one
   * screenshot at a time).
   */
  private async takeExtras(full: boolean): Promise<void> {
    const early = this.early;
    this.early = undefined;
    const earlyExtras = early ? await early.extras.catch(() => undefined) : undefined;
    const stands = full && earlyExtras && early!.requestsSeen === this.requestsSeen;
    const extras = stands ? earlyExtras : await this.collectExtras(full);
    this.viewport = extras.viewport ?? this.viewport;
    this.finalUrl = extras.url ?? this.finalUrl;
    this.title = extras.title ?? this.title;
    for (const resource of extras.resources)
      this.traffic.queue.push(() => this.sink.resource(resource));
    for (const note of extras.notes) this.traffic.notes.add(note);
  }

  private writeMetadata(cause: EndCause): void {
    const endedAt = this.clock.now();
    const env = this.options.environment;
    const metadata: CaptureMetadata = {
      software: env.software,
      browserVersion: env.browserVersion,
      userAgent: env.userAgent,
      viewport: this.viewport ?? { width: 0, height: 0, deviceScaleFactor: 1 },
      requestedUrl: this.requestedUrl,
      finalUrl: this.finalUrl || this.requestedUrl,
      title: this.title,
      startedAt: this.startedAt,
      endedAt,
      timings: { ...this.timings, end: endedAt - this.startedAt },
      endReason: describeEnd(cause, this.summary()).endReason,
      responseCount: this.traffic.responses,
      notes: this.traffic.notes.all(),
    };
    this.traffic.queue.push(() => this.sink.metadata(metadata));
  }

  private outcome(cause: EndCause): CaptureOutcome {
    const described = describeEnd(cause, this.summary());
    let { status, reasonCode, reason } = described;
    const { queue, responses, bytes } = this.traffic;
    if (queue.failures > 0 && status === 'complete') {
      status = 'partial';
      reasonCode = 'storage-failed';
      reason = `${plural(queue.failures, 'record')} could not be saved (${queue.firstError}); ${plural(responses, 'response')} stored before that ${responses === 1 ? 'was' : 'were'} kept.`;
    }
    return {
      status,
      ...(reasonCode ? { reasonCode } : {}),
      ...(reason ? { reason } : {}),
      finalUrl: this.finalUrl || this.requestedUrl,
      title: this.title,
      ...(this.mainDoc.status !== undefined ? { pageStatus: this.mainDoc.status } : {}),
      responses,
      bytes,
      endReason: described.endReason,
      ...(this.started ? { timings: { ...this.timings } } : {}),
    };
  }

  private summary() {
    return { responses: this.traffic.responses, mainDocumentStored: this.mainDoc.stored };
  }

  // --- plumbing --------------------------------------------------------------------------

  /** An exchange goes to the sink: a top document's tells what the page is. */
  private storing(exchange: Exchange, mainDocument: boolean): void {
    if (!mainDocument) return;
    this.mainDoc.storedAs(exchange);
    // In a capture tab the file was read for the archive and its request ended there, so
    // Chrome never reports a download: the stored file says it.
    const type = mediaType(getHeader(exchange.response.headers, 'content-type'));
    if (this.ownTab && isDownload(exchange.response.headers, type)) this.onDownload();
  }

  private until(promise: Promise<unknown>): Promise<unknown> {
    return Promise.race([promise, this.ended]);
  }

  private housekeeping(): void {
    this.houseTimer = this.clock.setTimeout(() => {
      if (this.end) return;
      this.traffic.sweep();
      this.progress();
      this.housekeeping();
    }, HOUSEKEEPING_MS);
  }

  private elapsed(): number {
    return this.clock.now() - this.startedAt;
  }

  private setPhase(phase: CaptureProgress['phase']): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.progress();
  }

  private progress(): void {
    this.traffic.report(this.phase);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
