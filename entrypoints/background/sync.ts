import { ensurePeriodicAlarm, onAlarm, scheduleAlarm } from '../../lib/platform/alarms';
import { notify } from '../../lib/platform/notifications';
import { hasServerPermission, releaseServerPermission } from '../../lib/platform/permissions';
import { errorMessage } from '../../lib/errors';
import {
  connectArchiveChanges,
  createSyncService,
  type SyncService,
} from '../../lib/sync/sync-service';

/** Periodic sweep: reconcile and drain, in case nothing else woke the worker. */
const SWEEP_ALARM = 'cairn-sync-sweep';
/** One-off wake-up when the next outbox entry is due (backoff, Retry-After, capture jobs). */
const WAKE_ALARM = 'cairn-sync-wake';
/** A drain keeps going while the next entry is due within this (worker stays busy meanwhile). */
const DRAIN_WAIT_MS = 20_000;

let service: SyncService | undefined;

/** The sync service of this worker instance. */
export function syncService(): SyncService {
  service ??= createSyncService({
    hasPermission: hasServerPermission,
    releasePermission: releaseServerPermission,
    notify: (title, message) => void notify('cairn-sync', title, message),
    wake: () => void runRound(false),
    engine: {
      // Chrome may stop an idle worker while a drain waits for a short backoff: the alarm
      // brings it back for that entry.
      onWait: (dueAt) => void scheduleAlarm(WAKE_ALARM, dueAt - Date.now()).catch(() => undefined),
    },
  });
  return service;
}

/**
 * One sync round: queue what was missed (at start and on the sweep), drain what is due,
 * and arm the wake-up alarm for the next entry still waiting.
 */
async function runRound(withReconcile: boolean): Promise<void> {
  try {
    const sync = syncService();
    if (withReconcile) await sync.reconcile();
    await sync.engine.drain({ waitMs: DRAIN_WAIT_MS });
    const next = await sync.engine.nextDue();
    if (next !== undefined) await scheduleAlarm(WAKE_ALARM, next - Date.now());
  } catch (error) {
    console.error('[cairn] sync round failed', errorMessage(error));
  }
}

/**
 * Sync wiring: archive changes reach the outbox, alarms drain it. Listeners are registered
 * synchronously; the first round (which also takes over entries whose worker died, once
 * their lease has run out) starts right after.
 */
export function setupSync(): void {
  connectArchiveChanges(syncService());
  onAlarm(SWEEP_ALARM, () => void runRound(true));
  onAlarm(WAKE_ALARM, () => void runRound(false));
  void ensurePeriodicAlarm(SWEEP_ALARM, 15).catch(() => undefined);
  void runRound(true);
}
