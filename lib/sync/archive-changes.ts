import { errorMessage } from '../errors';

/**
 * What happened to an archive that sync may need to send: 'captured' (a capture ended complete
 * or partial), 'edited' (title, notes or private flag), 'moved' (another folder), 'deleted'
 * (purged locally; remote copies stay unless the user asked to delete them too).
 */
export type ArchiveChange = 'captured' | 'edited' | 'moved' | 'deleted';

type Listener = (archiveId: string, change: ArchiveChange) => Promise<unknown>;
let listener: Listener | undefined;

/** Registers the background's sync service as the receiver of archive changes. */
export function onArchiveChanged(fn: Listener | undefined): void {
  listener = fn;
}

/**
 * Tells sync that an archive changed. Call it right after the change is stored; it returns
 * at once (queuing happens in the background) and never throws. Outside the background (no
 * sync service registered) it does nothing. A missed call is caught up by the reconciliation
 * that runs at every worker start and on the sync alarm.
 */
export function notifyArchiveChanged(archiveId: string, change: ArchiveChange): void {
  if (!listener) return;
  void listener(archiveId, change).catch((error) =>
    console.error('[cairn] sync could not queue a change', change, errorMessage(error)),
  );
}
