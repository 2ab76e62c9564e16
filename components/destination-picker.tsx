import { useEffect, useState } from 'preact/hooks';
import type { FolderNode } from '../lib/ui/folder-tree';
import { flattenTree } from '../lib/ui/folder-tree';
import { t } from '../lib/i18n';
import { FolderOptions } from './folder-options';
import { PrivateSwitch } from './private-switch';

/** Folder and private flag of a capture; usable before and after it runs. */
export function DestinationPicker(props: {
  tree: FolderNode[];
  folderId?: string;
  isPrivate: boolean;
  onChange(change: { folderId?: string; isPrivate?: boolean }): void;
}) {
  // The first render shows only the chosen folder; every folder follows in the next task (or
  // at once when the field is focused). Hundreds of options otherwise delayed the popup.
  const [all, setAll] = useState(false);
  const rows = flattenTree(props.tree);
  // Timed from when the folders arrive (the tree is empty until it is read).
  useEffect(() => {
    if (all || rows.length <= 1) return;
    const timer = setTimeout(() => setAll(true), 0);
    return () => clearTimeout(timer);
  }, [all, rows.length > 1]);
  const shown = all ? rows : rows.filter(({ node }) => node.folder.id === props.folderId);
  return (
    <div class="destination">
      <label>
        {t('folderLabel')}
        <select
          value={props.folderId}
          onFocus={() => setAll(true)}
          onChange={(e) => props.onChange({ folderId: (e.target as HTMLSelectElement).value })}
        >
          <FolderOptions rows={shown} />
        </select>
      </label>
      <PrivateSwitch
        checked={props.isPrivate}
        onChange={(isPrivate) => props.onChange({ isPrivate })}
      />
    </div>
  );
}
