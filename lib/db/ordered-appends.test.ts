import { describe, expect, it } from 'vitest';
import type { BuiltRecord } from '../warc';
import { OrderedAppends, type AppendEntry } from './ordered-appends';

const record = (name: string) => ({ recordId: name }) as unknown as BuiltRecord;
const entry = (name: string, extra: Partial<AppendEntry> = {}): AppendEntry => ({
  records: [record(name)],
  responses: 1,
  ...extra,
});

/** A promise the test settles by hand. */
function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function recorder() {
  const commits: Array<{ names: string[]; responses: number }> = [];
  const appends = new OrderedAppends(async (records, responses) => {
    commits.push({ names: records.map((r) => r.recordId), responses });
  });
  return { commits, appends };
}

describe('OrderedAppends', () => {
  it('stores in call order and joins calls that are ready into one transaction', async () => {
    const { commits, appends } = recorder();
    const done = [later<AppendEntry>(), later<AppendEntry>(), later<AppendEntry>()];
    const stored = done.map((l) => appends.add(l.promise));
    // The later calls are ready first; nothing is stored before the first one is.
    done[2]!.resolve(entry('c'));
    done[1]!.resolve(entry('b'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(commits).toEqual([]);
    done[0]!.resolve(entry('a'));
    await Promise.all(stored);
    expect(commits).toEqual([{ names: ['a', 'b', 'c'], responses: 3 }]);
  });

  it('builds a late entry only after every earlier call is stored', async () => {
    const { commits, appends } = recorder();
    let storedWhenBuilt: string[] = [];
    await Promise.all([
      appends.add(Promise.resolve(entry('first'))),
      appends.add(
        Promise.resolve(async () => {
          storedWhenBuilt = commits.flatMap((c) => c.names);
          return entry('repeat');
        }),
      ),
      appends.add(Promise.resolve(entry('next'))),
    ]);
    expect(storedWhenBuilt).toEqual(['first']);
    expect(commits.map((c) => c.names)).toEqual([['first'], ['repeat'], ['next']]);
  });

  it('fails a call alone when its serialization fails, and a whole batch when its commit does', async () => {
    const commits: string[][] = [];
    let refuse = false;
    const appends = new OrderedAppends(async (records) => {
      if (refuse) throw new Error('QuotaExceededError');
      commits.push(records.map((r) => r.recordId));
    });
    const results = await Promise.allSettled([
      appends.add(Promise.reject(new Error('unreadable body'))),
      appends.add(Promise.resolve(entry('ok'))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    refuse = true;
    const full = await Promise.allSettled([
      appends.add(Promise.resolve(entry('x'))),
      appends.add(Promise.resolve(entry('y'))),
    ]);
    expect(full.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(commits).toEqual([['ok']]);
  });

  it('runs `after` once the records are stored; its failure fails only its call', async () => {
    const { commits, appends } = recorder();
    const seen: number[] = [];
    const results = await Promise.allSettled([
      appends.add(
        Promise.resolve(entry('text', { after: async () => void seen.push(commits.length) })),
      ),
      appends.add(
        Promise.resolve(
          entry('bad', {
            after: () => Promise.reject(new Error('no text')),
          }),
        ),
      ),
    ]);
    expect(seen).toEqual([1]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });
});
