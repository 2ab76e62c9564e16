import { bytesToBase64, postDataBytes } from '../bytes';
import { fitAnswer } from './large-bodies';
import type { ReplayRequest } from './replay-handler';
import { REPLAY_ORIGIN } from './replay-url';

/** The DevTools connection the interceptor needs (lib/platform's DebuggerConnection is one). */
export interface ReplayTransport {
  send<T = unknown>(method: string, params?: object, sessionId?: string): Promise<T>;
  onEvent(listener: (method: string, params: unknown, sessionId?: string) => void): () => void;
  /** Attaches the shared worker running `scriptUrl` (never auto-attached); its session id. */
  attachSharedWorker?(scriptUrl: string): Promise<string | undefined>;
}

interface RequestPaused {
  requestId: string;
  request: {
    url: string;
    method: string;
    headers: Record<string, string>;
    postDataEntries?: { bytes?: string }[];
  };
  resourceType: string;
  frameId?: string;
}

interface AttachedToTarget {
  sessionId: string;
  targetInfo: { targetId: string; type: string; url: string };
}

/** Frames and workers of the replay: their requests are intercepted. Anything else is let go. */
const INTERCEPTED_TARGETS = new Set(['iframe', 'page', 'worker']);

/**
 * Serves the replay frame from Cairn's archive through the DevTools Fetch domain of the
 * viewer's own tab. Every request of the replay frame (an out-of-process frame of the replay
 * origin) and of its workers is paused: the replay origin is answered by `handle`; anything
 * else is refused and reported to `onBlocked`, so a replayed page never reaches the network.
 *
 * Why not a service worker's fetch event, as ArchiveWeb.page does: a document of the
 * extension's own origin runs under the extension's CSP (no inline script, so most archived
 * pages break) and gets the `chrome.*` APIs (archived scripts could read sync keys); a
 * sandboxed, opaque-origin document is not controlled by the service worker at all.
 */
export async function interceptReplay(
  transport: ReplayTransport,
  handle: (request: ReplayRequest) => Promise<Response>,
  hooks: {
    onBlocked?: (url: string) => void;
    onError?: (error: unknown) => void;
    /** The replay frame itself (not a frame inside it) loads the document at `url`. */
    onFrameDocument?: (url: string) => void;
  } = {},
): Promise<() => void> {
  // An out-of-process iframe's target id is its frame id: a document request of that frame is
  // the replay frame navigating.
  const frameOfSession = new Map<string, string>();
  const send = (method: string, params: object, sessionId?: string) =>
    transport.send(method, params, sessionId).catch((error: unknown) => {
      // The target went away (the frame navigated or closed) between pause and answer.
      hooks.onError?.(error);
    });

  const onPaused = async (event: RequestPaused, sessionId: string | undefined) => {
    const { url } = event.request;
    if (!url.startsWith(`${REPLAY_ORIGIN}/`)) {
      if (/^(data|blob|chrome-extension):/.test(url)) {
        await send('Fetch.continueRequest', { requestId: event.requestId }, sessionId);
        return;
      }
      hooks.onBlocked?.(url);
      await send(
        'Fetch.failRequest',
        { requestId: event.requestId, errorReason: 'BlockedByClient' },
        sessionId,
      );
      return;
    }
    // A shared worker is no child of the tab, so Chrome never auto-attaches it: attach it
    // while its script is held, so its own requests are answered from the archive too.
    if (event.resourceType === 'Other' && transport.attachSharedWorker) {
      const workerSession = await transport.attachSharedWorker(url).catch(() => undefined);
      if (workerSession) {
        await send('Fetch.enable', { patterns: [{ urlPattern: '*' }] }, workerSession);
      }
    }
    if (
      event.resourceType === 'Document' &&
      sessionId !== undefined &&
      event.frameId === frameOfSession.get(sessionId)
    ) {
      hooks.onFrameDocument?.(url);
    }
    let response: Response;
    try {
      response = await handle({
        url,
        method: event.request.method,
        headers: event.request.headers,
        body: postDataBytes(event.request.postDataEntries),
        resourceType: event.resourceType,
      });
    } catch (error) {
      hooks.onError?.(error);
      response = new Response('Cairn could not read this record.', { status: 500 });
    }
    const answer = fitAnswer(
      response.status,
      response.headers,
      new Uint8Array(await response.arrayBuffer()),
    );
    await send(
      'Fetch.fulfillRequest',
      {
        requestId: event.requestId,
        responseCode: answer.status,
        responseHeaders: responseHeaders(answer.headers),
        body: bytesToBase64(answer.body),
      },
      sessionId,
    );
  };

  const onAttached = async (event: AttachedToTarget) => {
    const { sessionId, targetInfo } = event;
    if (INTERCEPTED_TARGETS.has(targetInfo.type)) {
      if (targetInfo.type === 'iframe') frameOfSession.set(sessionId, targetInfo.targetId);
      await send('Fetch.enable', { patterns: [{ urlPattern: '*' }] }, sessionId);
      await send(
        'Target.setAutoAttach',
        { autoAttach: true, waitForDebuggerOnStart: true, flatten: true },
        sessionId,
      );
      await send('Runtime.runIfWaitingForDebugger', {}, sessionId);
      return;
    }
    // The extension's own service worker and other related targets are not the replay's.
    await send('Runtime.runIfWaitingForDebugger', {}, sessionId);
    await send('Target.detachFromTarget', { sessionId });
  };

  const unsubscribe = transport.onEvent((method, params, sessionId) => {
    if (method === 'Fetch.requestPaused') void onPaused(params as RequestPaused, sessionId);
    else if (method === 'Target.attachedToTarget') void onAttached(params as AttachedToTarget);
  });
  await transport.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: true,
  });
  // The viewer's own frame: only the replay origin is paused there (in case the replay frame
  // ever shares its process); the viewer's own files load untouched.
  await transport.send('Fetch.enable', { patterns: [{ urlPattern: `${REPLAY_ORIGIN}/*` }] });
  return unsubscribe;
}

/** Response headers for CDP. Set-Cookie is dropped: replay must not leave cookies behind. */
function responseHeaders(headers: Headers): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') out.push({ name, value });
  });
  return out;
}
