/**
 * Reads response bodies over CDP and resumes every paused response, whatever happens.
 *
 * Small bodies: images, scripts and stylesheets the renderer will surely keep (canReadLater)
 * are let through at once and read from the renderer with Network.getResponseBody after the
 * page's load (ReadGate): reading while the page waits costs it the most. Other small bodies:
 * Fetch.getResponseBody while paused. Large or unknown-length ones are streamed through the
 * Network domain so memory stays bounded:
 *
 * - Where to call Network.streamResourceContent: at the Fetch pause, before continuing. The
 *   renderer already knows the request (requestWillBeSent came first) but no byte has flowed
 *   yet, so `bufferedData` is empty and every byte arrives in Network.dataReceived events in
 *   order. Calling it at responseReceived instead races the body: Chromium 156 returned up to
 *   the whole 3 MB test body as one `bufferedData` string there, or "already finished
 *   loading" for fast responses, which is exactly the unbounded memory this avoids.
 * - The command goes to the session that announced the request (a dedicated worker's session
 *   for its fetches, although the pause arrives in the page's session).
 * - Navigations are the exception: their renderer is not reachable while the navigation is
 *   paused (the command waits for the commit, which waits for us: a deadlock), so they are
 *   continued first and streamed from their first dataReceived, with whatever the renderer
 *   buffered until then.
 *
 * After Fetch.takeResponseBodyAsStream a request cannot be continued, only fulfilled with the
 * whole body in one base64 string; that path is the fallback for known lengths up to
 * `fulfilLimit`. Network.getResponseBody after loadingFinished is the last resort.
 */
import { cdpBytes } from '../bytes';
import { BodyAccumulator, recordedBody } from './body-buffer';
import { takeAndFulfil } from './fetch-stream';
import { canReadLater, declaredLength, isRenderedType, planBody, type BodyPlan } from './body-plan';
import type { Clock } from './clock';
import { messageOf, withTimeout } from './clock';
import type { DataReceived, RequestPaused } from './cdp-types';
import { getHeader, headerListFromEntries, mediaType } from './headers';
import type { BodyOutcome } from './request-state';
import type { HeaderList } from './types';

/** How long a stream or body command may take before the response is let through anyway. */
const COMMAND_TIMEOUT_MS = 5_000;
/** How long the end of a capture waits for streamResourceContent answers still on their way. */
const STREAM_SETUP_WAIT_MS = 10_000;
/**
 * Fetch.getResponseBody waits for the whole body while the page waits for us: bounded, so a
 * response that never ends (a long poll served as JSON) holds the page up this long at most.
 */
const FETCH_BODY_TIMEOUT_MS = 20_000;
/**
 * Once the capture ends, a body still being read whole gets this much longer: a response that
 * never ends must not hold the end of the capture for the full FETCH_BODY_TIMEOUT_MS.
 */
const CLOSE_GRACE_MS = 1_500;

/** What the reader needs from the recorder. */
export interface BodyReaderDeps {
  send<T = unknown>(method: string, params: object, sessionId: string | undefined): Promise<T>;
  clock: Clock;
  maxBodySize: number;
  streamThreshold: number;
  fulfilLimit: number;
  /** The tab is Cairn's own capture tab (downloads denied; see BodyPlan 'take-download'). */
  ownTab?: boolean;
  /** Files a body (or its loss) under the tracker key. */
  deliver(key: string, outcome: BodyOutcome): void;
  /** Which session announced a request, if any did yet. */
  networkSession(requestId: string): { known: boolean; sessionId?: string };
  /** Marks a response as not stored. */
  skip(key: string, note?: string): void;
  /**
   * Gives a claimed body back, to be read from the renderer once the request finished.
   * False when that is no longer possible.
   */
  readLater(key: string): boolean;
}

type StreamMode = 'setup' | 'on' | 'await-data' | 'failed';

