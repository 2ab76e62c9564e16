/**
 * When a page is "done": its top frame's load event, then a quiet network, optionally after
 * scrolling through it so lazy content loads.
 */
import type { Clock } from './clock';
import { withTimeout } from './clock';
import type { EvaluateResult, FrameNavigated } from './cdp-types';
import type { SendCommand } from './target-sessions';

/** Tracks the top frame's document and its load event. */
export class TopFrame {
  /** The top frame's id (equal to the tab's target id). */
  id?: string;
  /** URL of the committed top document. */
  url = '';
  /** The load event of the current top document has fired. */
  loaded = false;
  /** The current top document was parsed (DOMContentLoaded, or its load event). */
  parsed = false;
  private armed = false;
  private committed = false;
  private waiters: Array<() => void> = [];
  private parsedWaiters: Array<() => void> = [];

  /**
   * From now on, documents belong to the capture; earlier events describe the page as it was
   * before the reload or navigation.
   */
  arm(): void {
    this.armed = true;
  }

  onFrameNavigated(p: FrameNavigated, sessionId: string | undefined): void {
    if (sessionId !== undefined || p.frame.parentId) return;
    this.id ??= p.frame.id;
    if (p.frame.id !== this.id) return;
    this.url = p.frame.url + (p.frame.urlFragment ?? '');
    if (!this.armed) return;
    // A new top document (client-side redirect, script navigation) must load again.
    this.committed = true;
    this.loaded = false;
    this.parsed = false;
  }

  /** Page.domContentEventFired. */
  onParsed(sessionId: string | undefined): void {
    if (sessionId !== undefined || !this.committed) return;
    this.parsed = true;
    const waiters = this.parsedWaiters;
    this.parsedWaiters = [];
    for (const resolve of waiters) resolve();
  }

