import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import { Dialog } from './dialog';

/**
 * Asks for a folder name. `validate` returns a message for a name that cannot be used (empty,
 * taken by a sibling); the dialog then stays open with what the user typed.
 */
export function NameDialog(props: {
  title: string;
  confirmLabel: string;
  initial?: string;
  validate(name: string): string | undefined;
  onSubmit(name: string): Promise<string | undefined> | string | undefined | void;
  onCancel(): void;
}) {
  const [name, setName] = useState(props.initial ?? '');
  const [error, setError] = useState<string>();
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <form
        class="dialog-body"
        onSubmit={async (event) => {
          event.preventDefault();
          const problem = props.validate(name);
          if (problem) return setError(problem);
          const failure = await props.onSubmit(name.trim());
          if (failure) setError(failure);
        }}
      >
        <label class="field">
          {t('libraryFolderNameLabel')}
          <input
            type="text"
            value={name}
            autoFocus
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'name-dialog-error' : undefined}
            onInput={(e) => {
              setName((e.target as HTMLInputElement).value);
              setError(undefined);
            }}
          />
        </label>
        {error && (
          <p id="name-dialog-error" class="field-error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('libraryCancel')}
          </button>
          <button type="submit">{props.confirmLabel}</button>
        </div>
      </form>
    </Dialog>
  );
}
