import type { ArchiveDetail } from '../lib/db/repos/archive-detail';
import { t } from '../lib/i18n';
import { ArchiveMarks } from './archive-marks';
import { formatDateSeconds } from './format';

/** What the viewer's main area shows. */
export type ViewerPane = 'page' | 'screenshot' | 'text' | 'records' | 'captures';

/**
 * The viewer's banner: which archive this is (title, "archived copy of", capture time, status
 * marks, folder), the live site as a secondary, labelled link, and the tabs that switch the
 * main area between the replayed page and the archive's screenshot, text, captured URLs and
 * other captures of the same address.
 */
export function ViewerBanner(props: {
  detail: ArchiveDetail;
  pane: ViewerPane;
  /** The address the replay frame shows now, when it left the archived page. */
  shownUrl?: string;
  blocked: number;
  status?: string;
  onPane(pane: ViewerPane): void;
  onDownload(): void;
  onDownloadWacz(): void;
}) {
  const { archive, folderPath } = props.detail;
  const url = archive.finalUrl ?? archive.url;
  const tabs: [ViewerPane, string][] = [
    ['page', t('viewerTabPage')],
    ['screenshot', t('viewerTabScreenshot')],
    ['text', t('viewerTabText')],
    ['records', t('viewerTabRecords', [props.detail.records.length])],
  ];
  if (props.detail.capturesOfUrlTotal > 1) {
    tabs.push(['captures', t('viewerTabCaptures', [props.detail.capturesOfUrlTotal])]);
  }
  return (
    <header class="viewer-banner">
      <div class="viewer-identity">
        <h1 class="viewer-title">{archive.title || url}</h1>
        <p class="viewer-address">
          <span>{t('viewerArchivedCopyOf')}</span> <span class="viewer-url">{url}</span>{' '}
          <a
            class="viewer-live"
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            title={t('openLive')}
          >
            {t('viewerLiveSite')}
          </a>
        </p>
        <p class="viewer-facts">
          <time dateTime={new Date(archive.createdAt).toISOString()}>
            {t('viewerCapturedAt', [formatDateSeconds(archive.createdAt)])}
          </time>
          <ArchiveMarks archive={archive} privateHint />
          <span class="muted">{t('libraryInFolder', [folderPath.join(' / ')])}</span>
        </p>
        {archive.reason && (
          <p class={`capture-reason reason-${archive.status}`}>{archive.reason}</p>
        )}
        {props.shownUrl && props.shownUrl !== url && (
          <p class="viewer-shown">{t('viewerShowing', [props.shownUrl])}</p>
        )}
      </div>
      <nav class="viewer-tabs" aria-label={t('viewerTabsLabel')}>
        {tabs.map(([pane, label]) => (
          <button
            key={pane}
            type="button"
            class="viewer-tab"
            aria-pressed={props.pane === pane}
            onClick={() => props.onPane(pane)}
          >
            {label}
          </button>
        ))}
        <button type="button" class="secondary" onClick={props.onDownload}>
          {t('downloadWarc')}
        </button>
        <button type="button" class="secondary" onClick={props.onDownloadWacz}>
          {t('downloadWacz')}
        </button>
      </nav>
      <p class="viewer-status muted" role="status">
        {props.status ?? t('viewerOffline')}
        {props.blocked > 0 && ` ${t('viewerBlocked', [props.blocked])}`}
      </p>
    </header>
  );
}
