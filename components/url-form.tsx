import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';

/** "URL to archive" box: the same path as right-click "Archive link". */
export function UrlForm(props: { onSubmit(url: string): Promise<void> | void; busy?: boolean }) {
  const [url, setUrl] = useState('');
  return (
    <form
      class="url-form"
      onSubmit={async (event) => {
        event.preventDefault();
        await props.onSubmit(url);
        setUrl('');
      }}
    >
      <label for="url-to-archive">{t('urlLabel')}</label>
      <div class="row">
        <input
          id="url-to-archive"
          type="text"
          inputMode="url"
          autoComplete="off"
          placeholder="https://"
          value={url}
          onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={props.busy || !url.trim()}>
          {t('archiveButton')}
        </button>
      </div>
    </form>
  );
}
