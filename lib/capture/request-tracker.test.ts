import { describe, expect, it } from 'vitest';
import type { RequestWillBeSent } from './cdp-types';
import { RequestTracker, type TrackerHooks } from './request-tracker';
import type { Exchange } from './types';

function setup() {
  let now = 1_000;
  const exchanges: Exchange[] = [];
  const notes: string[] = [];
  const asked: string[] = [];
  const hooks: TrackerHooks = {
    now: () => now,
    exchange: (e) => exchanges.push(e),
    note: (n) => notes.push(n),
    needNetworkBody: (id, session, bytes) => asked.push(`body ${id} @${session} ${bytes}B`),
    needPostData: (id, session, hop) => asked.push(`post ${id} @${session} #${hop}`),
  };
  return {
    tracker: new RequestTracker(hooks),
    exchanges,
    notes,
    asked,
    tick: (ms: number) => (now += ms),
  };
}

const rwbs = (
  id: string,
  url: string,
  extra: Partial<RequestWillBeSent> = {},
): RequestWillBeSent => ({
  requestId: id,
  loaderId: 'L',
  request: { url, method: 'GET', headers: { Accept: '*/*' } },
  wallTime: 1_700_000_000.5,
  type: 'Fetch',
  ...extra,
});
const response = (
  url: string,
  status: number,
  headers: Record<string, string> = { Date: 'today' },
) => ({
  url,
  status,
  statusText: status === 200 ? 'OK' : 'Found',
  headers,
  mimeType: 'text/plain',
  protocol: 'http/1.1',
});

