/**
 * Pure bookkeeping that turns Network.* and Fetch.* events into complete `Exchange`s.
 *
 * Events for one request are merged by the Network request id (Fetch's `networkId`), whatever
 * session they came from: an OOPIF's document request is announced in the parent session and
 * finishes in the child's; a worker's fetch is paused in the page session while its Network
 * events come from the worker session. Events may arrive in any order; an exchange is handed
 * over once everything it needs is there (or when the capture ends and `flush` forces it).
 *
 * The tracker does no I/O: when it needs bytes (a body nobody paused for, a POST body CDP
 * left out) it asks through its hooks, and the recorder answers with `setBody`/`setPostData`.
 */
import type {
  LoadingFailed,
  RequestPaused,
  RequestWillBeSent,
  RequestWillBeSentExtraInfo,
  ResponseReceived,
  ResponseReceivedExtraInfo,
} from './cdp-types';
import { fullRangeLength, isBodiless } from './body-plan';
import { getHeader, headerListFromEntries, headerListFromObject, mediaType } from './headers';
import {
  type BodyOutcome,
  type Entry,
  buildExchange,
  extraIndex,
  newEntry,
  requestFromEvent,
  requestFromFetch,
} from './request-state';
import type { Exchange, RecordedBody } from './types';
import { skipReason } from './url-policy';

export type { BodyOutcome } from './request-state';

/** What the tracker asks of the recorder. */
export interface TrackerHooks {
  now(): number;
  /** A complete exchange, ready for the sink. */
  exchange(exchange: Exchange, info: { mainDocument: boolean }): void;
  /** Something the metadata record should mention (failed or skipped requests). */
  note(text: string): void;
  /**
   * A finished request whose body nobody captured: read it with Network.getResponseBody.
   * `bytes` is what it transferred (encodedDataLength), 0 when unknown.
   */
  needNetworkBody(requestId: string, sessionId: string | undefined, bytes: number): void;
  /** A request with `hasPostData` but no bytes in the event: use Network.getRequestPostData. */
  needPostData(requestId: string, sessionId: string | undefined, hop: number): void;
}

/** A request that counts for network idleness only while it shows activity this recently. */
export const STALLED_MS = 10_000;

