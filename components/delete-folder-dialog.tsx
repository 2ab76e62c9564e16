import { useState } from 'preact/hooks';
import type { DeleteFolderMode } from '../lib/messaging/protocol-library';
import { t, tCount } from '../lib/i18n';
import { Dialog } from './dialog';

/**
 * Confirms a folder delete. A folder that still holds archives or subfolders asks whether its
 * contents move up to `targetName` or are deleted with it; moving up is the safe default.
 */
export function DeleteFolderDialog(props: {
  folderName: string;
  /** Archives in the folder and all its subfolders. */
  archiveCount: number;
  subfolderCount: number;
  /** Where "move up" puts the contents (the parent folder). */
  targetName: string;
  onConfirm(mode: DeleteFolderMode): void;
  onCancel(): void;
}) {
  const [mode, setMode] = useState<DeleteFolderMode>('move-up');
  const empty = props.archiveCount === 0 && props.subfolderCount === 0;
  return (
    <Dialog title={t('libraryDeleteFolderTitle', [props.folderName])} onClose={props.onCancel}>
      <form
        class="dialog-body"
        onSubmit={(event) => {
          event.preventDefault();
          props.onConfirm(empty ? 'delete-all' : mode);
        }}
      >
        {empty ? (
          <p>{t('libraryDeleteFolderEmpty')}</p>
        ) : (
          <fieldset class="choice">
            <legend>
              {t('libraryDeleteFolderHolds', [
                tCount(props.archiveCount, 'libraryArchiveCount'),
                tCount(props.subfolderCount, 'librarySubfolderCount'),
              ])}
            </legend>
            <label>
              <input
                type="radio"
                name="delete-mode"
                value="move-up"
                checked={mode === 'move-up'}
                onChange={() => setMode('move-up')}
              />
              {t('libraryDeleteFolderMoveUp', [props.targetName])}
            </label>
            <label>
              <input
                type="radio"
                name="delete-mode"
                value="delete-contents"
                checked={mode === 'delete-all'}
                onChange={() => setMode('delete-all')}
              />
              {t('libraryDeleteFolderDeleteAll')}
            </label>
          </fieldset>
        )}
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('libraryCancel')}
          </button>
          <button type="submit" class="danger">
            {t('libraryDeleteFolderConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
