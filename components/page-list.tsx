import type { ArchiveRow } from '../lib/db/entities';
import { formatDate } from './format';
import { t } from '../lib/i18n';
import { viewerHref } from '../lib/ui/viewer-link';

/**
 * The pages of an archive of several (a tab recording, an imported crawl) in the order they
 * were visited: title, address and time, each opening in the viewer once recorded. While a
 * recording runs, the list grows as the user goes from page to page. `compact` (the popup's
 * capture card) keeps each page to two lines in a short scrolling list.
 */
export function PageList({ archive, compact }: { archive: ArchiveRow; compact?: boolean }) {
  const pages = archive.pages ?? [];
  if (pages.length === 0) return null;
  const running = archive.status === 'capturing';
  return (
    <div class={compact ? 'page-list recording-pages' : 'page-list'}>
      <h3>
        {running ? t('recordingPagesHeading', [pages.length]) : t('libraryPages', [pages.length])}
      </h3>
      <ol class="archive-pages">
        {pages.map((page) => (
          <li key={`${page.ts} ${page.url}`}>
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
            )}{' '}
            <span class="muted page-meta">
              <span class="page-url" title={page.url}>
                {page.url}
              </span>{' '}
              · <time dateTime={new Date(page.ts).toISOString()}>{formatDate(page.ts)}</time>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
