import { useEffect, useState } from 'preact/hooks';
import { readScreenshot } from '../../lib/db/repos/archive-detail';
import { getPageText } from '../../lib/db/repos/texts';
import { t } from '../../lib/i18n';

// The viewer's panes that read from the archive: each scrolls in a focusable region of its own,
// so the keyboard can scroll content larger than the pane.

/** The full-page screenshot at its own size, scrollable. */
export function ScreenshotPane(props: { archiveId: string; title: string }) {
  const [url, setUrl] = useState<string | null>();
  useEffect(() => {
    let objectUrl: string | undefined;
    void readScreenshot(props.archiveId).then((blob) => {
      objectUrl = blob ? URL.createObjectURL(blob) : undefined;
      setUrl(objectUrl ?? null);
    });
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [props.archiveId]);
  if (url === undefined) return <p>{t('libraryLoading')}</p>;
  if (url === null) return <p class="viewer-empty">{t('viewerNoScreenshot')}</p>;
  // The screenshot is larger than the pane: its scroller takes focus, so keys scroll it.
  return (
    <div
      class="viewer-screenshot viewer-scroller"
      tabIndex={0}
      role="region"
      aria-label={t('viewerTabScreenshot')}
    >
      <img src={url} alt={t('libraryScreenshotAlt', [props.title])} />
    </div>
  );
}

/** The text Cairn extracted from the page (what search finds). */
export function TextPane(props: { archiveId: string }) {
  const [text, setText] = useState<string | null>();
  useEffect(() => {
    void getPageText(props.archiveId).then((value) => setText(value ?? null));
  }, [props.archiveId]);
  if (text === undefined) return <p>{t('libraryLoading')}</p>;
  if (!text) return <p class="viewer-empty">{t('viewerNoText')}</p>;
  return (
    <pre
      class="viewer-text viewer-scroller"
      tabIndex={0}
      role="region"
      aria-label={t('viewerTabText')}
    >
      {text}
    </pre>
  );
}