interface StreamState {
  key: string;
  acc: BodyAccumulator;
  mode: StreamMode;
  /** Chunks that arrived while the streamResourceContent answer was on its way. */
  queued: string[];
  /** loadingFinished / loadingFailed seen (and the session that reported it). */
  ended?: { ok: boolean; sessionId?: string };
  contentType: string;
  delivered: boolean;
}

/** Reads bodies; one instance per capture. */
export class BodyReader {
  private readonly streams = new Map<string, StreamState>();
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;
  /** Rejects CLOSE_GRACE_MS after close(), so whole-body reads still waiting give up. */
  private abortReads!: (error: Error) => void;
  private readonly readsAborted = new Promise<never>((_, reject) => (this.abortReads = reject));

  constructor(private readonly deps: BodyReaderDeps) {}

  /**
   * Handles one Fetch.requestPaused: reads or arranges the body when `claim` is set, and
   * always resumes the request (continue, or fulfil after taking the stream).
   */
  async handlePause(
    p: RequestPaused,
    sessionId: string | undefined,
    key: string,
    claim: boolean,
  ): Promise<void> {
    const work = this.pause(p, sessionId, key, claim);
    this.track(work);
    await work;
  }

  /** Network.dataReceived: feeds a stream, or starts a navigation's stream. */
  onData(p: DataReceived, sessionId: string | undefined): void {
    const st = this.streams.get(p.requestId);
    if (!st || st.delivered) return;
    if (st.mode === 'await-data') {
      this.startStream(p.requestId, st, sessionId);
      return; // The data of this event is part of the buffered data the command returns.
    }
    if (p.data === undefined) return;
    if (st.mode === 'setup') st.queued.push(p.data);
    else if (st.mode === 'on') st.acc.appendBase64(p.data);
  }

  /** Network.loadingFinished for a request this reader may be streaming. */
  onFinished(requestId: string, sessionId: string | undefined): void {
    const st = this.streams.get(requestId);
    if (!st || st.delivered) return;
    st.ended = { ok: true, sessionId };
    if (st.mode === 'on') this.finishStream(requestId, st);
    else if (st.mode === 'await-data' || st.mode === 'failed')
      this.fallbackToNetworkBody(requestId, st, sessionId);
    // 'setup': finished once the command answers.
  }

  /** Network.loadingFailed: a stream cut short keeps what arrived, marked 'disconnect'. */
  onFailed(requestId: string, errorText: string): void {
    const st = this.streams.get(requestId);
    if (!st || st.delivered) return;
    st.ended = { ok: false };
    if (st.mode === 'setup') return;
    this.endBroken(requestId, st, errorText);
  }

  /**
   * Reads a finished request's body with Network.getResponseBody: no Fetch pause saw it, or
   * its pause let it through to be read later (canReadLater). Resolves once the body (or its
   * loss) was delivered.
   */
  readNetworkBody(key: string, sessionId: string | undefined): Promise<void> {
    const work = this.networkBody(key, sessionId).then((outcome) =>
      this.deps.deliver(key, outcome),
    );
    this.track(work);
    return work;
  }

  /**
   * End of capture: streams still running are kept as far as they got ('disconnect'), and
   * no new reads start. Resolves when the reads already running have settled (bounded by
   * their own timeouts).
   */
  async close(): Promise<void> {
    this.closed = true;
    this.readsAborted.catch(() => undefined);
    const grace = this.deps.clock.setTimeout(
      () => this.abortReads(new Error('the capture ended before it finished loading')),
      CLOSE_GRACE_MS,
    );
    // Stream setups and reads under way finish first (each is bounded by its timeout):
    // cutting a stream whose streamResourceContent answer is on its way would lose its start.
    await this.idle();
    this.deps.clock.clearTimeout(grace);
    for (const [requestId, st] of this.streams) {
      if (!st.delivered)
        this.endBroken(requestId, st, 'the capture ended before it finished loading');
    }
    await this.idle();
  }

  /** Waits for the reads running now; says whether there were any. */
  async settled(): Promise<boolean> {
    const busy = this.running.size > 0;
    await this.idle();
    return busy;
  }

  private async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  // --- pause handling --------------------------------------------------------------------

