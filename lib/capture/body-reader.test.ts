import { describe, expect, it } from 'vitest';
import { BodyReader, type BodyReaderDeps } from './body-reader';
import { type Clock, systemClock } from './clock';
import type { RequestPaused } from './cdp-types';
import type { BodyOutcome } from './request-tracker';

type Answer = unknown | Error | Promise<unknown>;

/** A reader over a scripted CDP: `answers[method]` is a value, an Error, or a function of params. */
/** A clock whose timers fire on the next macrotask: every timeout "expires" at once. */
const hurriedClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn) => setImmediate(fn),
  clearTimeout: (h) => clearImmediate(h as NodeJS.Immediate),
};

function setup(
  answers: Record<string, Answer | ((params: Record<string, unknown>) => Answer)>,
  over: Partial<BodyReaderDeps> = {},
) {
  const sent: Array<{ method: string; params: Record<string, unknown>; sessionId?: string }> = [];
  const delivered = new Map<string, BodyOutcome>();
  const skipped: Array<[string, string | undefined]> = [];
  const reader = new BodyReader({
    send: async <T>(method: string, params: object, sessionId: string | undefined) => {
      sent.push({ method, params: params as Record<string, unknown>, sessionId });
      const a = answers[method];
      const value =
        typeof a === 'function'
          ? (a as (p: Record<string, unknown>) => Answer)(params as Record<string, unknown>)
          : a;
      const resolved = await value;
      if (resolved instanceof Error) throw resolved;
      return (resolved ?? {}) as T;
    },
    clock: systemClock,
    maxBodySize: 1_000_000,
    streamThreshold: 10,
    fulfilLimit: 1_000,
    deliver: (key, outcome) => delivered.set(key, outcome),
    networkSession: () => ({ known: true, sessionId: 'renderer' }),
    skip: (key, note) => skipped.push([key, note]),
    readLater: () => false,
    ...over,
  });
  return { reader, sent, delivered, skipped };
}

const paused = (over: Partial<RequestPaused> = {}): RequestPaused => ({
  requestId: 'job-1',
  networkId: 'net-1',
  request: { url: 'https://a.example/file', method: 'GET', headers: {} },
  resourceType: 'Fetch',
  responseStatusCode: 200,
  responseStatusText: 'OK',
  responseHeaders: [{ name: 'Content-Type', value: 'application/octet-stream' }],
  ...over,
});
const b64 = (s: string) => Buffer.from(s).toString('base64');
const text = async (o: BodyOutcome | undefined) =>
  o?.ok && o.body ? await o.body.blob.text() : undefined;

