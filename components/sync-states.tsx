import { useEffect, useId, useState } from 'preact/hooks';
import type { SyncStateKind } from '../lib/db/entities';
import { listSyncStatesOfArchive, type SyncStateRecord } from '../lib/db/repos/sync-states';
import { sendMessage } from '../lib/messaging/client';
import { syncServersItem } from '../lib/storage/sync-servers';
import type { ServerConfig } from '../lib/storage/sync-types';
import { useLiveQuery } from '../lib/ui/use-live-query';
import { errorMessage } from '../lib/errors';
import { t, type MessageKey } from '../lib/i18n';
import './sync-states.css';

const STATE_LABELS: Record<SyncStateKind, MessageKey> = {
  pending: 'syncStatePending',
  syncing: 'syncStateSyncing',
  synced: 'syncStateSynced',
  failed: 'syncStateFailed',
};

/** A server as this list needs it (the configuration has no secrets). */
export type SyncServerRef = Pick<ServerConfig, 'id' | 'name' | 'kind'>;

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
}) {
  const byId = new Map(props.servers.map((s) => [s.id, s]));
  // States of removed servers are being cleaned up by the background: not worth showing.
  const states = props.states.filter((s) => byId.has(s.serverId));
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
                {s.state === 'failed' && (
                  <>
                    <span class="sync-reason">{s.error || t('optionsNoReason')}</span>
                    <button
                      type="button"
                      class="small"
                      disabled={busy}
                      aria-label={t('syncStateRetryOn', [server.name])}
                      onClick={() => props.onRetry(s.serverId)}
                    >
                      {busy ? t('optionsRetrying') : t('optionsRetry')}
                    </button>
                  </>
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

/** The configured servers, kept current as the options page changes them. */
function useServerRefs(): SyncServerRef[] {
  const [servers, setServers] = useState<SyncServerRef[]>([]);
  useEffect(() => {
    void syncServersItem.getValue().then(setServers);
    return syncServersItem.watch((next) => setServers(next ?? []));
  }, []);
  return servers;
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
  const retry = async (serverId: string) => {
    setRetrying((r) => new Set(r).add(serverId));
    setErrors((all) => {
      const next = { ...all };
      delete next[serverId];
      return next;
    });
    try {
      await sendMessage('retrySync', { archiveId: props.archiveId, serverId });
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
  return (
    <SyncStatesView
      states={states}
      servers={servers}
      retrying={retrying}
      errors={errors}
      onRetry={(serverId) => void retry(serverId)}
    />
  );
}
