import { useState } from 'preact/hooks';
import type { ArchiveRow } from '../lib/db/entities';
import { t } from '../lib/i18n';
import { Dialog } from './dialog';

/**
 * Edits an archive's title and notes. Only the fields the user changed are sent, so a long
 * title a capture stored never blocks saving new notes. A failed save keeps the dialog and
 * what was typed.
 */
export function ArchiveEditDialog(props: {
  archive: ArchiveRow;
  onSave(edit: { title?: string; notes?: string }): Promise<string | undefined>;
  onCancel(): void;
}) {
  const [title, setTitle] = useState(props.archive.title);
  const [notes, setNotes] = useState(props.archive.notes);
  const [error, setError] = useState<string>();
  return (
    <Dialog title={t('libraryEditTitle')} onClose={props.onCancel}>
      <form
        class="dialog-body"
        onSubmit={async (event) => {
          event.preventDefault();
          const edit: { title?: string; notes?: string } = {};
          if (title.trim() !== props.archive.title.trim()) edit.title = title.trim();
          if (notes !== props.archive.notes) edit.notes = notes;
          const failure = await props.onSave(edit);
          if (failure) setError(failure);
        }}
      >
        <label class="field">
          {t('libraryTitleLabel')}
          <input
            type="text"
            value={title}
            placeholder={props.archive.url}
            autoFocus
            onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          {t('libraryNotesLabel')}
          <textarea
            rows={4}
            value={notes}
            onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('libraryCancel')}
          </button>
          <button type="submit">{t('librarySave')}</button>
        </div>
      </form>
    </Dialog>
  );
}
