import { describe, expect, it } from 'vitest';
import { ReadGate } from './read-gate';
import { ManualClock } from '../../test/capture/fake-transport';

/** A gate whose reads only record that they ran, each finishing when told. */
function setup(
  over: Partial<{ maxHeldBytes: number; maxHoldMs: number; maxInFlight: number }> = {},
) {
  const clock = new ManualClock();
  const gate = new ReadGate({
    clock,
    maxHeldBytes: 1000,
    maxHoldMs: 5000,
    maxInFlight: 2,
    ...over,
  });
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const read = (name: string) => () =>
    new Promise<void>((resolve) => {
      started.push(name);
      finishers.set(name, resolve);
    });
  const finish = async (name: string) => {
    finishers.get(name)!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { clock, gate, started, read, finish, tick };
}

describe('ReadGate', () => {
  it('holds reads until the page has loaded, then runs them a few at a time', async () => {
    const { gate, started, read, finish, tick } = setup();
    gate.arm();
    gate.submit(read('a'), 10);
    gate.submit(read('b'), 10);
    gate.submit(read('c'), 10);
    await tick();
    expect(started).toEqual([]);
    expect(gate.holding).toBe(true);

    gate.open();
    await tick();
    expect(started).toEqual(['a', 'b']);
    let idle = false;
    void gate.idle().then(() => (idle = true));
    await finish('a');
    expect(started).toEqual(['a', 'b', 'c']);
    await finish('b');
    await finish('c');
    expect(idle).toBe(true);
    // Open: later reads run at once.
    gate.submit(read('d'), 10);
    await tick();
    expect(started).toContain('d');
  });

  it('opens by itself after maxHoldMs (a page that never fires load is still written)', async () => {
    const { clock, gate, started, read, tick } = setup();
    let opened = false;
    void gate.opened.then(() => (opened = true));
    gate.arm();
    gate.submit(read('a'), 10);
    await clock.advanceTo(clock.now() + 4999);
    await tick();
    expect(started).toEqual([]);
    await clock.advanceTo(clock.now() + 1);
    await tick();
    expect(started).toEqual(['a']);
    expect(opened).toBe(true);
  });

  it('opens when more than maxHeldBytes wait, counting records held elsewhere too', async () => {
    const { gate, started, read, tick } = setup();
    gate.arm();
    gate.submit(read('a'), 600);
    gate.hold(300);
    await tick();
    expect(gate.holding).toBe(true);
    gate.submit(read('b'), 200);
    await tick();
    expect(gate.holding).toBe(false);
    expect(started).toEqual(['a', 'b']);
  });

  it('flush reads what is held (a new document clears the buffers) and keeps holding', async () => {
    const { gate, started, read, tick } = setup();
    gate.arm();
    gate.submit(read('old'), 10);
    gate.flush();
    gate.submit(read('new'), 10);
    await tick();
    expect(started).toEqual(['old']);
    expect(gate.holding).toBe(true);
  });

  it('a failing read does not stop the others', async () => {
    const { gate, tick } = setup({ maxInFlight: 1 });
    const ran: string[] = [];
    gate.submit(() => Promise.reject(new Error('gone')), 1);
    gate.submit(async () => void ran.push('next'), 1);
    gate.open();
    await tick();
    await tick();
    expect(ran).toEqual(['next']);
    await gate.idle();
  });
});
