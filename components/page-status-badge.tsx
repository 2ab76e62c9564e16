import { isErrorPage } from '../lib/capture/outcome';
import { t } from '../lib/i18n';

/**
 * Marks an archive whose page answered with an HTTP error: the capture itself is complete, but
 * what it holds is the server's 404 or 500 page, which a user archiving a link must not mistake
 * for the page they meant to keep. Renders nothing for a successful or unknown status.
 */
export function PageStatusBadge({ status }: { status?: number }) {
  if (!isErrorPage(status)) return null;
  return (
    <span class="page-status" title={t('pageStatusHint', [status])}>
      {t('pageStatusBadge', [status])}
    </span>
  );
}
