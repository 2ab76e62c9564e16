import { purgeTrash, TRASH_RETENTION_MS } from '../../lib/db/repos/trash';
import { notifyArchiveChanged } from '../../lib/sync/archive-changes';

/** Longest single wait: setTimeout overflows past 2^31 ms (about 24.8 days). */
const MAX_WAIT_MS = 24 * 60 * 60_000;

let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Infinity;

/**
 * Purges what has been in the Trash for TRASH_RETENTION_MS and schedules the next purge for
 * what is still there. A worker that dies before its timer fires purges at its next start.
 */
export async function purgeTrashNow(now = Date.now()): Promise<string[]> {
  const { purged, nextTrashedAt } = await purgeTrash(now - TRASH_RETENTION_MS);
  if (nextTrashedAt !== undefined) schedulePurge(nextTrashedAt + TRASH_RETENTION_MS);
  for (const id of purged) notifyArchiveChanged(id, 'deleted');
  return purged;
}

/** "Empty the Trash": purges everything in it now. */
export async function emptyTrashNow(): Promise<string[]> {
  const { purged } = await purgeTrash();
  for (const id of purged) notifyArchiveChanged(id, 'deleted');
  return purged;
}

/** Makes sure a purge runs at `at` (epoch ms) or earlier (checking at least daily). */
export function schedulePurge(at: number): void {
  if (timer !== undefined && timerAt <= at) return;
  if (timer !== undefined) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(
    () => {
      timer = undefined;
      timerAt = Infinity;
      purgeTrashNow().catch((error: unknown) => console.error('[cairn] trash purge failed', error));
    },
    Math.min(MAX_WAIT_MS, Math.max(0, at - Date.now())),
  );
}

/** Purges stale trash left by an earlier worker (and schedules what is still waiting). */
export function setupTrash(): void {
  purgeTrashNow().catch((error: unknown) => console.error('[cairn] trash purge failed', error));
}
