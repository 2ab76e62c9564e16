import type { CaptureOfUrl } from '../lib/db/repos/archive-detail';
import { ArchiveMarks } from './archive-marks';
import { t, tCount } from '../lib/i18n';
import { formatDateSeconds } from './format';

/**
 * Every capture of one address, newest first, like Perma's timeline of a page: the user sees at
 * once whether and when a page was archived before and can step between versions. The capture
 * on show is marked current; the others open in its place.
 */
export function CapturesOfUrl(props: {
  captures: CaptureOfUrl[];
  total: number;
  currentId: string;
  onShow(archiveId: string): void;
}) {
  if (props.total < 2) return null;
  return (
    <section class="captures-of-url" aria-labelledby="captures-of-url-heading">
      <h3 id="captures-of-url-heading">{tCount(props.total, 'libraryCapturesOfUrl')}</h3>
      <ol>
        {props.captures.map((c) => {
          const current = c.id === props.currentId;
          const when = formatDateSeconds(c.createdAt);
          return (
            <li key={c.id} class={current ? 'current' : undefined}>
              {current ? (
                <span class="capture-when" aria-current="true">
                  {t('libraryThisCapture', [when])}
                </span>
              ) : (
                <button
                  type="button"
                  class="link-button capture-when"
                  onClick={() => props.onShow(c.id)}
                >
                  {when}
                </button>
              )}
              <ArchiveMarks archive={c} />
              <span class="muted">{t('libraryInFolder', [c.folderPath.join(' / ')])}</span>
            </li>
          );
        })}
      </ol>
      {props.total > props.captures.length && (
        <p class="muted">{t('libraryCapturesOfUrlMore', [props.captures.length, props.total])}</p>
      )}
    </section>
  );
}
