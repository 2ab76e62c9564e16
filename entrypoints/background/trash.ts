import { purgeExpiredTrash, TRASH_UNDO_MS } from '../../lib/db/repos/archive-ops';
import { notifyArchiveChanged } from '../../lib/sync/archive-changes';

let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Infinity;

/**
 * Purges trash whose undo time is over and schedules the next purge for what is still
 * waiting. A worker that dies before its timer fires purges at its next start, so nothing
 * stays in the trash for long.
 */
export async function purgeTrashNow(now = Date.now()): Promise<string[]> {
  const { purged, nextTrashedAt } = await purgeExpiredTrash(now - TRASH_UNDO_MS);
  if (nextTrashedAt !== undefined) schedulePurge(nextTrashedAt + TRASH_UNDO_MS);
  for (const id of purged) notifyArchiveChanged(id, 'deleted');
  return purged;
}

/** Makes sure a purge runs at `at` (epoch ms) or earlier. */
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
    Math.max(0, at - Date.now()),
  );
}

/** Purges stale trash left by an earlier worker (and schedules what is still undoable). */
export function setupTrash(): void {
  purgeTrashNow().catch((error: unknown) => console.error('[cairn] trash purge failed', error));
}
