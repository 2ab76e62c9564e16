import type { ArchiveRow } from '../lib/db/entities';
import { t } from '../lib/i18n';
import { LockIcon } from './lock-icon';
import { PageStatusBadge } from './page-status-badge';
import { StatusBadge } from './status-badge';

/**
 * The marks an archive carries wherever it is listed, in one order: its capture status, an
 * HTTP error mark when the page answered with one, and the padlock of a private archive.
 */
export function ArchiveMarks(props: {
  archive: Pick<ArchiveRow, 'status' | 'pageStatus' | 'isPrivate'> &
    Partial<Pick<ArchiveRow, 'trigger'>>;
  /** Explain "Private" in a tooltip (where the list has room for it). */
  privateHint?: boolean;
}) {
  const a = props.archive;
  return (
    <>
      <StatusBadge status={a.status} trigger={a.trigger} />
      <PageStatusBadge status={a.pageStatus} />
      {a.isPrivate && (
        <span class="private-marker" title={props.privateHint ? t('privateHint') : undefined}>
          <LockIcon />
          {t('privateMarker')}
        </span>
      )}
    </>
  );
}
