import type { CdpEventListener, CdpTransport } from '../capture/transport';
import { CairnError } from '../errors';

/** chrome.debugger protocol version; 1.3 is the stable protocol every Chromium speaks. */
const PROTOCOL_VERSION = '1.3';

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
  let attached = true;

  const onEvent = (source: chrome.debugger.DebuggerSession, method: string, params?: object) => {
    if (source.tabId !== tabId) return;
    for (const listener of eventListeners) listener(method, params ?? {}, source.sessionId);
  };
  const onDetach = (source: chrome.debugger.Debuggee, reason: string) => {
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
      const target: chrome.debugger.DebuggerSession = sessionId ? { tabId, sessionId } : { tabId };
      return chrome.debugger.sendCommand(target, method, params) as Promise<T>;
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
      await chrome.debugger.detach({ tabId }).catch(() => undefined);
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
