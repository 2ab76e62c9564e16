/**
 * The state the request tracker keeps per request, and how one hop of it becomes an
 * `Exchange`. Pure data and functions.
 */
import { postDataBytes, textToBytes } from '../bytes';
import type {
  CdpRequest,
  CdpResponse,
  RequestWillBeSent,
  ResponseReceivedExtraInfo,
} from './cdp-types';
import { getHeader, headerListFromObject, mediaType, parseResponseHead } from './headers';
import type { Exchange, HeaderList, RecordedBody } from './types';

/** Result of reading a body, as the recorder reports it. */
export type BodyOutcome = { ok: true; body?: RecordedBody } | { ok: false; reason: string };

/** Where a request's body stands. */
export type BodyState =
  | { kind: 'unknown' }
  | { kind: 'pending' }
  | { kind: 'done'; body?: RecordedBody }
  | { kind: 'failed'; reason: string };

/** One hop's request side. */
export interface HopRequest {
  method: string;
  url: string;
  headers: HeaderList;
  body?: Uint8Array;
  postDataPending: boolean;
  startedAt: number;
}

/** One redirect hop (the last one is the final response). */
export interface Hop {
  request?: HopRequest;
  /** The Network response of this hop (redirectResponse or responseReceived). */
  response?: CdpResponse;
  /** Whether ExtraInfo events describe this hop (it went to the network). */
  hasExtraInfo?: boolean;
  settled: boolean;
  waitingSince?: number;
}

/** What the response-stage Fetch pause said. */
export interface FetchInfo {
  status: number;
  statusText: string;
  headers: HeaderList;
  request: CdpRequest;
}

/** Everything known about one request (all its hops). */
export interface Entry {
  id: string;
  hops: Hop[];
  /** Session of the latest requestWillBeSent: the renderer or worker that owns the request. */
  netSession?: string;
  hasNetSession: boolean;
  resourceType?: string;
  mainDocument: boolean;
  reqExtras: HeaderList[];
  respExtras: ResponseReceivedExtraInfo[];
  fetch?: FetchInfo;
  body: BodyState;
  finished?: { ok: true } | { ok: false; errorText: string; canceled: boolean };
  /** Bytes the request transferred (loadingFinished's encodedDataLength). */
  transferred?: number;
  /** Session that reported loadingFinished: the one holding the body for getResponseBody. */
  finishSession?: string;
  /** Set when the request is not stored; a non-empty text is noted once. */
  skip?: string;
  longLived: boolean;
  closed: boolean;
  lastActivity: number;
}

/** A fresh entry for request `id`. */
export function newEntry(id: string, now: number): Entry {
  return {
    id,
    hops: [{ settled: false }],
    hasNetSession: false,
    mainDocument: false,
    reqExtras: [],
    respExtras: [],
    body: { kind: 'unknown' },
    longLived: false,
    closed: false,
    lastActivity: now,
  };
}

/**
 * The request side of a hop from requestWillBeSent. POST bytes come from postDataEntries
 * (exact bytes) or postData (text); `postDataPending` says CDP left them out.
 */
export function requestFromEvent(p: RequestWillBeSent, now: number): HopRequest {
  const req = p.request;
  const request: HopRequest = {
    method: req.method,
    url: req.url,
    headers: headerListFromObject(req.headers),
    postDataPending: false,
    startedAt: p.wallTime ? Math.round(p.wallTime * 1000) : now,
  };
  const posted = postDataBytes(req.postDataEntries);
  if (posted) {
    request.body = posted;
  } else if (req.postData !== undefined) {
    request.body = textToBytes(req.postData);
  } else if (req.hasPostData) {
    request.postDataPending = true;
  }
  return request;
}

/** The request side of a request only the Fetch domain reported. */
export function requestFromFetch(req: CdpRequest, now: number): HopRequest {
  return {
    method: req.method,
    url: req.url,
    headers: headerListFromObject(req.headers),
    body: req.postData !== undefined ? textToBytes(req.postData) : undefined,
    postDataPending: false,
    startedAt: now,
  };
}

/** Index of a hop's ExtraInfo pair: one pair per earlier hop that went to the network. */
export function extraIndex(entry: Entry, hopIndex: number): number {
  let index = 0;
  for (let i = 0; i < hopIndex; i++) if (entry.hops[i]!.hasExtraInfo) index++;
  return index;
}

/**
 * Hop `index` of `entry` as an Exchange. Headers: the raw ExtraInfo ones (with Cookie and
 * Set-Cookie, exact order for HTTP/1) first, then what Fetch saw, then the event's copy.
 */
export function buildExchange(
  entry: Entry,
  index: number,
  id: string,
  status: number,
  body: RecordedBody | undefined,
  now: number,
): Exchange {
  const hop = entry.hops[index]!;
  const last = index === entry.hops.length - 1;
  const request = hop.request ?? requestFromFetch(entry.fetch!.request, now);
  const response = hop.response;
  const extra = hop.hasExtraInfo !== false || !response ? extraIndex(entry, index) : -1;
  const reqExtra = extra >= 0 ? entry.reqExtras[extra] : undefined;
  const respExtra = extra >= 0 ? entry.respExtras[extra] : undefined;
  const fetch = last ? entry.fetch : undefined;

  // Raw headers (with Cookie / Set-Cookie) first, then what Fetch saw, then the event's copy.
  const rawHead = respExtra?.headersText ? parseResponseHead(respExtra.headersText) : undefined;
  const responseHeaders =
    rawHead?.headers ??
    (respExtra ? headerListFromObject(respExtra.headers) : undefined) ??
    fetch?.headers ??
    headerListFromObject(response?.headers);
  const statusText = rawHead?.statusText ?? response?.statusText ?? fetch?.statusText ?? '';
  const protocol = response?.protocol;
  const contentType = getHeader(responseHeaders, 'content-type');
  return {
    id,
    resourceType: entry.resourceType ?? 'Other',
    startedAt: request.startedAt,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: httpVersion(protocol),
      headers: reqExtra ?? request.headers,
      ...(request.body ? { body: request.body } : {}),
    },
    response: {
      status,
      statusText,
      httpVersion: httpVersion(protocol),
      headers: responseHeaders,
      ...(body ? { body } : {}),
      mimeType: response?.mimeType || mediaType(contentType) || undefined,
      remoteIp: response?.remoteIPAddress || undefined,
      protocol: protocol || undefined,
    },
  };
}

/** CDP's protocol name ('http/1.1', 'h2', 'h3') as an Exchange httpVersion. */
function httpVersion(protocol: string | undefined): string | undefined {
  if (!protocol) return undefined;
  const http1 = /^http\/(1\.[01])$/i.exec(protocol);
  return http1 ? `HTTP/${http1[1]}` : protocol.toLowerCase();
}
