import type { ArchiveRow } from '../lib/db/entities';
import { t } from '../lib/i18n';
import { formatBytes, formatDate } from './format';
import { StatusBadge } from './status-badge';

/** Archives, newest first, each with its status and a "Download WARC" button. */
export function ArchiveList(props: {
  archives: ArchiveRow[];
  onDownload(archive: ArchiveRow): void;
}) {
  if (props.archives.length === 0) return <p class="empty">{t('noArchives')}</p>;
  return (
    <ul class="archive-list">
      {props.archives.map((a) => (
        <li key={a.id} class="archive-item" data-archive-id={a.id}>
          <div class="archive-head">
            <StatusBadge status={a.status} />
            {a.isPrivate && <span class="private-marker">{t('privateMarker')}</span>}
            <span class="archive-title" title={a.title}>
              {a.title || a.url}
            </span>
          </div>
          <div class="archive-meta">
            <a href={a.url} target="_blank" rel="noreferrer" title={t('openLive')}>
              {a.url}
            </a>
            <span>
              {formatDate(a.createdAt)} · {t('storedSize', [formatBytes(a.size)])}
            </span>
          </div>
          {a.reason && <p class={`capture-reason reason-${a.status}`}>{a.reason}</p>}
          {a.status !== 'capturing' && a.recordCount > 0 && (
            <button type="button" class="secondary" onClick={() => props.onDownload(a)}>
              {t('downloadWarc')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