  private async pause(
    p: RequestPaused,
    sessionId: string | undefined,
    key: string,
    claim: boolean,
  ): Promise<void> {
    const fetchId = p.requestId;
    if (p.responseStatusCode === undefined && p.responseErrorReason === undefined) {
      // Request stage (Chrome sends these for some requests even with a Response pattern).
      await this.resume('Fetch.continueRequest', fetchId, sessionId);
      return;
    }
    if (p.responseErrorReason !== undefined || !claim || this.closed) {
      await this.resume(
        p.responseErrorReason !== undefined ? 'Fetch.continueRequest' : 'Fetch.continueResponse',
        fetchId,
        sessionId,
      );
      return;
    }
    const headers = headerListFromEntries(p.responseHeaders);
    let resumed = false;
    try {
      const plan = planBody({
        url: p.request.url,
        method: p.request.method,
        status: p.responseStatusCode ?? 0,
        headers,
        resourceType: p.resourceType,
        streamThreshold: this.deps.streamThreshold,
        fulfilLimit: this.deps.fulfilLimit,
        // Only the top frame's own navigation: a frame's download would still be denied, but
        // reading it whole is not worth holding the capture for.
        ownTab: this.deps.ownTab && sessionId === undefined,
      });
      resumed = await this.follow(plan, p, sessionId, key, headers);
    } catch (error) {
      this.deps.deliver(key, { ok: false, reason: messageOf(error) });
    } finally {
      if (!resumed) await this.resume('Fetch.continueResponse', fetchId, sessionId);
    }
  }

  /** Carries out a plan; returns true if it already resumed the request itself. */
  private async follow(
    plan: BodyPlan,
    p: RequestPaused,
    sessionId: string | undefined,
    key: string,
    headers: HeaderList,
  ): Promise<boolean> {
    const contentType = getHeader(headers, 'content-type') ?? '';
    switch (plan.kind) {
      case 'skip':
        this.deps.skip(key, plan.note);
        return false;
      case 'empty':
        this.deps.deliver(key, { ok: true });
        return false;
      case 'too-large':
        this.deps.skip(
          key,
          `not stored: ${p.request.url} (a ${Math.round(plan.length / 1048576)} MB file shown as a page is too large to record)`,
        );
        return false;
      case 'fetch': {
        const status = p.responseStatusCode ?? 0;
        if (
          canReadLater(p.resourceType, status, mediaType(contentType)) &&
          p.networkId &&
          this.deps.readLater(key)
        )
          return false;
        const outcome = await this.fetchBody(p.requestId, sessionId, contentType, headers);
        // A slow or odd body (a chunked page still arriving after FETCH_BODY_TIMEOUT_MS) can
        // still be recorded where the renderer receives it, unless it never reaches one.
        const rendered = p.resourceType !== 'Document' || isRenderedType(mediaType(contentType));
        if (!outcome.ok && p.networkId && rendered && !this.closed) {
          this.openStream(key, 'await-data', contentType, p.networkId);
        } else {
          this.deps.deliver(key, outcome);
        }
        return false;
      }
      case 'document-stream':
        this.openStream(key, 'await-data', contentType);
        return false;
      case 'stream':
        if (await this.streamAtPause(p, sessionId, key, contentType)) return false;
        return this.fallbackAtPause(p, sessionId, key, headers, contentType);
      case 'take-stream':
        return this.takeStream(p, sessionId, key, headers, contentType);
      case 'take-download':
        return this.takeStream(p, sessionId, key, headers, contentType, 'discard');
    }
  }