describe('RequestTracker', () => {
  it('one exchange per redirect hop, each with its own raw headers even when they come late', () => {
    const { tracker, exchanges } = setup();
    tracker.requestWillBeSent(rwbs('1', 'https://a.example/old'), undefined, false);
    tracker.requestWillBeSent(
      rwbs('1', 'https://a.example/new', {
        redirectResponse: response('https://a.example/old', 302, { Location: '/new' }),
        redirectHasExtraInfo: true,
      }),
      undefined,
      false,
    );
    expect(exchanges).toHaveLength(0); // hop 0 waits for its ExtraInfo pair
    tracker.requestWillBeSentExtraInfo({
      requestId: '1',
      headers: { Cookie: 'a=1', Accept: '*/*' },
    });
    tracker.responseReceivedExtraInfo({
      requestId: '1',
      headers: {},
      headersText:
        'HTTP/1.1 302 Found\r\nLocation: /new\r\nSet-Cookie: s=1\r\nSet-Cookie: t=2\r\n\r\n',
    });
    expect(exchanges.map((e) => e.id)).toEqual(['1#0']);
    expect(exchanges[0]!.request.headers).toContainEqual(['Cookie', 'a=1']);
    expect(exchanges[0]!.response.headers.filter(([n]) => n === 'Set-Cookie')).toHaveLength(2);
    expect(exchanges[0]!.startedAt).toBe(1_700_000_000_500);

    tracker.requestWillBeSentExtraInfo({ requestId: '1', headers: { Cookie: 'a=1; s=1' } });
    tracker.responseReceived({
      requestId: '1',
      response: response('https://a.example/new', 200),
      hasExtraInfo: true,
    });
    tracker.responseReceivedExtraInfo({
      requestId: '1',
      headers: { 'Content-Type': 'text/plain' },
      statusCode: 200,
    });
    tracker.fetchPaused({
      requestId: 'job',
      networkId: '1',
      request: { url: 'https://a.example/new', method: 'GET', headers: {} },
      responseStatusCode: 200,
    });
    tracker.setBody('1', { ok: true, body: { blob: new Blob(['hi']), length: 2 } });
    tracker.loadingFinished('1', undefined);
    expect(exchanges.map((e) => e.id)).toEqual(['1#0', '1']);
    expect(exchanges[1]!.request.headers).toEqual([['Cookie', 'a=1; s=1']]);
    expect(exchanges[1]!.response).toMatchObject({
      status: 200,
      headers: [['Content-Type', 'text/plain']],
      httpVersion: 'HTTP/1.1',
    });
  });

  it("skips Chrome's internal redirects and keeps the ExtraInfo pairing right", () => {
    const { tracker, exchanges } = setup();
    tracker.requestWillBeSent(rwbs('2', 'http://a.example/'), undefined, false);
    const internal = {
      ...response('http://a.example/', 307, { Location: 'https://a.example/' }),
      statusText: 'Internal Redirect',
    };
    tracker.requestWillBeSent(
      rwbs('2', 'https://a.example/', { redirectResponse: internal, redirectHasExtraInfo: false }),
      undefined,
      false,
    );
    tracker.requestWillBeSentExtraInfo({ requestId: '2', headers: { Cookie: 'secure=1' } });
    tracker.responseReceived({
      requestId: '2',
      response: response('https://a.example/', 204),
      hasExtraInfo: true,
    });
    tracker.responseReceivedExtraInfo({ requestId: '2', headers: { 'X-Real': 'yes' } });
    tracker.loadingFinished('2', undefined);
    expect(exchanges.map((e) => [e.id, e.response.status])).toEqual([['2', 204]]);
    expect(exchanges[0]!.request.headers).toEqual([['Cookie', 'secure=1']]);
  });

  it('stops waiting for ExtraInfo that never comes (sweep)', () => {
    const { tracker, exchanges, tick } = setup();
    tracker.requestWillBeSent(rwbs('3', 'https://a.example/x'), undefined, false);
    tracker.responseReceived({
      requestId: '3',
      response: response('https://a.example/x', 204, { 'X-From': 'event' }),
      hasExtraInfo: true,
    });
    tracker.loadingFinished('3', undefined);
    expect(exchanges).toHaveLength(0);
    tick(1000);
    tracker.sweep(2_000, 2_000);
    expect(exchanges).toHaveLength(0);
    tracker.sweep(3_000, 2_000);
    expect(exchanges[0]!.response.headers).toEqual([['X-From', 'event']]);
  });

  it('asks for the body when nothing paused the request, even if loadingFinished came first', () => {
    const { tracker, exchanges, asked } = setup();
    tracker.requestWillBeSent(rwbs('4', 'https://a.example/y'), 'worker-session', false);
    tracker.loadingFinished('4', 'worker-session');
    expect(asked).toEqual([]);
    tracker.responseReceived({
      requestId: '4',
      response: response('https://a.example/y', 200),
      hasExtraInfo: false,
    });
    expect(asked).toEqual(['body 4 @worker-session 0B']);
    tracker.setBody('4', { ok: true, body: { blob: new Blob(['y']), length: 1 } });
    expect(exchanges).toHaveLength(1);
    expect(tracker.networkSessionOf('4')).toEqual({ known: true, sessionId: 'worker-session' });
  });

  it('a request only Fetch saw (no networkId) is stored from the Fetch data', () => {
    const { tracker, exchanges } = setup();
    const { key, claim } = tracker.fetchPaused({
      requestId: 'job-9',
      request: { url: 'https://a.example/z', method: 'GET', headers: { A: 'b' } },
      responseStatusCode: 200,
      responseStatusText: 'OK',
      responseHeaders: [{ name: 'Content-Type', value: 'text/plain' }],
      resourceType: 'Other',
    });
    expect([key, claim]).toEqual(['fetch:job-9', true]);
    tracker.setBody(key, { ok: true, body: { blob: new Blob(['z']), length: 1 } });
    expect(exchanges[0]).toMatchObject({
      id: 'fetch:job-9',
      resourceType: 'Other',
      request: { headers: [['A', 'b']] },
      response: { status: 200, mimeType: 'text/plain' },
    });
  });

  it('a second pause of the same request does not read the body again', () => {
    const { tracker } = setup();
    const paused = {
      requestId: 'j',
      networkId: '5',
      request: { url: 'https://a.example/', method: 'GET', headers: {} },
      responseStatusCode: 200,
    };
    expect(tracker.fetchPaused(paused).claim).toBe(true);
    expect(tracker.fetchPaused(paused).claim).toBe(false);
  });

  it('failures: no response is a note; a body read in full before the cancel is kept', () => {
    const { tracker, exchanges, notes } = setup();
    tracker.requestWillBeSent(rwbs('6', 'https://down.example/'), undefined, false);
    tracker.loadingFailed({ requestId: '6', errorText: 'net::ERR_NAME_NOT_RESOLVED' });
    expect(notes).toEqual(['failed: https://down.example/ (net::ERR_NAME_NOT_RESOLVED)']);

    tracker.requestWillBeSent(rwbs('7', 'https://a.example/img'), undefined, false);
    tracker.fetchPaused({
      requestId: 'j7',
      networkId: '7',
      request: { url: 'https://a.example/img', method: 'GET', headers: {} },
      responseStatusCode: 200,
    });
    tracker.setBody('7', { ok: true, body: { blob: new Blob(['img']), length: 3 } });
    tracker.responseReceived({
      requestId: '7',
      response: response('https://a.example/img', 200),
      hasExtraInfo: false,
    });
    tracker.loadingFailed({ requestId: '7', errorText: 'net::ERR_ABORTED', canceled: true });
    expect(exchanges.map((e) => e.id)).toEqual(['7']);
  });

  it('drops cache copies and synthetic responses, and requests the missing POST body', () => {
    const { tracker, exchanges, asked } = setup();
    tracker.requestWillBeSent(rwbs('8', 'https://a.example/c'), undefined, false);
    tracker.requestServedFromCache('8');
    tracker.responseReceived({
      requestId: '8',
      response: response('https://a.example/c', 200),
      hasExtraInfo: false,
    });
    tracker.loadingFinished('8', undefined);

    tracker.requestWillBeSent(
      rwbs('9', 'https://a.example/viewer', { type: 'Document' }),
      's',
      false,
    );
    tracker.responseReceived({
      requestId: '9',
      response: { ...response('https://a.example/viewer', 200), headers: {} },
      hasExtraInfo: false,
    });
    tracker.loadingFinished('9', 's');

    const post = rwbs('10', 'https://a.example/upload', {
      request: { url: 'https://a.example/upload', method: 'POST', headers: {}, hasPostData: true },
    });
    tracker.requestWillBeSent(post, 's', false);
    expect(asked).toEqual(['post 10 @s #0']);
    tracker.responseReceived({
      requestId: '10',
      response: response('https://a.example/upload', 204),
      hasExtraInfo: false,
    });
    tracker.loadingFinished('10', 's');
    expect(exchanges).toHaveLength(0);
    tracker.setPostData('10', 0, new Uint8Array([1, 2, 3]));
    expect(exchanges.map((e) => [e.id, Array.from(e.request.body ?? [])])).toEqual([
      ['10', [1, 2, 3]],
    ]);
  });

  it('counts pending requests for idleness, ignoring stalled ones and live streams', () => {
    const { tracker, tick } = setup();
    tracker.requestWillBeSent(rwbs('11', 'https://a.example/slow'), undefined, false);
    tracker.requestWillBeSent(
      rwbs('12', 'https://a.example/events', { type: 'EventSource' }),
      undefined,
      false,
    );
    expect(tracker.pendingCount(1_000)).toBe(1);
    expect(tracker.openCount()).toBe(1);
    tick(5_000);
    tracker.activity('11');
    expect(tracker.pendingCount(14_000)).toBe(1);
    expect(tracker.pendingCount(16_000)).toBe(0);
  });

  it('flush stores usable responses and notes the rest', () => {
    const { tracker, exchanges, notes } = setup();
    tracker.requestWillBeSent(rwbs('13', 'https://a.example/done-body'), undefined, false);
    tracker.fetchPaused({
      requestId: 'j13',
      networkId: '13',
      request: { url: 'https://a.example/done-body', method: 'GET', headers: {} },
      responseStatusCode: 200,
    });
    tracker.setBody('13', { ok: true, body: { blob: new Blob(['x']), length: 1 } });
    tracker.requestWillBeSent(rwbs('14', 'https://a.example/never'), undefined, false);
    tracker.flush();
    expect(exchanges.map((e) => e.id)).toEqual(['13']);
    expect(notes).toEqual([
      'still loading when the capture ended, not stored: https://a.example/never',
    ]);
  });

  it('a body given back at its pause is read from the renderer once the request finished', () => {
    const { tracker, exchanges, asked } = setup();
    tracker.requestWillBeSent(rwbs('8', 'https://a.example/app.js'), 'frame', false);
    const { key, claim } = tracker.fetchPaused({
      requestId: 'j8',
      networkId: '8',
      request: { url: 'https://a.example/app.js', method: 'GET', headers: {} },
      responseStatusCode: 200,
      resourceType: 'Script',
    });
    expect(claim).toBe(true);
    expect(tracker.releaseClaim(key)).toBe(true);
    tracker.responseReceived({
      requestId: '8',
      response: response('https://a.example/app.js', 200),
    });
    expect(asked).toEqual([]);
    tracker.loadingFinished('8', 'frame', 1234);
    expect(asked).toEqual(['body 8 @frame 1234B']);
    tracker.setBody('8', { ok: true, body: { blob: new Blob(['js']), length: 2 } });
    expect(exchanges).toHaveLength(1);
    // Over: nothing left to give back.
    expect(tracker.releaseClaim(key)).toBe(false);
  });
});
