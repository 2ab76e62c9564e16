/**
 * Hands results to the CaptureSink one at a time, in completion order, without making the
 * recorder wait: paused requests are resumed no matter how slow storage is.
 */
import { messageOf } from './clock';

/** A serial queue of sink writes that never rejects. */
export class SinkQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Number of writes that failed, and the first error. */
  failures = 0;
  firstError?: string;

  /** Queues a write; `onStored` runs after it succeeded. */
  push(write: () => Promise<void>, onStored?: () => void): void {
    this.tail = this.tail.then(write).then(onStored, (error: unknown) => {
      this.failures++;
      this.firstError ??= messageOf(error);
    });
  }

  /** Writes queued from now on wait until `until` settles (writes already queued do not). */
  holdUntil(until: Promise<unknown>): void {
    // The tail itself never rejects (push catches); `until` may.
    this.tail = this.tail
      .then(() => until)
      .then(
        () => undefined,
        () => undefined,
      );
  }

  /** Resolves when every write queued so far (and any queued meanwhile) has settled. */
  async drain(): Promise<void> {
    for (;;) {
      const tail = this.tail;
      await tail;
      if (tail === this.tail) return;
    }
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