  private async fetchBody(
    fetchId: string,
    sessionId: string | undefined,
    contentType: string,
    headers: HeaderList,
  ): Promise<BodyOutcome> {
    try {
      const r = await Promise.race([
        this.command<{ body: string; base64Encoded: boolean }>(
          'Fetch.getResponseBody',
          { requestId: fetchId },
          sessionId,
          FETCH_BODY_TIMEOUT_MS,
        ),
        this.readsAborted,
      ]);
      const bytes = cdpBytes(r.body, r.base64Encoded);
      const body = recordedBody(bytes, this.deps.maxBodySize, contentType);
      // A connection that broke mid-body still answers with what arrived: shorter than the
      // announced length (comparable only when the bytes on the wire were not encoded).
      const declared = declaredLength(headers);
      const encoded = getHeader(headers, 'content-encoding') !== undefined;
      if (!body.truncated && !encoded && declared !== undefined && bytes.length < declared) {
        body.truncated = 'disconnect';
      }
      return { ok: true, body };
    } catch (error) {
      return { ok: false, reason: `its body could not be read: ${messageOf(error)}` };
    }
  }

  /**
   * Network.streamResourceContent on the request's own session, before continuing. The
   * requestWillBeSent naming that session can come after the pause (seen for fetch() POSTs
   * in a busy page); the pausing session is then the best guess.
   */
  private async streamAtPause(
    p: RequestPaused,
    sessionId: string | undefined,
    key: string,
    contentType: string,
  ): Promise<boolean> {
    const requestId = p.networkId;
    if (!requestId) return false;
    const owner = this.deps.networkSession(requestId);
    const st = this.openStream(key, 'setup', contentType, requestId);
    const answer = this.startStream(requestId, st, owner.known ? owner.sessionId : sessionId);
    // A slow answer must not hold the page: past the wait the response is continued and the
    // stream keeps waiting for its answer (no data can flow to it before that answer anyway).
    const ok = await withTimeout(this.deps.clock, answer, COMMAND_TIMEOUT_MS, 'stream').catch(
      () => 'late' as const,
    );
    if (ok !== false) return true;
    // Refused at once: other ways are still open while the response is paused.
    this.streams.delete(requestId);
    return false;
  }

  /** When streaming at the pause is refused: take the Fetch stream if it fits, else stream later. */
  private async fallbackAtPause(
    p: RequestPaused,
    sessionId: string | undefined,
    key: string,
    headers: HeaderList,
    contentType: string,
  ): Promise<boolean> {
    const length = declaredLength(headers);
    if (length !== undefined && length <= this.deps.fulfilLimit)
      return this.takeStream(p, sessionId, key, headers, contentType);
    // Continue and try again from the first data event, then Network.getResponseBody.
    if (p.networkId) this.openStream(key, 'await-data', contentType, p.networkId);
    else
      this.deps.deliver(key, {
        ok: false,
        reason: 'too large to read without streaming, which Chrome refused',
      });
    return false;
  }

  /** The Fetch-stream fallback; a stream Chrome would not hand over is tried via Network. */
  private async takeStream(
    p: RequestPaused,
    sessionId: string | undefined,
    key: string,
    headers: HeaderList,
    contentType: string,
    mode: 'fulfil' | 'discard' = 'fulfil',
  ): Promise<boolean> {
    const result = await takeAndFulfil(
      { command: (m, params, s, t) => this.command(m, params, s, t), send: this.deps.send },
      p,
      sessionId,
      headers,
      this.deps.maxBodySize,
      contentType,
      mode,
    );
    if (result.taken) {
      this.deps.deliver(key, result.outcome);
      return true;
    }
    // Not taken, so the request can still be continued; try the Network domain later.
    if (p.networkId) this.openStream(key, 'await-data', contentType, p.networkId);
    else this.deps.deliver(key, { ok: false, reason: 'its body could not be read' });
    return false;
  }

  // --- Network streaming -----------------------------------------------------------------

  private openStream(
    key: string,
    mode: StreamMode,
    contentType: string,
    requestId = key,
  ): StreamState {
    const st: StreamState = {
      key,
      acc: new BodyAccumulator(this.deps.maxBodySize),
      mode,
      queued: [],
      contentType,
      delivered: false,
    };
    this.streams.set(requestId, st);
    return st;
  }

