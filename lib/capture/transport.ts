/**
 * The seams between the pure recorder and the outside world. lib/platform implements
 * `CdpTransport` over chrome.debugger; tests implement it over recorded CDP sequences or a
 * Playwright CDP session. The background implements `CaptureSink` over lib/warc + lib/db.
 */
import type { CaptureMetadata, CaptureResource, Exchange } from './types';

/** Listener for CDP events; `sessionId` is set for auto-attached child targets (flat mode). */
export type CdpEventListener = (method: string, params: unknown, sessionId?: string) => void;

/** A DevTools Protocol connection to one tab and its flat child sessions. */
export interface CdpTransport {
  /** Sends a command to the tab (no sessionId) or to a child session. Rejects with the CDP error. */
  send<T = unknown>(method: string, params?: object, sessionId?: string): Promise<T>;
  /** Subscribes to events; returns an unsubscribe function. */
  onEvent(listener: CdpEventListener): () => void;
  /**
   * Subscribes to the end of the connection: 'target_closed' (tab closed or crashed),
   * 'canceled_by_user' (the user dismissed the debugging bar), or another reason.
   */
  onDetach(listener: (reason: string) => void): () => void;
  /**
   * Optional: attaches the shared worker that runs `scriptUrl`, which Chrome never
   * auto-attaches (a shared worker is not a child of any tab). Called while the worker's
   * script response is paused, so the worker cannot have run yet; returns a session id whose
   * events arrive through `onEvent` and that `send` accepts, or undefined when there is none.
   */
  attachSharedWorker?(scriptUrl: string): Promise<string | undefined>;
  /**
   * Optional: script URLs of the shared workers running now. A page archived in a capture
   * tab of its own connects to the shared workers the user's tabs of that site already
   * started, so their scripts are not loaded again.
   */
  runningSharedWorkers?(): Promise<string[]>;
}

/** Live counters of a capture, for the popup and the badge. */
export interface CaptureProgress {
  /** Responses stored so far. */
  responses: number;
  /** Payload bytes stored so far. */
  bytes: number;
  /** Requests seen but not finished. */
  pending: number;
  /** Current phase, for display. */
  phase: 'starting' | 'loading' | 'scrolling' | 'settling' | 'finishing' | 'recording';
}

/**
 * Where the recorder puts what it captured. Calls are made in order of completion, a few may
 * run at once (SinkQueue), and a sink stores their results in the order of the calls, so a
 * stopped service worker loses nothing that was already stored before it.
 */
export interface CaptureSink {
  /** A finished request/response pair (called as soon as the response body is complete). */
  exchange(exchange: Exchange): Promise<void>;
  /** A screenshot, page text or other generated resource. */
  resource(resource: CaptureResource): Promise<void>;
  /** The capture's metadata record, written last. */
  metadata(metadata: CaptureMetadata): Promise<void>;
  /** Progress notification; must not throw. */
  progress(progress: CaptureProgress): void;
}
