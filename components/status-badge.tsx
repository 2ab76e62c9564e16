import type { ArchiveStatus, CaptureTrigger } from '../lib/db/entities';
import { t } from '../lib/i18n';

const LABELS = {
  capturing: 'statusCapturing',
  complete: 'statusComplete',
  partial: 'statusPartial',
  failed: 'statusFailed',
} as const;

/** A coloured label for an archive's status; a tab recording that runs says "Recording". */
export function StatusBadge({
  status,
  trigger,
}: {
  status: ArchiveStatus;
  trigger?: CaptureTrigger;
}) {
  const label =
    status === 'capturing' && trigger === 'record' ? t('statusRecording') : t(LABELS[status]);
  return <span class={`status status-${status}`}>{label}</span>;
}
