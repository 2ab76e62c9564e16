import type { ArchiveRow } from '../lib/db/entities';
import { t } from '../lib/i18n';
import { formatBytes } from './format';
import { StatusBadge } from './status-badge';

const PHASES = {
  starting: 'phaseStarting',
  loading: 'phaseLoading',
  scrolling: 'phaseScrolling',
  settling: 'phaseSettling',
  finishing: 'phaseFinishing',
} as const;

/** The capture the popup was opened for: live progress, then its result. */
export function CaptureCard(props: { archive: ArchiveRow; onStop(): void; onDownload(): void }) {
  const { archive } = props;
  const capturing = archive.status === 'capturing';
  return (
    <section class="capture-card" aria-live="polite" data-status={archive.status}>
      <header>
        <StatusBadge status={archive.status} />
        <h2 class="capture-title" title={archive.url}>
          {archive.title || archive.url}
        </h2>
      </header>
      <p class="capture-progress">
        {t('progressLine', [archive.responseCount, formatBytes(archive.size)])}
      </p>
      {capturing && archive.capture && (
        <p class="capture-phase">
          {t(PHASES[archive.capture.phase])}
          {archive.capture.pending > 0 && ` · ${t('pendingLine', [archive.capture.pending])}`}
        </p>
      )}
      {archive.reason && <p class={`capture-reason reason-${archive.status}`}>{archive.reason}</p>}
      <div class="actions">
        {capturing ? (
          <button type="button" onClick={props.onStop}>
            {t('stopButton')}
          </button>
        ) : (
          archive.recordCount > 0 && (
            <button type="button" onClick={props.onDownload}>
              {t('downloadWarc')}
            </button>
          )
        )}
      </div>
    </section>
  );
}
