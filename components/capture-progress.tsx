import type { ArchiveRow } from '../lib/db/entities';
import { t, tCount } from '../lib/i18n';
import { formatBytes } from './format';

const PHASES = {
  starting: 'phaseStarting',
  loading: 'phaseLoading',
  scrolling: 'phaseScrolling',
  settling: 'phaseSettling',
  finishing: 'phaseFinishing',
  recording: 'phaseRecording',
} as const;

/** Live progress of a running capture: responses and bytes so far, and what it is doing. */
export function CaptureProgress({ archive }: { archive: ArchiveRow }) {
  return (
    <div class="capture-live">
      <p class="capture-progress">
        {tCount(archive.responseCount, 'progressLine', [formatBytes(archive.size)])}
      </p>
      {archive.status === 'capturing' && archive.capture && (
        <p class="capture-phase">
          {t(PHASES[archive.capture.phase])}
          {archive.capture.pending > 0 && ` · ${tCount(archive.capture.pending, 'pendingLine')}`}
        </p>
      )}
    </div>
  );
}
