import { browser } from 'wxt/browser';

/**
 * Schedules a named alarm `delayMs` from now (Chrome rounds up to its 30-second minimum).
 * An existing alarm of that name that would fire earlier is kept, so frequent scheduling
 * never postpones work.
 */
export async function scheduleAlarm(name: string, delayMs: number): Promise<void> {
  const when = Date.now() + Math.max(0, delayMs);
  const existing = await browser.alarms.get(name);
  if (existing && existing.scheduledTime <= when && existing.scheduledTime > Date.now()) return;
  await browser.alarms.create(name, { when });
}

/** Creates a repeating alarm unless one of that name exists (it survives worker restarts). */
export async function ensurePeriodicAlarm(name: string, periodMinutes: number): Promise<void> {
  const existing = await browser.alarms.get(name);
  if (existing?.periodInMinutes === periodMinutes) return;
  await browser.alarms.create(name, {
    periodInMinutes: periodMinutes,
    delayInMinutes: periodMinutes,
  });
}

/**
 * Calls `listener` whenever the named alarm fires. Register synchronously at worker start so
 * the alarm that woke the worker is not missed.
 */
export function onAlarm(name: string, listener: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) listener();
  });
}
