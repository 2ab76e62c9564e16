import type { ComponentChildren } from 'preact';
import type { SyncStateKind } from '../lib/db/entities';
import type { ConnectionTestResult, ServerSummary } from '../lib/storage/sync-types';
import { t, tCount } from '../lib/i18n';
import { activeCreatesPause } from '../lib/storage/sync-servers';
import { formatDate } from './format';
import { formatExpiry, ServerTestResult } from './server-test-result';
import { SyncFailures, type FailedItem } from './sync-failures';
import { SyncPrivateConfirm } from './sync-private-confirm';

/** What the page is doing for one server, and what came of it. */
export interface ServerActivity {
  testing?: boolean;
  test?: ConnectionTestResult;
  syncing?: boolean;
  confirming?: boolean;
  /** Outcome of the last action (Sync now, Retry), a sentence. */
  message?: string;
  /** Error of the last action, a sentence. */
  error?: string;
  retrying: Set<string>;
}

/**
 * One configured server: what it is, whether sync to it works, its queue, its failures with
 * Retry, and its actions (Test connection, Sync now, Edit, Remove). No secret is shown: the
 * page only knows whether one is stored.
 */
export function ServerCard(props: {
  server: ServerSummary;
  counts?: Record<SyncStateKind, number>;
  failures: FailedItem[];
  /** Private archives held until the user confirms this server keeps them private. */
  awaitingPrivate?: number;
  activity: ServerActivity;
  onTest(): void;
  onSyncNow(): void;
  onEdit(): void;
  onRemove(): void;
  onRetry(archiveId?: string): void;
  onConfirmPrivate(confirmed: boolean): void;
  /** "Try again" after a quota pause. */
  onResumeCreates(): void;
  /** More for this server under its actions (Perma: Import from Perma). */
  children?: ComponentChildren;
}) {
  const { server, counts, activity } = props;
  const paused = activeCreatesPause(server);
  const awaiting = props.awaitingPrivate ?? 0;
  const headingId = `server-${server.id}-name`;
  return (
    <li class="server-card" aria-labelledby={headingId} data-server-id={server.id}>
      <header class="server-head">
        <h3 id={headingId}>{server.name}</h3>
        <span class="kind-pill">
          {server.kind === 'perma' ? t('optionsKindPerma') : t('optionsKindArchiveBox')}
        </span>
        {!server.enabled && <span class="kind-pill paused">{t('optionsPaused')}</span>}
      </header>
      <dl class="server-facts">
        <dt>{t('optionsBaseUrlLabel')}</dt>
        <dd class="url-text">{server.baseUrl}</dd>
        <dt>{t('optionsCredentialsLegend')}</dt>
        <dd>
          {server.credentialProblem
            ? t('optionsCredentialsRefused')
            : server.hasCredentials
              ? t('optionsCredentialsStored')
              : t('optionsCredentialsMissing')}
        </dd>
        {server.user && (
          <>
            <dt>{t('optionsTestUser')}</dt>
            <dd>{server.user}</dd>
          </>
        )}
        {server.tokenExpiresAt !== undefined && (
          <>
            <dt>{t('optionsTestTokenExpiry')}</dt>
            <dd>
              {server.tokenExpiresAt === null
                ? t('optionsTokenNeverExpires')
                : formatExpiry(server.tokenExpiresAt)}
            </dd>
          </>
        )}
        {server.allowInsecureHttp && (
          <>
            <dt>{t('optionsSecurity')}</dt>
            <dd class="warning">{t('optionsInsecureAccepted')}</dd>
          </>
        )}
        {counts && (
          <>
            <dt>{t('optionsQueue')}</dt>
            <dd data-testid="queue-counts">
              {/* Archives held for the private confirmation wait; they have not failed. */}
              {t('optionsQueueCounts', [
                counts.pending + awaiting,
                counts.syncing,
                counts.synced,
                counts.failed - awaiting,
              ])}
            </dd>
          </>
        )}
      </dl>
      {server.credentialProblem && (
        <div class="notice error" role="alert">
          <p>
            <strong>{t('optionsStopped')}</strong>{' '}
            {server.credentialProblemAt
              ? t('optionsKeyRefusedAt', [
                  formatDate(server.credentialProblemAt),
                  server.credentialProblem,
                ])
              : server.credentialProblem}
          </p>
          <button type="button" class="small" onClick={props.onEdit}>
            {t('optionsEditKey')}
          </button>
        </div>
      )}
      {paused && (
        <div class="notice quota" role="status">
          <p>
            {/* An archive in flight when the refusal came waits too. */}
            {tCount((counts?.pending ?? 0) + (counts?.syncing ?? 0), 'syncBlockedQuota', [
              paused.message,
              formatDate(paused.until),
            ])}
          </p>
          <button
            type="button"
            class="small"
            disabled={activity.syncing}
            onClick={props.onResumeCreates}
          >
            {t('optionsTryAgain')}
          </button>
        </div>
      )}
      {server.kind === 'archivebox' && server.capabilities?.privateSnapshots && (
        <p class="muted">{t('optionsPrivateSnapshots')}</p>
      )}
      {server.kind === 'archivebox' && !server.capabilities?.privateSnapshots && (
        <SyncPrivateConfirm
          serverName={server.name}
          confirmed={server.confirmedPrivate}
          waiting={awaiting}
          busy={activity.confirming}
          onChange={props.onConfirmPrivate}
        />
      )}
      <div class="actions">
        <button type="button" class="small" disabled={activity.testing} onClick={props.onTest}>
          {activity.testing ? t('optionsTesting') : t('optionsTestConnection')}
        </button>
        <button
          type="button"
          class="small"
          disabled={activity.syncing || !server.enabled}
          onClick={props.onSyncNow}
        >
          {activity.syncing ? t('optionsSyncing') : t('optionsSyncNow')}
        </button>
        <button type="button" class="small secondary" onClick={props.onEdit}>
          {t('optionsEdit')}
        </button>
        <button type="button" class="small secondary danger-text" onClick={props.onRemove}>
          {t('optionsRemove')}
        </button>
      </div>
      {props.children}
      <div aria-live="polite">{activity.message && <p class="muted">{activity.message}</p>}</div>
      {activity.error && (
        <p class="notice error" role="alert">
          {activity.error}
        </p>
      )}
      {/* A passing test from before the key was refused would contradict the card. */}
      {activity.test && !(server.credentialProblem && activity.test.ok) && (
        <ServerTestResult kind={server.kind} result={activity.test} />
      )}
      <SyncFailures
        serverName={server.name}
        items={props.failures}
        retrying={activity.retrying}
        onRetry={props.onRetry}
      />
    </li>
  );
}
