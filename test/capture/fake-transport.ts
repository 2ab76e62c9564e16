/**
 * Replays CDP sequences recorded from real Chromium (test/fixtures/cdp/*.json) through the
 * recorder, on a virtual clock.
 *
 * Events are delivered in recorded order at their recorded times (the clock jumps there,
 * firing the recorder's timers on the way), one per macrotask so the recorder's async
 * handlers run in between as they would against the browser. Commands are answered at once
 * from the recording, matched by method, session and identifying parameters (requestId,
 * handle, expression), in order; unrecorded housekeeping commands get `{}`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../lib/capture/clock';
import type { RecorderOptions } from '../../lib/capture';
import type { CdpEventListener, CdpTransport } from '../../lib/capture/transport';

/** One recorded line: an event, a command with its answer, or a detach. */
export interface FixtureEntry {
  /** ms since the transport was created. */
  t: number;
  type: 'event' | 'command' | 'detach';
  method: string;
  params?: Record<string, unknown> | object;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
}

/** A recorded capture. */
export interface CdpFixture {
  name: string;
  description: string;
  browser: string;
  /** The recorder options used while recording (minus environment and clock). */
  options: Omit<RecorderOptions, 'environment' | 'clock'>;
  /** Facts about the site at recording time the tests check against (ports, hashes...). */
  facts: Record<string, unknown>;
  entries: FixtureEntry[];
}

export const FIXTURE_DIR = path.resolve(__dirname, '../fixtures/cdp');

/** Loads test/fixtures/cdp/<name>.json. */
export function loadFixture(name: string): CdpFixture {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8')) as CdpFixture;
}

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<number, { due: number; fn: () => void; seq: number }>();

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { due: this.current + Math.max(0, ms), fn, seq: id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves to `target`, firing due timers in order and letting async work run after each. */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      let next: [number, { due: number; fn: () => void; seq: number }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].due > target) continue;
        if (
          !next ||
          entry[1].due < next[1].due ||
          (entry[1].due === next[1].due && entry[1].seq < next[1].seq)
        )
          next = entry;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.current = Math.max(this.current, next[1].due);
      next[1].fn();
      await macrotask();
    }
    this.current = Math.max(this.current, target);
  }

  /** Pending timers (for leak checks). */
  get pendingTimers(): number {
    return this.timers.size;
  }
}

/** Replay options. */
export interface ReplayOptions {
  /** Fires onDetach(reason) just before the event at this index (and answers nothing after). */
  detachAt?: { index: number; reason: string };
  /** Rewrites the entries before replay (shuffling, dropping). */
  transform?: (entries: FixtureEntry[]) => FixtureEntry[];
}

/** A CdpTransport that replays a fixture. */
export class ReplayTransport implements CdpTransport {
  readonly clock = new ManualClock();
  /** Commands the recorder sent, in order, with the (virtual) time each was sent. */
  readonly sent: Array<{
    method: string;
    params: Record<string, unknown>;
    sessionId?: string;
    at: number;
  }> = [];
  /** Commands nothing in the recording answered. */
  readonly unanswered: string[] = [];
  private readonly events: FixtureEntry[];
  private readonly commands: Array<FixtureEntry & { used?: boolean }>;
  private readonly eventListeners = new Set<CdpEventListener>();
  private readonly detachListeners = new Set<(reason: string) => void>();
  private navigated!: () => void;
  private readonly navigation = new Promise<void>((resolve) => (this.navigated = resolve));
  private detached = false;
  /** Clock time of the recording's t = 0: its entries play at `base + t`. */
  readonly base: number;

  constructor(
    fixture: CdpFixture,
    private readonly opts: ReplayOptions = {},
  ) {
    const entries = opts.transform
      ? opts.transform(fixture.entries.map((e) => ({ ...e })))
      : fixture.entries;
    this.events = entries.filter((e) => e.type === 'event');
    this.commands = entries.filter((e) => e.type === 'command').map((e) => ({ ...e }));
    this.base = this.clock.now();
  }

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const p = params as Record<string, unknown>;
    this.sent.push({ method, params: p, sessionId, at: this.clock.now() });
    if (this.detached) return Promise.reject(new Error('Debugger is not attached to the tab'));
    if (method === 'Page.navigate' || method === 'Page.reload') this.navigated();
    const match =
      this.commands.find(
        (c) => !c.used && c.method === method && c.sessionId === sessionId && sameKeys(c.params, p),
      ) ??
      this.commands.find(
        (c) => !c.used && c.method === method && c.sessionId === sessionId && !hasKeys(p),
      );
    if (match) {
      match.used = true;
      return match.error
        ? Promise.reject(new Error(match.error.message))
        : Promise.resolve(match.result as T);
    }
    if (
      /\.(enable|disable)$|setCacheDisabled|setBypassServiceWorker|setAutoAttach|runIfWaitingForDebugger|^Fetch\.(continue|fulfill|fail)|^IO\.close$/.test(
        method,
      )
    ) {
      return Promise.resolve({} as T);
    }
    this.unanswered.push(method);
    return Promise.reject(new Error(`no recorded answer for ${method}`));
  }

  onEvent(listener: CdpEventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onDetach(listener: (reason: string) => void): () => void {
    this.detachListeners.add(listener);
    return () => this.detachListeners.delete(listener);
  }

  /** Number of listeners still subscribed (the recorder must unsubscribe at the end). */
  get listenerCount(): number {
    return this.eventListeners.size + this.detachListeners.size;
  }

  /**
   * Plays the recording once the recorder navigates, then lets virtual time run until
   * `done` settles (at most `limitMs` past the last event).
   */
  async play<T>(done: Promise<T>, limitMs = 120_000): Promise<T> {
    let settled = false;
    void done.then(() => (settled = true));
    await Promise.race([this.navigation, done]);
    for (let i = 0; i < this.events.length && !settled; i++) {
      const event = this.events[i]!;
      if (this.opts.detachAt?.index === i) {
        this.detached = true;
        for (const listener of this.detachListeners) listener(this.opts.detachAt.reason);
        break;
      }
      await this.clock.advanceTo(this.base + event.t);
      for (const listener of this.eventListeners)
        listener(event.method, event.params ?? {}, event.sessionId);
      await macrotask();
    }
    const end = this.clock.now() + limitMs;
    while (!settled && this.clock.now() < end) {
      await this.clock.advanceTo(this.clock.now() + 50);
      await macrotask();
    }
    return done;
  }
}

const KEYS = ['requestId', 'handle', 'expression', 'url'];

function hasKeys(p: Record<string, unknown>): boolean {
  return KEYS.some((k) => p[k] !== undefined);
}

function sameKeys(recorded: object | undefined, p: Record<string, unknown>): boolean {
  const r = (recorded ?? {}) as Record<string, unknown>;
  return KEYS.every((k) => r[k] === p[k]);
}
