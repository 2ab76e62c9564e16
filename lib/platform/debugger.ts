import type { CdpEventListener, CdpTransport } from '../capture/transport';
import { CairnError } from '../errors';

/** chrome.debugger protocol version; 1.3 is the stable protocol every Chromium speaks. */
const PROTOCOL_VERSION = '1.3';

/** Session ids of shared workers attached by target id (they have no CDP session id). */
const WORKER_SESSION_PREFIX = 'worker-target:';

/** A CdpTransport over chrome.debugger for one tab, with its flat child sessions. */
export interface DebuggerConnection extends CdpTransport {
  readonly tabId: number;
  /** Detaches (idempotent; ignores "not attached"). */
  detach(): Promise<void>;
}

/**
 * Attaches chrome.debugger to a tab. Attach failures are turned into specific, actionable
 * messages: another debugger (DevTools or an extension) already attached, or a page Chrome
 * does not let extensions debug.
 */
export async function attachDebugger(tabId: number): Promise<DebuggerConnection> {
  try {
    await chrome.debugger.attach({ tabId }, PROTOCOL_VERSION);
  } catch (error) {
    throw attachError(error);
  }
  const eventListeners = new Set<CdpEventListener>();
  const detachListeners = new Set<(reason: string) => void>();
  /** Shared workers attached by target id, keyed by the session id handed to the recorder. */
  const workers = new Map<string, string>();
  let attached = true;

  const onEvent = (source: chrome.debugger.DebuggerSession, method: string, params?: object) => {
    if (source.targetId !== undefined) {
      const sessionId = WORKER_SESSION_PREFIX + source.targetId;
      if (!workers.has(sessionId)) return;
      for (const listener of eventListeners) listener(method, params ?? {}, sessionId);
      return;
    }
    if (source.tabId !== tabId) return;
    for (const listener of eventListeners) listener(method, params ?? {}, source.sessionId);
  };
  const onDetach = (source: chrome.debugger.Debuggee, reason: string) => {
    if (source.targetId !== undefined) {
      const sessionId = WORKER_SESSION_PREFIX + source.targetId;
      if (workers.delete(sessionId)) {
        for (const listener of eventListeners)
          listener('Target.detachedFromTarget', { sessionId, targetId: source.targetId });
      }
      return;
    }
    if (source.tabId !== tabId) return;
    attached = false;
    cleanup();
    for (const listener of detachListeners) listener(reason);
  };
  const cleanup = () => {
    chrome.debugger.onEvent.removeListener(onEvent);
    chrome.debugger.onDetach.removeListener(onDetach);
  };
  chrome.debugger.onEvent.addListener(onEvent);
  chrome.debugger.onDetach.addListener(onDetach);

  return {
    tabId,
    send<T>(method: string, params?: object, sessionId?: string): Promise<T> {
      const workerTarget = sessionId ? workers.get(sessionId) : undefined;
      const target: chrome.debugger.DebuggerSession = workerTarget
        ? { targetId: workerTarget }
        : sessionId
          ? { tabId, sessionId }
          : { tabId };
      return chrome.debugger.sendCommand(target, method, params) as Promise<T>;
    },
    async runningSharedWorkers() {
      // chrome.debugger lists shared and service workers both as 'worker' (the protocol's
      // Target.getTargets, which tells them apart, is not allowed to extensions). Chrome
      // titles a service worker "Service Worker <url>"; a shared worker's title is its name.
      const targets = await chrome.debugger.getTargets();
      return targets
        .filter((t) => t.type === 'worker' && !t.title.startsWith('Service Worker '))
        .map((t) => t.url);
    },
    async attachSharedWorker(scriptUrl) {
      // Shared workers are not children of the tab, so Chrome's auto-attach never offers
      // them; chrome.debugger can still attach one by its target id.
      const targets = await chrome.debugger.getTargets();
      const known = new Set(workers.values());
      const target = targets.find(
        (t) => t.type === 'worker' && t.url === scriptUrl && !known.has(t.id),
      );
      if (!target || !attached) return undefined;
      await chrome.debugger.attach({ targetId: target.id }, PROTOCOL_VERSION);
      const sessionId = WORKER_SESSION_PREFIX + target.id;
      workers.set(sessionId, target.id);
      return sessionId;
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onDetach(listener) {
      detachListeners.add(listener);
      return () => detachListeners.delete(listener);
    },
    async detach() {
      if (!attached) return;
      attached = false;
      cleanup();
      const targets = [...workers.values()];
      workers.clear();
      await Promise.all([
        chrome.debugger.detach({ tabId }).catch(() => undefined),
        ...targets.map((targetId) => chrome.debugger.detach({ targetId }).catch(() => undefined)),
      ]);
    },
  };
}

/** Detaches a tab that a previous worker instance attached (recovery after a restart). */
export async function detachStale(tabId: number): Promise<void> {
  await chrome.debugger.detach({ tabId }).catch(() => undefined);
}

function attachError(error: unknown): CairnError {
  const text = error instanceof Error ? error.message : String(error);
  if (/already attached/i.test(text)) {
    return new CairnError(
      'already-debugged',
      'DevTools or another extension is already debugging this tab. Close DevTools (or turn off the other tool) for this tab and try again.',
      { cause: error },
    );
  }
  if (/cannot access|cannot attach|not allowed/i.test(text)) {
    return new CairnError(
      'cannot-attach',
      `Chrome does not allow extensions to record this page (${text}).`,
      { cause: error },
    );
  }
  if (/no tab with given id/i.test(text)) {
    return new CairnError('tab-closed', 'The tab was closed before the capture could start.', {
      cause: error,
    });
  }
  return new CairnError('attach-failed', `Could not start recording this tab: ${text}`, {
    cause: error,
  });
}
