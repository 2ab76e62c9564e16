import { awaitsPrivateConfirmation, type SyncStateRecord } from '../lib/db/repos/sync-states';
import { t, type MessageKey } from '../lib/i18n';
import type { SyncServerRef } from '../lib/ui/use-server-refs';

/** The four things a row's mark tells apart. */
type MarkKind = 'synced' | 'waiting' | 'failed' | 'review';

const LABELS: Record<MarkKind, MessageKey> = {
  synced: 'syncMarkSynced',
  waiting: 'syncMarkWaiting',
  failed: 'syncMarkFailed',
  review: 'syncMarkReview',
};

function kindOf(state: SyncStateRecord): MarkKind {
  if (state.state === 'synced') return 'synced';
  if (awaitsPrivateConfirmation(state)) return 'waiting';
  if (state.state === 'failed') return state.errorCode === 'needs-review' ? 'review' : 'failed';
  return 'waiting';
}

/**
 * One small mark per server an archive syncs to, in the servers' own order: synced, waiting
 * (queued, sending, or a private archive waiting for the user's confirmation that the server
 * keeps it private), failed, or needs review, each with an accessible name ("Perma:
 * synced") and the reason as its tooltip. Nothing when the archive syncs nowhere.
 */
export function SyncMarks(props: { states: SyncStateRecord[]; servers: SyncServerRef[] }) {
  const byServer = new Map(props.states.map((s) => [s.serverId, s]));
  const marks = props.servers.flatMap((server) => {
    const state = byServer.get(server.id);
    return state ? [{ server, state, kind: kindOf(state) }] : [];
  });
  if (marks.length === 0) return null;
  return (
    <span class="sync-marks">
      {marks.map(({ server, state, kind }) => {
        const label = t('syncMarkLabel', [
          server.name,
          awaitsPrivateConfirmation(state) ? t('syncMarkAwaitingPrivate') : t(LABELS[kind]),
        ]);
        return (
          <span
            key={server.id}
            class="sync-mark"
            data-kind={kind}
            role="img"
            aria-label={label}
            title={state.error ? `${label}: ${state.error}` : label}
          >
            {server.name}
          </span>
        );
      })}
    </span>
  );
}
