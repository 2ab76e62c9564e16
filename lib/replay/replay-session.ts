import { attachDebugger, detachStale } from '../platform/debugger';
import { createReplayHandler } from './replay-handler';
import { interceptReplay } from './replay-interceptor';
import { parseReplayUrl } from './replay-url';

/** What the viewer hears from a running replay. */
export interface ReplayHooks {
  /** A request of the replayed page for something outside the archive was refused. */
  onBlocked(url: string): void;
  /** The replay ended: 'canceled_by_user' when the user closed Chrome's debugging bar. */
  onEnded(reason: string): void;
  /** The replay frame loads a page of archive `archiveId` (a link may lead to another one). */
  onArchiveShown(archiveId: string): void;
}

/**
 * Starts serving the replay frame of the viewer in tab `tabId` from Cairn's records. A viewer
 * reloaded in place finds its tab still attached by its previous page, whose handler is gone:
 * that attachment is dropped first. Returns a function that ends the replay.
 */
export async function startReplay(tabId: number, hooks: ReplayHooks): Promise<() => Promise<void>> {
  await detachStale(tabId);
  const connection = await attachDebugger(tabId);
  connection.onDetach((reason) => hooks.onEnded(reason));
  const stopIntercepting = await interceptReplay(connection, createReplayHandler(), {
    onBlocked: hooks.onBlocked,
    onFrameDocument: (url) => {
      const shown = parseReplayUrl(url);
      if (shown) hooks.onArchiveShown(shown.archiveId);
    },
  });
  return async () => {
    stopIntercepting();
    await connection.detach();
  };
}
