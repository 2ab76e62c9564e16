/**
 * What a recorded tab sends and receives, and its way into the sink: the network and Fetch
 * events of the tab and its child targets, the bodies read for them, the exchanges built
 * from them and the ordered writes that store them.
 *
 * Both ways of recording use it: the one-page capture (Recorder), which decides when a page
 * is done, and the recording of a tab the user browses (TabRecorder), which follows them
 * from page to page. Page-level events (load, navigation, dialogs) stay with them.
 */
import { BodyReader } from './body-reader';
import { cdpBytes } from '../bytes';
import type {
  AttachedToTarget,
  DataReceived,
  DetachedFromTarget,
  LoadingFailed,
  LoadingFinished,
  RequestPaused,
  RequestWillBeSent,
  RequestWillBeSentExtraInfo,
  ResponseReceived,
  ResponseReceivedExtraInfo,
} from './cdp-types';
import { type Clock, messageOf, withTimeout } from './clock';
import { RequestTracker } from './request-tracker';
import { Notes, SinkQueue } from './sink-queue';
import { ReadGate } from './read-gate';
import { SharedWorkers } from './shared-workers';
import { TargetSessions, type SendCommand } from './target-sessions';
import type { CaptureProgress, CaptureSink, CdpTransport } from './transport';
import type { Exchange } from './types';

/** How bodies are read; see RecorderOptions. */
export interface TrafficOptions {
  maxBodySize: number;
  streamThreshold: number;
  /** See RecorderOptions.fulfilLimit; default 32 MiB. */
  fulfilLimit?: number;
  /** The tab is Cairn's own capture tab (see Recorder's `ownTab`). */
  ownTab: boolean;
}

/** What the recording around the traffic is told, and asked. */
export interface TrafficHooks {
  /** The top frame's own navigation request (a new top document), after the recording began. */
  isMainDocument(p: RequestWillBeSent, sessionId: string | undefined): boolean;
  mainDocumentRequested(requestId: string): void;
  responseReceived(requestId: string): void;
  loadingFailed(p: LoadingFailed): void;
  /** An exchange is about to be queued for the sink. */
  storing(exchange: Exchange, mainDocument: boolean): void;
  /**
   * A response is paused: a promise returned here is awaited before it is read and resumed
   * (the tab recording takes the leaving page's screenshot while the next one is held).
   */
  beforeResume?(p: RequestPaused, sessionId: string | undefined): Promise<void> | undefined;
  /** A request started or a response paused: the network is not quiet. */
  activity(): void;
  /** Counters changed. */
  progress(): void;
}

/** Held body reads and writes: see ReadGate and SinkQueue. */
const HOLD_BYTES = 64 * 1024 * 1024;
const HOLD_MS = 5_000;
const READS_IN_FLIGHT = 4;
/**
 * Writes serialized at once. Each IndexedDB commit costs 30 to 100 ms whatever it holds, and
 * a commit takes every write already serialized behind the first (OrderedAppends): with 8 at
 * once the heavy page's 156 responses took 41 commits after its load, with 32 they take 14
 * (bench/capture: last writes after the extras 0.65-1.2 s -> 0.07-0.25 s). The bodies are in
 * memory while queued anyway; more at once adds only their members in flight.
 */
const WRITES_AT_ONCE = 32;
const POST_DATA_TIMEOUT_MS = 5_000;
const RELEASE_TIMEOUT_MS = 2_000;
const DEFAULT_FULFIL_LIMIT = 32 * 1024 * 1024;
/** How long an exchange waits for ExtraInfo headers before it is stored without them. */
const EXTRA_INFO_WAIT_MS = 2_000;

/**
 * A recorder's way to send commands: refused at once once the debugger is gone, so nothing
 * waits for an answer that cannot come.
 */
export function sendWhileAttached(transport: CdpTransport, detached: () => boolean): SendCommand {
  return <T = unknown>(method: string, params: object, sessionId: string | undefined) =>
    detached()
      ? Promise.reject(new Error('the debugger is detached'))
      : transport.send<T>(method, params, sessionId);
}