  onLoad(sessionId: string | undefined): void {
    if (sessionId !== undefined || !this.committed) return;
    this.onParsed(sessionId);
    this.loaded = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once the current top document was parsed (or at once if it was). */
  waitForParsed(): Promise<void> {
    if (this.parsed) return Promise.resolve();
    return new Promise((resolve) => this.parsedWaiters.push(resolve));
  }

  /** Resolves at the next (or an already fired) load event of the current top document. */
  waitForLoad(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/**
 * Network idleness: no counted request pending for a quiet period. Sampled on a short tick,
 * and reset by every new request so a request that starts and ends between two ticks still
 * counts as activity. Once quiet, the next check is at the wait's deadline itself: a wait
 * that overshot by up to a tick at every scroll step cost the heavy page 50-100 ms a step.
 */
export class IdleWatcher {
  private quietSince: number | undefined;
  private readonly waits = new Map<() => void, unknown>();

  constructor(
    private readonly clock: Clock,
    private readonly pending: () => number,
    /** True once the capture is ending: waits end at once. */
    private readonly stopped: () => boolean,
  ) {}

  /** A request started: the quiet period starts over. */
  poke(): void {
    this.quietSince = undefined;
  }

  /**
   * Resolves once the network was quiet for `quietMs`, or after `maxWaitMs` at the latest.
   *
   * The quiet period normally starts no earlier than the wait: after a scroll step the page
   * must get the chance to start new requests. With `fresh`, quiet that began before the wait
   * (during the last scroll step's settling) counts too, but at least `fresh` ms must pass
   * inside the wait, so a request the last step set off is still seen.
   */
  wait(quietMs: number, maxWaitMs = Infinity, fresh?: number): Promise<void> {
    const started = this.clock.now();
    if (fresh === undefined) this.quietSince = undefined;
    const minWait = fresh ?? 0;
    const tick = Math.max(10, Math.min(50, quietMs / 4));
    return new Promise((resolve) => {
      const check = () => {
        const now = this.clock.now();
        if (this.pending() > 0) this.quietSince = undefined;
        else this.quietSince ??= now;
        const quiet =
          this.quietSince !== undefined &&
          now - this.quietSince >= quietMs &&
          now - started >= minWait;
        if (quiet || now - started >= maxWaitMs || this.stopped()) {
          this.waits.delete(resolve);
          resolve();
          return;
        }
        let next = Math.min(tick, started + maxWaitMs - now);
        if (this.quietSince !== undefined)
          next = Math.min(next, Math.max(this.quietSince + quietMs, started + minWait) - now);
        this.waits.set(resolve, this.clock.setTimeout(check, Math.max(1, next)));
      };
      check();
    });
  }

  /** Ends every wait now and drops their pending ticks. */
  dispose(): void {
    for (const [resolve, timer] of this.waits) {
      this.clock.clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
  }
}

/**
 * One scroll step. It resolves after two animation frames have been drawn at the new
 * position (IntersectionObserver and lazy-loading run as part of drawing one), or after a
 * second when the tab draws nothing, and says which happened. The move is instant whatever
 * the page's CSS scroll-behavior, so a step that did not move is the bottom at once: nothing
 * new came into view, and no frame needs waiting for.
 */
export const SCROLL_STEP = `(async () => {
  const el = document.scrollingElement || document.documentElement;
  if (!el) return null;
  const view = window.innerHeight || el.clientHeight || 800;
  const before = window.scrollY;
  window.scrollBy({ top: Math.max(1, Math.floor(view * 0.9)), behavior: 'instant' });
  if (window.scrollY === before)
    return { y: Math.round(window.scrollY), view, height: el.scrollHeight, drawn: false };
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(true)));
  const late = new Promise((resolve) => setTimeout(() => resolve(false), 1000));
  const drawn = await Promise.race([frame().then(frame), late]);
  return { y: Math.round(window.scrollY), view, height: el.scrollHeight, drawn };
})()`;

/** Back to the top, instantly (the screenshot is of the top). */
export const SCROLL_TO_TOP = "window.scrollTo({ top: 0, left: 0, behavior: 'instant' })";

/** Options of `autoScroll`. */
export interface ScrollOptions {
  send: SendCommand;
  clock: Clock;
  /** Waits for the requests a step triggered to settle. */
  settle(): Promise<void>;
  /** True once the capture is ending: stop early. */
  stopped(): boolean;
  /**
   * Asked at the end: true leaves the page where the scroll stopped instead of back at the
   * top, for a later pass to go on from there (`fromY`).
   */
  stayAtBottom?: () => boolean;
  /** Where an earlier pass left the page: a first step that stays there is the bottom. */
  fromY?: number;
  maxSteps?: number;
}

/** How a scroll went: the steps that moved the page, and where it stopped. */
export interface ScrollResult {
  steps: number;
  y: number;
}

/**
 * Scrolls the top document down a screen at a time until it stops moving (the bottom, even
 * as lazy content grows it) or `maxSteps`, then back to the top for the screenshot (unless
 * `stayAtBottom`).
 */
export async function autoScroll(opts: ScrollOptions): Promise<ScrollResult> {
  const maxSteps = opts.maxSteps ?? 20;
  let lastY = opts.fromY ?? -1;
  let steps = 0;
  try {
    while (steps < maxSteps && !opts.stopped()) {
      const r = await withTimeout(
        opts.clock,
        opts.send<EvaluateResult>(
          'Runtime.evaluate',
          { expression: SCROLL_STEP, returnByValue: true, awaitPromise: true },
          undefined,
        ),
        5_000,
        'Scrolling',
      );
      const pos = r.result?.value as
        { y: number; view: number; height: number; drawn: boolean } | null | undefined;
      if (!pos || pos.y === lastY) break;
      steps++;
      lastY = pos.y;
      await opts.settle();
    }
  } finally {
    if (!opts.stayAtBottom?.())
      await withTimeout(
        opts.clock,
        opts.send(
          'Runtime.evaluate',
          { expression: SCROLL_TO_TOP, returnByValue: true },
          undefined,
        ),
        5_000,
        'Scrolling back',
      ).catch(() => undefined);
  }
  return { steps, y: lastY };
}
