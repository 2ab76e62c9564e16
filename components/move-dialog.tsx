import { useState } from 'preact/hooks';
import type { FolderNode } from '../lib/ui/folder-tree';
import { flattenTree } from '../lib/ui/folder-tree';
import { t } from '../lib/i18n';
import { Dialog } from './dialog';

/** Value of the "top level" choice (folder ids are UUIDs, never empty). */
const TOP = '';

/**
 * The keyboard-reachable "Move to…" picker: a radio group of every folder, indented by depth
 * (arrow keys move between choices, Enter moves). Folders in `disabledIds` (a moved folder
 * itself and its descendants, or where the items already are) cannot be chosen. `topLevel`
 * adds a "Top level" choice, for folders; `onMove` then gets null.
 */
export function MoveDialog(props: {
  title: string;
  tree: FolderNode[];
  disabledIds: ReadonlySet<string>;
  topLevel?: boolean;
  onMove(folderId: string | null): void;
  onCancel(): void;
}) {
  const rows = flattenTree(props.tree);
  const [choice, setChoice] = useState<string | undefined>(
    props.topLevel
      ? TOP
      : rows.find((r) => !props.disabledIds.has(r.node.folder.id))?.node.folder.id,
  );
  return (
    <Dialog title={props.title} onClose={props.onCancel} class="move-dialog">
      <form
        class="dialog-body"
        onSubmit={(event) => {
          event.preventDefault();
          if (choice === TOP && props.topLevel) props.onMove(null);
          else if (choice && !props.disabledIds.has(choice)) props.onMove(choice);
        }}
      >
        <fieldset class="folder-choices">
          <legend>{t('libraryMoveDestination')}</legend>
          {props.topLevel && (
            <label class="folder-choice">
              <input
                type="radio"
                name="move-target"
                value={TOP}
                checked={choice === TOP}
                onChange={() => setChoice(TOP)}
              />
              {t('libraryTopLevel')}
            </label>
          )}
          {rows.map(({ node, depth }) => {
            const id = node.folder.id;
            const disabled = props.disabledIds.has(id);
            return (
              <label
                key={id}
                class={`folder-choice${disabled ? ' disabled' : ''}`}
                style={{ paddingInlineStart: `${depth * 16 + 4}px` }}
              >
                <input
                  type="radio"
                  name="move-target"
                  value={id}
                  disabled={disabled}
                  checked={choice === id}
                  onChange={() => setChoice(id)}
                />
                {node.folder.name}
              </label>
            );
          })}
        </fieldset>
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('libraryCancel')}
          </button>
          <button type="submit" disabled={choice === undefined}>
            {t('libraryMoveHere')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
