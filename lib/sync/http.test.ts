import { describe, expect, it } from 'vitest';
import { createHttpClient, type RequestTrace } from './http';
import { classifyPerma } from './perma-errors';
import { SyncError } from './sync-error';

type Call = { url: string; init: RequestInit };

function client(respond: (call: Call) => Promise<Response> | Response, timeoutMs = 200) {
  const calls: Call[] = [];
  const traces: RequestTrace[] = [];
  const http = createHttpClient({
    baseUrl: 'https://perma.test',
    authHeaders: () => ({ Authorization: 'ApiKey SECRETKEY' }),
    classify: classifyPerma,
    timeoutMs,
    fetch: async (input, init) => {
      const call = { url: String(input), init: init! };
      calls.push(call);
      return respond(call);
    },
    onTrace: (t) => traces.push(t),
  });
  return { http, calls, traces };
}

const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

async function failure(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe('sync HTTP layer', () => {
  it('sends JSON without cookies, never following redirects, key only in a header', async () => {
    const { http, calls } = client(() => jsonResponse({ ok: 1 }, 201));
    const res = await http.request({
      method: 'POST',
      path: '/v1/archives/',
      json: { url: 'x' },
      query: { a: 1, b: undefined },
    });
    expect(res.body).toEqual({ ok: 1 });
    const [call] = calls;
    expect(call!.url).toBe('https://perma.test/v1/archives/?a=1');
    expect(call!.init).toMatchObject({ method: 'POST', credentials: 'omit', redirect: 'manual' });
    const headers = call!.init.headers as Record<string, string>;
    expect(headers.Accept).toBe('application/json');
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers.Authorization).toBe('ApiKey SECRETKEY');
    expect(call!.url).not.toContain('SECRETKEY');
  });

  it('times out a request that hangs; a POST then has an unknown outcome, a GET does not', async () => {
    const hang = ({ init }: Call) =>
      new Promise<Response>((_, reject) =>
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason)),
      );
    const post = await failure(
      client(hang, 50).http.request({ method: 'POST', path: '/v1/archives/' }),
    );
    expect(post).toMatchObject({ kind: 'transient', code: 'timeout' });
    expect(post.details.outcomeUnknown).toBe(true);
    const get = await failure(client(hang, 50).http.request({ method: 'GET', path: '/v1/user/' }));
    expect(get.details.outcomeUnknown).toBe(false);
  });

  it('treats a dropped connection as transient with an unknown outcome', async () => {
    const error = await failure(
      client(() => Promise.reject(new TypeError('fetch failed'))).http.request({
        method: 'POST',
        path: '/x',
      }),
    );
    expect(error).toMatchObject({ kind: 'transient', code: 'network' });
    expect(error.details.outcomeUnknown).toBe(true);
  });

  it('refuses a redirect (302 on POST: login page or wrong host)', async () => {
    const error = await failure(
      client(
        () => new Response(null, { status: 302, headers: { location: '/accounts/login/' } }),
      ).http.request({ method: 'POST', path: '/x' }),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'redirected' });
  });

  it('detects an HTML page answered with 200 instead of JSON', async () => {
    const error = await failure(
      client(
        () =>
          new Response('<!doctype html><html>Sign in</html>', {
            status: 200,
            headers: { 'content-type': 'text/html' },
          }),
      ).http.request({ method: 'GET', path: '/v1/user/' }),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'html-instead-of-json' });
  });

  it('marks a 5xx on a POST as an unknown outcome and carries Retry-After', async () => {
    const error = await failure(
      client(() => jsonResponse({ detail: 'x' }, 503, { 'retry-after': '3' })).http.request({
        method: 'POST',
        path: '/x',
      }),
    );
    expect(error).toMatchObject({ kind: 'transient' });
    expect(error.details).toMatchObject({ outcomeUnknown: true, retryAfterMs: 3000, status: 503 });
  });

  it('downloads a file as a Blob, following a redirect, and still refuses an HTML page', async () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]);
    const seen: RequestInit[] = [];
    const { http } = client(({ init }) => {
      seen.push(init);
      return new Response(bytes, { status: 200, headers: { 'content-type': 'application/gzip' } });
    });
    const { body } = await http.request<Blob>({ method: 'GET', path: '/f', download: true });
    expect(new Uint8Array(await body.arrayBuffer())).toEqual(bytes);
    expect(seen[0]!.redirect).toBe('follow');
    const error = await failure(
      client(
        () =>
          new Response('<html>Sign in</html>', {
            status: 200,
            headers: { 'content-type': 'text/html' },
          }),
      ).http.request({ method: 'GET', path: '/f', download: true }),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'html-instead-of-json' });
  });

  it('traces requests without headers or bodies', async () => {
    const { http, traces } = client(() => jsonResponse({}, 200));
    await http.request({ method: 'GET', path: '/v1/user/' });
    expect(traces).toEqual([{ method: 'GET', url: 'https://perma.test/v1/user/', status: 200 }]);
  });
});
