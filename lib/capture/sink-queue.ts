/**
 * Hands results to the CaptureSink in the order they were queued, a few at a time, without
 * making the recorder wait: paused requests are resumed no matter how slow storage is.
 *
 * Why a few at once: each write is partly CPU (hashing, Blob copies) and partly waiting for
 * the browser (Blob reads, the IndexedDB commit). One at a time left the worker idle for 40%
 * of the writes after a heavy page loaded (bench/capture). The sink keeps its records in the
 * order of its calls (lib/db/archive-sink), so overlapping only fills the waits.
 */
import { messageOf } from './clock';

/** A queue of sink writes, started in order, `concurrency` at a time, that never rejects. */
export class SinkQueue {
  /** Resolves once the last queued write has started (or been let through a hold). */
  private startGate: Promise<void> = Promise.resolve();
  private readonly running = new Set<Promise<void>>();
  private readonly queued = new Set<Promise<void>>();
  /** Number of writes that failed, and the first error. */
  failures = 0;
  firstError?: string;

  /** @param concurrency writes running at the same time. */
  constructor(private readonly concurrency = 1) {}

  /** Queues a write; `onStored` runs after it succeeded. */
  push(write: () => Promise<void>, onStored?: () => void): void {
    const previous = this.startGate;
    let started!: () => void;
    this.startGate = new Promise<void>((resolve) => (started = resolve));
    const task = (async () => {
      await previous;
      while (this.running.size >= this.concurrency) await Promise.race(this.running);
      const run: Promise<void> = write()
        .then(onStored, (error: unknown) => {
          this.failures++;
          this.firstError ??= messageOf(error);
        })
        .finally(() => this.running.delete(run));
      this.running.add(run);
      started();
      await run;
    })();
    this.queued.add(task);
    void task.finally(() => this.queued.delete(task));
  }

  /** Writes queued from now on wait until `until` settles (writes already queued do not). */
  holdUntil(until: Promise<unknown>): void {
    this.startGate = this.startGate
      .then(() => until)
      .then(
        () => undefined,
        () => undefined,
      );
  }

  /** Resolves when every write queued so far (and any queued meanwhile) has settled. */
  async drain(): Promise<void> {
    while (this.queued.size > 0) await Promise.all([...this.queued]);
  }
}

/** The notes of a capture, capped so a page with thousands of failures stays readable. */
export class Notes {
  private readonly list: string[] = [];
  private dropped = 0;

  constructor(private readonly max = 200) {}

  add(text: string): void {
    if (this.list.length < this.max) this.list.push(text);
    else this.dropped++;
  }

  /** The notes, with a count of those left out. */
  all(): string[] {
    return this.dropped > 0
      ? [...this.list, `… and ${this.dropped} more notes like these`]
      : [...this.list];
  }
}