/** The recorded traffic of one tab; see the file comment. */
export class Traffic {
  readonly tracker: RequestTracker;
  readonly reader: BodyReader;
  readonly gate: ReadGate;
  readonly sessions: TargetSessions;
  readonly sharedWorkers: SharedWorkers;
  readonly queue = new SinkQueue(WRITES_AT_ONCE);
  readonly notes = new Notes();
  /** Responses and payload bytes stored so far. */
  responses = 0;
  bytes = 0;
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    transport: CdpTransport,
    private readonly send: SendCommand,
    private readonly clock: Clock,
    private readonly sink: CaptureSink,
    options: TrafficOptions,
    private readonly hooks: TrafficHooks,
  ) {
    const note = (text: string) => this.notes.add(text);
    this.tracker = new RequestTracker({
      now: () => this.clock.now(),
      exchange: (exchange, info) => this.store(exchange, info.mainDocument),
      note,
      needNetworkBody: (key, sessionId, bytes) =>
        this.gate.submit(() => this.reader.readNetworkBody(key, sessionId), bytes),
      needPostData: (requestId, sessionId, hop) => this.fetchPostData(requestId, sessionId, hop),
    });
    this.reader = new BodyReader({
      send,
      clock,
      maxBodySize: options.maxBodySize,
      streamThreshold: options.streamThreshold,
      fulfilLimit: options.fulfilLimit ?? DEFAULT_FULFIL_LIMIT,
      ownTab: options.ownTab,
      deliver: (key, outcome) => this.tracker.setBody(key, outcome),
      networkSession: (requestId) => this.tracker.networkSessionOf(requestId),
      skip: (key, text) => this.tracker.skip(key, text),
      readLater: (key) => this.tracker.releaseClaim(key),
    });
    this.gate = new ReadGate({
      clock,
      maxHeldBytes: HOLD_BYTES,
      maxHoldMs: HOLD_MS,
      maxInFlight: READS_IN_FLIGHT,
    });
    this.sessions = new TargetSessions(send, clock, note);
    this.sharedWorkers = new SharedWorkers(transport, this.sessions, clock, send, note);
  }

  /** Handles a network, Fetch or target event; false for any other event. */
  handle(method: string, params: unknown, sessionId: string | undefined): boolean {
    switch (method) {
      case 'Fetch.requestPaused':
        this.onPaused(params as RequestPaused, sessionId);
        return true;
      case 'Network.requestWillBeSent': {
        const p = params as RequestWillBeSent;
        const main = this.hooks.isMainDocument(p, sessionId);
        if (main) {
          this.hooks.mainDocumentRequested(p.requestId);
          // The next document replaces the renderer's buffers: read what waits there now.
          this.gate.flush();
        }
        this.tracker.requestWillBeSent(p, sessionId, main);
        this.hooks.activity();
        return true;
      }
      case 'Network.requestWillBeSentExtraInfo':
        this.tracker.requestWillBeSentExtraInfo(params as RequestWillBeSentExtraInfo);
        return true;
      case 'Network.responseReceived': {
        const p = params as ResponseReceived;
        this.hooks.responseReceived(p.requestId);
        this.tracker.responseReceived(p);
        return true;
      }
      case 'Network.responseReceivedExtraInfo':
        this.tracker.responseReceivedExtraInfo(params as ResponseReceivedExtraInfo);
        return true;
      case 'Network.dataReceived': {
        const p = params as DataReceived;
        this.tracker.activity(p.requestId);
        this.reader.onData(p, sessionId);
        return true;
      }
      case 'Network.loadingFinished': {
        const p = params as LoadingFinished;
        this.reader.onFinished(p.requestId, sessionId);
        this.tracker.loadingFinished(p.requestId, sessionId, p.encodedDataLength);
        return true;
      }
      case 'Network.loadingFailed': {
        const p = params as LoadingFailed;
        this.reader.onFailed(p.requestId, p.errorText);
        this.tracker.loadingFailed(p);
        this.hooks.loadingFailed(p);
        return true;
      }
      case 'Network.requestServedFromCache':
        this.tracker.requestServedFromCache((params as { requestId: string }).requestId);
        return true;
      case 'Target.attachedToTarget':
        this.sessions.onAttached(params as AttachedToTarget, sessionId);
        return true;
      case 'Target.detachedFromTarget':
        this.sessions.onDetached(params as DetachedFromTarget);
        return true;
    }
    return false;
  }

  /** Keeps `work` among what `settle` waits for. */
  track(work: Promise<unknown>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  /** Queues a generated resource (screenshot, text) for the sink. */
  storeResource(write: () => Promise<void>): void {
    this.queue.push(write);
  }

  /**
   * The end of the traffic: waits for child setups, held and running reads and background
   * work (`afterReads` marks that moment), then stores what is still open (without its
   * missing parts) and every queued write.
   */
  async settle(afterReads?: () => void): Promise<void> {
    await this.sessions.settled();
    await this.gate.idle();
    await this.reader.close();
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
    afterReads?.();
    this.tracker.flush();
    if (this.sessions.seenTypes.size > 0) {
      const kinds = [...this.sessions.seenTypes].map(
        ([type, n]) => `${n} ${type.replace('_', ' ')}`,
      );
      this.notes.add(`also recorded in child targets: ${kinds.join(', ')}`);
    }
    await this.queue.drain();
  }

  /** Tells the sink the counters and `phase` (cosmetic: a failing sink is ignored). */
  report(phase: CaptureProgress['phase']): void {
    try {
      this.sink.progress({
        responses: this.responses,
        bytes: this.bytes,
        pending: this.tracker.openCount(),
        phase,
      });
    } catch {
      // The sink promised not to throw, but a bug there must not stop the recording.
    }
  }

  /**
   * Stops pausing the tab's requests and holding new children, for a tab that lives on after
   * the recording (the user's own); bounded, since the tab may not answer any more.
   */
  async release(): Promise<void> {
    await withTimeout(this.clock, this.sessions.release(), RELEASE_TIMEOUT_MS, 'Release').catch(
      () => undefined,
    );
  }

  /** Exchanges left waiting too long for their ExtraInfo headers are stored without them. */
  sweep(): void {
    this.tracker.sweep(this.clock.now(), EXTRA_INFO_WAIT_MS);
  }

  private onPaused(p: RequestPaused, sessionId: string | undefined): void {
    const atResponse = p.responseStatusCode !== undefined && p.responseErrorReason === undefined;
    const { key, claim } = atResponse ? this.tracker.fetchPaused(p) : { key: '', claim: false };
    this.hooks.activity();
    const before = atResponse ? this.hooks.beforeResume?.(p, sessionId) : undefined;
    if (atResponse && p.resourceType === 'Other' && this.sharedWorkers.supported) {
      // Worker scripts load as 'Other'. While this response is held the worker cannot run,
      // so a shared worker attached now is recorded from its first request.
      this.track(
        Promise.all([before, this.sharedWorkers.attach(p.request.url)]).then(() =>
          this.reader.handlePause(p, sessionId, key, claim),
        ),
      );
      return;
    }
    if (before) {
      this.track(before.then(() => this.reader.handlePause(p, sessionId, key, claim)));
      return;
    }
    void this.reader.handlePause(p, sessionId, key, claim);
  }

  private fetchPostData(requestId: string, sessionId: string | undefined, hop: number): void {
    this.track(
      withTimeout(
        this.clock,
        this.send<{ postData: string; base64Encoded?: boolean }>(
          'Network.getRequestPostData',
          { requestId },
          sessionId,
        ),
        POST_DATA_TIMEOUT_MS,
        'Network.getRequestPostData',
      ).then(
        (r) =>
          this.tracker.setPostData(requestId, hop, cdpBytes(r.postData, r.base64Encoded ?? false)),
        (error: unknown) => {
          this.notes.add(
            `request body of ${this.tracker.urlOf(requestId)} could not be read: ${messageOf(error)}`,
          );
          this.tracker.setPostData(requestId, hop, undefined);
        },
      ),
    );
  }

  private store(exchange: Exchange, mainDocument: boolean): void {
    this.hooks.storing(exchange, mainDocument);
    const size = exchange.response.body?.length ?? 0;
    this.gate.hold(size);
    this.queue.push(
      () => this.sink.exchange(exchange),
      () => {
        this.responses++;
        this.bytes += size;
        this.hooks.progress();
      },
    );
  }
}
