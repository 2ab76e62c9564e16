import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { t } from '../lib/i18n';

/**
 * One box that searches titles, URLs and page text across all folders. Typing waits a short
 * moment before searching so each keystroke does not start a query; Escape clears.
 */
export function SearchBox(props: {
  value: string;
  onSearch(query: string): void;
  delayMs?: number;
}) {
  const [text, setText] = useState(props.value);
  // In the commit itself, not a frame later: a plain effect could run after the next
  // keystroke and put the old query back over it (typing right after clearing lost it).
  useLayoutEffect(() => setText(props.value), [props.value]);
  useEffect(() => {
    if (text === props.value) return;
    const timer = setTimeout(() => props.onSearch(text), props.delayMs ?? 120);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <form
      role="search"
      class="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSearch(text);
      }}
    >
      <input
        type="search"
        aria-label={t('librarySearchLabel')}
        placeholder={t('librarySearchPlaceholder')}
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
            props.onSearch('');
          }
        }}
      />
    </form>
  );
}
