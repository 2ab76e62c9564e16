import { describe, expect, it } from 'vitest';
import { SinkQueue } from './sink-queue';

/** A write that finishes when the test says so, logging when it starts and ends. */
function controlled(log: string[], name: string) {
  let finish!: () => void;
  const write = () => {
    log.push(`start ${name}`);
    return new Promise<void>((resolve) => {
      finish = () => {
        log.push(`end ${name}`);
        resolve();
      };
    });
  };
  return { write, finish: () => finish() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SinkQueue', () => {
  it('starts writes in order, at most `concurrency` at once', async () => {
    const log: string[] = [];
    const queue = new SinkQueue(2);
    const writes = ['a', 'b', 'c', 'd'].map((name) => controlled(log, name));
    for (const w of writes) queue.push(w.write);
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    writes[1]!.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    writes[0]!.finish();
    writes[2]!.finish();
    await tick();
    expect(log.slice(4)).toEqual(['end a', 'end c', 'start d']);
    writes[3]!.finish();
    await queue.drain();
    expect(log.at(-1)).toBe('end d');
  });

  it('counts failures without stopping, and runs onStored only for stored writes', async () => {
    const queue = new SinkQueue(3);
    const stored: string[] = [];
    queue.push(
      () => Promise.reject(new Error('disk full')),
      () => stored.push('x'),
    );
    queue.push(
      () => Promise.resolve(),
      () => stored.push('y'),
    );
    await queue.drain();
    expect(stored).toEqual(['y']);
    expect(queue.failures).toBe(1);
    expect(queue.firstError).toContain('disk full');
  });

  it('holds writes queued after holdUntil, not those before it', async () => {
    const log: string[] = [];
    const queue = new SinkQueue(3);
    const before = controlled(log, 'before');
    const after = controlled(log, 'after');
    let open!: () => void;
    queue.push(before.write);
    queue.holdUntil(new Promise<void>((resolve) => (open = resolve)));
    queue.push(after.write);
    await tick();
    expect(log).toEqual(['start before']);
    open();
    await tick();
    expect(log).toEqual(['start before', 'start after']);
    before.finish();
    after.finish();
    await queue.drain();
  });

  it('drain waits for writes queued while it waits', async () => {
    const log: string[] = [];
    const queue = new SinkQueue(1);
    const first = controlled(log, 'first');
    const second = controlled(log, 'second');
    queue.push(first.write);
    const drained = queue.drain().then(() => log.push('drained'));
    queue.push(second.write);
    await tick();
    first.finish();
    await tick();
    second.finish();
    await drained;
    expect(log).toEqual(['start first', 'end first', 'start second', 'end second', 'drained']);
  });
});
