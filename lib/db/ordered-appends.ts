import type { BuiltRecord } from '../warc';

/** What one call hands over once its records are serialized. */
export interface AppendEntry {
  records: BuiltRecord[];
  /** Responses among the records, for the archive's counter. */
  responses?: number;
  /** Runs once the records are stored (the page text for search). */
  after?: () => Promise<void>;
}

/**
 * An entry that can only be serialized once every earlier call is stored: a revisit needs
 * its first copy in the database to refer to it.
 */
export type LateEntry = () => Promise<AppendEntry>;

interface Item {
  settled: boolean;
  failed: boolean;
  value?: AppendEntry | LateEntry;
  error?: unknown;
  ready: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Stores the records of overlapping calls in the order of the calls, several calls per
 * transaction.
 *
 * Why: a capture's writes were one IndexedDB transaction per exchange, each waiting for its
 * commit (with its Blobs) before the next began; on bench/capture's heavy page that was 35 ms
 * an exchange and most of the wait after the page loaded. Calls are serialized as soon as
 * they are made (by the caller, concurrently); when the turn comes, the first call and every
 * later one already serialized go into one transaction. A call fails alone when its own
 * serialization fails; a failed transaction fails the calls it held, and nothing of them is
 * stored.
 */
export class OrderedAppends {
  private readonly items: Item[] = [];
  private pumping = false;

  /**
   * @param commit stores records in one transaction, in the order given.
   * @param maxBatch most calls per transaction.
   */
  constructor(
    private readonly commit: (records: BuiltRecord[], responses: number) => Promise<void>,
    private readonly maxBatch = 32,
  ) {}

  /** Queues a call's entry (still being serialized); resolves once its records are stored. */
  add(entry: Promise<AppendEntry | LateEntry>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const item: Item = {
        settled: false,
        failed: false,
        resolve,
        reject,
        ready: Promise.resolve(),
      };
      item.ready = entry.then(
        (value) => {
          item.value = value;
          item.settled = true;
        },
        (error: unknown) => {
          item.error = error;
          item.failed = true;
          item.settled = true;
        },
      );
      this.items.push(item);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.items.length > 0) {
        await this.items[0]!.ready;
        const head = this.items.shift()!;
        if (head.failed) {
          head.reject(head.error);
        } else if (typeof head.value === 'function') {
          let entry: AppendEntry;
          try {
            entry = await head.value();
          } catch (error) {
            head.reject(error);
            continue;
          }
          await this.store([head], [entry]);
        } else {
          const batch = [head];
          while (batch.length < this.maxBatch) {
            const next = this.items[0];
            if (!next?.settled || next.failed || typeof next.value === 'function') break;
            batch.push(this.items.shift()!);
          }
          await this.store(
            batch,
            batch.map((item) => item.value as AppendEntry),
          );
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Stores the entries of `items` in one transaction and settles the items. */
  private async store(items: Item[], entries: AppendEntry[]): Promise<void> {
    try {
      await this.commit(
        entries.flatMap((entry) => entry.records),
        entries.reduce((n, entry) => n + (entry.responses ?? 0), 0),
      );
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    for (const [i, item] of items.entries()) {
      try {
        await entries[i]!.after?.();
        item.resolve();
      } catch (error) {
        item.reject(error);
      }
    }
  }
}
