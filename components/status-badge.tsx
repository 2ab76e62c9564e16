import type { ArchiveStatus } from '../lib/db/entities';
import { t } from '../lib/i18n';

const LABELS = {
  capturing: 'statusCapturing',
  complete: 'statusComplete',
  partial: 'statusPartial',
  failed: 'statusFailed',
} as const;

/** A coloured label for an archive's status. */
export function StatusBadge({ status }: { status: ArchiveStatus }) {
  return <span class={`status status-${status}`}>{t(LABELS[status])}</span>;
}
