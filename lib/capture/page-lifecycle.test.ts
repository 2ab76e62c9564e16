import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/capture/fake-transport';
import { IdleWatcher } from './page-lifecycle';

function watcher() {
  const clock = new ManualClock(0);
  let pending = 0;
  const idle = new IdleWatcher(
    clock,
    () => pending,
    () => false,
  );
  const setPending = (n: number) => {
    pending = n;
    if (n > 0) idle.poke();
  };
  /** When a wait resolves, in clock time (or undefined while it has not). */
  const timed = (wait: Promise<void>) => {
    const result: { at?: number } = {};
    void wait.then(() => (result.at = clock.now()));
    return result;
  };
  return { clock, idle, setPending, timed };
}

describe('IdleWatcher', () => {
  it('starts the quiet period at the wait by default', async () => {
    const { clock, idle, timed } = watcher();
    const first = timed(idle.wait(100));
    await clock.advanceTo(1000);
    expect(first.at).toBe(100);
    const second = timed(idle.wait(500));
    await clock.advanceTo(1499);
    expect(second.at).toBeUndefined();
    await clock.advanceTo(1600);
    expect(second.at).toBeGreaterThanOrEqual(1500);
  });

  it('with `fresh`, counts quiet from before the wait but waits at least `fresh`', async () => {
    const { clock, idle, timed } = watcher();
    const first = timed(idle.wait(400));
    await clock.advanceTo(500);
    expect(first.at).toBeGreaterThanOrEqual(400);
    // Quiet since 0: a 1000 ms quiet period needs only 500 ms more, and at least 300 ms.
    const last = timed(idle.wait(1000, Infinity, 300));
    await clock.advanceTo(900);
    expect(last.at).toBeUndefined();
    await clock.advanceTo(1100);
    expect(last.at).toBeGreaterThanOrEqual(1000);
    expect(last.at).toBeLessThan(1100);
  });

  it('ends at its deadline, not at the next tick after it', async () => {
    const { clock, idle, setPending, timed } = watcher();
    const quiet = timed(idle.wait(470));
    await clock.advanceTo(1000);
    expect(quiet.at).toBe(470);
    // Quiet since 0, so the quiet period is over; the wait still takes its 300 fresh ms.
    await clock.advanceTo(1130);
    const fresh = timed(idle.wait(1000, Infinity, 300));
    await clock.advanceTo(2000);
    expect(fresh.at).toBe(1430);
    setPending(1);
    const capped = timed(idle.wait(500, 230));
    await clock.advanceTo(3000);
    expect(capped.at).toBe(2230);
  });

  it('with `fresh`, a request during the wait starts the quiet period over', async () => {
    const { clock, idle, setPending, timed } = watcher();
    await clock.advanceTo(2000);
    const wait = timed(idle.wait(1000, Infinity, 300));
    await clock.advanceTo(2100);
    setPending(1);
    await clock.advanceTo(2400);
    setPending(0);
    await clock.advanceTo(3300);
    expect(wait.at).toBeUndefined();
    await clock.advanceTo(3600);
    expect(wait.at).toBeGreaterThanOrEqual(3400);
  });
});
