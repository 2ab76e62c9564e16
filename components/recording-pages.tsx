import type { ArchiveRow } from '../lib/db/entities';
import { formatDate } from '../lib/format-date';
import { t } from '../lib/i18n';
import { viewerHref } from '../lib/ui/viewer-link';

/**
 * The pages of a tab recording, newest last: title, address and when it was opened. While
 * the recording runs, the list grows as the user goes from page to page.
 */
export function RecordingPages({ archive }: { archive: ArchiveRow }) {
  const pages = archive.pages ?? [];
  if (pages.length === 0) return null;
  const running = archive.status === 'capturing';
  return (
    <section class="recording-pages" aria-label={t('recordingPagesDone', [pages.length])}>
      <h3>
        {running
          ? t('recordingPagesHeading', [pages.length])
          : t('recordingPagesDone', [pages.length])}
      </h3>
      <ol>
        {pages.map((page) => (
          <li key={`${page.ts} ${page.url}`}>
            {/* Once recorded, each page opens in the viewer. */}
            {running ? (
              <span class="page-title" title={page.title || page.url}>
                {page.title || page.url}
              </span>
            ) : (
              <a
                class="page-title"
                href={viewerHref(archive.id, page.url)}
                target="_blank"
                rel="noopener"
                title={page.title || page.url}
              >
                {page.title || page.url}
              </a>
            )}
            <span class="muted page-meta">
              <span class="page-url" title={page.url}>
                {page.url}
              </span>{' '}
              · <time dateTime={new Date(page.ts).toISOString()}>{formatDate(page.ts)}</time>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
