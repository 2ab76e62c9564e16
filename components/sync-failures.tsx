import { t } from '../lib/i18n';
import { formatDate } from './format';

/** One archive that failed to reach a server. */
export interface FailedItem {
  archiveId: string;
  /** The archive's title, or its URL; undefined if the archive is gone locally. */
  title?: string;
  url?: string;
  /** The server's (or Cairn's) reason. */
  error?: string;
  updatedAt: number;
}

/** Archives that failed on one server, each with its reason and a Retry button. */
export function SyncFailures(props: {
  serverName: string;
  items: FailedItem[];
  /** Archive ids whose retry is under way. */
  retrying: Set<string>;
  onRetry(archiveId?: string): void;
}) {
  if (props.items.length === 0) return null;
  const all = props.retrying.has('*');
  return (
    <section class="sync-failures" aria-label={t('optionsFailuresLabel', [props.serverName])}>
      <div class="pane-head">
        <h4>{t('optionsFailuresHeading', [props.items.length])}</h4>
        <button
          type="button"
          class="small secondary"
          disabled={all}
          onClick={() => props.onRetry()}
        >
          {all ? t('optionsRetrying') : t('optionsRetryAll')}
        </button>
      </div>
      <ul class="failure-list">
        {props.items.map((item) => {
          const label = item.title || item.url || t('optionsArchiveGone');
          const busy = all || props.retrying.has(item.archiveId);
          return (
            <li key={item.archiveId} class="failure">
              <div class="failure-text">
                <span class="failure-title" title={item.url}>
                  {label}
                </span>
                <span class="failure-reason">{item.error || t('optionsNoReason')}</span>
                <span class="muted small-text">{formatDate(item.updatedAt)}</span>
              </div>
              <button
                type="button"
                class="small"
                disabled={busy}
                aria-label={t('optionsRetryArchive', [label])}
                onClick={() => props.onRetry(item.archiveId)}
              >
                {busy ? t('optionsRetrying') : t('optionsRetry')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
