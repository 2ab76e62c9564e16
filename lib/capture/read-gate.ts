/**
 * Holds body reads (Network.getResponseBody) back while the page is still loading; the
 * recorder holds its record writes until the same moment (`opened`).
 *
 * Reading a body while the page loads costs the page: the body crosses into the service
 * worker as base64, is hashed, compressed and written, and on a two-core machine that work
 * competes with the page's own. The bodies of finished requests wait in the renderer's
 * buffers (Network.enable sizes them), so they are read once the page has loaded, a few at a
 * time. Holding is bounded three ways: by the bytes held (the renderer's buffers are finite),
 * by time (a page that never fires load must still be written as it goes, so a stopped
 * worker loses little), and by the page itself (a new top document would clear the buffers,
 * so what is held is read at once).
 */
import type { Clock } from './clock';

/** Limits of one gate. */
export interface ReadGateOptions {
  clock: Clock;
  /** Holding more bytes than this opens the gate. */
  maxHeldBytes: number;
  /** The gate opens by itself this long after it was armed. */
  maxHoldMs: number;
  /** Reads running at the same time once released. */
  maxInFlight: number;
}

/** A deferred body read; resolves when the body was delivered (or given up). */
export type BodyRead = () => Promise<unknown>;

/** See the file comment. */
export class ReadGate {
  private held: BodyRead[] = [];
  private heldBytes = 0;
  private readonly ready: BodyRead[] = [];
  private inFlight = 0;
  private isOpen = false;
  private timer: unknown;
  private idleWaiters: Array<() => void> = [];
  private resolveOpened!: () => void;
  /** Resolves when the gate opens. */
  readonly opened = new Promise<void>((resolve) => (this.resolveOpened = resolve));

  constructor(private readonly options: ReadGateOptions) {}

  /** Starts the hold timer (at the start of the page load). */
  arm(): void {
    if (this.isOpen || this.timer !== undefined) return;
    this.timer = this.options.clock.setTimeout(() => this.open(), this.options.maxHoldMs);
  }

  /** Runs `read` now when the gate is open, otherwise once it opens or the hold overflows. */
  submit(read: BodyRead, bytes: number): void {
    if (this.isOpen) {
      this.ready.push(read);
    } else {
      this.held.push(read);
      this.hold(bytes);
    }
    this.pump();
  }

  /**
   * Counts bytes held back elsewhere for the same reason (records waiting to be written):
   * past maxHeldBytes the gate opens.
   */
  hold(bytes: number): void {
    if (this.isOpen) return;
    this.heldBytes += Math.max(0, bytes);
    if (this.heldBytes > this.options.maxHeldBytes) this.open();
  }

  /** Reads what is held now and keeps holding later reads (the page changed document). */
  flush(): void {
    this.ready.push(...this.held);
    this.held = [];
    this.pump();
  }

  /** The page has loaded (or the capture ends): read everything, hold nothing from now on. */
  open(): void {
    if (!this.isOpen) {
      this.isOpen = true;
      this.options.clock.clearTimeout(this.timer);
      this.resolveOpened();
    }
    this.flush();
  }

  /** Whether reads are still held back. */
  get holding(): boolean {
    return !this.isOpen;
  }

  /** Resolves when no released read is waiting or running (held ones do not count). */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.ready.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.ready.length > 0) {
      const read = this.ready.shift()!;
      this.inFlight++;
      void Promise.resolve()
        .then(read)
        .catch(() => undefined)
        .then(() => {
          this.inFlight--;
          this.pump();
        });
    }
    if (this.inFlight === 0 && this.ready.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