/** Merges CDP events per request and emits exchanges; see the file comment. */
export class RequestTracker {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly hooks: TrackerHooks) {}

  /** The session that should be asked about this request's Network data (streaming, bodies). */
  networkSessionOf(requestId: string): { known: boolean; sessionId?: string } {
    const entry = this.entries.get(requestId);
    return entry?.hasNetSession ? { known: true, sessionId: entry.netSession } : { known: false };
  }

  /** URL of the request's current hop, for notes. */
  urlOf(requestId: string): string | undefined {
    const entry = this.entries.get(requestId);
    return entry ? this.currentUrl(entry) : undefined;
  }

  /** Network.requestWillBeSent: a request, or the next hop of a redirect. */
  requestWillBeSent(
    p: RequestWillBeSent,
    sessionId: string | undefined,
    mainDocument: boolean,
  ): void {
    const entry = this.entry(p.requestId);
    entry.netSession = sessionId;
    entry.hasNetSession = true;
    entry.resourceType ??= p.type;
    entry.mainDocument ||= mainDocument;
    if (p.type === 'EventSource' || p.type === 'WebSocket') entry.longLived = true;
    let hop = entry.hops[entry.hops.length - 1]!;
    if (p.redirectResponse && hop.request) {
      if (!hop.response) {
        hop.response = p.redirectResponse;
        hop.hasExtraInfo = p.redirectHasExtraInfo ?? false;
      }
      hop = { settled: false };
      entry.hops.push(hop);
    } else if (hop.request) {
      return; // The same announcement seen from a second session.
    }
    const index = entry.hops.length - 1;
    hop.request = requestFromEvent(p, this.hooks.now());
    if (hop.request.postDataPending) this.hooks.needPostData(entry.id, sessionId, index);
    const skip = skipReason({
      url: p.request.url,
      method: p.request.method,
      resourceType: p.type,
      headers: hop.request.headers,
    });
    if (skip !== undefined && index === 0) entry.skip = skip;
    this.update(entry);
  }

  /** The raw request headers (with Cookie) of the next hop that went to the network. */
  requestWillBeSentExtraInfo(p: RequestWillBeSentExtraInfo): void {
    const entry = this.entry(p.requestId);
    entry.reqExtras.push(headerListFromObject(p.headers));
    this.update(entry);
  }

  /** Network.responseReceived: the final hop's response head. */
  responseReceived(p: ResponseReceived): void {
    const entry = this.entry(p.requestId);
    entry.resourceType ??= p.type;
    const hop = entry.hops[entry.hops.length - 1]!;
    if (hop.response) return; // Duplicate from another session.
    hop.response = p.response;
    hop.hasExtraInfo = p.hasExtraInfo ?? false;
    if (mediaType(p.response.mimeType) === 'text/event-stream') {
      entry.longLived = true;
      entry.skip ??= `live event stream not recorded: ${p.response.url}`;
    }
    // loadingFinished may have come first (events from two sessions race).
    this.requestNetworkBody(entry);
    this.update(entry);
  }

  /** The raw response headers (with Set-Cookie) of the next hop that went to the network. */
  responseReceivedExtraInfo(p: ResponseReceivedExtraInfo): void {
    const entry = this.entry(p.requestId);
    entry.respExtras.push(p);
    this.update(entry);
  }

  /** Any sign of life (data arriving) keeps a request from counting as stalled. */
  activity(requestId: string): void {
    const entry = this.entries.get(requestId);
    if (entry) entry.lastActivity = this.hooks.now();
  }

  /** Network.requestServedFromCache: a cache copy, not stored. */
  requestServedFromCache(requestId: string): void {
    const entry = this.entry(requestId);
    // With the cache disabled this is rare; such a copy is not what the server sent now.
    entry.skip ??= '';
    this.update(entry);
  }

  /** Network.loadingFinished, from whichever session saw it. */
  loadingFinished(requestId: string, sessionId: string | undefined, encodedDataLength = 0): void {
    const entry = this.entry(requestId);
    if (entry.finished) return;
    entry.finished = { ok: true };
    entry.transferred = encodedDataLength;
    entry.finishSession = sessionId;
    this.requestNetworkBody(entry);
    this.update(entry);
  }

  /** Network.loadingFailed: a note if nothing usable arrived. */
  loadingFailed(p: LoadingFailed): void {
    const entry = this.entry(p.requestId);
    if (entry.finished) return;
    entry.finished = { ok: false, errorText: p.errorText, canceled: p.canceled ?? false };
    this.update(entry);
  }

  /**
   * Records a response-stage Fetch pause. Returns the key its body is filed under (the
   * Network id, or the Fetch id when Chrome gave none) and whether a body read should start
   * (false when another session's pause already claimed it).
   */
  fetchPaused(p: RequestPaused): { key: string; claim: boolean } {
    const key = p.networkId ?? `fetch:${p.requestId}`;
    const entry = this.entry(key);
    const status = p.responseStatusCode ?? 0;
    const headers = headerListFromEntries(p.responseHeaders);
    const isRedirect =
      status >= 300 && status < 400 && getHeader(headers, 'location') !== undefined;
    if (isRedirect) return { key, claim: false };
    entry.resourceType ??= p.resourceType;
    entry.fetch = { status, statusText: p.responseStatusText ?? '', headers, request: p.request };
    if (!p.networkId) entry.hops[0]!.request ??= requestFromFetch(p.request, this.hooks.now());
    if (entry.body.kind !== 'unknown' || entry.closed) return { key, claim: false };
    entry.body = { kind: 'pending' };
    return { key, claim: true };
  }

  /**
   * Gives back a body claimed at a Fetch pause: it is read with Network.getResponseBody once
   * the request finished. False when the request is over already.
   */
  releaseClaim(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry || entry.closed || entry.body.kind !== 'pending') return false;
    entry.body = { kind: 'unknown' };
    this.requestNetworkBody(entry);
    return true;
  }

  /** The body of a claimed request: read, not needed (`body` undefined), or lost. */
  setBody(key: string, outcome: BodyOutcome): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.body = outcome.ok
      ? { kind: 'done', body: outcome.body }
      : { kind: 'failed', reason: outcome.reason };
    // A request Chrome reported only to Fetch will never get Network events.
    if (key.startsWith('fetch:')) entry.finished ??= { ok: true };
    this.update(entry);
  }

  /** Marks a request as not stored (decided at its pause); a non-empty note is kept. */
  skip(key: string, note?: string): void {
    const entry = this.entry(key);
    entry.skip ??= note ?? '';
    entry.body = { kind: 'done' };
    this.update(entry);
  }

  /** POST bytes fetched with Network.getRequestPostData (undefined if that failed). */
  setPostData(requestId: string, hop: number, bytes: Uint8Array | undefined): void {
    const entry = this.entries.get(requestId);
    const request = entry?.hops[hop]?.request;
    if (!entry || !request) return;
    request.body = bytes;
    request.postDataPending = false;
    this.update(entry);
  }

  /** Requests that keep the page from being idle: started, unfinished, not stalled. */
  pendingCount(now: number, stalledMs = STALLED_MS): number {
    let count = 0;
    for (const entry of this.entries.values()) {
      if (entry.closed || entry.finished || entry.longLived || entry.skip !== undefined) continue;
      if (!entry.hops[0]!.request && !entry.fetch) continue;
      // Read whole at its pause: nothing more to wait for, even if its loadingFinished goes to
      // a session we cannot see (a shared worker's script).
      if (entry.fetch && entry.body.kind === 'done') continue;
      if (now - entry.lastActivity < stalledMs) count++;
    }
    return count;
  }

  /** Requests seen but not finished (for progress display). */
  openCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) {
      if (!entry.closed && !entry.finished && entry.skip === undefined && entry.hops[0]!.request)
        count++;
    }
    return count;
  }

  /** Hands over exchanges that waited more than `waitMs` for ExtraInfo headers that never came. */
  sweep(now: number, waitMs: number): void {
    for (const entry of this.entries.values()) {
      if (entry.closed) continue;
      if (
        entry.hops.some((hop) => hop.waitingSince !== undefined && now - hop.waitingSince >= waitMs)
      ) {
        this.update(entry, 'extras');
      }
    }
  }

  /**
   * End of capture: hands over everything that is usable and notes what is not (requests
   * still loading, bodies never read).
   */
  flush(): void {
    for (const entry of this.entries.values()) {
      if (!entry.closed) this.update(entry, 'final');
    }
  }

  // --- internals -------------------------------------------------------------------------

  private entry(id: string): Entry {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = newEntry(id, this.hooks.now());
      this.entries.set(id, entry);
    }
    entry.lastActivity = this.hooks.now();
    return entry;
  }

  private currentUrl(entry: Entry): string {
    const hop = entry.hops[entry.hops.length - 1]!;
    return hop.request?.url ?? hop.response?.url ?? entry.fetch?.request.url ?? entry.id;
  }

  /**
   * A response Chrome made up itself: no Fetch pause, no raw headers, no headers at all. The
   * PDF viewer's inner document is one (its body is the viewer's HTML, not the server's PDF).
   */
  private isSynthetic(entry: Entry): boolean {
    const response = entry.hops[entry.hops.length - 1]!.response;
    return (
      !entry.fetch &&
      !!response &&
      !entry.hops[entry.hops.length - 1]!.hasExtraInfo &&
      Object.keys(response.headers ?? {}).length === 0
    );
  }

  /** Asks for Network.getResponseBody when a finished request's body was never claimed. */
  private requestNetworkBody(entry: Entry): void {
    if (entry.body.kind !== 'unknown' || entry.skip !== undefined || entry.finished?.ok !== true)
      return;
    if (this.isSynthetic(entry)) {
      entry.skip = '';
      return;
    }
    const head = this.finalHead(entry);
    if (!head) return;
    if (!this.needsBody(entry, head.status)) {
      entry.body = { kind: 'done' };
      return;
    }
    entry.body = { kind: 'pending' };
    this.hooks.needNetworkBody(entry.id, entry.finishSession, entry.transferred ?? 0);
  }

  private needsBody(entry: Entry, status: number): boolean {
    const method =
      entry.hops[entry.hops.length - 1]!.request?.method ?? entry.fetch?.request.method ?? 'GET';
    return !isBodiless(status, method);
  }

  /** Status and headers of the final response as far as known (Network first, then Fetch). */
  private finalHead(entry: Entry): { status: number } | undefined {
    const hop = entry.hops[entry.hops.length - 1]!;
    if (hop.response) return { status: hop.response.status };
    if (entry.fetch) return { status: entry.fetch.status };
    return undefined;
  }

  /**
   * Re-checks an entry after any change. `mode` relaxes the waiting: 'extras' stops waiting
   * for ExtraInfo, 'final' (end of capture) emits whatever is usable.
   */
  private update(entry: Entry, mode: 'normal' | 'extras' | 'final' = 'normal'): void {
    if (entry.closed) return;
    if (entry.skip !== undefined) {
      if (mode === 'final' || entry.finished || entry.skip)
        this.close(entry, entry.skip || undefined);
      return;
    }
    const last = entry.hops.length - 1;
    for (let i = 0; i < last; i++) {
      const hop = entry.hops[i]!;
      if (!hop.settled && !this.settleRedirect(entry, i, mode)) return;
    }
    this.settleFinal(entry, mode);
  }

  private extrasReady(
    entry: Entry,
    hopIndex: number,
    mode: 'normal' | 'extras' | 'final',
  ): boolean {
    const hop = entry.hops[hopIndex]!;
    if (!hop.hasExtraInfo || mode !== 'normal') return true;
    const index = extraIndex(entry, hopIndex);
    if (entry.reqExtras[index] && entry.respExtras[index]) return true;
    hop.waitingSince ??= this.hooks.now();
    return false;
  }

  private settleRedirect(entry: Entry, i: number, mode: 'normal' | 'extras' | 'final'): boolean {
    const hop = entry.hops[i]!;
    const request = hop.request;
    const response = hop.response!;
    if (request?.postDataPending && mode !== 'final') return false;
    if (!this.extrasReady(entry, i, mode)) return false;
    hop.settled = true;
    // Chrome's own 307 "Internal Redirect" (HSTS, upgrades) never left the browser.
    const internal = !hop.hasExtraInfo && /internal redirect/i.test(response.statusText);
    if (
      !request ||
      internal ||
      skipReason({ url: request.url, method: request.method }) !== undefined
    )
      return true;
    this.emit(
      entry,
      buildExchange(entry, i, `${entry.id}#${i}`, response.status, undefined, this.hooks.now()),
      false,
    );
    return true;
  }

  private settleFinal(entry: Entry, mode: 'normal' | 'extras' | 'final'): void {
    const index = entry.hops.length - 1;
    const hop = entry.hops[index]!;
    const url = this.currentUrl(entry);
    const finished = entry.finished;
    const head = this.finalHead(entry);
    if (!finished && mode !== 'final') return;
    if (!head) {
      // Without a request either, the request belongs to a target this capture cannot see.
      if (finished && !finished.ok && hop.request)
        this.close(entry, `failed: ${url} (${finished.errorText})`);
      else if (finished && !finished.ok) this.close(entry);
      else if (mode === 'final' && hop.request)
        this.close(entry, `still loading when the capture ended, not stored: ${url}`);
      else if (mode === 'final') this.close(entry);
      return;
    }
    if (entry.body.kind === 'pending' && mode !== 'final') return;
    if (hop.request?.postDataPending && mode !== 'final') return;
    if (hop.response && !this.extrasReady(entry, index, mode)) return;

    const bodiless = !this.needsBody(entry, head.status);
    let body: RecordedBody | undefined;
    if (entry.body.kind === 'done') body = entry.body.body;
    else if (!bodiless) {
      const why =
        entry.body.kind === 'failed'
          ? entry.body.reason
          : finished && !finished.ok
            ? finished.errorText
            : finished
              ? 'its body could not be read'
              : 'still loading when the capture ended';
      this.close(entry, `not stored: ${url} (${why})`);
      return;
    }
    if (!hop.request && !entry.fetch) {
      this.close(entry);
      return;
    }
    if (
      hop.request &&
      skipReason({ url: hop.request.url, method: hop.request.method }) !== undefined
    ) {
      this.close(entry); // Redirected to a data: or other non-web URL.
      return;
    }
    hop.settled = true;
    const exchange = buildExchange(
      entry,
      index,
      entry.id,
      head.status,
      bodiless ? undefined : body,
      this.hooks.now(),
    );
    if (exchange.response.status === 206) {
      const total = fullRangeLength(exchange.response.headers);
      if (total === undefined) {
        const range = getHeader(exchange.response.headers, 'content-range') ?? 'no Content-Range';
        this.close(entry, `partial response (206, ${range}) not stored: ${url}`);
        return;
      }
      exchange.response.status = 200;
      exchange.response.statusText = 'OK';
      this.hooks.note(
        `stored as 200: the 206 response for ${url} held the whole resource (${total} bytes)`,
      );
    }
    const cut = exchange.response.body?.truncated;
    if (cut === 'length') {
      this.hooks.note(
        `body cut at the size limit (${exchange.response.body!.length} bytes kept): ${url}`,
      );
    } else if (cut === 'disconnect') {
      this.hooks.note(
        `body incomplete, the transfer broke off (${exchange.response.body!.length} bytes kept): ${url}`,
      );
    }
    this.emit(entry, exchange, true);
  }

  private emit(entry: Entry, exchange: Exchange, last: boolean): void {
    this.hooks.exchange(exchange, { mainDocument: entry.mainDocument && last });
    if (!last) return;
    entry.closed = true;
    // The entry stays (late duplicate events must find it closed) but lets go of the bytes.
    entry.body = { kind: 'done' };
    for (const hop of entry.hops) if (hop.request) hop.request.body = undefined;
  }

  private close(entry: Entry, note?: string): void {
    entry.closed = true;
    if (note) this.hooks.note(note);
  }
}