  /**
   * Sends Network.streamResourceContent once. Its answer is used whenever it comes: under
   * load it can sit behind megabytes of another stream's events, and a late answer must not
   * be mistaken for a refusal (streaming would then be on while this reader ignores the
   * data). Until it comes, data events queue up; they can only carry data after the renderer
   * answered, so the queue stays short.
   */
  private startStream(
    requestId: string,
    st: StreamState,
    sessionId: string | undefined,
  ): Promise<boolean> {
    st.mode = 'setup';
    const answer = this.deps
      .send<{ bufferedData?: string }>('Network.streamResourceContent', { requestId }, sessionId)
      .then(
        (r) => {
          this.streamOn(requestId, st, r.bufferedData);
          return true;
        },
        () => {
          if (st.delivered) return false;
          st.mode = 'failed';
          st.queued = [];
          if (st.ended?.ok)
            this.fallbackToNetworkBody(requestId, st, st.ended.sessionId ?? sessionId);
          else if (st.ended) this.endBroken(requestId, st, 'the connection broke');
          return false;
        },
      );
    // close() waits for this at most STREAM_SETUP_WAIT_MS; the stream is cut there if needed.
    this.track(
      withTimeout(this.deps.clock, answer, STREAM_SETUP_WAIT_MS, 'Network.streamResourceContent'),
    );
    return answer;
  }

  /** Streaming confirmed: buffered data first, then what queued up meanwhile. */
  private streamOn(requestId: string, st: StreamState, bufferedData: string | undefined): void {
    if (st.delivered) return;
    st.mode = 'on';
    if (bufferedData) st.acc.appendBase64(bufferedData);
    for (const chunk of st.queued) st.acc.appendBase64(chunk);
    st.queued = [];
    if (st.ended?.ok) this.finishStream(requestId, st);
    else if (st.ended) this.endBroken(requestId, st, 'the connection broke');
  }

  private finishStream(requestId: string, st: StreamState): void {
    st.delivered = true;
    this.streams.delete(requestId);
    this.deps.deliver(st.key, { ok: true, body: st.acc.finish(st.contentType) });
  }

  private endBroken(requestId: string, st: StreamState, why: string): void {
    st.delivered = true;
    this.streams.delete(requestId);
    for (const chunk of st.queued) st.acc.appendBase64(chunk);
    st.acc.markDisconnected();
    this.deps.deliver(
      st.key,
      st.acc.length > 0
        ? { ok: true, body: st.acc.finish(st.contentType) }
        : { ok: false, reason: why },
    );
  }

  private fallbackToNetworkBody(
    requestId: string,
    st: StreamState,
    sessionId: string | undefined,
  ): void {
    st.delivered = true;
    this.streams.delete(requestId);
    this.readNetworkBody(st.key, sessionId);
  }

  private async networkBody(key: string, sessionId: string | undefined): Promise<BodyOutcome> {
    try {
      const r = await this.command<{ body: string; base64Encoded: boolean }>(
        'Network.getResponseBody',
        { requestId: key },
        sessionId,
      );
      return {
        ok: true,
        body: recordedBody(cdpBytes(r.body, r.base64Encoded), this.deps.maxBodySize),
      };
    } catch (error) {
      return { ok: false, reason: `its body was no longer available: ${messageOf(error)}` };
    }
  }

  // --- plumbing --------------------------------------------------------------------------

  private command<T>(
    method: string,
    params: object,
    sessionId: string | undefined,
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<T> {
    return withTimeout(
      this.deps.clock,
      this.deps.send<T>(method, params, sessionId),
      timeoutMs,
      method,
    );
  }

  /** Resumes a paused request; a request that is already gone (tab closed, canceled) is fine. */
  private async resume(
    method: string,
    fetchId: string,
    sessionId: string | undefined,
  ): Promise<void> {
    try {
      await this.command(method, { requestId: fetchId }, sessionId);
    } catch (error) {
      if (
        method === 'Fetch.continueResponse' &&
        /continueRequest|not allowed|stage/i.test(messageOf(error))
      ) {
        await this.command('Fetch.continueRequest', { requestId: fetchId }, sessionId).catch(
          () => undefined,
        );
      }
    }
  }

  private track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined);
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }
}
