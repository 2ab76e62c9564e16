/**
 * The tab's CDP session and the child sessions Chrome auto-attaches (out-of-process iframes,
 * dedicated, shared and service workers). Every session gets the same recording setup, and
 * every child that waits for the debugger is resumed, even when its setup fails: a child left
 * waiting would freeze that frame or worker for the rest of the page's life.
 */
import type { AttachedToTarget, DetachedFromTarget } from './cdp-types';
import { type Clock, messageOf, withTimeout } from './clock';

/** How long a child's setup may take before it is reported (it is resumed regardless). */
const CHILD_SETUP_TIMEOUT_MS = 10_000;

/** Sends a CDP command to the tab (undefined) or a child session. */
export type SendCommand = <T = unknown>(
  method: string,
  params: object,
  sessionId: string | undefined,
) => Promise<T>;

/** One attached child target. */
export interface ChildSession {
  sessionId: string;
  type: string;
  url: string;
  parentSessionId?: string;
}

/**
 * The Fetch pattern: pause every response (not requests) so bodies can be read. Narrower
 * patterns (by resource type) were measured and bought nothing: with Fetch enabled at all,
 * every request goes through DevTools' interceptor, and that, not the pauses, is what the page
 * pays (bench/capture prints the floors).
 */
export const FETCH_PATTERNS = [{ urlPattern: '*', requestStage: 'Response' }];

/**
 * Network.enable buffers: bodies let through at their pause wait in the renderer until they
 * are read (after the load event, see ReadGate), so the buffers must hold a whole page's
 * worth. Bigger bodies are streamed from their pause instead.
 */
export const NETWORK_BUFFERS = {
  maxTotalBufferSize: 256 * 1024 * 1024,
  maxResourceBufferSize: 48 * 1024 * 1024,
};

/** Tracks the sessions of one capture and sets each one up for recording. */
export class TargetSessions {
  private readonly children = new Map<string, ChildSession>();
  private readonly inits = new Set<Promise<void>>();
  /** How many children of each target type were attached (for the notes). */
  readonly seenTypes = new Map<string, number>();

  constructor(
    private readonly send: SendCommand,
    private readonly clock: Clock,
    private readonly note: (text: string) => void,
  ) {}

  /**
   * Sets up the tab's own session. Network and Fetch are required (without them nothing can
   * be recorded, so this throws); the rest is best effort.
   */
  async setupTop(): Promise<void> {
    await this.send('Page.enable', {}, undefined);
    await this.send('Network.enable', NETWORK_BUFFERS, undefined);
    await this.send('Fetch.enable', { patterns: FETCH_PATTERNS }, undefined);
    await this.common(undefined);
  }

  /** Target.attachedToTarget: set the child up, then always let it run. */
  onAttached(p: AttachedToTarget, parentSessionId: string | undefined): void {
    const child: ChildSession = {
      sessionId: p.sessionId,
      type: p.targetInfo.type,
      url: p.targetInfo.url,
      parentSessionId,
    };
    this.children.set(p.sessionId, child);
    this.seenTypes.set(child.type, (this.seenTypes.get(child.type) ?? 0) + 1);
    const init = this.initChild(child);
    this.inits.add(init);
    void init.finally(() => this.inits.delete(init));
  }

  /** Target.detachedFromTarget: the child is gone (its commands would fail). */
  onDetached(p: DetachedFromTarget): void {
    this.children.delete(p.sessionId);
  }

  /** Child sessions that render documents (for the page text). */
  documentSessions(): ChildSession[] {
    return [...this.children.values()].filter((c) => c.type === 'iframe' || c.type === 'page');
  }

  /** All live child sessions. */
  all(): ChildSession[] {
    return [...this.children.values()];
  }

  /** Whether a session id belongs to this capture (the tab itself is undefined). */
  has(sessionId: string | undefined): boolean {
    return sessionId === undefined || this.children.has(sessionId);
  }

  /** Resolves when the children being set up right now are running. */
  async settled(): Promise<void> {
    while (this.inits.size > 0) await Promise.allSettled([...this.inits]);
  }

  /**
   * End of capture: stop pausing responses and stop holding new children, so the page runs
   * freely between now and the caller's detach.
   */
  async release(): Promise<void> {
    const sessions: Array<string | undefined> = [undefined, ...this.children.keys()];
    await Promise.allSettled(
      sessions.flatMap((s) => [
        this.send('Fetch.disable', {}, s),
        this.send(
          'Target.setAutoAttach',
          { autoAttach: false, waitForDebuggerOnStart: false, flatten: true },
          s,
        ),
      ]),
    );
  }

  /**
   * Sends the whole setup and the resume in one go, without waiting in between: a service
   * worker answers Network.enable only once it runs (Chromium 156 never answers it while the
   * worker waits for the debugger), and CDP applies one session's commands in order anyway,
   * so interception is on before the resumed child makes its first request.
   */
  private async initChild(child: ChildSession): Promise<void> {
    const s = child.sessionId;
    const network = this.send('Network.enable', NETWORK_BUFFERS, s);
    // Workers have no Fetch domain; their requests pause in the parent session instead.
    const fetch = this.send('Fetch.enable', { patterns: FETCH_PATTERNS }, s).catch(() => undefined);
    const common = this.common(s);
    const resume = this.send('Runtime.runIfWaitingForDebugger', {}, s).catch(() => undefined);
    try {
      await withTimeout(
        this.clock,
        Promise.all([network, fetch, common, resume]),
        CHILD_SETUP_TIMEOUT_MS,
        'Setup',
      );
    } catch (error) {
      if (this.children.has(s)) {
        this.note(
          `recording may be incomplete in a ${child.type} (${child.url || 'no URL'}): ${messageOf(error)}`,
        );
      }
    }
  }

  /** Settings every session gets; failures are tolerated (not every target has them). */
  private common(s: string | undefined): Promise<unknown> {
    return Promise.allSettled([
      // Per-tab cache switch: the user's browser cache is left alone (no clearBrowserCache).
      this.send('Network.setCacheDisabled', { cacheDisabled: true }, s),
      // The site's service worker would answer from its own cache: record the network instead.
      this.send('Network.setBypassServiceWorker', { bypass: true }, s),
      this.send(
        'Target.setAutoAttach',
        { autoAttach: true, waitForDebuggerOnStart: true, flatten: true },
        s,
      ),
    ]);
  }
}