describe('BodyReader', () => {
  it('streams from the pause on the owning session, then continues; data arrives in order', async () => {
    const { reader, sent, delivered } = setup({
      'Network.streamResourceContent': { bufferedData: '' },
    });
    await reader.handlePause(paused(), 'page', 'net-1', true);
    expect(sent.map((c) => [c.method, c.sessionId])).toEqual([
      ['Network.streamResourceContent', 'renderer'],
      ['Fetch.continueResponse', 'page'],
    ]);
    reader.onData({ requestId: 'net-1', dataLength: 3, data: b64('abc') }, 'renderer');
    reader.onData({ requestId: 'net-1', dataLength: 3, data: b64('def') }, 'renderer');
    reader.onFinished('net-1', 'renderer');
    expect(await text(delivered.get('net-1'))).toBe('abcdef');
  });

  it('a navigation streams from its first data event: buffered data first, then chunks queued meanwhile', async () => {
    let answer!: (v: unknown) => void;
    const pending = new Promise((resolve) => (answer = resolve));
    const { reader, sent, delivered } = setup({ 'Network.streamResourceContent': pending });
    await reader.handlePause(
      paused({
        resourceType: 'Document',
        responseHeaders: [
          { name: 'Content-Type', value: 'text/html' },
          { name: 'Content-Length', value: '999' },
        ],
      }),
      undefined,
      'net-1',
      true,
    );
    expect(sent.map((c) => c.method)).toEqual(['Fetch.continueResponse']);
    reader.onData({ requestId: 'net-1', dataLength: 5 }, 'frame');
    reader.onData({ requestId: 'net-1', dataLength: 3, data: b64('def') }, 'frame');
    reader.onFinished('net-1', 'frame'); // before the command answered
    expect(delivered.size).toBe(0);
    answer({ bufferedData: b64('abc') });
    await reader.close();
    expect(sent.at(-1)).toMatchObject({
      method: 'Network.streamResourceContent',
      sessionId: 'frame',
    });
    expect(await text(delivered.get('net-1'))).toBe('abcdef');
  });

  it('a late streamResourceContent answer still counts: the page goes on, data waits for it', async () => {
    let answer!: (v: unknown) => void;
    const pending = new Promise((resolve) => (answer = resolve));
    const { reader, sent, delivered } = setup(
      { 'Network.streamResourceContent': pending },
      { clock: hurriedClock },
    );
    await reader.handlePause(paused(), 'page', 'net-1', true);
    // Continued without waiting any longer (the answer is stuck behind other events).
    expect(sent.map((c) => c.method)).toEqual([
      'Network.streamResourceContent',
      'Fetch.continueResponse',
    ]);
    reader.onData({ requestId: 'net-1', dataLength: 3, data: b64('def') }, 'renderer');
    reader.onFinished('net-1', 'renderer');
    answer({ bufferedData: b64('abc') });
    await new Promise((r) => setImmediate(r));
    expect(await text(delivered.get('net-1'))).toBe('abcdef');
    expect(sent.filter((c) => c.method === 'Network.streamResourceContent')).toHaveLength(1);
  });

  it('falls back to Network.getResponseBody when the renderer cannot stream', async () => {
    const { reader, delivered } = setup({
      'Network.streamResourceContent': new Error(
        'Request with the provided ID has already finished loading',
      ),
      'Network.getResponseBody': { body: 'whole body', base64Encoded: false },
    });
    await reader.handlePause(
      paused({
        resourceType: 'Document',
        responseHeaders: [{ name: 'Content-Type', value: 'text/plain' }],
      }),
      undefined,
      'net-1',
      true,
    );
    reader.onData({ requestId: 'net-1', dataLength: 10 }, undefined);
    reader.onFinished('net-1', undefined);
    await reader.close();
    expect(await text(delivered.get('net-1'))).toBe('whole body');
  });

  it('takes the Fetch stream when streaming is refused, and fulfils with the decoded whole body', async () => {
    const whole = 'The quick brown fox jumps over the lazy dog, twice over.';
    let offset = 0;
    const { reader, sent, delivered } = setup(
      {
        'Network.streamResourceContent': new Error("'Network.streamResourceContent' wasn't found"),
        'Fetch.takeResponseBodyAsStream': { stream: 'h1' },
        'IO.read': () => {
          const chunk = whole.slice(offset, offset + 7); // not a multiple of 3
          offset += 7;
          return { data: b64(chunk), base64Encoded: true, eof: offset >= whole.length };
        },
      },
      { maxBodySize: 20 },
    );
    await reader.handlePause(
      paused({
        responseHeaders: [
          { name: 'Content-Type', value: 'text/plain' },
          { name: 'Content-Encoding', value: 'gzip' },
          { name: 'Content-Length', value: '40' },
        ],
      }),
      'page',
      'net-1',
      true,
    );
    const fulfil = sent.find((c) => c.method === 'Fetch.fulfillRequest')!;
    expect(Buffer.from(fulfil.params.body as string, 'base64').toString()).toBe(whole);
    expect(fulfil.params.responseHeaders).toEqual([{ name: 'Content-Type', value: 'text/plain' }]);
    expect(fulfil.params).toMatchObject({ responseCode: 200, responsePhrase: 'OK' });
    expect(sent.some((c) => c.method.startsWith('Fetch.continue'))).toBe(false);
    const stored = delivered.get('net-1');
    expect(stored?.ok && stored.body?.truncated).toBe('length');
    expect(await text(stored)).toBe(whole.slice(0, 20));
  });

  it('always resumes: body read failure, unclaimed pauses, request stage, failed responses', async () => {
    const { reader, sent, delivered } = setup({
      'Fetch.getResponseBody': new Error('No resource with given identifier found'),
      'Network.getResponseBody': { body: 'from the renderer', base64Encoded: false },
    });
    await reader.handlePause(
      paused({ responseHeaders: [{ name: 'Content-Length', value: '5' }] }),
      's',
      'net-1',
      true,
    );
    // The body is then taken where the renderer received it.
    reader.onFinished('net-1', 'renderer');
    await reader.close();
    expect(await text(delivered.get('net-1'))).toBe('from the renderer');
    // A PDF never reaches a renderer: its loss is reported instead.
    const pdf = setup({ 'Fetch.getResponseBody': new Error('gone') });
    await pdf.reader.handlePause(
      paused({
        resourceType: 'Document',
        responseHeaders: [
          { name: 'Content-Type', value: 'application/pdf' },
          { name: 'Content-Length', value: '5' },
        ],
      }),
      's',
      'net-9',
      true,
    );
    expect(pdf.delivered.get('net-9')).toMatchObject({ ok: false });
    await reader.handlePause(paused({ requestId: 'job-2' }), 's', 'net-2', false);
    await reader.handlePause(
      paused({ requestId: 'job-3', responseStatusCode: undefined }),
      's',
      '',
      false,
    );
    await reader.handlePause(
      paused({
        requestId: 'job-4',
        responseStatusCode: undefined,
        responseErrorReason: 'ConnectionRefused',
      }),
      's',
      '',
      false,
    );
    expect(
      sent.filter((c) => c.method.startsWith('Fetch.c')).map((c) => [c.method, c.params.requestId]),
    ).toEqual([
      ['Fetch.continueResponse', 'job-1'],
      ['Fetch.continueResponse', 'job-2'],
      ['Fetch.continueRequest', 'job-3'],
      ['Fetch.continueRequest', 'job-4'],
    ]);
  });

  it('a stream cut by the connection keeps what arrived; close() ends running streams', async () => {
    const { reader, delivered } = setup({ 'Network.streamResourceContent': { bufferedData: '' } });
    await reader.handlePause(paused(), 'page', 'net-1', true);
    reader.onData({ requestId: 'net-1', dataLength: 4, data: b64('part') }, 'renderer');
    reader.onFailed('net-1', 'net::ERR_CONNECTION_RESET');
    const broken = delivered.get('net-1');
    expect(broken?.ok && broken.body?.truncated).toBe('disconnect');
    expect(await text(broken)).toBe('part');

    await reader.handlePause(
      paused({ requestId: 'job-2', networkId: 'net-2' }),
      'page',
      'net-2',
      true,
    );
    reader.onData({ requestId: 'net-2', dataLength: 4, data: b64('half') }, 'renderer');
    await reader.handlePause(
      paused({ requestId: 'job-3', networkId: 'net-3' }),
      'page',
      'net-3',
      true,
    );
    await reader.close();
    expect(await text(delivered.get('net-2'))).toBe('half');
    // A stream with nothing yet is reported lost, not stored empty.
    expect(delivered.get('net-3')?.ok).toBe(false);
    // Once closed, pauses are only resumed.
    await reader.handlePause(
      paused({ requestId: 'job-4', networkId: 'net-4' }),
      'page',
      'net-4',
      true,
    );
    expect(delivered.has('net-4')).toBe(false);
  });

  it('a healthy script is let through at once, its body left for the renderer to give later', async () => {
    const released: string[] = [];
    const { reader, sent, delivered } = setup(
      { 'Fetch.getResponseBody': { body: 'x', base64Encoded: false } },
      { readLater: (key) => (released.push(key), true) },
    );
    const script = (status: number, type: string) =>
      paused({
        resourceType: 'Script',
        responseStatusCode: status,
        responseHeaders: [
          { name: 'Content-Type', value: type },
          { name: 'Content-Length', value: '1' },
        ],
      });
    await reader.handlePause(script(200, 'text/javascript'), 'page', 'net-1', true);
    expect(sent.map((c) => c.method)).toEqual(['Fetch.continueResponse']);
    expect(released).toEqual(['net-1']);
    expect(delivered.size).toBe(0);

    // A 500 script would be cancelled by the renderer: read while it is held.
    await reader.handlePause(script(500, 'text/javascript'), 'page', 'net-2', true);
    expect(sent.map((c) => c.method)).toEqual([
      'Fetch.continueResponse',
      'Fetch.getResponseBody',
      'Fetch.continueResponse',
    ]);
    expect(released).toEqual(['net-1']);
    expect(await text(delivered.get('net-2'))).toBe('x');
  });
});
