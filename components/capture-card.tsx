import type { ArchiveRow } from '../lib/db/entities';
import { ArchiveMarks } from './archive-marks';
import { t } from '../lib/i18n';
import { CaptureProgress } from './capture-progress';
import { viewerHref } from '../lib/ui/viewer-link';
import { PageList } from './page-list';

/** "less than a minute" / "1 minute" / "7 minutes": how long ago the shown archive was made. */
function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return t('ageUnderMinute');
  return minutes === 1 ? t('ageOneMinute') : t('ageMinutes', [String(minutes)]);
}

/**
 * The capture the popup was opened for: live progress, then its result, with the folder it
 * goes to. Its "Private" switch lives in the destination picker beside it.
 */
export function CaptureCard(props: {
  archive: ArchiveRow;
  folderPath?: string;
  onStop(): void;
  onDownload(): void;
  onOpen?(): void;
  /** This is an archive of the page made minutes ago, shown instead of a new copy. */
  recent?: boolean;
  /** The page was already being archived when asked again: this is that capture. */
  alreadyRunning?: boolean;
  /** Archive the same page again (offered once this capture has ended). */
  onArchiveAgain?(): void;
}) {
  const { archive } = props;
  const capturing = archive.status === 'capturing';
  const recording = archive.trigger === 'record';
  return (
    // Focusable (not in the Tab order): the popup puts focus here when it opens on a capture.
    <section
      class="capture-card"
      aria-live="polite"
      aria-labelledby={`capture-title-${archive.id}`}
      tabIndex={-1}
      data-status={archive.status}
    >
      <header>
        <ArchiveMarks archive={archive} />
        <h2 class="capture-title" id={`capture-title-${archive.id}`} title={archive.url}>
          {capturing ? (
            archive.title || archive.url
          ) : (
            <a href={viewerHref(archive.id)} target="_blank" rel="noopener">
              {archive.title || archive.url}
            </a>
          )}
        </h2>
      </header>
      {props.recent && !capturing && (
        <p class="capture-recent">
          {t('captureRecentNote', [formatAge(Date.now() - archive.createdAt)])}
        </p>
      )}
      {props.alreadyRunning && capturing && (
        <p class="capture-recent">{t('captureAlreadyRunningNote')}</p>
      )}
      <CaptureProgress archive={archive} />
      {recording && capturing && <p class="recording-hint">{t('recordingHint')}</p>}
      {recording && <PageList archive={archive} compact />}
      {props.folderPath && <p class="capture-folder">{t('libraryInFolder', [props.folderPath])}</p>}
      {archive.reason && <p class={`capture-reason reason-${archive.status}`}>{archive.reason}</p>}
      <div class="actions">
        {capturing ? (
          <button type="button" onClick={props.onStop}>
            {recording ? t('recordingStop') : t('stopButton')}
          </button>
        ) : (
          archive.recordCount > 0 && (
            <>
              <a class="button" href={viewerHref(archive.id)} target="_blank" rel="noopener">
                {t('viewArchivedCopy')}
              </a>
              <button type="button" class="secondary" onClick={props.onDownload}>
                {t('downloadWarc')}
              </button>
            </>
          )
        )}
        {!capturing && props.onArchiveAgain && (
          <button type="button" class="secondary" onClick={props.onArchiveAgain}>
            {t('archiveAgainButton')}
          </button>
        )}
        {!capturing && props.onOpen && (
          <button type="button" class="secondary" onClick={props.onOpen}>
            {t('libraryShowDetails')}
          </button>
        )}
      </div>
    </section>
  );
}
