import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';

/**
 * "URL to archive" box: the same path as right-click "Archive link". `onSubmit` resolves to
 * an error message when the URL cannot be archived; the box then keeps what was typed.
 */
export function UrlForm(props: {
  onSubmit(url: string): Promise<string | undefined | void> | string | undefined | void;
  busy?: boolean;
}) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string>();
  return (
    <form
      class="url-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const failure = await props.onSubmit(url.trim());
        if (failure) setError(failure);
        else setUrl('');
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
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'url-to-archive-error' : undefined}
          onInput={(e) => {
            setUrl((e.target as HTMLInputElement).value);
            setError(undefined);
          }}
        />
        <button type="submit" disabled={props.busy || !url.trim()}>
          {t('archiveButton')}
        </button>
      </div>
      {error && (
        <p id="url-to-archive-error" class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
