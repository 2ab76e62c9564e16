import { getArchive } from '../db/repos/archives';
import {
  getSyncState,
  linkedRemoteIds,
  reviewedRemoteIds,
  setSyncState,
} from '../db/repos/sync-states';
import { CairnError, errorMessage } from '../errors';
import { t } from '../i18n';
import { queueUpdate } from './sync-queue';
import type { SyncTarget } from './sync-target';

/** What settling a review did to the other candidates. */
export interface ReviewResult {
  /** Other candidates deleted on the server. */
  deleted: number;
  /** Other candidates left there: used by another archive, in another review, or refused. */
  kept: number;
  /** Why deleting some failed, when it did. */
  message?: string;
}

/**
 * Settles an archive that "needs review" (recovery found copies it could not attribute): the
 * user's choice becomes the archive's copy, and then an update makes its title, notes,
 * privacy and folder agree. With `deleteOthers`, the other candidates that no archive uses
 * and no other review lists are deleted on the server. A private archive never takes a
 * public copy, whatever is asked.
 */
export async function settleReview(
  input: { archiveId: string; serverId: string; remoteId: string; deleteOthers: boolean },
  target: () => Promise<SyncTarget>,
): Promise<ReviewResult> {
  const { archiveId, serverId, remoteId } = input;
  const state = await getSyncState(archiveId, serverId);
  const candidates = state?.errorCode === 'needs-review' ? (state.candidates ?? []) : [];
  const chosen = candidates.find((c) => c.remoteId === remoteId);
  if (!chosen) throw new CairnError('not-in-review', t('syncReviewGone'));
  const archive = await getArchive(archiveId);
  if (!archive) throw new CairnError('not-in-review', t('syncReviewGone'));
  if (archive.isPrivate && !chosen.isPrivate) {
    throw new CairnError('privacy', t('syncReviewPublicCopy'));
  }
  if ((await linkedRemoteIds(serverId)).has(remoteId)) {
    throw new CairnError('taken', t('syncReviewTaken', [remoteId]));
  }
  await setSyncState(archiveId, serverId, {
    state: 'synced',
    remoteId,
    remoteUrl: chosen.remoteUrl,
    remoteCreatedAt: chosen.createdAt,
    error: undefined,
    errorCode: undefined,
    candidates: undefined,
  });
  await queueUpdate(archive, serverId);
  const result: ReviewResult = { deleted: 0, kept: 0 };
  if (!input.deleteOthers) return result;
  const linked = await linkedRemoteIds(serverId);
  const listed = await reviewedRemoteIds(serverId, archiveId);
  for (const other of candidates) {
    if (other.remoteId === remoteId) continue;
    if (linked.has(other.remoteId) || listed.has(other.remoteId)) {
      result.kept++;
      continue;
    }
    try {
      await (await target()).remove({ remoteId: other.remoteId, url: archive.url });
      result.deleted++;
    } catch (error) {
      result.kept++;
      result.message = errorMessage(error);
    }
  }
  return result;
}
