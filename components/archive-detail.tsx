import { isErrorPage } from '../lib/capture/outcome';
import type { ArchiveDetail, RecordSummary } from '../lib/db/repos/archive-detail';
import { t, tCount } from '../lib/i18n';
import { formatBytes, formatDate } from './format';
import { CapturesOfUrl } from './captures-of-url';
import { StatusBadge } from './status-badge';
import { PageList } from './page-list';
import { SyncStates } from './sync-states';
import { viewerHref } from '../lib/ui/viewer-link';

/** Fields of the capture's metadata record worth showing, in this order. */
const METADATA_FIELDS = [
  ['software', 'libraryMetaSoftware'],
  ['browserVersion', 'libraryMetaBrowser'],
  ['userAgent', 'libraryMetaUserAgent'],
  ['endReason', 'libraryMetaEndReason'],
] as const;

/**
 * One archive in full: its screenshot, the capture's metadata, and every captured URL with
 * its HTTP status, type and size.
 */
export function ArchiveDetailView(props: {
  detail: ArchiveDetail;
  /** Object URL of the screenshot, once read. */
  screenshotUrl?: string;
  metadata?: Record<string, unknown>;
  onClose(): void;
  onDownload(): void;
  /** Shows another archive (another capture of the same URL) in this view's place. */
  onShowArchive(archiveId: string): void;
}) {
  const { archive, records } = props.detail;
  const meta = props.metadata;
  const viewport = meta?.viewport as { width?: number; height?: number } | undefined;
  const urlRecords = records.filter(
    (r) => r.warcType === 'response' || r.warcType === 'revisit' || r.warcType === 'resource',
  );
  const title = archive.title || archive.url;
  return (
    <article class="archive-detail" aria-labelledby="archive-detail-title">
      <header class="detail-head">
        <h2 id="archive-detail-title" title={title} tabIndex={-1}>
          {title}
        </h2>
        {archive.responseCount > 0 && (
          <a class="button" href={viewerHref(archive.id)} target="_blank" rel="noopener">
            {t('viewArchivedCopy')}
          </a>
        )}
        <button type="button" class="small secondary" onClick={props.onClose}>
          {t('libraryCloseDetails')}
        </button>
      </header>
      {props.detail.hasScreenshot &&
        (props.screenshotUrl ? (
          // The full-size screenshot is one click away in the viewer.
          <a
            href={`${viewerHref(archive.id)}&pane=screenshot`}
            target="_blank"
            rel="noopener"
            title={t('libraryScreenshotFullSize')}
          >
            <img
              class="screenshot"
              src={props.screenshotUrl}
              alt={t('libraryScreenshotAlt', [title])}
            />
          </a>
        ) : (
          <p class="muted">{t('libraryScreenshotLoading')}</p>
        ))}
      <dl class="detail-meta">
        <dt>{t('libraryMetaStatus')}</dt>
        <dd>
          <StatusBadge status={archive.status} trigger={archive.trigger} />
          {archive.reason && <span class="capture-reason"> {archive.reason}</span>}
        </dd>
        <dt>{t('libraryMetaUrl')}</dt>
        <dd>
          <a href={archive.url} target="_blank" rel="noreferrer">
            {archive.url}
          </a>
        </dd>
        {archive.pageStatus !== undefined && (
          <>
            <dt>{t('libraryMetaPageStatus')}</dt>
            <dd>
              {t('pageStatusBadge', [archive.pageStatus])}
              {isErrorPage(archive.pageStatus) && (
                <span class="capture-reason"> {t('pageStatusHint', [archive.pageStatus])}</span>
              )}
            </dd>
          </>
        )}
        {archive.finalUrl && archive.finalUrl !== archive.url && (
          <>
            <dt>{t('libraryMetaFinalUrl')}</dt>
            <dd>{archive.finalUrl}</dd>
          </>
        )}
        <dt>{t('libraryMetaFolder')}</dt>
        <dd>{props.detail.folderPath.join(' / ')}</dd>
        <dt>{t('libraryMetaCaptured')}</dt>
        <dd>{formatDate(archive.createdAt)}</dd>
        {archive.importedFrom !== undefined && (
          <>
            <dt>{t('libraryMetaImportedFrom')}</dt>
            <dd>{archive.importedFrom}</dd>
          </>
        )}
        {archive.endedAt !== undefined && archive.trigger !== 'import' && (
          <>
            <dt>{t('libraryMetaDuration')}</dt>
            <dd>
              {t('librarySeconds', [((archive.endedAt - archive.createdAt) / 1000).toFixed(1)])}
            </dd>
          </>
        )}
        <dt>{t('libraryMetaSize')}</dt>
        <dd>
          {t('libraryMetaSizeValue', [
            formatBytes(archive.size),
            tCount(archive.recordCount, 'libraryRecordCount'),
            tCount(archive.responseCount, 'libraryResponseCount'),
          ])}
        </dd>
        <dt>{t('libraryMetaPrivate')}</dt>
        <dd>{archive.isPrivate ? t('libraryYes') : t('libraryNo')}</dd>
        {viewport?.width && viewport.height && (
          <>
            <dt>{t('libraryMetaViewport')}</dt>
            <dd>
              {viewport.width} × {viewport.height}
            </dd>
          </>
        )}
        {METADATA_FIELDS.map(([field, label]) =>
          typeof meta?.[field] === 'string' && meta[field] ? (
            <>
              <dt>{t(label)}</dt>
              <dd>{meta[field] as string}</dd>
            </>
          ) : null,
        )}
        {archive.notes && (
          <>
            <dt>{t('libraryNotesLabel')}</dt>
            <dd class="archive-notes">{archive.notes}</dd>
          </>
        )}
      </dl>
      <div class="detail-actions">
        <button
          type="button"
          class="small"
          disabled={archive.status === 'capturing' || archive.recordCount === 0}
          onClick={props.onDownload}
        >
          {t('downloadWarc')}
        </button>
      </div>
      {/* Where the archive's copies are comes before the long lists below. */}
      <SyncStates archiveId={archive.id} />
      <CapturesOfUrl
        captures={props.detail.capturesOfUrl}
        total={props.detail.capturesOfUrlTotal}
        currentId={archive.id}
        onShow={props.onShowArchive}
      />
      {archive.pages && archive.pages.length > 1 && <PageList archive={archive} />}
      <h3>{t('libraryCapturedUrls', [urlRecords.length])}</h3>
      <div class="table-wrap">
        <table class="url-table">
          <thead>
            <tr>
              <th scope="col">{t('libraryColUrl')}</th>
              <th scope="col">{t('libraryColStatus')}</th>
              <th scope="col">{t('libraryColType')}</th>
              <th scope="col">{t('libraryColSize')}</th>
            </tr>
          </thead>
          <tbody>
            {urlRecords.map((r) => (
              <UrlRow key={r.seq} record={r} archiveId={archive.id} />
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function UrlRow({ record: r, archiveId }: { record: RecordSummary; archiveId: string }) {
  const status =
    r.warcType === 'revisit'
      ? t('libraryRevisit', [r.status ?? ''])
      : r.warcType === 'resource'
        ? t('libraryResource')
        : String(r.status ?? '');
  return (
    <tr class={r.status && r.status >= 400 ? 'http-error' : undefined}>
      <td class="url-cell" title={r.url}>
        {r.url && r.warcType !== 'resource' ? (
          <a href={viewerHref(archiveId, r.url)} target="_blank" rel="noopener">
            {r.url}
          </a>
        ) : (
          r.url
        )}
      </td>
      <td>{status}</td>
      <td>{r.mime ?? ''}</td>
      <td>
        {formatBytes(r.payloadLength ?? r.length)}
        {r.truncated && ` ${t('libraryTruncated')}`}
      </td>
    </tr>
  );
}
