import { useId, useState } from 'preact/hooks';
import type { SyncServerRef } from '../lib/ui/use-server-refs';
import type { SyncStateKind } from '../lib/db/entities';
import {
  awaitsPrivateConfirmation,
  listSyncStatesOfArchive,
  type SyncStateRecord,
} from '../lib/db/repos/sync-states';
import { OptionsLink } from './options-link';
import { sendMessage } from '../lib/messaging/client';
import { useLiveQuery } from '../lib/ui/use-live-query';
import { useServerRefs } from '../lib/ui/use-server-refs';
import { errorMessage } from '../lib/errors';
import { t, type MessageKey } from '../lib/i18n';
import { formatDate, formatDateSeconds } from './format';
import './sync-states.css';

const STATE_LABELS: Record<SyncStateKind, MessageKey> = {
  pending: 'syncStatePending',
  syncing: 'syncStateSyncing',
  synced: 'syncStateSynced',
  failed: 'syncStateFailed',
};

export type { SyncServerRef } from '../lib/ui/use-server-refs';

/**
 * One archive's state on each server: pending, syncing, synced (with the remote link) or
 * failed (with the reason and a Retry button). Presentational: SyncStates feeds it.
 */
export function SyncStatesView(props: {
  states: SyncStateRecord[];
  servers: SyncServerRef[];
  retrying: Set<string>;
  /** Why the last Retry could not be started, by server id. */
  errors: Record<string, string>;
  onRetry(serverId: string): void;
  /** Perma: send our own screenshot as the archive's file (a page the server cannot fetch). */
  onUploadRendering?(serverId: string): void;
  /** Delete the copy on that server (asks first; Perma only within 24 hours). */
  onDeleteRemote?(serverId: string): void;
  /** Needs review: the user says which candidate is the archive's copy. */
  onResolveReview?(serverId: string, remoteId: string, deleteOthers: boolean): void;
  /** What the last upload or delete did, by server id. */
  notices?: Record<string, string>;
}) {
  const byId = new Map(props.servers.map((s) => [s.id, s]));
  const order = new Map(props.servers.map((s, i) => [s.id, i]));
  // States of removed servers are being cleaned up by the background: not worth showing.
  // The rest follow the servers' own order (the options page's), the same in every detail.
  const states = props.states
    .filter((s) => byId.has(s.serverId))
    .sort((a, b) => order.get(a.serverId)! - order.get(b.serverId)!);
  const headingId = useId();
  return (
    <section class="sync-states" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('syncStatesHeading')}</h3>
      {states.length === 0 ? (
        <p class="muted">{t('syncStatesNone')}</p>
      ) : (
        <ul class="sync-state-list">
          {states.map((s) => {
            const server = byId.get(s.serverId)!;
            const busy = props.retrying.has(s.serverId);
            if (awaitsPrivateConfirmation(s)) {
              // Not a failure: the archive waits for the user's answer in the settings,
              // where confirming sends it (Retry would only be refused again).
              return (
                <li key={s.serverId} class="sync-state" data-state="pending">
                  <span class="sync-server">{server.name}</span>
                  <span class="sync-badge sync-pending">{t('syncStatePending')}</span>
                  <span class="sync-note">{s.error}</span>
                  <OptionsLink label={t('syncStateConfirmInSettings')} />
                </li>
              );
            }
            return (
              <li key={s.serverId} class="sync-state" data-state={s.state}>
                <span class="sync-server">{server.name}</span>
                <span class={`sync-badge sync-${s.state}`}>{t(STATE_LABELS[s.state])}</span>
                {s.state === 'synced' && s.remoteUrl && (
                  <a href={s.remoteUrl} target="_blank" rel="noreferrer">
                    {s.remoteId
                      ? t('syncStateOpenRemoteId', [s.remoteId])
                      : t('syncStateOpenRemote')}
                  </a>
                )}
                {s.state === 'synced' && !s.remoteUrl && s.remoteId && (
                  <span class="muted">{s.remoteId}</span>
                )}
                {s.note && <span class="sync-note">{s.note}</span>}
                {s.state === 'pending' && s.error && (
                  <span class="sync-note">
                    {s.retryAt && s.errorCode !== 'quota-paused'
                      ? t('syncWaitingUntil', [formatDate(s.retryAt), s.error])
                      : s.error}
                  </span>
                )}
                {s.state === 'failed' && (
                  <>
                    <span class="sync-reason">{s.error || t('optionsNoReason')}</span>
                    <button
                      type="button"
                      class={inReview(s) ? 'small secondary' : 'small'}
                      disabled={busy}
                      aria-label={inReview(s) ? undefined : t('syncStateRetryOn', [server.name])}
                      onClick={() => props.onRetry(s.serverId)}
                    >
                      {busy
                        ? t('optionsRetrying')
                        : inReview(s)
                          ? t('syncReviewSendAgain')
                          : t('optionsRetry')}
                    </button>
                  </>
                )}
                {inReview(s) && props.onResolveReview && (
                  <ReviewCandidates
                    state={s}
                    serverName={server.name}
                    busy={busy}
                    onResolve={(remoteId, deleteOthers) =>
                      props.onResolveReview!(s.serverId, remoteId, deleteOthers)
                    }
                  />
                )}
                {s.state === 'failed' && server.kind === 'perma' && props.onUploadRendering && (
                  <button
                    type="button"
                    class="small secondary"
                    disabled={busy}
                    onClick={() => props.onUploadRendering!(s.serverId)}
                  >
                    {t('syncStateUploadRendering', [server.name])}
                  </button>
                )}
                {s.state === 'synced' && s.remoteId && props.onDeleteRemote && (
                  <button
                    type="button"
                    class="small secondary"
                    disabled={busy}
                    onClick={() => props.onDeleteRemote!(s.serverId)}
                  >
                    {t('syncStateDeleteRemote', [server.name])}
                  </button>
                )}
                {props.notices?.[s.serverId] && (
                  <span class="sync-note" role="status">
                    {props.notices[s.serverId]}
                  </span>
                )}
                {props.errors[s.serverId] && (
                  <span class="field-error" role="alert">
                    {props.errors[s.serverId]}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

const inReview = (s: SyncStateRecord) =>
  s.state === 'failed' && s.errorCode === 'needs-review' && (s.candidates?.length ?? 0) > 0;

/**
 * The copies recovery could not attribute (needs review): each with its link, time and
 * privacy, and a button that makes it the archive's copy.
 */
function ReviewCandidates(props: {
  state: SyncStateRecord;
  serverName: string;
  busy: boolean;
  onResolve(remoteId: string, deleteOthers: boolean): void;
}) {
  const [deleteOthers, setDeleteOthers] = useState(true);
  const headingId = useId();
  return (
    <div class="sync-review" role="group" aria-labelledby={headingId}>
      <span id={headingId} class="sync-review-heading">
        {t('syncReviewCandidates', [props.serverName])}
      </span>
      <ul>
        {props.state.candidates!.map((c) => (
          <li key={c.remoteId}>
            {c.remoteUrl ? (
              <a href={c.remoteUrl} target="_blank" rel="noreferrer">
                {c.remoteId}
              </a>
            ) : (
              <span>{c.remoteId}</span>
            )}
            <span class="muted">{t('syncReviewCreated', [formatDateSeconds(c.createdAt)])}</span>
            {c.isPrivate && <span class="muted">{t('privateLabel')}</span>}
            <button
              type="button"
              class="small"
              disabled={props.busy}
              aria-label={t('syncReviewUseLabel', [c.remoteId])}
              onClick={() => props.onResolve(c.remoteId, deleteOthers)}
            >
              {t('syncReviewUse')}
            </button>
          </li>
        ))}
      </ul>
      {props.state.candidates!.length > 1 && (
        <label class="sync-review-others">
          <input
            type="checkbox"
            checked={deleteOthers}
            onChange={(e) => setDeleteOthers(e.currentTarget.checked)}
          />
          {t('syncReviewDeleteOthers')}
        </label>
      )}
    </div>
  );
}

/** One archive's per-server sync state, live (for the archive detail view). */
export function SyncStates(props: { archiveId: string }) {
  const states = useLiveQuery(
    () => listSyncStatesOfArchive(props.archiveId),
    [props.archiveId],
    [] as SyncStateRecord[],
  );
  const servers = useServerRefs();
  const [retrying, setRetrying] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notices, setNotices] = useState<Record<string, string>>({});
  /** Runs one server action with the row busy, its last message cleared and errors shown. */
  const act = async (serverId: string, action: () => Promise<string | undefined>) => {
    setRetrying((r) => new Set(r).add(serverId));
    setErrors((all) => {
      const next = { ...all };
      delete next[serverId];
      return next;
    });
    setNotices((all) => {
      const next = { ...all };
      delete next[serverId];
      return next;
    });
    try {
      const notice = await action();
      if (notice) setNotices((all) => ({ ...all, [serverId]: notice }));
    } catch (e) {
      setErrors((all) => ({ ...all, [serverId]: errorMessage(e) }));
    } finally {
      setRetrying((r) => {
        const next = new Set(r);
        next.delete(serverId);
        return next;
      });
    }
  };
  const retry = (serverId: string) =>
    act(serverId, async () => {
      await sendMessage('retrySync', { archiveId: props.archiveId, serverId });
      return undefined;
    });
  const uploadRendering = (serverId: string) =>
    act(serverId, async () => {
      await sendMessage('uploadRendering', { archiveId: props.archiveId, serverId });
      return t('syncStateUploadQueued');
    });
  const resolveReview = (serverId: string, remoteId: string, deleteOthers: boolean) =>
    act(serverId, async () => {
      const result = await sendMessage('resolveSyncReview', {
        archiveId: props.archiveId,
        serverId,
        remoteId,
        deleteOthers,
      });
      return result.message ?? t('syncReviewDone', [result.deleted, result.kept]);
    });
  const deleteRemote = (serverId: string) => {
    const name = servers.find((s) => s.id === serverId)?.name ?? '';
    // A remote copy may be what others cite: never delete it without asking.
    if (!confirm(t('syncStateDeleteRemoteConfirm', [name]))) return;
    void act(serverId, async () => {
      const result = await sendMessage('deleteRemote', { archiveId: props.archiveId, serverId });
      if (!result.deleted) throw new Error(result.message ?? t('syncStateDeleteRemoteRefused'));
      return t('syncStateDeleteRemoteDone', [name]);
    });
  };
  return (
    <SyncStatesView
      states={states}
      servers={servers}
      retrying={retrying}
      errors={errors}
      notices={notices}
      onRetry={(serverId) => void retry(serverId)}
      onUploadRendering={(serverId) => void uploadRendering(serverId)}
      onDeleteRemote={deleteRemote}
      onResolveReview={(serverId, remoteId, deleteOthers) =>
        void resolveReview(serverId, remoteId, deleteOthers)
      }
    />
  );
}
