import type { PermaClient } from './perma-client';
import { isSyncError } from './sync-error';

/** What became of a local archive's spare copies on Perma. */
export interface SparesResult {
  /** Deleted now (or already gone). */
  deleted: string[];
  /** Still capturing: Perma refuses to delete them until the capture ends; try again later. */
  busy: string[];
  /** Cannot be deleted any more (past the 24-hour window, or refused): listed to the user. */
  kept: string[];
}

/**
 * Deletes spare copies of one archive (made when a create was sent twice: by Cairn after a
 * lost answer, or by the browser resending a POST on a reused connection). Perma allows a
 * delete within 24 hours of creation and not while the copy is still being captured (A5).
 */
export async function deleteSpares(client: PermaClient, guids: string[]): Promise<SparesResult> {
  const result: SparesResult = { deleted: [], busy: [], kept: [] };
  for (const guid of guids) {
    try {
      await client.deleteArchive(guid);
      result.deleted.push(guid);
    } catch (error) {
      if (isSyncError(error, 'not-found')) result.deleted.push(guid);
      else if (isSyncError(error) && /capture in progress/i.test(error.message))
        result.busy.push(guid);
      else if (isSyncError(error) && !error.retryable) result.kept.push(guid);
      else result.busy.push(guid); // a passing fault: the next follow-up tries again
    }
  }
  return result;
}
