import { describe, expect, it, vi } from 'vitest';
import { interceptReplay, type ReplayTransport } from './replay-interceptor';
import { REPLAY_ORIGIN } from './replay-url';

/** A DevTools connection that records commands and lets the test emit events. */
function fakeTransport() {
  const sent: { method: string; params: Record<string, unknown>; sessionId?: string }[] = [];
  let listener: ((method: string, params: unknown, sessionId?: string) => void) | undefined;
  const transport: ReplayTransport = {
    send: (method, params, sessionId) => {
      sent.push({ method, params: (params ?? {}) as Record<string, unknown>, sessionId });
      return Promise.resolve({} as never);
    },
    onEvent: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
  };
  const emit = (method: string, params: unknown, sessionId?: string) =>
    listener?.(method, params, sessionId);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  return { transport, sent, emit, settle };
}

describe('interceptReplay', () => {
  it('intercepts the replay frame and its workers, and lets other targets go', async () => {
    const { transport, sent, emit, settle } = fakeTransport();
    await interceptReplay(transport, () => Promise.resolve(new Response('')));
    expect(sent.map((c) => c.method)).toEqual(['Target.setAutoAttach', 'Fetch.enable']);
    sent.length = 0;
    emit('Target.attachedToTarget', {
      sessionId: 'frame',
      targetInfo: { type: 'iframe', url: '' },
    });
    emit('Target.attachedToTarget', {
      sessionId: 'sw',
      targetInfo: { type: 'service_worker', url: 'chrome-extension://x/background.js' },
    });
    await settle();
    const frame = sent.filter((c) => c.sessionId === 'frame').map((c) => c.method);
    expect(frame).toEqual([
      'Fetch.enable',
      'Target.setAutoAttach',
      'Runtime.runIfWaitingForDebugger',
    ]);
    expect(sent.find((c) => c.sessionId === 'frame')?.params).toEqual({
      patterns: [{ urlPattern: '*' }],
    });
    // The extension's own service worker resumes and is detached, never intercepted.
    expect(sent.filter((c) => c.sessionId === 'sw').map((c) => c.method)).toEqual([
      'Runtime.runIfWaitingForDebugger',
    ]);
    expect(
      sent.some((c) => c.method === 'Target.detachFromTarget' && c.params.sessionId === 'sw'),
    ).toBe(true);
  });

  it('answers the replay origin from the handler and refuses everything else', async () => {
    const { transport, sent, emit, settle } = fakeTransport();
    const handle = vi.fn(() =>
      Promise.resolve(
        new Response('<p>archived</p>', {
          status: 200,
          headers: { 'Content-Type': 'text/html', 'Set-Cookie': 'a=1' },
        }),
      ),
    );
    const blocked: string[] = [];
    await interceptReplay(transport, handle, { onBlocked: (url) => blocked.push(url) });
    sent.length = 0;
    const post = btoa('q=1');
    emit(
      'Fetch.requestPaused',
      {
        requestId: 'r1',
        request: {
          url: `${REPLAY_ORIGIN}/w/a/1mp_/https://example.com/`,
          method: 'POST',
          headers: { Referer: 'x' },
          postDataEntries: [{ bytes: post }],
        },
        resourceType: 'Document',
      },
      'frame',
    );
    emit(
      'Fetch.requestPaused',
      {
        requestId: 'r2',
        request: { url: 'http://127.0.0.1:9/beacon', method: 'GET', headers: {} },
        resourceType: 'Ping',
      },
      'frame',
    );
    await settle();
    expect(handle).toHaveBeenCalledWith(
      expect.objectContaining({ method: 'POST', resourceType: 'Document' }),
    );
    const body = (handle.mock.calls[0] as unknown as [{ body: Uint8Array }])[0].body;
    expect(new TextDecoder().decode(body)).toBe('q=1');
    const fulfil = sent.find((c) => c.method === 'Fetch.fulfillRequest')!;
    expect(fulfil.sessionId).toBe('frame');
    expect(fulfil.params).toMatchObject({ requestId: 'r1', responseCode: 200 });
    expect(atob(fulfil.params.body as string)).toBe('<p>archived</p>');
    // Replay leaves no cookie behind in the profile.
    expect(JSON.stringify(fulfil.params.responseHeaders)).not.toContain('a=1');
    expect(sent.find((c) => c.method === 'Fetch.failRequest')?.params).toEqual({
      requestId: 'r2',
      errorReason: 'BlockedByClient',
    });
    expect(blocked).toEqual(['http://127.0.0.1:9/beacon']);
  });

  it('tells when the replay frame itself (not a frame inside it) loads a document', async () => {
    const { transport, emit, settle } = fakeTransport();
    const shown: string[] = [];
    await interceptReplay(transport, () => Promise.resolve(new Response('')), {
      onFrameDocument: (url) => shown.push(url),
    });
    emit('Target.attachedToTarget', {
      sessionId: 's',
      targetInfo: { targetId: 'F1', type: 'iframe', url: '' },
    });
    await settle();
    const paused = (id: string, frameId: string, resourceType = 'Document') => ({
      requestId: id,
      request: {
        url: `${REPLAY_ORIGIN}/w/a/1mp_/https://e.test/${id}`,
        method: 'GET',
        headers: {},
      },
      resourceType,
      frameId,
    });
    emit('Fetch.requestPaused', paused('top', 'F1'), 's');
    emit('Fetch.requestPaused', paused('inner', 'F2'), 's');
    emit('Fetch.requestPaused', paused('img', 'F1', 'Image'), 's');
    await settle();
    expect(shown).toEqual([`${REPLAY_ORIGIN}/w/a/1mp_/https://e.test/top`]);
  });
});
